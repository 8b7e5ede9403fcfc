"""Harvesting flags learned from OPP-115 attribute annotations, on the practices model's own rows.

A flag such as "targeted advertising" has an OPP-115 counterpart (Purpose = Advertising), so
instead of phrase rules alone it gets a linear label over the feature matrix the practices
model computes anyway: one extra column in a matrix product, ~no run-time cost. Per flag,
how the label combines with the rules (`SHIPPED_MODES`: the rules alone, or the label adding
to them; `MODES` are all the combinations `fit_flags` can weigh) and its threshold are chosen
on out-of-fold scores of the training policies only. The rules still give polarity ("we do
not sell"), attribute values and most evidence; a label never overrules them.
Flags the corpus does not annotate (sale, AI training, GPC, biometric, cross-border) and
those with too few examples (health: 7 segments, Do Not Track: 13) stay rule-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..taxonomy import describe
from ..types import Clause, Finding
from .flags import rule_hits
from .textmodel import LinearLabels, best_thresholds, fit_weighted_labels, readable_evidence

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


class LearnedFlags:
    """Linear flag labels (scores ≥ thresholds) and, per flag, how they combine with the rules."""

    def __init__(self, linear: LinearLabels, modes: dict[str, str]):
        self.linear = linear
        self.modes = dict(modes)
        self.alone_thresholds: np.ndarray | None = None  # set by fit_flags; evaluation only

    @property
    def flags(self) -> list[str]:
        return self.linear.labels

    def verdicts(self, X, texts: list[str], own: int, feature_name, source: str) -> "FlagVerdicts":
        """What the labels say about the rows of X (the practices model's feature matrix)."""
        margins = self.linear.decision(X) - self.linear.thresholds
        return FlagVerdicts(self, margins, margins >= 0, texts, X, own, feature_name, source)

    def state(self, prefix: str) -> tuple[dict, dict]:
        meta, arrays = self.linear.state(prefix)
        meta["modes"] = self.modes
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict, arrays: dict, prefix: str) -> "LearnedFlags":
        return cls(LinearLabels.from_state(meta, arrays, prefix), meta["modes"])


@dataclass
class FlagVerdicts:
    """Learned-flag decisions for the clauses of one document, with what evidence needs.

    `rows` are the clauses' feature rows; evidence reads only their first `own` columns (the
    clause's own n-grams), so it never quotes a neighbour.
    """

    learned: LearnedFlags
    margins: np.ndarray
    fired: np.ndarray
    texts: list[str]
    rows: object
    own: int
    feature_name: object
    source: str

    @property
    def flags(self) -> list[str]:
        return self.learned.flags

    @property
    def modes(self) -> dict[str, str]:
        return self.learned.modes

    def margin(self, i: int, j: int) -> float:
        return float(self.margins[i, j])

    def evidence(self, i: int, j: int, k: int = 3) -> list[str]:
        own_rows = getattr(self.rows, "own", self.rows)  # `ContextRows` keeps the clause's own n-grams apart
        contributions = self.learned.linear.contributions(own_rows, j, row=i, max_column=self.own)
        return readable_evidence(self.texts[i], self.feature_name, contributions, k=k)


def fit_on_segments(X, segments, *, C: float, inner: int, keep_rule_only: bool = False) -> LearnedFlags:
    """Learned flags for OPP-115 `segments` whose practices feature rows are X (same order)."""
    flags = list(LEARNED_FLAGS)
    targets = flag_targets(segments, flags, 2)
    minority = flag_targets(segments, flags, 1)
    rules = rule_hits([s.text for s in segments], flags)
    return fit_flags(X, targets, minority, [s.policy for s in segments], rules, C=C, inner=inner,
                     keep_rule_only=keep_rule_only)


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


def fit_flags(X, targets, minority, groups, rules, *, C: float, inner: int, keep_rule_only: bool = False,
              modes=SHIPPED_MODES) -> LearnedFlags:
    """Fit one class-weighted SVM per column of `targets` (flags in LEARNED_FLAGS order) on rows X.

    `minority` marks segments one annotator gave the flag: left out of its negatives.
    `rules` (rows × flags) are the rule hits. Per flag, each of `modes` gets its best
    threshold on out-of-fold scores of an inner GroupKFold over `groups` (the training
    policies) and the mode with the best F1 there is kept. A flag whose best mode is "rule"
    keeps no label unless `keep_rule_only` (evaluation reports the label alone too);
    `alone_thresholds` (not stored) are the cuts for the label deciding alone.
    """
    from sklearn.model_selection import GroupKFold  # training-time only

    flags = list(LEARNED_FLAGS)
    weights = np.where(minority & ~targets, 0.0, 1.0)
    oof = np.full(targets.shape, -9.0, dtype=np.float32)
    inner = min(inner, len(set(groups)))
    if inner < 2:
        raise InputError("learning the flags needs at least two training policies.")
    for tr, te in GroupKFold(n_splits=inner).split(X, targets, groups):
        part = fit_weighted_labels(flags, X[tr], targets[tr].astype(np.int8), weights[tr], C)
        oof[te] = part.decision(X[te])
    chosen, thresholds = {}, np.zeros(len(flags), dtype=np.float32)
    for j, flag in enumerate(flags):
        cuts = {m: combined_threshold(oof[:, j], targets[:, j], rules[:, j], m) for m in modes}
        f1 = {m: f1_score(targets[:, j], combine(m, oof[:, j] >= cuts[m], rules[:, j])) for m in modes}
        chosen[flag] = max(modes, key=lambda m: f1[m])  # max keeps the first of equal values
        thresholds[j] = cuts[chosen[flag]] if chosen[flag] != "rule" else cuts.get("or", np.inf)
    keep = [j for j, flag in enumerate(flags) if keep_rule_only or chosen[flag] != "rule"]
    final = fit_weighted_labels([flags[j] for j in keep], X, targets[:, keep].astype(np.int8), weights[:, keep], C)
    final.thresholds = thresholds[keep]
    learned = LearnedFlags(final, {flags[j]: chosen[flags[j]] for j in keep})
    learned.alone_thresholds = best_thresholds(oof, targets.astype(np.int8))[keep]
    return learned


