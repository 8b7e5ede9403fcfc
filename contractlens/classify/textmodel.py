"""General text-classification helpers: n-gram TF-IDF + per-label linear models, pickle-free.

Any clause classifier can reuse these (they know nothing about a particular corpus):
- `NgramTfidf`: word and character TF-IDF blocks whose whole state is vocabularies + idf
  arrays, rebuilt at load time into sklearn vectorizers (so transform is bit-identical).
- `LinearLabels`: one linear decision function per label + a per-label threshold, stored
  as a sparse coefficient matrix; `contributions` explains a decision by its n-grams.
- `fit_linear_svm`, `best_thresholds`, `label_metrics`: training and scoring helpers.
State goes through `state()` / `from_state()` as (JSON meta, named arrays) for
`classify.persist.save_model`.
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp

# scikit-learn is imported inside the fitting functions only: importing it takes 1-2 s,
# longer than loading the models, and prediction does not need it.

_DIGITS = re.compile(r"\d")
_WORD = re.compile(r"\w+")

DEFAULT_NGRAMS = {
    "word": {"analyzer": "word", "ngram_range": [1, 3], "min_df": 2, "token_pattern": r"(?u)\b\w+\b"},
    "char": {"analyzer": "char_wb", "ngram_range": [2, 5], "min_df": 2},
}


def normalise_text(text: str) -> str:
    """Lowercase and map digits to 0, so '30 days' and '90 days' share features."""
    return _DIGITS.sub("0", text.lower())


def _vectorizer(spec: dict):
    """The sklearn vectorizer used at fit time to choose the vocabulary and idf."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer=spec["analyzer"],
        ngram_range=tuple(spec["ngram_range"]),
        min_df=spec.get("min_df", 1),
        max_features=spec.get("max_features"),
        token_pattern=spec.get("token_pattern", r"(?u)\b\w\w+\b"),
        lowercase=False,  # texts are normalised by `normalise_text` first
        sublinear_tf=True,
        dtype=np.float32,
    )


def _pack_strings(strings: list[str]) -> np.ndarray:
    """Newline-joined UTF-8 bytes: n-grams never contain a newline, and this loads fast."""
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _unpack_strings(packed: np.ndarray) -> list[str]:
    return packed.tobytes().decode("utf-8").split("\n") if packed.size else []


def l2_normalise_rows(X: sp.csr_matrix, chunk: int = 64) -> sp.csr_matrix:
    """Scale each row of a float32 CSR matrix to unit L2 norm, in place, bit-identical to
    `sklearn.preprocessing.normalize` (float32 squares summed left to right in float64,
    then each value divided in float64), without importing scikit-learn.

    Rows of similar length are laid out in zero-padded blocks so that `np.cumsum`
    (sequential, unlike `sum`, which adds pairwise) gives exactly the same sums; all-zero
    rows stay as they are.
    """
    lengths = np.diff(X.indptr)
    norms = np.zeros(X.shape[0], dtype=np.float64)
    squares = X.data.astype(np.float32) * X.data  # float32 products, as sklearn's loop computes them
    by_length = np.argsort(lengths, kind="stable")  # similar lengths together: little padding
    for first in range(0, X.shape[0], chunk):
        rows = by_length[first : first + chunk]
        row_lengths = lengths[rows]
        width = int(row_lengths.max(initial=0))
        if width == 0:
            continue
        block = np.zeros((len(rows), width), dtype=np.float64)
        starts = np.repeat(X.indptr[rows], row_lengths)
        offsets = np.arange(int(row_lengths.sum())) - np.repeat(np.cumsum(row_lengths) - row_lengths, row_lengths)
        block[np.repeat(np.arange(len(rows)), row_lengths), offsets] = squares[starts + offsets]
        norms[rows] = np.sqrt(np.cumsum(block, axis=1)[:, -1])
    per_value = np.repeat(norms, lengths)
    nonzero = per_value != 0.0
    X.data[nonzero] = (X.data[nonzero].astype(np.float64) / per_value[nonzero]).astype(X.data.dtype)
    return X


