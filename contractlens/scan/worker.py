"""The work done for one input in a worker process (local pool or Dask), as plain data.

A task goes in as a dict (source, bytes already read for files, what resume knows) and a
result comes back as a dict: the Analysis as `to_dict()`, or an error with the stage that
raised it. Nothing here raises: a bad document, or a bug triggered by one, is a result.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from functools import lru_cache

from ..acquire import content_hash
from ..errors import ContractlensError
from ..fetching.render import DEFAULT_RENDER_TIMEOUT, render_mode
from ..pipeline import DEFAULT_MODELS


@dataclass(frozen=True)
class ScanSettings:
    """What every document of a scan is analysed with (identical across workers)."""

    terms: tuple[str, ...] = ()
    models: tuple[str, ...] = DEFAULT_MODELS
    allow_private: bool = False
    lang: str = "auto"
    render: str = "auto"  # auto | never | always: when a web page is rendered in headless Chromium
    render_timeout: float = DEFAULT_RENDER_TIMEOUT


# A short made-up policy: analysing it once builds everything the models build lazily
# (per-language vectorizers, dense coefficients, the spaCy pipeline, compiled rules).
WARM_UP_TEXT = """Terms of Service

1. Your account. We may suspend or terminate your account at any time without notice.
2. Changes. We may change these terms at any time; continued use means you accept them.
3. Liability. We are not liable for any loss of data, profits or goodwill.
4. Disputes. Any dispute will be resolved by binding arbitration, and you waive class actions.

Privacy
We collect your email address, payment information and precise location to provide the service.
We share personal information with advertising partners for targeted ads, and we keep it for 30 days.
You have the right to access and delete your personal data. We do not sell your personal information.
"""

_warmed: set[tuple[str, ...]] = set()


def warm_up(settings: ScanSettings, *, freeze: bool = False) -> None:
    """Load the models and run the pipeline once on a short document, before the first task.

    Done in the fork server (`preload`), the structures built here are shared copy-on-write
    by every worker instead of being rebuilt, privately, in each. `freeze` moves them out of
    the garbage collector's sight, so its scans do not dirty (and so copy) the shared pages.
    """
    from ..classify.registry import get_model
    from ..pipeline import analyze
    from ..types import RawContent

    loaded = []
    for name in settings.models:
        try:
            get_model(name)
            loaded.append(name)
        except Exception:  # noqa: BLE001 - each document will then record the error itself
            pass
    if tuple(loaded) not in _warmed:
        _warmed.add(tuple(loaded))
        try:
            raw = RawContent("warm-up.txt", WARM_UP_TEXT.encode("utf-8"), media_type="text/plain")
            analyze(raw, lang="en" if settings.lang == "auto" else settings.lang, models=loaded)
        except Exception:  # noqa: BLE001 - a warm-up is an optimisation, never a failure
            pass
    if freeze:
        import gc

        gc.collect()
        gc.freeze()


def pool_worker_init(settings: ScanSettings, lifeline=None) -> None:
    """Pool initializer: end with the scan (see lifeline.py), leave Ctrl-C and SIGTERM to it, warm up."""
    from .lifeline import die_with_parent, ignore_stop_signals, watch

    import os

    from ..classify.encoder import THREADS_ENV

    die_with_parent()  # the parent is the fork server, which itself dies with the scan
    os.environ.setdefault(THREADS_ENV, "1")  # one encoder thread per worker: the workers are the parallelism
    if lifeline is not None:
        watch(lifeline)
    ignore_stop_signals()
    warm_up(settings)


@lru_cache(maxsize=2)
def _fetcher(allow_private: bool):
    from ..fetch import Fetcher

    return Fetcher(allow_private=allow_private)


_renderers: dict = {}


def _renderer(settings: ScanSettings):
    """This process's renderer: one headless Chromium, started on the first page that needs it.

    Each worker process has at most one browser, reused for every page it renders and closed
    when the process ends (a multiprocessing finaliser; the browser also dies with its parent).
    """
    key = (settings.allow_private, settings.render_timeout)
    renderer = _renderers.get(key)
    if renderer is None:
        from multiprocessing import util

        from ..fetching.render import Renderer

        renderer = Renderer(_fetcher(settings.allow_private), mode=settings.render, time_limit=settings.render_timeout)
        _renderers[key] = renderer
        util.Finalize(renderer, renderer.close, exitpriority=10)
    return renderer


def close_renderers() -> None:
    """Close this process's browsers (the in-process engine calls it when a scan ends)."""
    while _renderers:
        _renderers.popitem()[1].close()


def error_result(task: dict, stage: str, error_type: str, message: str, content_hash_: str | None = None) -> dict:
    return {
        "status": "error", "source": task["source"], "service": task["service"], "stage": stage,
        "error_type": error_type, "message": message or error_type, "content_hash": content_hash_,
    }


def _describe_bug(exc: BaseException) -> str:
    """A bug's message plus where it happened, so the errors table is enough to report it."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    return f"{exc}{where}"


def _acquire_url(task: dict, settings: ScanSettings):
    from ..acquire import acquire

    mode = render_mode(settings.render, task.get("declaration"))
    try:
        return acquire(task["source"], allow_private=settings.allow_private, fetcher=_fetcher(settings.allow_private),
                       render=mode, renderer=_renderer(settings) if mode != "never" else None)
    except ContractlensError as exc:
        if getattr(exc, "stage", None) is None:
            exc.stage = "acquire"
        raise


def analyze_task(task: dict, settings: ScanSettings) -> dict:
    """Analyse one input; always returns a result dict ("ok", "unchanged" or "error")."""
    from ..pipeline import analyze

    digest = task.get("content_hash")
    try:
        start = time.perf_counter()
        raw = task.get("raw") or _acquire_url(task, settings)
        fetched = time.perf_counter() - start
        digest = digest or content_hash(raw.data)
        if task.get("known_hash") == digest:
            return {"status": "unchanged", "source": task["source"], "service": task["service"], "content_hash": digest}
        analysis = analyze(
            raw, lang=settings.lang, terms=settings.terms, allow_private=settings.allow_private,
            declaration=task.get("declaration"), models=settings.models,
        )
        if task["kind"] == "url":
            analysis.timings["acquire"] = round(fetched, 6)
            analysis.timings["total"] = round(analysis.timings.get("total", 0.0) + fetched, 6)
        return {
            "status": "ok", "source": task["source"], "service": task["service"], "content_hash": digest,
            "analysis": analysis.to_dict(),
        }
    except ContractlensError as exc:
        return error_result(task, getattr(exc, "stage", None) or "analyze", type(exc).__name__, str(exc), digest)
    except Exception as exc:  # noqa: BLE001 - a bug on one document must not stop the scan
        return error_result(task, getattr(exc, "stage", None) or "analyze", type(exc).__name__, _describe_bug(exc), digest)
