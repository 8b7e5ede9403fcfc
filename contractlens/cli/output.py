"""Where a command's output goes: stdout, or the file named by -o (an error if unwritable)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError


def write_output(text: str, output: str | None) -> None:
    """Write `text` to stdout when `output` is None or "-", else to that file."""
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
