"""Harvesting flags measured against OPP-115 attribute annotations, next to the rules alone.

`contractlens evaluate flags --corpus <opp115> [--cv K] --format json`. With --cv, each
fold fits the practices n-gram features and the learned flag labels on its training
policies only (thresholds and rule/label modes by an inner GroupKFold inside them) and
scores the held-out policies; without it, the committed model is scored (on its own
training data when that is the corpus: optimistic). Every flag with an OPP-115 counterpart
(`training.flags.FLAG_ATTRIBUTES`) is reported: what `detect_flags` ships (rules, then the
learned labels applied as in a scan), the rules alone, and the label alone at its own best cut.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InputError
from ..types import Clause
from ..classify.flags import rule_hits
from ..classify.flags_learned import apply_learned
from ..training.flags import FLAG_ATTRIBUTES, LEARNED_FLAGS, fit_on_segments, flag_targets
from .folds import document_folds
from .metrics import label_metrics


def shipped_presence(segments, verdicts, flags: list[str]) -> np.ndarray:
    """Segments × flags: what `detect_flags` reports (rules, then the learned labels applied)."""
    from ..classify.flags import _clause_flags

    clauses = [Clause(i, 0, len(s.text), s.text) for i, s in enumerate(segments)]
    per_clause = [_clause_flags(clause) for clause in clauses]
    if verdicts is not None:
        apply_learned(clauses, per_clause, verdicts)
    return np.array([[flag in found for flag in flags] for found in per_clause], dtype=bool).reshape(-1, len(flags))


def _learned_alone(learned, verdicts, alone_thresholds=None) -> np.ndarray:
    """Segments × LEARNED_FLAGS: the label deciding alone, at its own best cut (False if not kept).

    `alone_thresholds` are those cuts when the labels were fitted here (`FlagLearner`); a
    committed model keeps only its combined thresholds, which are used then.
    """
    alone = np.zeros((verdicts.margins.shape[0], len(LEARNED_FLAGS)), dtype=bool)
    scores = verdicts.margins + learned.linear.thresholds
    cuts = alone_thresholds if alone_thresholds is not None else learned.linear.thresholds
    for j, flag in enumerate(learned.flags):
        alone[:, LEARNED_FLAGS.index(flag)] = scores[:, j] >= cuts[j]
    return alone


def _fold(segments, train: np.ndarray, test: np.ndarray, recipe: dict, flags: list[str]):
    """(shipped presence, label alone, modes) on the `test` segments; everything fitted on `train`."""
    from ..classify.practices import PracticeModel
    from ..classify.textmodel import NgramTfidf

    train_segments, test_segments = [segments[i] for i in train], [segments[i] for i in test]
    features = NgramTfidf(recipe["ngrams"]).fit([s.text for s in train_segments])
    model = PracticeModel(features, None, recipe)
    X_train = model.matrix([s.text for s in train_segments], [s.policy for s in train_segments])
    learner = fit_on_segments(X_train, train_segments, C=recipe["flags_C"], inner=recipe["inner_folds"],
                              keep_rule_only=True)
    learned = learner.flags_
    texts = [s.text for s in test_segments]
    X_test = model.matrix(texts, [s.policy for s in test_segments])
    verdicts = learned.verdicts(X_test, texts, features.n_features, features.feature_name, "cv")
    alone = _learned_alone(learned, verdicts, learner.alone_thresholds_)
    return shipped_presence(test_segments, verdicts, flags), alone, learner.modes_


def _cross_validated(segments, folds: int, recipe: dict, flags: list[str]):
    """Out-of-fold shipped presence (segments × flags), label alone (× LEARNED_FLAGS), modes per fold."""
    groups = [s.policy for s in segments]
    if len(set(groups)) < folds:
        raise InputError(f"cannot run {folds}-fold cross-validation on {len(set(groups))} policies.")
    shipped = np.zeros((len(segments), len(flags)), dtype=bool)
    alone = np.zeros((len(segments), len(LEARNED_FLAGS)), dtype=bool)
    modes: dict[str, list[str]] = {flag: [] for flag in LEARNED_FLAGS}
    for train, test in document_folds(groups, folds):
        shipped[test], alone[test], fold_modes = _fold(segments, train, test, recipe, flags)
        for flag in LEARNED_FLAGS:
            modes[flag].append(fold_modes[flag])
    return shipped, alone, modes


def _committed(segments, model_dir, flags: list[str]):
    """The committed model on every segment: shipped presence, label alone, modes, version."""
    from ..classify.practices import MODEL_NAME, Classifier
    from ..classify.registry import default_model_dir

    classifier = Classifier.load(Path(model_dir) if model_dir else default_model_dir(MODEL_NAME))
    alone = np.zeros((len(segments), len(LEARNED_FLAGS)), dtype=bool)
    verdicts = None
    if classifier.flags is not None:
        texts = [s.text for s in segments]
        features = classifier.model.features
        X = classifier.model.matrix(texts, [s.policy for s in segments])
        verdicts = classifier.flags.verdicts(X, texts, features.n_features, features.feature_name, classifier.version)
        alone = _learned_alone(classifier.flags, verdicts)
    modes = {flag: [classifier.flags.modes.get(flag, "rule") if classifier.flags else "rule"] for flag in LEARNED_FLAGS}
    return shipped_presence(segments, verdicts, flags), alone, modes, classifier.version


def evaluate_flags(corpus, *, model_dir=None, cv=None, lang: str = "en") -> dict:
    """Per flag: shipped decision (P, R, F1, support), rules alone, learned label alone, modes."""
    from ..training.practices import RECIPE, corpus_segments

    if lang != "en":
        raise InputError("the flags are measured on OPP-115, an English corpus.")
    segments = corpus_segments(Path(corpus))
    flags = list(FLAG_ATTRIBUTES)
    gold = flag_targets(segments, flags)
    rules = rule_hits([s.text for s in segments], flags)
    if cv:
        shipped, alone, modes = _cross_validated(segments, int(cv), RECIPE, flags)
        mode = f"{int(cv)}-fold GroupKFold by policy"
    else:
        shipped, alone, modes, version = _committed(segments, model_dir, flags)
        mode = f"committed model {version}"
    result = label_metrics(flags, gold, shipped)
    rule_only = label_metrics(flags, gold, rules)
    learned_only = label_metrics(LEARNED_FLAGS, gold[:, [flags.index(f) for f in LEARNED_FLAGS]], alone)
    for flag, row in result["per_label"].items():
        row["rules_alone"] = {k: rule_only["per_label"][flag][k] for k in ("precision", "recall", "f1")}
        if flag in LEARNED_FLAGS:
            row["label_alone"] = {k: learned_only["per_label"][flag][k] for k in ("precision", "recall", "f1")}
        row["modes"] = modes.get(flag, ["rule"])  # per fold: how the label combined with the rules
    result.update({
        "rules_alone_macro_f1": rule_only["macro_f1"],
        "documents": len({s.policy for s in segments}),
        "sentences": len(segments),
        "mode": mode,
        "gold": "majority (>= 2 annotators) of the OPP-115 attributes in training.flags.FLAG_ATTRIBUTES",
    })
    return result
