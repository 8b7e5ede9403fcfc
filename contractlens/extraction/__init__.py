"""Bytes → Document, one module per job (see `contractlens.extract.extract`).

`decode` sniffs and decodes bytes; `html`, `pdf` and `text` (plain text and Markdown) read
their formats; `headings` recognises numbered/capitalised pseudo-headings; `blocks` builds the
text with block offsets and heading paths; `legal` tells a legal document from any other page.
"""
