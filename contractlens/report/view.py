"""A person-oriented view of an Analysis, shared by the text, Markdown and HTML renderers.

Renderers only format; every decision about what a person sees (which findings, in what
order, how quotes are shortened, how the summary reads) is made here once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .. import taxonomy
from ..classify.coverage import forced_reading
from ..types import Analysis, Finding

QUOTE_LIMIT = 280


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Collapse whitespace and cut at a word boundary with an ellipsis when too long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


@dataclass
class FlaggedClause:
    clause_index: int
    section: str
    quote: str
    labels: list[str]  # plain-word category names, strongest first
    level: int
    level_name: str
    why: list[str]
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0
    figures: list[str] = field(default_factory=list)  # per label: "precision 0.48, recall 0.71" (model card)


@dataclass
class VerdictLine:
    profile: str
    term_id: str
    statement: str
    verdict: str
    reason: str
    quotes: list[tuple[str, str]]  # (section, quote)


@dataclass
class AnalysisView:
    title: str
    source: str
    language: str
    doc_type: str
    clauses_read: int
    summary: str
    counts: dict[str, int]
    flagged: list[FlaggedClause]
    grade: str | None
    grade_drivers: list[str]
    data_practices: list[dict]
    verdict_summary: str | None
    verdicts: list[VerdictLine]
    gpc: dict | None
    coverage_note: str = ""  # "Not graded: ...", "Graded from the unfair clauses only; ...", "Read as ..."
    unfair_read: bool = True
    data_read: bool = True
    grade_basis: str = ""
    unread: dict[str, str] = field(default_factory=dict)  # reader -> why it did not read the document
    language_note: str = ""  # "read as English because --lang en asked; the text seems to be French"


def _flagged_clauses(analysis: Analysis) -> list[FlaggedClause]:
    by_clause: dict[int, list[Finding]] = {}
    for finding in analysis.findings_of("unfair"):
        by_clause.setdefault(finding.clause_index, []).append(finding)
    flagged = []
    for index in sorted(by_clause):
        findings = sorted(by_clause[index], key=lambda f: (-(f.level or 0), -f.score))
        clause = analysis.clauses[index]
        level = max(f.level or 2 for f in findings)
        evidence: list[str] = []
        for f in findings:
            evidence.extend(e for e in map(_readable_evidence, f.evidence) if e and e not in evidence)
        flagged.append(
            FlaggedClause(
                clause_index=index,
                section=clause.section,
                quote=shorten(clause.text),
                labels=[taxonomy.UNFAIR[f.label].name for f in findings],
                level=level,
                level_name=taxonomy.UNFAIR_LEVELS.get(level, "potentially unfair"),
                why=[taxonomy.UNFAIR[f.label].why for f in findings],
                evidence=evidence[:6],
                score=max(f.score for f in findings),
                figures=[figure_text(analysis, "unfair", f.label) for f in findings],
            )
        )
    return flagged


def figure_text(analysis: Analysis, kind: str, label: str) -> str:
    """The category's measured precision and recall, as recorded with the analysis (`extras["measured"]`)."""
    from ..classify.model_figures import describe_figures

    entry = (analysis.extras.get("measured") or {}).get(kind) or {}
    return describe_figures((entry.get("categories") or {}).get(label))


def _readable_evidence(phrase: str) -> str:
    """Drop evidence a person cannot read (punctuation, one letter); shorten long phrase matches."""
    phrase = " ".join(phrase.split())
    if sum(ch.isalnum() for ch in phrase) < 2:
        return ""
    return shorten(phrase, 60)


def unread_reasons(analysis: Analysis) -> dict[str, str]:
    """reader name -> 'unfair clauses not read in French (read in en, de, it, pl only)'."""
    coverage = analysis.coverage
    if coverage is None:
        return {}
    return {r.name: f"{r.finds} {r.reason}" for r in coverage.readers if not r.read}


def summary_line(analysis: Analysis) -> tuple[str, dict[str, int]]:
    """'Read 42 clauses; flagged 7: 2 limitation of liability, 1 arbitration, …'.

    When no unfair-clause model read the document, it says so instead of "none flagged".
    """
    counts = Counter(taxonomy.UNFAIR[f.label].name.lower() for f in analysis.findings_of("unfair"))
    flagged = len({f.clause_index for f in analysis.findings_of("unfair")})
    if not analysis.reads("unfair"):
        why = unread_reasons(analysis).get("unfair", "no unfair-clause model read it")
        return f"Split into {len(analysis.clauses)} clauses; {why}.", {}
    read = f"Read {len(analysis.clauses)} clauses"
    if not counts:
        return f"{read}; none flagged as unfair.", {}
    parts = ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{read}; flagged {flagged} as potentially or clearly unfair: {parts}.", dict(counts)


def verdict_summary(analysis: Analysis) -> str | None:
    """'3 of your 11 terms are violated; 5 are not addressed.'"""
    if not analysis.verdicts:
        return None
    total = len(analysis.verdicts)
    tally = Counter(v.verdict for v in analysis.verdicts)
    violated = tally.get("violated", 0)
    unaddressed = tally.get("not addressed", 0)
    verb = "is" if violated == 1 else "are"
    text = f"{violated} of your {total} terms {verb} violated"
    unchecked = tally.get("not checked", 0)
    if unaddressed or not unchecked:  # "0 are not addressed" would claim the unread text was searched
        text += f"; {unaddressed} {'is' if unaddressed == 1 else 'are'} not addressed"
    if unchecked:
        text += f"; {unchecked} not checked (the document was not read for them)"
    text += f"; {tally.get('honoured', 0)} honoured."
    return text


def _verdict_lines(analysis: Analysis) -> list[VerdictLine]:
    order = {"violated": 0, "not checked": 1, "not addressed": 2, "honoured": 3}
    lines = []
    for verdict in sorted(analysis.verdicts, key=lambda v: (order.get(v.verdict, 3), v.profile, v.term_id)):
        quotes = [
            (analysis.clauses[i].section, shorten(analysis.clauses[i].text, 200))
            for i in verdict.evidence[:2]
            if 0 <= i < len(analysis.clauses)
        ]
        lines.append(
            VerdictLine(verdict.profile, verdict.term_id, verdict.statement, verdict.verdict, verdict.reason, quotes)
        )
    return lines


def build_view(analysis: Analysis) -> AnalysisView:
    document = analysis.document
    summary, counts = summary_line(analysis)
    return AnalysisView(
        title=document.title or document.source,
        source=document.final_url or document.source,
        language=document.language,
        doc_type=document.doc_type,
        clauses_read=len(analysis.clauses),
        summary=summary,
        counts=counts,
        flagged=_flagged_clauses(analysis),
        grade=analysis.grade.letter if analysis.grade else None,
        grade_drivers=list(analysis.grade.drivers) if analysis.grade else [],
        data_practices=list(analysis.extras.get("data_practices", [])),
        verdict_summary=verdict_summary(analysis),
        verdicts=_verdict_lines(analysis),
        gpc=analysis.extras.get("gpc"),
        coverage_note=analysis.coverage.note if analysis.coverage else "",
        unfair_read=analysis.reads("unfair"),
        data_read=analysis.reads("flags"),
        grade_basis=analysis.grade.basis if analysis.grade else "",
        unread=unread_reasons(analysis),
        language_note=forced_reading(analysis.coverage) if analysis.coverage else "",
    )
