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
from ..pipeline import DEFAULT_MODELS


@dataclass(frozen=True)
class ScanSettings:
    """What every document of a scan is analysed with (identical across workers)."""

    terms: tuple[str, ...] = ()
    models: tuple[str, ...] = DEFAULT_MODELS
    allow_private: bool = False
    lang: str = "auto"


def warm_up(settings: ScanSettings) -> None:
    """Import the pipeline and load the models once per worker, before the first task."""
    from ..classify.registry import get_model

    for name in settings.models:
        try:
            get_model(name)
        except Exception:  # noqa: BLE001 - each document will then record the error itself
            pass


def pool_worker_init(settings: ScanSettings) -> None:
    """Pool initializer: leave Ctrl-C to the scanner (which stops the pool), then warm up."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up(settings)


@lru_cache(maxsize=2)
def _fetcher(allow_private: bool):
    from ..fetch import Fetcher

    return Fetcher(allow_private=allow_private)


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

    try:
        return acquire(task["source"], allow_private=settings.allow_private, fetcher=_fetcher(settings.allow_private))
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
