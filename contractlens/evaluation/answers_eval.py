"""The data answers scored against hand-labelled clauses of real documents (Open Terms Archive).

`contractlens evaluate flags --corpus <ota> --set FILE`. A set is JSON lines, one judgement
of one clause × question each (format in tests/fixtures/data_answers/README.md): a pointer to
the clause (document, anchor words, sha1 of the normalised clause) and the answer the clause
gives about the person's data. Each document is read in place and analysed as a scan would
(the rules, the learned flag labels, the practices model and the answer check; the figures without
the check come from the same analysis), the clause is found by its
anchor (training/datasets/data_answers.py reads sets and locates clauses), and the answer the flags
give for that clause is compared with the label.

Per question: precision = right answers / answers given, recall = right answers / labelled
answers ("not evidence" is neither). An answer is right when it has the label's polarity
("does" / "does not"), or for retention the same kind of period (bounded, as long as
necessary, indefinite); `period_agreement` says how often a bounded period is the same too.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..errors import InputError
from ..training.datasets.data_answers import (
    NOT_EVIDENCE, answer_kind, by_document, document_path, finding_answer, load_set, located_findings, normalised_words,
)


def _document_answers(path: Path, rows: list[dict], check, encoder: bool = True) -> tuple[list, list]:
    """(judgement, system answer, finding) for the judgements of one document, read as a scan reads
    it: the flags without the answer check, and with it (`check`, applied to the same findings as
    the pipeline applies it; `encoder` False: its linear reader, as `--fast` runs it), from one analysis."""
    from ..typography import reading_clauses

    analysis, located = located_findings(path, rows, models=("practices",))
    flags = [f for f in analysis.findings if f.kind == "flag"]
    kept = {id(f) for f in check.keep(flags, reading_clauses(analysis.clauses), encoder=encoder)}
    without, with_check = [], []
    for row, index, finding in located:
        if index is None:
            without.append((row, "unlocated", None))
            with_check.append((row, "unlocated", None))
            continue
        without.append((row, finding_answer(row["question"], finding), finding))
        finding = finding if finding is not None and id(finding) in kept else None
        with_check.append((row, finding_answer(row["question"], finding), finding))
    return without, with_check


def _scores(results) -> dict:
    """Per question: precision, recall, f1, support, answers given, and the misses to read."""
    per: dict[str, dict] = defaultdict(lambda: {"right": 0, "answered": 0, "labelled": 0, "periods": 0,
                                                "same_period": 0, "no_value": 0, "judgements": 0, "errors": []})
    for row, system, finding in results:
        if system == "unlocated":
            continue
        cell = per[row["question"]]
        cell["judgements"] += 1
        gold = row["answer"]
        if system is None:
            cell["no_value"] += 1
            continue
        labelled, answered = gold != NOT_EVIDENCE, system != NOT_EVIDENCE
        cell["labelled"] += labelled
        cell["answered"] += answered
        if labelled and answered and answer_kind(gold) == answer_kind(system):
            cell["right"] += 1
            if answer_kind(gold) == "bounded":
                cell["periods"] += 1
                cell["same_period"] += _same_period(gold, system)
        elif labelled or answered:
            by = f" ({finding.source}: {', '.join(finding.evidence[:3])})" if finding is not None else ""
            cell["errors"].append(f"{row['service']} / {row['terms_type']} [{row['anchor']}]: "
                                  f"labelled {gold!r}, answered {system!r}{by}")
    table = {}
    for question in sorted(per):
        cell = per[question]
        precision = cell["right"] / cell["answered"] if cell["answered"] else 1.0
        recall = cell["right"] / cell["labelled"] if cell["labelled"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[question] = {
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "support": cell["labelled"], "answered": cell["answered"], "judgements": cell["judgements"],
            "no_value": cell["no_value"], "errors": cell["errors"],
        }
        if cell["periods"]:
            table[question]["period_agreement"] = round(cell["same_period"] / cell["periods"], 4)
    return table


def macro_scores(per_label: dict) -> dict:
    """Macro precision, recall and F1 over the questions answered or labelled, and the lowest precision.

    A question the system never answers has precision 1.00 by convention, which lifts the macro when a
    check drops every answer of a rare question; `answered_macro_precision` is the mean over the
    questions it answered at least once, the figure to read beside it."""
    scored = [row for row in per_label.values() if row["support"] or row["answered"]]
    answered = [row for row in scored if row["answered"]]

    def mean(key: str, rows=scored) -> float:
        return round(sum(r[key] for r in rows) / len(rows), 4) if rows else 0.0

    return {"macro_precision": mean("precision"), "macro_recall": mean("recall"), "macro_f1": mean("f1"),
            "min_precision": min((r["precision"] for r in scored), default=0.0),
            "answered_macro_precision": mean("precision", answered), "questions_answered": len(answered)}


def _same_period(gold: str, system: str) -> bool:
    numbers = {"one": "1", "two": "2", "three": "3", "six": "6", "twelve": "12", "thirty": "30", "ninety": "90"}

    def key(answer: str) -> tuple:
        words = [numbers.get(w, w) for w in normalised_words(answer).split()]
        return tuple(dict.fromkeys(w.rstrip("s") for w in words))  # "three (3) months" == "3 month"

    return key(gold) == key(system)


def evaluate_answer_set(corpus, set_path, check_dir=None, fast: bool = False, practices_dir=None) -> dict:
    """Precision and recall per question of the data answers on a labelled set (module docstring),
    as a scan gives them (`fast`: as `--fast` gives them, the check's linear reader); `without_check`
    holds the same figures for the flags before the answer check. `check_dir`: another answer check
    than the committed one (a candidate, measured on a set it was not trained on before it is committed).
    `practices_dir`: another practices model (one trained without the set's OPP-115 policies)."""
    from ..classify.registry import get_model, models_from

    check = get_model("answers", str(check_dir) if check_dir else None)
    rows = load_set(set_path)
    documents = by_document(rows)
    without, results, missing = [], [], []
    with models_from({"practices": practices_dir} if practices_dir else {}):
        for (service, terms_type, document), document_rows in documents.items():
            path = document_path(corpus, service, terms_type, document)
            if not path.is_file():
                missing.append(f"{service}/{terms_type}")
                continue
            document_without, document_with = _document_answers(path, document_rows, check, encoder=not fast)
            without.extend(document_without)
            results.extend(document_with)
    if not results:
        raise InputError(f"none of the documents of {set_path} is under {corpus}")
    per_label = _scores(results)
    unlocated = [f"{r['service']} / {r['terms_type']} [{r['anchor']}]" for r, s, _ in results if s == "unlocated"]
    before = _scores(without)
    return {
        **macro_scores(per_label),
        "per_label": per_label,
        "without_check": {**macro_scores(before), "check": check.version_for(not fast),
                          "per_label": {q: {k: v for k, v in row.items() if k != "errors"} for q, row in before.items()}},
        "documents": len(documents) - len(missing),
        "sentences": len(results) - len(unlocated),
        "judgements": len(rows),
        "missing_documents": missing,
        "unlocated": unlocated,
        "mode": f"labelled set {Path(set_path).name}",
    }
