"""Render `check` results for a person: plain text for the terminal, Markdown for pasting.

Both formats walk the same AnalysisView in the same order; a small Style object decides
how a heading, a quote or a bullet looks, so the two can never drift apart.
"""

from __future__ import annotations

from .view import AnalysisView, build_view

ANSWER_MARK = {"yes": "!", "no": "✓", "not mentioned": "?", "silent": "?", "unstated": "?", "not checked": "?"}
# Questions where "yes" (or the named value) is good news for the person.
GOOD_ANSWERS = {"access": {"yes"}, "retention": {"bounded"}, "dnt_gpc": {"honoured"}}
BAD_ANSWERS = {"access": {"no"}, "retention": {"indefinite"}, "dnt_gpc": {"ignored"}}


def answer_mark(row: dict) -> str:
    """✓ good for you, ! bad for you, ? silent, • neither (e.g. "as long as necessary")."""
    key, answer = row.get("key"), str(row.get("answer", "not mentioned"))
    base = answer.split(" (")[0].split(":")[0]  # "not checked: not read in German (...)" -> "not checked"
    if base in GOOD_ANSWERS.get(key, ()):
        return "✓"
    if base in BAD_ANSWERS.get(key, ()):
        return "!"
    if key in GOOD_ANSWERS and base not in ANSWER_MARK:
        return "•"
    return ANSWER_MARK.get(base, "•")
VERDICT_MARK = {"violated": "✗", "honoured": "✓", "not addressed": "?", "not checked": "?"}


class PlainStyle:
    def title(self, text: str) -> str:
        return f"{text}\n{'=' * min(len(text), 78)}"

    def heading(self, text: str) -> str:
        return f"\n{text}\n{'-' * min(len(text), 78)}"

    def subheading(self, text: str) -> str:
        return f"\n  [{text}]"

    def quote(self, text: str) -> str:
        return f'    "{text}"'

    def bullet(self, text: str, indent: int = 1) -> str:
        return f"{'  ' * indent}- {text}"

    def field(self, name: str, value: str) -> str:
        return f"{name}: {value}"


class MarkdownStyle:
    def title(self, text: str) -> str:
        return f"# {text}"

    def heading(self, text: str) -> str:
        return f"\n## {text}\n"

    def subheading(self, text: str) -> str:
        return f"\n### {text}\n"

    def quote(self, text: str) -> str:
        return f"> {text}\n"

    def bullet(self, text: str, indent: int = 1) -> str:
        return f"{'  ' * (indent - 1)}- {text}"

    def field(self, name: str, value: str) -> str:
        return f"**{name}:** {value}  "


def _flagged(view: AnalysisView, style, explain: bool) -> list[str]:
    lines = [style.heading("Clauses that take something from you")]
    if not view.unfair_read:
        lines.append(f"Not checked: {view.unread.get('unfair', 'no unfair-clause model read this document')}.")
        return lines
    if not view.flagged:
        lines.append("No unfair clauses found.")
        return lines
    section = None
    for item in view.flagged:
        if item.section != section:
            section = item.section
            lines.append(style.subheading(section or "(no section heading)"))
        lines.append(style.quote(item.quote))
        lines.append(style.bullet(f"{' + '.join(item.labels)} — {item.level_name} (level {item.level})"))
        for why in item.why:
            lines.append(style.bullet(f"Why it matters: {why}", 2))
        if explain and item.evidence:
            lines.append(style.bullet("Words that drove it: " + ", ".join(f"“{e}”" for e in item.evidence), 2))
        if explain:
            for label, figures in zip(item.labels, item.figures):
                lines.append(style.bullet(f"How sure: {label} is found with {figures} "
                                          "(model card, cross-validation by document)", 2))
    return lines


def _data(view: AnalysisView, style, explain: bool = False) -> list[str]:
    if not view.data_practices:
        return []
    lines = [style.heading("What they do with your data")]
    if not view.data_read:
        lines.append(f"Not checked: {view.unread.get('practices') or view.unread.get('flags', 'not read')}.")
        return lines
    for row in view.data_practices:
        answer = str(row.get("answer", "not mentioned"))
        mark = answer_mark(row)
        lines.append(style.bullet(f"{mark} {row.get('question', row.get('key'))} {answer}"))
        if row.get("quote"):
            lines.append(style.quote(row["quote"]))
        if explain and row.get("basis"):
            words = ", ".join(f"“{e}”" for e in row.get("evidence") or [])
            lines.append(style.bullet(f"Words behind it: {words or '(none)'} — {row['basis']}", 2))
    return lines


def _terms(view: AnalysisView, style) -> list[str]:
    if not view.verdicts:
        return []
    lines = [style.heading("Your terms"), view.verdict_summary or ""]
    for verdict in view.verdicts:
        mark = VERDICT_MARK.get(verdict.verdict, "•")
        lines.append(style.bullet(f"{mark} {verdict.verdict.upper()}: {verdict.statement} ({verdict.profile}/{verdict.term_id})"))
        if verdict.reason:
            lines.append(style.bullet(verdict.reason, 2))
        for section, quote in verdict.quotes:
            prefix = f"[{section}] " if section else ""
            lines.append(style.quote(prefix + quote))
    if view.gpc:
        lines.append(style.field("Global Privacy Control (/.well-known/gpc.json)", view.gpc.get("detail") or view.gpc.get("status", "")))
    return lines


def _grade(view: AnalysisView, style) -> list[str]:
    if not view.grade:
        return [style.heading(view.coverage_note)] if view.coverage_note.startswith("Not graded") else []
    basis = f" ({view.grade_basis})" if view.grade_basis else ""
    lines = [style.heading(f"Grade: {view.grade}{basis}")]
    lines += [style.bullet(driver) for driver in view.grade_drivers]
    return lines


def render(analysis, fmt: str = "text", explain: bool = False) -> str:
    """Render one Analysis as "text" or "markdown"."""
    style = MarkdownStyle() if fmt == "markdown" else PlainStyle()
    view = build_view(analysis)
    lines = [
        style.title(view.title),
        style.field("Source", view.source),
        style.field("Document", f"{view.doc_type} · language {view.language}{f' ({view.language_note})' if view.language_note else ''}"),
        "",
        view.summary,
    ]
    lines += _grade(view, style)
    lines += _flagged(view, style, explain)
    lines += _data(view, style, explain)
    lines += _terms(view, style)
    return "\n".join(lines).rstrip() + "\n"
