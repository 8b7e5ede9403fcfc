"""Fetching against a real HTTP server on 127.0.0.1: safety checks, limits, retries,
robots.txt, charsets, caching and the wall-page diagnosis (DESIGN §5)."""

from __future__ import annotations

import gzip
import shutil
import socket
import ssl
import subprocess
import time

import pytest
import requests

from contractlens.errors import FetchError
from contractlens.fetch import DEFAULT_USER_AGENT, Fetcher, FetchResult, diagnose_page, fetch
from contractlens.fetching.addresses import AddressRefused, address_kind
from contractlens.charset import detect_charset
from tests.support.localserver import LocalServer, Response

TERMS_SENTENCES = [
    "These terms govern your use of the Example service and form a contract between you and us.",
    "We may change these terms at any time by posting a revised version on this page.",
    "You may close your account whenever you like and we will delete your profile within thirty days.",
    "Any dispute will be settled by the courts of the place where you live.",
]


def terms_page(words: int = 400, extra: str = "") -> str:
    """A made-up terms page with at least `words` words of visible text."""
    paragraphs, count = [], 0
    while count < words:
        sentence = TERMS_SENTENCES[len(paragraphs) % len(TERMS_SENTENCES)]
        paragraphs.append(f"<p>{sentence}</p>")
        count += len(sentence.split())
    return f"<!doctype html><html><head><title>Terms</title></head><body>{extra}<h1>Terms of Service</h1>" \
           f"{''.join(paragraphs)}</body></html>"


def local_fetcher(**options) -> Fetcher:
    """A Fetcher allowed to reach 127.0.0.1, with small limits so failing tests stay fast."""
    settings = dict(allow_private=True, retries=0, backoff=0.01, connect_timeout=2.0, read_timeout=2.0)
    settings.update(options)
    return Fetcher(**settings)


def page_requests(server: LocalServer) -> list[str]:
    return [path for _, path, _ in server.requests if path != "/robots.txt"]


def raw_route(head: bytes, body: bytes):
    """A route that writes a hand-made HTTP response (e.g. without Content-Length) and closes."""

    def route(handler):
        try:
            handler.wfile.write(head + body)
            handler.connection.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the client stopped reading early, as it should
        handler.close_connection = True
        return Response(200, "")  # the server's own write then fails on the closed socket

    return route


# --- a good page ----------------------------------------------------------------------


