"""Cross-validation folds by document: a document's rows are all in training or all in test."""

from __future__ import annotations

import numpy as np


def document_folds(groups, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train rows, test rows) of `k` folds where `groups[i]` names row i's document (GroupKFold)."""
    from sklearn.model_selection import GroupKFold  # evaluation only: keeps model loading fast

    groups = np.asarray(groups)
    return list(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups))
