"""Decide what a byte string is (HTML, PDF, Markdown, plain text) and decode its text.

Refuses, with one clear sentence, what contractlens cannot read: empty input, binary junk,
archives, office documents and images.
"""

from __future__ import annotations

import re

from ..charset import text_from_bom, text_from_labels
from ..errors import InputError
from ..types import RawContent

HTML, PDF, MARKDOWN, TEXT = "text/html", "application/pdf", "text/markdown", "text/plain"

_TYPE_ALIASES = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "application/pdf": PDF,
    "application/x-pdf": PDF,
    "text/markdown": MARKDOWN,
    "text/x-markdown": MARKDOWN,
    "text/plain": TEXT,
}
_SNIFF_TYPES = {None, "", "application/octet-stream", "binary/octet-stream", "application/unknown"}

# Signatures of formats we can name but not read.
_MAGIC = [
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx, .xlsx, .odt or .zip)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file (e.g. WebP or WAV)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
]
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)", re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"<(?:p|div|h[1-6]|ul|ol|li|table|br|span|a\s)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_MARKERS = re.compile(r"^(?:#{1,6}\s+\S|[=-]{3,}\s*$|\s*[-*+]\s+\S.*\]\(|.*\[[^\]]+\]\([^)]+\))", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01


def normalise_media_type(media_type: str | None) -> str | None:
    if not media_type:
        return None
    return media_type.split(";", 1)[0].strip().lower() or None


def check_not_empty(raw: RawContent) -> None:
    if not raw.data.strip():
        raise InputError(f"{raw.source} is empty")


def binary_kind(data: bytes) -> str | None:
    """Name of a known non-text format the bytes start with, if any."""
    head = data.lstrip()[:8]
    return next((name for magic, name in _MAGIC if head.startswith(magic)), None)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]


def known_media_type(raw: RawContent) -> str | None:
    """The format raw is in, from its magic bytes or declared type; None when it must be sniffed.

    Raises InputError for formats contractlens cannot read (archives, images, office files).
    """
    if is_pdf(raw.data):
        return PDF
    kind = binary_kind(raw.data)
    if kind:
        raise InputError(f"{raw.source} is {kind}, not a text document; give an HTML, PDF, Markdown or text file")
    declared = normalise_media_type(raw.media_type)
    if declared in _TYPE_ALIASES:
        return _TYPE_ALIASES[declared]
    if declared in _SNIFF_TYPES or declared.startswith("text/"):
        return None
    raise InputError(
        f"{raw.source} has media type {declared}, which contractlens cannot read; "
        "give an HTML, PDF, Markdown or text file"
    )


def sniff_text_type(text: str) -> str:
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return HTML
    if _MARKDOWN_MARKERS.search(text[:20000]):
        return MARKDOWN
    return TEXT


def decode_text(raw: RawContent) -> str:
    """Bytes -> str by the shared charset chain (see charset.py); refuses what reads as binary."""
    text = text_from_bom(raw.data)
    if text is None:
        if raw.data.count(b"\x00") > MAX_CONTROL_SHARE * len(raw.data):
            raise InputError(f"{raw.source} looks like a binary file, not a text document")
        text = text_from_labels(raw.data, raw.charset)
    if text is None:
        raise InputError(f"{raw.source} looks like a binary file, not a text document")
    return _checked(raw, text)


def _checked(raw: RawContent, text: str) -> str:
    sample = text[:100_000]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_SHARE:
        raise InputError(f"{raw.source} looks like a binary file, not a text document")
    if not text.strip():
        raise InputError(f"{raw.source} is empty")
    return _CONTROL.sub(" ", text)
