"""HTML → blocks: drop page chrome, find the main legal text, keep its structure.

Chrome is scripts, navigation, headers/footers, forms, cookie banners, menus and hidden
elements. The main text is a declared selection when a declaration is given, else
<main>/<article>/role=main, else the container that holds most of the page's non-link text.
"""

from __future__ import annotations

import re

from lxml import etree

from ..page import Page
from .blocks import BlockBuilder, clean_inline
from .headings import PseudoHeadingLevels
from .text import BULLET_PATTERN, without_bullet

NON_CONTENT_TAGS = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "button", "select", "input", "textarea", "option", "head", "map", "audio",
    "video", "dialog", "link", "meta",
}
HIDDEN_HOLDERS = ("template", "noscript")  # shown only without scripts, or never: see _reveal_hidden_document
HIDDEN_DOCUMENT_WORDS = 40  # a legal text's worth of words (extraction.legal.MIN_WORDS)
CHROME_TAGS = {"nav", "aside", "menu"}
PAGE_FRAME_TAGS = {"header", "footer"}  # chrome unless inside the article itself
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar"}
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr",
    "legend", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead",
    "tfoot", "ul", "html",
}
BOLD_TAGS = {"b", "strong"}
CELL_TAGS = {"td", "th"}

# Consent-manager and banner markers: chrome whatever their size.
_STRONG_CHROME = re.compile(
    r"onetrust|cookiebot|didomi|usercentrics|truste|trustarc|qc-cmp|cc-window|cookielaw|"
    r"cookie[-_ ]?(?:banner|bar|notice|consent|popup|modal|dialog|overlay|alert|message|box|wall|warning)|"
    r"(?:consent|gdpr)[-_ ]?(?:banner|bar|notice|popup|modal|dialog|manager|overlay|box)",
    re.IGNORECASE,
)
# Chrome when small: a section called "consent" in a privacy policy is not a banner.
_WEAK_CHROME = re.compile(
    r"(?:^|[-_\s])(?:cookies?|consent|gdpr|banner|skip|breadcrumbs?|menu|navbar|nav|navigation|"
    r"sidebar|share|sharing|social|newsletter|subscribe|popup|modal|promo|advert|ads|masthead|"
    r"site-?header|site-?footer|toolbar|related|comments?)(?:$|[-_\s])",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hidden|d-none|sr-only|visually-hidden|screen-reader-text|hide)(?:$|\s)", re.IGNORECASE)
_SKIP_LINK = re.compile(r"^\s*(?:skip|jump)\s+to\b|^\s*back\s+to\s+top\s*$", re.IGNORECASE)
SMALL_CHROME_WORDS = 150
WRAPPER_SHARE = 0.5  # an element holding this share of the page is a wrapper, never chrome
DESCEND_SHARE = 0.8  # descend into a child holding this share of its parent's prose
MAIN_MIN_SHARE = 0.3

_BOLD_OPEN, _BOLD_CLOSE, _BREAK = "\x01", "\x02", "\n"
_PARAGRAPH_BREAK = re.compile(r"\n[ \x01\x02]*\n")
_BULLET_LINE = re.compile(r"\n(?=[ \x01\x02]*(?:" + BULLET_PATTERN + r"|\d{1,2}[.)]\s))")  # a <br> before an item
_WHITESPACE = re.compile(r"\s+")
_PRE_SPACE = re.compile(r"[^\S\n]+")


def page_title(root) -> str:
    node = root.find(".//title")
    title = clean_inline(node.text_content()) if node is not None else ""
    if not title:
        h1 = root.find(".//h1")
        title = clean_inline(h1.text_content()) if h1 is not None else ""
    return title


def html_blocks(page: Page | str, declaration: dict | None = None) -> tuple[BlockBuilder, str]:
    """The blocks of the page's main legal text, and the page title.

    Extraction is the page's last reader: it takes the shared tree (`Page.take_root`) and cuts it.
    """
    declared = bool(declaration and (declaration.get("select") or declaration.get("remove")))
    root = Page.of(page).take_root()
    title = page_title(root)
    if declared:
        from ..declarations import apply_declaration

        root = apply_declaration(root, declaration)
    _reveal_hidden_document(root)
    _drop(_non_content(root))
    if declared:
        content = _body(root)
    else:
        _drop(_chrome(root))
        content = main_content(root)
    builder = BlockBuilder()
    Linearizer(builder).run(content)
    return builder, title


def _body(root):
    body = root.find("body")
    return body if body is not None else root


def _drop(elements) -> None:
    for element in elements:
        if element.getparent() is not None:
            element.drop_tree()


