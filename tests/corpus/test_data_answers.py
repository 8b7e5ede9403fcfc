"""The data answers scored end to end on the labelled sets of real OTA clauses."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from contractlens.cli import main

# Floors a little under the figures measured at the last change (model card): set 1 must keep
# every flag's precision at 0.90 (issue 18's bar); set 4 was measured once, then its errors were
# read for the second round of general fixes, so it is tuned on too. Set 5 was written by an
# independent labeller, measured once (0.674 macro precision), then tuned on in the third round
# (0.807). Set 6 was written blind by independent labellers and measured once, after the third
# round (0.733 macro precision), then tuned on in the fourth round (0.825). Sets 1-6 are also the
# answer check's training data (models/answers), so their figures with it (set 5 0.910, set 6
# 0.927) are not unseen ones. Set 7 was written blind after all of that, on services in none of
# sets 1-6, and measured once at 57eb76d (0.790 macro precision, 0.905 recall); its errors were then
# read for the fifth round of general fixes (rules alone 0.777 -> 0.858) and the check was retrained on
# sets 1-7 (set 7 with it 0.983, set 6 0.971, set 5 0.946), so set 7 is tuned on too. Set 8 was
# written blind after the fifth round, on services in none of sets 1-7, and measured once at 3fcccd3
# (0.720 macro precision, 0.838 recall); it is training data of the check since the encoder reader
# (sets 1-8; set 8 with it 0.893). On sets 1-8 the check now scores what it learned, not what it
# remembers: the encoder keeps less of its training sets' exact labels than the linear reader did (set 6
# 0.944, set 7 0.944, was 0.971 and 0.983), so those floors are lower. Set 9 was written blind after all
# of that, on services in none of sets 1-8, and measured once per reader (0.817 macro precision, 0.767
# recall with the encoder); its errors were then read for the sixth round (6ed10a1) and the check was
# retrained on sets 1-9 (set 9 with it 0.894), so it is tuned on too. Set 10 was written blind after all of
# that, on OPP-115 policies and CLAUDETTE terms of service (no unseen OTA document was left), and measured
# once: 0.790 macro precision, 0.786 recall with a practices model that never saw its policies, 0.790 /
# 0.822 with the committed one; its errors were read for the seventh round (cf26f10) and the check was
# retrained on sets 1-10 (set 10 with it 0.899). Set 11 was written blind after that, on OPP-115 policies of
# services in none of sets 1-10, and measured once: 0.904 macro precision, 0.695 recall with a practices
# model that never saw its policies, 0.906 / 0.734 with the committed one; its errors were read for the
# eighth round (8974324); it is not training data of the committed check (sets 1-10). Set 12 was written
# blind after that, on the last 20 OPP-115 policies of unseen services, and measured once: 0.864 / 0.651
# with a practices model that never saw its policies (the last test trains one); its errors were read for
# the ninth round (0dfa535). Sets 13 and 14 read ToS;DR quotes of services in no other corpus (no unseen
# document was left in those), so they also need the ToS;DR corpus: set 13 was written blind after the ninth
# round and measured once (0.902 macro precision, 0.931 recall), then its errors were read for the tenth
# round (1055a80; 0.929); set 14 was written blind after that and measured once (0.960 / 0.755, 143
# judgements). Their floors, like set 12's, guard against a change that makes unseen answers worse.
SET12_FLOOR = 0.84


@pytest.mark.parametrize("name,min_precision,min_flag_precision", [
    ("set1.jsonl", 0.95, 0.90), ("set2.jsonl", 0.90, 0.0), ("set3.jsonl", 0.78, 0.0), ("set4.jsonl", 0.84, 0.0),
    ("set5.jsonl", 0.93, 0.0), ("set6.jsonl", 0.93, 0.0), ("set7.jsonl", 0.93, 0.0), ("set8.jsonl", 0.87, 0.0),
    ("set9.jsonl", 0.87, 0.0), ("set10.jsonl", 0.87, 0.0), ("set11.jsonl", 0.90, 0.0),
    ("set12.jsonl", SET12_FLOOR, 0.0),
])
def test_labelled_sets_score_end_to_end(ota_dir, name, min_precision, min_flag_precision):
    scores = _scores(ota_dir, name)
    assert scores["judgements"] >= 90 and scores["macro_precision"] >= min_precision
    assert scores["min_precision"] >= min_flag_precision, {k: v["precision"] for k, v in scores["per_label"].items()}
    if name == "set1.jsonl":  # macro-recall not below the rules before issue 18 (0.840)
        assert scores["macro_recall"] >= 0.84


def _scores(ota_dir, name: str) -> dict:
    """`evaluate flags --set` on one committed set, every judgement located in its document."""
    from pathlib import Path

    path = Path(__file__).parent.parent / "fixtures" / "data_answers" / name
    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(ota_dir), "--set", str(path),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["unlocated"] == [] and scores["missing_documents"] == []
    return scores


@pytest.mark.parametrize("name,documents,min_precision", [("set13.jsonl", 239, 0.90), ("set14.jsonl", 90, 0.93)])
def test_sets_on_tosdr_quotes_score_end_to_end(ota_dir, tosdr_dir, name, documents, min_precision):
    """Sets 13 and 14 point at services' ToS;DR quotes (beside ota/): every document is read, every clause found."""
    scores = _scores(ota_dir, name)
    assert scores["documents"] == documents and scores["macro_precision"] >= min_precision


def test_set12_is_scored_with_a_practices_model_that_never_saw_its_policies(opp115_dir, ota_dir, tmp_path):
    """Set 12's OPP-115 policies are in the committed practices model's training data: the honest figure
    trains the model without them (`--leave-out`) and scores with it (`--practices-model`)."""
    from pathlib import Path

    from contractlens.training.datasets.data_answers import load_set, opp115_policies

    path = Path(__file__).parent.parent / "fixtures" / "data_answers" / "set12.jsonl"
    out = tmp_path / "practices"
    trained = CliRunner().invoke(main, ["train", "practices", "--corpus", str(opp115_dir), "--leave-out", str(path),
                                        "--out", str(out)])
    assert trained.exit_code == 0, trained.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    left_out = opp115_policies(load_set(path))
    assert meta["trained_on"]["left_out"] == sorted(left_out) and len(left_out) == 20
    result = CliRunner().invoke(main, ["evaluate", "flags", "--corpus", str(ota_dir), "--set", str(path),
                                       "--practices-model", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["missing_documents"] == [] and scores["unlocated"] == [] and scores["documents"] == 20
    assert scores["macro_precision"] >= SET12_FLOOR
