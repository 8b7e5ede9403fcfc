"""Change tracking: normalisation, finding-level diffs, the SQLite store, feeds, `track` CLI.

The end-to-end test serves three versions of a ToS from 127.0.0.1 across three `track run`
calls: v2 adds an arbitration clause and a unilateral termination clause, v3 only changes
cosmetics (whitespace, "Last updated" date, obfuscated e-mail, paragraph order).
"""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from contractlens.cli import main
from contractlens.errors import InputError
from contractlens.track.diff import compare_analyses, render_text_diff, text_diff, word_diff
from contractlens.track.normalize import normalize_line, normalized_hash
from contractlens.track.notify import ATOM_NS, atom_feed
from contractlens.track.store import TrackStore
from contractlens.types import Analysis, Clause, Document, Finding, Grade
from tests.support.localserver import Response

# --- three versions of a small ToS (our own text) ------------------------------------------

HEAD = """<!doctype html><html><head><meta charset="utf-8"><title>Quillmark Terms of Service</title>
</head><body><nav><a href="/">Home</a></nav><main><article>
<h1>Quillmark Terms of Service</h1>
<p class="updated">Last updated: {updated}</p>
"""
BASE_SECTIONS = """
<h2>1. Acceptance of these terms</h2>
<p>These terms of service govern your use of the Quillmark note-taking service and its apps.
Please read them carefully before you create an account.</p>
<h2>2. Your account</h2>
<p>You must give accurate information when you register an account and keep your password secret.
You are responsible for the activity that happens under your account.</p>
<h2>3. Your content</h2>
<p>You keep ownership of the notes you write with Quillmark. We only store them to provide the
service to you and to keep a backup copy in case of failure.</p>
<h2>4. Contact</h2>
{contact}
"""
CONTACT_V1 = """<p>Questions about these terms can be sent to legal@quillmark.example at any time.</p>
<p>Our postal address is Quillmark Ltd, 4 Harbour Lane, Bristol.</p>"""
# v3: the same two paragraphs swapped, the address obfuscated the Cloudflare way
CONTACT_V3 = """<p>Our   postal address is Quillmark Ltd,
4 Harbour Lane, Bristol.</p>
<p>Questions about these terms can be sent to <a href="/cdn-cgi/l/email-protection"
 class="__cf_email__" data-cfemail="8de1e8eaecfcfdf8e4e1e1e0ecfff8a3e8f5ece0fde1e8">[email&#160;protected]</a> at any time.</p>"""
NEW_SECTIONS = """
<h2>5. Dispute resolution and arbitration</h2>
<p>Any dispute, claim or controversy arising out of or relating to these terms or the service shall be
resolved exclusively by final and binding arbitration administered by a private arbitrator, and not in a
court of law. You waive your right to a jury trial and your right to participate in a class action.</p>
<h2>6. Termination</h2>
<p>We may suspend or terminate your account and your access to the service at any time, in our sole
discretion, for any reason or no reason, without prior notice and without any liability to you.</p>
"""
TAIL = "</article></main><footer>Quillmark Ltd</footer></body></html>"


def tos_v1() -> str:
    return HEAD.format(updated="March 3, 2025") + BASE_SECTIONS.format(contact=CONTACT_V1) + TAIL


def tos_v2() -> str:
    return (HEAD.format(updated="June 1, 2025") + BASE_SECTIONS.format(contact=CONTACT_V1)
            + NEW_SECTIONS + TAIL)


def tos_v3() -> str:
    body = BASE_SECTIONS.format(contact=CONTACT_V3) + NEW_SECTIONS
    body = body.replace("<p>You keep", "<p>\n   You keep").replace(". We only", ".  We only")
    return HEAD.format(updated="July 15, 2025") + body + TAIL


class VersionedPage:
    """A route that serves the current version with an ETag and honours If-None-Match."""

    def __init__(self, html: str):
        self.set(html)
        self.conditional_hits = 0

    def set(self, html: str) -> None:
        self.html = html
        self.etag = f'"v{abs(hash(html)) % 10**8}"'

    def __call__(self, handler) -> Response:
        if handler.headers.get("If-None-Match") == self.etag:
            self.conditional_hits += 1
            return Response(304, b"", headers={"ETag": self.etag})
        return Response(200, self.html, headers={"ETag": self.etag})


def _unfair_model_available() -> bool:
    from contractlens.classify.registry import default_model_dir

    return (default_model_dir("unfair") / "manifest.json").is_file()


# --- normalisation ------------------------------------------------------------------------


def test_cosmetic_changes_keep_the_hash():
    a = "Terms\nLast updated: March 3, 2025\nWrite to legal@quill.example.\nFirst rule.\nSecond rule."
    b = ("Terms\n\nLast updated: 15 July 2025\n  Second   rule.\nWrite to [email\u00a0protected].\n"
         "First rule.")
    c = "Terms\nLast updated: 2025-07-15\nWrite to legal [at] quill [dot] example.\nFirst rule.\nSecond rule."
    assert normalized_hash(a) == normalized_hash(b) == normalized_hash(c)
    assert normalized_hash(a) != normalized_hash(a.replace("First rule.", "First rule changed."))