def _reveal_hidden_document(root) -> None:
    """Keep the text of <template> and <noscript> where it is what the page shows, else drop it.

    A declarative shadow root (`<template shadowrootmode>`, what a browser writes when it
    serialises shadow DOM) is displayed, so it is always unwrapped. An inert <template> or a
    <noscript> is unwrapped only when it holds the document: the rest of the page has almost
    no text and they hold a legal text's worth of words.
    """
    for template in list(root.iter("template")):
        if template.get("shadowrootmode") or template.get("shadowroot"):
            template.drop_tag()
    hidden = [el for el in root.iter("template", "noscript") if not any(a.tag in HIDDEN_HOLDERS for a in el.iterancestors())]
    if not hidden:
        return
    hidden_words = sum(len(el.text_content().split()) for el in hidden)
    if hidden_words < HIDDEN_DOCUMENT_WORDS:
        return
    visible_words = _visible_words(_body(root))
    if visible_words < HIDDEN_DOCUMENT_WORDS and hidden_words > 2 * visible_words:
        for element in hidden:
            element.drop_tag()


def _visible_words(node) -> int:
    """Words of `node` outside scripts, styles, templates and noscript (iterative: any depth)."""
    words = 0
    hidden_depth = 0
    for event, element in etree.iterwalk(node, events=("start", "end")):
        hides = element.tag in NON_CONTENT_TAGS
        if event == "start":
            hidden_depth += hides
            if not hidden_depth and element.text:
                words += len(element.text.split())
        else:
            hidden_depth -= hides
            if not hidden_depth and element.tail and element is not node:
                words += len(element.tail.split())
    return words


def _non_content(root) -> list:
    return [el for el in root.iter() if not isinstance(el.tag, str) or el.tag in NON_CONTENT_TAGS]


# --- chrome -------------------------------------------------------------------------------


def _chrome(root) -> list:
    counts = word_counts(root)
    page_words = counts.get(_body(root), (0, 0))[0] or 1
    found = []
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in ("html", "body"):
            continue
        words = counts.get(element, (0, 0))[0]
        if words >= WRAPPER_SHARE * page_words and words > SMALL_CHROME_WORDS:
            continue
        if _is_chrome(element, tag, words):
            found.append(element)
    return found


def _is_chrome(element, tag: str, words: int) -> bool:
    if tag in CHROME_TAGS:
        return True
    if tag in PAGE_FRAME_TAGS:
        return not any(a.tag in ("article", "main") for a in element.iterancestors())
    if tag == "form":
        return words < SMALL_CHROME_WORDS
    get = element.get
    if (get("role") or "").lower() in CHROME_ROLES:
        return True
    if tag == "a" and _SKIP_LINK.match(element.text_content() or ""):
        return True
    names = f"{get('id') or ''} {get('class') or ''}"
    if names.strip() and _STRONG_CHROME.search(names):
        return True
    small = words <= SMALL_CHROME_WORDS
    if small and names.strip() and _WEAK_CHROME.search(names) and not _looks_like_section(element):
        return True
    hidden = (
        get("hidden") is not None
        or (get("aria-hidden") or "").lower() == "true"
        or _HIDDEN_STYLE.search(get("style") or "")
        or _HIDDEN_CLASS.search(get("class") or "")
    )
    return bool(hidden and small)


def _looks_like_section(element) -> bool:
    """A titled part of an article ("Cookies", "Consent", "Sharing") rather than a page widget."""
    if any(a.tag in ("article", "main") for a in element.iterancestors()):
        return True
    return any(isinstance(d.tag, str) and d.tag in HEADING_TAGS for d in element.iterdescendants())


# --- main content -------------------------------------------------------------------------


def word_counts(root) -> dict:
    """For every element: (all words, words outside links) in its subtree."""
    in_link: dict = {}
    own: dict = {}
    order = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        parent = element.getparent()
        linked = element.tag == "a" or in_link.get(parent, False)
        in_link[element] = linked
        order.append(element)
        words = len(element.text.split()) if element.text else 0
        total, prose = own.get(element, (0, 0))
        own[element] = (total + words, prose + (0 if linked else words))
        if element.tail and parent is not None:
            tail_words = len(element.tail.split())
            total, prose = own.get(parent, (0, 0))
            own[parent] = (total + tail_words, prose + (0 if in_link.get(parent, False) else tail_words))
    for element in reversed(order):
        parent = element.getparent()
        if parent is not None and parent in own:
            total, prose = own[element]
            parent_total, parent_prose = own[parent]
            own[parent] = (parent_total + total, parent_prose + prose)
    return own


def main_content(root):
    """The element holding the page's legal text (see module docstring)."""
    counts = word_counts(root)
    body = _body(root)
    body_prose = counts.get(body, (0, 0))[1] or 1
    marked = [el for el in root.iter("main", "article") if isinstance(el.tag, str)]
    marked += root.xpath("//*[@role='main']")
    if marked:
        best = max(marked, key=lambda el: counts.get(el, (0, 0))[1])
        share = counts.get(best, (0, 0))[1] / body_prose
        articles = [el for el in marked if el.tag == "article" and el is not best]
        split_articles = best.tag == "article" and sum(counts.get(el, (0, 0))[1] for el in articles) > 0.5 * counts[best][1]
        if share >= MAIN_MIN_SHARE and not split_articles:
            return best
    return _densest(body, counts)