def test_good_page_fields_and_headers(local_server):
    local_server.routes["/terms"] = Response(body=terms_page(), headers={"ETag": '"abc"'})
    fetcher = local_fetcher(accept_language="de-DE,de;q=0.9")
    result = fetcher.fetch(local_server.url("/terms"))
    assert isinstance(result, FetchResult)
    assert (result.status, result.media_type, result.charset) == (200, "text/html", "utf-8")
    assert result.final_url == result.url == local_server.url("/terms")
    assert result.headers["etag"] == '"abc"' and "content-type" in result.headers
    assert result.redirects == [] and result.not_modified is False
    assert "Terms of Service" in result.text()
    assert result.fetched_at.endswith("Z") and result.fetched_at[:2] == "20"
    raw = result.to_raw()
    assert (raw.source, raw.final_url, raw.data, raw.media_type) == (
        result.url, result.final_url, result.content, "text/html")
    sent = dict(local_server.requests[-1][2])
    assert sent["User-Agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("contractlens/") and "terms-of-service reader" in DEFAULT_USER_AGENT
    assert sent["Accept-Language"] == "de-DE,de;q=0.9"


def test_a_remembering_fetcher_asks_once_per_page_and_a_plain_one_every_time(local_server):
    local_server.routes["/terms"] = Response(body=terms_page())
    url = local_server.url("/terms")
    remembering = local_fetcher(remember=True)
    first, again = remembering.fetch(url), remembering.fetch(url)
    assert again is first and page_requests(local_server) == ["/terms"]
    remembering.fetch(url, etag='"v1"')  # a conditional fetch asks the server what changed
    plain = local_fetcher()
    plain.fetch(url), plain.fetch(url)
    assert page_requests(local_server) == ["/terms"] * 4


def test_convenience_fetch_passes_options(local_server):
    local_server.routes["/terms"] = Response(body=terms_page())
    result = fetch(local_server.url("/terms"), allow_private=True, check_robots=False, retries=0)
    assert result.status == 200 and "/robots.txt" not in [p for _, p, _ in local_server.requests]


def test_gzip_body_is_decoded(local_server):
    html = terms_page()
    local_server.routes["/terms"] = Response(body=gzip.compress(html.encode()), headers={"Content-Encoding": "gzip"})
    assert local_fetcher().fetch(local_server.url("/terms")).text() == html


# --- redirects ------------------------------------------------------------------------


def test_redirect_chain_is_followed_and_recorded(local_server):
    local_server.routes["/old"] = Response(301, headers={"Location": "/middle"})
    local_server.routes["/middle"] = Response(302, headers={"Location": local_server.url("/new")})
    local_server.routes["/new"] = Response(307, headers={"Location": "terms"})
    local_server.routes["/terms"] = Response(body=terms_page())
    result = local_fetcher().fetch(local_server.url("/old"))
    assert result.final_url == local_server.url("/terms")
    assert result.redirects == [local_server.url(p) for p in ("/old", "/middle", "/new")]
    assert page_requests(local_server) == ["/old", "/middle", "/new", "/terms"]


def test_too_many_redirects(local_server):
    local_server.routes["/loop"] = Response(302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match=r"too many redirects: .*/loop still redirected after 5 hops"):
        local_fetcher().fetch(local_server.url("/loop"))
    assert len(page_requests(local_server)) == 6  # the first request and five redirects


def test_redirect_without_location(local_server):
    local_server.routes["/r"] = Response(302)
    with pytest.raises(FetchError, match=r"HTTP 302 Found without a Location header for http://127"):
        local_fetcher().fetch(local_server.url("/r"))


# --- refused targets ------------------------------------------------------------------


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "not file://"),
    ("ftp://example.com/terms.txt", "not ftp://"),
    ("javascript:alert(1)", "not javascript://"),
    ("example.com/terms", "not no scheme"),
])
def test_non_http_schemes_are_refused(url, reason):
    with pytest.raises(FetchError, match="only http:// and https:// URLs can be fetched") as info:
        Fetcher().fetch(url)
    assert reason in str(info.value) and url in str(info.value)


def test_private_targets_are_refused_without_a_request(local_server):
    local_server.routes["/terms"] = Response(body=terms_page())
    port = local_server.url().rsplit(":", 1)[1].rstrip("/")
    cases = {
        local_server.url("/terms"): "127.0.0.1 is a loopback address",
        f"http://localhost:{port}/terms": "localhost resolves to 127.0.0.1, a loopback address",
        "http://169.254.169.254/latest/meta-data/": "169.254.169.254 is a link-local address",
        "http://10.0.0.5/terms": "10.0.0.5 is a private address",
        "http://[::1]/terms": "::1 is a loopback address",
    }
    fetcher = Fetcher(connect_timeout=1.0)
    for url, reason in cases.items():
        with pytest.raises(FetchError) as info:
            fetcher.fetch(url)
        assert str(info.value) == f"refused {url}: {reason} (use --allow-private to allow)"
    assert local_server.requests == []


@pytest.mark.parametrize("address, kind", [
    ("10.1.2.3", "a private address"), ("172.16.0.1", "a private address"),
    ("192.168.1.1", "a private address"), ("127.0.0.2", "a loopback address"),
    ("169.254.169.254", "a link-local address"), ("224.0.0.1", "a multicast address"),
    ("0.0.0.0", "an unspecified address"), ("240.0.0.1", "a reserved address"),
    ("100.64.0.1", "a non-public address"), ("::1", "a loopback address"),
    ("fe80::1%eth0", "a link-local address"), ("::ffff:127.0.0.1", "a loopback address"),
    ("fd00::1", "a private address"), ("8.8.8.8", None), ("2606:4700:4700::1111", None),
])
def test_address_kinds(address, kind):
    assert address_kind(address) == kind


