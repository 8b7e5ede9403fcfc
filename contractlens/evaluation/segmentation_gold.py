"""Gold sentence boundaries from CLAUDETTE and boundary precision/recall/F1.

The annotators' sentence files hold one sentence per line; the original text holds the
same words with the document's own whitespace. Each gold sentence is located in the
original text (whitespace-insensitive, in order) to get character spans; a segmenter is
then scored on the END offsets of its spans (after trimming whitespace), which is the
usual sentence-boundary measure, with an optional ±tolerance in characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WS = re.compile(r"\s+")
_RUN = re.compile(r"\S+")


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Text with whitespace runs removed, and the original offset of each kept character."""
    kept: list[str] = []
    offsets: list[int] = []
    for run in _RUN.finditer(text):
        kept.append(run.group())
        offsets.extend(range(run.start(), run.end()))
    return "".join(kept), offsets


def align_sentences(text: str, sentences: list[str]) -> tuple[list[tuple[int, int]], int]:
    """Character spans of `sentences` in `text`, in order; also how many could not be found.

    Matching ignores whitespace entirely (annotators' files re-space some lines).
    """
    squeezed, offsets = _squeeze(text)
    spans: list[tuple[int, int]] = []
    missing = 0
    cursor = 0
    for sentence in sentences:
        needle = _WS.sub("", sentence)
        if not needle:
            continue
        found = squeezed.find(needle, cursor)
        if found < 0:
            missing += 1
            continue
        last = found + len(needle) - 1
        spans.append((offsets[found], offsets[last] + 1))
        cursor = last + 1
    return spans, missing


@dataclass
class BoundaryScore:
    """Counts behind precision/recall/F1 of sentence end offsets."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: "BoundaryScore") -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def boundary_score(gold_ends: list[int], predicted_ends: list[int], tolerance: int = 0) -> BoundaryScore:
    """Match predicted end offsets to gold ones one-to-one, within `tolerance` characters."""
    gold = sorted(set(gold_ends))
    predicted = sorted(set(predicted_ends))
    hits = 0
    i = j = 0
    while i < len(gold) and j < len(predicted):
        if abs(gold[i] - predicted[j]) <= tolerance:
            hits += 1
            i += 1
            j += 1
        elif predicted[j] < gold[i]:
            j += 1
        else:
            i += 1
    return BoundaryScore(hits, len(predicted), len(gold))


def _gold_ends(corpus_dir, lang: str, doc: str, text: str) -> list[int]:
    """End offsets in `text` of the document's gold sentences (those found in it)."""
    from ..training.datasets.claudette import load_document

    spans, _missing = align_sentences(text, [s.text for s in load_document(corpus_dir, doc, lang)])
    return [end for _start, end in spans]


def score_claudette(corpus_dir, lang: str = "en", docs: list[str] | None = None, tolerance: int = 0,
                    split_enumerators: bool = False, through_extract: bool = False) -> dict[str, BoundaryScore]:
    """Boundary scores of `segment()` per document against the CLAUDETTE gold sentences.

    `through_extract=True` segments what `extract()` makes of the original text (whitespace
    normalised, bullets dropped), as an analysis does; the gold is aligned to that text, and
    the gold sentences extraction changed beyond whitespace are left out of the count.
    """
    from ..extract import extract
    from ..segment import document_from_text, segment
    from ..training.datasets.claudette import document_names, load_original_text
    from ..types import RawContent

    scores: dict[str, BoundaryScore] = {}
    for doc in docs or document_names(corpus_dir, lang):
        text = load_original_text(corpus_dir, lang, doc)
        if through_extract:
            document = extract(RawContent(f"{doc}.txt", text.encode("utf-8"), "text/plain"))
        else:
            document = document_from_text(text, source=doc, lang=lang)
        clauses = segment(document, split_enumerators=split_enumerators)
        gold_ends = _gold_ends(corpus_dir, lang, doc, document.text)
        scores[doc] = boundary_score(gold_ends, [c.end for c in clauses], tolerance)
    return scores


def total(scores: dict[str, BoundaryScore]) -> BoundaryScore:
    """Micro-averaged score over documents."""
    overall = BoundaryScore()
    for score in scores.values():
        overall.add(score)
    return overall


def boundary_scores(corpus_dir, lang: str = "en", tolerance: int = 0, split_enumerators: bool = False,
                    through_extract: bool = False) -> dict:
    """Micro-averaged boundary P/R/F1 of `segment()` over a CLAUDETTE corpus, as plain data."""
    per_document = score_claudette(corpus_dir, lang, tolerance=tolerance, split_enumerators=split_enumerators,
                                   through_extract=through_extract)
    overall = total(per_document)
    return {
        "precision": round(overall.precision, 4),
        "recall": round(overall.recall, 4),
        "f1": round(overall.f1, 4),
        "documents": len(per_document),
        "gold_sentences": overall.gold,
        "predicted": overall.predicted,
        "tolerance": tolerance,
        "split_enumerators": split_enumerators,
        "through_extract": through_extract,
    }
