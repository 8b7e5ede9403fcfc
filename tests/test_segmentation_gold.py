"""Scoring a segmenter against the CLAUDETTE gold (evaluation/segmentation_gold.py)."""

from __future__ import annotations


import pytest

from contractlens.evaluation.segmentation_gold import align_sentences, boundary_score


def test_align_sentences_ignores_whitespace_differences():
    text = "Hello  world.\n\nSecond   one here."
    spans, missing = align_sentences(text, ["Hello world.", "Second one  here.", "not there"])
    assert missing == 1
    assert [text[a:b] for a, b in spans] == ["Hello  world.", "Second   one here."]


def test_boundary_score_exact_and_with_tolerance():
    exact = boundary_score([10, 20, 30], [10, 21, 30, 40])
    assert (exact.true_positives, exact.predicted, exact.gold) == (2, 4, 3)
    assert exact.precision == pytest.approx(0.5) and exact.recall == pytest.approx(2 / 3)
    assert boundary_score([10, 20, 30], [10, 21, 30, 40], tolerance=1).true_positives == 3
