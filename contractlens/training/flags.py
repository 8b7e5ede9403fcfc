"""Fitting the learned harvesting flags (`classify.flags_learned` loads and predicts with them).

Per flag, a class-weighted linear SVM over the practices model's feature rows learns the
flag's OPP-115 counterpart (FLAG_ATTRIBUTES: e.g. targeted ads = Purpose "Advertising").
How the label combines with the phrase rules (its mode) and its threshold are chosen on
out-of-fold scores of an inner GroupKFold over the training policies only. `FlagLearner`
follows scikit-learn's estimator conventions: parameters in `__init__`, `fit` returns self,
the fitted state (modes, thresholds) ends in `_`, `predict` gives presence per flag.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.model_selection import GroupKFold

from ..classify.flags import rule_hits
from ..classify.flags_learned import LearnedFlags
from ..classify.textmodel import best_thresholds, fit_weighted_labels
from ..errors import InputError

# flag -> [(OPP-115 category key, attribute, values)]: a segment shows the flag when a majority
# of annotators gave one of these (any listed category). Measured for every flag listed here.
FLAG_ATTRIBUTES: dict[str, list[tuple[str, str, frozenset[str]]]] = {
    "targeted_ads": [("first_party", "Purpose", frozenset({"Advertising"})),
                     ("third_party", "Purpose", frozenset({"Advertising"}))],
    "third_party_tracking": [("third_party", "Action Third Party",
                              frozenset({"Track on first party website/app", "Collect on first party website/app"}))],
    "partner_sharing": [("third_party", "Third Party Entity", frozenset({"Other part of company/affiliate"}))],
    "location": [("first_party", "Personal Information Type", frozenset({"Location"})),
                 ("third_party", "Personal Information Type", frozenset({"Location"}))],
    "financial": [("first_party", "Personal Information Type", frozenset({"Financial"})),
                  ("third_party", "Personal Information Type", frozenset({"Financial"}))],
    "health": [("first_party", "Personal Information Type", frozenset({"Health"})),
               ("third_party", "Personal Information Type", frozenset({"Health"}))],
    "children": [("audiences", "Audience Type", frozenset({"Children"}))],
    "retention_period": [("retention", "Retention Period", frozenset({"Stated Period", "Limited", "Indefinitely"}))],
    "access_rights": [("access", "Access Type", frozenset({
        "View", "Edit information", "Delete account (partial)", "Delete account (full)", "Deactivate account"}))],
    "dnt_gpc": [("dnt", "Do Not Track policy", frozenset({"Honored", "Not honored", "Mentioned, but unclear if honored"}))],
}
# Flags with enough OPP-115 examples to learn; health (7 segments) and Do Not Track (13) stay rule-only,
# as do the flags the corpus does not annotate (sale, AI training, GPC, biometric, cross-border).
LEARNED_FLAGS = ("targeted_ads", "third_party_tracking", "partner_sharing", "location", "financial", "children",
                 "retention_period", "access_rights")
MODES = ("learned", "or", "and", "rule")  # ties go to the earlier mode
# The labels learned OPP-115's paragraph-long segments; on short clauses they miss much that the
# rules catch (recall 6-9 of 20 on the hand-labelled sentences for four flags), so in the shipped
# model a label may add to the rules ("or") but never overrule them ("learned", "and").
SHIPPED_MODES = ("rule", "or")  # equal F1: the rules alone (nothing stored)


def flag_targets(segments, flags, min_annotators: int = 2) -> np.ndarray:
    """Boolean matrix segments × flags: the flag's OPP-115 attributes got `min_annotators` votes."""
    return np.array(
        [[any(s.has_attribute(c, a, v, min_annotators) for c, a, v in FLAG_ATTRIBUTES[f]) for f in flags]
         for s in segments],
        dtype=bool,
    ).reshape(len(segments), len(flags))


def combine(mode: str, learned: np.ndarray, rule: np.ndarray) -> np.ndarray:
    """Presence of a flag from the learned label and the rules, as `mode` says."""
    if mode == "learned":
        return learned
    if mode == "rule":
        return rule
    return (learned | rule) if mode == "or" else (learned & rule)


def f1_score(gold: np.ndarray, predicted: np.ndarray) -> float:
    tp = int((gold & predicted).sum())
    return 2 * tp / (int(gold.sum()) + int(predicted.sum())) if tp else 0.0


