"""OPP-115 data-practice classifier: which of the 10 practice categories a clause talks about.

The run-time half (loading and predicting); `training/practices.py` fits it and
`evaluation/practices_cv.py` cross-validates it. Recipe (models/practices/model-card.md keeps
the experiment log): TF-IDF over word and
character n-grams (`classify.textmodel`), plus the neighbouring segments' n-grams and the
position in the document (`classify.practices_rows`), one class-weighted linear SVM per
category (segments only one annotator gave a category are left out of its negatives), and a
per-category decision threshold tuned on out-of-fold scores of the training policies only.
"Do Not Track" has too few examples for a model alone, so a phrase rule is unioned in; so is
the retention-period flag rule for "Data Retention" (67 majority segments).
The model also carries learned harvesting-flag labels over the same feature rows
(`classify.flags_learned`), which `flags.detect_flags` applies next to its rules.
Everything is stored as arrays + JSON via `classify.persist` (no pickle).
"""

from __future__ import annotations

import re

import numpy as np

from ..errors import ModelError
from ..taxonomy import PRACTICES, describe
from ..types import Clause, Finding
from .flags import rule_hits, rule_phrases
from .flags_learned import FlagVerdicts, LearnedFlags, apply_learned
from .persist import load_model
from .practices_rows import ContextRows, extended_matrix
from .textmodel import LinearLabels, NgramTfidf, readable_evidence

LABELS = list(PRACTICES)
MODEL_NAME = "practices"
LANGUAGES = ("en",)  # OPP-115 is an English corpus: the model reads nothing else
DNT_RULE = re.compile(r"\b(do[\s-]*not[\s-]*track|dnt)\b", re.I)


