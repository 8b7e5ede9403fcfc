"""Markdown → blocks, line by line (no full CommonMark renderer: we need text, not HTML).

Headings (# and underlined), list items, table rows, quotes and paragraphs become blocks;
links keep their text, images, emphasis, code marks, HTML tags and escapes are removed.
Numbered, bold-only or capitalised short lines count as headings, as in plain text.
"""

from __future__ import annotations

import re

from .blocks import BlockBuilder
from .headings import PseudoHeadingLevels, heading_like, numbering_depth

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?=\S)")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BOLD_LINE = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1:?$")

# (character that must occur for the pattern to match, pattern, replacement), in order
_INLINE = [
    ("!", re.compile(r"!\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)"), ""),  # images
    ("[", re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)"), r"\1"),  # [text](url)
    ("[", re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    ("<", re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # <https://...>
    ("<", re.compile(r"</?[a-zA-Z][^>\n]*>"), ""),  # inline HTML tags
    ("`", re.compile(r"(`+)(.+?)\1"), r"\2"),  # `code`
    ("*", re.compile(r"(\*\*\*|\*\*|\*)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # *emphasis*
    ("_", re.compile(r"(?<!\w)(___|__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)"), r"\2"),  # _emphasis_
    ("\\", re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])"), r"\1"),  # backslash escapes
]


def plain_inline(text: str) -> str:
    """Inline markup removed; a pattern is only run when its marker character occurs (most lines have none)."""
    for marker, pattern, replacement in _INLINE:
        if marker in text:
            text = pattern.sub(replacement, text)
    return text


class _MarkdownReader:
    def __init__(self) -> None:
        self.builder = BlockBuilder()
        self.lines: list[str] = []
        self.kind = "paragraph"
        self.pseudo_headings = PseudoHeadingLevels()

    def flush(self) -> None:
        lines, kind = self.lines, self.kind
        self.lines, self.kind = [], "paragraph"
        if not lines:
            return
        text = plain_inline(" ".join(lines))
        if kind == "paragraph" and len(lines) == 1 and self._pseudo_heading(lines[0], text):
            return
        self.builder.add(kind, text)

    def _pseudo_heading(self, line: str, text: str) -> bool:
        level = self.pseudo_headings.level_of(text.strip(), bool(_BOLD_LINE.match(line.strip())))
        if level:
            self.builder.add("heading", text, level)
        return bool(level)

    def heading(self, text: str, level: int) -> None:
        self.flush()
        self.pseudo_headings.real_heading(level)
        self.builder.add("heading", plain_inline(text), level)

    def read(self, text: str) -> BlockBuilder:
        in_fence = False
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if _FENCE.match(line):
                self.flush()
                in_fence = not in_fence
                continue
            if in_fence:
                self._text_line(line, join=False)
                continue
            self._line(_QUOTE.sub("", line))
        self.flush()
        return self.builder

    def _line(self, line: str) -> None:
        stripped = line.strip()
        atx = _ATX.match(line)
        if atx:
            self.heading(atx.group(2) or "", len(atx.group(1)))
        elif _SETEXT.match(line) and self.kind == "paragraph" and len(self.lines) == 1:
            self.heading(self.lines.pop(), 1 if stripped.startswith("=") else 2)
        elif not stripped or _RULE.match(line) or _TABLE_RULE.match(line):
            self.flush()
        elif stripped.startswith("|"):
            self.flush()
            self.builder.add("paragraph", plain_inline(" | ".join(c.strip() for c in stripped.strip("|").split("|"))))
        elif _LIST.match(line) and not self._numbered_heading(stripped):
            self.flush()
            self.kind = "list_item"
            self.lines = [line[_LIST.match(line).end():].strip()]
        else:
            self._text_line(line, join=True)

    def _numbered_heading(self, stripped: str) -> bool:
        """ "1. Definitions" is an ordered list item in CommonMark, but a section title in a contract."""
        return bool(numbering_depth(stripped)) and heading_like(plain_inline(stripped))

    def _text_line(self, line: str, *, join: bool) -> None:
        stripped = line.strip()
        if not stripped:
            self.flush()
        elif join:
            self.lines.append(stripped)
        else:
            self.builder.add("paragraph", stripped)


def markdown_blocks(text: str) -> tuple[BlockBuilder, str]:
    """Blocks of a Markdown document and its title (the first heading)."""
    builder = _MarkdownReader().read(text)
    return builder, builder.first_heading()