def _densest(node, counts):
    """Walk down while one child holds most of the prose: the smallest container of the text."""
    while True:
        node_prose = counts.get(node, (0, 0))[1]
        children = [c for c in node if isinstance(c.tag, str)]
        if not children or node_prose == 0:
            return node
        top = max(children, key=lambda c: counts.get(c, (0, 0))[1])
        if counts.get(top, (0, 0))[1] < DESCEND_SHARE * node_prose:
            return node
        node = top


# --- linearisation ------------------------------------------------------------------------


class Linearizer:
    """Walks a tree once and turns headings, paragraphs, list items and table rows into blocks."""

    def __init__(self, builder: BlockBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []
        self.kinds: list[str] = ["paragraph"]
        self.heading_level = 1
        self.pseudo_headings = PseudoHeadingLevels()
        self.bold_depth = 0
        self.row_cells = 0
        self.layout_cells: set = set()
        self.in_pre = 0  # inside <pre>, line breaks in the source are real

    def run(self, root) -> None:
        self.layout_cells = {
            cell for cell in root.iter("td", "th")
            if any(isinstance(d.tag, str) and (d.tag in BLOCK_TAGS or d.tag in HEADING_TAGS) for d in cell.iterdescendants())
        }
        for event, element in etree.iterwalk(root, events=("start", "end")):
            tag = element.tag
            if not isinstance(tag, str):
                continue
            if event == "start":
                self.start(element, tag)
            else:
                self.end(element, tag)
        self.flush()

    def start(self, element, tag: str) -> None:
        if tag in HEADING_TAGS:
            self.flush()
            self.kinds.append("heading")
            self.heading_level = HEADING_TAGS[tag]
            self.pseudo_headings.real_heading(self.heading_level)
        elif tag == "li":
            self.flush()
            self.kinds.append("list_item")
        elif tag == "tr":
            self.flush()
            self.kinds.append("paragraph")
            self.row_cells = 0
        elif tag in CELL_TAGS:
            if element in self.layout_cells:
                self.flush()
                self.kinds.append("paragraph")
            else:
                if self.row_cells:
                    self.buffer.append(" | ")
                self.row_cells += 1
        elif tag in BLOCK_TAGS:
            self.flush()
            parent_kind = self.kinds[-1]
            inherits = parent_kind in ("list_item", "heading") and tag not in ("ul", "ol")
            self.kinds.append(parent_kind if inherits else "paragraph")
        elif tag == "br":
            self.buffer.append(_BREAK)
        elif tag in BOLD_TAGS:
            if self.bold_depth == 0:
                self.buffer.append(_BOLD_OPEN)
            self.bold_depth += 1
        if tag == "pre":
            self.in_pre += 1
        self.append(element.text)

    def end(self, element, tag: str) -> None:
        if tag in HEADING_TAGS or tag == "li" or tag == "tr" or tag in BLOCK_TAGS or element in self.layout_cells:
            self.flush()
            if len(self.kinds) > 1:
                self.kinds.pop()
        elif tag in BOLD_TAGS:
            self.bold_depth -= 1
            if self.bold_depth == 0:
                self.buffer.append(_BOLD_CLOSE)
        if tag == "pre":
            self.in_pre -= 1
        self.append(element.tail)

    def append(self, text: str | None) -> None:
        if text:
            self.buffer.append(_PRE_SPACE.sub(" ", text) if self.in_pre else _WHITESPACE.sub(" ", text))

    def flush(self) -> None:
        if not self.buffer:
            return
        raw = "".join(self.buffer)
        self.buffer = [_BOLD_OPEN] if self.bold_depth else []
        kind = self.kinds[-1]
        if kind == "heading":
            self.builder.add("heading", _strip_marks(raw), self.heading_level)
            return
        for piece in _PARAGRAPH_BREAK.split(raw):
            for line in _BULLET_LINE.split(piece) if "\n" in piece else [piece]:
                self.emit(kind, line)

    def emit(self, kind: str, marked: str) -> None:
        text = _strip_marks(marked).replace(_BREAK, " ").strip()
        if kind == "paragraph":
            level = self.pseudo_headings.level_of(text, _all_bold(marked))
            if level:
                self.builder.add("heading", text, level)
                return
            item = without_bullet(text)
            if item is not None:
                kind, text = "list_item", item
        self.builder.add(kind, text)


def _strip_marks(text: str) -> str:
    return text.replace(_BOLD_OPEN, "").replace(_BOLD_CLOSE, "")


def _all_bold(marked: str) -> bool:
    """True when every visible character of the piece sits inside <b>/<strong>."""
    depth = 0
    seen_bold = False
    for char in marked:
        if char == _BOLD_OPEN:
            depth += 1
        elif char == _BOLD_CLOSE:
            depth = max(depth - 1, 0)
        elif not char.isspace():
            if depth == 0:
                return False
            seen_bold = True
    return seen_bold
