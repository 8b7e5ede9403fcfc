"""One normalisation of typography for the text that rules and models read.

Web pages write "we don’t sell" with a typographic apostrophe, “quotes”, en dashes,
non-breaking or zero-width spaces, soft hyphens (pri­vacy), ligatures (ﬁle) and full-width
forms; the phrase rules and the n-gram models were written for, and mostly trained on, the
plain forms. Typography must never change a verdict, so the pipeline normalises each clause
once before classifying it (`reading_clauses`), and the corpus loaders do the same to what the
models learn from. What a person is shown keeps the page's own characters: `Analysis.clauses`
are never rewritten, and `find_in_original` maps a phrase found in normalised text back to
the page's characters and offsets.
"""

from __future__ import annotations

from dataclasses import replace

from .types import Clause

_APOSTROPHES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9\u0060\u00b4\uff07"
_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036\u301d\u301e\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width spaces and joiners, BOM
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}

# code point -> replacement ("" deletes); full-width ASCII forms U+FF01-FF5E map to U+0021-007E
TABLE: dict[int, str] = {
    **{ord(c): "'" for c in _APOSTROPHES},
    **{ord(c): '"' for c in _QUOTES},
    **{ord(c): "-" for c in _DASHES},
    **{ord(c): " " for c in _SPACES},
    **{ord(c): "" for c in _INVISIBLE},
    **{ord(c): s for c, s in _LIGATURES.items()},
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code) not in _APOSTROPHES + _QUOTES + _DASHES},
}


def normalize_typography(text: str) -> str:
    """The text with typographic characters replaced by their plain forms (see module docstring)."""
    if text.isascii():
        return text
    return text.translate(TABLE)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """(normalised text, offsets): offsets[i] is where the i-th normalised character came from.

    One more offset closes the list (len(text)), so a span [i, j) of the normalised text is
    [offsets[i], offsets[j]) of the original.
    """
    if text.isascii():
        return text, list(range(len(text) + 1))
    pieces, offsets = [], []
    for i, ch in enumerate(text):
        plain = TABLE.get(ord(ch), ch)
        pieces.append(plain)
        offsets.extend([i] * len(plain))
    offsets.append(len(text))
    return "".join(pieces), offsets


def find_in_original(text: str, phrase: str) -> tuple[int, int] | None:
    """Where `phrase` (from normalised text, any case) stands in the page's own `text`; None if absent."""
    plain, offsets = normalize_with_offsets(text)
    at = plain.lower().find(normalize_typography(phrase).lower()) if phrase else -1
    if at < 0:
        return None
    return offsets[at], offsets[at + len(normalize_typography(phrase))]


def reading_clauses(clauses: list[Clause]) -> list[Clause]:
    """The clauses as rules and models read them: same index, offsets and sections, plain typography.

    A clause that needs no change is passed through as it is (no copy).
    """
    reading = []
    for clause in clauses:
        text = normalize_typography(clause.text)
        path = [normalize_typography(h) for h in clause.heading_path]
        if text == clause.text and path == clause.heading_path:
            reading.append(clause)
        else:
            reading.append(replace(clause, text=text, heading_path=path))
    return reading
