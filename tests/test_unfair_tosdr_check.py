"""The independent ToS;DR check of the unfair model: held-out services only, leakage filters, CLI.

Quotes are the contractlens team's own sentences filed under real case titles; a two-sentence
CLAUDETTE-shaped corpus beside them stands in for the real one (no corpus needed).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from contractlens.classify.persist import load_model, save_model
from contractlens.classify.registry import default_model_dir
from contractlens.evaluation.unfair_tosdr_check import evaluate_on_tosdr, held_out_quotes
from contractlens.cli import main
from contractlens.training.datasets.tosdr import held_out, load_points
from contractlens.errors import ModelError

ARBITRATION = "This service forces users into binding arbitration in the case of disputes"
TERMINATION = "The service can delete your account without prior notice and without a reason"
UNRELATED = "You can delete your content from this service"
CLAUDETTE_SENTENCE = "We may close your account at any time for any reason and without telling you first."


def _point(service, case, quote):
    return {"services": [service], "case": case, "quote": quote, "classification": "bad", "irrelevant": False}


def _corpora(root):
    # ferrylog and glassbox are on the held-out side of the split, acmecloud and brightmail are not
    assert held_out("ferrylog") and held_out("glassbox") and not held_out("acmecloud") and not held_out("brightmail")
    tosdr, claudette = root / "tosdr", root / "claudette-multilingual"
    tosdr.mkdir()
    for part in ("sentences", "tags"):
        (claudette / part / "en" / "original").mkdir(parents=True)
    (claudette / "sentences" / "en" / "original" / "Brightmail.txt").write_text(CLAUDETTE_SENTENCE + "\n", encoding="utf-8")
    (claudette / "tags" / "en" / "original" / "Brightmail.txt").write_text("ter2\n", encoding="utf-8")
    points = [
        _point("ferrylog", ARBITRATION, "Any dispute between you and us will be resolved by binding individual "
               "arbitration, and you waive your right to a jury trial or to join a class action."),
        _point("ferrylog", UNRELATED, "You can remove the photos you uploaded whenever you like."),
        _point("glassbox", TERMINATION, "We may suspend or terminate your account at any time, for any reason or "
               "no reason, without notice to you."),
        _point("glassbox", TERMINATION, CLAUDETTE_SENTENCE),  # repeats CLAUDETTE text: dropped
        _point("acmecloud", ARBITRATION, "All claims go to binding arbitration."),  # training side: not checked
        _point("brightmail", TERMINATION, "We can close accounts."),  # has a CLAUDETTE document: dropped
    ]
    (tosdr / "tosdr_points.jsonl").write_text("\n".join(json.dumps(p) for p in points), encoding="utf-8")
    return tosdr


def test_the_split_keeps_held_out_services_away_from_training(tmp_path):
    tosdr = _corpora(tmp_path)
    training, _ = load_points(tosdr, services="training")
    checked, _ = load_points(tosdr, services="held_out")
    assert {q.service for q in training} == {"acmecloud", "brightmail"}
    assert {q.service for q in checked} == {"ferrylog", "glassbox"}
    with pytest.raises(ValueError):
        load_points(tosdr, services="some")


def test_held_out_quotes_apply_the_training_leakage_filters(tmp_path):
    quotes, counts = held_out_quotes(_corpora(tmp_path))
    assert [(q.service, q.label) for q in quotes] == [("ferrylog", "a"), ("ferrylog", ""), ("glassbox", "ter")]
    assert counts["near_duplicate"] == 1 and counts["same_service"] == 1 and counts["services"] == 2


def test_evaluate_unfair_on_a_tosdr_directory_reports_recall_and_false_alarms(tmp_path):
    tosdr = _corpora(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", "unfair", "--corpus", str(tosdr), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    # unmistakable arbitration and termination clauses: the committed model must flag them
    assert report["per_label"] == {
        "a": {"recall": 1.0, "flagged": 1, "support": 1},
        "ter": {"recall": 1.0, "flagged": 1, "support": 1},
    }
    assert report["unrelated_quotes"] == 1 and report["unrelated_flag_rate"] == 0.0
    assert report["documents"] == 2 and report["sentences"] == 3

    text = CliRunner().invoke(main, ["evaluate", "unfair", "--corpus", str(tosdr)])
    assert text.exit_code == 0 and "unrelated_flag_rate" in text.output
    flags = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(tosdr)])
    assert flags.exit_code == 2 and "no ToS;DR check for flags" in flags.output


def test_a_model_trained_on_every_service_is_refused(tmp_path):
    meta, arrays = load_model(default_model_dir("unfair"))
    meta["trained_on"]["en"]["tosdr"].pop("held_out")
    save_model(tmp_path / "model", meta, arrays)
    with pytest.raises(ModelError, match="no quote is unseen"):
        evaluate_on_tosdr(_corpora(tmp_path), model_dir=tmp_path / "model")


def test_the_check_without_a_claudette_corpus_is_one_line_exit_2(tmp_path, monkeypatch):
    tosdr = _corpora(tmp_path)
    for path in sorted((tmp_path / "claudette-multilingual").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    # no corpora anywhere: neither $CONTRACTLENS_CORPORA nor ../shared/corpora beside the project
    monkeypatch.setenv("CONTRACTLENS_CORPORA", str(tmp_path / "nowhere"))
    monkeypatch.setattr("contractlens.training.corpora.PROJECT_ROOT", tmp_path / "project")
    result = CliRunner().invoke(main, ["evaluate", "unfair", "--corpus", str(tosdr)])
    assert result.exit_code == 2 and "needs the CLAUDETTE corpus" in result.output
    assert "Traceback" not in result.output
