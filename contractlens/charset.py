"""Bytes -> text, one chain for fetched pages and for documents given to extract.

Order: a byte-order mark (unambiguous), the declared charset (HTTP header, or the one the
fetch detected), the page's own declaration (<meta charset>, http-equiv, <?xml encoding?>),
strict UTF-8, then a statistical guess. One real-web correction: servers often send a
default "ISO-8859-1" header for pages that are UTF-8; a body that is valid UTF-8 with
non-ASCII bytes is read as UTF-8 then, since Latin-1 text practically never forms valid
multi-byte UTF-8 sequences. Fetching picks a charset (`detect_charset`) and decodes leniently
(`decode`); extraction decodes strictly (`text_from_bom`, `text_from_labels`) so that what no
charset reads can be refused as binary.
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
GUESS_BYTES = 200_000  # enough text for a charset guess when only a charset is wanted
MOSTLY_UTF8_BAD_SHARE = 0.001
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


def _declared(data: bytes, declared: str | None) -> str | None:
    """The first of the declared and the in-markup charset that fits `data`."""
    for label in (declared, declared_in_markup(data)):
        charset = canonical(label)
        if charset and _fits(data, charset):
            return charset
    return None


def detect_charset(data: bytes, header_charset: str | None = None, media_type: str | None = None) -> str | None:
    """The charset to decode `data` with; None for media types that are not text."""
    if media_type and not media_type.startswith(TEXT_TYPES):
        return None
    for bom, charset in _BOMS:
        if data.startswith(bom):
            return charset
    charset = _declared(data, header_charset)
    if charset:
        return charset
    if _is_utf8(data):
        return "utf-8"
    best = _best_guess(data[:GUESS_BYTES])
    return canonical(best.encoding) if best is not None and canonical(best.encoding) else "cp1252"


def decode(data: bytes, charset: str | None) -> str:
    """Text of `data` without its byte-order mark; undecodable bytes become U+FFFD."""
    charset = charset or "utf-8"
    for bom, name in _BOMS:
        if name == charset and data.startswith(bom):
            data = data[len(bom) :]
            break
    return data.decode(charset, errors="replace")


def text_from_bom(data: bytes) -> str | None:
    """Text of `data` by its byte-order mark, BOM dropped; None without one that decodes it."""
    for bom, charset in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(charset)
            except UnicodeDecodeError:
                continue
    return None


def text_from_labels(data: bytes, declared: str | None) -> str | None:
    """Strict decoding by the declared charset, the in-markup one, UTF-8, then a guess; None if all fail."""
    charset = _declared(data, declared)
    if charset:
        return data.decode(charset)
    if _is_utf8(data):
        return data.decode("utf-8")
    return _mostly_utf8(data) or _guessed_text(data)


def _cp1252_fallback(error: UnicodeDecodeError):
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("contractlens-cp1252", _cp1252_fallback)


def _mostly_utf8(data: bytes) -> str | None:
    """Real pages often mix a few Windows-1252 bytes into UTF-8; read those bytes as 1252."""
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    if bad / max(len(data), 1) > MOSTLY_UTF8_BAD_SHARE:
        return None
    return data.decode("utf-8", errors="contractlens-cp1252")


def _best_guess(data: bytes):
    from charset_normalizer import from_bytes

    return from_bytes(data).best()


def _guessed_text(data: bytes) -> str | None:
    best = _best_guess(data)
    return str(best) if best is not None else None
