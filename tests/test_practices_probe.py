"""The encoder probe of the practices model (`evaluate practices --cv K --encoder-probe`)."""

from __future__ import annotations

import numpy as np
from click.testing import CliRunner

from contractlens.cli import main
from contractlens.evaluation.practices_probe import (
    blend,
    choose_blend,
    embedding_probability,
    fit_embedding_labels,
    linear_probability,
)


def _synthetic(seed: int = 0, n: int = 400):
    """Gold for two labels; label 0 is read well only by the embedding, label 1 only by the linear model."""
    rng = np.random.default_rng(seed)
    gold = (rng.random((n, 2)) < 0.3).astype(np.int8)
    noise = rng.normal(size=(n, 2))
    margins = np.where(gold == 1, 0.3, -0.3) + noise * [2.0, 0.1]       # label 0 noisy, label 1 clean
    probabilities = 1 / (1 + np.exp(-(np.where(gold == 1, 2.0, -2.0) + noise[:, ::-1] * [0.2, 4.0])))
    return margins, probabilities, gold


def test_blend_weight_follows_the_model_that_reads_the_label():
    margins, probabilities, gold = _synthetic()
    weights, cuts = choose_blend(margins, probabilities, gold)
    assert weights[0] <= 0.3 and weights[1] >= 0.7
    fired = blend(margins, probabilities, weights) >= cuts
    f1 = [2 * np.sum(fired[:, j] & (gold[:, j] == 1)) / (fired[:, j].sum() + gold[:, j].sum()) for j in range(2)]
    assert min(f1) > 0.95  # the chosen blend separates both labels; neither model alone does
    alone = [(margins[:, 0] >= 0) == gold[:, 0], (probabilities[:, 1] >= 0.5) == gold[:, 1]]
    assert all(agree.mean() < 0.9 for agree in alone)


def test_blend_ties_keep_the_linear_model_and_weight_one_is_the_linear_score():
    margins = np.array([[-1.0], [1.0], [-2.0], [2.0]])
    gold = np.array([[0], [1], [0], [1]], dtype=np.int8)
    weights, cuts = choose_blend(margins, np.full((4, 1), 0.5), gold)  # the embedding adds nothing
    assert weights.tolist() == [1.0]
    np.testing.assert_allclose(blend(margins, np.zeros((4, 1)), weights), linear_probability(margins))
    assert linear_probability(np.array([0.0]))[0] == 0.5


def test_embedding_labels_follow_the_linear_recipe_targets_and_weights():
    rng = np.random.default_rng(1)
    E = rng.normal(size=(120, 8))
    votes = np.zeros((120, 2), dtype=np.int8)
    votes[:, 0] = np.where(E[:, 0] > 0.5, 3, 0)
    votes[E[:, 0] < -1.0, 0] = 1               # one annotator: left out of the negatives, not a positive
    params = fit_embedding_labels(E, votes)   # label 1 has no positive: a constant low score
    p = embedding_probability(params, E)
    assert p[votes[:, 0] == 3, 0].mean() > 0.8 and p[votes[:, 0] == 0, 0].mean() < 0.2
    assert np.all(p[:, 1] < 1e-6)


def test_probe_needs_practices_and_cv(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "unfair", "--corpus", str(tmp_path), "--encoder-probe"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].endswith("use `evaluate practices --cv K`.")
