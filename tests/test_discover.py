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
    ],
)
def test_finds_each_document_type(site_server, fetcher, site, terms, privacy, cookies):
    found = _best(site_server, site, fetcher)
    assert _path(found["terms"]) == terms
    assert _path(found["privacy"]) == privacy
    assert (found["cookies"] and _path(found["cookies"])) == cookies
    assert found["terms"].reasons and found["privacy"].reasons


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


def test_cli_discover_not_found_exits_2(site_server):
    domain = serve_site(site_server, "js_only")
    result = CliRunner().invoke(main, ["discover", domain, "--allow-private"])
    assert result.exit_code == 2
    assert "could not find" in result.output and "Traceback" not in result.output
