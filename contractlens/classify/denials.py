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


def rules_polarity(clauses: list[Clause], lang: str) -> dict[tuple[int, str], str]:
    """(clause index, flag) -> polarity the phrase rules alone give, for `clauses` in one pass."""
    return {(f.clause_index, f.label): f.polarity for f in detect_flags(clauses, lang)}


def _judged(finding: Finding) -> bool:
    return finding.kind == "flag" and finding.polarity == "does" and finding.label not in ATTRIBUTE_FLAGS


def enforce_denials(findings: list[Finding], clauses: list[Clause], lang: str) -> list[Finding]:
    """The flag findings with every "does" that its clause only denies turned or dropped (see above)."""
    by_index = {c.index: c for c in clauses}
    needed = sorted({f.clause_index for f in findings if _judged(f) and f.clause_index in by_index})
    rules = rules_polarity([by_index[i] for i in needed], lang)
    kept = []
    for finding in findings:
        if _judged(finding) and rules.get((finding.clause_index, finding.label)) == "does_not":
            if finding.source != SOURCE:
                continue
            finding.polarity, finding.score = "does_not", NEGATED_SCORE
        kept.append(finding)
    return kept
