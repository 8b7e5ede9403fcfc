"""What the answer check costs, beside the flow it runs in (the previous version had no check).

    python benchmarks/bench_answer_check.py [--n 20] [--repeat 3]

Reads n English OTA documents (every k-th of ../shared/corpora/ota/versions_index.jsonl) into
memory and analyses them as `scan --fast` would without the check (unfair + practices: the
previous version's flow), then times the check alone (`Classifier.keep`) on each document's flag
findings, best of --repeat. Timing the check on its own keeps the figure clear of the noise of a
busy machine, which is larger than the check. Prints ms per document for the flow and for the
check, the check's load time and how many flag findings it removed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contractlens.training.corpora import corpus_dir  # noqa: E402


def documents(n: int) -> list[tuple[str, str]]:
    corpus = corpus_dir("ota")
    if corpus is None:
        sys.exit("bench_answer_check: the OTA corpus is not there (../shared/corpora/ota or $CONTRACTLENS_CORPORA)")
    rows = [json.loads(line) for line in (corpus / "versions_index.jsonl").read_text(encoding="utf-8").splitlines()]
    english = sorted((r for r in rows if r["lang"] == "en"), key=lambda r: r["file"])
    step = max(1, len(english) // n)
    return [(r["file"], (corpus / r["file"]).read_text(encoding="utf-8")) for r in english[::step][:n]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from contractlens.classify.registry import default_model_dir, get_model
    from contractlens.pipeline import analyze_document
    from contractlens.types import Document
    from contractlens.typography import reading_clauses

    docs = documents(args.n)
    check = get_model("answers")
    flow, checking = float("inf"), float("inf")
    for _ in range(args.repeat + 1):  # the first round warms the models and spaCy
        start = time.perf_counter()
        analyses = [analyze_document(Document(source=path, text=text), models=("unfair", "practices")) for path, text in docs]
        flow = min(flow, time.perf_counter() - start)
        read = [(a.findings_of("flag"), reading_clauses(a.clauses)) for a in analyses]
        start = time.perf_counter()
        kept = [check.keep(flags, clauses) for flags, clauses in read]
        checking = min(checking, time.perf_counter() - start)
    start = time.perf_counter()  # the modules it needs are imported by now, as in `check`
    type(check).load(default_model_dir("answers"))
    load = time.perf_counter() - start
    before, after = sum(len(flags) for flags, _ in read), sum(len(k) for k in kept)
    print(f"{len(docs)} OTA documents, best of {args.repeat} (after one warm-up round), check {check.version}")
    print(f"  flow without the check (previous version): {1000 * flow / len(docs):8.1f} ms per document")
    print(f"  the check alone:                            {1000 * checking / len(docs):8.1f} ms per document "
          f"(+{100 * checking / flow:.1f} %)")
    print(f"  loading the check: {load:.3f} s; flag findings {before} -> {after} ({before - after} removed)")


if __name__ == "__main__":
    main()
