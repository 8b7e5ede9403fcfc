"""Fitting the unfair-clause model (CLAUDETTE categories, levels 2/3) for en, de, it and pl.

Recipe (models/unfair/model-card.md has the experiment log and why it won): per language,
TF-IDF over word 1-3-grams and character 2-5-grams plus a few legal-phrase columns
(`classify/features.py`), one class-weighted linear SVM per category, decision at the margin.
English also learns from ToS;DR quotes of other services (`unfair_tosdr.py`): each category
model is then the mean of two SVMs, which is still one linear model.
A second small linear model per category tells level 3 (clearly) from 2 (potentially).
The run-time model (`classify/unfair.py`) only loads and predicts.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..classify.features import relevant_columns
from ..classify.persist import arrays_digest, save_model
from ..classify.textmodel import DEFAULT_NGRAMS, LinearLabels, NgramTfidf, fit_linear_svm
from ..classify.unfair import LABELS, LANGUAGES, MODEL_NAME, LanguageModel
from ..errors import InputError
from ..taxonomy import UNFAIR
from .datasets.claudette import load_sentences, variants
from .unfair_tosdr import WeakExamples, member_weights, weak_examples

RECIPE = {
    "ngrams": DEFAULT_NGRAMS,
    "C": 0.2,
    "phrase_weight": 0.3,
    # lang -> machine-translated copies of the same (training) documents, added to training
    "augment": {
        "en": ["translated_from_de_google", "translated_from_it_google", "translated_from_pl_google"],
        "de": ["translated_from_en_google"],
        "it": ["translated_from_en_google"],
        "pl": ["translated_from_en_google"],
    },
    "level_min_examples": 5,
    # ToS;DR quotes (unfair_tosdr.py; CC BY-SA 3.0): each category's coefficients are the mean
    # of one SVM per member, trained with the member's weights on mapped positives / other quotes
    "tosdr": {
        "languages": ["en"],
        "members": [{"positive_weight": 0.0, "negative_weight": 1.0}, {"positive_weight": 1.0, "negative_weight": 1.0}],
    },
}


class Corpus:
    """Sentences of one language (plus aligned augmentation variants) as arrays."""

    def __init__(self, texts: list[str], docs: list[str], Y: np.ndarray, levels: np.ndarray):
        self.texts, self.docs, self.Y, self.levels = texts, np.asarray(docs), Y, levels

    @classmethod
    def load(cls, corpus_dir: Path, lang: str, variant: str = "original") -> "Corpus":
        sentences = load_sentences(corpus_dir, lang=lang, variant=variant)
        levels = np.zeros((len(sentences), len(LABELS)), dtype=np.int8)
        for i, sentence in enumerate(sentences):
            for label, level in sentence.labels.items():
                if label in UNFAIR:
                    levels[i, LABELS.index(label)] = level
        return cls([s.text for s in sentences], [s.doc for s in sentences], (levels > 0).astype(np.int8), levels)

    def subset(self, mask: np.ndarray) -> "Corpus":
        index = np.flatnonzero(mask)
        return Corpus([self.texts[i] for i in index], self.docs[index], self.Y[index], self.levels[index])

    @staticmethod
    def concat(parts: list["Corpus"]) -> "Corpus":
        return Corpus(
            [t for p in parts for t in p.texts],
            np.concatenate([p.docs for p in parts]),
            np.vstack([p.Y for p in parts]),
            np.vstack([p.levels for p in parts]),
        )


def fit_language_model(lang: str, data: Corpus, recipe: dict, weak: WeakExamples | None = None) -> LanguageModel:
    """Fit on `data`; with `weak` rows (ToS;DR) each category model is the mean of one SVM per
    recipe member. Weak rows never reach the vocabulary, idf or level models."""
    vectorizer = NgramTfidf(recipe["ngrams"]).fit(data.texts)
    model = LanguageModel(lang, vectorizer, None, None, recipe["phrase_weight"])
    X = model.features(data.texts)
    X_weak = model.features(weak.texts) if weak is not None and weak.texts else None
    members = recipe["tosdr"]["members"] if X_weak is not None else [None]
    n_ngrams = vectorizer.n_features
    rows, intercepts = [], []
    for j, label in enumerate(LABELS):
        # each category sees the n-grams plus only its own phrase groups
        columns = np.r_[np.arange(n_ngrams), n_ngrams + relevant_columns(label)]
        fitted = []
        for member in members:
            if member is None:
                fitted.append(_fit_category(X[:, columns], data.Y[:, j], recipe["C"]))
                continue
            weights = member_weights(weak, member, j)
            used = weights > 0
            fitted.append(_fit_category(
                sp.vstack([X, X_weak[used]], format="csr")[:, columns],
                np.r_[data.Y[:, j], weak.Y[used, j]],
                recipe["C"],
                np.r_[np.ones(len(data.texts)), weights[used]],
            ))
        coef = np.mean([c for c, _ in fitted], axis=0)
        intercept = float(np.mean([b for _, b in fitted]))
        row = np.zeros(X.shape[1], dtype=np.float32)
        row[columns] = coef
        row[np.abs(row) < 1e-4] = 0.0
        rows.append(row)
        intercepts.append(intercept)
    model.scorer = LinearLabels(LABELS, np.vstack(rows), intercepts)
    model.level_scorer = _fit_levels(X, data, recipe)
    return model


def _fit_category(X, y, C: float, weights=None) -> tuple[np.ndarray, float]:
    """`textmodel.fit_linear_svm` with the recipe's fixed random_state (reproducible versions)."""
    return fit_linear_svm(X, y, C=C, sample_weight=weights, random_state=0)


