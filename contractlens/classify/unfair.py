"""Unfair-clause classifier (CLAUDETTE categories, levels 2/3) for en, de, it and pl.

The run-time half: loading the committed model and predicting. Per language, TF-IDF over
word and character n-grams plus a few legal-phrase columns (`features.py`), one linear scorer
per category and a second one telling level 3 (clearly) from 2 (potentially). The recipe that
fits it lives in `training/unfair.py`, its cross-validation in `evaluation/unfair_cv.py`.
Everything is stored as arrays + JSON through `classify.persist` (no pickle).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..errors import ModelError
from ..language import MODEL_LANGUAGES
from ..taxonomy import UNFAIR, describe
from ..types import Clause, Finding
from ..typography import normalize_typography
from .features import GROUPS, patterns_digest, phrase_match, phrase_matrix
from .blend import linear_score
from .persist import load_model
from .textmodel import LinearLabels, NgramTfidf, readable_evidence
from .unfair_rules import apply_unfair_rules

LABELS = list(UNFAIR)
LANGUAGES = MODEL_LANGUAGES
MODEL_NAME = "unfair"


class LanguageModel:
    """Vectoriser + phrase features + category scorer + level scorer for one language."""

    def __init__(self, lang: str, vectorizer: NgramTfidf, scorer: LinearLabels, level_scorer: LinearLabels,
                 phrase_weight: float):
        self.lang, self.vectorizer, self.phrase_weight = lang, vectorizer, phrase_weight
        self.scorer, self.level_scorer = scorer, level_scorer

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

    def predict(self, clauses: list[Clause], lang: str, encoder=None) -> list[Finding]:
        """Findings for `clauses`. With `encoder` (`classify/encoder.py`), the linear model screens
        and a category is flagged by the blend of both models' scores (`classify/blend.py`);
        without it, by the linear margin alone (`--fast`)."""
        if not clauses:
            return []
        model = self.language_model(lang)
        X, margins, level_scores = model.scores([c.text for c in clauses])
        if encoder is None:
            flagged, scores = margins >= 0, linear_score(margins)
        else:
            blend = encoder.blend
            candidates = blend.candidates(margins)
            encoded = encoder.predict_proba([clauses[i].text for i in np.flatnonzero(candidates)])
            scores = blend.scores(margins, encoded, candidates)
            flagged = blend.flagged(scores)
        findings = []
        for row, col in zip(*np.nonzero(flagged)):
            label = LABELS[col]
            level = 3 if level_scores[row, col] >= 0 else 2
            findings.append(
                Finding(
                    kind="unfair",
                    label=label,
                    clause_index=clauses[row].index,
                    score=round(float(scores[row, col]), 4),
                    source=self.version if encoder is None else f"{self.version}+{encoder.version}",
                    level=level,
                    explanation=describe("unfair", label, level),
                    evidence=model.evidence(clauses[row].text, X[row], col),
                )
            )
        return apply_unfair_rules(findings, clauses)
