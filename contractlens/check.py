"""The library behind `contractlens check`: one target → one or more Analyses → exit status.

A file, URL or stdin gives one document; a bare domain is resolved by discovery into its
best terms-of-service and privacy-policy pages, which are analysed together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContractlensError
from .pipeline import analyze, models_for
from .target import Target, parse_target, resolve_domain
from .types import SCHEMA_VERSION, Analysis

FAIL_ON_LEVEL = {"none": None, "potential": 2, "clear": 3}


@dataclass
class CheckResult:
    """What one `check` produced: the target as typed and an Analysis per document read."""

    target: str
    analyses: list[Analysis] = field(default_factory=list)
    profiles: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # documents of a domain that could not be read

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "target": self.target,
            "analyses": [a.to_dict() for a in self.analyses],
        }


def _declaration_lookup(declarations_path: str | None):
    if not declarations_path:
        return lambda url: None
    from .declarations import declaration_for, load_declarations

    declarations = load_declarations(Path(declarations_path))
    return lambda url: declaration_for(url, declarations) if url else None


def check_target(
    target: str,
    *,
    terms: tuple = (),
    lang: str = "auto",
    allow_private: bool = False,
    respect_robots: bool = True,
    accept_language: str | None = None,
    declarations: str | None = None,
    timeout: float = 30.0,
    render: str = "auto",
    render_timeout: float | None = None,
    fast: bool = False,
) -> CheckResult:
    """Analyse `target` (URL, domain, file path or "-") against the asserted `terms`.

    `render` (auto, never, always) says when a web page is rendered in headless Chromium,
    each render within `render_timeout` seconds; one browser serves every page of the check.
    `fast` runs the linear models only (no encoder).
    """
    from .assess.profiles import resolve_profiles

    profiles = resolve_profiles(terms)
    parsed = parse_target(target)
    fetcher = renderer = None
    if parsed.online:
        from .fetch import Fetcher
        from .fetching.render import DEFAULT_RENDER_TIMEOUT, Renderer

        fetcher = Fetcher(
            allow_private=allow_private,
            respect_robots=respect_robots,
            accept_language=accept_language,
            read_timeout=timeout,
            remember=True,  # a domain's pages are read by discovery and again by the analysis
        )
        renderer = Renderer(fetcher, mode=render, time_limit=render_timeout or DEFAULT_RENDER_TIMEOUT)
    try:
        return _check(parsed, profiles, lang=lang, allow_private=allow_private, fetcher=fetcher,
                      renderer=renderer, render=render, declaration_for=_declaration_lookup(declarations),
                      models=models_for(fast))
    finally:
        if renderer is not None:
            renderer.close()


def _check(target: Target, profiles: list, *, lang: str, allow_private: bool, fetcher, renderer,
           render: str, declaration_for, models: tuple[str, ...]) -> CheckResult:
    result = CheckResult(target=target.given, profiles=profiles)
    target = resolve_domain(target, fetcher=fetcher, allow_private=allow_private)  # a domain: its terms and privacy pages
    result.warnings.extend(target.warnings)
    targets = target.sources
    failures: list[ContractlensError] = []
    for item in targets:
        try:
            analysis = analyze(
                item,
                lang=lang,
                terms=profiles,
                allow_private=allow_private,
                fetcher=fetcher,
                declaration=declaration_for(item if target.online else None),
                render=render,
                renderer=renderer,
                models=models,
            )
        except ContractlensError as exc:
            if len(targets) == 1:
                raise
            failures.append(exc)
            result.warnings.append(f"skipped {item}: {exc}")
            continue
        result.analyses.append(analysis)
    if not result.analyses:
        raise failures[0]
    return result


def exit_status(result: CheckResult, fail_on: str) -> int:
    """0 when nothing reaches `fail_on`; 1 when an unfair clause or a violated term does."""
    threshold = FAIL_ON_LEVEL[fail_on]
    if threshold is None:
        return 0
    for analysis in result.analyses:
        if any((f.level or 0) >= threshold for f in analysis.findings_of("unfair")):
            return 1
        if any(v.verdict == "violated" for v in analysis.verdicts):
            return 1
    return 0
