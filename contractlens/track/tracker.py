"""Add services to track and check them: fetch politely, keep new versions, report changes.

A check asks the server conditionally (ETag / If-Modified-Since; 304 means unchanged),
extracts the text, and compares the hash of its normalised form with the latest version;
only a real change is analysed, stored and compared finding by finding.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from ..errors import ContractlensError, InputError
from ..pipeline import DEFAULT_MODELS, analyze_raw, document_from
from ..target import parse_target, resolve_domain
from ..types import Analysis
from .diff import ChangeItem, compare_analyses, render_text_diff, text_diff
from .normalize import normalized_hash
from .store import Change, Service, TrackStore, Version, utc_now

SUMMARY_ITEMS = 3


@dataclass
class CheckResult:
    """What one `track run` found for one service."""

    service: str
    status: str  # "first" | "new_version" | "unchanged" | "not_modified" | "error"
    message: str
    change: Change | None = None

    def to_dict(self) -> dict:
        return {
            "service": self.service, "status": self.status, "message": self.message,
            "change": self.change.to_dict() if self.change else None,
        }


def default_name(url: str) -> str:
    """'example.com/legal/terms' for https://www.example.com/legal/terms/."""
    parts = urlsplit(url)
    host = (parts.netloc or "").lower().removeprefix("www.")
    path = parts.path.strip("/")
    return f"{host}/{path}" if path else host


def add_service(
    store: TrackStore,
    target: str,
    *,
    name: str | None = None,
    terms: tuple[str, ...] = (),
    declarations=None,
    doc_type: str | None = None,
    allow_private: bool = False,
    fetcher=None,
) -> Service:
    """Track a URL, or the terms (or `doc_type`) page discovered on a domain's home page."""
    parsed = parse_target(target)
    if parsed.kind == "url" and urlsplit(target).scheme not in ("http", "https"):
        raise InputError(f"can only track http(s) URLs, not {target}")
    if parsed.kind != "url":  # anything else names a site: its terms (or `doc_type`) page
        parsed = resolve_domain(replace(parsed, kind="domain"), fetcher=fetcher, allow_private=allow_private,
                                doc_types=(doc_type,) if doc_type else ("terms", "privacy"), first_only=True)
    url = parsed.urls[0]
    declaration = None
    if declarations:
        from ..declarations import declaration_for

        declaration = declaration_for(url, declarations, doc_type=doc_type)
    return store.add_service(name or default_name(url), url, doc_type=doc_type,
                             terms=list(terms), declaration=declaration)


def summarize(items: list[ChangeItem]) -> str:
    if not items:
        return "text changed; findings unchanged"
    head = "; ".join(item.message for item in items[:SUMMARY_ITEMS])
    more = len(items) - SUMMARY_ITEMS
    return head + (f"; and {more} more" if more > 0 else "")


def check_service(store: TrackStore, service: Service, fetcher, *, models=DEFAULT_MODELS,
                  renderer=None) -> CheckResult:
    """Fetch one service once and record what happened (never raises for a bad page).

    With a `renderer` (fetching.render), a page drawn by JavaScript is rendered as its mode
    says; a rendered page keeps no validators, so the next run renders it again.
    """
    from ..fetching.render import fetch_page, render_mode

    latest = store.latest_version(service)
    try:
        result = fetch_page(
            fetcher, service.url,
            render=render_mode(renderer.mode, service.declaration) if renderer else "never",
            renderer=renderer,
            etag=service.etag if latest else None,
            last_modified=service.last_modified if latest else None,
        )
        validators = {"etag": result.headers.get("etag"),
                      "last_modified": result.headers.get("last-modified")}
        if getattr(result, "not_modified", False) or result.status == 304:
            store.record_check(service, "not_modified", "server answered 304 Not Modified")
            return CheckResult(service.name, "not_modified", "unchanged (304 Not Modified)")
        raw = result.to_raw()
        document = document_from(raw, declaration=service.declaration)
        content_hash = normalized_hash(document.text)
        if latest is not None and latest.content_hash == content_hash:
            store.record_check(service, "unchanged", "same normalised text", **validators)
            return CheckResult(service.name, "unchanged", "unchanged (same text after normalisation)")
        analysis = analyze_raw(raw, document=document, terms=tuple(service.terms), declaration=service.declaration,
                               fetcher=fetcher, models=tuple(models))
    except ContractlensError as exc:
        store.record_check(service, "error", str(exc))
        return CheckResult(service.name, "error", str(exc))
    version = store.add_version(
        service, content_hash=content_hash, fetched_at=result.fetched_at or utc_now(),
        text=document.text, analysis=analysis.to_dict(), final_url=result.final_url,
        **validators,
    )
    if latest is None:
        store.record_check(service, "first", f"version {version.id} recorded", **validators)
        return CheckResult(service.name, "first", "first version recorded")
    items = compare_analyses(Analysis.from_dict(latest.analysis), analysis)
    summary = summarize(items)
    change = store.add_change(service, latest, version, summary, [i.to_dict() for i in items])
    store.record_check(service, "new_version", summary, **validators)
    return CheckResult(service.name, "new_version", summary, change)


def run_checks(
    store: TrackStore, fetcher, *, names: tuple[str, ...] = (), models=DEFAULT_MODELS, renderer=None
) -> list[CheckResult]:
    """Check every tracked service (or only `names`), one after another, sharing one renderer."""
    services = [store.service(n) for n in names] if names else store.services()
    return [check_service(store, service, fetcher, models=models, renderer=renderer) for service in services]


# --- comparing stored versions -----------------------------------------------------------


def _at_or_before(versions: list[Version], when: str) -> Version | None:
    # compare on the given precision, so a bare date "2026-11-02" covers that whole day
    eligible = [v for v in versions if v.fetched_at[: len(when)] <= when]
    return eligible[-1] if eligible else None


def pick_versions(versions: list[Version], *, since: str | None = None,
                  until: str | None = None) -> tuple[Version, Version]:
    """The (old, new) pair to compare: latest at `until`, and latest at `since` or the one before."""
    if len(versions) < 2:
        raise InputError("only one version stored so far; nothing to compare yet")
    new = _at_or_before(versions, until) if until else versions[-1]
    if new is None:
        raise InputError(f"no version stored on or before {until}")
    if since:
        old = _at_or_before(versions, since) or versions[0]
    else:
        older = [v for v in versions if v.id < new.id]
        if not older:
            raise InputError(f"no version stored before the one of {new.fetched_at}")
        old = older[-1]
    if old.id == new.id:
        raise InputError(f"{since} and {until or 'now'} fall on the same version; nothing to compare")
    return old, new


@dataclass
class VersionDiff:
    service: str
    old: Version
    new: Version
    items: list[ChangeItem]
    text: str | None = None


def diff_versions(store: TrackStore, name: str, *, since: str | None = None,
                  until: str | None = None, with_text: bool = False) -> VersionDiff:
    service = store.service(name)
    old, new = pick_versions(store.versions(service), since=since, until=until)
    old_analysis, new_analysis = Analysis.from_dict(old.analysis), Analysis.from_dict(new.analysis)
    items = compare_analyses(old_analysis, new_analysis)
    text = None
    if with_text:
        text = render_text_diff(text_diff(old.text, new.text, old=old_analysis, new=new_analysis))
    return VersionDiff(service.name, old, new, items, text)
