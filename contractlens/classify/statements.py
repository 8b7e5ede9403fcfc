"""Which clauses state something: headings, navigation and button text never do.

A heading ("Suspending or terminating your access"), a menu line ("Zoom Marketplace ... SDK")
or a button ("close") can hold a classifier's trigger words, but on its own it says nothing a
person agrees to, so no finding may rest on it. A statement has at least four words (or is a lower-case list item ending in ";" or ","), and a
short one (up to ten words) ends like a sentence or a list item (. ! ? ; : or a closing quote)
and is neither numbered like a section ("11.2 ...") nor in Title Case.
"""

from __future__ import annotations

import re

MIN_WORDS = 4
SHORT_WORDS = 10
_WORD = re.compile(r"[^\W\d_]+")
_NUMBERED = re.compile(r"\s*\d+(\.\d+)*\.?\s+[A-Z]")
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?;:,][\"'”’)\]]*\s*$")


def is_statement(text: str) -> bool:
    """False for a heading, a navigation line or button text (module docstring)."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return len(words) >= 2 and text.rstrip().endswith((";", ",")) and not text[:1].isupper()  # "your location information;"
    if len(words) > SHORT_WORDS:
        return True
    if _NUMBERED.match(text) or all(w[0].isupper() for w in words if len(w) > 3):
        return False  # "11.2 Restrictions on Use by Children.", "Billing and Payment Data."
    return bool(_ENDS_LIKE_A_SENTENCE.search(text))
