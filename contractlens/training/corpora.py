"""Where the shared annotated corpora live: $CONTRACTLENS_CORPORA or ../shared/corpora.

The corpora are never copied into the project; loaders read them in place.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def corpora_root() -> Path | None:
    """The corpora directory if it exists, else None."""
    env = os.environ.get("CONTRACTLENS_CORPORA")
    candidates = [Path(env)] if env else []
    candidates.append(PROJECT_ROOT.parent / "shared" / "corpora")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def corpus_dir(name: str) -> Path | None:
    """One named corpus (e.g. "claudette-multilingual"), or None when absent."""
    root = corpora_root()
    if root is None:
        return None
    path = root / name
    return path if path.is_dir() else None


def corpus_beside(directory, name: str, probe: str) -> Path | None:
    """Corpus `name` next to `directory` (as in shared/corpora/), else the shared one, else None.

    A corpus counts as present when it holds `probe` (a file or folder inside it).
    """
    sibling = Path(directory).parent / name
    if (sibling / probe).exists():
        return sibling
    shared = corpus_dir(name)
    return shared if shared is not None and (shared / probe).exists() else None
