"""What the person named, resolved once: its kind, the URLs it stands for, and where they came from.

`check`, `scan` and `track` each start from a `Target`; a domain is turned into its legal
pages here (by discovery) and nowhere else, and every later stage reads `kind` instead of
guessing it again from the string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FetchError

URL_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_DOMAIN = re.compile(
    r"^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|(?=[^:]{1,253}(?::|$))(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?)"
    r"(?::\d{1,5})?$",
    re.I,
)
EXTENSION_TYPES = {  # a name with one of these is a file even when it does not exist
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".pdf": "application/pdf",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
}


def target_kind(target: str) -> str:
    """Classify a target as "stdin", "url", "file" or "domain" (a file that exists wins)."""
    if target == "-":
        return "stdin"
    if URL_PATTERN.match(target):
        return "url"
    if Path(target).exists():
        return "file"
    if Path(target).suffix.lower() in EXTENSION_TYPES:
        return "file"  # "terms.html" that does not exist is a missing file, not a domain
    if _DOMAIN.match(target):
        return "domain"
    return "file"


@dataclass(frozen=True)
class Target:
    """One thing to read: `given` as the person wrote it, its `kind`, and for a URL or a
    resolved domain the `urls` it stands for; `origin` says where those came from."""

    given: str
    kind: str  # stdin | file | url | domain
    urls: tuple[str, ...] = ()
    origin: str = "given"  # or "discovered on DOMAIN"
    warnings: tuple[str, ...] = field(default=(), compare=False)  # pages of a domain that were skipped

    @property
    def online(self) -> bool:
        return self.kind in ("url", "domain")

    @property
    def sources(self) -> list[str]:
        """What to acquire: the URLs it stands for, else what was given (a file, "-")."""
        return list(self.urls) or [self.given]


def parse_target(given: str) -> Target:
    """The target as written (no network): a URL stands for itself; a domain is still unresolved."""
    kind = target_kind(given)
    return Target(given, kind, (given,) if kind == "url" else ())


def resolve_domain(target: Target, *, fetcher=None, allow_private: bool = False,
                   doc_types: tuple[str, ...] = ("terms", "privacy"), first_only: bool = False) -> Target:
    """A domain's legal pages found by discovery: the best page of each of `doc_types` (in that
    order), or with `first_only` the first type found. Other kinds come back unchanged."""
    if target.kind != "domain" or target.urls:
        return target
    from .discover import best_document, best_per_type, discover_site

    origin = f"discovered on {target.given}"
    if first_only:
        doc_type = doc_types[0] if len(doc_types) == 1 else None
        best = best_document(target.given, allow_private=allow_private, fetcher=fetcher, doc_type=doc_type)
        return Target(target.given, target.kind, (best.url,), origin)
    discovery = discover_site(target.given, fetcher=fetcher, allow_private=allow_private, raise_if_none=True)
    found = best_per_type(discovery.candidates)
    urls = [c.url for t, c in sorted(found.items()) if c is not None and t in doc_types]
    if not urls:
        raise FetchError(f"could not find a terms of service or privacy policy on {target.given}")
    warnings = tuple(  # a linked page that failed to load or held no legal text
        f"skipped {dropped.url}: {dropped.reasons[-1].removeprefix('dropped: ')}"
        for dropped in discovery.dropped
        if dropped.doc_type in doc_types and found[dropped.doc_type] is None
    )
    return Target(target.given, target.kind, tuple(dict.fromkeys(urls)), origin, warnings)
