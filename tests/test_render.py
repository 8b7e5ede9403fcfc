"""`--render`: pages drawn by JavaScript, read in the system's headless Chromium.

A local site (tests/support/script_site.py) serves the shipped example terms twice: as a static
page, and as a script shell whose text only appears once its script has fetched it. Every request the browser makes goes
through the project's fetcher; a second server on 127.0.0.2 stands in for an address the
policy refuses, and counts the requests it gets (none). Tests that start Chromium are marked
`browser` and skip without it; the refusals that need no browser run everywhere.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlens.cli import main
from contractlens.errors import RenderError
from contractlens.fetch import Fetcher
from contractlens.fetching.chromium import CHROMIUM_ENV, live_group_members
from contractlens.fetching.render import Renderer
from contractlens.pipeline import analyze
from tests.support.localserver import LocalServer, Response
from tests.support.script_site import APP_JS, scan_site, shell_indices, static_and_shell, terms_site

HAS_CHROMIUM = bool(os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or shutil.which("chromium-browser")
                    or shutil.which("google-chrome"))

needs_chromium = pytest.mark.skipif(not HAS_CHROMIUM, reason="no Chromium installed (apt-get install chromium)")


def run_cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def findings_of(payload: dict) -> tuple:
    analysis = payload["analyses"][0]
    clauses = [(c["text"], tuple(c["heading_path"])) for c in analysis["clauses"]]
    findings = sorted((f["kind"], f["label"], f["level"], f["clause_index"]) for f in analysis["findings"])
    return clauses, findings, analysis["grade"]["letter"]


def live_render_browsers(marker: str = "contractlens-render-") -> list[int]:
    """Processes (not zombies) of a contractlens render browser whose command line holds `marker`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if b"contractlens-render-" in cmdline and marker.encode() in cmdline and state not in (b"Z", b"X"):
            found.append(int(entry))
    return found


@pytest.fixture
def own_browsers(tmp_path, monkeypatch):
    """The browsers this test started and left running: their profiles live in its own temp dir."""
    import tempfile

    own = tmp_path / "own-tmp"
    own.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own))  # not $TMPDIR: Chromium's sockets need short paths
    return lambda: live_render_browsers(str(own))


# --- without a browser ---------------------------------------------------------------------


def test_render_never_gives_the_one_line_refusal():
    with terms_site() as site:
        result = run_cli("check", site.url("/shell"), "--allow-private", "--render", "never")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "shows its text only after running JavaScript" in lines[0]
    assert "--render auto" in lines[0]


def test_missing_chromium_is_one_line_and_exit_2(tmp_path):
    missing = tmp_path / "no-such-chromium"
    with terms_site() as site:
        result = run_cli("check", site.url("/shell"), "--allow-private", env={CHROMIUM_ENV: str(missing)})
        static = run_cli("check", site.url("/static"), "--allow-private", env={CHROMIUM_ENV: str(missing)})
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "needs Chromium" in lines[0] and str(missing) in lines[0]
    assert static.exit_code == 0  # a page that needs no rendering never looks for a browser


