"""The grade A–E: a published, deterministic formula that always names what drove it.

Penalty points P (lower is better) are summed from four parts:

1. Unfair clauses — per unfair category (arbitration, unilateral change, ...), its worst
   clause counts once: clearly unfair (level 3) = 3 points, potentially unfair (level 2) = 1.
2. Harvesting flags with polarity "does" — per flag, once:
   sale of personal data 3 · targeted advertising 2 · third-party tracking 2 ·
   AI/ML training on your data 2 · sharing with partners or brokers 1.5 ·
   location, health, biometric, financial or children's data 0.5 each · cross-border transfer 0.5;
   retention by its attribute: indefinite 2, unstated 1, "as long as necessary" 0.5, bounded 0;
   Do-Not-Track/GPC ignored 1 (these two are read from their attribute, whatever the polarity);
   access/deletion rights denied (access_rights does_not) 1.5.
3. Violated terms of the person's own profiles — half the term's weight each (weights are
   1 low, 2 medium, 3 high); half, because the finding that violates a term usually already
   counted under 1 or 2.
4. Credits for explicit protections — 1 point each, at most 3 in total: says it does not sell,
   target ads, let third parties track, or train AI on your data; grants access/deletion;
   bounded retention; honours DNT/GPC (in the text or in /.well-known/gpc.json). A credit
   only counts when no clause says the opposite.

P = max(0, part1 + part2 + part3 − part4). Letter: A if P < 2, B if P < 5, C if P < 9,
D if P < 14, else E. Every grade lists 3–5 drivers: the largest contributions first (ties
broken alphabetically), then the credits, then what was looked for and not found.

Coverage: only what a model read counts. A document no unfair-clause model reads (a language
it was not trained for) gets no grade at all, never an A for silence. When the unfair clauses
are read but the data practices are not (German, Italian, Polish), parts 2 and 4 are empty and
the grade says so in `Grade.basis` ("from the unfair clauses only; data practices not read in
German"); a term whose conditions need an unread model is "not checked", never violated by silence.
"""

from __future__ import annotations

from collections import defaultdict

from .. import taxonomy
from ..types import Analysis, Finding, Grade
from .verdicts import ATTRIBUTE_FLAGS, describe_finding, describe_gpc

LEVEL_POINTS = {3: 3.0, 2: 1.0}
FLAG_POINTS = {
    "sale": 3.0,
    "targeted_ads": 2.0,
    "third_party_tracking": 2.0,
    "ai_training": 2.0,
    "partner_sharing": 1.5,
    "location": 0.5,
    "health": 0.5,
    "biometric": 0.5,
    "financial": 0.5,
    "children": 0.5,
    "cross_border": 0.5,
}
# (flag, attribute, value) -> points, for flags whose harm lies in an attribute.
ATTRIBUTE_POINTS = {
    ("retention_period", "retention", "indefinite"): 2.0,
    ("retention_period", "retention", "unstated"): 1.0,
    ("retention_period", "retention", "as_long_as_necessary"): 0.5,
    ("dnt_gpc", "dnt_gpc", "ignored"): 1.0,
}
DENIAL_POINTS = {"access_rights": 1.5}  # flags whose polarity "does_not" is the harm
TERM_FACTOR = 0.5
CREDIT_POINTS = 1.0
MAX_CREDITS = 3.0
# Credits: flag polarity "does_not" for these, polarity "does" for access_rights, attributes below.
CREDIT_DENIALS = ("sale", "targeted_ads", "third_party_tracking", "ai_training")
CREDIT_ATTRIBUTES = {("retention_period", "retention", "bounded"), ("dnt_gpc", "dnt_gpc", "honoured")}
LETTER_BOUNDS = (("A", 2.0), ("B", 5.0), ("C", 9.0), ("D", 14.0))
MIN_DRIVERS, MAX_DRIVERS = 3, 5


def letter_for(points: float) -> str:
    """The letter for a penalty total (see the module docstring)."""
    for letter, bound in LETTER_BOUNDS:
        if points < bound:
            return letter
    return "E"


def _known(finding: Finding) -> bool:
    return finding.label in taxonomy.ALL_KINDS.get(finding.kind, {})


def _strongest(findings: list[Finding]) -> Finding:
    return min(findings, key=lambda f: (-(f.level or 0), -f.score, f.clause_index))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _points(value: float) -> str:
    number = f"{value:g}"
    return f"{'+' if value > 0 else '−'}{number.lstrip('-')} point{'' if abs(value) == 1 else 's'}"


def _flag_penalty(finding: Finding) -> float:
    """Points for one flag finding; flags whose meaning lies in an attribute ignore polarity."""
    if finding.label in ATTRIBUTE_FLAGS:
        return max((points for (flag, key, value), points in ATTRIBUTE_POINTS.items()
                    if finding.label == flag and finding.attributes.get(key) == value), default=0.0)
    if finding.polarity == "does_not":
        return DENIAL_POINTS.get(finding.label, 0.0)
    return FLAG_POINTS.get(finding.label, 0.0)


