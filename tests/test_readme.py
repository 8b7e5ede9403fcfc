"""The README's two set-up commands are the ones CI runs and the ones that work."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _code_blocks(markdown: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```\n(.*?)```", markdown, flags=re.S)]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = _code_blocks(readme)
    test_command = next(b for b in blocks if "pytest" in b)
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


def test_readme_example_document_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    run_command = _code_blocks(readme)[0]
    example = run_command.split("contractlens check", 1)[1].split()[0]
    assert (ROOT / example).is_file()
