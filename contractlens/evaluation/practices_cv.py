"""Scoring the OPP-115 data-practice model: the committed model, or cross-validation by policy."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..classify.practices import LABELS, LANGUAGES, MODEL_NAME, Classifier
from ..errors import InputError
from ..training.practices import RECIPE, corpus_matrix, corpus_segments, fit_recipe
from .folds import document_folds
from .metrics import label_metrics


def cross_validate(texts, votes, groups, folds: int, recipe: dict = RECIPE) -> np.ndarray:
    """Out-of-fold predictions by GroupKFold on policies (thresholds tuned inside each fold)."""
    n_groups = len(set(groups))
    if n_groups < folds:
        raise InputError(f"cannot run {folds}-fold cross-validation on {n_groups} policies.")
    predictions = np.zeros(votes.shape, dtype=bool)
    for tr, te in document_folds(groups, folds):
        model = fit_recipe([texts[i] for i in tr], votes[tr], [groups[i] for i in tr], recipe)
        predictions[te] = model.fire([texts[i] for i in te], groups=[groups[i] for i in te])
    return predictions


def evaluate(corpus: Path, *, model_dir=None, cv=None, lang: str = "en") -> dict:
    """Score the committed model on `corpus`, or cross-validate the recipe by policy (cv=K)."""
    if lang not in LANGUAGES:
        raise InputError("the practices model is English only (OPP-115 is an English corpus).")
    texts, votes, groups = corpus_matrix(corpus_segments(Path(corpus)))
    if cv:
        predictions = cross_validate(texts, votes, groups, int(cv))
        mode = f"{int(cv)}-fold GroupKFold by policy"
    else:
        from ..classify.registry import default_model_dir

        classifier = Classifier.load(Path(model_dir) if model_dir else default_model_dir(MODEL_NAME))
        predictions = classifier.model.fire(texts, groups=groups)
        mode = f"committed model {classifier.version}"
    result = label_metrics(LABELS, (votes >= 2).astype(np.int8), predictions)
    result.update({"documents": len(set(groups)), "sentences": len(texts), "mode": mode})
    return result
