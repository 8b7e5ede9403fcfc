"""Cosmetic normalisation before hashing, so only real changes make a new version.

What does not count as a change: whitespace and typographic quotes/dashes, the order of
identical paragraphs, "Last updated: <date>" lines, and e-mail addresses in any of their
obfuscated forms ([email protected] from Cloudflare, "name [at] domain [dot] com").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

EMAIL_PLACEHOLDER = "<email>"
DATE_PLACEHOLDER = "<date>"

_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00ad": None, "\u200b": None, "\ufeff": None,
})

_AT = r"(?:\s*[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]\s*|\s+at\s+(?=\S+\s+dot\s))"
_DOT = r"(?:\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*|\s+dot\s+)"
# (cheap substring test, pattern): the test skips the regex on the vast majority of lines
_EMAILS = [
    ("protected", re.compile(r"\[\s*email\s*(?:&#160;|\s)*protected\s*\]", re.I)),  # Cloudflare
    (" dot ", re.compile(rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.I)),
    ("@", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
]

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december|janvier|février|fevrier|mars|avril|mai|"
    "juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|januar|februar|märz|"
    "maerz|juni|juli|oktober|dezember|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|"
    "agosto|settembre|ottobre|dicembre|enero|febrero|abril|mayo|junio|julio|septiembre|"
    "octubre|noviembre|diciembre|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|"
    "września|wrzesnia|października|pazdziernika|listopada|grudnia"
)
_DATE = re.compile(
    r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?)?(?:{_MONTHS})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:de\s+)?\d{{4}})\b",
    re.I,
)
_UPDATED = re.compile(
    r"\b(?:last\s+(?:updated|modified|revised|changed)|updated|effective|revised|version|"
    r"mise\s+à\s+jour|en\s+vigueur|stand|zuletzt|aktualisiert|gültig|ultimo\s+aggiornamento|"
    r"aggiornat\w*|in\s+vigore|actualiza\w*|vigente|vigor|aktualizac\w*|obowiązuje|wersja|"
    r"data\s+(?:ostatniej|wejścia|di\s+entrata|dell'ultimo))\b",
    re.I,
)
_HEADER_LINE_MAX = 160


def normalize_email(text: str) -> str:
    lowered = text.lower()
    for marker, pattern in _EMAILS:
        if marker in lowered or (marker == " dot " and ("[dot]" in lowered or "(dot)" in lowered)):
            text = pattern.sub(EMAIL_PLACEHOLDER, text)
    return text


def normalize_dates_in_headers(line: str) -> str:
    """Blank the date of a short "Last updated: ..." style line; leave clause dates alone."""
    if len(line) <= _HEADER_LINE_MAX and _UPDATED.search(line) and _DATE.search(line):
        return _DATE.sub(DATE_PLACEHOLDER, line)
    if _DATE.fullmatch(line.strip(" .:()")):
        return DATE_PLACEHOLDER
    return line


def normalize_line(line: str) -> str:
    line = unicodedata.normalize("NFKC", line).translate(_TYPOGRAPHY)
    line = re.sub(r"\s+", " ", line).strip()
    return normalize_dates_in_headers(normalize_email(line))


def normalized_paragraphs(text: str) -> list[str]:
    """The non-empty normalised lines of a text, in document order."""
    lines = (normalize_line(line) for line in text.splitlines())
    return [line for line in lines if line]


def normalize_text(text: str) -> str:
    return "\n".join(normalized_paragraphs(text))


def normalized_hash(text: str) -> str:
    """Content hash that ignores cosmetic changes, including reordered identical paragraphs."""
    paragraphs = sorted(normalized_paragraphs(text))
    digest = hashlib.sha256("\n".join(paragraphs).encode("utf-8")).hexdigest()
    return "sha256:" + digest
