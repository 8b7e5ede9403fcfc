"""Stream the inputs of a scan: files, directories walked recursively, and URL lists.

Inputs are yielded one at a time (a generator), so a scan of a million files never holds
their names, let alone their contents, in memory at once beyond the set used to skip
duplicates.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from ..errors import InputError

SCAN_EXTENSIONS = (".html", ".htm", ".pdf", ".md", ".txt")
_URL = re.compile(r"^https?://", re.I)
# File names that say which document of a service this is, not which service.
_DOCUMENT_NAME = re.compile(
    r"terms|privacy|polic|cookie|condition|agreement|notice|eula|legal|tos\b|gdpr|datenschutz|agb|cgu|cgv|"
    r"nutzungsbedingungen|informativa|regulamin",
    re.I,
)


@dataclass(frozen=True)
class ScanInput:
    """One document to scan: a local file (absolute path) or a URL, and the service it belongs to."""

    source: str
    kind: str  # "file" | "url"
    service: str


def service_of_url(url: str) -> str:
    host = (urlsplit(url if "://" in url else "https://" + url).hostname or url).lower()
    return host.removeprefix("www.")


def service_of_file(path: Path, root: Path | None = None) -> str:
    """The service a file belongs to, guessed from where it sits.

    Under a scanned directory, `root/<service>/.../doc.md` names the service by its first
    folder. A file named like a document type ("Privacy Policy.md") takes its folder's
    name; any other file name ("acme.html") is the service itself.
    """
    if root is not None:
        parts = path.relative_to(root).parts
        if len(parts) >= 2:
            return parts[0]
    if _DOCUMENT_NAME.search(path.stem) and path.parent.name:
        return path.parent.name
    return path.stem


def _walk(root: Path) -> Iterator[Path]:
    """Files with a scannable extension under `root`, in a stable order, hidden ones skipped."""
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SCAN_EXTENSIONS):
                yield Path(directory) / name


def _url_lines(urls_file: str | Path) -> Iterator[str]:
    try:
        with open(urls_file, encoding="utf-8-sig") as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#"):
                    yield line
    except OSError as exc:
        raise InputError(f"cannot read URL list {urls_file}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"URL list {urls_file} is not UTF-8 text") from None


def check_inputs(paths: Iterable[str], urls_file: str | None = None) -> None:
    """Fail before scanning when an input path does not exist or nothing was given."""
    paths = list(paths)
    if not paths and not urls_file:
        raise InputError("nothing to scan: give files, directories or --urls FILE")
    for path in paths:
        if not _URL.match(path) and not os.path.exists(path):
            raise InputError(f"no such file or directory: {path}")
    if urls_file and not os.path.isfile(urls_file):
        raise InputError(f"no such URL list: {urls_file}")


def iter_inputs(paths: Iterable[str], urls_file: str | None = None) -> Iterator[ScanInput]:
    """Yield every input once, files first (in the order given), then the URL list."""
    seen: set[str] = set()

    def once(item: ScanInput) -> Iterator[ScanInput]:
        if item.source not in seen:
            seen.add(item.source)
            yield item

    for arg in paths:
        if _URL.match(arg):
            yield from once(ScanInput(arg, "url", service_of_url(arg)))
            continue
        path = Path(os.path.abspath(arg))
        if path.is_dir():
            for file in _walk(path):
                yield from once(ScanInput(str(file), "file", service_of_file(file, path)))
        else:
            yield from once(ScanInput(str(path), "file", service_of_file(path)))
    if urls_file:
        for url in _url_lines(urls_file):
            yield from once(ScanInput(url, "url", service_of_url(url)))


def count_inputs(paths: Iterable[str], urls_file: str | None = None) -> int:
    """How many inputs a scan will see (a cheap walk over names, for the progress bar's ETA)."""
    return sum(1 for _ in iter_inputs(paths, urls_file))