def _fit_levels(X, data: Corpus, recipe: dict) -> LinearLabels:
    """Per category: level 3 vs 2 on that category's positives; the majority level if too few."""
    rows, intercepts = [], []
    for j in range(len(LABELS)):
        positives = np.flatnonzero(data.Y[:, j])
        is_clear = (data.levels[positives, j] == 3).astype(np.int8)
        n_clear, n_potential = int(is_clear.sum()), int(len(is_clear) - is_clear.sum())
        if min(n_clear, n_potential) >= recipe["level_min_examples"]:
            coef, intercept = _fit_category(X[positives], is_clear, recipe["C"])
        else:
            coef, intercept = np.zeros(X.shape[1], dtype=np.float32), (1.0 if n_clear > n_potential else -1.0)
        rows.append(coef)
        intercepts.append(intercept)
    return LinearLabels(LABELS, np.vstack(rows), intercepts)


def training_data(corpus_dir: Path, lang: str, recipe: dict, docs: set[str] | None = None) -> Corpus:
    """Native sentences of `lang` plus the recipe's augmentation variants, limited to `docs`."""
    parts = [Corpus.load(corpus_dir, lang)]
    available = set(variants(corpus_dir, lang))
    for variant in recipe["augment"].get(lang, []):
        if variant in available:
            parts.append(Corpus.load(corpus_dir, lang, variant))
    data = Corpus.concat(parts)
    return data if docs is None else data.subset(np.isin(data.docs, sorted(docs)))


def _languages_in(corpus_dir: Path) -> list[str]:
    return [lang for lang in LANGUAGES if (Path(corpus_dir) / "sentences" / lang / "original").is_dir()]


def train(corpus: Path, out: Path, *, recipe: dict | None = None) -> dict:
    """Train one model per language found in `corpus` and write it to `out` with a version string."""
    recipe = recipe or RECIPE
    languages = _languages_in(corpus)
    if not languages:
        raise InputError(f"{corpus} has no CLAUDETTE sentences (expected sentences/<lang>/original/).")
    start = time.perf_counter()
    meta = {"name": MODEL_NAME, "labels": LABELS, "recipe": recipe, "languages": {}, "trained_on": {}}
    arrays: dict = {}
    for lang in languages:
        data = training_data(corpus, lang, recipe)
        weak = weak_examples(corpus, lang, LABELS, recipe.get("tosdr"))
        model = fit_language_model(lang, data, recipe, weak)
        lang_meta, lang_arrays = model.state(lang)
        meta["languages"][lang] = lang_meta
        meta["trained_on"][lang] = {"documents": len(set(data.docs.tolist())), "sentences": len(data.texts)}
        if weak is not None:
            meta["trained_on"][lang]["tosdr"] = weak.counts
        arrays.update(lang_arrays)
    meta["version"] = f"{MODEL_NAME}-{date.today():%Y.%m.%d}-{arrays_digest(arrays)}"
    meta["trained"] = date.today().isoformat()
    save_model(out, meta, arrays)
    size_mb = sum(p.stat().st_size for p in Path(out).iterdir() if p.is_file()) / 1e6
    return {
        "version": meta["version"],
        "languages": ",".join(languages),
        "sentences": sum(v["sentences"] for v in meta["trained_on"].values()),
        "seconds": round(time.perf_counter() - start, 1),
        "size_mb": round(size_mb, 1),
    }
