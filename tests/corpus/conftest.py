"""The tests in this folder read the shared corpora: each gets the `corpus` marker, by folder,
and all of them skip, with the reason, when no corpus is found at all (each also skips when
the one corpus it reads is missing, through its fixture in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractlens.training.corpora import corpus_dir

HERE = Path(__file__).parent
CORPORA = ("claudette-multilingual", "opp115", "ota", "tosdr")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(autouse=True)
def _corpora_present():
    if not any(corpus_dir(name) for name in CORPORA):
        pytest.skip("no shared corpus found: set CONTRACTLENS_CORPORA or place the corpora at ../shared/corpora/")
