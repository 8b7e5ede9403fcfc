"""Plain text → blocks.

Blank lines separate paragraphs; hard-wrapped lines are joined; bullet lines are list items;
numbered or capitalised short lines are headings.
"""

from __future__ import annotations

import re

from .blocks import BlockBuilder, clean_inline
from .headings import numbering_depth, pseudo_heading_level

BULLET_PATTERN = r"(?:[-•·*▪►–]|\(?[a-z0-9]{1,2}\)|\([ivx]{1,4}\))\s+(?=\S)"
_BULLET = re.compile(r"^\s*" + BULLET_PATTERN)
HARD_WRAP_MAX = 100  # a text whose lines (90th percentile) are this short was wrapped by hand


def text_blocks(text: str) -> tuple[BlockBuilder, str]:
    """Blocks of a plain-text document, and its title (the first heading or first line)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    wrapped = _is_hard_wrapped(lines)
    builder = BlockBuilder()
    paragraph: list[str] = []
    kind = "paragraph"

    def flush() -> None:
        nonlocal paragraph, kind
        if paragraph:
            builder.add(kind, " ".join(paragraph))
        paragraph, kind = [], "paragraph"

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        level = pseudo_heading_level(stripped)
        if level:
            flush()
            title_line = not builder.blocks and not numbering_depth(stripped)
            builder.add("heading", stripped, 1 if title_line else level)
            continue
        item = without_bullet(stripped)
        if item is not None or not wrapped or not paragraph:
            flush()
            kind = "list_item" if item is not None else "paragraph"
            paragraph = [stripped if item is None else item]
        else:
            paragraph.append(stripped)
    flush()
    first_line = next((clean_inline(line) for line in lines if line.strip()), "")
    return builder, builder.first_heading() or first_line[:200]


def starts_list_item(line: str) -> bool:
    return bool(_BULLET.match(line))


def without_bullet(line: str) -> str | None:
    """The item text of a bulleted line ("- item", "(a) item", "• item"), or None if it has no bullet."""
    bullet = _BULLET.match(line)
    return line[bullet.end():] if bullet else None


def _is_hard_wrapped(lines: list[str]) -> bool:
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 3:
        return True
    return lengths[int(0.9 * (len(lengths) - 1))] <= HARD_WRAP_MAX
