"""Turn a target (URL, domain, file path or "-" for stdin) into RawContent bytes."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import sys
from pathlib import Path

from .errors import InputError
from .types import RawContent

MAX_FILE_BYTES = 50 * 1024 * 1024
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_DOMAIN = re.compile(
    r"^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|(?=[^:]{1,253}(?::|$))(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?)"
    r"(?::\d{1,5})?$",
    re.I,
)

EXTENSION_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".pdf": "application/pdf",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
    ".text": "text/plain",
}


def target_kind(target: str) -> str:
    """Classify a target as "stdin", "url", "file" or "domain" (a file that exists wins)."""
    if target == "-":
        return "stdin"
    if _URL.match(target):
        return "url"
    if Path(target).exists():
        return "file"
    if Path(target).suffix.lower() in EXTENSION_TYPES:
        return "file"  # "terms.html" that does not exist is a missing file, not a domain
    if _DOMAIN.match(target):
        return "domain"
    return "file"


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def read_file(path: str | Path) -> RawContent:
    """Read a local document; media type from its extension (None means: sniff it)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a document")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path} is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES // 10**6} MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    media_type = EXTENSION_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    return RawContent(source=str(path), data=data, media_type=media_type)


def read_stdin() -> RawContent:
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"standard input is larger than {MAX_FILE_BYTES // 10**6} MB")
    return RawContent(source="-", data=data, media_type=None)


def acquire(target: str, *, allow_private: bool = False, fetcher=None, render: str = "never", renderer=None,
            **fetch_options) -> RawContent:
    """Get the bytes of one document. Domains are resolved to a legal page by discovery.

    `render` (auto, never, always) says when a web page is rendered in headless Chromium;
    `renderer` is a `fetching.render.Renderer` to reuse (one is made when needed without it).
    """
    kind = target_kind(target)
    if kind == "stdin":
        return read_stdin()
    if kind == "file":
        return read_file(target)
    from . import fetch

    if kind == "domain":
        from . import discover

        best = discover.best_document(target, allow_private=allow_private, fetcher=fetcher)
        target = best.url
    from .fetching.render import fetch_page

    fetcher = fetcher or fetch.Fetcher(allow_private=allow_private, **fetch_options)
    return fetch_page(fetcher, target, render=render, renderer=renderer).to_raw()
