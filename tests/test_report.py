"""The comparison report (HTML and Markdown) and the single-document HTML page.

The database is filled through the real storage code (`db.write_analysis`) with analyses
written here by hand (our own example sentences), so the counts each report must show are
known from the input, not from a model that may change.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from contractlens.cli import main
from contractlens.report.charts import grade_chart_svg, heatmap_svg
from contractlens.report.html import render_analysis_html, render_comparison_html
from contractlens.report.markdown_report import render_comparison_markdown
from contractlens.scan import db
from contractlens.scan.summary import load_comparison
from contractlens.types import Analysis, Clause, Document, Finding, Grade, TermVerdict

# (service, doc_type, grade, points, clauses); a clause is (section, text, unfair labels [(key, level)], flags)
SAMPLES = [
    ("Acme Cloud", "terms", "D", 10.0, [
        ("Disputes", "Any dispute shall be settled by binding arbitration in Delaware.", [("a", 3), ("j", 2)], []),
        ("Disputes", "These terms are governed by the laws of the State of Delaware.", [("law", 2)], []),
        ("Changes", "We may modify these terms at any time without notice to you.", [("ch", 3)], []),
        ("Welcome", "Thank you for choosing Acme Cloud for your files.", [], []),
    ]),
    ("Acme Cloud", "privacy", "C", 6.0, [
        ("Sharing", "We sell aggregated and personal information to advertising partners.", [], ["sale", "targeted_ads"]),
        ("Retention", "We keep your data for as long as we see fit.", [], []),
    ]),
    ("Bistro <Books>", "terms", "B", 3.0, [
        ("Liability", "Our liability is limited to the amount you paid in the last month.", [("ltd", 2)], []),
        ("Account", "You may close your account at any time from the settings page.", [], []),
    ]),
    ("Calm Notes", "terms", "A", 0.0, [
        ("About", "Calm Notes is a note-taking app that stores notes on your own device.", [], []),
    ]),
]


def make_analysis(service: str, doc_type: str, letter: str, points: float, spec: list) -> Analysis:
    text, clauses, findings = "", [], []
    for index, (section, sentence, unfair, flags) in enumerate(spec):
        start = len(text)
        text += sentence + "\n"
        clauses.append(Clause(index, start, start + len(sentence), sentence, ["Terms", section]))
        findings += [Finding("unfair", key, index, 0.9, "hand", level=level) for key, level in unfair]
        findings += [Finding("flag", key, index, 0.8, "rule", polarity="does") for key in flags]
    document = Document(source=f"/docs/{service}/{doc_type}.md", text=text, title=f"{service} {doc_type}",
                        doc_type=doc_type, content_hash=f"sha256:{service}{doc_type}")
    verdicts = [TermVerdict("fair-contract", "no-arbitration", "Disputes go to my courts, not to arbitration.",
                            "violated" if any(k == "a" for _, _, u, _ in spec for k, _ in u) else "not addressed",
                            evidence=[0])]
    return Analysis(document, clauses, findings, verdicts, Grade(letter, points, [f"{letter} because of the sample"]),
                    timings={"total": 0.1}, model_versions={"contractlens": "test", "unfair": "sample-1"})


@pytest.fixture
def scan_db(tmp_path):
    path = tmp_path / "results.sqlite"
    conn = db.connect(path)
    for service, doc_type, letter, points, spec in SAMPLES:
        analysis = make_analysis(service, doc_type, letter, points, spec)
        db.write_analysis(conn, analysis, source=analysis.document.source, service=service,
                          content_hash=analysis.document.content_hash, config_key="k", run_id=None)
    db.write_error(conn, source="/docs/broken.pdf", service="broken", stage="extract", error_type="InputError",
                   message="the PDF has no text layer", content_hash=None, config_key="k", run_id=None)
    conn.close()
    return path


def expected_flagged(service: str) -> int:
    return sum(1 for s, _, _, _, spec in SAMPLES if s == service for c in spec if c[2])


def test_comparison_groups_documents_by_service(scan_db):
    comparison = load_comparison(scan_db)
    assert [s.name for s in comparison.services] == ["Acme Cloud", "Bistro <Books>", "Calm Notes"]
    acme = comparison.services[0]
    assert acme.grade == "D" and acme.grade_score == 10.0  # the worst document decides
    assert acme.total("flagged") == expected_flagged("Acme Cloud")
    assert acme.counts("unfair_counts") == {"a": 1, "j": 1, "law": 1, "ch": 1}
    assert acme.counts("flag_counts") == {"sale": 1, "targeted_ads": 1}
    assert comparison.grade_distribution == {"A": 1, "B": 1, "C": 1, "D": 1, "E": 0}
    assert comparison.error_count == 1 and comparison.errors_by_stage == {"extract": 1}


def test_html_report_is_self_contained_and_complete(scan_db):
    html = render_comparison_html(load_comparison(scan_db))
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "the report must not load anything"
    assert "<link" not in html and "@import" not in html
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == 3
    assert "Bistro &lt;Books&gt;" in html and "Bistro <Books>" not in html  # escaped
    cells = re.findall(r'<rect class="cell"', html)
    assert len(cells) == 3 * 9 + 3 * len(load_comparison(scan_db).flag_labels)
    # the clause is quoted under its section, with its verdict
    assert "§ Disputes" in html and "binding arbitration in Delaware" in html
    assert "Disputes go to my courts, not to arbitration." in html
    assert "sample-1" in html and "Limitations" in html and "@media print" in html


def test_reports_are_byte_identical_across_runs(scan_db):
    first = render_comparison_html(load_comparison(scan_db))
    second = render_comparison_html(load_comparison(scan_db))
    assert first == second
    assert render_comparison_markdown(load_comparison(scan_db)) == render_comparison_markdown(load_comparison(scan_db))


CHARTS = """
from contractlens.report.charts import grade_chart_svg, heatmap_svg
print(grade_chart_svg({"A": 3, "B": 0, "C": 7, "D": 1, "E": 2}))
print(heatmap_svg(["x", "y"], ["one", "two", "three"], [[0, 1, 2], [3, 0, 5]], title="t"))
"""


def test_charts_are_the_same_svg_in_two_processes_with_different_hash_seeds():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    outputs = [
        subprocess.run([sys.executable, "-c", CHARTS], capture_output=True, text=True, check=True, cwd=root,
                       env=dict(os.environ, PYTHONPATH=str(root), PYTHONHASHSEED=seed)).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    svg = grade_chart_svg({"A": 3, "B": 0, "C": 7, "D": 1, "E": 2})
    assert svg in outputs[0] and svg.count('class="bar"') == 5 and 'data-count="7"' in svg
    grid = heatmap_svg(["x", "y"], ["one", "two", "three"], [[0, 1, 2], [3, 0, 5]], title="t")
    assert grid in outputs[0] and grid.count('class="cell"') == 6 and 'data-value="5"' in grid


def test_markdown_report_lists_services_and_clauses(scan_db):
    text = render_comparison_markdown(load_comparison(scan_db))
    assert text.startswith("# ")
    rows = [line for line in text.splitlines() if line.startswith("| [")]
    assert len(rows) == 3
    assert "> “Any dispute shall be settled by binding arbitration in Delaware.”" in text
    assert "## Methodology" in text


def test_single_document_page_reuses_the_report_pieces():
    analysis = make_analysis(*SAMPLES[0])
    html = render_analysis_html(analysis)
    assert "<style>" in html and 'class="grade grade-D big"' in html
    assert html.count('<blockquote class="clause level-') == 3
    assert "Disputes go to my courts" in html


def test_report_command_writes_html_and_markdown(scan_db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["report", "--db", str(scan_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = tmp_path / "report.md"
    result = runner.invoke(main, ["report", "--db", str(scan_db), "-o", str(md), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "Acme Cloud" in md.read_text(encoding="utf-8")


def test_report_on_a_file_that_is_not_a_scan_database(tmp_path):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("just some text, not SQLite", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--db", str(bogus), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "scan database" in result.output and "Traceback" not in result.output