def _count_matrix(columns: list[np.ndarray], width: int) -> sp.csr_matrix:
    """CSR matrix of how often each column occurs in each row (sorted indices, float32 counts).

    One `np.unique` over (row, column) keys: faster than COO -> CSR + sum_duplicates, same result.
    """
    n_rows = len(columns)
    lengths = [len(c) for c in columns]
    cols = np.concatenate(columns).astype(np.int64) if columns else np.zeros(0, dtype=np.int64)
    keys = np.repeat(np.arange(n_rows, dtype=np.int64), lengths) * width + cols
    unique, counts = np.unique(keys, return_counts=True)
    index_dtype = np.int32 if len(unique) < 2**31 and width < 2**31 else np.int64
    indices = (unique % width).astype(index_dtype) if width else unique.astype(index_dtype)
    indptr = np.searchsorted(unique, np.arange(n_rows + 1, dtype=np.int64) * width).astype(index_dtype)
    return sp.csr_matrix((counts.astype(np.float32), indices, indptr), shape=(n_rows, width))


class _Block:
    """One fitted TF-IDF block with a fast transform (same numbers as sklearn's).

    sklearn's transform spends most of its time generating character n-grams in Python;
    here the n-gram columns of each distinct whitespace token are computed once and
    cached, which makes a 7,000-word document an order of magnitude faster.
    """

    def __init__(self, spec: dict, vocabulary: np.ndarray, idf: np.ndarray):
        self.spec = spec
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.index = {gram: i for i, gram in enumerate(self.vocabulary)}
        self.low, self.high = spec["ngram_range"]
        self.token = re.compile(spec.get("token_pattern", r"(?u)\b\w\w+\b"))
        self._cache: dict[str, np.ndarray] = {}

    def _word_columns(self, text: str) -> list[int | None]:
        """Columns of the word n-grams of `text` (None for n-grams outside the vocabulary)."""
        tokens = self.token.findall(text)
        grams: list[str] = []
        for n in range(self.low, self.high + 1):
            grams.extend(tokens if n == 1 else map(" ".join, zip(*(tokens[k:] for k in range(n)))))
        return list(map(self.index.get, grams))

    def _token_columns(self, token: str) -> np.ndarray:
        cached = self._cache.get(token)
        if cached is None:
            padded, get, columns = f" {token} ", self.index.get, []
            for n in range(self.low, self.high + 1):
                grams = [padded[i : i + n] for i in range(max(len(padded) - n + 1, 1))]
                columns.extend(c for c in map(get, grams) if c is not None)
                if len(padded) <= n:  # a short word counts once (as sklearn does)
                    break
            cached = np.asarray(columns, dtype=np.int32)
            if len(self._cache) < 200_000:
                self._cache[token] = cached
        return cached

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        char = self.spec["analyzer"] == "char_wb"
        columns = []
        for text in texts:
            if char:
                parts = [self._token_columns(token) for token in text.split()]
                cols = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
            else:
                cols = np.asarray([c for c in self._word_columns(text) if c is not None], dtype=np.int32)
            columns.append(cols)
        counts = _count_matrix(columns, len(self.vocabulary))
        counts.data = (np.log(counts.data) + 1.0) * self.idf[counts.indices]
        return l2_normalise_rows(counts)


