"""Cross-validation of the answer check by service: what it does to the data answers it never saw.

`contractlens evaluate flags --corpus <ota> --set FILE [--set FILE ...] --cv K`. The labelled
judgements are split into K folds of whole services; per fold, the check is trained on the other
folds' judgements (threshold chosen inside them, `training.answer_check.train_check`) and drops
findings of the held-out services. Precision and recall per question are then computed over
all held-out judgements as `evaluate flags --set` does, without the check and with it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..training.answer_check import check_probabilities, judgements, service_folds, train_check
from ..training.datasets.data_answers import NOT_EVIDENCE
from .answers_eval import _scores, macro_scores


def _summary(table: dict) -> dict:
    return {**macro_scores(table), "per_label": {q: {k: v for k, v in row.items() if k != "errors"} for q, row in table.items()}}


def evaluate_check_cv(corpus, set_paths, k: int, progress=None) -> dict:
    """Per question, precision / recall of the held-out answers without and with the check."""
    rows = judgements(Path(corpus), set_paths, progress=progress)
    fold = service_folds([r.service for r in rows], k)
    answers = [r.system for r in rows]
    rules = []
    for number in range(k):
        train = [r for r, f in zip(rows, fold) if f != number]
        test = [i for i in np.nonzero(fold == number)[0] if rows[i].answered]
        check = train_check(train)
        rules.append({"threshold": check.threshold, "checked": check.checked})
        for i, p in zip(test, check_probabilities(check, [rows[i] for i in test])):
            if p < check.threshold:
                answers[i] = NOT_EVIDENCE
        if progress:
            progress(f"fold {number + 1} of {k}: threshold {check.threshold}, checks {', '.join(check.checked)}")
    without = _summary(_scores([(r.row, r.system, None) for r in rows]))
    with_check = _summary(_scores([(r.row, answer, None) for r, answer in zip(rows, answers)]))
    return {
        "mode": f"answer check, {k}-fold cross-validation by service",
        "sets": [Path(p).name for p in set_paths],
        "judgements": len(rows),
        "services": len({r.service.lower() for r in rows}),
        "folds": rules,
        "without_check": without,
        "with_check": with_check,
    }


def format_check_cv(result: dict) -> str:
    """Per question: precision / recall without the check | with it."""
    lines = [f"{result['mode']}: {result['judgements']} judgements, {result['services']} services "
             f"({', '.join(result['sets'])}); thresholds chosen in the folds: {[f['threshold'] for f in result['folds']]}",
             f"{'question':<22}{'without check':>18}{'with check':>18}{'answered':>16}"]
    before, after = result["without_check"]["per_label"], result["with_check"]["per_label"]
    for question in before:
        b, a = before[question], after[question]
        lines.append(f"{question:<22}{b['precision']:>10.3f}/{b['recall']:.3f}{a['precision']:>11.3f}/{a['recall']:.3f}"
                     f"{b['answered']:>9} -> {a['answered']}")
    for key in ("macro_precision", "macro_recall", "min_precision"):
        lines.append(f"{key:<22}{result['without_check'][key]:>18.3f}{result['with_check'][key]:>18.3f}")
    return "\n".join(lines)
