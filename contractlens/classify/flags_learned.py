"""Harvesting flags learned from OPP-115 attribute annotations, on the practices model's own rows:
loading and predicting (the fitting is `training/flags.py`).

A flag such as "targeted advertising" has an OPP-115 counterpart (Purpose = Advertising), so
instead of phrase rules alone it gets a linear label over the feature matrix the practices
model computes anyway: one extra column in a matrix product, ~no run-time cost. Per flag, the
model stores how the label combines with the rules (its mode: "or" adds to them; "learned" and
"and" are weighed by evaluation only) and its threshold, both chosen at training time on
out-of-fold scores of the training policies. The rules still give polarity ("we do not sell"),
attribute values and most evidence; a label never overrules them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..taxonomy import describe
from ..types import Clause, Finding
from .flag_semantics import THIRD_PARTY_NAMED
from .textmodel import LinearLabels, readable_evidence

class LearnedFlags:
    """Linear flag labels (scores ≥ thresholds) and, per flag, how they combine with the rules.

    What the runtime loads and predicts with; `training.flags.FlagLearner` fits it.
    """

    def __init__(self, linear: LinearLabels, modes: dict[str, str]):
        self.linear = linear
        self.modes = dict(modes)

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


# What a clause must say, besides the label's n-grams, before a learned flag may rest on it:
# a word of the practice itself (a label fires on "at any time" or "affiliates" alone), and for
# the flags whose rules check actor and object (`flag_semantics.NEEDS`) a verb that passes it.
LEARNED_CUES = {
    "targeted_ads": r"\b(personali[sz]\w*|relevant|interests?|interest-based|tailor\w*|target\w*|behaviou?r\w*|based\s+on\s+your)\b"
                    r"[^.;]{0,80}\b(advertis\w*|ads?|marketing)\b|\b(advertis\w*|ads?|marketing)\b[^.;]{0,80}\b(personali[sz]\w*|"
                    r"relevant|interests?|interest-based|tailor\w*|target\w*|based\s+on\s+your)\b",
    # ... and, for tracking, another company: "we use cookies to collect information" is the service's own
    "third_party_tracking": r"^(?=.*\b(cookies?|pixels?|beacons?|sdks?|tags?|tracking|track|analytics|identifiers?)\b)"
                            r"(?=.*(" + THIRD_PARTY_NAMED.pattern + "))",
    "partner_sharing": r"\b(share|shares|shared|sharing|disclose\w*|provide\w*|transfer\w*|make\s+available)\b",
    "location": r"\b(gps|geo-?location|latitude|longitude|location\s+(data|information|history|services|settings)|"
                r"(precise|approximate|general|current|physical|device|your|live|real-time|ip-based)\s+location|where\s+you\s+are)\b",
    "children": r"\b(child\w*|minors?|kids?|teen\w*|under\s+(the\s+age\s+of\s+)?1\d|parent\w*|guardian\w*|coppa)\b",
    "retention_period": r"\b(retain\w*|retention|keep|keeps|kept|store|stores|stored|delet\w+)\b",
    "access_rights": r"\b(access|delete|deletion|correct\w*|rectif\w+|update|export|download|eras\w+|portab\w+)\b",
}


def learned_about_data(flag: str, text: str, lead: str = "") -> bool:
    """Whether `text` says enough for a learned `flag` to stand (LEARNED_CUES, the rules' skips);
    `lead` opens the list the text is an item of."""
    from .flag_rules import RULES_BY_FLAG
    from .flag_semantics import NEEDS, about_persons_data
    from .flags import sentences_of

    cue = LEARNED_CUES.get(flag)
    if cue is None:
        return True
    from .flag_rules import AGE_GATE, AGE_GATES, DATA_KINDS, DISCLAIMER, LAW_SPEAKS
    from .flag_semantics import list_item_of_conduct
    from .obligations import is_definition, states_no_practice

    inner = ""  # the sentence that opens a list inside the text, as `flags._clause_flags` reads it
    for sentence in sentences_of(text):
        opened, inner = inner, (inner or sentence) if sentence.endswith((";", ":")) else ""
        cues = list(re.finditer(cue, sentence, re.I))
        if not cues:
            continue  # no word of the practice: nothing else to read
        if is_definition(sentence) or (opened and is_definition(opened)):
            continue  # 'a "child" is a person (a) under 13; (b) ...' defines; it is no age gate
        if states_no_practice(sentence, lead) and not (flag in AGE_GATES and AGE_GATE.search(sentence)):
            continue  # a definition, a question, a duty of the user or a customer, an item of their prohibitions
        rules = RULES_BY_FLAG.get(flag, [])
        if any(rule.skip is not None and rule.skip.search(sentence) for rule in rules):
            continue
        if flag in DATA_KINDS and rules and all(r.context is not None and not r.context.search(sentence) for r in rules):
            continue  # what the rules need besides the trigger ("children" as users, not as a market)
        if flag in DATA_KINDS and (DISCLAIMER.search(sentence) or LAW_SPEAKS.search(sentence)):
            continue  # a disclaimer, or what a law requires
        if flag in AGE_GATES and list_item_of_conduct(sentence):
            continue  # what the user must not do to minors, not who may use the service
        for match in cues:
            if flag not in NEEDS or about_persons_data(flag, sentence, match.start(), match.end()):
                return True
    return False


def learned_finding(flag: str, clause: Clause, text: str, margin: float, evidence: list[str], source: str,
                    lead: str = "") -> Finding | None:
    """A flag the learned label found and the rules did not; None when a negation governs its evidence.

    Denials are the rules' business ("we do not sell"): a label trained on presence would
    otherwise turn "payment data is never shared with advertisers" into a targeted-ads denial.
    """
    from .flags import is_negated, sentences_of

    if not learned_about_data(flag, clause.text, lead):  # the clause's own words: a heading is no evidence
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
    from .obligations import list_lead

    texts = {c.index: c.text for c in clauses}
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
                        flag, clauses[i], verdicts.texts[i], verdicts.margin(i, j), verdicts.evidence(i, j), verdicts.source,
                        list_lead(texts, clauses[i].index),
                    )
                    if finding is not None:
                        per_clause[i][flag] = finding