class NgramTfidf:
    """Several TF-IDF blocks (e.g. word 1-3-grams and char 2-5-grams), each L2-normalised, side by side."""

    def __init__(self, blocks: dict | None = None):
        self.blocks = {name: dict(spec) for name, spec in (blocks or DEFAULT_NGRAMS).items()}
        self._fitted: dict[str, _Block] = {}

    def fit(self, texts: list[str]) -> "NgramTfidf":
        normalised = [normalise_text(t) for t in texts]
        for name, spec in self.blocks.items():
            vec = _vectorizer(spec).fit(normalised)
            self._fitted[name] = _Block(spec, vec.get_feature_names_out().tolist(), vec.idf_)
        return self

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        normalised = [normalise_text(t) for t in texts]
        parts = [block.transform(normalised) for block in self._fitted.values()]
        return sp.hstack(parts, format="csr", dtype=np.float32)

    def fit_transform(self, texts: list[str]) -> sp.csr_matrix:
        return self.fit(texts).transform(texts)

    @property
    def n_features(self) -> int:
        return sum(len(b.vocabulary) for b in self._fitted.values())

    def feature_name(self, column: int) -> tuple[str, str]:
        """(analyzer, n-gram) of one column."""
        for block in self._fitted.values():
            if column < len(block.vocabulary):
                return block.spec["analyzer"], block.vocabulary[column]
            column -= len(block.vocabulary)
        raise IndexError(column)

    def state(self, prefix: str = "") -> tuple[dict, dict]:
        # a list, not a dict: JSON is written with sorted keys and column order must survive
        meta = {"blocks": [[name, spec] for name, spec in self.blocks.items()]}
        arrays = {}
        for name, block in self._fitted.items():
            arrays[f"{prefix}{name}_vocab"] = _pack_strings(block.vocabulary)
            arrays[f"{prefix}{name}_idf"] = block.idf
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict, arrays: dict, prefix: str = "") -> "NgramTfidf":
        model = cls(dict(meta["blocks"]))
        for name, spec in model.blocks.items():
            vocabulary = _unpack_strings(arrays[f"{prefix}{name}_vocab"])
            model._fitted[name] = _Block(spec, vocabulary, arrays[f"{prefix}{name}_idf"])
        return model


def fit_linear_svm(X, y, *, C: float = 0.3, class_weight="balanced") -> tuple[np.ndarray, float]:
    """A class-weighted linear SVM for one binary label: (coef, intercept)."""
    if y.min() == y.max():  # a label absent from this training slice: never fire
        return np.zeros(X.shape[1], dtype=np.float32), -1.0
    from sklearn.svm import LinearSVC

    clf = LinearSVC(C=C, class_weight=class_weight, max_iter=5000)
    clf.fit(X, y)
    return clf.coef_.ravel().astype(np.float32), float(clf.intercept_[0])


