"""Why a fetched page holds no readable legal text: bot wall, login wall, JS-only, cookie wall.

`diagnose` looks at what the server sent (status, final URL, HTML) and returns the obstacle
(its kind and one sentence naming it), or None; `diagnose_page` returns the sentence alone. The page-content tests only fire on pages with
little visible text, so a real terms page (thousands of words) is never mistaken for one.
The fetcher raises FetchError with the sentence (ScriptShell, carrying the page, for a page
drawn by JavaScript, which `--render auto` renders instead); the extract stage can call it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from ..errors import InputError
from ..page import Page, text_outside

BLOCKING_STATUSES = (403, 429, 503)
SHORT_PAGE_WORDS = 300  # a page with fewer visible words cannot be a legal document
JS_PAGE_WORDS = 80
CHALLENGE_PAGE_WORDS = 120
COOKIE_PAGE_WORDS = 150

_CHALLENGE = re.compile(
    r"just a moment\.\.\.|attention required|checking (?:if the site connection is secure|your browser)"
    r"|cf-browser-verification|cf-challenge|challenge-platform|cf_chl_|cf-turnstile|turnstile"
    r"|verify(?:ing)? (?:that )?you are (?:a )?human|are you a robot|not a robot|captcha"
    r"|_incapsula_resource|ddos protection by|ddos-guard|captcha-delivery|datadome|perimeterx"
    r"|request unsuccessful\. incapsula|access denied.{0,80}reference #|bot (?:detection|protection)",
    re.I | re.S,
)
_STRONG_CHALLENGE = re.compile(
    r"just a moment\.\.\.|checking (?:if the site connection is secure|your browser)|cf_chl_"
    r"|verify(?:ing)? (?:that )?you are (?:a )?human|are you a robot|captcha-delivery|px-captcha",
    re.I,
)
_LOGIN_PATH = re.compile(
    r"/(?:log-?in|sign-?in|signon|auth(?:enticate)?|sso|session/new|servicelogin|oauth2?/authorize)"
    r"(?=[/.;]|$)",
    re.I,
)
_LOGIN_HOST = re.compile(r"^(?:login|signin|auth|sso)\.", re.I)
_NEEDS_JS = re.compile(
    r"enable javascript|javascript (?:is )?(?:required|disabled|must be enabled)|turn on javascript"
    r"|requires javascript|need to enable javascript|activate javascript|javascript aktivieren"
    r"|abilita(?:re)? javascript|activez javascript|habilita javascript|włącz javascript",
    re.I,
)
_APP_ROOT_IDS = {"root", "app", "__next", "__nuxt", "___gatsby", "app-root", "main-app", "svelte", "q-app"}
_CONSENT_MARK = re.compile(
    r"cookie|consent|gdpr|\bcmp\b|onetrust|didomi|cookiebot|usercentrics|truste|qc-cmp|sp_message"
    r"|cookielaw|privacy-?banner|iubenda|klaro|borlabs",
    re.I,
)
_CONSENT_TEXT = re.compile(
    r"cookie|consent|accept all|reject all|allow all|manage (?:your )?(?:preferences|choices|settings)"
    r"|zustimm|einwillig|akzeptier|acconsent|accetta|acceptez|consentement|aceptar|consentimiento|zgod",
    re.I,
)
_HIDDEN_TAGS = ("script", "style", "noscript", "template", "svg", "head")
_HIDDEN_BLOCK = re.compile(r"<(script|style|noscript|template|svg|head)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_PASSWORD_INPUT = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password", re.I)
LONG_CHECK_CHARS = 200_000


@dataclass
class _Page:
    """The parts of a page the heuristics look at."""

    words: int
    text: str
    outside_consent_words: int
    consent_words: int
    has_password: bool
    noscript_text: str
    empty_app_root: bool
    scripts: int


@dataclass(frozen=True)
class Obstacle:
    """What stands between the reader and the document: `kind` is bot, login, script or cookie."""

    kind: str
    message: str


def diagnose_page(html: Page | str, status: int, final_url: str) -> str | None:
    """One sentence naming why `html` (served with `status` at `final_url`) is unreadable, or None."""
    obstacle = diagnose(html, status, final_url)
    return obstacle.message if obstacle else None


def diagnose(page: Page | str, status: int, final_url: str) -> Obstacle | None:
    """The obstacle `page` (served with `status` at `final_url`) shows instead of a document, if any.

    Only a page with little text is parsed (its shared tree, `page.Page`); a long one is told
    by a cheap count of its words.
    """
    page = Page.of(page)
    html = page.html
    head = html[:300_000]
    if status == 401:
        return Obstacle("login", f"{final_url} requires a login (HTTP 401 Unauthorized); contractlens can only "
                                 "read public pages")
    if status in BLOCKING_STATUSES and _CHALLENGE.search(head):
        return _bot_wall(final_url, status)
    if _clearly_long(html):  # a full document: only a login URL with a password box can still be a wall
        if is_login_url(final_url) and _PASSWORD_INPUT.search(html):
            return _login_page(final_url)
        return None
    seen = _inspect(page)
    if seen is None:
        return None
    if is_login_url(final_url) and (seen.has_password or seen.words < SHORT_PAGE_WORDS):
        return _login_page(final_url)
    if seen.words >= SHORT_PAGE_WORDS or _count(seen.noscript_text) >= SHORT_PAGE_WORDS:
        return None  # a long <noscript> is the document itself (the extractor reads it then)
    if seen.words < CHALLENGE_PAGE_WORDS and _STRONG_CHALLENGE.search(head):
        return _bot_wall(final_url, status)
    if seen.has_password:
        return Obstacle("login", f"{final_url} shows a login form instead of the document (a login wall); "
                                 "give the public URL of the document")
    needs_js = seen.empty_app_root or _NEEDS_JS.search(seen.noscript_text) or _NEEDS_JS.search(seen.text)
    if seen.words < JS_PAGE_WORDS and (needs_js or (seen.scripts and seen.words < 15)):
        return Obstacle("script", f"{final_url} shows its text only after running JavaScript (the page as served "
                                  f"has {seen.words} words); use --render auto to read it in headless Chromium, "
                                  "or save the page from a browser and check the saved file")
    consent_phrases = {m.lower() for m in _CONSENT_TEXT.findall(seen.text)}
    if (seen.consent_words and seen.outside_consent_words < 40 and consent_phrases) or (
        seen.words < COOKIE_PAGE_WORDS and len(consent_phrases) >= 3
    ):
        return Obstacle("cookie", f"{final_url} shows only a cookie consent dialog (a cookie wall) instead of the "
                                  "document; save the page from a browser after answering it and check the saved file")
    return None


def is_login_url(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_LOGIN_PATH.search(parts.path or "") or _LOGIN_HOST.match(parts.hostname or ""))


def _login_page(final_url: str) -> Obstacle:
    return Obstacle("login", f"{final_url} is a login page (the document is behind a login wall); "
                             "give the public URL of the document")


def _clearly_long(html: str) -> bool:
    """Cheap pre-check (no parsing): the page's start alone holds twice a short page's words."""
    head = _HIDDEN_BLOCK.sub(" ", html[:LONG_CHECK_CHARS])
    return len(_TAG.sub(" ", head).split()) >= 2 * SHORT_PAGE_WORDS


def _bot_wall(final_url: str, status: int) -> Obstacle:
    return Obstacle("bot", f"{final_url} answered with a bot wall (a challenge or CAPTCHA page, HTTP {status}) "
                           "instead of the document; contractlens does not solve challenges: save the page from a "
                           "browser and check the saved file")


def _count(text: str) -> int:
    return len(text.split())


def _inspect(page: Page) -> _Page | None:
    """What the heuristics look at, read from the page's shared tree (left as it is)."""
    try:
        root = page.root
    except InputError:
        return None
    has_password = bool(root.xpath("//input[translate(@type,'PASSWORD','password')='password']"))
    noscript_text = " ".join(n.text_content() for n in root.iter("noscript"))
    scripts = sum(1 for _ in root.iter("script"))
    empty_app_root = any(
        (el.get("id") or "").lower() in _APP_ROOT_IDS and not el.text_content().strip()
        for el in root.iter("div", "main", "app-root")
    ) or any(not el.text_content().strip() for el in root.iter("app-root"))
    text = " ".join(text_outside(root, _is_hidden).split())
    consent = _consent_containers(root)
    consent_words = sum(_count(text_outside(el, _is_hidden)) for el in consent)
    outside_consent = text_outside(root, lambda el: _is_hidden(el) or el in consent)
    return _Page(_count(text), text, _count(outside_consent), consent_words, has_password,
                 noscript_text, empty_app_root, scripts)


def _is_hidden(element) -> bool:
    return element.tag in _HIDDEN_TAGS


def _consent_containers(root) -> set:
    """Outermost visible elements whose id/class/label marks them as a cookie or consent dialog."""
    found: set = set()
    hidden = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "end":
            hidden -= hidden > 0
            continue
        if hidden or _is_hidden(el):
            hidden += 1
            continue
        if el.tag in ("html", "body"):
            continue
        marks = f"{el.get('id') or ''} {el.get('class') or ''} {el.get('aria-label') or ''}"
        if _CONSENT_MARK.search(marks) and not any(a in found for a in el.iterancestors()):
            found.add(el)
    return found
