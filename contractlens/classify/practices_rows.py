"""Extra inputs of the practice classifier beyond a segment's own n-grams.

OPP-115 categories follow the document's flow (an "Introduction" opens a policy, contact
details close it, a children's section sits next to other scope statements), so a segment's
neighbours and its position carry signal its own words lack. Also a few hand-written keyword
indicators for the weakest categories. These are the rows the run-time model reads; the
training weights live in `training/practices.py`. All of it is recomputed from text and
order, so nothing here needs storing.
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp

KEYWORD_PATTERNS = [
    # retention
    r"\b(retain|retention|keep|kept|store|stored|storage|preserve)\w*\b",
    r"\b(days?|months?|years?|period|as long as|until|no longer|delete|deleted|destroy|anonymi[sz]e)\b",
    r"\b(retain|keep|store)\w*\b[^.]{0,80}\b(for|until|as long as|days?|months?|years?)\b",
    # audiences
    r"\bchild(ren)?\b|\bminors?\b|\bkids?\b",
    r"\bunder (the age of )?(13|16|18|thirteen)\b|\bcoppa\b|\bparent",
    r"\bcalifornia\b|\bshine the light\b|\b1798\.83\b",
    r"\b(eu|european|eea|switzerland|swiss|safe harbou?r|privacy shield|international|outside the united states)\b",
    # other: contact details, introductions, definitions
    r"@|\b(contact us|e-?mail us|write to us|questions|comments|concerns)\b",
    r"\b(introduction|this (privacy )?policy (describes|explains|applies)|welcome|overview|scope|effective date"
    r"|last (updated|modified|revised))\b",
    r"\b(street|suite|ave|avenue|p\.?o\.? box|attn|attention)\b|\b\d{5}\b|\(\d{3}\)|\d{3}[-.]\d{3}[-.]\d{4}",
    r"\b(terms of (use|service)|definitions?|means)\b",
    # security
    r"\b(secur\w*|encrypt\w*|ssl|tls|firewall\w*|safeguard\w*|protect\w*)\b",
]
_KEYWORDS = [re.compile(p, re.I) for p in KEYWORD_PATTERNS]
N_POSITION = 6


def keyword_features(texts: list[str]) -> sp.csr_matrix:
    """0/1 per keyword pattern, plus 'very short' and 'very long' indicators."""
    rows = []
    for text in texts:
        words = len(text.split())
        rows.append([1.0 if p.search(text) else 0.0 for p in _KEYWORDS] + [words < 12, words > 120])
    return sp.csr_matrix(np.asarray(rows, dtype=np.float32).reshape(len(texts), len(_KEYWORDS) + 2))


def neighbour_masks(groups: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Has-previous and has-next masks (same document) and relative position 0..1."""
    n = len(groups)
    has_prev = np.array([i > 0 and groups[i - 1] == groups[i] for i in range(n)], dtype=bool)
    has_next = np.array([i < n - 1 and groups[i + 1] == groups[i] for i in range(n)], dtype=bool)
    position = np.zeros(n, dtype=np.float32)
    start = 0
    for i in range(n + 1):
        if i == n or (i > 0 and groups[i] != groups[i - 1]):
            length = i - start
            if length:
                position[start:i] = np.arange(length) / max(length - 1, 1)
            start = i
    return has_prev, has_next, position


def _shifted(X: sp.csr_matrix, step: int, mask: np.ndarray) -> sp.csr_matrix:
    rows = np.clip(np.arange(X.shape[0]) + step, 0, max(X.shape[0] - 1, 0))
    return (sp.diags(mask.astype(np.float32)) @ X[rows]).tocsr()


def position_indicators(has_prev: np.ndarray, has_next: np.ndarray, position: np.ndarray) -> np.ndarray:
    """The N_POSITION position columns: relative position both ways, first, last, opening, closing."""
    first, last = ~has_prev, ~has_next
    return np.c_[position, 1 - position, first, last, position < 0.15, position > 0.85].astype(np.float32)


def context_features(X: sp.csr_matrix, groups: list[str], weight: float) -> sp.csr_matrix:
    """[previous segment's row, next segment's row] × weight, then position indicators."""
    has_prev, has_next, position = neighbour_masks(groups)
    neighbours = [weight * _shifted(X, -1, has_prev), weight * _shifted(X, 1, has_next)]
    return sp.hstack(neighbours + [sp.csr_matrix(position_indicators(has_prev, has_next, position))], format="csr")


def extended_matrix(X: sp.csr_matrix, texts: list[str], groups: list[str], recipe: dict) -> sp.csr_matrix:
    """The segment's own n-grams followed by whatever extra blocks the recipe turns on."""
    blocks = [X]
    if recipe.get("context", 0):
        blocks.append(context_features(X, groups, recipe["context"]))
    if recipe.get("keywords", 0):
        blocks.append(recipe["keywords"] * keyword_features(texts))
    return sp.hstack(blocks, format="csr", dtype=np.float32) if len(blocks) > 1 else X


class ContextRows:
    """The rows `extended_matrix` would build, kept as the segments' own n-gram rows.

    Multiplying by coefficients (`rows @ W`, which `LinearLabels.decision` does) scores the
    neighbour blocks from the own rows' products, shifted by one segment, instead of copying
    every row twice into a matrix three times as large: same scores up to float rounding, at
    a fraction of the cost on a 300-clause document.
    """

    def __init__(self, own: sp.csr_matrix, texts: list[str], groups: list[str], recipe: dict):
        self.own, self.texts, self.groups, self.recipe = own, texts, groups, recipe

    @property
    def shape(self) -> tuple[int, int]:
        n_rows, n = self.own.shape
        extra = (2 * n + N_POSITION if self.recipe.get("context", 0) else 0)
        extra += len(_KEYWORDS) + 2 if self.recipe.get("keywords", 0) else 0
        return n_rows, n + extra

    def materialise(self) -> sp.csr_matrix:
        return extended_matrix(self.own, self.texts, self.groups, self.recipe)

    def __matmul__(self, W: np.ndarray) -> np.ndarray:
        n = self.own.shape[1]
        scores = np.asarray(self.own @ W[:n], dtype=np.float32)
        used = n
        weight = self.recipe.get("context", 0)
        if weight:
            previous = np.asarray(self.own @ W[n : 2 * n], dtype=np.float32)
            following = np.asarray(self.own @ W[2 * n : 3 * n], dtype=np.float32)
            has_prev, has_next, position = neighbour_masks(self.groups)
            scores[1:] += weight * previous[:-1] * has_prev[1:, None]
            scores[:-1] += weight * following[1:] * has_next[:-1, None]
            scores += position_indicators(has_prev, has_next, position) @ W[3 * n : 3 * n + N_POSITION]
            used = 3 * n + N_POSITION
        if self.recipe.get("keywords", 0):
            keywords = self.recipe["keywords"] * keyword_features(self.texts)
            scores += np.asarray(keywords @ W[used : used + keywords.shape[1]], dtype=np.float32)
        return scores
