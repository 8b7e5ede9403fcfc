"""Extraction speed: seconds to extract a ~7,000-word HTML terms page (median of several runs).

The page is the test fixture's numbered sections repeated until the text reaches ~7,000 words,
wrapped in the fixture's navigation, cookie banner, sidebar and footer.

    python benchmarks/bench_extract.py [--runs 15] [--words 7000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from contractlens.extract import extract
from contractlens.language import detect_language
from contractlens.types import RawContent

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "extract" / "terms.html"


def _words(page: str) -> int:
    return len(extract(RawContent("page.html", page.encode(), "text/html")).text.split())


def build_page(target_words: int) -> bytes:
    """The fixture with its sections repeated until the extracted text has ~target_words words."""
    page = FIXTURE.read_text(encoding="utf-8")
    sections = page[page.index("<h2") : page.index("</main>")]
    base = _words(page)
    per_copy = _words(page.replace(sections, sections * 2)) - base
    copies = 1 + max(0, round((target_words - base) / per_copy))
    return page.replace(sections, sections * copies).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--words", type=int, default=7000)
    args = parser.parse_args()
    raw = RawContent("bench.html", build_page(args.words), "text/html")
    document = extract(raw)  # warm-up (imports, regex compilation)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        extract(raw)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(args.runs):
        detect_language(document.text)
    language_seconds = (time.perf_counter() - start) / args.runs
    print(f"page: {len(raw.data) / 1024:.0f} KiB HTML, {len(document.text.split())} words, {len(document.blocks)} blocks")
    print(f"extract: median {statistics.median(times):.4f} s, min {min(times):.4f} s over {args.runs} runs")
    print(f"detect_language: {language_seconds:.4f} s")


if __name__ == "__main__":
    main()