def combined_threshold(scores: np.ndarray, gold: np.ndarray, rule: np.ndarray, mode: str) -> float:
    """The score cut that maximises F1 of `combine(mode, scores >= cut, rule)` (inf for "rule").

    Combined with the rules by "or", a label only needs to find what they miss, so its best
    cut is usually higher than when it decides alone.
    """
    if mode == "rule":
        return float("inf")
    gold = gold.astype(bool)
    base = rule if mode == "or" else np.zeros_like(rule)  # predicted whatever the score
    open_rows = ~rule if mode == "or" else (rule if mode == "and" else np.ones_like(rule))
    order = np.argsort(-scores[open_rows], kind="stable")
    ranked, ranked_gold = scores[open_rows][order], gold[open_rows][order]
    tp = int((base & gold).sum()) + np.r_[0, np.cumsum(ranked_gold)]  # the k best-scored rows predicted
    predicted = int(base.sum()) + np.arange(len(ranked) + 1)
    f1 = 2 * tp / np.maximum(predicted + int(gold.sum()), 1)
    cuttable = np.r_[True, ranked[1:] != ranked[:-1], True]  # cut only between distinct scores
    k = int(np.argmax(np.where(cuttable, f1, -1.0)))
    if k == 0:
        return float(ranked[0] + 1.0) if len(ranked) else float("inf")
    if k == len(ranked):
        return float(ranked[-1] - 1.0)
    return float((ranked[k - 1] + ranked[k]) / 2)


class FlagLearner(BaseEstimator):
    """One class-weighted SVM per flag of LEARNED_FLAGS, and per flag the mode and cut that fit best.

    `fit(X, y, minority=, groups=, rules=)`: y (rows × flags) the majority targets, `minority`
    the rows one annotator gave the flag (left out of its negatives), `groups` the policies,
    `rules` the rule hits. Each of `modes` gets its best threshold on out-of-fold scores of an
    inner GroupKFold over `groups`; the mode with the best F1 there is kept. A flag whose best
    mode is "rule" keeps no label unless `keep_rule_only` (evaluation reports the label alone too).
    Fitted state: `modes_` (flag -> mode, the flags kept), `thresholds_` (their cuts),
    `alone_thresholds_` (the cuts for the label deciding alone; evaluation only), `flags_`
    (a `LearnedFlags`, what the practices model stores).
    """

    def __init__(self, C: float = 0.3, inner: int = 5, modes=SHIPPED_MODES, keep_rule_only: bool = False):
        self.C = C
        self.inner = inner
        self.modes = modes
        self.keep_rule_only = keep_rule_only

    def fit(self, X, y, *, minority, groups, rules) -> "FlagLearner":
        flags = list(LEARNED_FLAGS)
        targets = np.asarray(y, dtype=bool)
        weights = np.where(minority & ~targets, 0.0, 1.0)
        oof = np.full(targets.shape, -9.0, dtype=np.float32)
        inner = min(self.inner, len(set(groups)))
        if inner < 2:
            raise InputError("learning the flags needs at least two training policies.")
        for tr, te in GroupKFold(n_splits=inner).split(X, targets, groups):
            part = fit_weighted_labels(flags, X[tr], targets[tr].astype(np.int8), weights[tr], self.C)
            oof[te] = part.decision(X[te])
        chosen, thresholds = {}, np.zeros(len(flags), dtype=np.float32)
        for j, flag in enumerate(flags):
            cuts = {m: combined_threshold(oof[:, j], targets[:, j], rules[:, j], m) for m in self.modes}
            f1 = {m: f1_score(targets[:, j], combine(m, oof[:, j] >= cuts[m], rules[:, j])) for m in self.modes}
            chosen[flag] = max(self.modes, key=lambda m: f1[m])  # max keeps the first of equal values
            thresholds[j] = cuts[chosen[flag]] if chosen[flag] != "rule" else cuts.get("or", np.inf)
        keep = [j for j, flag in enumerate(flags) if self.keep_rule_only or chosen[flag] != "rule"]
        final = fit_weighted_labels([flags[j] for j in keep], X, targets[:, keep].astype(np.int8),
                                    weights[:, keep], self.C)
        final.thresholds = thresholds[keep]
        self.modes_ = {flags[j]: chosen[flags[j]] for j in keep}
        self.thresholds_ = final.thresholds
        self.alone_thresholds_ = best_thresholds(oof, targets.astype(np.int8))[keep]
        self.flags_ = LearnedFlags(final, self.modes_)
        return self

    def predict(self, X, rules) -> np.ndarray:
        """Rows × LEARNED_FLAGS: the flag's presence, the label combined with the rule hits by its mode."""
        scores = self.flags_.linear.decision(X)
        presence = np.asarray(rules, dtype=bool).copy()
        for j, flag in enumerate(self.flags_.flags):
            column = LEARNED_FLAGS.index(flag)
            presence[:, column] = combine(self.modes_[flag], scores[:, j] >= self.thresholds_[j], presence[:, column])
        return presence


def fit_on_segments(X, segments, *, C: float, inner: int, keep_rule_only: bool = False) -> FlagLearner:
    """A FlagLearner fitted on OPP-115 `segments` whose practices feature rows are X (same order)."""
    flags = list(LEARNED_FLAGS)
    targets = flag_targets(segments, flags, 2)
    minority = flag_targets(segments, flags, 1)
    rules = rule_hits([s.text for s in segments], flags)
    learner = FlagLearner(C=C, inner=inner, keep_rule_only=keep_rule_only)
    return learner.fit(X, targets, minority=minority, groups=[s.policy for s in segments], rules=rules)