def test_redirect_hops_are_checked_before_connecting(local_server):
    """Only the first server is allowed; redirects to other private targets are refused unvisited."""
    with LocalServer() as other:
        other.routes["/secret"] = Response(body="internal")
        local_server.routes["/to-other"] = Response(302, headers={"Location": other.url("/secret")})
        local_server.routes["/to-metadata"] = Response(302, headers={"Location": "http://169.254.169.254/latest/"})
        local_server.routes["/to-ten"] = Response(303, headers={"Location": "http://10.0.0.5/admin"})
        local_server.routes["/to-file"] = Response(302, headers={"Location": "file:///etc/passwd"})
        fetcher = Fetcher(connect_timeout=1.0, retries=0)
        fetcher._allowed_hosts.add(local_server.url().split("//", 1)[1].rstrip("/"))
        expected = {
            "/to-other": "refused http://127.0.0.1:.*/secret: 127.0.0.1 is a loopback address",
            "/to-metadata": "refused http://169.254.169.254/latest/: 169.254.169.254 is a link-local",
            "/to-ten": "refused http://10.0.0.5/admin: 10.0.0.5 is a private address",
            "/to-file": "refused file:///etc/passwd: only http:// and https://",
        }
        start = time.monotonic()
        for path, message in expected.items():
            with pytest.raises(FetchError, match=message):
                fetcher.fetch(local_server.url(path))
        assert time.monotonic() - start < 1.0  # no connection attempt to 10.x / 169.254.x
        assert other.requests == []
        assert page_requests(local_server) == list(expected)


def test_connections_are_pinned_to_checked_addresses(local_server):
    """The session's own connections refuse a private address even when the pre-check is skipped."""
    local_server.routes["/terms"] = Response(body=terms_page())
    with pytest.raises(AddressRefused, match="127.0.0.1 is a loopback address"):
        Fetcher().session.get(local_server.url("/terms"), timeout=2)
    assert local_server.requests == []


def _self_signed_cert(directory) -> tuple[str, str]:
    """A throw-away certificate for "localhost", made with the openssl command."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    done = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"openssl could not make a test certificate: {done.stderr.decode()[-200:]}")
    return str(cert), str(key)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https_through_pinned_connection_still_verifies_the_host_name(tmp_path):
    """Pinning connects to the checked address, yet TLS still checks the certificate's name."""
    cert, key = _self_signed_cert(tmp_path)
    with LocalServer() as server:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server._server.socket = context.wrap_socket(server._server.socket, server_side=True)
        server.routes["/terms"] = Response(body=terms_page())
        port = server.base_url.rsplit(":", 1)[1]
        fetcher = local_fetcher(respect_robots=False)
        fetcher.session.verify = cert
        result = fetcher.fetch(f"https://localhost:{port}/terms")
        assert result.status == 200 and "Terms of Service" in result.text()
        with pytest.raises(FetchError, match=rf"TLS/SSL error for https://127.0.0.1:{port}/terms"):
            fetcher.fetch(f"https://127.0.0.1:{port}/terms")  # the certificate names localhost only


# --- size and time limits -------------------------------------------------------------


def test_huge_content_length_is_refused_up_front(local_server):
    local_server.routes["/huge"] = Response(body="<p>tiny</p>", headers={"Content-Length": str(10 * 1024**3)})
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"refused http://.*/huge: it declares 10 GB \(Content-Length\), "
                                         r"more than the 10 MB limit"):
        local_fetcher().fetch(local_server.url("/huge"))
    assert time.monotonic() - start < 1.5


def test_body_without_length_stops_at_max_bytes(local_server):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
    local_server.routes["/endless"] = raw_route(head, b"<p>" + b"x" * 300_000)
    with pytest.raises(FetchError, match=r"stopped reading http://.*/endless after 64 KB"):
        local_fetcher(max_bytes=64 * 1024).fetch(local_server.url("/endless"))


def test_body_without_length_within_limit_is_read(local_server):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n"
    page = terms_page().encode()
    local_server.routes["/page"] = raw_route(head, page)
    assert local_fetcher().fetch(local_server.url("/page")).content == page


