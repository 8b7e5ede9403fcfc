"""Batch-scan throughput and memory: local engine with 1 and 2 workers, and Dask.

    python benchmarks/bench_scan.py                 # 200 OTA documents, all engines
    python benchmarks/bench_scan.py --n 50 --engines local1,dask --json

Documents are a fixed random sample (seed 0) of ../shared/corpora/ota/versions/*/*.md,
scanned from local files into a fresh SQLite file per engine, each engine in a fresh process.
Prints documents per second over the whole run (engine start-up included), the seconds until
the first document is stored, the steady rate after it (what a scan of thousands of documents
runs at), the peak memory of the whole process tree (scanner + workers; RSS sampled every 0.5 s, PSS every 2 s and at each new RSS peak)
as RSS (shared pages counted in every process) and PSS (shared pages divided among their
processes), and the CPU seconds of the scanner and of its worker processes.
Quality bar (issue 6): >= 10 docs/s on 2 cores, <= 600 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ENGINES = {"local1": ("local", 1), "local2": ("local", 2), "dask": ("dask", 2)}


class PeakTreeMemory:
    """Samples the memory of this process and all its descendants in a background thread.

    RSS is cheap to read (/proc/PID/statm) and is sampled every `interval` (0.5 s); PSS needs the
    kernel to walk every page table (/proc/PID/smaps_rollup), which for five processes of
    several hundred MB costs enough CPU to slow the scan being measured, so it is sampled
    every `pss_every` samples and whenever the RSS total reaches a new peak.
    """

    def __init__(self, interval: float = 0.5, pss_every: int = 4):
        import psutil

        self.root = psutil.Process()
        self.interval, self.pss_every = interval, pss_every
        self.peak = 0  # sum of RSS: counts pages shared by forked workers once per process
        self.peak_pss = 0  # sum of PSS: shared pages split between the processes sharing them
        self.child_cpu: dict[int, float] = {}  # last CPU seconds seen per descendant process
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _processes(self):
        return [self.root, *self.root.children(recursive=True)]

    def _record(self, force_pss: bool = False):
        processes, rss = self._processes(), 0
        for proc in processes:
            try:
                rss += proc.memory_info().rss
                if proc.pid != self.root.pid:
                    times = proc.cpu_times()
                    self.child_cpu[proc.pid] = times.user + times.system
            except Exception:  # noqa: BLE001 - a worker may exit between listing and reading
                pass
        self.samples += 1
        if force_pss or rss > self.peak or self.samples % self.pss_every == 0:
            pss = 0
            for proc in processes:
                try:
                    pss += getattr(proc.memory_full_info(), "pss", 0)
                except Exception:  # noqa: BLE001
                    pass
            self.peak_pss = max(self.peak_pss, pss)
        self.peak = max(self.peak, rss)

    def _run(self):
        while not self._stop.is_set():
            self._record()
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._record(force_pss=True)


def sample_documents(corpus: Path, n: int) -> list[str]:
    files = sorted(str(p) for p in corpus.glob("*/*.md"))
    if not files:
        sys.exit(f"no documents under {corpus}")
    return sorted(random.Random(0).sample(files, min(n, len(files))))


def bench(engine_name: str, files: list[str], fast: bool = False) -> dict:
    from contractlens.scan.progress import ScanProgress
    from contractlens.scan.runner import run_scan

    class TimedProgress(ScanProgress):
        """Silent progress that remembers when each document finished (start-up vs steady rate)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.finished_at: list[float] = []

        def advance(self, outcome: str) -> None:
            super().advance(outcome)
            self.finished_at.append(time.perf_counter())

    import resource

    engine, workers = ENGINES[engine_name]
    with tempfile.TemporaryDirectory() as tmp, PeakTreeMemory() as memory:
        start = time.perf_counter()
        settings = {}
        if fast:  # the linear models only, as `scan --fast`
            from contractlens.pipeline import FAST_MODELS
            from contractlens.scan.worker import ScanSettings

            settings = {"settings": ScanSettings(models=FAST_MODELS)}
        summary = run_scan(files, Path(tmp) / "bench.sqlite", engine=engine, workers=workers,
                           progress=(progress := TimedProgress(enabled=False)), **settings)
        seconds = time.perf_counter() - start
    done = progress.finished_at
    # steady rate: documents after the first one per second after it (model loading, warm-up and
    # the workers' start excluded); what a scan of thousands of documents runs at
    steady = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 1 and done[-1] > done[0] else 0.0
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "engine": engine_name, "documents": summary.scanned, "errors": summary.errors,
        "seconds": round(seconds, 2), "docs_per_s": round(summary.scanned / seconds, 2),
        "first_result_s": round(done[0] - start, 2) if done else None, "steady_docs_per_s": round(steady, 2),
        "peak_rss_mb": round(memory.peak / 2**20), "peak_pss_mb": round(memory.peak_pss / 2**20),
        # CPU seconds of the scanning process itself (threads included) and of all its descendant
        # processes (workers, fork server, Dask), as last sampled: shows which side limits throughput
        "scanner_cpu_s": round(own.ru_utime + own.ru_stime, 1),
        "workers_cpu_s": round(sum(memory.child_cpu.values()), 1),
    }


def run_isolated(engine: str, args) -> dict:
    """Each engine in a fresh process, so one engine's loaded models never inflate another's memory."""
    import subprocess

    command = [sys.executable, __file__, "--one", engine, "--n", str(args.n)] + (["--fast"] if args.fast else [])
    if args.corpus:
        command += ["--corpus", str(args.corpus)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None) -> int:
    from contractlens.training.corpora import corpus_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="documents to scan (default 200)")
    parser.add_argument("--engines", default="local1,local2,dask", help="comma-separated: " + ",".join(ENGINES))
    parser.add_argument("--corpus", type=Path, help="directory of <service>/<type>.md (default: OTA versions)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per engine")
    parser.add_argument("--fast", action="store_true", help="scan with the linear models only (scan --fast)")
    parser.add_argument("--one", choices=sorted(ENGINES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus = args.corpus or ((corpus_dir("ota") or Path("ota")) / "versions")
    files = sample_documents(corpus, args.n)
    if args.one:  # child process: measure one engine from a cold start
        print(json.dumps(bench(args.one, files, fast=args.fast)))
        return 0
    words = sum(len(Path(f).read_text(encoding="utf-8", errors="replace").split()) for f in files)
    if not args.json:
        print(f"{len(files)} documents, mean {words / len(files):,.0f} words, from {corpus}")
        print(f"{'engine':<8} {'docs':>5} {'errors':>6} {'seconds':>8} {'docs/s':>7} {'1st doc s':>9} {'steady docs/s':>13}"
              f" {'RSS MB':>7} {'PSS MB':>7} {'scanner CPU s':>13} {'workers CPU s':>13}")
    for name in args.engines.split(","):
        row = run_isolated(name.strip(), args)
        if args.json:
            print(json.dumps(row))
        else:
            print(f"{row['engine']:<8} {row['documents']:>5} {row['errors']:>6} {row['seconds']:>8} "
                  f"{row['docs_per_s']:>7} {row['first_result_s']:>9} {row['steady_docs_per_s']:>13}"
                  f" {row['peak_rss_mb']:>7} {row['peak_pss_mb']:>7}"
                  f" {row['scanner_cpu_s']:>13} {row['workers_cpu_s']:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
