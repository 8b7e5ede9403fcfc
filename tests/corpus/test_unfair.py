"""The unfair-clause model trained and evaluated on a slice of CLAUDETTE."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlens.classify.unfair import LABELS
from contractlens.cli import main


def _corpus_slice(source: Path, target: Path, docs: list[str]) -> Path:
    """Copy a few documents' sentence and tag files into tmp_path in the corpus layout."""
    for lang in ("en", "de"):
        for kind in ("sentences", "tags"):
            folder = target / kind / lang / "original"
            folder.mkdir(parents=True, exist_ok=True)
            for doc in docs:
                shutil.copy(source / kind / lang / "original" / f"{doc}.txt", folder / f"{doc}.txt")
    return target


@pytest.mark.slow
def test_train_and_evaluate_commands_on_a_corpus_slice(claudette_dir, tmp_path):
    from contractlens.training.datasets.claudette import document_names

    docs = document_names(claudette_dir, "en")[:4]
    corpus = _corpus_slice(claudette_dir, tmp_path / "corpus", docs)
    runner = CliRunner()
    out = tmp_path / "model"
    result = runner.invoke(main, ["train", "unfair", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "manifest.json").is_file() and "unfair-" in result.output

    result = runner.invoke(
        main, ["evaluate", "unfair", "--corpus", str(corpus), "--model", str(out), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    scored = json.loads(result.output)
    assert {"macro_f1", "micro_f1", "per_label", "documents", "sentences", "level_accuracy", "lang", "mode"} <= set(scored)
    assert scored["documents"] == 4 and scored["mode"] == "model" and set(scored["per_label"]) == set(LABELS)
    assert scored["micro_f1"] > 0.5  # scored on its own training documents

    result = runner.invoke(
        main, ["evaluate", "unfair", "--corpus", str(corpus), "--cv", "2", "--lang", "de", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    crossed = json.loads(result.output)
    assert crossed["mode"] == "cv" and crossed["lang"] == "de" and crossed["documents"] == 4

    from contractlens.evaluation.folds import document_folds
    from contractlens.training.unfair import Corpus

    documents = Corpus.load(corpus, "de").docs
    for train, test in document_folds(documents, 2):  # the folds of `--cv 2`: no document on both sides
        assert not set(documents[train]) & set(documents[test])
        assert len(set(documents[test])) == 2