class PracticeModel:
    """Features + one linear scorer per label + thresholds + the Do-Not-Track rule."""

    def __init__(self, features: NgramTfidf, linear: LinearLabels, recipe: dict | None = None):
        self.features, self.linear = features, linear
        self.recipe = dict(recipe or {})

    def matrix(self, texts: list[str], groups: list[str] | None = None):
        """Feature rows of texts in document order; `groups` names each text's document (default: one)."""
        X = self.features.transform(texts)
        return extended_matrix(X, texts, list(groups) if groups is not None else [""] * len(texts), self.recipe)

    def rows(self, texts: list[str], groups: list[str] | None = None) -> ContextRows:
        """The same rows as `matrix`, for scoring only: neighbour blocks are never materialised."""
        groups = list(groups) if groups is not None else [""] * len(texts)
        return ContextRows(self.features.transform(texts), texts, groups, self.recipe)

    def decision(self, texts: list[str], groups: list[str] | None = None) -> np.ndarray:
        return self.linear.decision(self.rows(texts, groups))

    def fire(self, texts: list[str], scores: np.ndarray | None = None, groups: list[str] | None = None,
             rules: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """Boolean matrix texts × LABELS: score ≥ threshold, or a rule (DNT phrase; retention period)."""
        scores = self.decision(texts, groups) if scores is None else scores
        fired = scores >= self.linear.thresholds
        for label, hits in (self.rule_hits(texts) if rules is None else rules).items():
            fired[:, LABELS.index(label)] |= hits
        return fired

    def rule_hits(self, texts: list[str]) -> dict[str, np.ndarray]:
        """label -> texts a phrase rule assigns it, whatever the model's score."""
        hits = {"dnt": np.array([bool(DNT_RULE.search(t)) for t in texts], dtype=bool)}
        if self.recipe.get("retention_rule"):
            hits["retention"] = rule_hits(texts, ["retention_period"])[:, 0]
        return hits

    def rule_phrases(self, text: str, label: str) -> list[str]:
        """The words by which a rule assigns `label` to `text` (evidence for a rule's finding)."""
        if label == "dnt":
            found = DNT_RULE.search(text)
            return [found.group(0)] if found else []
        return rule_phrases(text, "retention_period") if label == "retention" else []


def clause_text(clause: Clause) -> str:
    """What the model reads: the section heading (OPP-115 segments start with theirs) + the clause."""
    section = clause.section.strip()
    if section and section not in clause.text[: len(section) + 5]:
        return f"{section}\n{clause.text}"
    return clause.text


class Classifier:
    """The loaded practice model: `predict(clauses, lang)` → practice Findings.

    It also holds the learned harvesting-flag labels (`flags`); `flags.detect_flags` asks
    for their verdicts on the same clauses, which reuses the feature rows `predict` built.
    """

    languages = LANGUAGES

    def __init__(self, model: PracticeModel, version: str, flags: LearnedFlags | None = None):
        self.model = model
        self.version = version
        self.flags = flags
        self._last_rows: tuple[tuple[str, ...], object] | None = None  # (texts, feature rows) of the last predict

    @classmethod
    def load(cls, directory) -> "Classifier":
        meta, arrays = load_model(directory)
        if meta.get("name") != MODEL_NAME or meta.get("labels") != LABELS:
            raise ModelError(f"{directory} does not hold a practices model for the current label set.")
        features = NgramTfidf.from_state(meta["features"], arrays, "features_")
        linear = LinearLabels.from_state(meta["linear"], arrays, "linear_")
        flags = LearnedFlags.from_state(meta["flags"], arrays, "flags_") if "flags" in meta else None
        return cls(PracticeModel(features, linear, meta.get("recipe")), meta["version"], flags)

    def _rows(self, texts: list[str], reuse: bool):
        """Feature rows of the clause texts; with `reuse`, the ones `predict` just built for them.

        `predict` keeps its rows for one reuse only, so a worker does not hold a document's matrix.
        """
        last, self._last_rows = self._last_rows, None
        if reuse and last is not None and last[0] == tuple(texts):
            return last[1]
        X = self.model.rows(texts)
        if not reuse:
            self._last_rows = (tuple(texts), X)
        return X

    def flag_verdicts(self, clauses: list[Clause]) -> FlagVerdicts | None:
        """The learned flag labels' decisions on `clauses` (None for a model without them)."""
        if self.flags is None or not clauses:
            return None
        texts = [clause_text(c) for c in clauses]
        features = self.model.features
        return self.flags.verdicts(self._rows(texts, reuse=True), texts, features.n_features, features.feature_name, self.version)

    def predict(self, clauses: list[Clause], lang: str = "en") -> list[Finding]:
        if not clauses:
            return []
        texts = [clause_text(c) for c in clauses]
        X = self._rows(texts, reuse=False)
        scores = self.model.linear.decision(X)
        rules = self.model.rule_hits(texts)
        fired = self.model.fire(texts, scores, rules=rules)
        margins = scores - self.model.linear.thresholds
        findings = []
        for i, j in zip(*np.nonzero(fired)):
            label = LABELS[j]
            score = float(1 / (1 + np.exp(-2 * margins[i, j])))
            # evidence from the clause's own n-grams only, never from its neighbours'
            contributions = self.model.linear.contributions(X.own, int(j), row=int(i))
            evidence = readable_evidence(texts[i], self.model.features.feature_name, contributions, k=3)
            if label in rules and rules[label][i]:  # the rule's own words first: they decided it
                score = max(score, 0.9)
                evidence = list(dict.fromkeys(self.model.rule_phrases(texts[i], label) + evidence))[:3]
            findings.append(
                Finding(
                    kind="practice",
                    label=label,
                    clause_index=clauses[i].index,
                    score=round(score, 4),
                    source=self.version,
                    explanation=describe("practice", label),
                    evidence=evidence,
                )
            )
        return findings

    def apply_flag_verdicts(self, clauses: list[Clause], per_clause: list[dict[str, Finding]], verdicts: FlagVerdicts) -> None:
        """Let the learned labels' `verdicts` decide their flags in `per_clause` (the rules' findings)."""
        apply_learned(clauses, per_clause, verdicts)