def _is_credit(finding: Finding) -> bool:
    if finding.label in ATTRIBUTE_FLAGS:
        return any(finding.label == flag and finding.attributes.get(key) == value
                   for flag, key, value in CREDIT_ATTRIBUTES)
    if finding.label in CREDIT_DENIALS:
        return finding.polarity == "does_not"
    return finding.label == "access_rights" and finding.polarity != "does_not"


def _penalties(analysis: Analysis) -> list[tuple[float, str]]:
    """(points, driver text) for parts 1–3 of the formula."""
    items: list[tuple[float, str]] = []
    by_key: dict[tuple, list[Finding]] = defaultdict(list)
    for finding in analysis.findings:
        if not _known(finding):
            continue
        if finding.kind == "unfair" and finding.level in LEVEL_POINTS:
            by_key[("unfair", finding.label)].append(finding)
        elif finding.kind == "flag" and _flag_penalty(finding) > 0:
            by_key[("flag", finding.label)].append(finding)
    for (kind, _label), group in by_key.items():
        worst = _strongest(group) if kind == "unfair" else max(group, key=lambda f: (_flag_penalty(f), f.score))
        points = LEVEL_POINTS[worst.level] if kind == "unfair" else _flag_penalty(worst)
        clauses = len({f.clause_index for f in group})
        more = f", {_plural(clauses, 'clause')}" if clauses > 1 else ""
        items.append((points, f"{describe_finding(worst, analysis)} ({_points(points)}{more})"))
    for verdict in analysis.verdicts:
        if verdict.verdict == "violated" and verdict.weight > 0:
            points = TERM_FACTOR * verdict.weight
            items.append((points, f'violates your term "{verdict.statement}" '
                                  f"({verdict.profile}/{verdict.term_id}, {_points(points)})"))
    return items


def _credits(analysis: Analysis) -> list[tuple[float, str]]:
    """(points, driver text) for part 4; a label with any harmful clause earns no credit."""
    harmful = {f.label for f in analysis.findings if f.kind == "flag" and _flag_penalty(f) > 0}
    best: dict[str, Finding] = {}
    for finding in analysis.findings:
        if finding.kind == "flag" and _known(finding) and finding.label not in harmful and _is_credit(finding):
            if finding.label not in best or finding.score > best[finding.label].score:
                best[finding.label] = finding
    items = [(-CREDIT_POINTS, f"{describe_finding(f, analysis)} ({_points(-CREDIT_POINTS)})")
             for f in best.values()]
    gpc = analysis.extras.get("gpc")
    if isinstance(gpc, dict) and gpc.get("gpc") is True and "dnt_gpc" not in best and "dnt_gpc" not in harmful:
        items.append((-CREDIT_POINTS, f"{describe_gpc(gpc)} ({_points(-CREDIT_POINTS)})"))
    items.sort(key=lambda item: item[1])
    budget, capped = MAX_CREDITS, []
    for points, text in items:
        if budget <= 0:
            break
        capped.append((max(points, -budget), text))
        budget += points
    return capped


def _absences(analysis: Analysis) -> list[str]:
    """What was looked for and not found, by the models that read the document: fills the driver list."""
    notes = []
    clauses = _plural(len(analysis.clauses), "clause")
    if analysis.reads("unfair") and not analysis.findings_of("unfair"):
        notes.append(f"no unfair clauses found among {clauses}")
    harmful = [f for f in analysis.findings_of("flag") if _flag_penalty(f) > 0]
    if analysis.reads("flags") and not harmful:
        notes.append("no data-harvesting practices found (sale, targeted ads, tracking, AI training, ...)")
    if analysis.verdicts and not any(v.verdict == "violated" for v in analysis.verdicts):
        notes.append(f"none of your {_plural(len(analysis.verdicts), 'term')} is violated")
    return notes


def grade_analysis(analysis: Analysis) -> Grade | None:
    """Grade one Analysis by the formula above, with 3–5 drivers that explain it; None when not graded."""
    from ..classify.coverage import grade_basis

    coverage = analysis.coverage
    if coverage is not None and not coverage.graded:
        return None
    penalties = sorted(_penalties(analysis), key=lambda item: (-item[0], item[1]))
    credits = _credits(analysis)
    total = sum(p for p, _ in penalties) + sum(p for p, _ in credits)
    points = round(max(0.0, total), 2)
    letter = letter_for(points)
    drivers = [text for _, text in penalties[: MAX_DRIVERS - (1 if credits else 0)]]
    drivers += [text for _, text in credits][: MAX_DRIVERS - len(drivers)]
    fillers = _absences(analysis) + [
        f"{points:g} penalty points in total; grade {letter} ({_bounds_text(letter)})",
        f"{_plural(len(analysis.clauses), 'clause')} read, {_plural(len(analysis.findings), 'finding')}",
        "the grade counts unfair clauses, data-harvesting practices and your violated terms",
    ]
    drivers += fillers[: max(0, MIN_DRIVERS - len(drivers))]
    return Grade(letter=letter, score=points, drivers=drivers[:MAX_DRIVERS],
                 basis=grade_basis(coverage) if coverage is not None else "")


def _bounds_text(letter: str) -> str:
    bounds = dict(LETTER_BOUNDS)
    if letter in bounds:
        return f"{letter} is under {bounds[letter]:g} points"
    return f"E is {LETTER_BOUNDS[-1][1]:g} points or more"
