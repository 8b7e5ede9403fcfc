"""Two readings the unfair-clause model cannot make from n-grams, applied to its findings.

- Unilateral termination (`ter`) is the company's power to end the contract. "You may
  terminate this agreement at any time by deleting your account" gives the *user* a right:
  when every termination verb of the clause has the user as its subject
  (`flag_semantics.reading`), the finding is dropped.
- Mandatory arbitration together with a class-action waiver is clearly unfair (level 3): it
  sends every dispute out of court and forbids the consumer to join others (UCTD annex 1(q):
  terms "excluding or hindering the consumer's right to take legal action ... by requiring the
  consumer to take disputes exclusively to arbitration"). The CLAUDETTE annotators tagged the
  nine English sentences that waive class actions a2, and used a3 for the seat and rules of
  arbitration, so the level model cannot learn this; it is a rule on top of it. It applies
  to an arbitration finding whose clause waives class actions in a document whose arbitration
  is binding (the two are often stated in neighbouring clauses).
"""

from __future__ import annotations

import re

from ..taxonomy import describe
from ..types import Clause, Finding
from .flag_semantics import reading

TERMINATION = re.compile(r"\b(terminat\w*|suspend\w*|cancel\w*|clos(e|es|ing)|end|deactivat\w*|disabl\w*|discontinu\w*|delet\w*)\b", re.I)
CLASS_WAIVER = re.compile(
    r"\bclass[-\s]+(action|arbitration|wide|or\s+representative|proceeding|member|basis)\w*|\brepresentative\s+(action|proceeding)s?\b"
    r"|\bcollective\s+action\b|\bindividual\s+basis\b",
    re.I,
)
BINDING = re.compile(r"\b(binding|mandatory|final)\s+(\w+\s+){0,2}arbitrat\w*|\barbitrat\w*\s+(\w+\s+){0,6}(binding|final|exclusive)\b"
                     r"|\b(must|shall|agree\w*\s+to|will)\s+(\w+\s+){0,4}(arbitrat\w*|resolved\s+(\w+\s+){0,2}by\s+arbitration)", re.I)
CLEARLY_UNFAIR = 3
CLASS_WAIVER_RULE = "mandatory arbitration with a class-action waiver"


def users_own_right(text: str) -> bool:
    """True when every termination verb in `text` has the user as its subject."""
    readings = [reading(text, m.start(), m.end()) for m in TERMINATION.finditer(text)]
    actors = {r.actor for r in readings}
    return "user" in actors and actors <= {"user", "unknown"} and not any(r.passive for r in readings)


def apply_unfair_rules(findings: list[Finding], clauses: list[Clause]) -> list[Finding]:
    """`findings` of the unfair model with the two readings of the module docstring applied."""
    text = {clause.index: clause.text for clause in clauses}
    arbitration = [f for f in findings if f.label == "a"]
    binding = any(BINDING.search(text.get(f.clause_index, "")) for f in arbitration)
    kept = []
    for finding in findings:
        clause_text = text.get(finding.clause_index, "")
        if finding.label == "ter" and users_own_right(clause_text):
            continue
        if finding.label == "a" and binding and finding.level != CLEARLY_UNFAIR and CLASS_WAIVER.search(clause_text):
            finding.level = CLEARLY_UNFAIR
            finding.explanation = describe("unfair", "a", CLEARLY_UNFAIR)
            finding.attributes = {**finding.attributes, "level_rule": CLASS_WAIVER_RULE}
        kept.append(finding)
    return kept