def test_decompression_bomb_stops_at_max_bytes(local_server):
    bomb = gzip.compress(b"<p>" + b" " * 2_000_000)
    local_server.routes["/bomb"] = Response(body=bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < 64 * 1024
    with pytest.raises(FetchError, match="stopped reading .* after 64 KB"):
        local_fetcher(max_bytes=64 * 1024).fetch(local_server.url("/bomb"))


def test_slow_answer_times_out(local_server):
    local_server.routes["/slow"] = Response(body=terms_page(), delay=1.5)
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.3 s reading http://127.0.0.1:\d+/slow"):
        local_fetcher(read_timeout=0.3, respect_robots=False).fetch(local_server.url("/slow"))
    assert time.monotonic() - start < 1.2


def test_trickling_body_hits_the_total_deadline(local_server):
    """Each 1 KiB arrives well within the read timeout, but the whole would take 3 s."""
    local_server.routes["/trickle"] = Response(body="x" * 30 * 1024, chunks_delay=0.1)
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"gave up on http://.*/trickle after 0.6 s \(the total time limit"):
        local_fetcher(read_timeout=1.0, total_timeout=0.6, respect_robots=False).fetch(local_server.url("/trickle"))
    assert time.monotonic() - start < 1.5


def test_connection_refused_names_the_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(FetchError, match=rf"could not connect to http://127.0.0.1:{port}/x \(connection refused\)"):
            local_fetcher(respect_robots=False).fetch(f"http://127.0.0.1:{port}/x")


def test_dropped_connections_are_retried_with_backoff():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/x"
        start = time.monotonic()
        with pytest.raises(FetchError, match="could not connect"):
            local_fetcher(respect_robots=False, retries=2, backoff=0.1).fetch(url)
        assert time.monotonic() - start >= 0.1 + 0.2  # waited backoff, then twice backoff


# --- HTTP errors and retries ------------------------------------------------------------


def test_404_is_an_error_with_status_and_url(local_server):
    with pytest.raises(FetchError, match=r"^HTTP 404 Not Found for http://127.0.0.1:\d+/missing$") as info:
        local_fetcher().fetch(local_server.url("/missing"))
    assert info.value.status == 404


def test_error_page_is_read_only_far_enough_to_diagnose(local_server):
    local_server.routes["/gone"] = Response(410, "<p>gone</p>" * 100_000)
    with pytest.raises(FetchError, match=r"^HTTP 410 Gone for http://.*/gone$"):
        local_fetcher(max_bytes=64 * 1024).fetch(local_server.url("/gone"))


def test_500_then_200_is_retried(local_server):
    answers = iter([Response(500, "<p>oops</p>"), Response(body=terms_page())])
    local_server.routes["/flaky"] = lambda handler: next(answers)
    result = local_fetcher(retries=2).fetch(local_server.url("/flaky"))
    assert result.status == 200 and page_requests(local_server) == ["/flaky", "/flaky"]


def test_persistent_503_gives_up_after_retries(local_server):
    local_server.routes["/down"] = Response(503, "<p>maintenance</p>")
    with pytest.raises(FetchError, match=r"HTTP 503 Service Unavailable for http://.*/down"):
        local_fetcher(retries=2).fetch(local_server.url("/down"))
    assert page_requests(local_server) == ["/down"] * 3


def test_429_retry_after_is_honoured(local_server):
    answers = iter([Response(429, "<p>slow down</p>", headers={"Retry-After": "1"}), Response(body=terms_page())])
    local_server.routes["/busy"] = lambda handler: next(answers)
    start = time.monotonic()
    result = local_fetcher(retries=1).fetch(local_server.url("/busy"))
    assert result.status == 200 and time.monotonic() - start >= 0.95


def test_429_with_a_long_retry_after_fails_at_once(local_server):
    local_server.routes["/busy"] = Response(429, "<p>slow down</p>", headers={"Retry-After": "3600"})
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"HTTP 429 Too Many Requests for .*/busy \(the server asks to retry "
                                         r"after 3600 s\)"):
        local_fetcher(retries=3).fetch(local_server.url("/busy"))
    assert time.monotonic() - start < 1.0 and page_requests(local_server) == ["/busy"]


# --- robots.txt -------------------------------------------------------------------------


def _robots(server: LocalServer, body: str = "", status: int = 200):
    server.routes["/robots.txt"] = Response(status, body, content_type="text/plain")
    server.routes["/terms"] = Response(body=terms_page())
    server.routes["/privacy"] = Response(body=terms_page())


