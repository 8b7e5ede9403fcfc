"""The independent ToS;DR check of the practice model, on a tiny ToS;DR + OPP-115 pair written here.

Quotes are the contractlens team's own sentences filed under real case titles; the committed
model scores them (no corpus needed).
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from contractlens.cli import main
from contractlens.training.datasets.opp115 import CONSOLIDATION
from contractlens.training.datasets.tosdr_practices import PRACTICE_CASES, load_practice_quotes, opp115_sites

DNT_IGNORED = "This service ignores the Do Not Track (DNT) header and tracks users anyway even if they set this header."
RETENTION = "This service keeps user logs for an undefined period of time"
OPP115_SEGMENT = "We keep server logs about your visits for as long as we see fit and never delete them."


def _point(service, case, quote, document_type="privacy", **extra):
    return {"services": [service], "case": case, "quote": quote, "document_type": document_type,
            "classification": "bad", **extra}


def _corpora(root):
    tosdr, opp = root / "tosdr", root / "opp115"
    tosdr.mkdir()
    (opp / "sanitized_policies").mkdir(parents=True)
    (opp / CONSOLIDATION).mkdir(parents=True)
    (opp / "sanitized_policies" / "99_www.examplenews.com.html").write_text(OPP115_SEGMENT, encoding="utf-8")
    (opp / CONSOLIDATION / "99_www.examplenews.com.csv").write_text("", encoding="utf-8")
    points = [
        _point("Quietmail", DNT_IGNORED, "We do not respond to Do Not Track signals sent by your browser."),
        _point("Ferrylog", DNT_IGNORED, "Our site does not change its behaviour when it receives a DNT signal."),
        _point("Ferrylog", RETENTION, "We retain <b>activity logs</b> indefinitely &amp; may keep them after you leave."),
        _point("ExampleNews", RETENTION, "We keep logs forever."),  # an OPP-115 site: dropped
        _point("Otherco", RETENTION, OPP115_SEGMENT),  # repeats OPP-115 text: dropped
        _point("Otherco", RETENTION, "We keep logs for a year.", document_type="terms"),  # not a privacy policy
        _point("Otherco", RETENTION, "We keep logs for a year.", irrelevant=True),
        _point("Otherco", "There is a date of the last update of the terms", "Last updated: 1 May 2024."),  # unmapped
    ]
    (tosdr / "tosdr_points.jsonl").write_text("\n".join(json.dumps(p) for p in points), encoding="utf-8")
    return tosdr, opp


def test_quotes_keep_out_opp115_services_and_text(tmp_path):
    tosdr, opp = _corpora(tmp_path)
    assert opp115_sites(opp) == ["examplenews"]
    quotes, counts = load_practice_quotes(tosdr, opp)
    assert [(q.service, q.label) for q in quotes] == [("Quietmail", "dnt"), ("Ferrylog", "dnt"), ("Ferrylog", "retention")]
    assert quotes[2].text == "We retain activity logs indefinitely & may keep them after you leave."
    assert counts == {"opp115_service": 1, "near_duplicate": 1, "kept": 3, "services": 2}


def test_every_mapped_case_names_a_practice_category():
    from contractlens.classify.practices import LABELS

    assert set(PRACTICE_CASES.values()) <= set(LABELS)


def test_evaluate_practices_on_a_tosdr_directory_reports_recall(tmp_path):
    tosdr, _ = _corpora(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", "practices", "--corpus", str(tosdr), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report["per_label"]) == {"dnt", "retention"}
    # both DNT quotes name Do Not Track: the phrase rule alone must flag them
    assert report["per_label"]["dnt"] == {"recall": 1.0, "flagged": 2, "support": 2}
    retention = report["per_label"]["retention"]
    assert retention["support"] == 1 and retention["recall"] == retention["flagged"]
    assert report["documents"] == 2 and report["sentences"] == 3
    assert report["dropped_opp115_service"] == 1 and report["dropped_near_duplicate"] == 1

    text = CliRunner().invoke(main, ["evaluate", "practices", "--corpus", str(tosdr)])
    assert text.exit_code == 0 and "macro-recall" in text.output and "dnt" in text.output


def test_the_tosdr_check_refuses_cv_and_a_missing_opp115(tmp_path, monkeypatch):
    tosdr, opp = _corpora(tmp_path)
    cv = CliRunner().invoke(main, ["evaluate", "practices", "--corpus", str(tosdr), "--cv", "5"])
    assert cv.exit_code == 2 and "--cv needs a labelled corpus" in cv.output
    (opp / "sanitized_policies" / "99_www.examplenews.com.html").unlink()
    (opp / "sanitized_policies").rmdir()
    # no corpora anywhere: neither $CONTRACTLENS_CORPORA nor ../shared/corpora beside the project
    monkeypatch.setenv("CONTRACTLENS_CORPORA", str(tmp_path / "nowhere"))
    monkeypatch.setattr("contractlens.training.corpora.PROJECT_ROOT", tmp_path / "project")
    missing = CliRunner().invoke(main, ["evaluate", "practices", "--corpus", str(tosdr)])
    assert missing.exit_code == 2 and "needs the OPP-115 corpus" in missing.output
    assert "Traceback" not in missing.output


def test_a_malformed_points_file_is_one_line_exit_2(tmp_path):
    tosdr, _ = _corpora(tmp_path)
    (tosdr / "tosdr_points.jsonl").write_text('{"case": "x"}\n{not json\n["a list"]\n', encoding="utf-8")
    for model in ("practices", "unfair"):
        result = CliRunner().invoke(main, ["evaluate", model, "--corpus", str(tosdr)])
        assert result.exit_code == 2, result.output
        assert "line 2 is not a JSON object" in result.output and "Traceback" not in result.output
