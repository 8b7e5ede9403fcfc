"""Benchmark the data-practice stage: model load, size, speed on a ~7,000-word policy, flag figures.

    python benchmarks/bench_practices.py [--cv 5] [--flags-vs-opp115]

Prints: load seconds, model size, warm seconds for practices + flags on a 7,000-word
document (built from an OTA privacy policy, or from the flag fixtures when OTA is absent),
precision/recall per flag on tests/fixtures/flags, optionally the practices macro-F1 by
policy-level cross-validation and each flag measured against OPP-115 attributes.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from contractlens.classify.flags import detect_flags
from contractlens.classify.practices import Classifier
from contractlens.evaluation.practices_cv import evaluate
from contractlens.classify.registry import default_model_dir
from contractlens.training.corpora import corpus_dir
from contractlens.types import Clause

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "flags"
TARGET_WORDS = 7000

def sample_clauses() -> list[Clause]:
    """About 7,000 words of privacy-policy paragraphs (an OTA policy repeated if needed)."""
    ota = corpus_dir("ota")
    if ota is not None:
        text = (ota / "versions" / "123Greetings" / "Privacy Policy.md").read_text(encoding="utf-8")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
    else:
        paragraphs = [json.loads(l)["text"] for p in FIXTURES.glob("*.jsonl") for l in p.open()]
    clauses, words = [], 0
    while words < TARGET_WORDS:
        for p in paragraphs:
            clauses.append(Clause(len(clauses), 0, len(p), p))
            words += len(p.split())
            if words >= TARGET_WORDS:
                break
    return clauses


def bench_speed(directory: Path) -> dict:
    size = sum(f.stat().st_size for f in directory.iterdir())
    start = time.perf_counter()
    model = Classifier.load(directory)
    load = time.perf_counter() - start
    clauses = sample_clauses()
    model.predict(clauses, "en")  # warm the n-gram cache
    runs, flag_runs = [], []
    for _ in range(5):
        start = time.perf_counter()
        model.predict(clauses, "en")
        middle = time.perf_counter()
        detect_flags(clauses, "en", model=model)  # rules + the model's learned flag labels
        runs.append(time.perf_counter() - start)
        flag_runs.append(time.perf_counter() - middle)
    return {
        "model_bytes": size,
        "load_seconds": round(load, 3),
        "words": sum(len(c.text.split()) for c in clauses),
        "clauses": len(clauses),
        "warm_seconds_practices_plus_flags": round(min(runs), 4),
        "warm_seconds_flags_alone": round(min(flag_runs), 4),
    }


def bench_fixture_flags(directory: Path) -> dict:
    """Per flag on tests/fixtures/flags: the rules alone, and as a scan reports it (with the model)."""
    from contractlens.evaluation.flag_sentences import load_sentence_set, score_sentences

    classifier = Classifier.load(directory)
    out = {}
    for flag, rows in load_sentence_set(FIXTURES).items():
        result = score_sentences(flag, rows)
        out[flag] = {k: v for k, v in result.items() if k != "errors"}
        with_model = score_sentences(flag, rows, classifier)
        out[flag]["with_model"] = {k: with_model[k] for k in ("precision", "recall")}
    return out


def bench_flags_vs_opp115(cv: int) -> dict:
    """Each flag against the majority OPP-115 attribute annotation: shipped (learned + rules) and rules alone.

    Same as `contractlens evaluate flags --corpus <opp115> [--cv K] --format json`.
    """
    from contractlens.evaluation.flags_eval import evaluate_flags

    return evaluate_flags(corpus_dir("opp115"), cv=cv or None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(default_model_dir("practices")))
    parser.add_argument("--cv", type=int, default=0, help="also cross-validate the recipe (K folds; minutes)")
    parser.add_argument("--flags-vs-opp115", action="store_true",
                        help="score the flags on OPP-115 (the committed model, or by --cv K folds)")
    args = parser.parse_args()
    report = {"speed": bench_speed(Path(args.model)), "flags_on_fixtures": bench_fixture_flags(Path(args.model))}
    if args.flags_vs_opp115:
        report["flags_vs_opp115"] = bench_flags_vs_opp115(args.cv)
    if args.cv:
        report["practices_cv"] = evaluate(corpus_dir("opp115"), cv=args.cv)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