def test_dates_inside_clauses_are_not_blanked():
    clause = "Claims must be filed before 1 January 2026 or they are waived, as described in this section."
    assert normalize_line(clause) == clause
    assert normalize_line("Effective date: 1 January 2026") == "Effective date: <date>"
    assert normalize_line("Stand: 3. März 2024") == "Stand: <date>"


# --- finding-level diff on hand-built analyses ----------------------------------------------


def _analysis(clauses: list[tuple[str, str]], findings: list[tuple], grade: str) -> Analysis:
    text = "\n".join(t for _, t in clauses)
    doc = Document(source="mem", text=text)
    built = [Clause(i, 0, len(t), t, [s] if s else []) for i, (s, t) in enumerate(clauses)]
    found = [Finding(kind, label, idx, 0.9, "test", level=level, polarity=pol)
             for kind, label, idx, level, pol in findings]
    return Analysis(document=doc, clauses=built, findings=found, grade=Grade(grade, 0.0))


ARB = "All disputes go to binding arbitration and you waive class actions."
TER = "We may terminate your account at any time for any reason without notice."
LAW = "These terms are governed by the laws of Delaware."
SELL = "We do not sell your personal information."


def test_finding_changes_added_removed_changed_and_grade():
    old = _analysis([("9. Law", LAW), ("10. Privacy", SELL), ("", "Intro text.")],
                    [("unfair", "law", 0, 2, None), ("flag", "sale", 1, None, "does_not")], "B")
    new = _analysis(
        [("9. Law", LAW), ("12. Disputes", ARB), ("13. Termination", TER),
         ("10. Privacy", "We do not sell your personal information to anyone.")],
        [("unfair", "law", 0, 3, None), ("unfair", "a", 1, 3, None), ("unfair", "ter", 2, 2, None),
         ("flag", "sale", 3, None, "does_not")],
        "D",
    )
    messages = [item.message for item in compare_analyses(old, new)]
    assert messages[0] == "grade changed from B to D"
    assert "arbitration clause added in section '12. Disputes'" in messages
    assert "unilateral termination clause added in section '13. Termination'" in messages
    assert any(m.startswith("choice of law clause in section '9. Law' changed from potentially")
               for m in messages)
    assert any(m.startswith("sale of personal data (denied)") and "reworded" in m for m in messages)
    back = [item.message for item in compare_analyses(new, old)]
    assert "arbitration clause removed (was in section '12. Disputes')" in back


def test_identical_analyses_report_nothing():
    one = _analysis([("1", ARB)], [("unfair", "a", 0, 3, None)], "C")
    assert compare_analyses(one, one) == []


def test_text_diff_is_by_line_then_by_word():
    old = "Terms\n1. Rules\nWe may suspend your account.\nBe kind."
    new = "Terms\n1. Rules\nWe may terminate your account.\nBe kind.\nNew closing line."
    analysis = Analysis(document=Document("m", new))
    sections = text_diff(old, new, old=None, new=analysis)
    rendered = render_text_diff(sections)
    assert "~ We may [-suspend-] {+terminate+} your account." in rendered
    assert "+ New closing line." in rendered
    assert word_diff("a b c", "a x c") == "a [-b-] {+x+} c"
    assert render_text_diff(text_diff(old, old)) == "no text changes"


# --- store and feeds ------------------------------------------------------------------------


def test_store_rejects_duplicates_and_unknown_names(tmp_path):
    with TrackStore(tmp_path / "t.sqlite") as store:
        store.add_service("quill", "https://quill.example/terms")
        with pytest.raises(InputError, match="already tracked"):
            store.add_service("quill", "https://quill.example/other")
        with pytest.raises(InputError, match="no tracked service named 'nope'"):
            store.service("nope")
    bad = tmp_path / "not.sqlite"
    bad.write_bytes(b"this is not a database, just text" * 100)
    with pytest.raises(InputError):
        TrackStore(bad)


