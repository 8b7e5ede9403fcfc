"""One target, one analysis path: `check`, `scan` and `track` read the same URL the same way.

The page and its /.well-known/gpc.json come from a real server on 127.0.0.1; with the `gpc`
profile asserted, the GPC check is part of the analysis, so a path that skipped it (as the
tracker once did, analysing a ready Document) would give another verdict and grade.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from contractlens.cli import main
from contractlens.scan.worker import ScanSettings, analyze_task
from contractlens.track.store import TrackStore
from contractlens.track.tracker import add_service, check_service
from tests.support.localserver import LocalServer, Response
from tests.support.stable import stable

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Larkspur Terms of Service</title></head>
<body><main><h1>Larkspur Terms of Service</h1>
<h2>1. Your data</h2>
<p>We share information about your browsing with advertising partners to show you targeted ads.
You can opt out by emailing privacy@larkspur.example.</p>
<h2>2. Changes</h2>
<p>We may change these terms at any time without notice, and your continued use of the service
means that you accept the changed terms.</p>
<h2>3. Disputes</h2>
<p>Any dispute arising out of these terms shall be resolved by binding arbitration.</p>
</main></body></html>"""


def test_check_scan_and_track_give_the_same_analysis_under_gpc(tmp_path):
    with LocalServer() as server:
        server.routes["/terms"] = Response(200, PAGE)
        server.routes["/.well-known/gpc.json"] = Response(200, '{"gpc": false}', content_type="application/json")
        url = server.url("/terms")

        checked = CliRunner().invoke(main, ["check", url, "--allow-private", "--terms", "gpc", "--format", "json"])
        assert checked.exit_code in (0, 1), checked.output
        by_check = json.loads(checked.output)["analyses"][0]

        scanned = analyze_task({"source": url, "kind": "url", "service": "larkspur"},
                               ScanSettings(terms=("gpc",), allow_private=True))
        assert scanned["status"] == "ok", scanned
        by_scan = scanned["analysis"]

        store = TrackStore(tmp_path / "track.sqlite")
        service = add_service(store, url, name="larkspur", terms=("gpc",), allow_private=True)
        from contractlens.fetch import Fetcher

        assert check_service(store, service, Fetcher(allow_private=True)).status == "first"
        by_track = store.latest_version(service).analysis

    assert by_check["extras"]["gpc"]["gpc"] is False  # the check really read the server's answer
    assert stable(by_scan) == stable(by_check)
    assert stable(by_track) == stable(by_check)


def test_a_target_is_parsed_once_and_a_domain_resolved_to_its_pages(tmp_path):
    from contractlens.fetch import Fetcher
    from contractlens.target import parse_target, resolve_domain

    page = tmp_path / "terms.html"
    page.write_text(PAGE, encoding="utf-8")
    assert parse_target(str(page)).kind == "file" and parse_target(str(page)).sources == [str(page)]
    assert parse_target("-").kind == "stdin"
    assert parse_target("https://larkspur.example/terms").urls == ("https://larkspur.example/terms",)
    assert parse_target("larkspur.example").kind == "domain" and not parse_target("larkspur.example").urls

    with LocalServer() as server:
        server.routes["/"] = Response(200, "<html><body><h1>Larkspur</h1><footer><a href='/legal/terms'>Terms of "
                                           "Service</a> <a href='/legal/privacy'>Privacy Policy</a></footer></body></html>")
        server.routes["/legal/terms"] = Response(200, PAGE)
        server.routes["/legal/privacy"] = Response(200, PAGE.replace("Terms of Service", "Privacy Policy"))
        domain = server.base_url.removeprefix("http://")
        fetcher = Fetcher(allow_private=True)
        both = resolve_domain(parse_target(domain), fetcher=fetcher, allow_private=True)
        first = resolve_domain(parse_target(domain), fetcher=fetcher, allow_private=True, first_only=True)
    assert both.kind == "domain" and both.origin == f"discovered on {domain}"
    assert both.urls == (server.url("/legal/privacy"), server.url("/legal/terms"))
    assert first.urls == (server.url("/legal/terms"),)  # the terms first, as `track add` and `acquire` take it
