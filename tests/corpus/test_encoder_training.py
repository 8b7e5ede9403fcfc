"""Training and cross-validating the combined recipe (linear model + encoder) on a CLAUDETTE slice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlens.cli import main


def _corpus_slice(source: Path, target: Path, docs: list[str]) -> Path:
    for kind in ("sentences", "tags"):
        folder = target / kind / "en" / "original"
        folder.mkdir(parents=True, exist_ok=True)
        for doc in docs:
            shutil.copy(source / kind / "en" / "original" / f"{doc}.txt", folder / f"{doc}.txt")
    return target


@pytest.mark.slow
@pytest.mark.timeout(900)  # about 2 minutes of CPU: two linear fits and an ONNX export per fold
def test_train_and_cross_validate_the_combined_recipe_on_a_slice(claudette_dir, tmp_path):
    """Training on 5 documents for a few steps: both models written, loaded and used by `evaluate`;
    the CV fits the recipe inside each fold (a validation split of the training documents only)."""
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    from contractlens.training.datasets.claudette import document_names
    from contractlens.training.encoder import EncoderRecipe
    from contractlens.training.unfair_encoder import split_validation

    docs = document_names(claudette_dir, "en")[:5]
    corpus = _corpus_slice(claudette_dir, tmp_path / "corpus", docs)
    runner = CliRunner()
    result = runner.invoke(main, ["train", "unfair", "--corpus", str(corpus), "--out", str(tmp_path / "unfair"),
                                  "--encoder-steps", "3"])
    assert result.exit_code == 0, result.output
    meta = json.loads((tmp_path / "encoder" / "meta.json").read_text())
    assert meta["training"]["documents"] == 5 and meta["recipe"]["encoder"]["max_steps"] == 3
    assert meta["base"]["sha256"]["model.safetensors"].startswith("53aa5117")
    assert set(meta["blend"]) == {"weight", "threshold", "screen"}

    from contractlens.evaluation.unfair_cv import evaluate

    crossed = evaluate(corpus, cv=2, encoder_recipe=EncoderRecipe(max_steps=2))
    assert crossed["mode"] == "cv" and crossed["models"] == "linear + encoder (int8)"
    assert {"linear_only", "combined_fp32", "encoder_fp32_alone", "encoder_int8_alone", "documents_read"} <= set(crossed)
    assert len(crossed["fold_fits"]) == 2
    for fit in crossed["fold_fits"]:  # the blend was chosen on training documents of the fold
        assert fit["fit_documents"] + fit["validation_documents"] in (2, 3)
    fit_docs, val_docs = split_validation(docs, 0.2, 0)
    assert not set(fit_docs) & set(val_docs) and sorted(fit_docs + val_docs) == sorted(docs)
