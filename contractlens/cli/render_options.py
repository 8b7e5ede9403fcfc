"""The `--render` and `--render-timeout` options, shared by check, scan and track run."""

from __future__ import annotations

import click

from ..fetching.render import DEFAULT_RENDER_TIMEOUT, RENDER_MODES


def render_options(command):
    """Add --render auto|never|always and --render-timeout SECONDS to a Click command."""
    command = click.option(
        "--render-timeout", type=click.FloatRange(1, 600), default=DEFAULT_RENDER_TIMEOUT, show_default=True,
        metavar="SECONDS", help="Time limit for rendering one page in headless Chromium.",
    )(command)
    return click.option(
        "--render", type=click.Choice(RENDER_MODES), default="auto", show_default=True,
        help="Render pages in the system's headless Chromium: auto = only pages whose text is drawn by "
             "JavaScript; always = every web page; never = refuse such pages.",
    )(command)
