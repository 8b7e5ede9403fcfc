"""The cluster engine: the same tasks as the local pool, run on Dask distributed workers.

Tasks carry the document's bytes (files are read on the client), so workers need no shared
filesystem, only the same contractlens install and model files. Workers return
`Analysis.to_dict()`; only the client writes to SQLite. Without `--scheduler` a
LocalCluster with `workers` single-threaded processes is started for the scan.
"""

from __future__ import annotations

import logging
from typing import Iterator

from ..errors import InputError
from .worker import ScanSettings, analyze_task, error_result, warm_up


def _check_reachable(address: str) -> None:
    """Fail in a second, not after Dask's retries, when nothing listens at a tcp:// address."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else "tcp://" + address)
    if parts.scheme != "tcp" or not parts.hostname:
        return
    with socket.create_connection((parts.hostname, parts.port or 8786), timeout=5):
        pass


# Loggers through which Dask and its event loop report their own teardown after a scan is stopped
# (a `sync` callback whose caller was interrupted): the scan says in one line why it stopped.
TEARDOWN_LOGGERS = ("distributed", "tornado", "tornado.application", "asyncio")


def _quiet_teardown() -> None:
    for name in TEARDOWN_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


class DaskEngine:
    def __init__(self, settings: ScanSettings, *, workers: int = 2, scheduler: str | None = None,
                 max_in_flight: int | None = None):
        self.settings = settings
        self.workers = workers
        self.scheduler = scheduler
        self.max_in_flight = max_in_flight
        self.client = self.cluster = None

    def __enter__(self):
        from distributed import Client, LocalCluster

        try:
            if self.scheduler:
                _check_reachable(self.scheduler)
                self.client = Client(self.scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            self.__exit__(None, None, None)
            raise InputError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
        self.client.run(warm_up, self.settings)  # load the models on every worker up front
        if self.max_in_flight is None:
            threads = sum(self.client.nthreads().values()) or self.workers
            self.max_in_flight = 2 * threads
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:  # stopped (Ctrl-C, SIGTERM) or failed: no Dask tracebacks on the way out
            _quiet_teardown()
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        return False

    def run(self, tasks: Iterator[dict]) -> Iterator[dict]:
        from distributed import as_completed

        pending = as_completed()
        submitted: dict = {}

        def submit_next() -> bool:
            task = next(tasks, None)
            if task is None:
                return False
            future = self.client.submit(analyze_task, task, self.settings, pure=False)
            submitted[future.key] = task
            pending.add(future)
            return True

        for _ in range(self.max_in_flight):
            if not submit_next():
                break
        for future in pending:
            task = submitted.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker or a task that failed to run
                result = error_result(task, "worker", type(exc).__name__, str(exc))
            future.release()
            yield result
            submit_next()
