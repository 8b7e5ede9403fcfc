"""`contractlens check TARGET`: read one site's terms and say what you are giving up."""

from __future__ import annotations

import json
import sys

import click

from ..check import FAIL_ON_LEVEL, check_target, exit_status
from ..errors import InputError
from ..language import MODEL_LANGUAGES
from .output import write_output
from .render_options import render_options


def _render(result, fmt: str, explain: bool) -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        from ..report.html import render_analyses_html

        return render_analyses_html(result.analyses)
    from ..report.check_render import render

    separator = "\n" + "═" * 78 + "\n\n" if fmt == "text" else "\n---\n\n"
    return separator.join(render(a, fmt, explain=explain) for a in result.analyses)


@click.command()
@click.argument("target")
@click.option("--terms", "terms", multiple=True, metavar="PROFILE",
              help="Your terms: a shipped profile name (see `terms list`) or a YAML file. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text",
              show_default=True)
@click.option("-o", "--output", default=None, metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--lang", type=click.Choice(["auto", *MODEL_LANGUAGES]), default="auto", show_default=True,
              help="Language of the document (auto-detected by default).")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON_LEVEL)), default="none", show_default=True,
              help="Exit 1 when a clause at this level (or a violated term) is found.")
@click.option("--explain", is_flag=True, help="Show the words that drove each finding.")
@click.option("--letter", default=None, metavar="FILE",
              help="Also write a plain-language letter to the site about the violated terms ('-' for stdout).")
@click.option("--allow-private", is_flag=True, help="Allow fetching private/loopback addresses (e.g. a local server).")
@click.option("--ignore-robots", is_flag=True, help="Fetch even when robots.txt disallows it.")
@click.option("--accept-language", default=None, metavar="LANGS", help="Accept-Language header, e.g. 'de,en;q=0.5'.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True,
              help="Seconds to wait for a server to answer.")
@click.option("--declarations", default=None, metavar="FILE_OR_DIR",
              help="Per-site extraction declarations (Open Terms Archive style).")
@render_options
@click.option("--fast", is_flag=True, help="Linear models only: no encoder (faster, less accurate; README: Models).")
def check(target, terms, fmt, output, lang, fail_on, explain, letter, allow_private, ignore_robots,
          accept_language, timeout, declarations, render, render_timeout, fast):
    """Analyse TARGET (a URL, a domain, a file, or - for stdin) and report its unfair clauses.

    Exit status: 0 when nothing reaches --fail-on, 1 when something does, 2 on bad input.
    """
    result = check_target(
        target,
        terms=terms,
        lang=lang,
        allow_private=allow_private,
        respect_robots=not ignore_robots,
        accept_language=accept_language,
        declarations=declarations,
        timeout=timeout,
        render=render,
        render_timeout=render_timeout,
        fast=fast,
    )
    for warning in result.warnings:
        click.echo(f"contractlens: warning: {warning}", err=True)
    write_output(_render(result, fmt, explain), output)
    if letter:
        if not result.profiles:
            raise InputError("--letter needs at least one --terms profile to write about")
        from ..assess.counteroffer import compose_letter

        write_output(compose_letter(result.analyses, result.profiles), letter)
    sys.exit(exit_status(result, fail_on))
