"""`contractlens scan`, `export`, `report`: thin commands over contractlens.scan and .report."""

from __future__ import annotations

import sys

import click

from ..language import MODEL_LANGUAGES
from ..scan.export import EXPORT_TABLES, FORMATS
from .render_options import render_options


@click.command()
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="SQLite file to write (created if missing).")
@click.option("--urls", "urls_file", type=click.Path(dir_okay=False), help="A file with one URL per line ('#' comments allowed).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDR", help="Dask scheduler address (tcp://host:8786); default: a local cluster.")
@click.option("--terms", "terms", multiple=True, metavar="PROFILE", help="Terms profile name or YAML file; repeatable.")
@click.option("--resume/--no-resume", default=True, show_default=True, help="Skip inputs already scanned with the same bytes and models.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private, loopback and link-local addresses.")
@click.option("--declarations", type=click.Path(exists=True), help="Declaration file or directory (per-site CSS selectors).")
@click.option("--lang", type=click.Choice(["auto", *MODEL_LANGUAGES]), default="auto", show_default=True)
@click.option("--quiet", is_flag=True, help="No progress output.")
@click.option("--fast", is_flag=True, help="Linear models only: no encoder (resume keys differ from a full scan).")
@render_options
def scan(inputs, db_path, urls_file, workers, engine, scheduler, terms, resume, allow_private, declarations, lang, quiet,
         fast, render, render_timeout):
    """Analyse many documents into one SQLite database.

    INPUT is a file, a directory (searched recursively for .html .htm .pdf .md .txt) or a
    URL. Each document is stored in its own transaction; a re-run skips documents already
    scanned with the same content and models. A document that fails becomes a row in the
    `errors` table. Exit status: 0 all documents analysed, 1 some documents are in `errors`,
    2 usage error.
    """
    from ..scan.progress import ScanProgress
    from ..scan.runner import run_scan
    from ..pipeline import models_for
    from ..scan.worker import ScanSettings

    settings = ScanSettings(terms=tuple(terms), models=models_for(fast), allow_private=allow_private, lang=lang,
                            render=render, render_timeout=render_timeout)
    progress = None
    if quiet:
        progress = ScanProgress(enabled=False)
    summary = run_scan(
        inputs, db_path, urls_file=urls_file, settings=settings, workers=workers, engine=engine,
        scheduler=scheduler, resume=resume, declarations=declarations, progress=progress,
    )
    if summary.rendered and not quiet:
        click.echo(f"{summary.rendered} page(s) were rendered in headless Chromium (documents.rendered = 1)", err=True)
    if summary.errors:
        click.echo(f"{summary.errors} input(s) could not be analysed; see the errors table in {db_path}", err=True)
    sys.exit(summary.exit_code)


@click.command()
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False), help="Scan database.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--table", type=click.Choice(EXPORT_TABLES), default="documents", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", help="Output file (default: stdout).")
def export(db_path, fmt, table, output):
    """Export one table of a scan database as CSV or JSON Lines."""
    from ..scan.export import export_table

    if output == "-":
        export_table(db_path, table, fmt, sys.stdout)
        return
    with open(output, "w", encoding="utf-8", newline="") as out:
        export_table(db_path, table, fmt, out)


@click.command()
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False), help="Scan database.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True), help="Report file to write.")
@click.option("--format", "fmt", type=click.Choice(["html", "markdown"]), default="html", show_default=True)
@click.option("--title", default="Terms and privacy policies compared", show_default=True)
def report(db_path, output, fmt, title):
    """Write a self-contained comparison report (HTML or Markdown) from a scan database."""
    from ..scan.summary import load_comparison

    comparison = load_comparison(db_path, title=title)
    if fmt == "html":
        from ..report.html import render_comparison_html as render
    else:
        from ..report.markdown_report import render_comparison_markdown as render
    with click.open_file(output, "w", encoding="utf-8") as out:
        out.write(render(comparison))
