"""The cost of rendering a page in headless Chromium, and the memory of a scan that renders.

    python benchmarks/bench_render.py                      # 20 repeats, scan of 50 pages (10 shells)
    python benchmarks/bench_render.py --repeats 50 --pages 200 --shells 40

Part 1, render against fetch, on one local page (the shipped example terms, served from
127.0.0.1): a plain fetch of the static page; the same page rendered (`--render always`);
its script-shell twin rendered (`--render auto`: the shell, then /content.json for the
browser); and the first render of a process, which starts the browser. Medians in ms.

Part 2, a `scan --render auto` of local pages of which some are script shells, in this
process with the in-process engine (one browser, reused): the memory of the scanner and
of the browser's processes (PSS, summed) after each tenth of the documents, so a leak
shows as a rising row; and the render count the scan recorded.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from contractlens.fetch import Fetcher  # noqa: E402
from contractlens.fetching.render import Renderer  # noqa: E402
from tests.support.script_site import scan_site, terms_site  # noqa: E402


def _median_ms(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1)


def render_against_fetch(repeats: int) -> list[tuple[str, float]]:
    with terms_site() as site:
        fetcher = Fetcher(allow_private=True)
        fetcher.fetch(site.url("/static"))  # robots.txt read, connection open: as in a real run
        rows = [("fetch the static page", _median_ms(lambda: fetcher.fetch(site.url("/static")), repeats))]
        with Renderer(fetcher, mode="always") as renderer:
            start = time.perf_counter()
            renderer.fetch(site.url("/static"))
            first = round((time.perf_counter() - start) * 1000, 1)
            rows.append(("render the static page (--render always)",
                         _median_ms(lambda: renderer.fetch(site.url("/static")), repeats)))
            rows.append(("render its script shell (--render auto)",
                         _median_ms(lambda: renderer.fetch(site.url("/shell"), mode="auto"), repeats)))
        rows.append(("first render of a process (starts Chromium)", first))
    return rows


def _tree_memory_mb() -> tuple[float, float]:
    """(RSS of this process, PSS of its children: the browser and its helpers), in MB.

    PSS divides the pages Chromium's processes share among them, so their sum is what the
    browser really holds (their RSS sum counts the shared libraries once per process).
    """
    import psutil

    me = psutil.Process()
    children = 0
    for child in me.children(recursive=True):
        try:
            children += child.memory_full_info().pss
        except psutil.Error:
            continue
    return me.memory_info().rss / 2**20, children / 2**20


def scan_memory(pages: int, shells: int) -> tuple[list[tuple[int, float, float]], object, float]:
    from contractlens.scan.progress import ScanProgress
    from contractlens.scan.runner import run_scan
    from contractlens.scan.worker import ScanSettings

    samples: list[tuple[int, float, float]] = []
    step = max(pages // 10, 1)

    class SampledProgress(ScanProgress):
        def advance(self, outcome: str) -> None:
            super().advance(outcome)  # counts self.done
            if self.done % step == 0 or self.done == pages:
                samples.append((self.done, *_tree_memory_mb()))

    with scan_site(pages, shells) as site, tempfile.TemporaryDirectory() as tmp:
        urls = Path(tmp) / "urls.txt"
        urls.write_text("\n".join(site.url(f"/terms/{i}") for i in range(pages)) + "\n", encoding="utf-8")
        start = time.perf_counter()
        summary = run_scan([], Path(tmp) / "scan.sqlite", urls_file=str(urls),
                           settings=ScanSettings(allow_private=True, render="auto"),
                           progress=SampledProgress(enabled=False))
        seconds = time.perf_counter() - start
    return samples, summary, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="renders and fetches per measurement (default 20)")
    parser.add_argument("--pages", type=int, default=50, help="pages in the scan (default 50)")
    parser.add_argument("--shells", type=int, default=10, help="of them, script shells (default 10)")
    args = parser.parse_args(argv)

    print(f"Render against fetch, one local page ({args.repeats} repeats, median ms):")
    for name, ms in render_against_fetch(args.repeats):
        print(f"  {name:<46} {ms:>8.1f}")

    samples, summary, seconds = scan_memory(args.pages, args.shells)
    print(f"\nscan --render auto: {args.pages} local pages, {args.shells} script shells: {summary.scanned} stored, "
          f"{summary.rendered} rendered, {summary.errors} errors, {seconds:.1f} s")
    print(f"  {'documents':>9} {'scanner RSS MB':>14} {'browser PSS MB':>14}")
    for done, scanner, browser in samples:
        print(f"  {done:>9} {scanner:>14.0f} {browser:>14.0f}")
    if len(samples) >= 2:  # the first sample already follows a render: the browser is up
        first, last = samples[0], samples[-1]
        print(f"  from document {first[0]} to {last[0]}: scanner {last[1] - first[1]:+.0f} MB, "
              f"browser {last[2] - first[2]:+.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
