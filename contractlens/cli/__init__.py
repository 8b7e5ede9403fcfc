"""The `contractlens` command line: thin Click commands over the library API.

Every user-facing error becomes one line on stderr and exit status 2 (DESIGN §7);
Click's own usage errors already exit 2, and its ClickException (exit 1) is mapped to 2.
An unexpected exception (a bug) is also one line, with exit status 3.
"""

from __future__ import annotations

import os
import sys

import click

from ..version import __version__
from ..errors import ContractlensError, Terminated


class ContractlensGroup(click.Group):
    """A Click group that turns expected errors into one clean line and exit 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ContractlensError as exc:
            click.echo(f"contractlens: error: {exc}", err=True)
            sys.exit(2)
        except click.exceptions.Exit:
            raise
        except click.UsageError:
            raise
        except click.ClickException as exc:
            click.echo(f"contractlens: error: {exc.format_message()}", err=True)
            sys.exit(2)
        except Terminated:
            click.echo("contractlens: stopped by SIGTERM", err=True)
            sys.exit(143)
        except KeyboardInterrupt:
            click.echo("contractlens: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)
        except Exception as exc:  # a bug, not bad input: one line, traceback only on request
            if os.environ.get("CONTRACTLENS_DEBUG"):
                raise
            click.echo(
                f"contractlens: internal error: {type(exc).__name__}: {exc} "
                "(set CONTRACTLENS_DEBUG=1 to see the traceback, and please report it)",
                err=True,
            )
            sys.exit(3)


@click.group(cls=ContractlensGroup)
@click.version_option(__version__, prog_name="contractlens")
def main():
    """Read the terms of service and privacy policies you are asked to accept."""


def _register():
    from .check import check
    from .discover_cmd import discover
    from .models_cmd import evaluate, train
    from .scan_cmd import export, report, scan
    from .serve_cmd import serve
    from .terms_cmd import terms
    from .track_cmd import track

    for command in (check, discover, train, evaluate, terms, scan, export, report, track, serve):
        main.add_command(command)


_register()
