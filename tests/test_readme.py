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


def test_journalist_workflow_runs_as_written(tmp_path, monkeypatch):
    """The scan → export → report commands of the README, verbatim, on a small folder."""
    import shlex
    import shutil

    from click.testing import CliRunner

    from contractlens.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in _code_blocks(readme) if "contractlens scan policies/" in b)
    commands = [
        line for line in block.splitlines() if line.startswith("contractlens ") and "--urls" not in line
    ]
    assert len(commands) >= 5
    (tmp_path / "policies" / "acme").mkdir(parents=True)
    shutil.copy(ROOT / "corpora" / "examples" / "acme-terms.html", tmp_path / "policies" / "acme" / "terms.html")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = CliRunner().invoke(main, shlex.split(command)[1:], catch_exceptions=False)
        assert result.exit_code == 0, (command, result.output)
    assert "arbitration" in (tmp_path / "findings.csv").read_text(encoding="utf-8")
    assert (tmp_path / "report.html").read_text(encoding="utf-8").count("<svg") >= 2
    assert (tmp_path / "report.md").is_file() and (tmp_path / "documents.jsonl").is_file()