def test_default_store_location(tmp_path, monkeypatch):
    from contractlens.track.store import default_db_path

    monkeypatch.setenv("CONTRACTLENS_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "track.sqlite"


def test_atom_feed_is_valid_xml_with_one_entry_per_change(tmp_path):
    with TrackStore(tmp_path / "t.sqlite") as store:
        service = store.add_service("quill", "https://quill.example/terms?a=1&b=<2>")
        v1 = store.add_version(service, content_hash="h1", fetched_at="2025-01-01T00:00:00+00:00",
                               text="a", analysis={})
        v2 = store.add_version(service, content_hash="h2", fetched_at="2025-02-01T00:00:00+00:00",
                               text="b", analysis={})
        store.add_change(service, v1, v2, "arbitration clause added & more",
                         [{"message": "arbitration clause added in section '5. <Disputes>'"}])
        store.add_change(service, v1, v2, "text changed; findings unchanged", [])
        feed = ET.fromstring(atom_feed(store.changes()))
    entries = feed.findall(f"{{{ATOM_NS}}}entry")
    assert len(entries) == 2
    assert len({e.find(f"{{{ATOM_NS}}}id").text for e in entries}) == 2
    assert "5. <Disputes>" in "".join(e.find(f"{{{ATOM_NS}}}content").text for e in entries)


# --- end to end over HTTP -----------------------------------------------------------------


def _run(runner, db, *args):
    result = runner.invoke(main, ["track", "run", "--db", str(db), "--allow-private",
                                  "--min-interval", "0", *args])
    assert result.exit_code == 0, result.output
    return result


def test_track_304_and_cosmetic_changes_make_no_new_version(local_server, tmp_path):
    page = VersionedPage(tos_v1())
    local_server.routes["/terms"] = page
    db, runner = tmp_path / "track.sqlite", CliRunner()
    added = runner.invoke(main, ["track", "add", local_server.url("/terms"), "--name", "quill",
                                 "--db", str(db)])
    assert added.exit_code == 0, added.output
    assert "quill: first" in _run(runner, db, "--models", "none").output
    assert "not_modified" in _run(runner, db, "--models", "none").output
    assert page.conditional_hits == 1

    page.set(tos_v1().replace("March 3, 2025", "April 9, 2025"))  # new ETag, cosmetic change
    assert "quill: unchanged" in _run(runner, db, "--models", "none").output
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM versions").fetchone()[0] == 1
        statuses = [r[0] for r in con.execute("SELECT status FROM checks ORDER BY id")]
    assert statuses == ["first", "not_modified", "unchanged"]

    listed = runner.invoke(main, ["track", "list", "--db", str(db), "--format", "json"])
    assert json.loads(listed.output)[0]["versions"] == 1
    diffed = runner.invoke(main, ["track", "diff", "quill", "--db", str(db)])
    assert diffed.exit_code == 2 and "only one version" in diffed.output


@pytest.mark.slow
@pytest.mark.skipif(not _unfair_model_available(), reason="models/unfair not trained yet")
def test_track_three_versions_reports_finding_changes(local_server, tmp_path):
    page = VersionedPage(tos_v1())
    local_server.routes["/terms"] = page
    db, notify, atom = tmp_path / "track.sqlite", tmp_path / "changes.jsonl", tmp_path / "feed.xml"
    runner = CliRunner()
    assert runner.invoke(main, ["track", "add", local_server.url("/terms"), "--name", "quill",
                                "--db", str(db)]).exit_code == 0
    feeds = ["--notify", str(notify), "--atom", str(atom), "--models", "unfair"]

    assert "quill: first" in _run(runner, db, *feeds).output
    page.set(tos_v2())
    second = _run(runner, db, *feeds, "--format", "json")
    change = json.loads(second.output)[0]["change"]
    added = {(i["label"], i["section"]) for i in change["items"] if i["change"] == "added"}
    assert ("a", "5. Dispute resolution and arbitration") in added
    assert ("ter", "6. Termination") in added
    assert not [i for i in change["items"] if i["change"] == "removed"]

    page.set(tos_v3())
    assert "quill: unchanged" in _run(runner, db, *feeds).output

    lines = [json.loads(line) for line in notify.read_text().splitlines()]
    assert len(lines) == 1 and lines[0]["service"] == "quill"
    assert any("arbitration clause added" in i["message"] for i in lines[0]["items"])
    entries = ET.parse(atom).getroot().findall(f"{{{ATOM_NS}}}entry")
    assert len(entries) == 1

    diffed = runner.invoke(main, ["track", "diff", "quill", "--db", str(db), "--text"])
    assert diffed.exit_code == 0, diffed.output
    assert "arbitration clause added in section '5. Dispute resolution and arbitration'" in diffed.output
    assert "## 6. Termination" in diffed.output and "+ We may suspend or terminate" in diffed.output


def test_track_add_domain_discovers_the_terms(local_server, tmp_path):
    local_server.routes["/"] = Response(200, "<html><body><h1>Quillmark</h1><footer>"
                                             "<a href='/legal/terms'>Terms of Service</a></footer></body></html>")
    local_server.routes["/legal/terms"] = Response(200, tos_v1())
    domain = local_server.base_url.removeprefix("http://")
    result = CliRunner().invoke(main, ["track", "add", domain, "--db", str(tmp_path / "t.sqlite"),
                                       "--allow-private"])
    assert result.exit_code == 0, result.output
    assert f"tracking {domain}/legal/terms" in result.output


def test_track_errors_are_one_line(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["track", "diff", "ghost", "--db", str(tmp_path / "t.sqlite")])
    assert result.exit_code == 2 and "no tracked service named 'ghost'" in result.output
    result = runner.invoke(main, ["track", "add", "ftp://x.example/t", "--db", str(tmp_path / "t.sqlite")])
    assert result.exit_code == 2 and "Traceback" not in result.output
