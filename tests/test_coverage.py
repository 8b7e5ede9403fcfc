"""Coverage: nothing is graded or called "none found" that no model read; `--lang` still forces one.

The terms pages in tests/fixtures/languages were written for these tests (French, Spanish,
Dutch, German, and Swedish, which contractlens does not detect).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from contractlens.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).parent / "fixtures" / "languages"
SCHEMA = json.loads((ROOT / "contractlens" / "schemas" / "check-result.schema.json").read_text())
NOT_GRADED = {
    "fr": "Not graded: contractlens does not read French terms yet (it reads en, de, it, pl)",
    "es": "Not graded: contractlens does not read Spanish terms yet (it reads en, de, it, pl)",
    "nl": "Not graded: contractlens does not read Dutch terms yet (it reads en, de, it, pl)",
    "sv": "Not graded: contractlens could not tell which language this document is in (it reads en, de, it, pl)",
}
GERMAN_BASIS = "from the unfair clauses only; data practices not read in German"
# What a person would read as "looked and found nothing", or as a grade
NONE_FOUND = re.compile(
    r"none flagged|no unfair clauses? (found|was flagged)|no clause was flagged|not mentioned|\bunstated\b|"
    r"\bsilent\b|no data-harvesting practices found|not addressed|Grade: [A-E]|grade-[A-E]\b",
    re.I,
)


def run(*args):
    return CliRunner().invoke(main, list(args))


def check(lang: str, fmt: str, *extra) -> str:
    result = run("check", str(PAGES / f"terms-{lang}.html"), "--format", fmt, *extra)
    assert result.exit_code == 0, result.stderr
    return result.output


def analysis_json(lang: str, *extra) -> dict:
    data = json.loads(check(lang, "json", *extra))
    jsonschema.validate(data, SCHEMA)
    return data["analyses"][0]


@pytest.mark.parametrize("lang", sorted(NOT_GRADED))
def test_an_unread_language_gets_no_grade_and_its_reason_in_every_format(lang):
    note = NOT_GRADED[lang]
    analysis = analysis_json(lang, "--terms", "fair-contract", "--terms", "minimal-data")
    assert analysis["grade"] is None
    assert analysis["coverage"]["graded"] is False and analysis["coverage"]["note"] == note
    assert not [r for r in analysis["coverage"]["readers"] if r["read"]]
    # the English practices model and the flags stay silent: no finding of any kind
    assert analysis["findings"] == [] and "practices" not in analysis["model_versions"]
    assert {v["verdict"] for v in analysis["verdicts"]} == {"not checked"}
    assert all(row["answer"].startswith("not checked") for row in analysis["extras"]["data_practices"])
    for fmt in ("text", "markdown", "html"):
        output = re.sub(r"<style>.*?</style>", "", check(lang, fmt, "--terms", "fair-contract"), flags=re.S)
        assert note in output, fmt
        assert not NONE_FOUND.search(output), (fmt, NONE_FOUND.search(output))
    letter = run("check", str(PAGES / f"terms-{lang}.html"), "--terms", "fair-contract", "--letter", "-",
                 "-o", "/dev/null").output
    assert "against these terms (contractlens does not read its language yet)" in letter
    assert not NONE_FOUND.search(letter) and "says nothing" not in letter
    html = check(lang, "html")
    assert re.search(r'<span class="grade grade-none not-graded big" title="Not graded: [^"]+">not graded</span>', html)


def test_a_dutch_terms_page_is_read_as_dutch_not_refused_as_no_legal_text():
    analysis = analysis_json("nl")
    assert analysis["document"]["language"] == "nl" and analysis["document"]["doc_type"] == "terms"


def test_a_german_page_is_graded_from_the_unfair_clauses_and_says_so():
    analysis = analysis_json("de", "--terms", "minimal-data")
    assert analysis["grade"]["letter"] in "ABCDE" and analysis["grade"]["basis"] == GERMAN_BASIS
    assert analysis["coverage"]["graded"] is True
    assert {r["name"]: r["read"] for r in analysis["coverage"]["readers"]} == {
        "unfair": True, "practices": False, "flags": False}
    assert {f["kind"] for f in analysis["findings"]} == {"unfair"}  # no English practices model on German
    assert {v["verdict"] for v in analysis["verdicts"]} == {"not checked"}  # data terms: not read
    text = check("de", "text")
    assert f"Grade: {analysis['grade']['letter']} ({GERMAN_BASIS})" in text
    assert "Not checked: data practices not read in German (read in en only)." in text
    assert "no data-harvesting practices found" not in text and "not mentioned" not in text
    assert GERMAN_BASIS in check("de", "markdown") and GERMAN_BASIS in check("de", "html")


def test_lang_en_forces_the_english_models_on_a_french_page_and_says_so():
    analysis = analysis_json("fr", "--lang", "en")
    coverage = analysis["coverage"]
    assert coverage["language"] == "en" and coverage["detected_language"] == "fr" and coverage["graded"]
    assert all(r["read"] for r in coverage["readers"])
    assert set(analysis["model_versions"]) >= {"unfair", "practices"} and analysis["grade"] is not None
    said = "read as English because --lang en asked; the text seems to be French"
    assert coverage["note"] == "Read as English because --lang en asked; the text seems to be French"
    assert said in check("fr", "text", "--lang", "en") and said in check("fr", "html", "--lang", "en")


def test_explain_prints_each_categorys_measured_precision_and_recall():
    from contractlens.classify.model_figures import card_figures

    figures = card_figures()["unfair+encoder"]["languages"]["en"]["a"]  # English: linear model + encoder
    out = run("check", str(ROOT / "corpora" / "examples" / "acme-terms.html"), "--explain").output
    expected = f"Arbitration is found with precision {figures['precision']:.2f}, recall {figures['recall']:.2f}"
    assert expected in out
    data = json.loads(run("check", str(ROOT / "corpora" / "examples" / "acme-terms.html"), "--format", "json").output)
    measured = data["analyses"][0]["extras"]["measured"]
    assert measured["unfair"]["categories"]["a"] == figures and measured["unfair"]["language"] == "en"
    assert set(measured) == {"unfair", "practice", "flag"}


# --- scan, report and track: not graded, kept out of the chart and the ranking -------------------

EXAMPLE = ROOT / "corpora" / "examples" / "acme-terms.html"
PRIVACY_EN = """<html><head><title>Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>
<h2>What we collect</h2><p>We collect your e-mail address and your precise location when you use the app.</p>
<h2>Sharing</h2><p>We sell your personal information to data brokers and advertising partners.</p>
<h2>Contact</h2><p>If you have questions about this privacy policy or how we process your personal
information, write to our privacy team at the address shown in the app.</p></main></body></html>"""


@pytest.fixture
def mixed_scan(tmp_path):
    """A real scan of a folder mixing English and French documents of the same services."""
    folder = tmp_path / "policies"
    for service, name, body in (
        ("acme", "terms.html", EXAMPLE.read_bytes()),
        ("acme", "conditions.html", (PAGES / "terms-fr.html").read_bytes()),
        ("bistro", "privacy.html", PRIVACY_EN.encode()),
        ("bistro", "conditions.html", (PAGES / "terms-fr.html").read_bytes()),
        ("crepes", "conditions.html", (PAGES / "terms-fr.html").read_bytes()),
    ):
        (folder / service).mkdir(parents=True, exist_ok=True)
        (folder / service / name).write_bytes(body)
    db_path = tmp_path / "mixed.sqlite"
    result = run("scan", str(folder), "--db", str(db_path), "--workers", "1", "--quiet")
    assert result.exit_code == 0, result.output
    return db_path


def test_scan_stores_a_null_grade_with_its_reason_and_report_keeps_it_out_of_the_chart(mixed_scan, tmp_path):
    import sqlite3

    from contractlens.scan.summary import load_comparison

    conn = sqlite3.connect(mixed_scan)
    rows = conn.execute("SELECT service, language, grade, coverage_note FROM documents ORDER BY source").fetchall()
    ungraded = conn.execute("SELECT count(*) FROM documents WHERE grade IS NULL AND coverage_note LIKE 'Not graded: %French%'").fetchone()[0]
    conn.close()
    assert ungraded == 3 and len(rows) == 5
    assert all(grade for _, lang, grade, _ in rows if lang == "en")
    comparison = load_comparison(mixed_scan)
    assert sum(comparison.grade_distribution.values()) == 2 and len(comparison.not_graded) == 3
    services = {s.name: s for s in comparison.services}
    assert services["crepes"].grade is None and services["crepes"].coverage_note.startswith("Not graded: ")
    assert services["acme"].grade is not None  # graded from its English terms only
    out = tmp_path / "report.html"
    assert run("report", "--db", str(mixed_scan), "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.count('class="grade grade-none not-graded') >= 4  # crepes' row and head, three documents
    assert "Graded documents per grade (3 not graded, not counted)" in html
    assert re.search(r'id="not-graded-count"><b>3</b><span>documents not graded', html)
    md = tmp_path / "report.md"
    assert run("report", "--db", str(mixed_scan), "-o", str(md), "--format", "markdown").exit_code == 0
    markdown = md.read_text(encoding="utf-8")
    assert "3 not graded" in markdown and "### crepes (not graded)" in markdown
    assert "| A | B | C | D | E |" in markdown
    assert "How sure each category is" in markdown and "How sure each category is" in html
    # the service nothing was read for: no letter and no "none found" anywhere in its part of the reports
    crepes_html = html.split('id="service-crepes"')[1].split("</article>")[0]
    crepes_md = markdown.split("### crepes (not graded)")[1].split("\n### ")[0]
    for part in (crepes_html, crepes_md):
        assert "Not graded: contractlens does not read French terms yet" in part
        assert not NONE_FOUND.search(part), NONE_FOUND.search(part)


def test_track_reports_a_change_of_coverage_not_a_change_of_findings():
    from contractlens import analyze
    from contractlens.track.diff import compare_analyses

    english = analyze(str(EXAMPLE))
    french = analyze(str(PAGES / "terms-fr.html"))
    items = compare_analyses(english, french)
    assert [i.change for i in items] == ["coverage"]
    assert "unfair clauses no longer read" in items[0].message and "not a change of findings" in items[0].message
    back = compare_analyses(french, english)
    assert [i.change for i in back] == ["coverage"] and "unfair clauses now read" in back[0].message


def test_heat_maps_mark_a_service_nothing_was_read_for(mixed_scan):
    from contractlens.report.html import render_comparison_html
    from contractlens.report.markdown_report import render_comparison_markdown
    from contractlens.scan.summary import load_comparison

    comparison = load_comparison(mixed_scan)
    html, markdown = render_comparison_html(comparison), render_comparison_markdown(comparison)
    assert "crepes (not read)" in html and "| crepes (not read) |" in markdown
    assert "acme (not read)" not in html and "| bistro |" in markdown  # bistro's English privacy page was read
