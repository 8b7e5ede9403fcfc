"""ToS;DR quotes as extra training rows for the unfair-clause model (English only).

Quotes of ToS;DR cases unrelated to the CLAUDETTE categories are real ToS text that is not
an unfair clause of these kinds (weak negatives); quotes of mapped cases are weak positives.
Alone, the positives hurt `a` and `ch` while helping `cr` and `j`; the recipe therefore
averages two SVMs per category, one trained with the negatives only and one with both
(`member_weights`; models/unfair/model-card.md, log rows 19-25). Leakage guard: points of services that have a CLAUDETTE document, and quotes repeating a
CLAUDETTE sentence, are dropped before anything is used (`datasets.tosdr`), and so are the
services `datasets.tosdr.held_out` keeps for the independent check (`unfair_check.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .corpora import corpus_beside
from .datasets.claudette import document_names, load_sentences
from .datasets.tosdr import load_points, near_duplicates


@dataclass
class WeakExamples:
    """Extra training sentences with their label rows (all zero = weak negative)."""

    texts: list[str]
    Y: np.ndarray
    counts: dict = field(default_factory=dict)


def tosdr_dir(claudette_dir: Path) -> Path | None:
    """The ToS;DR corpus next to the CLAUDETTE one, else the shared one, else None."""
    return corpus_beside(claudette_dir, "tosdr", "tosdr_points.jsonl")


def member_weights(weak: WeakExamples, member: dict, column: int) -> np.ndarray:
    """Sample weight of each weak row in one member's model of category `column` (0 = not used).

    A quote mapped to another category is not used: ToS;DR passages often hold several
    kinds of clause, so it is no reliable negative.
    """
    positive = weak.Y[:, column] == 1
    unrelated = ~weak.Y.any(axis=1)
    return np.where(positive, member.get("positive_weight", 0.0), np.where(unrelated, member.get("negative_weight", 0.0), 0.0))


def weak_examples(claudette_dir: Path, lang: str, labels: list[str], settings: dict | None) -> WeakExamples | None:
    """All usable ToS;DR rows (mapped positives and weak negatives) when the recipe's `settings`
    use them for `lang`, else None (also when the ToS;DR corpus is not available)."""
    if not settings or lang not in settings.get("languages", []):
        return None
    source = tosdr_dir(claudette_dir)
    if source is None:
        return None
    documents = document_names(claudette_dir, "en")
    quotes, counts = load_points(source, documents=documents, services="training")
    counts["held_out"] = counts.pop("other_side", 0)
    duplicate = near_duplicates(quotes, [s.text for s in load_sentences(claudette_dir, lang="en")])
    counts["near_duplicate"] = int(sum(duplicate))
    kept = [q for q, dup in zip(quotes, duplicate) if not dup]
    Y = np.array([[q.label == label for label in labels] for q in kept], dtype=np.int8).reshape(len(kept), len(labels))
    counts.update({"positives": int(Y.any(axis=1).sum()), "negatives": int((~Y.any(axis=1)).sum())})
    return WeakExamples([q.text for q in kept], Y, counts)
