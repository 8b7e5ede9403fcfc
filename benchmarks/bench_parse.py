"""What one parse per page saves, and why the shared tree is lxml's: prints the figures.

Over the Open Terms Archive HTML snapshots that come with a declaration (real pages, full DOM),
for each page:
(a) the cost of building the tree alone: BeautifulSoup (its lxml builder, as declarations and
    discovery used it) against lxml (`page.parse_html`), and of reading every text node of it;
(b) everything contractlens reads from a fetched page: the fetch diagnosis, discovery's links
    and cookie-wall check, and the declared extraction, once with this tree and, with
    --before-tree, once with another checkout (e.g. the commit before the shared `Page`), each in
    its own process with PYTHONPATH pointing at that tree. The old tree parses the page up to four
    times (lxml twice, BeautifulSoup twice or three times); this one once.

Run: python benchmarks/bench_parse.py [--before-tree ../base] [--repeat 3] [--n 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Run inside a tree's own process: its contractlens reads each page the way its flow does.
READ_PAGES = r"""
import json, sys, time
from pathlib import Path
from contractlens.declarations import parse_declaration
from contractlens.discover import cookie_wall_note, page_links
from contractlens.extraction.html import html_blocks
from contractlens.fetching.diagnose import diagnose
try:
    from contractlens.page import Page  # the shared parse
except ImportError:
    Page = None
cases, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
times = []
for case in cases:
    html = Path(case["file"]).read_text(errors="replace")
    service = parse_declaration({"name": "s", "terms": {case["type"]: case["spec"]}})
    declaration = service.documents[case["type"]].as_extract_declaration()
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        page = Page(html) if Page else html
        diagnose(page, 200, case["url"])
        page_links(page, case["url"])
        cookie_wall_note(page)
        try:
            html_blocks(page, declaration)
        except Exception:
            pass  # a snapshot older than its declaration's layout: the cost up to the refusal counts
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    times.append(best)
print(json.dumps(times))
"""

PARSE_ONLY = r"""
import json, sys, time
from pathlib import Path
from bs4 import BeautifulSoup
from contractlens.page import parse_html, strings
cases, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
rows = []
for case in cases:
    html = Path(case["file"]).read_text(errors="replace")
    row = {}
    for name, build, read in (("bs4", lambda: BeautifulSoup(html, "lxml"), lambda t: t.get_text(" ", strip=True)),
                              ("lxml", lambda: parse_html(html), lambda t: " ".join(strings(t)))):
        parse = walk = None
        for _ in range(repeat):
            start = time.perf_counter()
            tree = build()
            middle = time.perf_counter()
            read(tree)
            end = time.perf_counter()
            parse = min(parse or 1e9, middle - start)
            walk = min(walk or 1e9, end - middle)
        row[name] = (parse, walk)
    rows.append(row)
print(json.dumps(rows))
"""


def declared_snapshots(corpus: Path, n: int) -> list[dict]:
    """The HTML snapshots of OTA that have a declaration, as {file, type, spec, url}."""
    cases = []
    for line in (corpus / "snapshots_index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        folder = corpus / row["dir"]
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        spec = meta.get("declaration_for_this_terms")
        if not spec or not spec.get("fetch"):
            continue
        for snapshot in meta["snapshots"]:
            if snapshot.get("mime") == "text/html":
                cases.append({"file": str(folder / snapshot["file"]), "type": row["terms_type"], "spec": spec,
                              "url": spec["fetch"]})
    return cases[:n]


def run(tree: Path, snippet: str, cases: list[dict], repeat: int):
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", snippet, json.dumps(cases), str(repeat)], env=env, cwd=tree,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-tree", type=Path, help="another checkout of contractlens to compare with")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page; the fastest counts (default 3)")
    parser.add_argument("--n", type=int, default=1000, help="at most this many pages")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from contractlens.training.corpora import corpus_dir

    corpus = corpus_dir("ota")
    if corpus is None or not (corpus / "snapshots_index.jsonl").exists():
        print("the Open Terms Archive corpus (snapshots) is not available; nothing to measure", file=sys.stderr)
        return 2
    cases = declared_snapshots(corpus, args.n)
    mb = sum(Path(c["file"]).stat().st_size for c in cases) / 1e6
    print(f"{len(cases)} declared OTA HTML snapshots, {mb:.1f} MB, fastest of {args.repeat} runs per page")

    try:
        import bs4  # noqa: F401 - only this comparison needs it (pip install beautifulsoup4)
        rows = run(ROOT, PARSE_ONLY, cases, args.repeat)
    except ImportError:
        rows = []
        print("(a) skipped: BeautifulSoup is not installed (pip install beautifulsoup4)")
    for name in ("bs4", "lxml") if rows else ():
        parse = sum(r[name][0] for r in rows)
        walk = sum(r[name][1] for r in rows)
        print(f"(a) {name:>4}: build the tree {parse * 1000:7.0f} ms, read its text {walk * 1000:6.0f} ms "
              f"(median page {statistics.median(r[name][0] for r in rows) * 1000:.1f} ms to build)")
    if rows:
        ratio = sum(r["bs4"][0] + r["bs4"][1] for r in rows) / sum(r["lxml"][0] + r["lxml"][1] for r in rows)
        print(f"    BeautifulSoup costs {ratio:.1f}x lxml to build and read the same pages")

    trees = [("this tree", ROOT)] + ([("before", args.before_tree.resolve())] if args.before_tree else [])
    totals = {}
    for label, tree in trees:
        times = run(tree, READ_PAGES, cases, args.repeat)
        totals[label] = sum(times)
        print(f"(b) {label:>9}: diagnosis + links + cookie-wall check + declared extraction "
              f"{sum(times) * 1000:7.0f} ms in all, median page {statistics.median(times) * 1000:.1f} ms ({tree})")
    if len(totals) == 2:
        print(f"    this tree takes {totals['this tree'] / totals['before']:.2f}x the time of the other")
    return 0


if __name__ == "__main__":
    sys.exit(main())
