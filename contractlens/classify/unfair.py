"""Unfair-clause classifier (CLAUDETTE categories, levels 2/3) for en, de, it and pl.

Recipe (models/unfair/model-card.md has the experiment log and why it won): per language,
TF-IDF over word 1-3-grams and character 2-5-grams plus a few legal-phrase columns
(`features.py`), one class-weighted linear SVM per category, decision at the margin.
English also learns from ToS;DR quotes of other services (`unfair_tosdr.py`): each category
model is then the mean of two SVMs, which is still one linear model.
A second small linear model per category tells level 3 (clearly) from 2 (potentially).
Everything is stored as arrays + JSON through `classify.persist` (no pickle).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..datasets.claudette import load_sentences, variants
from ..errors import InputError, ModelError
from ..taxonomy import UNFAIR, describe
from ..types import Clause, Finding
from ..typography import normalize_typography
from .persist import arrays_digest, load_model, save_model
from .features import GROUPS, patterns_digest, phrase_match, phrase_matrix, relevant_columns
from .textmodel import DEFAULT_NGRAMS, LinearLabels, NgramTfidf, fit_linear_svm, label_metrics, readable_evidence
from .unfair_rules import apply_unfair_rules
from .unfair_tosdr import WeakExamples, member_weights, weak_examples

LABELS = list(UNFAIR)
LANGUAGES = ("en", "de", "it", "pl")
MODEL_NAME = "unfair"
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


class LanguageModel:
    """Vectoriser + phrase features + category scorer + level scorer for one language."""

    def __init__(self, lang: str, vectorizer: NgramTfidf, scorer: LinearLabels, level_scorer: LinearLabels,
                 phrase_weight: float):
        self.lang, self.vectorizer, self.phrase_weight = lang, vectorizer, phrase_weight
        self.scorer, self.level_scorer = scorer, level_scorer

    @classmethod
    def fit(cls, lang: str, data: Corpus, recipe: dict, weak: WeakExamples | None = None) -> "LanguageModel":
        """Fit on `data`; with `weak` rows (ToS;DR) each category model is the mean of one SVM per
        recipe member. Weak rows never reach the vocabulary, idf or level models."""
        vectorizer = NgramTfidf(recipe["ngrams"]).fit(data.texts)
        model = cls(lang, vectorizer, None, None, recipe["phrase_weight"])
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

    def features(self, texts: list[str]):
        return sp.hstack(
            [self.vectorizer.transform(texts), phrase_matrix(texts, self.lang, self.phrase_weight)],
            format="csr",
        )

    def scores(self, texts: list[str]):
        """(features, category scores minus thresholds, level-3 scores)."""
        X = self.features(texts)
        return X, self.scorer.decision(X) - self.scorer.thresholds, self.level_scorer.decision(X)

    def evidence(self, text: str, x_row, label_index: int, k: int = 5) -> list[str]:
        """The n-grams and legal phrases of `text` that pushed the score of this category up most."""
        n_ngrams = self.vectorizer.n_features

        def feature_name(column: int) -> tuple[str, str]:
            if column < n_ngrams:
                return self.vectorizer.feature_name(column)
            return "word", phrase_match(text, self.lang, column - n_ngrams) or ""

        return readable_evidence(text, feature_name, self.scorer.contributions(x_row, label_index), k)

    def state(self, lang: str) -> tuple[dict, dict]:
        meta = {"phrase_weight": self.phrase_weight, "phrase_groups": GROUPS, "phrase_patterns": patterns_digest()}
        arrays: dict = {}
        for part, obj in (("vec", self.vectorizer), ("cat", self.scorer), ("lvl", self.level_scorer)):
            part_meta, part_arrays = obj.state(f"{lang}.{part}.")
            meta[part] = part_meta
            arrays.update(part_arrays)
        return meta, arrays

    @classmethod
    def from_state(cls, lang: str, meta: dict, arrays: dict) -> "LanguageModel":
        if meta.get("phrase_groups") != GROUPS or meta.get("phrase_patterns", patterns_digest()) != patterns_digest():
            raise ModelError("the unfair model was trained with other phrase patterns; retrain it")
        return cls(
            lang,
            NgramTfidf.from_state(meta["vec"], arrays, f"{lang}.vec."),
            LinearLabels.from_state(meta["cat"], arrays, f"{lang}.cat."),
            LinearLabels.from_state(meta["lvl"], arrays, f"{lang}.lvl."),
            meta["phrase_weight"],
        )


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


def _training_data(corpus_dir: Path, lang: str, recipe: dict, docs: set[str] | None = None) -> Corpus:
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
        data = _training_data(corpus, lang, recipe)
        weak = weak_examples(corpus, lang, LABELS, recipe.get("tosdr"))
        model = LanguageModel.fit(lang, data, recipe, weak)
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


class Classifier:
    """The committed unfair-clause model: one `LanguageModel` per language, loaded lazily."""

    def __init__(self, meta: dict, arrays: dict):
        self.meta, self._arrays = meta, arrays
        self.version: str = meta["version"]
        self.languages: list[str] = list(meta["languages"])
        self._models: dict[str, LanguageModel] = {}

    @classmethod
    def load(cls, directory: Path) -> "Classifier":
        meta, arrays = load_model(directory)
        if meta.get("name") != MODEL_NAME:
            raise ModelError(f"{directory} does not hold an unfair-clause model")
        return cls(meta, arrays)

    def language_model(self, lang: str) -> LanguageModel:
        """The model for `lang`, or the English one for a language the model was not trained on."""
        lang = lang if lang in self.languages else ("en" if "en" in self.languages else self.languages[0])
        if lang not in self._models:
            self._models[lang] = LanguageModel.from_state(lang, self.meta["languages"][lang], self._arrays)
        return self._models[lang]

    def score_texts(self, texts: list[str], lang: str):
        """(features, category margins ≥ 0 when flagged, level-3 margins) for raw sentences, read
        with typography normalised as `check` reads clauses (evaluation measures what runs)."""
        return self.language_model(lang).scores([normalize_typography(t) for t in texts])

    def predict(self, clauses: list[Clause], lang: str) -> list[Finding]:
        if not clauses:
            return []
        model = self.language_model(lang)
        X, margins, level_scores = model.scores([c.text for c in clauses])
        findings = []
        for row, col in zip(*np.nonzero(margins >= 0)):
            label = LABELS[col]
            level = 3 if level_scores[row, col] >= 0 else 2
            findings.append(
                Finding(
                    kind="unfair",
                    label=label,
                    clause_index=clauses[row].index,
                    score=round(float(1.0 / (1.0 + np.exp(-2.0 * margins[row, col]))), 4),
                    source=self.version,
                    level=level,
                    explanation=describe("unfair", label, level),
                    evidence=model.evidence(clauses[row].text, X[row], col),
                )
            )
        return apply_unfair_rules(findings, clauses)


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
        from sklearn.model_selection import GroupKFold  # training-time only: keeps model loading fast

        if n_docs < cv:
            raise InputError(f"--cv {cv} needs at least {cv} documents; {corpus} has {n_docs} for {lang}.")
        margins = np.zeros(data.Y.shape, dtype=np.float32)
        level_scores = np.zeros(data.Y.shape, dtype=np.float32)
        # ToS;DR points are filtered against all the corpus' documents, so no fold sees its test services
        weak = weak_examples(corpus, lang, LABELS, recipe.get("tosdr"))
        for train_idx, test_idx in GroupKFold(cv).split(data.texts, groups=data.docs):
            train_docs = set(data.docs[train_idx].tolist())
            model = LanguageModel.fit(lang, _training_data(corpus, lang, recipe, train_docs), recipe, weak)
            # trained on the corpus text as it is; tested as `check` reads clauses (typography normalised)
            test_texts = [normalize_typography(data.texts[i]) for i in test_idx]
            _, margins[test_idx], level_scores[test_idx] = model.scores(test_texts)
        mode = "cv"
    else:
        from .registry import default_model_dir

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
