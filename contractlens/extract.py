"""`extract`: raw bytes (HTML, PDF, Markdown, plain text) → a `Document` of clean text and blocks.

The format readers live in `contractlens.extraction`; this module picks one, checks the
result is a legal text and fills in the Document.
"""

from __future__ import annotations

from .extraction.blocks import BlockBuilder
from .errors import InputError
from .extraction.decode import HTML, MARKDOWN, PDF, check_not_empty, decode_text, known_media_type, sniff_text_type
from .extraction.legal import check_legal_text
from .page import Page
from .types import Document, RawContent

__all__ = ["extract"]


def extract(raw: RawContent, declaration: dict | None = None) -> Document:
    """Extract the legal text of one document.

    `declaration` = {"select": [css...], "remove": [css...]} (Open Terms Archive style) cuts
    an HTML page to the declared parts instead of guessing its main content. Raises
    InputError for empty, binary, unreadable or non-legal input.
    """
    check_not_empty(raw)
    builder, title, media_type = _read(raw, declaration)
    text = builder.text()
    if not text.strip():
        raise InputError(f"no text found in {raw.source} (an empty page, or one whose text is loaded by JavaScript?)")
    check_legal_text(text, raw.source, allow_short=media_type != HTML)
    return Document(
        source=raw.source,
        text=text,
        blocks=builder.blocks,
        title=title or builder.first_heading(),
        media_type=media_type,
        fetched_at=raw.fetched_at,
        final_url=raw.final_url,
        rendered=raw.rendered,
    )


def _read(raw: RawContent, declaration: dict | None) -> tuple[BlockBuilder, str, str]:
    from .extraction.html import html_blocks
    from .extraction.markdown import markdown_blocks
    from .extraction.text import text_blocks

    media_type = known_media_type(raw)
    if media_type == PDF:
        from .extraction.pdf import pdf_text

        text, title = pdf_text(raw.data, raw.source)
        builder, first_line = text_blocks(text)
        return builder, title or first_line, PDF
    text = decode_text(raw)
    media_type = media_type or sniff_text_type(text)
    if media_type == HTML:
        page = raw.page if raw.page is not None and raw.page.html == text else Page(text)  # parsed once
        builder, title = html_blocks(page, declaration)
        return builder, title, HTML
    if media_type == MARKDOWN:
        builder, title = markdown_blocks(text)
        return builder, title, MARKDOWN
    builder, title = text_blocks(text)
    return builder, title, media_type
