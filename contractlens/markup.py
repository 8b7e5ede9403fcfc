"""Parse HTML into an lxml tree however deep it nests: nothing silently lost.

libxml2's HTML parser gives up at a nesting depth of 256 elements (2,048 with its "huge"
option) and drops everything after that point, so a page wrapped in 600 <div>s came out
empty. `parse_markup` parses with the huge option and, when the parser still reports the
depth limit, parses a copy whose wrapper tags beyond `MAX_DEPTH` are removed (`limit_depth`):
every word is kept, and a removed block wrapper still ends the paragraph before it. The
fetch diagnosis, the extractor and declarations all parse through here.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

MAX_DEPTH = 200  # below libxml2's default limit (256)
MAX_MARKED_DEPTH = 240  # elements with an id or class (what declarations select) are kept up to here
_MARKED = re.compile(r"\s(?:id|class)\s*=", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*)?(/?)>")
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "plaintext"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Tags the extractor needs as they are (headings, paragraphs, items, cells); never nested deeply.
_STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "tr", "td", "th", "pre"}
_BLOCK_WRAPPERS = {
    "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote", "form",
    "fieldset", "figure", "details", "summary", "center", "address", "ul", "ol", "dl", "table",
    "tbody", "thead", "tfoot", "body", "html",
}
_BLOCK_BREAK = "<p></p>"  # what a removed block wrapper leaves: the paragraph boundary it made
_DEPTH_ERROR = "Excessive depth"


def limit_depth(markup: str, max_depth: int = MAX_DEPTH) -> str:
    """`markup` with the tags that open deeper than `max_depth` removed, text untouched.

    Returns the very same string when nothing is that deep. Headings, paragraphs, list items
    and table cells are kept at any depth, elements with an id or class a little deeper (so
    declared selectors still match); other tags beyond the limit are removed with their end
    tags (a block wrapper becomes an empty paragraph, so its paragraph break survives).
    """
    stack: list[tuple[str, bool]] = []  # (tag, kept) of every element open at this point
    kept_depth = 0
    pieces: list[str] = []
    last = 0
    changed = False
    pos = 0
    while True:
        match = _TAG.search(markup, pos)
        if match is None:
            break
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        pos = match.end()
        replacement = None
        if closing:
            depth = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name), None)
            if depth is not None:
                closed = stack[depth:]
                del stack[depth:]
                kept_depth -= sum(1 for _, kept in closed if kept)
                if not closed[0][1]:
                    replacement = _BLOCK_BREAK if name in _BLOCK_WRAPPERS else ""
        elif name in _RAW_TEXT:
            end = markup.lower().find(f"</{name}", pos)
            pos = len(markup) if end < 0 else end
        elif name not in _VOID and not self_closing:
            keep = (kept_depth < max_depth or name in _STRUCTURE
                    or (kept_depth < max_depth + MAX_MARKED_DEPTH - MAX_DEPTH
                        and _MARKED.search(match.group(0)) is not None))
            stack.append((name, keep))
            kept_depth += keep
            if not keep:
                replacement = _BLOCK_BREAK if name in _BLOCK_WRAPPERS else ""
        if replacement is not None:
            pieces.append(markup[last:match.start()])
            pieces.append(replacement)
            last = match.end()
            changed = True
    if not changed:
        return markup
    pieces.append(markup[last:])
    return "".join(pieces)


def too_deep(parser) -> bool:
    """True when the last parse with `parser` stopped at libxml2's nesting limit."""
    return any(_DEPTH_ERROR in entry.message for entry in parser.error_log)


def parse_markup(markup: str | bytes, **options):
    """lxml's `document_fromstring` with the huge option, re-parsed depth-limited when needed.

    `options` go to lxml's HTMLParser (e.g. remove_comments=True, encoding="utf-8").
    Raises lxml's ParserError / ValueError like document_fromstring does.
    """
    parser = lxml_html.HTMLParser(huge_tree=True, **options)
    root = lxml_html.document_fromstring(markup, parser=parser)
    if not too_deep(parser):
        return root
    if isinstance(markup, bytes):
        encoding = options.get("encoding") or "utf-8"
        markup = limit_depth(markup.decode(encoding, "replace")).encode(encoding)
    else:
        markup = limit_depth(markup)
    return lxml_html.document_fromstring(markup, parser=lxml_html.HTMLParser(huge_tree=True, **options))


__all__ = ["MAX_DEPTH", "limit_depth", "parse_markup", "too_deep"]
