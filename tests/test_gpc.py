"""Global Privacy Control: /.well-known/gpc.json read from a real local HTTP server."""

from __future__ import annotations

import pytest

from contractlens.assess.gpc import check_gpc, gpc_url, parse_gpc_json
from contractlens.errors import InputError
from tests.support.localserver import LocalServer, Response


@pytest.mark.parametrize("body,status,gpc", [
    ('{"gpc": true, "lastUpdate": "2024-03-01"}', "supported", True),
    ('{"gpc": false}', "not supported", False),
    ('{"gpc": "true"}', "unknown", None),
    ('{"gpc": 1}', "unknown", None),
    ('{"lastUpdate": "2024-03-01"}', "unknown", None),
    ("[true]", "unknown", None),
    ("gpc: true", "unknown", None),
    ("", "unknown", None),
    (b"\xff\xfe{", "unknown", None),
])
def test_parse_gpc_json_accepts_only_a_boolean_member(body, status, gpc):
    result = parse_gpc_json(body, "https://shop.test/.well-known/gpc.json")
    assert (result["status"], result["gpc"]) == (status, gpc)
    assert result["url"] == "https://shop.test/.well-known/gpc.json" and result["detail"]


def test_last_update_is_kept_only_when_it_is_an_iso_date():
    assert parse_gpc_json('{"gpc": true, "lastUpdate": "2024-03-01"}')["lastUpdate"] == "2024-03-01"
    odd = parse_gpc_json('{"gpc": true, "lastUpdate": "last spring"}')
    assert odd["lastUpdate"] is None and odd["status"] == "supported" and "not an ISO date" in odd["detail"]
    assert parse_gpc_json('{"gpc": true}')["lastUpdate"] is None


def test_gpc_url_is_at_the_origin():
    assert gpc_url("https://www.shop.test/legal/privacy?x=1#top") == "https://www.shop.test/.well-known/gpc.json"
    assert gpc_url("http://127.0.0.1:8080/terms") == "http://127.0.0.1:8080/.well-known/gpc.json"
    with pytest.raises(InputError, match="not an http"):
        gpc_url("ftp://shop.test/terms")


@pytest.fixture(scope="module")
def shared_server():
    with LocalServer() as server:  # one server for the module: each shutdown costs ~0.5 s
        yield server


@pytest.fixture
def local_server(shared_server):
    shared_server.routes.clear()
    shared_server.requests.clear()
    return shared_server


@pytest.fixture
def fetcher():
    from contractlens.fetch import Fetcher  # a broken import fails these tests; it never skips them

    return Fetcher(allow_private=True)


JSON = "application/json"


@pytest.mark.parametrize("route,status,gpc", [
    (Response(200, '{"gpc": true, "lastUpdate": "2025-01-15"}', content_type=JSON), "supported", True),
    (Response(200, '{"gpc": false}', content_type=JSON), "not supported", False),
    (Response(200, '{"gpc": "true"}', content_type=JSON), "unknown", None),
    (Response(200, "<html><body>Welcome!</body></html>"), "unknown", None),
    (None, "missing", None),
])
def test_check_gpc_over_http(local_server, fetcher, route, status, gpc):
    if route is not None:
        local_server.routes["/.well-known/gpc.json"] = route
    result = check_gpc(local_server.url("/legal/privacy"), fetcher)
    assert (result["status"], result["gpc"]) == (status, gpc)
    assert result["url"].endswith("/.well-known/gpc.json")
    assert ("GET", "/.well-known/gpc.json") in [(m, p) for m, p, _ in local_server.requests]


def test_check_gpc_follows_a_redirect(local_server, fetcher):
    local_server.routes["/.well-known/gpc.json"] = Response(
        301, "", headers={"Location": local_server.url("/static/gpc.json")})
    local_server.routes["/static/gpc.json"] = Response(200, '{"gpc": true}', content_type=JSON)
    result = check_gpc(local_server.url("/privacy"), fetcher)
    assert result["status"] == "supported" and result["url"].endswith("/static/gpc.json")


def test_check_gpc_robots_disallow_is_unknown(local_server, fetcher):
    local_server.routes["/robots.txt"] = Response(200, "User-agent: *\nDisallow: /.well-known/\n",
                                                  content_type="text/plain")
    local_server.routes["/.well-known/gpc.json"] = Response(200, '{"gpc": true}', content_type=JSON)
    result = check_gpc(local_server.url("/privacy"), fetcher)
    assert result["status"] == "unknown" and result["gpc"] is None
    assert "robots" in result["detail"]


def test_check_gpc_server_error_is_unknown_not_a_crash(local_server, fetcher):
    local_server.routes["/.well-known/gpc.json"] = Response(403, "forbidden")
    result = check_gpc(local_server.url("/privacy"), fetcher)
    assert result["status"] == "unknown" and result["gpc"] is None and result["detail"]
