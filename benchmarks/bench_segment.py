"""Clause segmentation benchmark: boundary P/R/F1 against the CLAUDETTE gold, and speed.

    python benchmarks/bench_segment.py [--corpus DIR] [--langs en,de,it,pl] [--tolerance 2] [--json]

F1 is over sentence END offsets (exact, after trimming whitespace; and within
±tolerance characters), as shipped and with the gold's convention of splitting a
block-initial "1." off (`split_enumerators=True`), and through `extract()` (the original text
extracted as an analysis reads it, the gold aligned to the extracted text). Speed is the median over the English documents of the time
to build the Document and segment it, scaled to 7,000 words (the mean corpus ToS),
as wall-clock and as CPU time (CPU time is stable on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from contractlens.training.corpora import corpus_dir
from contractlens.training.datasets.claudette import document_names, load_original_text
from contractlens.segment import document_from_text, pipeline_for, segment
from contractlens.evaluation.segmentation_gold import boundary_scores

WORDS = 7000


def quality(corpus, langs: list[str], tolerance: int, split_enumerators: bool, through_extract: bool = False) -> dict:
    out = {}
    for lang in langs:
        row = boundary_scores(corpus, lang, split_enumerators=split_enumerators, through_extract=through_extract)
        loose = boundary_scores(corpus, lang, tolerance=tolerance, split_enumerators=split_enumerators,
                                through_extract=through_extract)
        out[lang] = {**row, f"f1_tol{tolerance}": loose["f1"]}
    return out


def speed(corpus, lang: str = "en", repeats: int = 3) -> dict:
    pipeline_for(lang)
    wall, cpu = [], []
    for doc in document_names(corpus, lang):
        text = load_original_text(corpus, lang, doc)
        scale = WORDS / max(1, len(text.split()))
        runs = []
        for _ in range(repeats):
            w0, c0 = time.perf_counter(), time.process_time()
            segment(document_from_text(text, source=doc, lang=lang))
            runs.append((time.perf_counter() - w0, time.process_time() - c0))
        wall.append(min(r[0] for r in runs) * scale)
        cpu.append(min(r[1] for r in runs) * scale)
    return {
        "documents": len(wall),
        "ms_per_7000_words_wall_median": round(statistics.median(wall) * 1000, 1),
        "ms_per_7000_words_cpu_median": round(statistics.median(cpu) * 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="claudette-multilingual directory (default: the shared corpora)")
    parser.add_argument("--langs", default="en,de,it,pl")
    parser.add_argument("--tolerance", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus = args.corpus or corpus_dir("claudette-multilingual")
    if corpus is None:
        print("claudette-multilingual corpus not found (set CONTRACTLENS_CORPORA)", file=sys.stderr)
        return 2
    langs = args.langs.split(",")
    result = {
        "quality_shipped": quality(corpus, langs, args.tolerance, split_enumerators=False),
        "quality_gold_convention": quality(corpus, langs, args.tolerance, split_enumerators=True),
        "quality_through_extract": quality(corpus, langs, args.tolerance, split_enumerators=False, through_extract=True),
        "speed_en": speed(corpus),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for key, label in (("quality_shipped", "as shipped (numbered headings/list items kept whole)"),
                       ("quality_gold_convention", "gold convention (split_enumerators=True)"),
                       ("quality_through_extract", "through extract() (the original text as an analysis reads it)")):
        print(label)
        print(f"{'lang':<5}{'docs':>5}{'gold':>8}{'pred':>8}{'P':>8}{'R':>8}{'F1':>8}{'F1±' + str(args.tolerance):>8}")
        for lang, row in result[key].items():
            print(f"{lang:<5}{row['documents']:>5}{row['gold_sentences']:>8}{row['predicted']:>8}"
                  f"{row['precision']:>8.4f}{row['recall']:>8.4f}{row['f1']:>8.4f}{row[f'f1_tol{args.tolerance}']:>8.4f}")
    s = result["speed_en"]
    print(f"speed (en, {s['documents']} docs, median scaled to {WORDS} words): "
          f"{s['ms_per_7000_words_wall_median']} ms wall, {s['ms_per_7000_words_cpu_median']} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
