"""Which character set a fetched page is in, so its text decodes without mojibake.

Order: a byte-order mark (unambiguous), the HTTP header, the page's own declaration
(<meta charset>, http-equiv, <?xml encoding?>), strict UTF-8, then a statistical guess.
One real-web correction: servers often send a default "ISO-8859-1" header for pages
that are UTF-8; a body that is valid UTF-8 with non-ASCII bytes is read as UTF-8 then,
since Latin-1 text practically never forms valid multi-byte UTF-8 sequences.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_IN_MARKUP = (
    re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)""", re.I),
    re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)""", re.I),
)
# Labels browsers read as Windows-1252 (WHATWG Encoding Standard).
_AS_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}
_SINGLE_BYTE = re.compile(r"^(?:cp125\d|iso8859-\d+|latin-1|koi8-[ru]|mac-\w+)$")
SNIFF_BYTES = 4096
TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml", "application/json", "application/ld+json")


def canonical(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_in_markup(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES]
    for pattern in _IN_MARKUP:
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii", "ignore")
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _fits(data: bytes, charset: str) -> bool:
    """True when `charset` decodes `data`; a UTF-8 body beats a single-byte claim."""
    if _SINGLE_BYTE.match(charset) and not data.isascii() and _is_utf8(data):
        return False
    try:
        data.decode(charset)
    except UnicodeDecodeError:
        return False
    return True


def detect_charset(data: bytes, header_charset: str | None = None, media_type: str | None = None) -> str | None:
    """The charset to decode `data` with; None for media types that are not text."""
    if media_type and not media_type.startswith(TEXT_TYPES):
        return None
    for bom, charset in _BOMS:
        if data.startswith(bom):
            return charset
    for label in (header_charset, declared_in_markup(data)):
        charset = canonical(label)
        if charset and _fits(data, charset):
            return charset
    if _is_utf8(data):
        return "utf-8"
    return _guess(data)


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return canonical(best.encoding) if best is not None and canonical(best.encoding) else "cp1252"


def decode(data: bytes, charset: str | None) -> str:
    """Text of `data` without its byte-order mark; undecodable bytes become U+FFFD."""
    charset = charset or "utf-8"
    for bom, name in _BOMS:
        if name == charset and data.startswith(bom):
            data = data[len(bom) :]
            break
    return data.decode(charset, errors="replace")
