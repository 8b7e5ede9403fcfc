"""The encoder probe of the data-practice model: do frozen MiniLM embeddings add to the linear model?

`contractlens evaluate practices --cv K --encoder-probe` scores three variants by the same
GroupKFold by policy as `evaluate practices --cv K`, with everything chosen inside the training
folds:
- today's recipe, exactly as `practices_cv.cross_validate` fits and fires it;
- the embeddings alone: one class-weighted logistic regression per category over the frozen
  encoder's mean-pooled embedding of the segment (256 tokens), thresholds tuned on the inner
  folds' out-of-fold probabilities;
- the blend `w · σ(2·margin) + (1 − w) · p` of the linear model's score and that probability, the
  weight w (per category, from BLEND_WEIGHTS) and the threshold chosen on the inner out-of-fold
  scores of both models (the inner folds are those the linear model tunes its thresholds on).
All three union the same phrase rules as today's model (Do Not Track, retention period), so the
differences are the scorers'. The encoder is not fine-tuned (see the model card for the cost of
that), and nothing here ships: it measures whether an encoder is worth building for this model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..classify.practices import LABELS, LANGUAGES
from ..classify.textmodel import best_threshold, best_thresholds
from ..errors import InputError
from ..training.practices import RECIPE, corpus_matrix, corpus_segments, fit_recipe_scored, inner_splits, training_weights
from ..training.sentence_embeddings import cached_embeddings
from .folds import document_folds
from .metrics import label_metrics

BLEND_WEIGHTS = np.round(np.linspace(0.0, 1.0, 11), 2)  # weight of the linear model's score
EMBEDDING_C = 1.0
VARIANTS = ("linear", "embeddings", "blend")


def linear_probability(margin: np.ndarray) -> np.ndarray:
    """The linear model's own score in [0, 1]: 1 / (1 + e^(−2·margin)), 0.5 at the SVM's margin 0."""
    return 1.0 / (1.0 + np.exp(-2.0 * np.asarray(margin, dtype=np.float64)))


def fit_embedding_labels(E: np.ndarray, votes: np.ndarray, recipe: dict = RECIPE, C: float = EMBEDDING_C):
    """(coef labels × width, intercept) of one class-weighted logistic regression per label.

    Targets and training weights follow the linear recipe: a positive needs `train_votes`
    annotators, and a segment one annotator gave the label is left out of its negatives.
    A label with one class only in the training rows gets a constant score (0 weights, ±∞-like bias).
    """
    from sklearn.linear_model import LogisticRegression

    targets = (votes >= recipe["train_votes"]).astype(np.int8)
    weights = training_weights(votes, recipe)
    coef = np.zeros((votes.shape[1], E.shape[1]), dtype=np.float64)
    intercept = np.zeros(votes.shape[1], dtype=np.float64)
    for j in range(votes.shape[1]):
        keep = np.ones(len(E), dtype=bool) if weights is None else weights[:, j] > 0
        y = targets[keep, j]
        if y.min() == y.max():
            intercept[j] = 20.0 if y[0] else -20.0
            continue
        fitted = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit(E[keep], y)
        coef[j], intercept[j] = fitted.coef_[0], fitted.intercept_[0]
    return coef, intercept


def embedding_probability(params, E: np.ndarray) -> np.ndarray:
    coef, intercept = params
    return 1.0 / (1.0 + np.exp(-(E @ coef.T + intercept)))


def blend(margins: np.ndarray, probabilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per label j: weights[j] · σ(2·margin) + (1 − weights[j]) · probability."""
    weights = np.asarray(weights, dtype=np.float64)
    return weights * linear_probability(margins) + (1.0 - weights) * probabilities


def _f1_at(scores: np.ndarray, y: np.ndarray, threshold: float) -> float:
    fired = scores >= threshold
    tp = float(np.sum(fired & (y > 0)))
    denominator = float(fired.sum() + (y > 0).sum())
    return 2 * tp / denominator if denominator else 0.0


def choose_blend(margins: np.ndarray, probabilities: np.ndarray, gold: np.ndarray,
                 candidates=BLEND_WEIGHTS) -> tuple[np.ndarray, np.ndarray]:
    """Per label, the blend weight and threshold with the best F1 on these (out-of-fold) scores.

    Ties go to the larger linear weight, i.e. to the model that already runs.
    """
    weights = np.ones(gold.shape[1])
    thresholds = np.zeros(gold.shape[1])
    for j in range(gold.shape[1]):
        best = (-1.0, 1.0, 0.5)
        for w in sorted(candidates, reverse=True):
            scores = w * linear_probability(margins[:, j]) + (1 - w) * probabilities[:, j]
            cut = best_threshold(scores, gold[:, j], default=0.5)
            f1 = _f1_at(scores, gold[:, j], cut)
            if f1 > best[0] + 1e-12:
                best = (f1, w, cut)
        weights[j], thresholds[j] = best[1], best[2]
    return weights, thresholds


