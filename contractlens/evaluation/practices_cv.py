"""Scoring the OPP-115 data-practice model: the committed model, or cross-validation by policy."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..classify.practices import LABELS, LANGUAGES, MODEL_NAME, Classifier
from ..errors import InputError
from ..training.practices import corpus_matrix, corpus_segments, cross_validate
from .metrics import label_metrics


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
