"""`train answers` and `evaluate flags --set ... --cv K` on two small labelled sets of real OTA clauses."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contractlens.classify.answer_check import Classifier
from contractlens.cli import main
from contractlens.training.answer_check import THRESHOLDS

SETS = [Path(__file__).parent.parent / "fixtures" / "data_answers" / name for name in ("set2.jsonl", "set3.jsonl")]


def _set_options() -> list[str]:
    return [option for path in SETS for option in ("--set", str(path))]


def test_train_answers_writes_a_check_that_loads(ota_dir, tmp_path):
    result = CliRunner().invoke(main, ["train", "answers", "--corpus", str(ota_dir), *_set_options(),
                                       "--out", str(tmp_path / "answers")])
    assert result.exit_code == 0, result.output
    check = Classifier.load(tmp_path / "answers")
    assert check.version.startswith("answer-check-lr-") and check.threshold in THRESHOLDS
    assert set(check.checked) <= set(check.questions)
    meta = json.loads((tmp_path / "answers" / "meta.json").read_text())
    assert meta["trained_on"]["sets"] == ["set2.jsonl", "set3.jsonl"] and meta["trained_on"]["services"] == 24


def test_cross_validation_by_service_only_removes_answers(ota_dir):
    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(ota_dir), *_set_options(), "--cv", "2",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)  # progress lines go to stderr
    assert report["judgements"] == 265 and len(report["folds"]) == 2
    before, after = report["without_check"]["per_label"], report["with_check"]["per_label"]
    assert set(before) == set(after)
    for question in before:  # the check never adds an answer, so it can never raise recall
        assert after[question]["answered"] <= before[question]["answered"]
        assert after[question]["recall"] <= before[question]["recall"]
    assert all(fold["threshold"] in THRESHOLDS for fold in report["folds"])
