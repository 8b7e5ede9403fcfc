"""One HTML page, decoded once and parsed once: the tree every reader of the page shares.

A fetched page used to be parsed up to four times (lxml by the fetch diagnosis and the
extractor, BeautifulSoup by declarations and discovery). A `Page` is made once per fetched
page and handed along (FetchResult → RawContent → extract; discovery's home and hub pages):
diagnosis and discovery read its tree, declarations and extraction cut it. The HTML layer is
lxml (`markup.parse_markup`, depth-safe); CSS selectors run on it through cssselect.
`benchmarks/bench_parse.py` prints why: a BeautifulSoup tree costs several times an lxml one
to build and to walk.
"""

from __future__ import annotations

import re

from lxml import etree

from .errors import InputError
from .markup import parse_markup

# Characters XML forbids: lxml's HTML parser keeps them, then refuses them when the tree is edited.
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def parse_html(text: str):
    """Parse markup (an XML declaration is allowed) into an lxml tree; InputError if impossible."""
    text = _NOT_XML_CHARS.sub(" ", _XML_DECLARATION.sub("", text))
    try:
        return parse_markup(text, remove_comments=True, remove_pis=True)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse the HTML: {exc}") from None


class Page:
    """An HTML page's text and its tree, parsed on first use and then shared.

    `root` is for readers (diagnosis, discovery): they must not change it. `take_root()` is for
    the one reader that cuts the tree (extraction, after the others): it gets the parsed tree
    itself, and the page forgets it (a later `root` parses again). Pickling keeps the text only.
    """

    __slots__ = ("html", "_root")

    def __init__(self, html: str) -> None:
        self.html = html
        self._root = None

    @classmethod
    def of(cls, page: "Page | str") -> "Page":
        return page if isinstance(page, Page) else cls(page)

    @property
    def parsed(self) -> bool:
        return self._root is not None

    @property
    def root(self):
        """The page's tree (InputError when it cannot be parsed); read it, never change it."""
        if self._root is None:
            self._root = parse_html(self.html)
        return self._root

    def take_root(self):
        """The tree, handed over to a reader that cuts it; the page keeps only its text."""
        root = self.root
        self._root = None
        return root

    def __getstate__(self):
        return {"html": self.html}

    def __setstate__(self, state) -> None:
        self.html = state["html"]
        self._root = None


def text_outside(node, skip) -> str:
    """`node.text_content()` as it reads once the elements `skip(element)` names are dropped.

    A skipped element's subtree goes, its tail stays (as lxml's `drop_tree` does); comments
    and processing instructions give their tails only. Iterative, so any depth is fine.
    """
    pieces: list[str] = []
    skipped = 0
    for event, element in etree.iterwalk(node, events=("start", "end")):
        is_element = isinstance(element.tag, str)
        if event == "start":
            if skipped or (is_element and element is not node and skip(element)):
                skipped += 1
            elif is_element and element.text:
                pieces.append(element.text)
        else:
            if skipped:
                skipped -= 1
                if skipped:
                    continue
            if element is not node and element.tail:
                pieces.append(element.tail)
    return "".join(pieces)


def strings(node, skip_tags=()) -> list[str]:
    """The page's text pieces under `node` in order, stripped, empty ones left out.

    Text inside elements of `skip_tags` (and comments' text) is left out; what BeautifulSoup's
    `get_text(" ", strip=True)` joins, without its script, style and template strings.
    """
    pieces: list[str] = []
    skipped = 0
    for event, element in etree.iterwalk(node, events=("start", "end")):
        is_element = isinstance(element.tag, str)
        if event == "start":
            if skipped or (is_element and element.tag in skip_tags):
                skipped += 1
            elif is_element and element.text and element.text.strip():
                pieces.append(element.text.strip())
        else:
            if skipped:
                skipped -= 1
                if skipped:
                    continue
            if element is not node and element.tail and element.tail.strip():
                pieces.append(element.tail.strip())
    return pieces


__all__ = ["Page", "parse_html", "strings", "text_outside"]
