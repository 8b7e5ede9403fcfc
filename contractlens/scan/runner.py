"""Run a scan: stream inputs, skip what is already done, analyse the rest, store each result.

The main process reads and hashes files (so resume can skip them before any analysis),
hands tasks to an engine with a bounded number in flight, and writes every result to
SQLite in its own transaction. Engines: in-process (1 worker), a process pool with models
loaded once per worker, or Dask (see dask_engine.py). All three yield the same results.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import sqlite3
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from ..version import __version__
from ..acquire import content_hash, read_file
from ..errors import ContractlensError, InputError, ModelError
from ..types import SCHEMA_VERSION, Analysis
from . import db
from .inputs import ScanInput, check_inputs, count_inputs, iter_inputs
from .lifeline import Lifeline, sigterm_as_interrupt
from .progress import ScanProgress
from .worker import ScanSettings, analyze_task, close_renderers, error_result, pool_worker_init, warm_up

ENGINES = ("local", "dask")
CRASH_MESSAGE = "the worker process died while analysing this document (crash or out of memory)"


@dataclass
class ScanSummary:
    """What one scan did; `errors` counts inputs whose stored outcome is an error."""

    run_id: int
    seen: int = 0
    scanned: int = 0
    skipped: int = 0
    errors: int = 0
    rendered: int = 0  # of `scanned`, documents read from a page rendered in headless Chromium
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


# --- what a result depends on ---------------------------------------------------------


def _model_manifest_digest(name: str) -> str:
    from ..classify.registry import default_model_dir

    manifest = default_model_dir(name) / "manifest.json"
    return hashlib.sha256(manifest.read_bytes()).hexdigest() if manifest.is_file() else "missing"


def check_models(models: Iterable[str]) -> None:
    """Refuse to start a scan whose models are not there (rather than fail every document)."""
    from ..classify.registry import default_model_dir

    for name in models:
        if not (default_model_dir(name) / "manifest.json").is_file():
            raise ModelError(f"model {name!r} is not installed (no {default_model_dir(name)}/manifest.json)")


def config_key(settings: ScanSettings, declarations: Iterable = ()) -> str:
    """A digest of everything besides the bytes that decides a result: code, model files, terms.

    Resume skips an input only when its content hash and this key both match the stored row.
    """
    terms = [
        "file:" + hashlib.sha256(Path(t).read_bytes()).hexdigest() if os.path.isfile(t) else t
        for t in settings.terms
    ]
    config = {
        "contractlens": __version__,
        "analysis_schema": SCHEMA_VERSION,  # what an Analysis holds (1.1: coverage): older rows are redone
        "models": {name: _model_manifest_digest(name) for name in settings.models},
        "terms": terms,
        "lang": settings.lang,
        "declarations": [dataclasses.asdict(d) for d in declarations],
    }
    if settings.render != "auto":  # the default leaves the keys of earlier scans valid
        config["render"] = settings.render
    return hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()[:16]


# --- engines --------------------------------------------------------------------------


class InProcessEngine:
    """One worker: analyse in the scanning process itself (no pickling, easiest to debug)."""

    def __init__(self, settings: ScanSettings):
        self.settings = settings

    def __enter__(self):
        warm_up(self.settings)
        return self

    def __exit__(self, *exc):
        close_renderers()
        return False

    def run(self, tasks: Iterator[dict]) -> Iterator[dict]:
        for task in tasks:
            yield analyze_task(task, self.settings)


# Workers are replaced (forked afresh from the fork server, ~0.1 s) after this many documents
# each: the pages they share with the server get copied as they touch the models, and their
# caches fill, so a long scan would otherwise see each worker grow by ~100 MB over 1,000
# documents. The pool is replaced whole, between documents, rather than through
# ProcessPoolExecutor's max_tasks_per_child, whose worker replacement can deadlock or crash the
# executor's manager thread on Python 3.11-3.14 (CPython gh-115634, gh-119592): a scan then hung.
TASKS_PER_WORKER = 150


class PoolEngine:
    """A process pool; each worker loads the models once (initializer) and serves many tasks.

    At most `2 × workers` tasks are in flight. If a worker dies (segfault, OOM kill), the
    tasks that were in flight are re-run one at a time, so only the culprit becomes an error.
    The fork server and the workers end with the scanning process (lifeline.py); a scan that
    stops early (Ctrl-C, SIGTERM, an error) cuts the lifeline, abandoning the documents in flight.
    """

    def __init__(self, settings: ScanSettings, workers: int):
        self.settings = settings
        self.workers = workers
        self.max_in_flight = 2 * workers
        self.pool: ProcessPoolExecutor | None = None
        self.lifeline: Lifeline | None = None
        self.submitted = 0  # tasks given to the current pool

    def _start(self):
        import multiprocessing
        from multiprocessing import forkserver

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["contractlens.scan.preload"])
        forkserver.ensure_running()  # from this thread: the server's parent-death signal is tied to it
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context,
            initializer=pool_worker_init, initargs=(self.settings, self.lifeline.reader),
        )
        self.submitted = 0

    def _worn_out(self) -> bool:
        return self.submitted >= TASKS_PER_WORKER * self.workers

    def _replace_pool(self):
        """A fresh pool once the current one has no task in flight."""
        self.pool.shutdown(wait=True)
        self._start()

    def __enter__(self):
        self.lifeline = Lifeline()
        self._start()
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:
            self.lifeline.cut()  # stop the workers now rather than after their current document
        if self.pool is not None:
            self.pool.shutdown(wait=exc_type is None, cancel_futures=True)
        if exc_type is None:
            self.lifeline.cut()
        return False

    def _submit(self, task: dict):
        self.submitted += 1
        try:
            return self.pool.submit(analyze_task, task, self.settings)
        except BrokenProcessPool:  # a worker died since the last wait: start afresh
            self.pool.shutdown(wait=False, cancel_futures=True)
            self._start()
            return self.pool.submit(analyze_task, task, self.settings)

    def run(self, tasks: Iterator[dict]) -> Iterator[dict]:
        in_flight: dict = {}
        suspects: deque[dict] = deque()  # tasks caught in a crash, to re-run one at a time
        exhausted = False
        while True:
            limit = 1 if suspects else self.max_in_flight
            while len(in_flight) < limit and not self._worn_out():
                task = suspects.popleft() if suspects else (None if exhausted else next(tasks, None))
                if task is None:
                    exhausted = True
                    break
                in_flight[self._submit(task)] = task
            if not in_flight:
                if exhausted and not suspects:
                    return
                self._replace_pool()  # every worker has served its share of documents
                continue
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            crashed = []
            for future in done:
                task = in_flight.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    crashed.append(task)
                except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                    yield error_result(task, "worker", type(exc).__name__, str(exc))
            if crashed:
                crashed += list(in_flight.values())
                in_flight.clear()
                self.pool.shutdown(wait=False, cancel_futures=True)
                self._start()
                if len(crashed) == 1:
                    yield error_result(crashed[0], "worker", "WorkerCrashed", CRASH_MESSAGE)
                else:
                    suspects.extend(crashed)


def make_engine(engine: str, settings: ScanSettings, workers: int, scheduler: str | None):
    if engine == "dask":
        try:
            importlib.import_module("distributed")  # an extra: pip install "contractlens[cluster]"
        except ImportError:
            raise InputError('--engine dask needs Dask: pip install "contractlens[cluster]"') from None
        from .dask_engine import DaskEngine

        return DaskEngine(settings, workers=workers, scheduler=scheduler)
    if engine != "local":
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if scheduler:
        raise InputError("--scheduler only applies to --engine dask")
    return InProcessEngine(settings) if workers <= 1 else PoolEngine(settings, workers)


# --- the scan -------------------------------------------------------------------------


class _Scan:
    """Main-process side of a scan: turns inputs into tasks and results into rows."""

    def __init__(self, conn, *, key: str, run_id: int, resume: bool, declarations: list, progress: ScanProgress):
        self.conn, self.key, self.run_id, self.resume = conn, key, run_id, resume
        self.declarations, self.progress = declarations, progress
        self.summary = ScanSummary(run_id=run_id)

    def _count(self, outcome: str) -> None:
        self.summary.seen += 1
        setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)
        self.progress.advance(outcome)

    def _declaration(self, item: ScanInput):
        if not self.declarations:
            return None
        from ..declarations import declaration_for

        return declaration_for(item.source, self.declarations)

    def tasks(self, inputs: Iterable[ScanInput]) -> Iterator[dict]:
        """Tasks for the inputs that need analysis; skips and read errors are settled here."""
        for item in inputs:
            prior = db.prior_result(self.conn, item.source) if self.resume else None
            task = {"source": item.source, "kind": item.kind, "service": item.service, "raw": None,
                    "content_hash": None, "known_hash": None, "declaration": self._declaration(item)}
            if item.kind == "file":
                try:
                    task["raw"] = read_file(item.source)
                except ContractlensError as exc:
                    self.store(error_result(task, "acquire", type(exc).__name__, str(exc)))
                    continue
                task["content_hash"] = content_hash(task["raw"].data)
                if prior and prior.content_hash == task["content_hash"] and prior.config_key == self.key:
                    self._count("errors" if prior.table == "errors" else "skipped")
                    continue
            elif prior and prior.table == "documents" and prior.config_key == self.key:
                task["known_hash"] = prior.content_hash  # a URL is skipped once fetched and found unchanged
            yield task

    def store(self, result: dict) -> None:
        """Write one result in one transaction; a result that cannot be stored becomes an error row."""
        common = {"source": result["source"], "service": result["service"], "config_key": self.key,
                  "run_id": self.run_id}
        if result["status"] == "unchanged":
            self._count("skipped")
            return
        if result["status"] == "ok":
            try:
                analysis = Analysis.from_dict(result["analysis"])
                db.write_analysis(self.conn, analysis, content_hash=result["content_hash"], **common)
                self.summary.rendered += analysis.document.rendered
                self._count("scanned")
                return
            except Exception as exc:  # noqa: BLE001 - a malformed analysis is that document's error
                result = error_result(result, "store", type(exc).__name__, str(exc), result["content_hash"])
        db.write_error(self.conn, stage=result["stage"], error_type=result["error_type"],
                       message=result["message"], content_hash=result.get("content_hash"), **common)
        self._count("errors")


def run_scan(
    paths: Iterable[str],
    db_path: str | Path,
    *,
    urls_file: str | None = None,
    settings: ScanSettings = ScanSettings(),
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    resume: bool = True,
    declarations: str | None = None,
    progress: ScanProgress | None = None,
) -> ScanSummary:
    """Scan files, directories and URLs into the SQLite database at `db_path`."""
    paths = list(paths)
    if workers < 1:
        raise InputError("--workers must be at least 1")
    check_inputs(paths, urls_file)
    runner = make_engine(engine, settings, workers, scheduler)
    check_models(settings.models)
    if settings.terms:
        from ..assess.profiles import resolve_profiles

        resolve_profiles(settings.terms)  # an unknown profile is a usage error, not N document errors
    loaded = []
    if declarations:
        from ..declarations import load_declarations

        loaded = load_declarations(declarations)
    key = config_key(settings, loaded)
    conn = db.connect(db_path)
    run_id = db.start_run(conn, engine=engine, workers=workers, config_key=key, settings={
        "terms": list(settings.terms), "models": list(settings.models), "resume": resume,
        "inputs": paths, "urls_file": urls_file, "scheduler": scheduler, "declarations": declarations,
        "render": settings.render,
    })
    progress = progress or ScanProgress(count_inputs(paths, urls_file))
    scan = _Scan(conn, key=key, run_id=run_id, resume=resume, declarations=loaded, progress=progress)
    status = "interrupted"
    try:
        with sigterm_as_interrupt(), progress, runner:
            for result in runner.run(scan.tasks(iter_inputs(paths, urls_file))):
                scan.store(result)
        status = "finished"
    except sqlite3.Error as exc:  # disk full, database locked for too long, file removed
        status = "failed"
        raise InputError(f"cannot write to the scan database {db_path}: {exc}") from None
    finally:
        summary = scan.summary
        summary.seconds = round(progress.elapsed, 3)
        try:
            if conn.in_transaction:  # stopped between BEGIN and its try: abandon that document
                conn.execute("ROLLBACK")
            db.finish_run(conn, run_id, seen=summary.seen, scanned=summary.scanned, skipped=summary.skipped,
                          errors=summary.errors, status=status, rendered=summary.rendered)
        except sqlite3.Error:
            pass  # the run row stays "running"; every document row is already committed
        conn.close()
    return summary
