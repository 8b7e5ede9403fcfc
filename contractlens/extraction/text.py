"""Plain text -> blocks: one reader for the extractor and for segmenting a verbatim text.

Blank lines separate paragraphs; in a hard-wrapped text consecutive lines are joined; bullet
lines are list items; numbered or capitalised short lines are headings. `line_groups` finds
these as spans of the text itself, so the segmenter can keep the text verbatim while the
extractor builds its normalised blocks from the same spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import BlockBuilder, clean_inline
from .headings import numbering_depth, pseudo_heading_level

BULLET_PATTERN = r"(?:[-•·*▪►–]|\(?[a-z0-9]{1,2}\)|\([ivx]{1,4}\))\s+(?=\S)"
_BULLET = re.compile(r"^\s*" + BULLET_PATTERN)
_LINE = re.compile(r"[^\n]*\n?")
HARD_WRAP_MAX = 100  # a hard-wrapped text has (nearly) no line longer than this ...
WRAP_MIN_CHARS = 50  # ... and lines this long cut mid-sentence


@dataclass(frozen=True)
class LineGroup:
    """Consecutive lines read as one block: [start, end) trimmed, `level` > 0 for a heading."""

    kind: str  # "heading", "paragraph" or "list_item"
    start: int
    end: int
    level: int = 0


def line_groups(text: str) -> list[LineGroup]:
    """The blocks of a plain text as spans of its lines (split at "\\n" only).

    Every line ends a block (web and corpus texts keep a paragraph on one line, and the
    CLAUDETTE annotators never let a sentence cross a line break) unless the text is
    hard-wrapped prose and the line continues the previous one's sentence in lower case.
    """
    lines = [trimmed_span(text, m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    wrapped = _is_hard_wrapped([text[start:end] for start, end in lines])
    groups: list[LineGroup] = []
    previous = ""
    for start, end in lines:
        line = text[start:end]
        level = pseudo_heading_level(line) if line else 0
        if level:
            groups.append(LineGroup("heading", start, end, level))
        elif wrapped and previous and line and groups and groups[-1].kind != "heading" and _continues(previous, line):
            groups[-1] = LineGroup(groups[-1].kind, groups[-1].start, end)
        elif line:
            groups.append(LineGroup("list_item" if starts_list_item(line) else "paragraph", start, end))
        previous = line
    return groups


def text_blocks(text: str) -> tuple[BlockBuilder, str]:
    """Blocks of a plain-text document, and its title (the first heading or first line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    builder = BlockBuilder()
    for group in line_groups(text):
        lines = [line.strip() for line in text[group.start:group.end].split("\n")]
        if group.kind == "heading":
            title_line = not builder.blocks and not numbering_depth(lines[0])
            builder.add("heading", lines[0], 1 if title_line else group.level)
            continue
        if group.kind == "list_item":
            lines[0] = without_bullet(lines[0])
        builder.add(group.kind, " ".join(lines))
    first_line = next((clean_inline(line) for line in text.split("\n") if line.strip()), "")
    return builder, builder.first_heading() or first_line[:200]


def starts_list_item(line: str) -> bool:
    return bool(_BULLET.match(line))


def without_bullet(line: str) -> str | None:
    """The item text of a bulleted line ("- item", "(a) item", "• item"), or None if it has no bullet."""
    bullet = _BULLET.match(line)
    return line[bullet.end():] if bullet else None


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Whether the text is prose wrapped at a fixed width (most lines short, several cut mid-sentence)."""
    lines = [line for line in lines if line]
    if len(lines) < 5:
        return False
    short = sum(len(line) <= HARD_WRAP_MAX for line in lines)
    cut = sum(_continues(a, b) for a, b in zip(lines, lines[1:]))
    return short >= 0.95 * len(lines) and cut >= 0.2 * len(lines)


def _continues(previous: str, line: str) -> bool:
    return len(previous) >= WRAP_MIN_CHARS and previous[-1] not in ".!?:;" and line[:1].islower()


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
