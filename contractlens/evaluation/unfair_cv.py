"""Scoring the unfair-clause model on CLAUDETTE: the committed model, or document-level CV of the recipe."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..classify.unfair import LABELS, MODEL_NAME, Classifier
from ..errors import InputError
from ..training.unfair import RECIPE, Corpus, fit_language_model, training_data
from ..training.unfair_tosdr import weak_examples
from ..typography import normalize_typography
from .folds import document_folds
from .metrics import label_metrics


def _with_levels(metrics: dict, Y, P, levels, level_pred) -> dict:
    hits = (Y == 1) & (P == 1)
    metrics["level_accuracy"] = round(float((levels[hits] == level_pred[hits]).mean()), 4) if hits.any() else 0.0
    return metrics


def evaluate(
    corpus: Path, *, model_dir: Path | None = None, cv: int | None = None, lang: str = "en", recipe: dict | None = None
) -> dict:
    """Sentence-level scores on `corpus` for `lang`: the committed model, or document-level CV of the recipe.

    In CV every fold trains on the other documents only, augmentation variants included
    (a translation of a test document never reaches training: documents are grouped by name).
    """
    recipe = recipe or RECIPE
    data = Corpus.load(corpus, lang)
    n_docs = len(set(data.docs.tolist()))
    if cv:
        if n_docs < cv:
            raise InputError(f"--cv {cv} needs at least {cv} documents; {corpus} has {n_docs} for {lang}.")
        margins = np.zeros(data.Y.shape, dtype=np.float32)
        level_scores = np.zeros(data.Y.shape, dtype=np.float32)
        # ToS;DR points are filtered against all the corpus' documents, so no fold sees its test services
        weak = weak_examples(corpus, lang, LABELS, recipe.get("tosdr"))
        for train_idx, test_idx in document_folds(data.docs, cv):
            train_docs = set(data.docs[train_idx].tolist())
            model = fit_language_model(lang, training_data(corpus, lang, recipe, train_docs), recipe, weak)
            # trained on the corpus text as it is; tested as `check` reads clauses (typography normalised)
            test_texts = [normalize_typography(data.texts[i]) for i in test_idx]
            _, margins[test_idx], level_scores[test_idx] = model.scores(test_texts)
        mode = "cv"
    else:
        from ..classify.registry import default_model_dir

        classifier = Classifier.load(model_dir or default_model_dir(MODEL_NAME))
        _, margins, level_scores = classifier.score_texts(data.texts, lang)
        mode = "model"
    P = (margins >= 0).astype(np.int8)
    level_pred = np.where(level_scores >= 0, 3, 2)
    metrics = _with_levels(label_metrics(LABELS, data.Y, P), data.Y, P, data.levels, level_pred)
    metrics.update({"documents": n_docs, "sentences": len(data.texts), "lang": lang, "mode": mode})
    if cv:
        metrics["folds"] = cv
        if weak is not None:
            metrics["tosdr"] = weak.counts
    return metrics
