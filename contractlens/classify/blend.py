"""How the linear unfair-clause model and the fine-tuned encoder decide together.

The linear model screens: only a clause whose best category margin is above `screen` is read
by the encoder (most clauses are plainly fair, and the encoder costs far more per clause).
A category is flagged when the weighted mean of the two models' scores reaches `threshold`:
the linear score is 1/(1+e^(-2·margin)) (its margin as a probability-like score), the encoder's
its sigmoid. Their errors differ, so the mean beats either alone. `weight`, `threshold` and
`screen` are fitted state, chosen on validation documents inside the training folds
(`training/unfair_encoder.py`); run time and evaluation share this one rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def linear_score(margins: np.ndarray) -> np.ndarray:
    """The linear model's margin as a score in (0, 1), 0.5 at the decision boundary."""
    return 1.0 / (1.0 + np.exp(-2.0 * np.asarray(margins, dtype=np.float64)))


@dataclass(frozen=True)
class Blend:
    weight: float  # share of the linear score in the mean (the encoder gets 1 - weight)
    threshold: float
    screen: float

    def candidates(self, margins: np.ndarray) -> np.ndarray:
        """Rows the encoder reads: the best linear margin is above the screen."""
        return np.asarray(margins).max(axis=1) > self.screen if len(margins) else np.zeros(0, dtype=bool)

    def scores(self, margins: np.ndarray, encoder_scores: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """Combined scores (rows × categories); rows off the screen score 0. `encoder_scores`
        holds one row per candidate, in order."""
        out = np.zeros(np.shape(margins), dtype=np.float64)
        if candidates.any():
            out[candidates] = self.weight * linear_score(margins[candidates]) + (1 - self.weight) * encoder_scores
        return out

    def flagged(self, scores: np.ndarray) -> np.ndarray:
        return scores >= self.threshold

    def as_dict(self) -> dict:
        return {"weight": self.weight, "threshold": self.threshold, "screen": self.screen}
