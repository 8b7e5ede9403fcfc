"""What the badge and the popup show for a site: one grade, why, and the first quotes.

A site's grade is the worst grade among the documents of its check that could be graded; when
none could (contractlens did not read them), there is no grade, only the reason: the badge then
shows "?", never a letter.
"""

from __future__ import annotations

from ..report.view import build_view
from ..types import Analysis

GRADES = "ABCDE"
QUOTES_SHOWN = 3
DRIVERS_SHOWN = 4


def site_summary(analyses: list[Analysis]) -> dict:
    views = [build_view(a) for a in analyses]
    graded = [v for v in views if v.grade and v.grade in GRADES]
    worst = max(graded, key=lambda v: GRADES.index(v.grade), default=None)
    if worst is None:
        note = next((v.coverage_note for v in views if v.coverage_note), "Not graded: nothing could be read")
    else:
        note = worst.grade_basis
    return {
        "grade": worst.grade if worst else None,
        "grade_note": note,
        "drivers": list(worst.grade_drivers[:DRIVERS_SHOWN]) if worst else [],
        "documents": [
            {"title": v.title, "source": v.source, "doc_type": v.doc_type, "grade": v.grade,
             "note": v.coverage_note or v.grade_basis}
            for v in views
        ],
        "violated_terms": [
            {"profile": line.profile, "term_id": line.term_id, "statement": line.statement, "reason": line.reason}
            for v in views for line in v.verdicts if line.verdict == "violated"
        ],
        "flagged": [
            {"document": v.title, "section": c.section, "quote": c.quote, "labels": c.labels,
             "level": c.level_name}
            for v in views for c in v.flagged
        ][:QUOTES_SHOWN],
        "flagged_total": sum(len(v.flagged) for v in views),
    }
