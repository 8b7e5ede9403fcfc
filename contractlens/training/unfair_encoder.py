"""Fitting the combined unfair-clause recipe: the linear model screens, the fine-tuned encoder scores.

Recipe (models/encoder/model-card.md has the figures):
1. The training documents are split by document: 80 % fit, 20 % validation (seeded).
2. A linear model (the `training/unfair.py` recipe) is fitted on the fit documents.
3. The encoder is fine-tuned (`training/encoder.py`) on the fit documents' original English
   sentences: every positive, every negative the linear model finds hard (in-sample best margin
   above `hard_margin`), and a random share of the remaining negatives (fine-tuning on all
   13,000 sentences takes about 25 minutes on 2 cores; most negatives are plainly fair).
4. On the validation documents, both models score; the blend weight, the threshold and the
   screen margin (`classify/blend.py`) are the grid point with the best macro-F1.
The shipped linear model is the one fitted on all documents (`training/unfair.py`); the encoder
is the one from step 3. Nothing is chosen on a test document: `evaluation/unfair_cv.py` runs all
of this inside each training fold.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from ..classify.blend import Blend
from ..classify.encoder import ENCODER_LANGUAGES, MODEL_NAME, ONNX_FILE, TOKENIZER_FILE
from ..classify.persist import write_manifest
from ..classify.unfair import LABELS
from ..typography import normalize_typography
from .encoder import (BASE_DIGESTS, BASE_LICENCE, BASE_NAME, BASE_REVISION, EncoderRecipe, FineTuned,
                      fine_tune, sha256_file, write_runtime_files)
from .unfair import RECIPE as LINEAR_RECIPE
from .unfair import Corpus, fit_language_model, training_data
from .unfair_tosdr import weak_examples

RECIPE = {
    "validation_share": 0.2,
    "hard_margin": -0.75,
    "easy_negatives_kept": 0.1,
    "seed": 0,
    "encoder": EncoderRecipe().as_dict(),
    "grid": {
        "weight": [0.3, 0.4, 0.5, 0.6, 0.7],
        "threshold": [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
        "screen": [-1.0, -0.75, -0.5, -0.25],
    },
}


def split_validation(docs: list[str], share: float, seed: int) -> tuple[list[str], list[str]]:
    """(fit documents, validation documents), by a seeded shuffle of the sorted names."""
    docs = sorted(docs)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(docs))
    n_val = max(1, int(round(len(docs) * share)))
    val = sorted(docs[i] for i in order[:n_val])
    return [d for d in docs if d not in set(val)], val


def encoder_rows(Y: np.ndarray, margins: np.ndarray, recipe: dict) -> np.ndarray:
    """Indices the encoder trains on: positives, hard negatives, and a seeded share of the rest."""
    rng = np.random.default_rng(recipe["seed"])
    positive = Y.any(axis=1)
    hard = margins.max(axis=1) > recipe["hard_margin"]
    easy_kept = rng.random(len(Y)) < recipe["easy_negatives_kept"]
    return np.flatnonzero(positive | hard | easy_kept)


def macro_f1(Y: np.ndarray, P: np.ndarray) -> float:
    """Mean over categories of F1 (a category with no positives and no predictions counts 1)."""
    tp = (Y & P).sum(0)
    denom = Y.sum(0) + P.sum(0)
    f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 1.0)
    return float(f1.mean())


def choose_blend(margins: np.ndarray, encoder_scores: np.ndarray, Y: np.ndarray, grid: dict) -> tuple[Blend, float]:
    """The grid point with the best macro-F1 on validation rows; ties go to the higher screen
    (fewer clauses for the encoder) and then to the weight nearest 0.5."""
    Y = np.asarray(Y).astype(bool)
    best, best_key = None, None
    for screen in grid["screen"]:
        candidates = Blend(0.5, 0.5, screen).candidates(margins)
        for weight in grid["weight"]:
            for threshold in grid["threshold"]:
                blend = Blend(weight, threshold, screen)
                P = blend.flagged(blend.scores(margins, encoder_scores[candidates], candidates))
                key = (round(macro_f1(Y, P), 4), screen, -abs(weight - 0.5), -abs(threshold - 0.5))
                if best_key is None or key > best_key:
                    best, best_key = blend, key
    return best, best_key[0]


@dataclass
class CombinedFit:
    """What one run of the recipe produces: the encoder, the blend and how it was chosen."""

    encoder: FineTuned
    blend: Blend
    log: dict


def fit_combined(corpus: Path, lang: str, docs: list[str], recipe: dict | None = None, weak=None,
                 encoder_recipe: EncoderRecipe | None = None, progress=None) -> CombinedFit:
    """Steps 1-4 of the recipe on the documents `docs` of `corpus`."""
    recipe = recipe or RECIPE
    start = time.perf_counter()
    fit_docs, val_docs = split_validation(docs, recipe["validation_share"], recipe["seed"])
    linear = fit_language_model(lang, training_data(corpus, lang, LINEAR_RECIPE, set(fit_docs)), LINEAR_RECIPE, weak)
    native = Corpus.load(corpus, lang)
    fit = native.subset(np.isin(native.docs, fit_docs))
    val = native.subset(np.isin(native.docs, val_docs))
    fit_texts = [normalize_typography(t) for t in fit.texts]
    _, fit_margins, _ = linear.scores(fit_texts)
    rows = encoder_rows(fit.Y, fit_margins, recipe)
    encoder_recipe = encoder_recipe or EncoderRecipe(**recipe["encoder"])
    encoder = fine_tune([fit_texts[i] for i in rows], fit.Y[rows], LABELS, encoder_recipe, progress=progress)
    val_texts = [normalize_typography(t) for t in val.texts]
    _, val_margins, _ = linear.scores(val_texts)
    blend, val_f1 = choose_blend(val_margins, encoder.predict_proba(val_texts), val.Y, recipe["grid"])
    log = {
        "fit_documents": len(fit_docs), "validation_documents": len(val_docs),
        "encoder_rows": int(len(rows)), "encoder_positives": int(fit.Y[rows].any(axis=1).sum()),
        "validation_macro_f1": val_f1, "blend": blend.as_dict(),
        "minutes": round((time.perf_counter() - start) / 60, 1),
    }
    return CombinedFit(encoder, blend, log)


def save_encoder(fitted: CombinedFit, out: Path, documents: int) -> dict:
    """Write the run-time encoder model: the int8 ONNX graph, the tokenizer, the blend, the base
    model's digests, and a manifest of sha256s (what `classify/encoder.py` loads)."""
    out = Path(out)
    write_runtime_files(fitted.encoder, out)
    meta = {
        "name": MODEL_NAME,
        "version": f"{MODEL_NAME}-{date.today():%Y.%m.%d}-{sha256_file(out / ONNX_FILE)[:8]}",
        "trained": date.today().isoformat(),
        "labels": LABELS,
        "languages": list(ENCODER_LANGUAGES),
        "max_tokens": fitted.encoder.recipe.max_tokens,
        "blend": fitted.blend.as_dict(),
        "recipe": {**RECIPE, "encoder": fitted.encoder.recipe.as_dict()},
        "training": {**fitted.log, "documents": documents},
        "base": {"name": BASE_NAME, "revision": BASE_REVISION, "licence": BASE_LICENCE, "sha256": BASE_DIGESTS,
                 "tokenizer_sha256": sha256_file(fitted.encoder.base_dir / TOKENIZER_FILE)},
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8")
    write_manifest(out, [out / ONNX_FILE, out / TOKENIZER_FILE, out / "meta.json"], fmt="contractlens-onnx-json/1")
    return meta


def train(corpus: Path, out: Path, *, recipe: dict | None = None, encoder_recipe: EncoderRecipe | None = None,
          docs: list[str] | None = None, progress=None) -> dict:
    """Fit the recipe on the English documents of `corpus` (all, or `docs`) and write the encoder to `out`."""
    lang = ENCODER_LANGUAGES[0]
    docs = sorted(docs or set(Corpus.load(corpus, lang).docs.tolist()))
    weak = weak_examples(corpus, lang, LABELS, LINEAR_RECIPE.get("tosdr"))
    fitted = fit_combined(corpus, lang, docs, recipe, weak, encoder_recipe, progress)
    meta = save_encoder(fitted, out, len(docs))
    size_mb = sum(p.stat().st_size for p in Path(out).iterdir() if p.is_file()) / 1e6
    return {"version": meta["version"], "documents": len(docs), **fitted.log, "size_mb": round(size_mb, 1)}
