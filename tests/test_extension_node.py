"""The extension's logic under Node's own test runner (`node --test extension/test/`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[1] / "extension"


def test_extension_logic_under_node_test_runner():
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node: apt-get install -y nodejs")
    result = subprocess.run([node, "--test", str(EXTENSION / "test")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
