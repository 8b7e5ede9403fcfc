"""`contractlens serve`'s JSON API on a real uvicorn server, checking a shop served from 127.0.0.1."""

from __future__ import annotations

import pytest

from contractlens.check import check_target
from tests.support.consent_site import shop_routes
from tests.support.localserver import LocalServer, Response
from tests.support.serve import ServeThread
from tests.support.stable import stable


@pytest.fixture(scope="module")
def elsewhere():
    """Another loopback host the shop's pages point at: nothing may ever contact it."""
    with LocalServer(host="127.0.0.2") as server:
        yield server


@pytest.fixture(scope="module")
def shop(elsewhere):
    with LocalServer() as server:
        server.routes.update(shop_routes(elsewhere.base_url))
        yield server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ServeThread(tmp_path_factory.mktemp("home")) as running:
        yield running


def host(shop) -> str:
    return shop.base_url.removeprefix("http://")


def test_check_answers_the_json_of_check_format_json(server, shop):
    response = server.api("POST", "/api/check", json={"target": shop.url("/terms"), "terms": ["fair-contract"]})
    assert response.status_code == 200, response.text
    expected = check_target(shop.url("/terms"), terms=("fair-contract",), allow_private=True).to_dict()
    assert stable(response.json()) == stable(expected)
    assert response.json()["analyses"][0]["grade"]["letter"] == "E"
    check_id = response.headers["X-Contractlens-Check"]
    assert response.headers["Link"] == f"</report/{check_id}>; rel=\"report\""


def test_a_domain_is_discovered_and_a_repeat_comes_from_the_store(server, shop):
    first = server.api("POST", "/api/check", json={"target": host(shop), "terms": ["nostalking"]})
    assert first.status_code == 200, first.text
    sources = sorted(a["document"]["source"] for a in first.json()["analyses"])
    assert sources == [shop.url("/privacy"), shop.url("/terms")]
    again = server.api("POST", "/api/check", json={"target": host(shop), "terms": ["nostalking"]})
    assert again.headers["X-Contractlens-Analysed"] == "0"  # same URLs, same bytes, same terms
    assert stable(again.json()) == stable(first.json())


def test_a_changed_page_is_read_again(server):
    version = {"text": "We may terminate your account at any time without notice. " * 3}

    def terms_page(_handler):
        rules = "".join(f"<h2>{n}. Rules</h2><p>{version['text']} You agree to binding arbitration of every dispute "
                        "arising from these terms of service.</p>" for n in range(1, 6))
        return Response(200, f"<html><body><h1>Terms of Service</h1>{rules}</body></html>")

    with LocalServer({"/terms": terms_page}) as site:
        target = {"target": site.url("/terms")}
        assert server.api("POST", "/api/check", json=target).headers["X-Contractlens-Analysed"] == "1"
        assert server.api("POST", "/api/check", json=target).headers["X-Contractlens-Analysed"] == "0"
        version["text"] = "We will give you 30 days notice before we close an account. " * 3
        changed = server.api("POST", "/api/check", json=target)
        assert changed.headers["X-Contractlens-Analysed"] == "1"
        assert "30 days notice" in changed.json()["analyses"][0]["document"]["text"]


def test_site_gives_the_latest_stored_check_or_404(server, shop):
    server.api("POST", "/api/check", json={"target": shop.url("/terms"), "terms": ["fair-contract"]})
    answer = server.api("GET", f"/api/site/{host(shop)}")
    assert answer.status_code == 200
    data = answer.json()
    assert data["site"] == host(shop) and data["report"] == f"/report/{data['check_id']}"
    summary = data["summary"]
    assert summary["grade"] == "E" and summary["drivers"]
    assert any(t["term_id"] == "my-courts" for t in summary["violated_terms"])
    assert summary["flagged"] and all(f["quote"] for f in summary["flagged"])
    assert data["result"]["analyses"][0]["document"]["source"] == shop.url("/terms")
    missing = server.api("GET", "/api/site/never-checked.example")
    assert missing.status_code == 404 and "never checked" in missing.json()["error"]


def test_a_page_contractlens_cannot_read_has_no_grade_only_its_reason(server, shop):
    response = server.api("POST", "/api/check", json={"target": shop.url("/cgu")})
    assert response.status_code == 200
    assert response.json()["analyses"][0]["grade"] is None
    summary = server.api("GET", f"/api/site/{host(shop)}").json()["summary"]
    assert summary["grade"] is None
    assert summary["grade_note"].startswith("Not graded: contractlens does not read French")


