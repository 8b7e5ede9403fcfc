"""What the answer check costs, beside the flow it runs in: its linear reader (`--fast`) and its
fine-tuned encoder (the default flow), on the same flag findings.

    python benchmarks/bench_answer_check.py [--n 20] [--repeat 3]

Reads n English OTA documents (every k-th of ../shared/corpora/ota/versions_index.jsonl) into
memory and analyses them without the check, as `scan` would (unfair + its encoder + practices) and
as `scan --fast` would (unfair + practices), then times each reader of the check alone
(`Classifier.keep`) on each document's flag findings, best of --repeat. Timing the check on its own
keeps the figure clear of the noise of a busy machine. Prints ms per document for the flows and
for each reader, the load times and how many flag findings each removed.
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
    flows = {"scan": ("unfair", "encoder", "practices"), "scan --fast": ("unfair", "practices")}
    spent = {name: float("inf") for name in (*flows, "linear", "encoder")}
    for _ in range(args.repeat + 1):  # the first round warms the models, spaCy and the ONNX sessions
        for name, models in flows.items():
            start = time.perf_counter()
            analyses = [analyze_document(Document(source=path, text=text), models=models) for path, text in docs]
            spent[name] = min(spent[name], time.perf_counter() - start)
        read = [(a.findings_of("flag"), reading_clauses(a.clauses)) for a in analyses]
        kept = {}
        for reader in ("linear", "encoder"):
            start = time.perf_counter()
            kept[reader] = [check.keep(flags, clauses, encoder=reader == "encoder") for flags, clauses in read]
            spent[reader] = min(spent[reader], time.perf_counter() - start)
    start = time.perf_counter()  # the modules it needs are imported by now, as in `check`
    fresh = type(check).load(default_model_dir("answers"))
    load = time.perf_counter() - start
    if fresh.encoder is not None:
        start = time.perf_counter()
        fresh.encoder.warm_up()
        load_encoder = time.perf_counter() - start
    before = sum(len(flags) for flags, _ in read)
    print(f"{len(docs)} OTA documents, best of {args.repeat} (after one warm-up round), check {check.version} "
          f"/ {check.version_for(True)}")
    for name in flows:
        print(f"  flow of `{name}` without the check: {1000 * spent[name] / len(docs):8.1f} ms per document")
    for reader, flow in (("linear", "scan --fast"), ("encoder", "scan")):
        after = sum(len(k) for k in kept[reader])
        print(f"  the {reader} reader alone: {1000 * spent[reader] / len(docs):8.1f} ms per document "
              f"(+{100 * spent[reader] / spent[flow]:.1f} % of `{flow}`); flag findings {before} -> {after}")
    print(f"  loading the check: {load:.3f} s" + (f"; building its encoder session: {load_encoder:.3f} s"
                                                   if fresh.encoder is not None else ""))


if __name__ == "__main__":
    main()
