"""The README's table of refused and repaired inputs quotes messages the code really gives.

Each message in the table's last column (between backticks; `<...>` stands for a value) is cut
at its placeholders and numbers; every longer piece must occur in the package's source, with
string literals that Python joins across lines joined here too. A message reworded in the
code and not in the README (or the reverse) fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_JOINED_LITERALS = re.compile(r"""["']\s*\n\s*[rf]?["']""")  # "...end of one line" \n "next line..."
_PIECE_BREAK = re.compile(r"<[^>]*>|\d[\d,.]*")


def refusal_rows() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What contractlens refuses or repairs", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows[1:]]


def package_source() -> str:
    """The package's code, joined literals joined, with the constants messages name filled in."""
    from contractlens.fetching.chromium import CHROMIUM_ENV
    from contractlens.fetching.robots import ROBOTS_TOKEN

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "contractlens").rglob("*.py")))
    text = _JOINED_LITERALS.sub("", text)
    for field, value in {"{CHROMIUM_ENV}": CHROMIUM_ENV, "{self._token}": ROBOTS_TOKEN,
                         "{human_size(limit)}": "10 MB"}.items():
        text = text.replace(field, value)
    return text


def test_every_refusal_message_in_the_readme_is_in_the_code():
    rows = refusal_rows()
    assert len(rows) >= 25
    source = package_source()
    missing = []
    messages = 0
    for _, outcome, message_cell in rows:
        for message in re.findall(r"`([^`]+)`", message_cell):
            if message.startswith("--"):
                continue
            messages += 1
            for piece in _PIECE_BREAK.split(message):
                piece = piece.strip(" ()")
                if len(piece) >= 8 and piece not in source:
                    missing.append(piece)
    assert messages >= 30
    assert missing == []


def test_every_refusal_row_says_what_happens():
    for input_cell, outcome, message in refusal_rows():
        assert input_cell and outcome
        assert message == "—" or message.startswith("`")
        if outcome.startswith("repaired") or outcome.startswith("dropped"):
            assert message == "—"
        else:
            assert message != "—", input_cell