class LinearLabels:
    """One linear decision function per label; a label fires when its score ≥ its threshold."""

    def __init__(self, labels: list[str], coef, intercept, thresholds=None):
        self.labels = list(labels)
        self.coef = sp.csr_matrix(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.thresholds = (
            np.zeros(len(self.labels), dtype=np.float32)
            if thresholds is None
            else np.asarray(thresholds, dtype=np.float32)
        )
        self._dense_coef_t: np.ndarray | None = None

    @classmethod
    def fit(cls, labels, X, Y, *, C: float = 0.3, prune: float = 1e-4) -> "LinearLabels":
        """Fit one SVM per column of Y; coefficients below `prune` are dropped to keep files small."""
        rows, intercepts = [], []
        for j in range(Y.shape[1]):
            coef, intercept = fit_linear_svm(X, Y[:, j], C=C)
            coef[np.abs(coef) < prune] = 0.0
            rows.append(coef)
            intercepts.append(intercept)
        return cls(labels, np.vstack(rows), intercepts)

    def dense_coef_t(self) -> np.ndarray:
        """(n_features, n_labels) dense copy of the coefficients, built once.

        Sparse x dense products are several times faster than sparse x sparse ones and add
        the same float32 terms in the same order, so scores are bit-identical.
        """
        if self._dense_coef_t is None:
            self._dense_coef_t = np.ascontiguousarray(self.coef.T.toarray(), dtype=np.float32)
        return self._dense_coef_t

    def decision(self, X) -> np.ndarray:
        """Raw scores, shape (n_samples, n_labels)."""
        X = X.tocsr() if sp.issparse(X) else X
        return np.asarray(X @ self.dense_coef_t(), dtype=np.float32) + self.intercept

    def predict(self, X) -> np.ndarray:
        return (self.decision(X) >= self.thresholds).astype(np.int8)

    def contributions(self, x_row, label_index: int) -> list[tuple[int, float]]:
        """(column, coef × value) of the features present in one sample, largest first."""
        x_row = sp.csr_matrix(x_row)
        values = self.dense_coef_t()[x_row.indices, label_index] * x_row.data
        order = np.argsort(-values)
        order = order[values[order] > 0]  # same order as before; only the positive ones are kept
        return list(zip(x_row.indices[order].tolist(), values[order].tolist()))

    def state(self, prefix: str = "") -> tuple[dict, dict]:
        meta = {"labels": self.labels}
        arrays = {
            f"{prefix}coef": self.coef,
            f"{prefix}intercept": self.intercept,
            f"{prefix}thresholds": self.thresholds,
        }
        return meta, arrays

    @classmethod
    def from_state(cls, meta: dict, arrays: dict, prefix: str = "") -> "LinearLabels":
        return cls(
            meta["labels"], arrays[f"{prefix}coef"], arrays[f"{prefix}intercept"], arrays[f"{prefix}thresholds"]
        )


def best_threshold(scores: np.ndarray, y: np.ndarray, *, default: float = 0.0) -> float:
    """The score cut that maximises F1 on (out-of-fold) scores; `default` when y has no positives."""
    if y.sum() == 0:
        return default
    order = np.argsort(-scores)
    sorted_scores, sorted_y = scores[order], y[order]
    tp = np.cumsum(sorted_y)
    predicted = np.arange(1, len(y) + 1)
    f1 = 2 * tp / (predicted + y.sum())
    # only cut between distinct scores
    distinct = np.r_[sorted_scores[1:] != sorted_scores[:-1], True]
    f1 = np.where(distinct, f1, -1)
    best = int(np.argmax(f1))
    below = sorted_scores[best + 1] if best + 1 < len(sorted_scores) else sorted_scores[best] - 1.0
    return float((sorted_scores[best] + below) / 2)


def best_thresholds(scores: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return np.array([best_threshold(scores[:, j], Y[:, j]) for j in range(Y.shape[1])], dtype=np.float32)


def label_metrics(labels: list[str], Y: np.ndarray, P: np.ndarray) -> dict:
    """macro/micro F1 and per-label precision, recall, F1, support for binary label matrices."""
    per_label = {}
    tp_all = fp_all = fn_all = 0
    for j, label in enumerate(labels):
        y, p = Y[:, j].astype(bool), P[:, j].astype(bool)
        tp, fp, fn = int((y & p).sum()), int((~y & p).sum()), int((y & ~p).sum())
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": int(y.sum()),
        }
    micro = 2 * tp_all / (2 * tp_all + fp_all + fn_all) if tp_all else 0.0
    macro = float(np.mean([row["f1"] for row in per_label.values()])) if per_label else 0.0
    return {"macro_f1": round(macro, 4), "micro_f1": round(micro, 4), "per_label": per_label}


def readable_evidence(text: str, feature_name, contributions, k: int = 5) -> list[str]:
    """Turn top contributing columns into up to k phrases a person can read.

    Word n-grams are shown as they are; a character n-gram is shown as the word(s) of
    `text` that contain it, so the evidence is always words from the clause.
    """
    lowered = normalise_text(text)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(lowered)]
    out: list[str] = []
    for column, _value in contributions:
        analyzer, gram = feature_name(column)
        if analyzer == "word" or " " in gram.strip():
            phrase = gram
        else:
            needle = gram.strip()
            hit = lowered.find(needle) if needle else -1
            if hit < 0:
                continue
            phrase = next((text[s:e] for s, e in spans if s <= hit < e), needle)
        phrase = phrase.strip().lower()
        if phrase and not any(phrase in seen or seen in phrase for seen in out if len(seen) > 2):
            out.append(phrase)
        if len(out) >= k:
            break
    return out