def test_robots_disallow_and_overrides(local_server):
    _robots(local_server, "User-agent: *\nDisallow: /private\n\nUser-agent: contractlens\nDisallow: /terms\n")
    host = local_server.url().split("//", 1)[1].rstrip("/")
    fetcher = local_fetcher()
    with pytest.raises(FetchError) as info:
        fetcher.fetch(local_server.url("/terms"))
    assert str(info.value) == (f"robots.txt of {host} disallows /terms for contractlens "
                               "(use --ignore-robots to override)")
    assert fetcher.fetch(local_server.url("/privacy")).status == 200
    assert fetcher.fetch(local_server.url("/terms"), check_robots=False).status == 200
    assert local_fetcher(respect_robots=False).fetch(local_server.url("/terms")).status == 200
    robots_reads = [p for _, p, _ in local_server.requests if p == "/robots.txt"]
    assert robots_reads == ["/robots.txt"]  # read once per host, then cached
    assert page_requests(local_server) == ["/privacy", "/terms", "/terms"]


@pytest.mark.parametrize("status, allowed", [(401, True), (403, True), (404, True), (500, False), (503, False)])
def test_robots_status_policy(local_server, status, allowed):
    _robots(local_server, "User-agent: *\nDisallow: /\n", status=status)
    fetcher = local_fetcher()
    if allowed:
        assert fetcher.fetch(local_server.url("/terms")).status == 200
    else:
        with pytest.raises(FetchError, match=r"robots.txt of .* is unreachable \(server error\)"):
            fetcher.fetch(local_server.url("/terms"))


def test_robots_also_guards_redirect_targets(local_server):
    _robots(local_server, "User-agent: *\nDisallow: /terms\n")
    local_server.routes["/legal"] = Response(302, headers={"Location": "/terms"})
    with pytest.raises(FetchError, match="disallows /terms"):
        local_fetcher().fetch(local_server.url("/legal"))
    assert page_requests(local_server) == ["/legal"]


# --- charsets ---------------------------------------------------------------------------

FRENCH = ("Nous pouvons résilier votre compte à tout moment. Les données sont conservées pendant "
          "une durée limitée, conformément à la réglementation européenne. Vous gardez la propriété "
          "de vos créations ; nous ne les vendons pas à des tiers. Pour toute réclamation, écrivez-nous. ") * 3


def _serve_bytes(server: LocalServer, body: bytes, content_type: str) -> FetchResult:
    server.routes["/doc"] = Response(body=body, content_type=content_type)
    return local_fetcher(respect_robots=False).fetch(server.url("/doc"), diagnose=False)


def test_header_latin1_but_body_utf8_with_meta(local_server):
    html = f'<html><head><meta charset="utf-8"></head><body><p>{FRENCH}</p></body></html>'
    result = _serve_bytes(local_server, html.encode("utf-8"), "text/html; charset=ISO-8859-1")
    assert result.charset == "utf-8" and "résilier" in result.text() and "Ã" not in result.text()


def test_windows_1252_page_without_any_declaration(local_server):
    html = f"<html><body><p>{FRENCH} Prix : 10 € – « offre » </p></body></html>"
    result = _serve_bytes(local_server, html.encode("cp1252"), "text/html")
    assert "résilier" in result.text() and "créations" in result.text()
    assert result.text().encode(result.charset) == html.encode("cp1252")


def test_latin1_header_with_latin1_body(local_server):
    html = f"<html><body><p>{FRENCH}</p></body></html>"
    result = _serve_bytes(local_server, html.encode("latin-1"), "text/html; charset=iso-8859-1")
    assert result.charset == "cp1252" and "réglementation" in result.text()


def test_meta_http_equiv_charset_without_header(local_server):
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
            f"</head><body><p>{FRENCH} 5 €</p></body></html>")
    result = _serve_bytes(local_server, html.encode("iso-8859-15"), "text/html")
    assert result.charset == "iso8859-15" and "5 €" in result.text()


def test_utf16_bom_without_header(local_server):
    html = f"<html><body><p>{FRENCH}</p></body></html>"
    result = _serve_bytes(local_server, html.encode("utf-16"), "text/html")
    assert result.charset.startswith("utf-16") and result.text() == html


