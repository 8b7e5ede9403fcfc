"""PDF → plain text with paragraphs rebuilt (pypdfium2).

A PDF's text layer is lines, not paragraphs: wrapped lines are joined, lines repeated at the
top or bottom of most pages (running headers and footers) and page numbers are dropped. The
result is handed to the plain-text reader.
"""

from __future__ import annotations

import re
from collections import Counter

from ..errors import InputError
from .headings import pseudo_heading_level
from .text import starts_list_item

_PAGE_NUMBER = re.compile(r"^(?:page\s*|seite\s*|pagina\s*|strona\s*|p\.\s*)?\d{1,4}(?:\s*(?:/|of|von|di|z|sur|de)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.:;!?)\]\"”]$")
EDGE_LINES = 2  # how many lines at each page edge may be running headers/footers
SHORT_LINE_SHARE = 0.7  # a line this much shorter than the page's usual line ends a paragraph


def pdf_pages(data: bytes, source: str) -> tuple[list[list[str]], str]:
    """The text lines of every page, and the PDF's Title metadata ("" if none)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{source} is not a readable PDF (corrupt or encrypted): {exc}") from None
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            pages.append([line.strip() for line in re.split(r"\r\n|\r|\n", text)])
        title = (pdf.get_metadata_value("Title") or "").strip()
    except pdfium.PdfiumError as exc:
        raise InputError(f"{source} is not a readable PDF: {exc}") from None
    finally:
        pdf.close()
    if not any(line for page in pages for line in page):
        raise InputError(
            f"{source} has no text layer (scanned PDF?); run OCR on it first (e.g. ocrmypdf) and try again"
        )
    return pages, title


def pdf_text(data: bytes, source: str) -> tuple[str, str]:
    """Paragraph-separated text of a PDF (blank line between paragraphs) and its title."""
    pages, title = pdf_pages(data, source)
    repeated = _running_lines(pages)
    paragraphs: list[str] = []
    for lines in pages:
        kept = [ln for ln in lines if ln and not _PAGE_NUMBER.match(ln) and _shape(ln) not in repeated]
        paragraphs.extend(_paragraphs(kept))
    return "\n\n".join(paragraphs), title


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines (digits ignored) found at a page edge on at least half of the pages (3+ pages)."""
    if len(pages) < 3:
        return set()
    counts: Counter = Counter()
    for lines in pages:
        nonblank = [ln for ln in lines if ln]
        edges = nonblank[:EDGE_LINES] + nonblank[-EDGE_LINES:]
        counts.update({_shape(ln) for ln in edges})
    return {shape for shape, n in counts.items() if n >= max(3, len(pages) // 2)}


def _paragraphs(lines: list[str]) -> list[str]:
    """Join wrapped lines: a line that ends a sentence well short of the usual width ends a paragraph."""
    if not lines:
        return []
    lengths = sorted(len(ln) for ln in lines)
    usual = lengths[int(0.8 * (len(lengths) - 1))]
    paragraphs, current = [], []
    for line in lines:
        if current and _starts_block(line):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
        if _SENTENCE_END.search(line) and len(line) < SHORT_LINE_SHARE * usual or _is_heading_line(line):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return [_dehyphenate(p) for p in paragraphs]


def _starts_block(line: str) -> bool:
    return bool(pseudo_heading_level(line)) or starts_list_item(line)


def _is_heading_line(line: str) -> bool:
    return bool(pseudo_heading_level(line))


def _dehyphenate(paragraph: str) -> str:
    """ "third- party" (a line broken after a hyphen) → "third-party"."""
    return re.sub(r"(\w)- (?=\w)", r"\1-", paragraph)