def test_history_lists_checks_newest_first_with_grade_and_date(server, shop):
    server.api("POST", "/api/check", json={"target": shop.url("/terms")})
    checks = server.api("GET", "/api/history").json()["checks"]
    assert checks[0]["target"] == shop.url("/terms") and checks[0]["grade"] == "E"
    assert checks[0]["checked_at"][:2] == "20" and checks[0]["report"].startswith("/report/")
    ids = [c["check_id"] for c in checks]
    assert ids == sorted(ids, reverse=True)


def test_a_job_shows_each_step_then_its_report(server, shop):
    started = server.api("POST", "/api/jobs", json={"target": host(shop), "terms": ["minimal-data"]})
    assert started.status_code == 202
    job = server.wait_for_job(started.json()["job_id"])
    assert job["state"] == "done", job
    stages = [s["stage"] for s in job["steps"]]
    assert stages[0] == "discover" and "fetch" in stages and stages[-1] == "done"
    assert set(stages) & {"analyse", "stored"}
    assert job["report"] == f"/report/{job['check_id']}"
    assert server.api("GET", "/api/jobs/nope").status_code == 404


def test_a_job_for_a_bad_target_is_refused_at_once(server):
    response = server.api("POST", "/api/jobs", json={"target": "/etc/passwd"})
    assert response.status_code == 400 and "is not a URL or a domain" in response.json()["error"]


def test_a_failed_job_says_why(server):
    started = server.api("POST", "/api/jobs", json={"target": "http://127.0.0.1:9/terms"})
    job = server.wait_for_job(started.json()["job_id"])
    assert job["state"] == "failed" and job["error"]


def test_upload_checks_a_document(server):
    from tests.support.consent_site import TERMS

    with TERMS.open("rb") as handle:
        response = server.api("POST", "/api/upload", files={"file": ("acme.html", handle, "text/html")},
                              data={"terms": "gpc"})
    assert response.status_code == 200, response.text
    analysis = response.json()["analyses"][0]
    assert analysis["grade"]["letter"] == "E" and {v["profile"] for v in analysis["verdicts"]} == {"gpc"}


@pytest.mark.parametrize("body, message", [
    ({"target": "not a target at all"}, "is not a URL or a domain"),
    ({"target": "/etc/passwd"}, "is not a URL or a domain"),
    ({"target": "example.com", "terms": ["../../etc/passwd"]}, "unknown terms profile"),
    ({"target": "example.com", "terms": "nostalking"}, "terms must be a list"),
    ({}, "give a target"),
])
def test_bad_requests_are_one_line_400(server, body, message):
    response = server.api("POST", "/api/check", json=body)
    assert response.status_code == 400 and message in response.json()["error"]


def test_a_body_that_is_not_json_is_400(server):
    response = server.api("POST", "/api/check", data=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"] == "the request body is not JSON"


def test_the_openapi_document_lists_every_api_route(server):
    document = server.api("GET", "/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    routes = {route.path.replace(":path", "") for route in server.app.app.routes if route.path.startswith("/api/")}
    assert routes == set(document["paths"])


def test_the_store_is_a_sqlite_file_under_the_home(server, shop):
    import sqlite3

    server.api("POST", "/api/check", json={"target": shop.url("/terms")})
    with sqlite3.connect(server.config.home / "serve.sqlite") as conn:
        keys = conn.execute("SELECT url, content_hash FROM analyses").fetchall()
    from contractlens.acquire import content_hash
    from tests.support.consent_site import TERMS

    assert (shop.url("/terms"), content_hash(TERMS.read_bytes())) in keys


def test_robots_txt_is_respected(server):
    from tests.support.consent_site import TERMS

    routes = {"/robots.txt": Response(200, "User-agent: *\nDisallow: /\n", content_type="text/plain"),
              "/terms": Response(200, TERMS.read_bytes())}
    with LocalServer(routes) as site:
        response = server.api("POST", "/api/check", json={"target": site.url("/terms")})
        assert response.status_code == 400 and "disallows /terms" in response.json()["error"]
        assert [path for _, path, _ in site.requests] == ["/robots.txt"]


@pytest.mark.parametrize("target, site", [
    ("https://www.Example.com/terms?x=1", "example.com"),  # the same cases as siteOf in extension/test
    ("http://127.0.0.1:8000/signup", "127.0.0.1:8000"),
    ("example.com", "example.com"),
    ("www.example.com.", "example.com"),
])
def test_sites_are_named_as_the_extension_names_them(target, site):
    from contractlens.serve.store import site_of

    assert site_of(target) == site
