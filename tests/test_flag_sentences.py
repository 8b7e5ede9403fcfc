"""The flags on labelled sentences: the regression set and the set written apart from the rules, side by side."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from contractlens.cli import main
from contractlens.evaluation.flag_sentences import load_sentence_set, score_sentences

FIXTURES = Path(__file__).parent / "fixtures"
REGRESSION, INDEPENDENT = FIXTURES / "flags", FIXTURES / "flags_independent"
# sha256 over the independent set's files (name and bytes, sorted): the set is frozen, never edited to fit
INDEPENDENT_SHA256 = "33422835a140591bec98e96ec7dba6d29c193d4cd54d92ee5d7fdd1fcb6ab7b0"


def _digest(directory: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.jsonl")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_the_independent_set_is_frozen_and_covers_every_flag():
    assert _digest(INDEPENDENT) == INDEPENDENT_SHA256, "the independent set is frozen: add a new set instead"
    assert set(load_sentence_set(INDEPENDENT)) == set(load_sentence_set(REGRESSION))


def test_scores_count_what_the_rules_get_right_and_wrong():
    rows = [{"text": "We sell your personal information to data brokers.", "fires": True, "polarity": "does"},
            {"text": "We do not sell your personal information.", "fires": True, "polarity": "does"},  # wrong polarity
            {"text": "Prices of products we sell include VAT.", "fires": False, "polarity": None}]
    result = score_sentences("sale", rows)
    assert (result["precision"], result["recall"], result["polarity_accuracy"]) == (1.0, 1.0, 0.5)
    assert result["errors"] == ["wrong polarity/attributes: We do not sell your personal information."]


def test_evaluate_flags_reports_both_sets_side_by_side():
    runner = CliRunner()
    args = ["evaluate", "flags", "--sentences", str(REGRESSION), "--sentences", str(INDEPENDENT)]
    result = runner.invoke(main, args + ["--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report["sets"]) == ["flags", "flags_independent"]
    counts = {name: sum(len(rows) for rows in load_sentence_set(d).values()) for name, d in
              (("flags", REGRESSION), ("flags_independent", INDEPENDENT))}
    for name, data in report["sets"].items():
        assert data["sentences"] == counts[name]
        for side in ("rules", "with_model"):
            per_flag = data[side]["per_flag"]
            assert len(per_flag) == 14
            macro = sum(row["recall"] for row in per_flag.values()) / len(per_flag)
            assert abs(data[side]["macro_recall"] - round(macro, 4)) < 1e-4
    assert report["sets"]["flags"]["rules"]["macro_precision"] >= 0.95  # the regression set: the rules' own
    text = runner.invoke(main, args)
    assert text.exit_code == 0
    assert "flags_independent" in text.output.splitlines()[2] and "macro-recall" in text.output


def test_sentence_sets_refuse_bad_input_in_one_line(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["evaluate", "flags", "--sentences", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "not found" in missing.output
    (tmp_path / "sale.jsonl").write_text('{"text": "x"}\n')
    broken = runner.invoke(main, ["evaluate", "flags", "--sentences", str(tmp_path)])
    assert broken.exit_code == 2 and "sale.jsonl:1: not a labelled sentence" in broken.output
    mixed = runner.invoke(main, ["evaluate", "practices", "--sentences", str(REGRESSION)])
    assert mixed.exit_code == 2 and "--sentences" in mixed.output
    no_corpus = runner.invoke(main, ["evaluate", "flags"])
    assert no_corpus.exit_code == 2 and "--corpus" in no_corpus.output
