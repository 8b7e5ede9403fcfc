"""A small shop served from 127.0.0.1 for the server and extension tests.

Home page with footer links to its terms (the project's example terms, graded E) and privacy
policy, a sign-up form whose "I agree" checkbox links to them, a checkout form whose "Place
order" button accepts the terms (and a search form that asks nothing), a French terms page that
contractlens cannot grade. Every page also points at `elsewhere` (another loopback host), so a
test can show that checking the shop never contacts it.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.localserver import Response

ROOT = Path(__file__).resolve().parents[2]
TERMS = ROOT / "corpora" / "examples" / "acme-terms.html"
PRIVACY = ROOT / "tests" / "fixtures" / "extract" / "privacy.md"
FRENCH = ROOT / "tests" / "fixtures" / "languages" / "terms-fr.html"


def _page(title: str, body: str, elsewhere: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<link rel='stylesheet' href='{elsewhere}/style.css'><script src='{elsewhere}/tracker.js'></script></head>"
            f"<body><main>{body}<img src='{elsewhere}/pixel.gif' alt=''></main>"
            "<footer><a href='/terms'>Terms of Service</a> · <a href='/privacy'>Privacy Policy</a> · "
            f"<a href='{elsewhere}/partner'>Our partner</a></footer></body></html>")


SIGNUP = """<h1>Create your Acme account</h1>
<form id="signup" action="/welcome" method="get">
<p><label for="email">E-mail</label> <input id="email" name="email" type="email"></p>
<p><label><input id="agree" type="checkbox" name="agree"> I agree to the <a href="/terms">Terms of Service</a>
and the <a href="/privacy">Privacy Policy</a></label></p>
<p><button type="submit">Create account</button></p>
</form>"""


CHECKOUT = """<h1>Your basket</h1>
<form id="checkout" action="/paid" method="get">
<p>By placing your order you accept our <a href="/terms">terms</a>.</p>
<p><input id="place-order" type="submit" value="Place order"></p>
</form>
<form id="search" action="/search"><input name="q"> <button type="submit">Search</button></form>"""


def shop_routes(elsewhere: str) -> dict:
    return {
        "/": Response(200, _page("Acme Cloud", "<h1>Acme Cloud</h1><p>Notes in the cloud.</p>"
                                               "<p><a href='/signup'>Sign up</a></p>", elsewhere)),
        "/signup": Response(200, _page("Sign up — Acme Cloud", SIGNUP, elsewhere)),
        "/checkout": Response(200, _page("Checkout — Acme Cloud", CHECKOUT, elsewhere)),
        "/terms": Response(200, TERMS.read_bytes()),
        "/privacy": Response(200, PRIVACY.read_bytes(), content_type="text/markdown; charset=utf-8"),
        "/cgu": Response(200, FRENCH.read_bytes()),
        "/robots.txt": Response(200, "User-agent: *\nAllow: /\n", content_type="text/plain"),
    }
