"""Fitting the OPP-115 data-practice model (the recipe: see `classify/practices.py` and the model card).

Thresholds come from an inner GroupKFold over the training policies only; the learned
harvesting-flag labels are fitted on the same feature rows (`training.flags`).
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import numpy as np

from ..classify.flags_learned import LearnedFlags
from ..classify.persist import arrays_digest, save_model
from ..classify.practices import LABELS, MODEL_NAME, PracticeModel
from ..classify.textmodel import LinearLabels, NgramTfidf, best_thresholds, fit_weighted_labels

RECIPE = {
    "ngrams": {
        "word": {"analyzer": "word", "ngram_range": [1, 2], "min_df": 2, "token_pattern": r"(?u)\b\w+\b"},
        "char": {"analyzer": "char_wb", "ngram_range": [2, 5], "min_df": 3},
    },
    "C": 0.3,
    "train_votes": 2,  # a training positive needs this many annotators (evaluation always uses 2)
    "augment_sentences": False,
    "inner_folds": 3,
    "context": 0.5,  # weight of the previous/next segment's n-grams (0 = off); adds position indicators
    "keywords": 0.0,  # weight of the hand-written keyword indicators (0 = off)
    "drop_minority_negatives": True,  # a 1-annotator segment is not a negative of that category
    "flags_C": 0.3,  # C of the learned harvesting-flag labels (training.flags)
    "retention_rule": True,  # retention = model OR the retention-period flag rule (a stated period)
}

_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[A-Z(\"'-])|\n+")


def split_sentences(text: str, min_words: int = 4) -> list[str]:
    """Rough sentence split of a training segment, to mimic contractlens's shorter clauses."""
    pieces = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in pieces if len(p.split()) >= min_words]


def training_weights(votes: np.ndarray, recipe: dict) -> np.ndarray | None:
    """Per (segment, label) weight: 0 for a negative that one annotator did call positive."""
    if not recipe.get("drop_minority_negatives"):
        return None
    return np.where((votes > 0) & (votes < 2), 0.0, 1.0)


def _training_rows(texts: list[str], targets: np.ndarray, augment: bool):
    """Segments, plus (optionally) their sentences carrying the segment's targets."""
    if not augment:
        return texts, targets
    rows, labels = list(texts), [targets]
    for text, target in zip(texts, targets):
        sentences = split_sentences(text)
        if len(sentences) > 1:
            rows.extend(sentences)
            labels.append(np.tile(target, (len(sentences), 1)))
    return rows, np.vstack(labels)


def _fit_once(texts: list[str], votes: np.ndarray, groups: list[str], recipe: dict) -> PracticeModel:
    targets = (votes >= recipe["train_votes"]).astype(np.int8)
    features = NgramTfidf(recipe["ngrams"])
    if recipe["augment_sentences"]:  # sentence copies have no neighbours: no context, no weights
        rows, row_targets = _training_rows(texts, targets, True)
        linear = LinearLabels.fit(LABELS, features.fit_transform(rows), row_targets, C=recipe["C"])
        return PracticeModel(features, linear, dict(recipe, context=0, keywords=0))
    features.fit(texts)
    model = PracticeModel(features, None, recipe)
    X = model.matrix(texts, groups)
    weights = training_weights(votes, recipe)
    if weights is None:
        model.linear = LinearLabels.fit(LABELS, X, targets, C=recipe["C"])
    else:
        model.linear = fit_weighted_labels(LABELS, X, targets, weights, recipe["C"])
    return model


def inner_splits(groups: list[str], recipe: dict = RECIPE) -> list[tuple[np.ndarray, np.ndarray]]:
    """The inner GroupKFold over the training policies that thresholds are tuned on ([] below 2 policies)."""
    inner = min(recipe["inner_folds"], len(set(groups)))
    if inner < 2:
        return []
    from sklearn.model_selection import GroupKFold  # training-time only: keeps loading fast

    return list(GroupKFold(n_splits=inner).split(np.zeros(len(groups)), groups=np.asarray(groups)))