def test_unknown_header_charset_falls_back(local_server):
    html = f"<html><body><p>{FRENCH}</p></body></html>"
    result = _serve_bytes(local_server, html.encode("utf-8"), "text/html; charset=x-no-such-charset")
    assert result.charset == "utf-8" and result.text() == html


def test_non_text_media_has_no_charset():
    assert detect_charset(b"%PDF-1.7 ...", None, "application/pdf") is None
    assert detect_charset("plain café".encode("utf-8"), None, None) == "utf-8"


# --- wall pages -------------------------------------------------------------------------

CHALLENGE = ("<html><head><title>Just a moment...</title></head><body><div id='challenge-platform'>"
             "Checking your browser before accessing the site. Please wait.</div></body></html>")
JS_APP = ("<html><head><script src='/static/app.js'></script></head><body>"
          "<noscript>You need to enable JavaScript to run this app.</noscript><div id='root'></div></body></html>")
COOKIE_WALL = ("<html><body><div id='cookie-consent' class='cmp-dialog'><h2>We value your privacy</h2>"
               "<p>We and our partners use cookies to store and access information on your device.</p>"
               "<button>Accept all</button><button>Reject all</button>"
               "<a href='#'>Manage preferences</a></div></body></html>")
LOGIN_FORM = ("<html><body><h1>Sign in</h1><form action='/session'><label>Email</label><input name='email'>"
              "<label>Password</label><input type='password' name='pw'><button>Log in</button></form>"
              "</body></html>")


def test_bot_wall_is_reported_without_retrying(local_server):
    local_server.routes["/terms"] = Response(503, CHALLENGE)
    with pytest.raises(FetchError, match=r"/terms answered with a bot wall \(a challenge or CAPTCHA page, HTTP 503\)"):
        local_fetcher(retries=3).fetch(local_server.url("/terms"))
    assert page_requests(local_server) == ["/terms"]


def test_login_walls(local_server):
    local_server.routes["/account-terms"] = Response(401, "<p>Unauthorized</p>")
    local_server.routes["/members/terms"] = Response(302, headers={"Location": "/login?next=/members/terms"})
    local_server.routes["/login"] = Response(body=LOGIN_FORM)
    local_server.routes["/form"] = Response(body=LOGIN_FORM)
    fetcher = local_fetcher()
    with pytest.raises(FetchError, match=r"/account-terms requires a login \(HTTP 401 Unauthorized\)"):
        fetcher.fetch(local_server.url("/account-terms"))
    with pytest.raises(FetchError, match=r"/login\?next=/members/terms is a login page .*\(redirected there "
                                         r"from http://.*/members/terms\)"):
        fetcher.fetch(local_server.url("/members/terms"))
    with pytest.raises(FetchError, match=r"/form shows a login form instead of the document"):
        fetcher.fetch(local_server.url("/form"))


def test_javascript_only_page(local_server):
    local_server.routes["/terms"] = Response(body=JS_APP)
    with pytest.raises(FetchError, match=r"/terms shows its text only after running JavaScript"):
        local_fetcher().fetch(local_server.url("/terms"))


def test_cookie_wall(local_server):
    local_server.routes["/terms"] = Response(body=COOKIE_WALL)
    with pytest.raises(FetchError, match=r"/terms shows only a cookie consent dialog \(a cookie wall\)"):
        local_fetcher().fetch(local_server.url("/terms"))


def test_wall_pages_can_be_returned_on_request(local_server):
    local_server.routes["/terms"] = Response(body=COOKIE_WALL)
    result = local_fetcher().fetch(local_server.url("/terms"), diagnose=False)
    assert "Accept all" in result.text()


def test_real_pages_with_banners_and_scripts_are_not_walls():
    banner = COOKIE_WALL.replace("<html><body>", "").replace("</body></html>", "")
    page = terms_page(extra=banner + "<noscript>Please enable JavaScript for the menu.</noscript><div id='root'></div>"
                      "<form><input type='password'></form>")
    assert diagnose_page(page, 200, "https://example.com/terms") is None
    assert diagnose_page(terms_page(), 503, "https://example.com/terms") is None
    assert diagnose_page("", 200, "https://example.com/terms") is None
    assert diagnose_page(terms_page(), 200, "https://accounts.example.com/terms") is None
    assert diagnose_page(terms_page(), 200, "https://example.com/legal/signin-terms") is None
    assert diagnose_page(terms_page(), 200, "https://example.com/login-help/terms") is None


