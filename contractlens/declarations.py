"""Per-site declarations in the manner of Open Terms Archive: where a document lives and
which part of its page holds the legal text.

A declaration file (JSON or YAML) names one service and its documents:

    {"name": "Example", "terms": {"Terms of Service": {"fetch": "https://example.com/tos",
      "select": ["main"], "remove": [".banner"]}}}

(`documents` is accepted as an older spelling of `terms`.) `select` / `remove` take a CSS
selector, a range object `{startBefore|startAfter: css, endBefore|endAfter: css}` or a list
of those; `apply_declaration` implements all of them. Not supported, and reported in the
`unsupported` list of `declaration_for`: `filter` (OTA's filters are JavaScript code)
and `combine` (documents assembled from several pages; only the first page is used).
`executeClientScripts: true` renders the page in headless Chromium before it is cut
(`--render`, see `contractlens.fetching.render`).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import InputError

DECLARATION_SUFFIXES = (".json", ".yaml", ".yml")
RANGE_KEYS = {"startBefore", "startAfter", "endBefore", "endAfter"}
_UNSUPPORTED_KEYS = ("filter", "combine")


@dataclass
class DocumentDeclaration:
    """How one document of one service is fetched and cut out of its page."""

    service: str
    terms_type: str  # OTA's name, e.g. "Terms of Service", "Privacy Policy"
    fetch: str
    select: list = field(default_factory=list)  # CSS strings and range dicts
    remove: list = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    source_file: str = ""
    execute_client_scripts: bool = False  # the page is drawn by its scripts: render it

    @property
    def doc_type(self) -> str:
        return doc_type_of(self.terms_type)

    def as_extract_declaration(self) -> dict:
        """The plain dict that `extract(raw, declaration=...)` consumes."""
        return {
            "service": self.service,
            "terms_type": self.terms_type,
            "doc_type": self.doc_type,
            "fetch": self.fetch,
            "select": list(self.select),
            "remove": list(self.remove),
            "unsupported": list(self.unsupported),
            "execute_client_scripts": self.execute_client_scripts,
        }


@dataclass
class ServiceDeclaration:
    name: str
    documents: dict[str, DocumentDeclaration]
    source_file: str = ""


def doc_type_of(terms_type: str) -> str:
    """Map an OTA terms type ("Privacy Policy", "Trackers Policy", ...) to our doc_type."""
    name = terms_type.lower()
    if "privacy" in name:
        return "privacy"
    if "cookie" in name or "tracker" in name:
        return "cookies"
    if re.search(r"terms of (service|use)|general conditions|conditions of use|user agreement", name):
        return "terms"
    return "other"


# --- loading and validation ------------------------------------------------------------


def load_declarations(path: str | Path) -> list[ServiceDeclaration]:
    """Load one declaration file or every *.json / *.yaml / *.yml file under a directory."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such declarations file or directory: {path}")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in DECLARATION_SUFFIXES)
        files = [p for p in files if not p.name.endswith(".history.json")]
        if not files:
            raise InputError(f"no declaration files (*.json, *.yaml) in {path}")
    else:
        files = [path]
    return [load_declaration_file(p) for p in files]


def load_declaration_file(path: Path) -> ServiceDeclaration:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read declaration {path}: {exc}") from None
    return parse_declaration_text(text, path.suffix, source=str(path))


def parse_declaration_text(text: str, suffix: str, *, source: str = "<declaration>") -> ServiceDeclaration:
    """Parse a declaration's JSON (suffix .json) or YAML text and validate it."""
    try:
        data = json.loads(text) if suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"declaration {source} is not valid {suffix.lstrip('.').upper()}: {exc}") from None
    return parse_declaration(data, source=source)


def parse_declaration(data, *, source: str = "<declaration>") -> ServiceDeclaration:
    """Validate one declaration's data; raise InputError naming the file and the problem."""
    if not isinstance(data, dict):
        raise InputError(f"declaration {source} must be an object with 'name' and 'terms'")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"declaration {source} has no 'name'")
    documents = data.get("terms", data.get("documents"))
    if not isinstance(documents, dict):  # empty is valid: OTA keeps services whose documents went away
        raise InputError(f"declaration {source} has no 'terms' object listing its documents")
    parsed = {
        terms_type: _parse_document(name, terms_type, spec, source)
        for terms_type, spec in documents.items()
    }
    return ServiceDeclaration(name=name, documents=parsed, source_file=source)


