"""OPP-115 data-practice classifier: which of the 10 practice categories a clause talks about.

Recipe (models/practices/model-card.md keeps the experiment log): TF-IDF over word and
character n-grams (`classify.textmodel`), plus the neighbouring segments' n-grams and the
position in the document (`classify.practices_recipe`), one class-weighted linear SVM per
category (segments only one annotator gave a category are left out of its negatives), and a
per-category decision threshold tuned on out-of-fold scores of the training policies only.
"Do Not Track" has too few examples for a model alone, so a phrase rule is unioned in; so is
the retention-period flag rule for "Data Retention" (67 majority segments).
The model also carries learned harvesting-flag labels over the same feature rows
(`classify.flags_learned`), which `flags.detect_flags` applies next to its rules.
Everything is stored as arrays + JSON via `classify.persist` (no pickle).
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from pathlib import Path

import numpy as np

from ..errors import InputError, ModelError
from ..taxonomy import PRACTICES, describe
from ..types import Clause, Finding
from .persist import arrays_digest, load_model, save_model
from .flags import rule_hits, rule_phrases
from .flags_learned import FlagVerdicts, LearnedFlags, fit_on_segments
from .practices_recipe import ContextRows, extended_matrix, fit_weighted_labels, training_weights
from .textmodel import LinearLabels, NgramTfidf, best_thresholds, label_metrics, readable_evidence

LABELS = list(PRACTICES)
MODEL_NAME = "practices"
LANGUAGES = ("en",)  # OPP-115 is an English corpus: the model reads nothing else
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
    "flags_C": 0.3,  # C of the learned harvesting-flag labels (classify.flags_learned)
    "retention_rule": True,  # retention = model OR the retention-period flag rule (a stated period)
}
DNT_RULE = re.compile(r"\b(do[\s-]*not[\s-]*track|dnt)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[A-Z(\"'-])|\n+")


def split_sentences(text: str, min_words: int = 4) -> list[str]:
    """Rough sentence split of a training segment, to mimic contractlens's shorter clauses."""
    pieces = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in pieces if len(p.split()) >= min_words]


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


def fit_recipe(texts: list[str], votes: np.ndarray, groups: list[str], recipe: dict = RECIPE) -> PracticeModel:
    """Fit on all given segments; thresholds come from an inner GroupKFold over the same policies.

    `votes[i, j]` = annotators who gave segment i label j; thresholds target the majority (≥ 2).
    """
    texts, groups = list(texts), list(groups)
    gold = (votes >= 2).astype(np.int8)
    inner = min(recipe["inner_folds"], len(set(groups)))
    model = _fit_once(texts, votes, groups, recipe)
    if inner >= 2:
        oof = np.zeros(votes.shape, dtype=np.float32)
        from sklearn.model_selection import GroupKFold  # training-time only: keeps loading fast

        for tr, te in GroupKFold(n_splits=inner).split(texts, votes, groups):
            part = _fit_once([texts[i] for i in tr], votes[tr], [groups[i] for i in tr], recipe)
            oof[te] = part.decision([texts[i] for i in te], [groups[i] for i in te])
        model.linear.thresholds = best_thresholds(oof, gold)
    return model


def corpus_segments(corpus: Path):
    """The OPP-115 segments of a corpus directory (datasets.opp115)."""
    from ..datasets.opp115 import load_segments

    return load_segments(corpus)


def corpus_matrix(segments):
    """Texts, annotator-vote matrix (segments × LABELS) and policy names of OPP-115 segments."""
    texts = [s.text for s in segments]
    votes = np.array([[s.annotators.get(label, 0) for label in LABELS] for s in segments], dtype=np.int8)
    return texts, votes, [s.policy for s in segments]


def cross_validate(texts, votes, groups, folds: int, recipe: dict = RECIPE) -> np.ndarray:
    """Out-of-fold predictions by GroupKFold on policies (thresholds tuned inside each fold)."""
    n_groups = len(set(groups))
    if n_groups < folds:
        raise InputError(f"cannot run {folds}-fold cross-validation on {n_groups} policies.")
    predictions = np.zeros(votes.shape, dtype=bool)
    from sklearn.model_selection import GroupKFold

    for tr, te in GroupKFold(n_splits=folds).split(texts, votes, groups):
        model = fit_recipe([texts[i] for i in tr], votes[tr], [groups[i] for i in tr], recipe)
        predictions[te] = model.fire([texts[i] for i in te], groups=[groups[i] for i in te])
    return predictions


def fit_model_flags(model: PracticeModel, segments, recipe: dict = RECIPE) -> LearnedFlags:
    """Learned harvesting flags over `model`'s feature rows of the OPP-115 `segments`."""
    X = model.matrix([s.text for s in segments], [s.policy for s in segments])
    return fit_on_segments(X, segments, C=recipe["flags_C"], inner=recipe["inner_folds"])


def train(corpus: Path, out: Path) -> dict:
    """Train on every policy in `corpus` and write the model to `out`."""
    start = time.perf_counter()
    segments = corpus_segments(Path(corpus))
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
        "trained_on": {"corpus": "OPP-115", "policies": len(set(groups)), "segments": len(texts)},
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


def evaluate(corpus: Path, *, model_dir=None, cv=None, lang: str = "en") -> dict:
    """Score the committed model on `corpus`, or cross-validate the recipe by policy (cv=K)."""
    if lang not in LANGUAGES:
        raise InputError("the practices model is English only (OPP-115 is an English corpus).")
    texts, votes, groups = corpus_matrix(corpus_segments(Path(corpus)))
    if cv:
        predictions = cross_validate(texts, votes, groups, int(cv))
        mode = f"{int(cv)}-fold GroupKFold by policy"
    else:
        from .registry import default_model_dir

        classifier = Classifier.load(Path(model_dir) if model_dir else default_model_dir(MODEL_NAME))
        predictions = classifier.model.fire(texts, groups=groups)
        mode = f"committed model {classifier.version}"
    result = label_metrics(LABELS, (votes >= 2).astype(np.int8), predictions)
    result.update({"documents": len(set(groups)), "sentences": len(texts), "mode": mode})
    return result


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
