"""Discovery of legal documents on small sites served from 127.0.0.1 (tests/fixtures/sites)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from contractlens import discover as disc
from contractlens.cli import main
from contractlens.errors import FetchError
from tests.support.localserver import Response

SITES = Path(__file__).parent / "fixtures" / "sites"


class _CatchAll(dict):
    """Routes where unknown paths fall back to the "*" route (a site that never says 404)."""

    def get(self, key, default=None):
        return super().get(key) or super().get("*", default)


def serve_site(server, name: str) -> str:
    """Put fixture site `name` on the local server; return its host:port (a "domain")."""
    site = SITES / name
    routes = _CatchAll()
    for path, spec in json.loads((site / "routes.json").read_text()).items():
        if isinstance(spec, dict):
            routes[path] = Response(302, "", headers={"Location": spec["redirect"]})
        else:
            routes[path] = Response(200, (site / spec).read_bytes())
    server.routes = routes
    server.requests.clear()
    return server.base_url.removeprefix("http://")


@pytest.fixture(scope="module")
def site_server():
    """One server for the module (each stop costs 0.5 s); every test replaces its routes."""
    from tests.support.localserver import LocalServer

    with LocalServer() as server:
        yield server


@pytest.fixture
def fetcher():
    from contractlens.fetch import Fetcher

    return Fetcher(allow_private=True, retries=0)


def _best(server, site, fetcher):
    domain = serve_site(server, site)
    return disc.find_documents(domain, fetcher=fetcher)


def _path(candidate) -> str:
    return urlsplit(candidate.url).path


@pytest.mark.parametrize(
    "site, terms, privacy, cookies",
    [
        ("footer_en", "/legal/terms-of-service", "/legal/privacy-policy", "/legal/cookies"),
        ("legal_hub", "/legal/terms-of-use", "/legal/privacy-notice", "/legal/cookie-notice"),
        ("german", "/agb", "/datenschutz", None),
        ("french", "/cgu", "/confidentialite", None),
        ("polish", "/strona/12", "/strona/13", None),
        ("italian", "/p/termini", "/p/informativa", "/p/cookie"),
        ("spanish", "/terminos-y-condiciones", "/politica-de-privacidad", None),
        ("nofollow", "/help/user-agreement", "/help/privacy-statement", None),
        ("redirects", "/tos", "/en/privacy", None),
        ("paths_only", "/terms-of-use", "/privacy-policy", None),
        ("hub_and_404", "/legal/user-agreement", "/legal/how-we-handle-your-data", None),
    ],
)
def test_finds_each_document_type(site_server, fetcher, site, terms, privacy, cookies):
    domain = serve_site(site_server, site)
    ranked = disc.discover(domain, fetcher=fetcher)
    found = disc.best_per_type(ranked)
    assert _path(found["terms"]) == terms
    assert _path(found["privacy"]) == privacy
    assert (found["cookies"] and _path(found["cookies"])) == cookies
    assert found["terms"].reasons and found["privacy"].reasons
    # every page proposed was loaded, and it is what it is proposed as
    for candidate in ranked:
        assert any(f"detector reads as a {candidate.doc_type} document" in r for r in candidate.reasons), candidate
        assert fetcher.fetch(candidate.url).status == 200


def test_a_link_that_fails_is_dropped_and_the_hub_data_notice_is_the_privacy_policy(site_server, fetcher):
    """Footer: "Legal" -> hub with "User Agreement" and "How we handle your data"; "Confidentialité" -> 404."""
    domain = serve_site(site_server, "hub_and_404")
    found = disc.discover_site(domain, fetcher=fetcher)
    assert not any(_path(c) == "/confidentialite" for c in found.candidates)
    best = disc.best_per_type(found.candidates)
    privacy = best["privacy"]
    assert _path(privacy) == "/legal/how-we-handle-your-data"
    assert any("listed on the legal page" in r and "How we handle your data" in r for r in privacy.reasons)
    assert any("reads as a privacy document" in r for r in privacy.reasons)
    [dropped] = found.dropped
    assert _path(dropped) == "/confidentialite" and "404" in dropped.reasons[-1]
    assert disc.best_document(domain, fetcher=fetcher, doc_type="privacy").url == privacy.url


def test_a_page_is_proposed_as_what_it_is_not_what_its_link_says(local_server, fetcher):
    terms_page = (SITES / "footer_en" / "terms.html").read_bytes()
    privacy_page = (SITES / "footer_en" / "privacy.html").read_bytes()
    local_server.routes["/"] = Response(200, b'<html><body><main><p>Shop</p></main><footer>'
                                             b'<a href="/privacy">Privacy</a> <a href="/data">Terms of Use</a>'
                                             b'<a href="/about">Terms</a></footer></body></html>')
    local_server.routes["/privacy"] = Response(200, terms_page)  # mislabelled: it is the terms
    local_server.routes["/data"] = Response(200, privacy_page)  # mislabelled: it is the privacy policy
    local_server.routes["/about"] = Response(200, b"<html><body><main><h1>About us</h1><p>We bake bread.</p></main></body></html>")
    found = disc.discover_site(local_server.base_url.removeprefix("http://"), fetcher=fetcher)
    best = disc.best_per_type(found.candidates)
    assert _path(best["terms"]) == "/privacy" and _path(best["privacy"]) == "/data"
    assert any("its link suggested a privacy document, but the page is a terms document" in r
               for r in best["terms"].reasons)
    assert {_path(c) for c in found.candidates} == {"/privacy", "/data"}  # "About us" is no legal text


def test_verification_fetches_politely(site_server, fetcher):
    """The candidate pages are fetched under the same rules: robots.txt decides, and the page is dropped."""
    domain = serve_site(site_server, "footer_en")
    site_server.routes["/robots.txt"] = Response(200, b"User-agent: *\nDisallow: /legal/privacy-policy\n",
                                                 content_type="text/plain")
    found = disc.discover_site(domain, fetcher=fetcher)
    assert not any(c.doc_type == "privacy" for c in found.candidates)
    assert any(_path(c) == "/legal/privacy-policy" and "robots.txt" in c.reasons[-1] for c in found.dropped)
    assert ("GET", "/legal/privacy-policy") not in {(m, p) for m, p, _ in site_server.requests}


def test_footer_link_beats_body_link_and_reasons_say_why(site_server, fetcher):
    domain = serve_site(site_server, "footer_en")
    ranked = disc.discover(domain, fetcher=fetcher)
    terms = [c for c in ranked if c.doc_type == "terms"]
    assert terms[0].url.endswith("/legal/terms-of-service")
    assert any("footer" in r for r in terms[0].reasons)
    decoy = [c for c in terms if "blog" in c.url]
    assert not decoy or decoy[0].score < terms[0].score
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


def test_impressum_is_not_taken_for_terms(site_server, fetcher):
    ranked = disc.discover(serve_site(site_server, "german"), fetcher=fetcher)
    assert not any(c.url.endswith("/impressum") and c.doc_type == "terms" for c in ranked)


def test_legal_hub_is_followed_one_level(site_server, fetcher):
    found = _best(site_server, "legal_hub", fetcher)
    assert any("legal page" in r for r in found["terms"].reasons)


def test_paths_probed_only_when_links_fail(site_server, fetcher):
    serve_site(site_server, "footer_en")
    disc.find_documents(site_server.base_url + "/", fetcher=fetcher)
    probed = {path for _, path, _ in site_server.requests}
    assert "/terms" not in probed and "/privacy" not in probed

    found = _best(site_server, "paths_only", fetcher)
    assert any("common path" in r for r in found["terms"].reasons)


def test_privacy_only_site(site_server, fetcher):
    domain = serve_site(site_server, "privacy_only")
    found = disc.find_documents(domain, fetcher=fetcher)
    assert found["terms"] is None
    assert found["privacy"].url.endswith("/privacy")
    assert disc.best_document(domain, fetcher=fetcher).doc_type == "privacy"
    with pytest.raises(FetchError, match="could not find a terms document"):
        disc.best_document(domain, fetcher=fetcher, doc_type="terms")


def test_javascript_only_links_give_a_clear_answer(site_server, fetcher):
    domain = serve_site(site_server, "js_only")
    with pytest.raises(FetchError) as caught:
        disc.best_document(domain, fetcher=fetcher)
    message = str(caught.value)
    assert message.startswith(f"could not find a terms of service or privacy policy on {domain}")
    assert "JavaScript" in message and "Terms of Service" in message


def test_cookie_wall_gives_a_clear_answer(site_server, fetcher):
    domain = serve_site(site_server, "cookie_wall")
    with pytest.raises(FetchError, match="(?i)cookie"):
        disc.find_documents(domain, fetcher=fetcher)


def test_soft_404_site_is_not_mistaken_for_documents(site_server, fetcher):
    domain = serve_site(site_server, "soft_404")
    with pytest.raises(FetchError, match="tried .*common terms paths"):
        disc.find_documents(domain, fetcher=fetcher)


def test_unreachable_home_page(fetcher):
    with pytest.raises(FetchError, match="could not fetch the home page"):
        disc.discover("127.0.0.1:9", fetcher=fetcher)


def test_bad_targets_are_input_errors():
    from contractlens.errors import InputError

    for target in ("", "ftp://example.com/", "not a domain/with spaces"):
        with pytest.raises(InputError):
            disc.home_urls(target)


def test_link_scoring_languages():
    home = "https://shop.example/"
    cases = {
        "Nutzungsbedingungen": "terms", "Regulamin": "terms", "Términos de uso": "terms",
        "Condizioni d'uso": "terms", "Datenschutz": "privacy", "Prywatność": "privacy",
        "Privacidad": "privacy", "Confidentialité": "privacy", "Polityka cookies": "cookies",
    }
    for text, doc_type in cases.items():
        link = disc._Link("https://shop.example/x", text, True, "", False)
        best = max(disc.score_link(link, home), key=lambda c: c.score)
        assert best.doc_type == doc_type and best.score >= disc.MIN_SCORE, text


def test_cli_discover_text_and_json(site_server):
    domain = serve_site(site_server, "german")
    runner = CliRunner()
    result = runner.invoke(main, ["discover", domain, "--allow-private", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["best"]["terms"]["url"].endswith("/agb")
    assert all({"url", "doc_type", "score", "reasons"} <= set(c) for c in data["candidates"])

    result = runner.invoke(main, ["discover", domain, "--allow-private"])
    assert result.exit_code == 0
    assert "/datenschutz" in result.output and "footer" in result.output


def test_cli_discover_shows_what_was_verified_and_dropped(site_server):
    domain = serve_site(site_server, "hub_and_404")
    runner = CliRunner()
    result = runner.invoke(main, ["discover", domain, "--allow-private"])
    assert result.exit_code == 0, result.output
    assert f"privacy  http://{domain}/legal/how-we-handle-your-data" in result.output
    assert "detector reads as a privacy document" in result.output
    dropped = result.output.split("dropped (linked")[1]
    assert "/confidentialite" in dropped and "404" in dropped
    data = json.loads(runner.invoke(main, ["discover", domain, "--allow-private", "--format", "json"]).stdout)
    assert [urlsplit(c["url"]).path for c in data["dropped"]] == ["/confidentialite"]


def test_check_and_track_a_domain_use_the_verified_pages(site_server, tmp_path):
    domain = serve_site(site_server, "hub_and_404")
    result = CliRunner().invoke(main, ["check", domain, "--allow-private", "--format", "json"])
    assert result.exit_code == 0, result.output
    analysed = {a["document"]["source"]: a["document"]["doc_type"] for a in json.loads(result.stdout)["analyses"]}
    assert analysed == {f"http://{domain}/legal/user-agreement": "terms",
                        f"http://{domain}/legal/how-we-handle-your-data": "privacy"}
    db = str(tmp_path / "track.sqlite")
    result = CliRunner().invoke(main, ["track", "add", domain, "--doc-type", "privacy", "--allow-private",
                                       "--db", db, "--name", "tidewater"])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(main, ["track", "list", "--db", db])
    assert "/legal/how-we-handle-your-data" in listed.output


def test_cli_discover_not_found_exits_2(site_server):
    domain = serve_site(site_server, "js_only")
    result = CliRunner().invoke(main, ["discover", domain, "--allow-private"])
    assert result.exit_code == 2
    assert "could not find" in result.output and "Traceback" not in result.output