def _parse_document(service: str, terms_type: str, spec, source: str) -> DocumentDeclaration:
    where = f"declaration {source}, document {terms_type!r}"
    if not isinstance(terms_type, str) or not terms_type.strip():  # YAML allows `~:`, `1:`, `&a :`
        raise InputError(f"{where}: a document's name must be text such as 'Terms of Service'")
    if not isinstance(spec, dict):
        raise InputError(f"{where} must be an object with 'fetch' and 'select'")
    unsupported = [key for key in _UNSUPPORTED_KEYS if spec.get(key)]
    fetch = spec.get("fetch")
    select, remove = spec.get("select"), spec.get("remove")
    combine = spec.get("combine")
    execute = spec.get("executeClientScripts") is True
    if fetch is None and isinstance(combine, list) and combine and isinstance(combine[0], dict):
        first = combine[0]  # only the first page of a combined document is used
        fetch = first.get("fetch")
        select = select if select is not None else first.get("select")
        remove = remove if remove is not None else first.get("remove")
        execute = execute or first.get("executeClientScripts") is True
    if not _is_http_url(fetch):
        raise InputError(f"{where}: 'fetch' must be an http(s) URL")
    return DocumentDeclaration(
        service=service,
        terms_type=terms_type,
        fetch=fetch,
        select=_selectors(select, where, "select"),
        remove=_selectors(remove, where, "remove"),
        unsupported=unsupported,
        source_file=source,
        execute_client_scripts=execute,
    )


