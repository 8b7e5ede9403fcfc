"""Scoring the unfair-clause model on CLAUDETTE: the committed models, or document-level CV of the recipe.

With the encoder (English, unless `fast`), the combined recipe is cross-validated whole: in each
fold, `training/unfair_encoder.py` splits the training documents, fine-tunes the encoder and
chooses the blend on them; the test documents are then scored with the fold's linear model and
the fold's encoder, exported to int8 ONNX and run by `classify/encoder.py` as `check` runs it.
The fp32 (torch) and linear-only figures of the same folds are reported beside it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ..classify.encoder import ENCODER_LANGUAGES
from ..classify.unfair import LABELS, MODEL_NAME, Classifier
from ..errors import InputError
from ..training.unfair import RECIPE, Corpus, fit_language_model, training_data
from ..training.unfair_tosdr import weak_examples
from ..typography import normalize_typography
from .folds import document_folds
from .metrics import document_metrics, label_metrics


def _with_levels(metrics: dict, Y, P, levels, level_pred) -> dict:
    hits = (Y == 1) & (P == 1)
    metrics["level_accuracy"] = round(float((levels[hits] == level_pred[hits]).mean()), 4) if hits.any() else 0.0
    return metrics


def _scored(data: Corpus, P: np.ndarray, level_scores: np.ndarray) -> dict:
    level_pred = np.where(level_scores >= 0, 3, 2)
    metrics = _with_levels(label_metrics(LABELS, data.Y, P), data.Y, P, data.levels, level_pred)
    metrics["documents_read"] = document_metrics(LABELS, data.docs, data.Y, P)
    return metrics


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _combined_fold(corpus: Path, lang: str, train_docs: list[str], test_texts: list[str], margins: np.ndarray,
                   weak, encoder_recipe) -> dict:
    """Fit the combined recipe on `train_docs`; scores of the test rows: fp32 (torch) and int8 (ONNX)."""
    from ..classify.encoder import Classifier as Encoder
    from ..training.unfair_encoder import fit_combined, save_encoder

    fitted = fit_combined(corpus, lang, train_docs, weak=weak, encoder_recipe=encoder_recipe, progress=_say)
    blend = fitted.blend
    candidates = blend.candidates(margins)
    fp32 = fitted.encoder.predict_proba(test_texts)
    with tempfile.TemporaryDirectory() as tmp:
        save_encoder(fitted, Path(tmp), len(train_docs))
        int8 = Encoder.load(Path(tmp)).predict_proba(test_texts)
    return {
        "blend": blend, "candidates": candidates, "log": fitted.log, "encoder_fp32": fp32, "encoder_int8": int8,
        "combined_fp32": blend.flagged(blend.scores(margins, fp32[candidates], candidates)),
        "combined_int8": blend.flagged(blend.scores(margins, int8[candidates], candidates)),
    }


def evaluate(
    corpus: Path, *, model_dir: Path | None = None, cv: int | None = None, lang: str = "en", recipe: dict | None = None,
    fast: bool = False, encoder_recipe=None,
) -> dict:
    """Sentence-level scores on `corpus` for `lang` (and per document: `documents_read`): the
    committed models, or document-level CV of the recipe.

    In CV every fold trains on the other documents only, augmentation variants included
    (a translation of a test document never reaches training: documents are grouped by name).
    """
    recipe = recipe or RECIPE
    data = Corpus.load(corpus, lang)
    n_docs = len(set(data.docs.tolist()))
    with_encoder = not fast and lang in ENCODER_LANGUAGES
    texts = [normalize_typography(t) for t in data.texts]  # tested as `check` reads clauses
    if cv:
        if n_docs < cv:
            raise InputError(f"--cv {cv} needs at least {cv} documents; {corpus} has {n_docs} for {lang}.")
        margins = np.zeros(data.Y.shape, dtype=np.float32)
        level_scores = np.zeros(data.Y.shape, dtype=np.float32)
        combined = {key: np.zeros(data.Y.shape, dtype=bool) for key in ("combined_fp32", "combined_int8")}
        alone = {key: np.zeros(data.Y.shape, dtype=np.float32) for key in ("encoder_fp32", "encoder_int8")}
        screened, folds_log = np.zeros(len(texts), dtype=bool), []
        # ToS;DR points are filtered against all the corpus' documents, so no fold sees its test services
        weak = weak_examples(corpus, lang, LABELS, recipe.get("tosdr"))
        for k, (train_idx, test_idx) in enumerate(document_folds(data.docs, cv), 1):
            train_docs = sorted(set(data.docs[train_idx].tolist()))
            model = fit_language_model(lang, training_data(corpus, lang, recipe, set(train_docs)), recipe, weak)
            # trained on the corpus text as it is; tested as `check` reads clauses (typography normalised)
            _, margins[test_idx], level_scores[test_idx] = model.scores([texts[i] for i in test_idx])
            if with_encoder:
                _say(f"fold {k}/{cv}: fitting the combined recipe on {len(train_docs)} documents")
                fold = _combined_fold(corpus, lang, train_docs, [texts[i] for i in test_idx], margins[test_idx],
                                      weak, encoder_recipe)
                for key in combined:
                    combined[key][test_idx] = fold[key]
                for key in alone:
                    alone[key][test_idx] = fold[key]
                screened[test_idx] = fold["candidates"]
                folds_log.append(fold["log"])
                _say(f"fold {k}/{cv}: {fold['log']}")
        mode = "cv"
    else:
        from ..classify.registry import default_model_dir, get_model

        classifier = Classifier.load(model_dir or default_model_dir(MODEL_NAME))
        _, margins, level_scores = classifier.score_texts(data.texts, lang)
        if with_encoder:
            encoder = get_model("encoder")
            blend = encoder.blend
            screened = blend.candidates(margins)
            scores = encoder.predict_proba([texts[i] for i in np.flatnonzero(screened)])
            combined = {"combined_int8": blend.flagged(blend.scores(margins, scores, screened))}
        mode = "model"
    linear = _scored(data, (margins >= 0).astype(np.int8), level_scores)
    if with_encoder:
        metrics = _scored(data, combined["combined_int8"].astype(np.int8), level_scores)
        metrics["models"] = "linear + encoder (int8)"
        metrics["linear_only"] = linear
        metrics["screened_share"] = round(float(screened.mean()), 4)
        metrics["screened_positive_share"] = round(float(screened[data.Y.any(axis=1)].mean()), 4)
        if cv:
            metrics["combined_fp32"] = _scored(data, combined["combined_fp32"].astype(np.int8), level_scores)
            for key, scores in alone.items():
                metrics[key + "_alone"] = label_metrics(LABELS, data.Y, (scores >= 0.5).astype(np.int8))
            metrics["fold_fits"] = folds_log
    else:
        metrics = linear
        metrics["models"] = "linear"
    metrics.update({"documents": n_docs, "sentences": len(data.texts), "lang": lang, "mode": mode})
    if cv:
        metrics["folds"] = cv
        if weak is not None:
            metrics["tosdr"] = weak.counts
    return metrics