def fit_recipe_scored(texts: list[str], votes: np.ndarray, groups: list[str], recipe: dict = RECIPE):
    """`fit_recipe`, plus the inner out-of-fold scores its thresholds were tuned on (None below 2 policies)."""
    texts, groups = list(texts), list(groups)
    model = _fit_once(texts, votes, groups, recipe)
    splits = inner_splits(groups, recipe)
    if not splits:
        return model, None
    oof = np.zeros(votes.shape, dtype=np.float32)
    for tr, te in splits:
        part = _fit_once([texts[i] for i in tr], votes[tr], [groups[i] for i in tr], recipe)
        oof[te] = part.decision([texts[i] for i in te], [groups[i] for i in te])
    model.linear.thresholds = best_thresholds(oof, (votes >= 2).astype(np.int8))
    return model, oof


def fit_recipe(texts: list[str], votes: np.ndarray, groups: list[str], recipe: dict = RECIPE) -> PracticeModel:
    """Fit on all given segments; thresholds come from an inner GroupKFold over the same policies.

    `votes[i, j]` = annotators who gave segment i label j; thresholds target the majority (≥ 2).
    """
    return fit_recipe_scored(texts, votes, groups, recipe)[0]


def corpus_segments(corpus: Path):
    """The OPP-115 segments of a corpus directory (datasets.opp115)."""
    from .datasets.opp115 import load_segments

    return load_segments(corpus)


def corpus_matrix(segments):
    """Texts, annotator-vote matrix (segments × LABELS) and policy names of OPP-115 segments."""
    texts = [s.text for s in segments]
    votes = np.array([[s.annotators.get(label, 0) for label in LABELS] for s in segments], dtype=np.int8)
    return texts, votes, [s.policy for s in segments]


def fit_model_flags(model: PracticeModel, segments, recipe: dict = RECIPE) -> LearnedFlags:
    """Learned harvesting flags over `model`'s feature rows of the OPP-115 `segments`."""
    from .flags import fit_on_segments

    X = model.matrix([s.text for s in segments], [s.policy for s in segments])
    return fit_on_segments(X, segments, C=recipe["flags_C"], inner=recipe["inner_folds"]).flags_


def train(corpus: Path, out: Path, leave_out: frozenset[str] = frozenset()) -> dict:
    """Train on every policy in `corpus` but those whose id is in `leave_out` ("1017": documents a
    labelled set is scored on, so that the model measured on them never saw them) and write it to `out`."""
    start = time.perf_counter()
    from .datasets.opp115 import policy_id

    segments = [s for s in corpus_segments(Path(corpus)) if policy_id(s.policy) not in leave_out]
    texts, votes, groups = corpus_matrix(segments)
    model = fit_recipe(texts, votes, groups)
    flags = fit_model_flags(model, segments)
    feature_meta, arrays = model.features.state("features_")
    linear_meta, linear_arrays = model.linear.state("linear_")
    flags_meta, flags_arrays = flags.state("flags_")
    arrays.update(linear_arrays)
    arrays.update(flags_arrays)
    # the recipe joins the digest: its rules (DNT, retention) change decisions without changing arrays
    recipe_bytes = np.frombuffer(json.dumps(model.recipe, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    variant = ("svm-ctx" if RECIPE["context"] else "svm") + "-flags"
    version = f"{MODEL_NAME}-{variant}-{date.today().isoformat()}-{arrays_digest({**arrays, 'recipe': recipe_bytes})}"
    meta = {
        "name": MODEL_NAME,
        "version": version,
        "labels": LABELS,
        "recipe": model.recipe,
        "features": feature_meta,
        "linear": linear_meta,
        "flags": flags_meta,
        "trained_on": {"corpus": "OPP-115", "policies": len(set(groups)), "segments": len(texts),
                       **({"left_out": sorted(leave_out)} if leave_out else {})},
    }
    save_model(out, meta, arrays)
    return {
        "version": version,
        "policies": len(set(groups)),
        "segments": len(texts),
        "features": model.features.n_features,
        "flag_modes": flags.modes,
        "seconds": round(time.perf_counter() - start, 1),
    }
