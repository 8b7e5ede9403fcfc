"""The last word on polarity: a flag finding whose own clause denies the practice is never "does".

The phrase rules judge negation sentence by sentence; a learned flag label checks only its
evidence phrase. `enforce_denials` runs after both, on the clauses as the models read them
(typography normalised): each "does" finding's clause is read again by the rules alone, and
where they find the practice in it only denied ("We don't sell your personal information"),
a rule finding becomes a denial and a learned one is dropped (a label never asserts a denial).
Flags whose meaning lies in an attribute (retention period, DNT stance) are left as they are.
"""

from __future__ import annotations

from ..taxonomy import ATTRIBUTE_FLAGS
from ..types import Clause, Finding
from .flags import NEGATED_SCORE, SOURCE, detect_flags


def rules_polarity(clause: Clause, lang: str) -> dict[str, str]:
    """flag -> polarity the phrase rules alone give `clause`."""
    return {f.label: f.polarity for f in detect_flags([clause], lang)}


def enforce_denials(findings: list[Finding], clauses: list[Clause], lang: str) -> list[Finding]:
    """The flag findings with every "does" that its clause only denies turned or dropped (see above)."""
    by_index = {c.index: c for c in clauses}
    judged: dict[int, dict[str, str]] = {}
    kept = []
    for finding in findings:
        clause = by_index.get(finding.clause_index)
        if finding.kind == "flag" and finding.polarity == "does" and finding.label not in ATTRIBUTE_FLAGS and clause:
            if finding.clause_index not in judged:
                judged[finding.clause_index] = rules_polarity(clause, lang)
            if judged[finding.clause_index].get(finding.label) == "does_not":
                if finding.source != SOURCE:
                    continue
                finding.polarity, finding.score = "does_not", NEGATED_SCORE
        kept.append(finding)
    return kept