@pytest.mark.parametrize("html, status, url, expected", [
    (CHALLENGE, 403, "https://shop.example/terms", "bot wall"),
    ("<title>Attention Required! | Cloudflare</title><p>Sorry, you have been blocked</p>", 403,
     "https://shop.example/terms", "bot wall"),
    (CHALLENGE, 200, "https://shop.example/terms", "bot wall"),
    ("<p>Unauthorized</p>", 401, "https://shop.example/terms", "requires a login"),
    ("<h1>Welcome back</h1><p>Continue with your account</p>", 200,
     "https://shop.example/signin?continue=terms", "is a login page"),
    ("<p>Please wait while we redirect you.</p>", 200, "https://login.shop.example/", "is a login page"),
    ("<div class='banner'>Cookies help us deliver our services. By clicking Accept all you consent to our use "
     "of cookies. Manage preferences</div>", 200, "https://shop.example/terms", "cookie wall"),
    (LOGIN_FORM, 200, "https://shop.example/terms", "login form"),
    (terms_page(extra=LOGIN_FORM[12:-14]), 200, "https://shop.example/account/login", "is a login page"),
    (JS_APP, 200, "https://shop.example/terms", "JavaScript"),
    ("<body><div id='__next'></div><script>self.__next_f=[]</script></body>", 200, "https://x.example/t", "JavaScript"),
    (COOKIE_WALL, 200, "https://shop.example/terms", "cookie wall"),
])
def test_diagnose_page_names_the_obstacle(html, status, url, expected):
    message = diagnose_page(html, status, url)
    assert message is not None and expected in message and url in message


# --- conditional requests, cache, rate limit ------------------------------------------


def _versioned(server: LocalServer, etag: str = '"v1"'):
    def route(handler):
        if handler.headers.get("If-None-Match") == etag:
            return Response(304, headers={"ETag": etag})
        return Response(body=terms_page(), headers={"ETag": etag, "Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT"})

    server.routes["/terms"] = route


def test_conditional_request_returns_not_modified(local_server):
    _versioned(local_server)
    fetcher = local_fetcher()
    first = fetcher.fetch(local_server.url("/terms"))
    second = fetcher.fetch(local_server.url("/terms"), etag=first.headers["etag"],
                           last_modified=first.headers["last-modified"])
    assert first.not_modified is False and first.content
    assert second.not_modified is True and second.status == 304 and second.content == b""
    sent = local_server.requests[-1][2]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"].startswith("Mon, 02 Nov 2026")
    other = fetcher.fetch(local_server.url("/terms"), etag='"v0"')
    assert other.not_modified is False and other.status == 200


def test_disk_cache_revalidates_and_reuses_the_body(local_server, tmp_path):
    _versioned(local_server)
    first = local_fetcher(cache_dir=tmp_path).fetch(local_server.url("/terms"))
    assert (tmp_path / "fetch-cache.sqlite3").is_file()
    second = local_fetcher(cache_dir=tmp_path).fetch(local_server.url("/terms"))  # a new process, same cache
    assert local_server.requests[-1][2]["If-None-Match"] == '"v1"'
    assert second.from_cache and second.not_modified and second.status == 200
    assert second.content == first.content and second.text() == first.text()


def test_per_host_rate_limit(local_server):
    local_server.routes["/terms"] = Response(body=terms_page())
    fetcher = local_fetcher(min_interval=0.3, respect_robots=False)
    fetcher.fetch(local_server.url("/terms"))
    start = time.monotonic()
    fetcher.fetch(local_server.url("/terms"))
    assert time.monotonic() - start >= 0.28


def test_session_does_not_use_environment_proxies(monkeypatch, local_server):
    """A proxy from the environment would connect on our behalf, past the address checks."""
    monkeypatch.setenv("HTTP_PROXY", "http://10.0.0.5:3128")
    local_server.routes["/terms"] = Response(body=terms_page())
    assert local_fetcher(respect_robots=False).fetch(local_server.url("/terms")).status == 200
    assert isinstance(local_fetcher().session, requests.Session)