# What a clause must say, besides the label's n-grams, before a learned flag may rest on it:
# a word of the practice itself (a label fires on "at any time" or "affiliates" alone), and for
# the flags whose rules check actor and object (`flag_semantics.NEEDS`) a verb that passes it.
LEARNED_CUES = {
    "targeted_ads": r"\b(personali[sz]\w*|relevant|interests?|interest-based|tailor\w*|target\w*|behaviou?r\w*|based\s+on\s+your)\b"
                    r"[^.;]{0,80}\b(advertis\w*|ads?|marketing)\b|\b(advertis\w*|ads?|marketing)\b[^.;]{0,80}\b(personali[sz]\w*|"
                    r"relevant|interests?|interest-based|tailor\w*|target\w*|based\s+on\s+your)\b",
    "third_party_tracking": r"\b(cookies?|pixels?|beacons?|sdks?|tags?|tracking|track|analytics|identifiers?)\b",
    "partner_sharing": r"\b(share|shares|shared|sharing|disclose\w*|provide\w*|transfer\w*|make\s+available)\b",
    "location": r"\b(gps|geo-?location|latitude|longitude|location\s+(data|information|history|services|settings)|"
                r"(precise|approximate|general|current|physical|device|your|live|real-time|ip-based)\s+location|where\s+you\s+are)\b",
    "children": r"\b(child\w*|minors?|kids?|teen\w*|under\s+(the\s+age\s+of\s+)?1\d|parent\w*|guardian\w*|coppa)\b",
    "retention_period": r"\b(retain\w*|retention|keep|keeps|kept|store|stores|stored|delet\w+)\b",
    "access_rights": r"\b(access|delete|deletion|correct\w*|rectif\w+|update|export|download|eras\w+|portab\w+)\b",
}


def learned_about_data(flag: str, text: str) -> bool:
    """Whether `text` says enough for a learned `flag` to stand (LEARNED_CUES, the rules' skips)."""
    from .flag_rules import RULES_BY_FLAG
    from .flag_semantics import NEEDS, about_persons_data
    from .flags import sentences_of

    cue = LEARNED_CUES.get(flag)
    if cue is None:
        return True
    from .flag_rules import AGE_GATES, DEFINITION
    from .flag_semantics import list_item_of_conduct

    for sentence in sentences_of(text):
        if DEFINITION.search(sentence):
            continue
        if any(rule.skip is not None and rule.skip.search(sentence) for rule in RULES_BY_FLAG.get(flag, [])):
            continue
        if flag in AGE_GATES and list_item_of_conduct(sentence):
            continue  # what the user must not do to minors, not who may use the service
        for match in re.finditer(cue, sentence, re.I):
            if flag not in NEEDS or about_persons_data(flag, sentence, match.start(), match.end()):
                return True
    return False


def learned_finding(flag: str, clause: Clause, text: str, margin: float, evidence: list[str], source: str) -> Finding | None:
    """A flag the learned label found and the rules did not; None when a negation governs its evidence.

    Denials are the rules' business ("we do not sell"): a label trained on presence would
    otherwise turn "payment data is never shared with advertisers" into a targeted-ads denial.
    """
    from .flags import is_negated, sentences_of

    if not learned_about_data(flag, clause.text):  # the clause's own words: a heading is no evidence
        return None
    for sentence in sentences_of(text):
        at = sentence.lower().find(evidence[0]) if evidence else -1
        if at >= 0:
            if is_negated(sentence, at, at + len(evidence[0])):
                return None
            break
    return Finding(
        kind="flag",
        label=flag,
        clause_index=clause.index,
        score=round(float(1 / (1 + np.exp(-2 * margin))), 4),
        source=source,
        polarity="does",
        explanation=describe("flag", flag),
        evidence=evidence,
        attributes={},  # values (a retention period, a DNT stance) only come from the rules
    )


def apply_learned(clauses: list[Clause], per_clause: list[dict[str, Finding]], verdicts) -> None:
    """Combine rule findings (per clause: flag -> Finding, edited in place) with learned verdicts.

    `verdicts` is `practices.FlagVerdicts`: fired/scores per clause and flag, and a way to
    name the evidence n-grams. Per flag mode: "learned" keeps rule findings only where the
    label fires and adds the label's own; "and" only keeps them; "or" adds; "rule" ignores it.
    """
    for j, flag in enumerate(verdicts.flags):
        mode = verdicts.modes[flag]
        fired = set(np.flatnonzero(verdicts.fired[:, j]).tolist())
        if mode in ("learned", "and"):  # a rule finding needs the label's agreement
            for i, found in enumerate(per_clause):
                if flag in found and i not in fired:
                    del found[flag]
        if mode in ("learned", "or"):  # the label alone is enough
            for i in sorted(fired):
                if flag not in per_clause[i]:
                    finding = learned_finding(
                        flag, clauses[i], verdicts.texts[i], verdicts.margin(i, j), verdicts.evidence(i, j), verdicts.source
                    )
                    if finding is not None:
                        per_clause[i][flag] = finding
