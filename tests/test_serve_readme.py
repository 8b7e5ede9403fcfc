"""The README's section on `serve` and the extension says what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from contractlens.cli import main
from contractlens.serve.openapi import OPENAPI

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## In your browser", 1)[1].split("\n## ", 1)[0]


def test_the_screenshots_the_readme_shows_are_committed():
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", SECTION)
    assert len(images) == 2
    for image in images:
        assert (ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_serve_option_in_the_readme_is_in_the_command():
    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    options = set(re.findall(r"`(--[a-z-]+)", SECTION))
    assert {"--port", "--open", "--allow-private", "--rate-limit", "--max-upload", "--extension-origin"} <= options
    assert all(option in help_text for option in options)


def test_every_api_call_in_the_readme_is_in_the_openapi_document():
    calls = set(re.findall(r"`(?:GET|POST) (/api/[^` ]+)", SECTION))
    assert calls == set(OPENAPI["paths"])
