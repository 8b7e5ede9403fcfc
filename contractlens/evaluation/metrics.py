"""Scores of label predictions: precision/recall/F1 by scikit-learn, and recall on quote checks."""

from __future__ import annotations

import numpy as np


def label_metrics(labels: list[str], Y: np.ndarray, P: np.ndarray) -> dict:
    """macro/micro F1 and per-label precision, recall, F1, support for binary label matrices.

    macro-F1 is the mean of the per-label F1 as reported (rounded to 4 places).
    """
    from sklearn.metrics import precision_recall_fscore_support

    Y, P = np.asarray(Y).astype(bool), np.asarray(P).astype(bool)
    if not labels:
        return {"macro_f1": 0.0, "micro_f1": 0.0, "per_label": {}}
    per_label = {}
    for j, label in enumerate(labels):  # one binary problem per label (a one-label matrix is no multilabel)
        precision, recall, f1, _ = precision_recall_fscore_support(Y[:, j], P[:, j], average="binary", zero_division=0)
        per_label[label] = {
            "precision": round(float(precision), 4),
            "recall": round(float(recall), 4),
            "f1": round(float(f1), 4),
            "support": int(Y[:, j].sum()),
        }
    # micro: the pooled counts of every label, i.e. one binary problem over all cells
    micro = precision_recall_fscore_support(Y.ravel(), P.ravel(), average="binary", zero_division=0)[2]
    macro = float(np.mean([row["f1"] for row in per_label.values()]))
    return {"macro_f1": round(macro, 4), "micro_f1": round(float(micro), 4), "per_label": per_label}


def label_recall(labels: list[str], fired: np.ndarray, gold: list[str]) -> dict:
    """Recall per label for texts that each show one known label (`gold[i]`, "" for none):
    the share of a label's texts `fired` (texts × labels) flags with it. For checks on quotes,
    where a text shows one practice or clause kind but may hold others, so precision is undefined."""
    gold = np.asarray(gold)
    per_label = {}
    for j, label in enumerate(labels):
        mask = gold == label
        if mask.any():
            hits = int(fired[mask, j].sum())
            per_label[label] = {"recall": round(hits / int(mask.sum()), 4), "flagged": hits, "support": int(mask.sum())}
    mapped = sum(row["support"] for row in per_label.values())
    return {
        "per_label": per_label,
        "macro_recall": round(float(np.mean([row["recall"] for row in per_label.values()])), 4) if per_label else 0.0,
        "micro_recall": round(sum(row["flagged"] for row in per_label.values()) / max(mapped, 1), 4),
    }


def document_metrics(labels: list[str], docs, Y: np.ndarray, P: np.ndarray) -> dict:
    """What a person reads, per document: is each category reported when the document has such a
    clause (precision / recall over documents × categories), and is the first clause quoted for a
    reported category really one of it (rows are in document order)."""
    docs = np.asarray(docs)
    Y, P = np.asarray(Y).astype(bool), np.asarray(P).astype(bool)
    names = list(dict.fromkeys(docs.tolist()))
    gold = np.array([Y[docs == d].any(axis=0) for d in names])
    reported = np.array([P[docs == d].any(axis=0) for d in names])
    first_right = np.zeros(len(labels), dtype=np.int64)
    for d in names:
        rows = np.flatnonzero(docs == d)
        for j in range(len(labels)):
            hits = rows[P[rows, j]]
            if len(hits):
                first_right[j] += int(Y[hits[0], j])
    tp = int((gold & reported).sum())
    precision = tp / max(int(reported.sum()), 1)
    recall = tp / max(int(gold.sum()), 1)
    per_label = {
        label: {
            "precision": round(int((gold[:, j] & reported[:, j]).sum()) / max(int(reported[:, j].sum()), 1), 4),
            "recall": round(int((gold[:, j] & reported[:, j]).sum()) / max(int(gold[:, j].sum()), 1), 4),
            "first_quote_right": round(int(first_right[j]) / max(int(reported[:, j].sum()), 1), 4),
            "documents_with": int(gold[:, j].sum()),
        }
        for j, label in enumerate(labels)
    }
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 4),
        "first_quote_right": round(int(first_right.sum()) / max(int(reported.sum()), 1), 4),
        "per_label": per_label,
    }
