"""Inputs the fuzzers (benchmarks/fuzz.py) found to crash, hang or break a promise, replayed.

Each file under tests/fixtures/fuzz/HARNESS/ goes through the same check as in the fuzzer
(tests/support/fuzz_cases.py): it must be read or refused with a ContractlensError, never
raise anything else, keep its offsets inside the text, and finish in well under the fuzzer's
10-second hang limit. File names carry what the harness drew besides the bytes:
`segment/NAME.LANG[.split].txt`, `decode/NAME.CHARSET.MEDIA.bin` (`none` for no value,
`text-html` for text/html), `declarations/NAME.json|yaml`.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.support import fuzz_cases

FIXTURES = Path(__file__).parent / "fixtures" / "fuzz"
MEDIA_TYPES = {"html": "text/html", "markdown": "text/markdown", "pdf": "application/pdf"}


def _none(value: str) -> str | None:
    return None if value == "none" else value


def replay(harness: str, path: Path) -> None:
    data = path.read_bytes()
    if harness in MEDIA_TYPES:
        fuzz_cases.check_extract(data, MEDIA_TYPES[harness], source=path.name)
    elif harness == "decode":
        _, charset, media = path.name.rsplit(".", 3)[:3]
        fuzz_cases.check_decode(data, _none(charset), _none(media.replace("-", "/", 1)))
    elif harness == "segment":
        parts = path.name.split(".")
        fuzz_cases.check_segment(data.decode("utf-8"), parts[1], "split" in parts[2:-1])
    elif harness == "terms":
        fuzz_cases.check_profile(data.decode("utf-8", errors="replace"))
    elif harness == "declarations":
        fuzz_cases.check_declaration(data.decode("utf-8"), path.suffix)
    else:
        raise AssertionError(f"no harness named {harness!r} for {path}")


CASES = sorted((p.parent.name, p) for p in FIXTURES.glob("*/*") if p.is_file())


@pytest.mark.parametrize("harness, path", CASES, ids=[f"{h}/{p.name}" for h, p in CASES])
def test_fuzz_found_input_is_read_or_refused_cleanly(harness, path):
    start = time.perf_counter()
    replay(harness, path)
    assert time.perf_counter() - start < 5.0, "much slower than a document of its size should take"


def test_there_are_regression_inputs():
    assert CASES, f"no inputs under {FIXTURES}"
