"""Independent check of the committed practice model on ToS;DR privacy-policy quotes.

Each quote is scored as the middle clause of a three-clause document whose other two
clauses are empty: a clause in mid-document whose neighbours say nothing. Scored alone, it
would be both the first and the last clause, and the model's position indicators (an
introduction opens a policy, contact details close it) would read it as "other".
(datasets/tosdr_practices.py says why these quotes and which cases.)
A quote names one practice it shows, not all of them, so only recall is well defined:
the share of a category's quotes the model flags with that category. The CV recall of the
same category is the figure to hold it against.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..training.corpora import corpus_beside
from ..training.datasets.tosdr_practices import load_practice_quotes
from ..errors import InputError
from ..types import Clause
from ..typography import reading_clauses
from ..classify.practices import LABELS, MODEL_NAME, Classifier
from .metrics import label_recall


def _opp115_beside(tosdr_dir: Path) -> Path:
    """The OPP-115 corpus next to the ToS;DR one, else the shared one (needed to drop its services)."""
    found = corpus_beside(tosdr_dir, "opp115", "sanitized_policies")
    if found is None:
        raise InputError("the ToS;DR check needs the OPP-115 corpus beside it (to keep OPP-115's services out).")
    return found


def recall_on_quotes(classifier: Classifier, quotes) -> dict:
    """Per category: quotes, how many the model flags with that category, recall."""
    fired = np.zeros((len(quotes), len(LABELS)), dtype=bool)
    for row, quote in enumerate(quotes):
        clauses = [Clause(0, 0, 0, ""), Clause(1, 0, len(quote.text), quote.text), Clause(2, 0, 0, "")]
        for finding in classifier.predict(reading_clauses(clauses)):  # read as `check` reads clauses
            if finding.clause_index == 1:
                fired[row, LABELS.index(finding.label)] = True
    return label_recall(LABELS, fired, [q.label for q in quotes])


def evaluate_on_tosdr(tosdr_dir: Path, *, model_dir: Path | None = None, lang: str = "en") -> dict:
    """Recall of the committed (or given) practice model on the mapped ToS;DR quotes."""
    if lang != "en":
        raise InputError("the ToS;DR check is English only.")
    from ..classify.registry import default_model_dir

    quotes, counts = load_practice_quotes(tosdr_dir, _opp115_beside(tosdr_dir))
    if not quotes:
        raise InputError(f"{tosdr_dir} holds no privacy-policy quote of a mapped case.")
    classifier = Classifier.load(Path(model_dir) if model_dir else default_model_dir(MODEL_NAME))
    result = recall_on_quotes(classifier, quotes)
    result.update({
        "mode": f"ToS;DR quotes, committed model {classifier.version}",
        "documents": counts["services"],
        "sentences": counts["kept"],
        "dropped_opp115_service": counts.get("opp115_service", 0),
        "dropped_near_duplicate": counts.get("near_duplicate", 0),
    })
    return result
