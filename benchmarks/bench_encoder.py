"""What the encoder costs, each figure beside the linear-only (`--fast`) one measured in the same run.

(a) the mean-size CLAUDETTE ToS (about 7,000 words) from a local HTML file to a full Analysis,
    warm: with the encoder and with --fast (issue target: <= 0.3 s with the encoder);
(b) model load in a cold process, the encoder's ONNX Runtime session included (target <= 1.5 s);
(c) peak memory of that process after the analyses (target <= 700 MB);
(d) the encoder alone: sentences per second, int8 ONNX on 2 threads, over that ToS's sentences;
(e) `scan --workers 2` documents per second with the encoder and with --fast (target: the
    encoder at >= 0.6x --fast), and with `--baseline DIR`, a checkout of the previous version
    scanning the same documents (target: --fast no slower than it); with `--baseline`, (a) is
    also run in that checkout with its default models.

Run: python benchmarks/bench_encoder.py [--repeat N] [--scan-n N] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_check import LOAD_SNIPPET, mean_size_tos  # noqa: E402


ANALYSE_SNIPPET = """
import json, resource, statistics, sys, time
import contractlens
from contractlens.pipeline import models_for
path, repeat, fast = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "fast"
models = models_for(fast)
analysis = contractlens.analyze(path, models=models)  # warm-up: models loaded, sessions built
runs = []
for _ in range(repeat):
    start = time.perf_counter()
    analysis = contractlens.analyze(path, models=models)
    runs.append(time.perf_counter() - start)
print(json.dumps({"median_s": statistics.median(runs), "min_s": min(runs), "clauses": len(analysis.clauses),
                  "classify_ms": 1000 * analysis.timings.get("classify", 0.0),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _python(code: str, *args: str, cwd: Path = ROOT) -> dict:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, env=env,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_sentences(page_text: str) -> dict:
    """The encoder alone on all the document's sentences, the way `check` runs them (one clause
    per run, runs in parallel on up to 4 threads)."""
    import contractlens
    from contractlens.classify.registry import get_model

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tos.html"
        path.write_text(page_text, encoding="utf-8")
        clauses = [c.text for c in contractlens.analyze(path.as_posix(), models=("unfair",)).clauses]
    encoder = get_model("encoder")
    encoder.warm_up()
    encoder.predict_proba(clauses[:32])
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        encoder.predict_proba(clauses)
        runs.append(time.perf_counter() - start)
    return {"sentences": len(clauses), "per_s": len(clauses) / statistics.median(runs)}


def bench_scan(n: int, fast: bool, checkout: Path = ROOT) -> dict:
    command = [sys.executable, str(checkout / "benchmarks" / "bench_scan.py"), "--one", "local2", "--n", str(n)]
    if fast:
        command.append("--fast")
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run(command, capture_output=True, text=True, cwd=checkout, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scan-n", type=int, default=60, help="OTA documents for (e); 0 skips it")
    parser.add_argument("--baseline", type=Path, help="a checkout of the previous version, for (e)")
    args = parser.parse_args()
    label, page, _ = mean_size_tos()
    print(f"document: {label}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tos.html"
        path.write_text(page, encoding="utf-8")
        full = _python(ANALYSE_SNIPPET, str(path), str(args.repeat), "full")
        fast = _python(ANALYSE_SNIPPET, str(path), str(args.repeat), "fast")
        before = _python(ANALYSE_SNIPPET, str(path), str(args.repeat), "full", cwd=args.baseline.resolve()) \
            if args.baseline else None
    print(f"(a) end-to-end, warm, {full['clauses']} clauses: encoder {full['median_s']:.3f} s "
          f"(classify {full['classify_ms']:.0f} ms) vs --fast {fast['median_s']:.3f} s "
          f"(classify {fast['classify_ms']:.0f} ms); ratio {full['median_s'] / fast['median_s']:.2f} (target <= 0.3 s)")
    if before:
        print(f"    baseline checkout, default models: {before['median_s']:.3f} s (classify {before['classify_ms']:.0f} ms)")
    load, load_fast = _python(LOAD_SNIPPET), _python(LOAD_SNIPPET, "--fast")
    print(f"(b) model load, cold process: linear models {load['linear_s']:.3f} s + encoder {load['encoder_s']:.3f} s "
          f"= {load['linear_s'] + load['encoder_s']:.3f} s; --fast {load_fast['linear_s']:.3f} s (target <= 1.5 s)")
    print(f"(c) peak memory: {full['peak_rss_mb']:.0f} MB with the encoder after {args.repeat + 1} analyses, "
          f"{fast['peak_rss_mb']:.0f} MB with --fast (target <= 700 MB)")
    sentences = bench_sentences(page)
    print(f"(d) encoder alone (int8 ONNX, one clause per run, parallel runs): {sentences['per_s']:.0f} sentences/s "
          f"over {sentences['sentences']} sentences")
    if args.scan_n:
        rows = {"encoder": bench_scan(args.scan_n, fast=False), "--fast": bench_scan(args.scan_n, fast=True)}
        if args.baseline:
            rows["baseline"] = bench_scan(args.scan_n, fast=False, checkout=args.baseline.resolve())
        for name, row in rows.items():
            print(f"(e) scan --workers 2, {row['documents']} OTA documents, {name:<8}: {row['docs_per_s']:.2f} docs/s "
                  f"(steady {row['steady_docs_per_s']:.2f}), peak RSS {row['peak_rss_mb']} MB")
        ratio = rows["encoder"]["docs_per_s"] / rows["--fast"]["docs_per_s"]
        print(f"    encoder / --fast: {ratio:.2f} (target >= 0.6)")
        if "baseline" in rows:
            print(f"    --fast / baseline: {rows['--fast']['docs_per_s'] / rows['baseline']['docs_per_s']:.2f} "
                  f"(target >= 1.0)")


if __name__ == "__main__":
    main()
