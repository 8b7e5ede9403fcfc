"""Which trained models exist, where they live, and one cached instance of each per process.

Mirrors spaCy's registries: a name maps to the run-time module that loads it. Every model
module exposes a classifier class with `load(directory)`, `predict(clauses, lang)` and a
`version` string; training and evaluation live in their own wings (`training/`, `evaluation/`).
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent.parent / "models"
PACKAGED_MODELS_DIR = Path(__file__).resolve().parent.parent / "_models"

MODEL_MODULES = {
    "unfair": "contractlens.classify.unfair",
    "practices": "contractlens.classify.practices",
    "encoder": "contractlens.classify.encoder",  # read through the unfair model (classify/blend.py)
    "answers": "contractlens.classify.answer_check",  # read through the flags (pipeline._classify)
}

# models read through another model's stage, not readers of their own (no coverage line)
READ_THROUGH = ("encoder", "answers")


def model_module(name: str):
    """The run-time module of model `name` (its `Classifier`)."""
    if name not in MODEL_MODULES:
        raise KeyError(f"unknown model {name!r}; known: {', '.join(MODEL_MODULES)}")
    return importlib.import_module(MODEL_MODULES[name])


def default_model_dir(name: str) -> Path:
    """The committed model directory: `models/<name>/` in a checkout, or the packaged copy."""
    for base in (MODELS_DIR, PACKAGED_MODELS_DIR):
        candidate = base / name
        if (candidate / "manifest.json").is_file():
            return candidate
    return MODELS_DIR / name


# model folders chosen for a while instead of the committed ones (`models_from`)
_CHOSEN: dict[str, Path] = {}


@contextmanager
def models_from(directories: dict[str, Path]):
    """Inside the block, `get_model(name)` loads these folders instead of the committed models: an
    evaluation reads a candidate (a practices model trained without the documents it is scored on)
    through the whole pipeline, as a scan would read the committed one."""
    before = dict(_CHOSEN)
    _CHOSEN.update({name: Path(directory) for name, directory in directories.items()})
    try:
        yield
    finally:
        _CHOSEN.clear()
        _CHOSEN.update(before)


def get_model(name: str, directory: str | None = None):
    """Load model `name` once per process and reuse it (DESIGN §1)."""
    chosen = directory or _CHOSEN.get(name)
    return _loaded(name, str(chosen)) if chosen else _committed(name)


@lru_cache(maxsize=None)
def _committed(name: str):
    """The committed model, its folder looked up once (every analysis asks for it)."""
    return _loaded(name, str(default_model_dir(name)))


@lru_cache(maxsize=None)
def _loaded(name: str, directory: str):
    return model_module(name).Classifier.load(Path(directory))
