"""Benchmark the unfair-clause model: load time, warm ms per 7,000-word document, size, CV F1.

    python benchmarks/bench_unfair.py [--model DIR] [--cv 5] [--lang en]

Clauses come from the CLAUDETTE corpus when present (sentences of real ToS, taken in
order until 7,000 words), else from a few sentences written here, repeated.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from contractlens.classify.registry import default_model_dir
from contractlens.classify.unfair import Classifier
from contractlens.evaluation.unfair_cv import evaluate
from contractlens.training.corpora import corpus_dir
from contractlens.types import Clause

WORDS = 7000
FALLBACK = [
    "We may change these terms at any time by posting a new version on this page.",
    "You can contact our support team by email or through the help centre.",
    "In no event will we be liable for any indirect or consequential loss.",
    "Your subscription renews automatically each month until you cancel it.",
]


def document_clauses(lang: str) -> list[Clause]:
    """About 7,000 words of clauses (the mean corpus ToS length)."""
    corpus = corpus_dir("claudette-multilingual")
    if corpus is not None:
        from contractlens.training.datasets.claudette import load_sentences

        sentences = [s.text for s in load_sentences(corpus, lang=lang)]
    else:
        sentences = FALLBACK * 1000
    clauses, words = [], 0
    for text in sentences:
        if words >= WORDS:
            break
        clauses.append(Clause(index=len(clauses), start=0, end=len(text), text=text))
        words += len(text.split())
    return clauses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=default_model_dir("unfair"))
    parser.add_argument("--lang", default="en")
    parser.add_argument("--cv", type=int, default=None, help="also run K-fold document-level CV (minutes)")
    args = parser.parse_args()

    start = time.perf_counter()
    classifier = Classifier.load(args.model)
    classifier.language_model(args.lang)
    load_s = time.perf_counter() - start
    clauses = document_clauses(args.lang)
    classifier.predict(clauses, args.lang)  # warm up
    runs, cpu_runs = [], []
    for _ in range(5):
        start, cpu_start = time.perf_counter(), time.process_time()
        findings = classifier.predict(clauses, args.lang)
        runs.append((time.perf_counter() - start) * 1000)
        cpu_runs.append((time.process_time() - cpu_start) * 1000)
    size_mb = sum(p.stat().st_size for p in args.model.iterdir() if p.is_file()) / 1e6
    print(f"model: {classifier.version}")
    print(f"load seconds ({args.lang}): {load_s:.3f}")
    print(f"classify {len(clauses)} clauses (~{WORDS} words): {statistics.median(runs):.1f} ms warm, "
          f"{statistics.median(cpu_runs):.1f} ms CPU (median of 5)")
    print(f"findings: {len(findings)}")
    print(f"model size MB: {size_mb:.1f}")
    print(f"peak RSS MB: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    if args.cv:
        corpus = corpus_dir("claudette-multilingual")
        if corpus is None:
            print("CV skipped: corpus claudette-multilingual not found")
            return
        start = time.perf_counter()
        result = evaluate(corpus, cv=args.cv, lang=args.lang)
        print(f"CV {args.cv}-fold macro-F1 ({args.lang}): {result['macro_f1']:.3f} "
              f"micro-F1: {result['micro_f1']:.3f} level accuracy: {result['level_accuracy']:.3f} "
              f"({time.perf_counter() - start:.0f} s)")
        for label, row in result["per_label"].items():
            print(f"  {label:<5} P={row['precision']:.3f} R={row['recall']:.3f} F1={row['f1']:.3f} n={row['support']}")


if __name__ == "__main__":
    main()
