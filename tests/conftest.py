"""Shared fixtures: corpus locations (skip with a clear reason when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractlens.training.corpora import corpus_dir


def _require(name: str):
    path = corpus_dir(name)
    if path is None:
        pytest.skip(
            f"corpus {name!r} not found: set CONTRACTLENS_CORPORA or place it at ../shared/corpora/{name}"
        )
    return path


CORPUS_FIXTURES = {"claudette_dir", "opp115_dir", "ota_dir", "tosdr_dir"}
CORPUS_TESTS = Path(__file__).parent / "corpus"


def pytest_configure(config):
    """No test process may connect to a private-range address, whatever a regression lets through."""
    from tests.support import no_private_traffic

    no_private_traffic.install()


def pytest_collection_modifyitems(items):
    """Tests that read a shared corpus live in tests/corpus/ (which marks them `corpus`, by folder):
    one elsewhere that asks for a corpus fixture, however indirectly, stops the collection."""
    misplaced = [item.nodeid for item in items
                 if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.path.is_relative_to(CORPUS_TESTS)]
    if misplaced:
        raise pytest.UsageError("tests that read a corpus belong in tests/corpus/: " + ", ".join(misplaced))


@pytest.fixture(scope="session")
def claudette_dir():
    return _require("claudette-multilingual")


@pytest.fixture(scope="session")
def opp115_dir():
    return _require("opp115")


@pytest.fixture(scope="session")
def ota_dir():
    return _require("ota")


@pytest.fixture(scope="session")
def tosdr_dir():
    return _require("tosdr")


@pytest.fixture
def local_server():
    """A fresh LocalServer on 127.0.0.1; add routes with `server.routes[path] = Response(...)`."""
    from tests.support.localserver import LocalServer

    with LocalServer() as server:
        yield server
