"""End-to-end figures for `check` (issue 2 / DESIGN §8): prints what it measures.

(a) seconds from a local HTML file of the mean-size corpus ToS to a full Analysis, warm, and
    the median ms of unfair classification and of practices classification + flag rules;
(b) model load seconds, cold, in a fresh process; (c) peak memory of that process;
(d) sentence-boundary F1 of the segmenter against the CLAUDETTE gold segmentation.

Run: python benchmarks/bench_check.py [--repeat N]
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contractlens.training.corpora import corpus_dir  # noqa: E402

LOAD_SNIPPET = """
import json, resource, sys, time
t0 = time.perf_counter()
from contractlens.classify.registry import get_model
t1 = time.perf_counter()
for name in ("unfair", "practices"):
    get_model(name)
t2 = time.perf_counter()
if "--fast" not in sys.argv:  # the encoder's ONNX Runtime session, built as the first English check builds it
    get_model("encoder").warm_up()
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "linear_s": t2 - t1, "encoder_s": t3 - t2, "load_s": t3 - t1,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def mean_size_tos() -> tuple[str, str, int]:
    """The CLAUDETTE English ToS whose word count is closest to the corpus mean, as HTML."""
    corpus = corpus_dir("claudette-multilingual")
    if corpus is None:  # stand-in: the shipped example's body repeated to ~7,000 words
        example = (ROOT / "corpora" / "examples" / "acme-terms.html").read_text(encoding="utf-8")
        head, rest = example.split("<main>", 1)
        body, tail = rest.split("</main>", 1)
        copies = max(1, 7000 // len(body.split()))
        return f"acme-terms.html body x{copies} (corpus not found)", f"{head}<main>{body * copies}</main>{tail}", 0
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((corpus / "original_text" / "en").glob("*.txt"))}
    counts = {name: len(text.split()) for name, text in texts.items()}
    mean = statistics.mean(counts.values())
    name = min(counts, key=lambda n: abs(counts[n] - mean))
    paragraphs = [p.strip() for p in texts[name].splitlines() if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{name} Terms</title></head>" \
           f"<body><main><h1>{name} Terms of Service</h1>\n{body}\n</main></body></html>"
    return f"{name} ({counts[name]} words; corpus mean {mean:.0f})", page, counts[name]


def bench_end_to_end(page: str, repeat: int) -> dict:
    import resource

    import contractlens

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tos.html"
        path.write_text(page, encoding="utf-8")
        contractlens.analyze(str(path))  # warm-up: models loaded, pipelines built
        runs, stages = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            analysis = contractlens.analyze(str(path))
            runs.append(time.perf_counter() - start)
            stages.append(analysis.timings)
    return {
        "models_ms": bench_models(analysis.clauses, repeat),
        "median_s": statistics.median(runs),
        "min_s": min(runs),
        "clauses": len(analysis.clauses),
        "stage_medians_ms": {k: round(1000 * statistics.median(s[k] for s in stages), 1) for k in stages[0]},
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def bench_models(clauses, repeat: int) -> dict:
    """Median ms of the classification targets: unfair model; practices model + flags; all together."""
    from contractlens.classify.flags import detect_flags
    from contractlens.classify.registry import get_model

    unfair, practices = get_model("unfair"), get_model("practices")
    jobs = {
        "unfair": lambda: unfair.predict(clauses, "en"),
        # as the pipeline calls them: the flags read the practice findings (learned flag labels)
        "practices+flags": lambda: (practices.predict(clauses, "en"), detect_flags(clauses, "en", model=practices)),
        "both": lambda: (unfair.predict(clauses, "en"), practices.predict(clauses, "en"),
                         detect_flags(clauses, "en", model=practices)),
    }
    out = {}
    for name, job in jobs.items():
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            job()
            runs.append(time.perf_counter() - start)
        out[name] = round(1000 * statistics.median(runs), 1)
    return out


def bench_load() -> dict:
    out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def bench_segmentation() -> dict | None:
    corpus = corpus_dir("claudette-multilingual")
    if corpus is None:
        return None
    from contractlens.evaluation.segmentation_gold import boundary_scores

    return boundary_scores(corpus, lang="en")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    label, page, _ = mean_size_tos()
    print(f"document: {label}")
    e2e = bench_end_to_end(page, args.repeat)
    print(f"(a) end-to-end, local HTML file -> Analysis, warm: median {e2e['median_s']:.3f} s "
          f"(min {e2e['min_s']:.3f} s, {e2e['clauses']} clauses; target <= 0.3 s)")
    print(f"    per stage (median ms): {e2e['stage_medians_ms']}")
    print(f"    classification (median ms): unfair {e2e['models_ms']['unfair']} (issue 3 target <= 50), "
          f"practices + flags {e2e['models_ms']['practices+flags']}, "
          f"both models together {e2e['models_ms']['both']} (issue 4 target <= 100)")
    load = bench_load()
    print(f"(b) model load, cold process: {load['load_s']:.3f} s, the encoder's session {load['encoder_s']:.3f} s of it "
          f"(imports {load['import_s']:.3f} s; target <= 1.5 s)")
    print(f"(c) peak memory: {load['rss_mb']:.0f} MB after loading models; "
          f"{e2e['peak_rss_mb']:.0f} MB after {args.repeat + 1} analyses (target <= 600 MB)")
    seg = bench_segmentation()
    if seg is None:
        print("(d) segmentation F1: skipped (corpus not found)")
    else:
        print(f"(d) sentence-boundary F1 vs CLAUDETTE gold (en): P {seg['precision']:.3f} R {seg['recall']:.3f} "
              f"F1 {seg['f1']:.3f} over {seg['documents']} documents (target >= 0.90)")


if __name__ == "__main__":
    main()
