"""Which clauses state something: headings, navigation and button text never do.

A heading ("Suspending or terminating your access"), a menu line ("Zoom Marketplace ... SDK")
or a button ("close") can hold a classifier's trigger words, but on its own it says nothing a
person agrees to, so no finding may rest on it. A statement has at least four words (or is a lower-case list item ending in ";" or ","), and a
short one (up to ten words) ends like a sentence or a list item (. ! ? ; : or a closing quote)
and is neither numbered like a section ("11.2 ...", "B. ...") nor in Title Case nor a question heading
("How we tailor ads:", "What we collect?") nor a topic ending in ":" with no subject, verb or pointer ("Children
under the age of 13:"). A longer one is a heading only in Title Case without a
sentence's end ("How You Can Access and Update Your Personal Information and other Account Information"),
and not a table row or a list item.
"""

from __future__ import annotations

import re

MIN_WORDS = 4
SHORT_WORDS = 10
_WORD = re.compile(r"[^\W\d_]+")
_NUMBERED = re.compile(r"\s*(\d+(\.\d+)*\.?|[A-Z]\.)\s+[A-Z]")
_QUESTION_HEADING = re.compile(r"^\W*(how|what|why|which|who|whom|whose)\b[^.!;,]*[:?]?[\"'”’)\]]*\s*$", re.I)
TITLE_SHARE = 0.8  # a long line is a heading when this share of its words of 4+ letters is capitalised
# Words of a clause (a subject pronoun, a verb of being or a modal) that a topic heading ending in ":" lacks.
_CLAUSE_WORDS = frozenset({"we", "you", "they", "it", "i", "is", "are", "was", "were", "be", "has", "have", "may", "will",
                           "can", "must", "shall", "should", "would", "could", "might", "do", "does", "include", "includes",
                           "following", "below", "these", "this"})
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?;:,][\"'”’)\]]*\s*$")


def is_statement(text: str) -> bool:
    """False for a heading, a navigation line or button text (module docstring)."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return len(words) >= 2 and text.rstrip().endswith((";", ",")) and not text[:1].isupper()  # "your location information;"
    long_words = [w for w in words if len(w) > 3]
    if len(words) > SHORT_WORDS:
        title_case = bool(long_words) and sum(w[0].isupper() for w in long_words) >= TITLE_SHARE * len(long_words)
        in_a_table_or_list = "|" in text or text.lstrip().startswith(("-", "•", "*"))  # a row of data kinds
        return not (title_case and not in_a_table_or_list and not text.rstrip().endswith((".", "!", "?", ";")))
    if _NUMBERED.match(text) or all(w[0].isupper() for w in long_words) or _QUESTION_HEADING.match(text):
        return False  # "11.2 Restrictions on Use by Children.", "Billing and Payment Data.", "How we tailor ads:"
    if text.rstrip().endswith(":") and not any(w.lower() in _CLAUSE_WORDS for w in words):
        return False  # "Children under the age of 13:" names a topic; "We collect the following:" opens a list
    return bool(_ENDS_LIKE_A_SENTENCE.search(text))
