"""What changed between two versions of a document, at the level that matters.

Findings are compared by (kind, label, polarity) and located by section: a clause that
appears is "added", one that disappears is "removed", a reworded or re-levelled one is
"changed". Grade and asserted-term verdict changes are reported too. A change of coverage (a
model reads the new version and not the old one: its language changed, or contractlens learned
a language) is reported as such, and is not a change of findings: the findings of a model that
read only one of the two versions are not compared, and a grade that appears or disappears with
coverage is not a grade change. The text diff is by
lines first, then by words inside changed lines only (never word-level over the whole
text, which takes minutes on a long policy).
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field

from ..taxonomy import ALL_KINDS, UNFAIR_LEVELS
from ..types import Analysis
from .normalize import normalize_line, normalized_paragraphs

KIND_ORDER = {"unfair": 0, "flag": 1, "practice": 2}
READER_OF_KIND = {"unfair": "unfair", "practice": "practices", "flag": "flags"}
REWORDED_MIN_RATIO = 0.6


@dataclass
class ChangeItem:
    """One finding-level, grade or verdict change, with a sentence for a person."""

    change: str  # "added" | "removed" | "changed" | "grade" | "verdict" | "coverage"
    message: str
    kind: str = ""
    label: str = ""
    polarity: str | None = None
    section: str = ""
    before: str | None = None  # clause text, grade letter or verdict before
    after: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Located:
    section: str
    text: str
    key_text: str
    level: int | None
    attributes: dict = field(default_factory=dict)


def finding_name(kind: str, label: str, polarity: str | None = None) -> str:
    """'arbitration clause', 'sale of personal data (denied)', 'data retention statement'."""
    try:
        name = ALL_KINDS[kind][label].name.lower()
    except KeyError:
        name = label
    if kind == "unfair":
        return f"{name} clause"
    if kind == "flag":
        return f"{name} ({'denied' if polarity == 'does_not' else 'stated'})"
    return f"{name} statement"


def _locate(analysis: Analysis) -> dict[tuple, list[_Located]]:
    groups: dict[tuple, list[_Located]] = {}
    for finding in analysis.findings:
        clause = analysis.clauses[finding.clause_index] if 0 <= finding.clause_index < len(
            analysis.clauses
        ) else None
        text = clause.text if clause else ""
        section = clause.section if clause else ""
        key = (finding.kind, finding.label, finding.polarity)
        groups.setdefault(key, []).append(
            _Located(section, text, normalize_line(text), finding.level, dict(finding.attributes))
        )
    return groups


def _where(section: str) -> str:
    return f" in section '{section}'" if section else ""


def _level_note(level: int | None) -> str:
    return UNFAIR_LEVELS.get(level, "") if level else ""


def _pair_reworded(old: list[_Located], new: list[_Located]):
    """Pair leftover clauses that are rewordings of each other (most similar first)."""
    scored = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            matcher = difflib.SequenceMatcher(None, a.key_text, b.key_text, autojunk=False)
            if matcher.quick_ratio() >= REWORDED_MIN_RATIO:
                ratio = matcher.ratio()
                if ratio >= REWORDED_MIN_RATIO or a.section == b.section and a.section:
                    scored.append((ratio, i, j))
    pairs, used_old, used_new = [], set(), set()
    for _ratio, i, j in sorted(scored, reverse=True):
        if i not in used_old and j not in used_new:
            pairs.append((old[i], new[j]))
            used_old.add(i)
            used_new.add(j)
    rest_old = [a for i, a in enumerate(old) if i not in used_old]
    rest_new = [b for j, b in enumerate(new) if j not in used_new]
    return pairs, rest_old, rest_new


def _group_changes(key: tuple, old: list[_Located], new: list[_Located]) -> list[ChangeItem]:
    kind, label, polarity = key
    name = finding_name(kind, label, polarity)
    items: list[ChangeItem] = []
    new_left = list(new)
    old_left = []
    for a in old:  # identical text (after normalisation): unchanged unless level/attributes moved
        match = next((b for b in new_left if b.key_text == a.key_text), None)
        if match is None:
            old_left.append(a)
            continue
        new_left.remove(match)
        if (a.level, a.attributes) != (match.level, match.attributes):
            detail = (
                f"from {_level_note(a.level)} to {_level_note(match.level)}"
                if a.level != match.level
                else f"attributes {a.attributes} -> {match.attributes}"
            )
            items.append(ChangeItem("changed", f"{name}{_where(match.section)} changed {detail}",
                                    kind, label, polarity, match.section, a.text, match.text))
    pairs, old_left, new_left = _pair_reworded(old_left, new_left)
    for a, b in pairs:
        items.append(ChangeItem("changed", f"{name}{_where(b.section)} reworded",
                                kind, label, polarity, b.section, a.text, b.text))
    for b in new_left:
        items.append(ChangeItem("added", f"{name} added{_where(b.section)}",
                                kind, label, polarity, b.section, None, b.text))
    for a in old_left:
        items.append(ChangeItem("removed", f"{name} removed (was{_where(a.section) or ' present'})",
                                kind, label, polarity, a.section, a.text, None))
    return items


def _readers_changed(old: Analysis, new: Analysis) -> set[str]:
    return {name for name in READER_OF_KIND.values() if old.reads(name) != new.reads(name)}


def coverage_change(old: Analysis, new: Analysis) -> list[ChangeItem]:
    """One item when a model read one version and not the other, saying which and why."""
    changed = _readers_changed(old, new)
    if not changed:
        return []
    from ..classify.coverage import FINDS

    parts = [f"{FINDS[name]} {'now read' if new.reads(name) else 'no longer read'}"
             for name in READER_OF_KIND.values() if name in changed]
    note = new.coverage.note if new.coverage and new.coverage.note else ""
    before = old.coverage.note if old.coverage and old.coverage.note else "read"
    message = f"coverage changed: {', '.join(parts)}" + (f" ({note})" if note else "") + "; not a change of findings"
    return [ChangeItem("coverage", message, before=before, after=note or "read")]


def finding_changes(old: Analysis, new: Analysis) -> list[ChangeItem]:
    """Findings added, removed or changed between two analyses, most important first.

    Findings of a model that read only one of the two versions are left out (see coverage_change).
    """
    unread = _readers_changed(old, new)
    old_groups, new_groups = _locate(old), _locate(new)
    items: list[ChangeItem] = []
    keys = sorted((k for k in set(old_groups) | set(new_groups) if READER_OF_KIND.get(k[0]) not in unread),
                  key=lambda k: (KIND_ORDER.get(k[0], 9), k[1], k[2] or ""))
    for key in keys:
        items.extend(_group_changes(key, old_groups.get(key, []), new_groups.get(key, [])))
    return items


def grade_change(old: Analysis, new: Analysis) -> list[ChangeItem]:
    before = old.grade.letter if old.grade else None
    after = new.grade.letter if new.grade else None
    if before == after or (None in (before, after) and _readers_changed(old, new)):
        return []  # a grade that comes or goes with coverage is reported by coverage_change
    return [ChangeItem("grade", f"grade changed from {before or 'none'} to {after or 'none'}",
                       before=before, after=after)]


def verdict_changes(old: Analysis, new: Analysis) -> list[ChangeItem]:
    before = {(v.profile, v.term_id): v for v in old.verdicts}
    items = []
    for verdict in new.verdicts:
        previous = before.get((verdict.profile, verdict.term_id))
        if previous is not None and previous.verdict != verdict.verdict:
            items.append(ChangeItem(
                "verdict",
                f"term '{verdict.profile}/{verdict.term_id}' now {verdict.verdict} "
                f"(was {previous.verdict})",
                label=verdict.term_id, before=previous.verdict, after=verdict.verdict,
            ))
    return items


def compare_analyses(old: Analysis, new: Analysis) -> list[ChangeItem]:
    """Everything that matters between two versions: coverage, grade, verdicts, then findings."""
    return coverage_change(old, new) + grade_change(old, new) + verdict_changes(old, new) + finding_changes(old, new)


# --- text diff ---------------------------------------------------------------------------


def _headings(analysis: Analysis | None) -> set[str]:
    if analysis is None:
        return set()
    text = analysis.document.text
    return {
        normalize_line(text[b.start : b.end])
        for b in analysis.document.blocks
        if b.kind == "heading"
    }


def word_diff(old_line: str, new_line: str) -> str:
    """One line with [-removed words-] and {+added words+} marked."""
    a, b = old_line.split(), new_line.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def text_diff(
    old_text: str, new_text: str, *, old: Analysis | None = None, new: Analysis | None = None
) -> list[tuple[str, list[str]]]:
    """Changed sections as (heading, lines); lines start with '-', '+' or '~' (word diff)."""
    a, b = normalized_paragraphs(old_text), normalized_paragraphs(new_text)
    headings = _headings(old) | _headings(new)
    section_of_b = _running_section(b, headings)
    section_of_a = _running_section(a, headings)
    sections: dict[str, list[str]] = {}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            sections.setdefault(section_of_b[j1 + k], []).append(
                "~ " + word_diff(a[i1 + k], b[j1 + k]))
        for i in range(i1 + paired, i2):
            sections.setdefault(section_of_a[i], []).append("- " + a[i])
        for j in range(j1 + paired, j2):
            sections.setdefault(section_of_b[j], []).append("+ " + b[j])
    return list(sections.items())


def _running_section(lines: list[str], headings: set[str]) -> list[str]:
    current, out = "", []
    for line in lines:
        if line in headings:
            current = line
        out.append(current)
    return out


def render_text_diff(sections: list[tuple[str, list[str]]]) -> str:
    if not sections:
        return "no text changes"
    parts = []
    for heading, lines in sections:
        parts.append(f"## {heading or '(before the first heading)'}")
        parts.extend(lines)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