def _with_rules(fired: np.ndarray, rules: dict[str, np.ndarray]) -> np.ndarray:
    fired = fired.copy()
    for label, hits in rules.items():
        fired[:, LABELS.index(label)] |= hits
    return fired


def probe_fold(texts, votes, groups, E, recipe: dict = RECIPE) -> dict:
    """Fit all three variants on one training fold: the linear model, the embedding labels, the choices.

    Everything chosen here (thresholds, blend weights) is chosen on the inner out-of-fold scores
    of these training rows only.
    """
    texts, groups = list(texts), list(groups)
    gold = (votes >= 2).astype(np.int8)
    model, margins = fit_recipe_scored(texts, votes, groups, recipe)
    probabilities = np.zeros(votes.shape)
    for tr, te in inner_splits(groups, recipe):
        probabilities[te] = embedding_probability(fit_embedding_labels(E[tr], votes[tr], recipe), E[te])
    params = fit_embedding_labels(E, votes, recipe)
    if margins is None:  # too few policies for inner folds: the linear model alone, as today
        weights, cuts, embedding_cuts = np.ones(votes.shape[1]), np.full(votes.shape[1], 0.5), np.full(votes.shape[1], 0.5)
    else:
        weights, cuts = choose_blend(margins, probabilities, gold)
        embedding_cuts = best_thresholds(probabilities, gold)
    return {"model": model, "params": params, "weights": weights, "cuts": cuts, "embedding_cuts": embedding_cuts}


def score_fold(fitted: dict, texts, groups, E) -> dict[str, np.ndarray]:
    """Boolean predictions (rows × LABELS) of each variant on test rows."""
    model = fitted["model"]
    margins = model.decision(list(texts), list(groups))
    probabilities = embedding_probability(fitted["params"], E)
    rules = model.rule_hits(list(texts))
    return {
        "linear": model.fire(list(texts), scores=margins, rules=rules),
        "embeddings": _with_rules(probabilities >= fitted["embedding_cuts"], rules),
        "blend": _with_rules(blend(margins, probabilities, fitted["weights"]) >= fitted["cuts"], rules),
    }


def cross_validate_probe(texts, votes, groups, E, folds: int, recipe: dict = RECIPE, progress=None) -> dict:
    """Out-of-fold predictions of every variant, plus the blend weights each fold chose."""
    predictions = {name: np.zeros(votes.shape, dtype=bool) for name in VARIANTS}
    chosen = []
    for k, (tr, te) in enumerate(document_folds(groups, folds), 1):
        fitted = probe_fold([texts[i] for i in tr], votes[tr], [groups[i] for i in tr], E[tr], recipe)
        scored = score_fold(fitted, [texts[i] for i in te], [groups[i] for i in te], E[te])
        for name in VARIANTS:
            predictions[name][te] = scored[name]
        chosen.append(dict(zip(LABELS, map(float, fitted["weights"]))))
        if progress:
            progress(f"fold {k}/{folds} done")
    return {"predictions": predictions, "blend_weights": chosen}


def probe_metrics(votes: np.ndarray, predictions: dict[str, np.ndarray]) -> dict:
    """label_metrics of each variant against the majority gold."""
    gold = (votes >= 2).astype(np.int8)
    return {name: label_metrics(LABELS, gold, predicted) for name, predicted in predictions.items()}


def evaluate_encoder_probe(corpus, folds: int, *, lang: str = "en", progress=None) -> dict:
    """The probe on an OPP-115 directory: each variant's figures, the blend weights, the embedding cost."""
    if lang not in LANGUAGES:
        raise InputError("the practices model is English only (OPP-115 is an English corpus).")
    texts, votes, groups = corpus_matrix(corpus_segments(Path(corpus)))
    if len(set(groups)) < folds:
        raise InputError(f"cannot run {folds}-fold cross-validation on {len(set(groups))} policies.")
    E, embedding = cached_embeddings(texts, max_length=256, progress=progress)
    run = cross_validate_probe(texts, votes, groups, E, folds, progress=progress)
    weights = np.array([[row[label] for label in LABELS] for row in run["blend_weights"]])
    return {
        "variants": probe_metrics(votes, run["predictions"]),
        "blend_weights": {label: [float(w) for w in weights[:, j]] for j, label in enumerate(LABELS)},
        "embedding": {**embedding, "max_tokens": 256, "model": "all-MiniLM-L6-v2 (frozen, mean-pooled)"},
        "documents": len(set(groups)),
        "sentences": len(texts),
        "mode": f"{folds}-fold GroupKFold by policy; blend weights and thresholds from inner folds",
    }