def test_a_browser_path_that_is_not_a_browser_is_one_line_and_exit_2(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    with terms_site() as site:
        result = run_cli("check", site.url("/shell"), "--allow-private", env={CHROMIUM_ENV: str(fake)})
    assert result.exit_code == 2
    assert result.output.strip() == f"contractlens: error: Chromium ({fake}) did not start: Chromium exited unexpectedly"


def test_no_chromium_on_the_path_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with terms_site() as site:
        result = run_cli("check", site.url("/shell"), "--allow-private", "--render", "auto")
    assert result.exit_code == 2
    assert "needs Chromium, and none is installed" in result.output.strip()
    assert len(result.output.strip().splitlines()) == 1


# --- in Chromium ---------------------------------------------------------------------------


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("mode", ["auto", "always"])
def test_rendered_shell_reports_what_the_static_page_reports(mode, own_browsers):
    with terms_site() as site:
        static = run_cli("check", site.url("/static"), "--allow-private", "--format", "json", "--render", "never")
        rendered = run_cli("check", site.url("/shell"), "--allow-private", "--format", "json", "--render", mode)
    assert static.exit_code == 0 and rendered.exit_code == 0, rendered.output
    static_payload, rendered_payload = json.loads(static.stdout), json.loads(rendered.stdout)
    assert rendered_payload["analyses"][0]["document"]["rendered"] is True
    assert static_payload["analyses"][0]["document"]["rendered"] is False
    clauses, findings, grade = findings_of(rendered_payload)
    assert (clauses, findings, grade) == findings_of(static_payload)
    assert any(kind == "unfair" for kind, *_ in findings)
    assert any(path for _, path in clauses)  # headings survived the render
    assert own_browsers() == []


@pytest.mark.browser
@needs_chromium
def test_every_browser_request_goes_through_the_fetcher_and_the_address_policy(caplog):
    other = LocalServer({"/tracker.js": Response(body="document.title = 'contacted';",
                                                 content_type="application/javascript")}, host="127.0.0.2")
    with other:
        tracker = (f'<script src="{other.url("/tracker.js")}"></script>'
                   '<script src="/hop.js"></script><script src="/app.js"></script>')
        hop = Response(302, headers={"Location": other.url("/tracker.js")})
        shell = '<html><head><title>Terms</title></head><body><div id="app"></div>' + tracker + "</body></html>"
        with terms_site({"/tracked": Response(body=shell), "/hop.js": hop,
                         "/app.js": Response(body=APP_JS, content_type="application/javascript")}) as site:
            fetcher = Fetcher()  # private addresses refused ...
            fetcher.policy.allowed_hosts.add(site.base_url.split("//")[1])  # ... but this server's own
            with caplog.at_level(logging.INFO, logger="contractlens.render"), Renderer(fetcher) as renderer:
                analysis = analyze(site.url("/tracked"), fetcher=fetcher, renderer=renderer, models=())
                group = renderer.browser.process.pid
            paths = [path for _, path, _ in site.requests]
            agents = {headers.get("User-Agent") for _, _, headers in site.requests}
    assert other.requests == []  # never contacted, not even by the browser itself
    assert analysis.document.rendered and "Acme Cloud Notes Terms of Service" in analysis.document.text
    refusals = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(other.url("/tracker.js") in m and "loopback" in m for m in refusals), refusals
    assert any(site.url("/hop.js") in m and "loopback" in m for m in refusals), refusals  # refused on redirect
    assert paths.count("/tracked") == 1  # the page itself is not fetched twice
    assert {"/robots.txt", "/app.js", "/content.json"} <= set(paths)
    assert agents == {fetcher.session.headers["User-Agent"]}
    assert live_group_members(group) == []


@pytest.mark.browser
@needs_chromium
def test_robots_txt_holds_for_the_browser_requests(caplog):
    robots = Response(body="User-agent: *\nDisallow: /content.json\n", content_type="text/plain")
    with terms_site({"/robots.txt": robots}) as site:
        with caplog.at_level(logging.INFO, logger="contractlens.render"):
            result = run_cli("check", site.url("/shell"), "--allow-private", "--render-timeout", "10")
        paths = [path for _, path, _ in site.requests]
    assert "/content.json" not in paths
    assert result.exit_code == 2 and "still shows no text after rendering" in result.output
    assert any("robots.txt" in r.getMessage() and "/content.json" in r.getMessage() for r in caplog.records)


@pytest.mark.browser
@needs_chromium
def test_a_render_stops_loading_at_its_size_limit(caplog):
    with terms_site() as site:
        fetcher = Fetcher(allow_private=True)
        shell_size = len(fetcher.fetch(site.url("/shell"), diagnose=False).content)
        with caplog.at_level(logging.INFO, logger="contractlens.render"), \
                Renderer(fetcher, max_bytes=shell_size + 1000) as renderer:
            with pytest.raises(RenderError, match="still shows no text after rendering"):
                renderer.fetch(site.url("/shell"))
    assert any("/content.json" in r.getMessage() and "1000 bytes limit" in r.getMessage() for r in caplog.records)


@pytest.mark.browser
@needs_chromium
def test_a_page_that_renders_forever_is_stopped_at_the_limit(own_browsers):
    busy = Response(body='<html><body><div id="root"></div><script>while (true) {}</script></body></html>')
    growing = Response(body='<html><body><div id="root"></div><script>setInterval(function () {'
                            'document.getElementById("root").append(" more words " + Date.now());'
                            '}, 100);</script></body></html>')
    with terms_site({"/busy": busy, "/growing": growing}) as site:
        outcomes = {path: run_cli("check", site.url(path), "--allow-private", "--render-timeout", "4")
                    for path in ("/busy", "/growing")}
    for path, result in outcomes.items():
        lines = result.output.strip().splitlines()
        assert result.exit_code == 2 and len(lines) == 1, result.output
        assert re.search(r"gave up rendering \S+" + path + r" after 4 s \(the time limit for one render\)", lines[0])
    assert "busy running its scripts" in outcomes["/busy"].output or "loading" in outcomes["/busy"].output
    assert "changing its text" in outcomes["/growing"].output
    assert own_browsers() == []


@pytest.mark.browser
@needs_chromium
def test_declaration_with_execute_client_scripts_renders_the_page(tmp_path):
    with terms_site() as site:
        declaration = {"name": "Acme", "terms": {"Terms of Service": {
            "fetch": site.url("/static"), "select": ["main"], "executeClientScripts": True}}}
        path = tmp_path / "acme.json"
        path.write_text(json.dumps(declaration), encoding="utf-8")
        result = run_cli("check", site.url("/static"), "--allow-private", "--format", "json",
                         "--declarations", str(path))
        never = run_cli("check", site.url("/static"), "--allow-private", "--format", "json", "--render", "never",
                        "--declarations", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["analyses"][0]["document"]["rendered"] is True
    assert json.loads(never.stdout)["analyses"][0]["document"]["rendered"] is False


def scan_urls(tmp_path, pages: int, shells: int, *options: str):
    """`scan --urls` over a local site of `pages` terms pages, `shells` of them script shells."""
    with scan_site(pages, shells) as site:
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join(site.url(f"/terms/{i}") for i in range(pages)) + "\n", encoding="utf-8")
        db = tmp_path / "scan.sqlite"
        return run_cli("scan", "--urls", str(urls), "--db", str(db), "--allow-private", *options), db


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
def test_scan_renders_the_script_shells_among_50_pages_and_counts_them(tmp_path, own_browsers):
    result, db = scan_urls(tmp_path, 50, 10, "--render", "auto")
    assert result.exit_code == 0, result.output
    assert "10 page(s) were rendered in headless Chromium" in result.output
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT source, rendered, clause_count FROM documents").fetchall()
        run = conn.execute("SELECT documents_scanned, documents_rendered, errors FROM runs").fetchone()
        errors = conn.execute("SELECT count(*) FROM errors").fetchone()[0]
    assert len(rows) == 50 and errors == 0
    rendered = sorted(int(source.rsplit("/", 1)[1]) for source, flag, _ in rows if flag)
    assert rendered == shell_indices(50, 10)
    assert len({clauses for _, _, clauses in rows}) == 1  # the rendered pages read like the static ones
    assert run == (50, 10, 0)
    assert own_browsers() == []


@pytest.mark.browser
@pytest.mark.slow
@needs_chromium
def test_scan_workers_close_their_browsers_when_the_scan_ends(tmp_path):
    before = set(live_render_browsers())  # workers fork from a server that keeps its own temp dir
    result, db = scan_urls(tmp_path, 4, 2, "--workers", "2", "--quiet")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), sum(rendered) FROM documents").fetchone() == (4, 2)  # 0 and 2
        assert conn.execute("SELECT documents_rendered FROM runs").fetchone() == (2,)
    assert set(live_render_browsers()) - before == set()


