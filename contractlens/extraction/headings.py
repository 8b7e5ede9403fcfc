"""Recognise pseudo-headings: "12. Termination", "ARTICLE 5 – LIABILITY", "GOVERNING LAW".

Plain text, Markdown and many HTML pages mark sections with numbering, capitals or bold
instead of heading tags; these rules give such lines a heading level.
"""

from __future__ import annotations

import re

MAX_HEADING_WORDS = 14
MAX_HEADING_CHARS = 120

_NUMBERED = re.compile(
    r"^(?:(?:article|art\.|section|sec\.|clause|chapter|part|artikel|articolo|artykuł|rozdział|§)\s*)?"
    r"(\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}(?=[.)]))[.)]?\s+(?=\S)",
    re.IGNORECASE,
)
_LETTERED = re.compile(r"^\(?[a-z][.)]\s")
_SENTENCE_END = re.compile(r"[.;,!?…]\s*$")


def is_short_line(text: str) -> bool:
    return len(text) <= MAX_HEADING_CHARS and len(text.split()) <= MAX_HEADING_WORDS


def numbering_depth(text: str) -> int:
    """1 for "12. X", 2 for "12.1 X", ... ; 0 when the line does not start with a section number."""
    match = _NUMBERED.match(text)
    if not match:
        return 0
    number = match.group(1)
    return number.rstrip(".").count(".") + 1


def heading_like(text: str) -> bool:
    """Short, starts like a title, and does not end like a sentence."""
    text = text.strip()
    if not text or not is_short_line(text) or _SENTENCE_END.search(text) or _LETTERED.match(text):
        return False
    first = text.lstrip("#§(\"'“‘ ")[:1]
    return first.isupper() or first.isdigit()


def is_caps_heading(text: str) -> bool:
    """A short line in capitals (at least two letters), e.g. "LIMITATION OF LIABILITY"."""
    if not is_short_line(text) or _SENTENCE_END.search(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def pseudo_heading_level(text: str) -> int:
    """Heading level of a plain line (1 = top), or 0 when it reads as body text."""
    text = text.strip()
    depth = numbering_depth(text)
    if depth and heading_like(text):
        return depth + 1
    if is_caps_heading(text):
        return 2
    return 0


class PseudoHeadingLevels:
    """Levels for headings recognised by their shape inside marked-up text (HTML, Markdown).

    A numbered title ("2.1 Fees") sits under the last real heading (<h2>, ##) at its numbering
    depth; a bold or capitalised title sits one level under the last real or numbered heading.
    """

    def __init__(self) -> None:
        self.real_level = 0
        self.section_level = 0

    def real_heading(self, level: int) -> None:
        self.real_level = self.section_level = level

    def level_of(self, text: str, emphasised: bool) -> int:
        """The heading level of a one-line paragraph, or 0 when it is body text."""
        if not heading_like(text):
            return 0
        depth = numbering_depth(text)
        if depth:
            self.section_level = self.real_level + depth
            return self.section_level
        return self.section_level + 1 if emphasised or is_caps_heading(text) else 0
