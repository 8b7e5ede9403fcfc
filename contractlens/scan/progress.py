"""Scan progress: a rich bar on a terminal, plain periodic lines in logs and CI.

Both show the same figures (done/total, documents per second, errors, ETA), so a scan
running under nohup or in CI is as legible as one watched live.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


class ScanProgress:
    """Counts outcomes and reports them; use as a context manager around a scan."""

    def __init__(self, total: int | None = None, *, stream: TextIO | None = None,
                 tty: bool | None = None, interval: float = 10.0, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.total = total
        self.tty = self.stream.isatty() if tty is None else tty
        self.interval = interval
        self.enabled = enabled
        self.done = self.scanned = self.skipped = self.errors = 0
        self._start = time.monotonic()
        self._last_line = self._start
        self._bar = self._task = None

    # -- figures -------------------------------------------------------------------------
    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._start

    @property
    def rate(self) -> float:
        """Documents analysed (not skipped) per second."""
        return self.scanned / self.elapsed if self.elapsed > 0 else 0.0

    def eta(self) -> float | None:
        if not self.total or self.done == 0:
            return None
        return self.elapsed / self.done * max(self.total - self.done, 0)

    def line(self, finished: bool = False) -> str:
        total = f"/{self.total}" if self.total else ""
        counts = (
            f"{self.done}{total} inputs; {self.scanned} analysed, {self.skipped} unchanged, "
            f"{self.errors} errors; {self.rate:.1f} docs/s"
        )
        if finished:
            return f"scan finished: {counts} in {self.elapsed:.1f} s"
        return f"scan: {counts}; ETA {_eta(self.eta())}"

    # -- reporting -----------------------------------------------------------------------
    def __enter__(self):
        if self.enabled and self.tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("[bold]scan"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("[red]{task.fields[errors]} errors"),
                TextColumn("ETA"), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=False,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("scan", total=self.total, rate=0.0, errors=0)
        return self

    def advance(self, outcome: str) -> None:
        """Count one finished input: outcome is "scanned", "skipped" or "error"."""
        self.done += 1
        counter = outcome if outcome in ("scanned", "skipped") else "errors"
        setattr(self, counter, getattr(self, counter) + 1)
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, rate=self.rate, errors=self.errors)
        elif time.monotonic() - self._last_line >= self.interval:
            self._last_line = time.monotonic()
            print(self.line(), file=self.stream, flush=True)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        if self.enabled:
            print(self.line(finished=True), file=self.stream, flush=True)
        return False