@pytest.mark.browser
@needs_chromium
def test_the_browser_dies_with_a_killed_process_that_started_it():
    import signal
    import subprocess
    import sys
    import time

    script = ("from contractlens.fetching.chromium import Chromium, find_chromium\n"
              "c = Chromium(find_chromium('test'), user_agent='test').start()\n"
              "print(c.process.pid, flush=True)\n"
              "import time; time.sleep(60)\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[1])
    try:
        group = int(child.stdout.readline())
        assert live_group_members(group)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=5)
        end = time.monotonic() + 5
        while live_group_members(group) and time.monotonic() < end:
            time.sleep(0.05)
        assert live_group_members(group) == []
    finally:
        child.kill()
        child.wait()


@pytest.mark.browser
@needs_chromium
def test_track_run_renders_a_script_shell_and_asks_for_it_in_full_next_time(tmp_path, own_browsers):
    _, shell, _ = static_and_shell()
    with terms_site({"/shell": Response(body=shell, headers={"ETag": '"shell-v1"'})}) as site:
        db = str(tmp_path / "track.sqlite")
        assert run_cli("track", "add", site.url("/shell"), "--name", "acme", "--db", db).exit_code == 0
        never = run_cli("track", "run", "--db", db, "--allow-private", "--models", "none", "--render", "never")
        first = run_cli("track", "run", "--db", db, "--allow-private", "--models", "none", "--min-interval", "0")
        again = run_cli("track", "run", "--db", db, "--allow-private", "--models", "none", "--min-interval", "0")
        shell_requests = [headers for _, path, headers in site.requests if path == "/shell"]
    assert "acme: error: " in never.output and "only after running JavaScript" in never.output
    assert "acme: first" in first.output, first.output
    assert "acme: unchanged" in again.output, again.output
    assert all("If-None-Match" not in headers for headers in shell_requests)  # the shell's ETag is not the text's
    with sqlite3.connect(db) as conn:
        text = conn.execute("SELECT text FROM versions").fetchone()[0]
    assert "Acme Cloud Notes Terms of Service" in text
    assert own_browsers() == []


