"""Turn a target (URL, domain, file path or "-" for stdin) into RawContent bytes."""

from __future__ import annotations

import hashlib
import mimetypes
import sys
from pathlib import Path

from .errors import InputError
from .target import EXTENSION_TYPES, Target, parse_target, resolve_domain
from .types import RawContent

MAX_FILE_BYTES = 50 * 1024 * 1024


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


def acquire(target: str | Target, *, allow_private: bool = False, fetcher=None, render: str = "never", renderer=None,
            **fetch_options) -> RawContent:
    """Get the bytes of one document. A domain is resolved to its legal page by discovery.

    `render` (auto, never, always) says when a web page is rendered in headless Chromium;
    `renderer` is a `fetching.render.Renderer` to reuse (one is made when needed without it).
    """
    target = target if isinstance(target, Target) else parse_target(target)
    if target.kind == "stdin":
        return read_stdin()
    if target.kind == "file":
        return read_file(target.given)
    from . import fetch
    from .fetching.render import fetch_page

    target = resolve_domain(target, fetcher=fetcher, allow_private=allow_private, first_only=True)
    fetcher = fetcher or fetch.Fetcher(allow_private=allow_private, **fetch_options)
    return fetch_page(fetcher, target.urls[0], render=render, renderer=renderer).to_raw()
