"""Every refusal of `contractlens serve`, with its status code: any web page can reach 127.0.0.1."""

from __future__ import annotations

import http.client
import os
import stat

import pytest
import requests

from contractlens.serve.config import load_or_create_token
from tests.support.consent_site import shop_routes
from tests.support.localserver import LocalServer, Response
from tests.support.serve import ServeThread


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ServeThread(tmp_path_factory.mktemp("home")) as running:
        yield running


def raw_get(server, path: str, headers: dict) -> requests.Response:
    """A request with exactly these headers (requests adds nothing that matters here)."""
    return requests.get(server.base_url + path, headers=headers, timeout=30, allow_redirects=False)


def test_the_token_file_is_created_once_with_mode_0600(tmp_path):
    path = tmp_path / "home" / "serve-token"
    token = load_or_create_token(path)
    assert len(token) >= 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_token(path) == token  # the same on every start
    path.chmod(0o644)
    assert load_or_create_token(path) == token and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_new_home_directory_is_private(tmp_path):
    home = tmp_path / "new" / "home"
    with ServeThread(home) as server:
        assert server.api("GET", "/api/history").status_code == 200
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700


@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_api_without_the_right_bearer_token_is_401(server, token):
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    response = raw_get(server, "/api/history", headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "token" in response.json()["error"]


def test_the_token_must_be_a_bearer_token(server):
    response = raw_get(server, "/api/history", {"Authorization": f"Basic {server.token}"})
    assert response.status_code == 401
    assert raw_get(server, "/api/history", {"Authorization": f"Bearer {server.token}"}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example:{port}", "attacker.test", "127.0.0.1:1", "127.0.0.1", "[::1]:{port}"])
def test_a_host_header_other_than_the_loopback_name_and_port_is_400(server, host):
    """DNS rebinding: a page from evil.example that resolves to 127.0.0.1 still sends its own Host."""
    headers = {"Host": host.format(port=server.config.port), "Authorization": f"Bearer {server.token}"}
    assert raw_get(server, "/api/history", headers).status_code == 400
    assert raw_get(server, "/", {"Host": headers["Host"]}).status_code == 400


def test_localhost_with_the_port_is_accepted(server):
    headers = {"Host": f"localhost:{server.config.port}", "Authorization": f"Bearer {server.token}"}
    assert raw_get(server, "/api/history", headers).status_code == 200


def test_a_web_page_origin_is_refused_403_and_granted_no_cors(server):
    headers = {"Origin": "https://evil.example", "Authorization": f"Bearer {server.token}"}
    response = raw_get(server, "/api/history", headers)
    assert response.status_code == 403 and "access-control-allow-origin" not in response.headers
    preflight = requests.options(server.base_url + "/api/check", timeout=30, headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code == 403 and "access-control-allow-origin" not in preflight.headers


def test_only_the_extension_origin_is_granted_cors(server):
    origin = "chrome-extension://pblfkbjpidcfdpgmjgjdcegopionealp"
    preflight = requests.options(server.base_url + "/api/check", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == origin
    assert "authorization" in preflight.headers["access-control-allow-headers"]
    answer = raw_get(server, "/api/history", {"Origin": origin, "Authorization": f"Bearer {server.token}"})
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == origin
    unpaired = raw_get(server, "/api/history", {"Origin": origin})
    assert unpaired.status_code == 401  # CORS is no substitute for the token
    same_origin = raw_get(server, "/api/history", {"Origin": server.base_url, "Authorization": f"Bearer {server.token}"})
    assert same_origin.status_code == 200 and "access-control-allow-origin" not in same_origin.headers


def test_a_pinned_extension_origin_excludes_every_other(tmp_path):
    mine = "moz-extension://3b7d8d4e-6f4a-4c1e-9a53-5d7e8f0a1b2c"
    with ServeThread(tmp_path, extension_origins=(mine,)) as server:
        token = {"Authorization": f"Bearer {server.token}"}
        assert raw_get(server, "/api/history", {"Origin": mine, **token}).status_code == 200
        other = raw_get(server, "/api/history", {"Origin": "chrome-extension://abcdefghijklmnop", **token})
        assert other.status_code == 403


def test_a_body_over_the_upload_limit_is_413(tmp_path):
    with ServeThread(tmp_path, max_upload=4096) as server:
        big = server.api("POST", "/api/upload", files={"file": ("big.txt", b"x" * 10_000, "text/plain")})
        assert big.status_code == 413 and "4096" in big.json()["error"]
        page = requests.post(server.base_url + "/profiles", files={"file": ("p.yaml", b"a" * 10_000)}, timeout=30)
        assert page.status_code == 413
        small = server.api("POST", "/api/upload", files={"file": ("small.txt", b"", "text/plain")})
        assert small.status_code == 400 and "empty" in small.json()["error"]


def test_a_body_without_a_length_is_411(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.config.port, timeout=30)
    conn.putrequest("POST", "/api/check", skip_host=True)
    conn.putheader("Host", f"127.0.0.1:{server.config.port}")
    conn.putheader("Authorization", f"Bearer {server.token}")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    conn.send(b"2\r\n{}\r\n0\r\n\r\n")
    assert conn.getresponse().status == 411
    conn.close()


def test_a_client_over_its_rate_is_429_with_retry_after(tmp_path):
    with ServeThread(tmp_path, rate_limit=0.05, rate_burst=5) as server:  # one more every 20 s
        statuses = [server.api("GET", "/api/history").status_code for _ in range(7)]
        assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
        refused = server.api("GET", "/api/history")
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1


def test_pages_need_the_session_the_printed_address_opens(server):
    assert raw_get(server, "/", {}).status_code == 401
    assert raw_get(server, "/history", {"Cookie": "contractlens_session=guess"}).status_code == 401
    assert raw_get(server, "/?token=wrong", {}).status_code == 401
    opened = raw_get(server, f"/history?token={server.token}", {})
    assert opened.status_code == 303 and opened.headers["Location"] == "/history"
    cookie = opened.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and server.token not in cookie
    page = raw_get(server, "/history", {"Cookie": cookie.split(";")[0]})
    assert page.status_code == 200
    assert page.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_a_form_posted_from_another_site_is_403(server):
    opened = raw_get(server, f"/?token={server.token}", {})
    cookie = opened.headers["Set-Cookie"].split(";")[0]
    response = requests.post(server.base_url + "/check", data={"target": "example.com"}, timeout=30,
                             headers={"Cookie": cookie, "Origin": "https://evil.example"}, allow_redirects=False)
    assert response.status_code == 403


def test_private_addresses_are_refused_unless_allowed(tmp_path):
    with LocalServer() as shop, ServeThread(tmp_path, allow_private=False) as server:
        shop.routes.update(shop_routes("http://127.0.0.2:9"))
        response = server.api("POST", "/api/check", json={"target": shop.url("/terms")})
        assert response.status_code == 400 and "--allow-private" in response.json()["error"]
        assert shop.requests == []


def test_the_server_contacts_no_host_but_the_one_being_checked(tmp_path):
    """The shop's pages load a stylesheet, a script and a pixel from another host and link to it: never fetched."""
    with LocalServer(host="127.0.0.2") as elsewhere, LocalServer() as shop, ServeThread(tmp_path) as server:
        shop.routes.update(shop_routes(elsewhere.base_url))
        shop_host = shop.base_url.removeprefix("http://")
        assert server.api("POST", "/api/check", json={"target": shop_host, "terms": ["gpc"]}).status_code == 200
        assert server.api("POST", "/api/check", json={"target": shop.url("/signup")}).status_code in (200, 400)
        job = server.api("POST", "/api/jobs", json={"target": shop.url("/terms"), "terms": ["nostalking"]}).json()
        assert server.wait_for_job(job["job_id"])["state"] == "done"
        assert server.api("GET", f"/api/site/{shop_host}").status_code == 200
        assert elsewhere.requests == []
        assert shop.requests  # the shop itself was read


def test_a_redirect_to_another_host_is_refused(tmp_path):
    with LocalServer(host="127.0.0.2") as elsewhere, LocalServer() as shop, ServeThread(tmp_path) as server:
        shop.routes.update(shop_routes(elsewhere.base_url))
        shop.routes["/away"] = Response(302, "", headers={"Location": elsewhere.url("/terms")})
        response = server.api("POST", "/api/check", json={"target": shop.url("/away")})
        assert response.status_code == 400
        assert response.json()["error"] == (f"refused {elsewhere.url('/terms')}: 127.0.0.2 is not part of 127.0.0.1, "
                                             "the site being checked")
        assert elsewhere.requests == []


@pytest.mark.browser
def test_a_rendered_page_contacts_no_other_host_either(tmp_path):
    """A script shell rendered in headless Chromium: its script and pixel from another host are never fetched."""
    import json

    from tests.support.script_site import static_and_shell
    from tests.test_render import HAS_CHROMIUM

    if not HAS_CHROMIUM:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    _, shell, body = static_and_shell()
    with LocalServer(host="127.0.0.2") as elsewhere, LocalServer() as shop, ServeThread(tmp_path) as server:
        shop.routes["/app"] = Response(200, shell.replace(
            "<body>", f"<body><img src='{elsewhere.url('/pixel.gif')}'><script src='{elsewhere.url('/t.js')}'></script>"))
        shop.routes["/content.json"] = Response(200, json.dumps({"body": body}), content_type="application/json")
        response = server.api("POST", "/api/check", json={"target": shop.url("/app")})
        assert response.status_code == 200, response.text
        assert response.json()["analyses"][0]["document"]["rendered"] is True
        assert elsewhere.requests == []
