"""One check as the server runs it: discover, fetch, read from the store or analyse, remember.

Progress goes to a callback (stage, detail) so a job can show it. Each page is fetched (every
rule of fetch.py holds) and hashed; a page whose URL, bytes and terms were analysed before is
answered from the store, anything else is analysed and stored. The result is the JSON of
`check --format json`.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import __version__, analyze
from ..acquire import content_hash
from ..target import EXTENSION_TYPES, parse_target, resolve_domain, target_kind
from ..check import CheckResult
from ..errors import ContractlensError, InputError
from ..types import Analysis, RawContent
from .config import ServeConfig
from .profiles import Profiles
from .store import Store, hostname_of, site_of
from .summary import site_summary

Progress = Callable[[str, str], None]


def _quiet(stage: str, detail: str) -> None:
    pass


def terms_key(profiles) -> str:
    """Which terms a stored analysis answers (verdicts change with them) and which contractlens read it."""
    return hashlib.sha256(f"{__version__}\n{profiles!r}".encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Outcome:
    check_id: int
    result: dict
    summary: dict
    analysed: int  # documents read anew (the rest came from the store)


class Checker:
    """Runs checks for the server; one analysis at a time (the models are loaded once and CPU-bound)."""

    def __init__(self, config: ServeConfig, store: Store, profiles: Profiles):
        self.config = config
        self.store = store
        self.profiles = profiles
        self._analysis_lock = threading.Lock()

    def _fetcher(self, target: str):
        """A fetcher that contacts the checked site's host (and its subdomains) and no other."""
        from ..fetch import Fetcher

        return Fetcher(allow_private=self.config.allow_private, only_site=hostname_of(target))

    def _analysis(self, url: str, raw: RawContent, profiles, progress: Progress, fetcher) -> tuple[Analysis, bool]:
        key = terms_key(profiles)
        digest = content_hash(raw.data)
        stored = self.store.analysis(url, digest, key)
        if stored is not None:
            progress("stored", url)
            return Analysis.from_dict(stored), False
        progress("analyse", url)
        with self._analysis_lock:
            analysis = analyze(raw, terms=profiles, allow_private=self.config.allow_private, fetcher=fetcher)
        self.store.put_analysis(url, digest, key, analysis.to_dict())
        return analysis, True

    def _remember(self, target: str, site: str, names: list[str], analyses: list[Analysis], analysed: int,
                  warnings: list[str]) -> Outcome:
        result = CheckResult(target=target, analyses=analyses).to_dict()
        summary = site_summary(analyses)
        if warnings:
            summary["warnings"] = warnings
        check_id = self.store.add_check(target=target, site=site, terms=names, summary=summary, result=result)
        return Outcome(check_id, result, summary, analysed)

    @staticmethod
    def target(target) -> tuple[str, str]:
        """(target, kind) for a URL or a domain; anything else (a path, nothing) is refused in one line."""
        if not isinstance(target, str) or not target.strip():
            raise InputError("give a target: a URL or a domain")
        target = target.strip()
        kind = target_kind(target)
        if kind not in ("url", "domain"):
            raise InputError(f"{target!r} is not a URL or a domain (upload a file to check a document)")
        return target, kind

    def check(self, target: str, terms=(), progress: Progress = _quiet) -> Outcome:
        """Check a URL or a domain against the named profiles."""
        target, kind = self.target(target)
        profiles = self.profiles.resolve(terms)
        names = [p.id for p in profiles]
        fetcher = self._fetcher(target)
        from ..fetching.render import Renderer, fetch_page

        renderer = Renderer(fetcher, mode=self.config.render)
        try:
            if kind == "domain":
                progress("discover", target)
            resolved = resolve_domain(parse_target(target), fetcher=fetcher, allow_private=self.config.allow_private)
            urls, failures = resolved.sources, list(resolved.warnings)
            analyses, analysed = [], 0
            for url in urls:
                progress("fetch", url)
                try:
                    raw = fetch_page(fetcher, url, render=self.config.render, renderer=renderer).to_raw()
                    analysis, fresh = self._analysis(url, raw, profiles, progress, fetcher)
                except ContractlensError as exc:
                    if len(urls) == 1:
                        raise
                    failures.append(f"skipped {url}: {exc}")
                    continue
                analyses.append(analysis)
                analysed += fresh
            if not analyses:
                raise InputError(failures[-1])
        finally:
            renderer.close()
        progress("done", target)
        return self._remember(target, site_of(target), names, analyses, analysed, failures)

    def check_upload(self, filename: str, data: bytes, terms=(), progress: Progress = _quiet) -> Outcome:
        """Check an uploaded document (HTML, PDF, Markdown or text, by its name) against the profiles."""
        name = Path(filename or "upload.txt").name
        if not data:
            raise InputError(f"{name} is empty")
        profiles = self.profiles.resolve(terms)
        raw = RawContent(source=name, data=data, media_type=EXTENSION_TYPES.get(Path(name).suffix.lower()))
        analysis, fresh = self._analysis(f"upload:{name}", raw, profiles, progress, None)
        progress("done", name)
        return self._remember(name, f"upload:{name}", [p.id for p in profiles], [analysis], int(fresh), [])
