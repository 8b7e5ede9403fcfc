"""Independent check of the committed unfair-clause model on ToS;DR quotes of held-out services.

The 10 CLAUDETTE documents the corpus maintainers keep aside are not available here. The
English model learns from ToS;DR quotes, but never from the one service in five that
`datasets.tosdr.held_out` keeps back (nor from services with a CLAUDETTE document, nor
quotes repeating CLAUDETTE text): those services' quotes are text it never saw. A quote
filed under a mapped case should be flagged with its category (recall, per category); a
quote of an unrelated case should mostly not be flagged at all (the flag rate on them
bounds the false alarms from above: a few unrelated quotes do hold an unfair clause).
Quotes are whole ToS;DR passages, often several sentences, scored as one clause each.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..training.corpora import corpus_beside
from ..training.datasets.claudette import document_names, load_sentences
from ..training.datasets.tosdr import load_points, near_duplicates
from ..errors import InputError, ModelError
from .metrics import label_recall
from ..classify.unfair import LABELS, MODEL_NAME, Classifier


def _claudette_beside(tosdr_dir: Path) -> Path:
    """The CLAUDETTE corpus next to the ToS;DR one, else the shared one (needed for the leakage filters)."""
    found = corpus_beside(tosdr_dir, "claudette-multilingual", "sentences/en")
    if found is None:
        raise InputError("the ToS;DR check needs the CLAUDETTE corpus beside it (to keep its services out).")
    return found


def held_out_quotes(tosdr_dir: Path):
    """Quotes of the held-out services, with the same leakage filters as training; and counts."""
    claudette = _claudette_beside(tosdr_dir)
    quotes, counts = load_points(tosdr_dir, documents=document_names(claudette, "en"), services="held_out")
    duplicate = near_duplicates(quotes, [s.text for s in load_sentences(claudette, lang="en")])
    kept = [q for q, dup in zip(quotes, duplicate) if not dup and q.text]
    counts.update({"near_duplicate": int(sum(duplicate)), "kept": len(kept), "services": len({q.service for q in kept})})
    return kept, counts


def scores_on_quotes(fired: np.ndarray, labels: list[str]) -> dict:
    """Recall per mapped category, and the share of unrelated quotes flagged with any category."""
    unrelated = np.asarray(labels) == ""
    result = label_recall(LABELS, fired, labels)
    result["unrelated_quotes"] = int(unrelated.sum())
    result["unrelated_flag_rate"] = round(float(fired[unrelated].any(axis=1).mean()), 4) if unrelated.any() else 0.0
    return result


def evaluate_on_tosdr(tosdr_dir: Path, *, model_dir: Path | None = None, lang: str = "en") -> dict:
    """The committed (or given) model's recall on held-out ToS;DR quotes (English only)."""
    if lang != "en":
        raise InputError("the ToS;DR check is English only (ToS;DR quotes are English).")
    from ..classify.registry import default_model_dir

    classifier = Classifier.load(Path(model_dir) if model_dir else default_model_dir(MODEL_NAME))
    trained_on = classifier.meta.get("trained_on", {}).get("en", {}).get("tosdr")
    if trained_on is not None and "held_out" not in trained_on:
        raise ModelError("this unfair model was trained on every ToS;DR service, so no quote is unseen; retrain it.")
    quotes, counts = held_out_quotes(Path(tosdr_dir))
    if not quotes:
        raise InputError(f"{tosdr_dir} holds no quote of a held-out service.")
    _, margins, _ = classifier.score_texts([q.text for q in quotes], "en")
    result = scores_on_quotes(margins >= 0, [q.label for q in quotes])
    result.update({
        "mode": f"ToS;DR quotes of held-out services, committed model {classifier.version}",
        "documents": counts["services"],
        "sentences": counts["kept"],
        "dropped_claudette_service": counts.get("same_service", 0),
        "dropped_near_duplicate": counts["near_duplicate"],
    })
    return result
