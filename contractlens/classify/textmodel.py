"""General text-classification helpers: n-gram TF-IDF + per-label linear models, pickle-free.

Any clause classifier can reuse these (they know nothing about a particular corpus):
- `NgramTfidf`: word and character TF-IDF blocks whose whole state is vocabularies + idf
  arrays, rebuilt at load time into sklearn vectorizers (so transform is bit-identical).
- `LinearLabels`: one linear decision function per label + a per-label threshold, stored
  as a sparse coefficient matrix; `contributions` explains a decision by its n-grams.
- `fit_linear_svm`, `best_thresholds`: fitting helpers (metrics live in `evaluation/metrics.py`).
State goes through `state()` / `from_state()` as (JSON meta, named arrays) for
`classify.persist.save_model`.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

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


def _count_matrix_keys(keys: np.ndarray, n_rows: int, width: int) -> sp.csr_matrix:
    """CSR matrix of how often each key (row * width + column) occurs (sorted indices, float32 counts).

    One `np.unique` over the keys: faster than COO -> CSR + sum_duplicates, same result.
    """
    unique, counts = np.unique(keys, return_counts=True)
    index_dtype = np.int32 if len(unique) < 2**31 and width < 2**31 else np.int64
    indices = (unique % width).astype(index_dtype) if width else unique.astype(index_dtype)
    indptr = np.searchsorted(unique, np.arange(n_rows + 1, dtype=np.int64) * width).astype(index_dtype)
    return sp.csr_matrix((counts.astype(np.float32), indices, indptr), shape=(n_rows, width))


class _Block:
    """One fitted TF-IDF block with a fast transform (same numbers as sklearn's).

    sklearn's transform builds every n-gram as a Python string. Here word n-grams become
    integer keys over token ids, looked up in sorted arrays (vectorised), and the character
    n-grams of each distinct whitespace token are computed once and then added up by a
    sparse product (texts x tokens) @ (tokens x n-grams): a 7,000-word document is
    featurised in a few milliseconds, with bit-identical counts.
    """

    CACHE_TOKENS = 30_000  # character n-grams of this many distinct tokens are kept (then reset)

    def __init__(self, spec: dict, vocabulary: np.ndarray, idf: np.ndarray):
        self.spec = spec
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float32)
        self._index: dict[str, int] | None = None
        self.low, self.high = spec["ngram_range"]
        self.token = re.compile(spec.get("token_pattern", r"(?u)\b\w\w+\b"))
        # cached character n-grams: token -> id; the columns of token i are
        # _char_columns[_char_offsets[i]:_char_offsets[i + 1]] (one flat array: no object per token)
        self._char_ids: dict[str, int] = {}
        self._char_columns = np.zeros(0, dtype=np.int32)
        self._char_offsets = np.zeros(1, dtype=np.int64)
        self._word_keys: _WordKeys | None = None

    @property
    def index(self) -> dict[str, int]:
        """n-gram -> column, built on first use (word blocks never need it: see `_WordKeys`)."""
        if self._index is None:
            self._index = {gram: i for i, gram in enumerate(self.vocabulary)}
        return self._index

    def _token_grams(self, token: str) -> list[str]:
        """Character n-grams of one token, padded by spaces as char_wb does, repeats kept.

        A padded token no longer than the smallest n counts once, whole (as sklearn does).
        """
        padded = f" {token} "
        size = len(padded)
        if size <= self.low:
            return [padded]
        return [padded[i : i + n] for n in range(self.low, min(self.high, size) + 1) for i in range(size - n + 1)]

    def _cache(self, tokens) -> None:
        """Compute and cache the character n-gram columns of `tokens` not cached yet, all at once."""
        new = list(set(tokens).difference(self._char_ids))
        if not new:
            return
        first = len(self._char_ids)
        self._char_ids.update(zip(new, range(first, first + len(new))))
        per_token = [self._token_grams(token) for token in new]
        sizes = np.fromiter(map(len, per_token), dtype=np.int64, count=len(per_token))
        grams = list(itertools.chain.from_iterable(per_token))
        columns = np.fromiter(map(self.index.get, grams, itertools.repeat(-1)), dtype=np.int32, count=len(grams))
        known = columns >= 0
        kept_per_token = np.add.reduceat(known.astype(np.int64), np.r_[0, np.cumsum(sizes)[:-1]])
        end = int(self._char_offsets[first])
        self._char_offsets = _grown(self._char_offsets, first + 1 + len(new))
        self._char_offsets[first + 1 : first + 1 + len(new)] = end + np.cumsum(kept_per_token)
        total = int(self._char_offsets[first + len(new)])
        self._char_columns = _grown(self._char_columns, total)
        self._char_columns[end:total] = columns[known]

    def _char_counts(self, texts: list[str]) -> sp.csr_matrix:
        tokens_per_text = [text.split() for text in texts]
        if len(self._char_ids) > self.CACHE_TOKENS:  # bounded memory over a long batch scan
            self._char_ids, self._char_offsets = {}, self._char_offsets[:1]
        self._cache(itertools.chain.from_iterable(tokens_per_text))
        ids = self._char_ids
        flat = np.fromiter(map(ids.__getitem__, itertools.chain.from_iterable(tokens_per_text)), dtype=np.int64)
        used, local = np.unique(flat, return_inverse=True)  # the doc's distinct tokens, renumbered
        lengths = [len(tokens) for tokens in tokens_per_text]
        text_tokens = _count_matrix_from(np.repeat(np.arange(len(texts)), lengths), local, len(texts), len(used))
        starts = self._char_offsets[used]
        sizes = self._char_offsets[used + 1] - starts
        indptr = np.r_[0, np.cumsum(sizes)]
        positions = np.arange(indptr[-1]) - np.repeat(indptr[:-1] - starts, sizes)  # ragged gather
        columns = self._char_columns[positions]
        # repeated n-grams of a token stay separate entries: the product adds them up
        per_token = sp.csr_matrix(
            (np.ones(len(columns), dtype=np.float32), columns, indptr), shape=(len(used), len(self.vocabulary))
        )
        # the product has no duplicates but unsorted indices; two transposing conversions sort
        # them (counting sort) faster than sort_indices, and sorted rows keep sums bit-identical
        return (text_tokens @ per_token).tocsc().tocsr()

    def _word_counts(self, texts: list[str]) -> sp.csr_matrix:
        if self._word_keys is None:
            self._word_keys = _WordKeys(self.vocabulary, self.low, self.high)
        return self._word_keys.counts([self.token.findall(text) for text in texts], len(self.vocabulary))

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        if self.spec["analyzer"] == "char_wb":
            counts = self._char_counts(texts)
        else:
            counts = self._word_counts(texts)
        counts.data = (np.log(counts.data) + 1.0) * self.idf[counts.indices]
        return l2_normalise_rows(counts)


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    """`array` with room for at least `size` items (doubling, so appends cost amortised O(1))."""
    if size <= len(array):
        return array
    bigger = np.zeros(max(size, 2 * len(array)), dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


def _count_matrix_from(rows: np.ndarray, columns: np.ndarray, n_rows: int, width: int) -> sp.csr_matrix:
    """CSR counts of (row, column) pairs."""
    return _count_matrix_keys(rows.astype(np.int64) * width + columns.astype(np.int64), n_rows, width)


class _WordKeys:
    """Word n-grams of a vocabulary as integer keys over token ids, for vectorised lookup.

    A token id is its rank among the distinct tokens of the vocabulary's n-grams; an n-gram
    (t1, ..., tn) becomes the base-K number t1 t2 ... tn. Sorted keys + `searchsorted` find
    the column of every n-gram of a document at once; a token outside the vocabulary cannot
    be part of any known n-gram, so n-grams containing one are dropped.
    """

    def __init__(self, vocabulary: list[str], low: int, high: int):
        self.low, self.high = low, high
        sizes = np.fromiter((gram.count(" ") + 1 for gram in vocabulary), dtype=np.int64, count=len(vocabulary))
        flat = " ".join(vocabulary).split(" ") if vocabulary else []
        self.token_ids = {token: i for i, token in enumerate(dict.fromkeys(flat))}
        self.base = max(len(self.token_ids), 1)
        if self.base ** max(high, 1) >= 2**62:
            raise ValueError("word vocabulary too large for integer n-gram keys")
        ids = np.fromiter(map(self.token_ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        first = np.cumsum(sizes) - sizes  # position in `flat` of each n-gram's first token
        self.keys, self.columns = {}, {}
        for n in range(low, high + 1):
            columns = np.flatnonzero(sizes == n)
            key = np.zeros(len(columns), dtype=np.int64)
            for k in range(n):
                key = key * self.base + ids[first[columns] + k]
            order = np.argsort(key, kind="stable")
            self.keys[n], self.columns[n] = key[order], columns[order]

    def counts(self, tokens_per_text: list[list[str]], width: int) -> sp.csr_matrix:
        get = self.token_ids.get
        lengths = np.array([len(tokens) for tokens in tokens_per_text], dtype=np.int64)
        ids = np.fromiter(
            map(get, itertools.chain.from_iterable(tokens_per_text), itertools.repeat(-1)), dtype=np.int64, count=int(lengths.sum())
        )
        text_of = np.repeat(np.arange(len(tokens_per_text), dtype=np.int64), lengths)
        left_in_text = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(ids))  # tokens from here to the text's end
        rows, columns = [], []
        for n in range(self.low, self.high + 1):
            starts = np.flatnonzero(left_in_text >= n)
            key = np.zeros(len(starts), dtype=np.int64)
            known = np.ones(len(starts), dtype=bool)
            for k in range(n):
                part = ids[starts + k]
                known &= part >= 0
                key = key * self.base + np.maximum(part, 0)
            starts, key = starts[known], key[known]
            found = np.searchsorted(self.keys[n], key)
            found_ok = found < len(self.keys[n])
            found_ok[found_ok] = self.keys[n][found[found_ok]] == key[found_ok]
            rows.append(text_of[starts[found_ok]])
            columns.append(self.columns[n][found[found_ok]])
        return _count_matrix_from(np.concatenate(rows), np.concatenate(columns), len(tokens_per_text), width)


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


def fit_linear_svm(X, y, *, C: float = 0.3, class_weight="balanced", sample_weight=None,
                   random_state=None) -> tuple[np.ndarray, float]:
    """A class-weighted linear SVM for one binary label: (coef, intercept).

    liblinear shuffles the samples: a fixed `random_state` makes two trainings give the same
    coefficients to the last digit (the unfair model's version is a digest of them).
    """
    if y.min() == y.max():  # a label absent from this training slice: never fire
        return np.zeros(X.shape[1], dtype=np.float32), -1.0
    from sklearn.svm import LinearSVC

    clf = LinearSVC(C=C, class_weight=class_weight, max_iter=5000, random_state=random_state)
    clf.fit(X, y, sample_weight=sample_weight)
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

    def contributions(self, x_row, label_index: int, *, row: int = 0, max_column: int | None = None) -> list[tuple[int, float]]:
        """(column, coef × value) of the features present in one sample, largest first.

        `x_row` is one sample, or a CSR matrix of which `row` is read in place (slicing a
        scipy row costs more than the arithmetic); `max_column` ignores columns from there on.
        """
        if not (sp.isspmatrix_csr(x_row) or isinstance(x_row, sp.csr_array)):
            x_row, row = sp.csr_matrix(x_row), 0
        lo, hi = x_row.indptr[row], x_row.indptr[row + 1]
        indices, data = x_row.indices[lo:hi], x_row.data[lo:hi]
        if max_column is not None:
            keep = indices < max_column
            indices, data = indices[keep], data[keep]
        values = self.dense_coef_t()[indices, label_index] * data
        order = np.argsort(-values)
        order = order[values[order] > 0]  # same order as before; only the positive ones are kept
        return list(zip(indices[order].tolist(), values[order].tolist()))

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


def fit_weighted_labels(labels, X, targets: np.ndarray, weights: np.ndarray, C: float, prune: float = 1e-4):
    """One class-weighted SVM per label, rows with weight 0 left out (LinearLabels.fit has no weights)."""
    rows, intercepts = [], []
    for j in range(targets.shape[1]):
        keep = weights[:, j] > 0
        coef, intercept = fit_linear_svm(X[keep], targets[keep, j], C=C)
        coef[np.abs(coef) < prune] = 0.0
        rows.append(coef)
        intercepts.append(intercept)
    width = X.shape[1]
    coef = np.vstack(rows) if rows else np.zeros((0, width), dtype=np.float32)
    return LinearLabels(list(labels), coef, intercepts)


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


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # imported on first use: a model load must not pull spaCy

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=65536)
def meaningful(phrase: str) -> bool:
    """A phrase with at least one word that is neither a stop word nor a number (the same few
    thousand n-grams recur across findings, so the answer is cached)."""
    stop_words = _stop_words()
    return any(word not in stop_words and not word.isdigit() and len(word) > 1 for word in _WORD.findall(phrase.lower()))


def readable_evidence(text: str, feature_name, contributions, k: int = 5) -> list[str]:
    """Turn top contributing columns into up to k phrases a person can read.

    Word n-grams are shown as they are; a character n-gram is shown as the word(s) of
    `text` that contain it, so the evidence is always words from the clause.
    """
    lowered = normalise_text(text)
    spans: list[tuple[int, int]] | None = None  # word spans, found only if a character n-gram needs them
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
            if spans is None:
                spans = [(m.start(), m.end()) for m in _WORD.finditer(lowered)]
            phrase = next((text[s:e] for s, e in spans if s <= hit < e), needle)
        phrase = phrase.strip().lower()
        if not meaningful(phrase):
            continue  # "or", "for", "at any", "00": no reason a person can read
        if phrase and phrase not in out and not any(phrase in seen or seen in phrase for seen in out if len(seen) > 2):
            out.append(phrase)
        if len(out) >= k:
            break
    return out