def _is_http_url(value) -> bool:
    """An http(s) URL that parses whole (urlsplit raises on "https://[x" and on port 99999)."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:
        return False


def _selectors(value, where: str, key: str) -> list:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str) and item.strip():
            continue
        if isinstance(item, dict) and _valid_range(item):
            continue
        raise InputError(
            f"{where}: '{key}' entries must be CSS selectors or range objects "
            f"(startBefore|startAfter + endBefore|endAfter), got {item!r}"
        )
    return items


def _valid_range(item: dict) -> bool:
    keys = set(item)
    return (
        keys <= RANGE_KEYS
        and len(keys & {"startBefore", "startAfter"}) == 1
        and len(keys & {"endBefore", "endAfter"}) == 1
        and all(isinstance(v, str) and v.strip() for v in item.values())
    )


# --- matching ---------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _url_key(url: str) -> tuple[str, str, str]:
    """(host without www., path without trailing slash, query) — what identifies a page."""
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        port = parts.port
    except ValueError:  # not a URL ("a[b].html", "host:99999"): it names no declared page
        return url, "", ""
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    return host, parts.path.rstrip("/") or "/", parts.query


def match_declaration(
    target: str, declarations: list[ServiceDeclaration], *, doc_type: str | None = None
) -> DocumentDeclaration | None:
    """Find the declared document for a URL (host + path), a service name or a host.

    A URL matching a declared fetch URL wins; then a service name (case-insensitive), taking
    the document of `doc_type` (terms first when not given); then a host with exactly one
    declared document there (or one of `doc_type`).
    """
    documents = [doc for service in declarations for doc in service.documents.values()]
    if "/" in target or "." in target:
        key = _url_key(target)
        for doc in documents:
            if _url_key(doc.fetch) == key:
                return doc
        same_page = [doc for doc in documents if _url_key(doc.fetch)[:2] == key[:2]]
        if len(same_page) == 1:  # the query differs (tracking parameters, say) but nothing else
            return same_page[0]
    wanted = target.strip().lower()
    for service in declarations:
        if service.name.lower() == wanted:
            return _pick_document(list(service.documents.values()), doc_type)
    host = _url_key(target)[0]
    on_host = [doc for doc in documents if _url_key(doc.fetch)[0] == host]
    if doc_type:
        on_host = [doc for doc in on_host if doc.doc_type == doc_type]
    return on_host[0] if len(on_host) == 1 else None


def _pick_document(documents: list[DocumentDeclaration], doc_type: str | None):
    for wanted in ([doc_type] if doc_type else ["terms", "privacy"]):
        for doc in documents:
            if doc.doc_type == wanted:
                return doc
    return None if doc_type else (documents[0] if documents else None)


def declaration_for(
    target: str, declarations: list[ServiceDeclaration] | None, *, doc_type: str | None = None
) -> dict | None:
    """The `{"select": [...], "remove": [...], ...}` dict for `extract`, or None if undeclared."""
    if not declarations:
        return None
    doc = match_declaration(target, declarations, doc_type=doc_type)
    return doc.as_extract_declaration() if doc else None


# --- applying selectors -----------------------------------------------------------------


def apply_declaration(root, declaration: dict):
    """Cut the declared parts out of a page's tree: drop `remove`, keep `select` (ranges included).

    `root` is the page's lxml tree (`page.Page.take_root()`); `remove` cuts it in place. The
    result is a new `<html><body>` tree holding the selected parts in order (the tree itself
    when nothing is selected). Raises InputError when no `select` entry matches anything, so a
    changed page layout is reported, not hidden.
    """
    for selector in declaration.get("remove") or []:
        _remove(root, selector)
    selects = declaration.get("select") or []
    if not selects:
        return root
    parts: list = []
    for selector in selects:
        parts.extend(_select(root, selector))
    if not parts:
        raise InputError(
            f"the declared selector(s) {selects!r} match nothing on the page; the page layout "
            "may have changed"
        )
    return _assemble(parts)


@lru_cache(maxsize=256)
def _compiled(selector: str):
    from cssselect import SelectorError
    from lxml import etree
    from lxml.cssselect import CSSSelector

    try:
        return CSSSelector(selector, translator="html")
    except (SelectorError, etree.XPathError) as exc:
        raise InputError(f"invalid CSS selector {selector!r} in declaration: {exc}") from None


def _css(root, selector: str) -> list:
    return _compiled(selector)(root)


def _select(root, selector) -> list[list]:
    """The parts one `select` entry keeps, each a list of elements (copied, without tails) and texts."""
    if isinstance(selector, str):
        return [_contents(node) if node.tag in ("html", "body") else [_copy(node)] for node in _css(root, selector)]
    part = _range_part(root, selector)
    return [part] if part else []


def _copy(node):
    node = copy.deepcopy(node)
    node.tail = None
    return node


def _contents(node) -> list:
    """What is inside `node`: its text, then copies of its children each followed by its tail."""
    parts: list = [node.text] if node.text else []
    for child in node:
        parts.append(_copy(child))
        if child.tail:
            parts.append(child.tail)
    return parts


def _assemble(parts: list[list]):
    """A new `<html><body>` tree of the parts, one line break between two of them."""
    from lxml import html as lxml_html

    root = lxml_html.Element("html")
    body = lxml_html.Element("body")
    root.append(body)
    for i, part in enumerate(parts):
        if i:
            _append_text(body, "\n")
        for piece in part:
            if isinstance(piece, str):
                _append_text(body, piece)
            else:
                body.append(piece)
    return root


def _append_text(parent, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _remove(root, selector) -> None:
    if isinstance(selector, str):
        for node in _css(root, selector):
            if node.getparent() is not None:
                node.drop_tree()  # its tail is not part of it
        return
    _remove_range(root, selector)


_START, _END = "\ue000CLSTART\ue000", "\ue000CLEND\ue000"  # private-use characters: never in a page's markup


def _range_anchors(root, selector: dict):
    start_css = selector.get("startBefore") or selector.get("startAfter")
    end_css = selector.get("endBefore") or selector.get("endAfter")
    starts, ends = _css(root, start_css), _css(root, end_css)
    if not starts or not ends:
        return None
    return starts[0], "startBefore" in selector, ends[0], "endBefore" in selector


def _range_part(root, selector: dict) -> list:
    """The markup between two anchors, cut from the serialised page and parsed alone, so tags cut
    in half are closed again (the only second parse: of the cut, not of the page)."""
    from lxml import etree

    from .page import parse_html

    anchors = _range_anchors(root, selector)
    if anchors is None:
        return []
    start, before_start, end, before_end = anchors
    undo = [_mark(start, _START, before_start), _mark(end, _END, before_end)]
    page = etree.tostring(root, method="html", encoding="unicode")
    for restore in reversed(undo):
        restore()
    i, j = page.find(_START), page.find(_END)
    if i < 0 or j < 0 or j <= i:
        return []
    cut = page[i + len(_START) : j]
    if not cut.strip():
        return []
    body = parse_html(cut).find("body")
    return _contents(body) if body is not None else []


def _mark(element, mark: str, before: bool):
    """Put `mark` in the text just before or after `element`; returns what takes it out again."""
    if not before:
        tail = element.tail
        element.tail = mark + (tail or "")
        return lambda: setattr(element, "tail", tail)
    previous = element.getprevious()
    if previous is not None:
        tail = previous.tail
        previous.tail = (tail or "") + mark
        return lambda: setattr(previous, "tail", tail)
    parent = element.getparent()
    text = parent.text
    parent.text = (text or "") + mark
    return lambda: setattr(parent, "text", text)


def _remove_range(root, selector: dict) -> None:
    """Drop what lies wholly between the anchors of a range, when they are siblings (else nothing:
    leave the page alone rather than guess)."""
    anchors = _range_anchors(root, selector)
    if anchors is None:
        return
    start, before_start, end, before_end = anchors
    parent = start.getparent()
    if parent is None or end.getparent() is not parent:
        return
    siblings = list(parent)
    first, last = siblings.index(start), siblings.index(end)
    if last < first or (last == first and not before_start):
        return
    if last == first:
        if not before_end:
            start.drop_tree()
        return
    if not before_start:
        start.tail = None
    for node in siblings[first + (0 if before_start else 1) : last]:
        parent.remove(node)  # with its tail, which lies inside the range
    if not before_end:
        end.drop_tree()