def test_a_scan_database_of_the_earlier_schema_gains_the_render_columns(tmp_path):
    from contractlens.scan import db as scan_db

    old_schema = "\n".join(line for line in scan_db.SCHEMA.splitlines() if "rendered" not in line)
    old_schema = old_schema.replace("DEFAULT 'running',", "DEFAULT 'running'").replace(
        "REFERENCES runs(run_id),\n);", "REFERENCES runs(run_id)\n);")
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(old_schema)
        conn.execute("INSERT INTO runs (started_at, engine, workers, config_key, settings) "
                     "VALUES ('2026-01-01', 'local', 1, 'k', '{}')")
    conn = scan_db.connect(path)
    try:
        columns = {row["name"] for row in conn.execute("PRAGMA table_info(documents)")}
        assert "rendered" in columns
        scan_db.finish_run(conn, 1, seen=1, scanned=1, skipped=0, errors=0, status="finished", rendered=1)
        assert conn.execute("SELECT documents_rendered FROM runs").fetchone()[0] == 1
    finally:
        conn.close()


def test_the_render_mode_is_part_of_what_a_scan_resume_compares():
    from contractlens.scan.runner import config_key
    from contractlens.scan.worker import ScanSettings

    default = config_key(ScanSettings(models=()))
    assert config_key(ScanSettings(models=(), render="auto")) == default  # earlier scans stay resumable
    assert len({default, config_key(ScanSettings(models=(), render="always")),
                config_key(ScanSettings(models=(), render="never"))}) == 3
