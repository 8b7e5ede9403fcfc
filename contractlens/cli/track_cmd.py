"""`contractlens track add | run | list | diff`: follow documents over time, report what changed."""

from __future__ import annotations

import json

import click

from .render_options import render_options

DB_OPTION = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False), default=None,
    help="Tracking database (default: $CONTRACTLENS_HOME/track.sqlite).",
)
ALLOW_PRIVATE = click.option("--allow-private", is_flag=True,
                             help="Allow private and loopback addresses.")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                      show_default=True)


def _store(db_path):
    from ..track.store import TrackStore

    return TrackStore(db_path)


@click.group(name="track")
def track():
    """Keep every version of a document and report changes in its findings."""


@track.command(name="add")
@click.argument("target")
@click.option("--name", default=None, help="Name to refer to it by (default: host/path).")
@click.option("--terms", "terms", multiple=True, metavar="PROFILE",
              help="Asserted-terms profile (name or YAML file) whose verdicts to follow.")
@click.option("--doc-type", type=click.Choice(["terms", "privacy", "cookies"]), default=None,
              help="For a domain: which discovered document to track (default: terms).")
@click.option("--declarations", type=click.Path(exists=True), default=None,
              help="Declaration file or directory (Open Terms Archive style).")
@DB_OPTION
@ALLOW_PRIVATE
def add(target, name, terms, doc_type, declarations, db_path, allow_private):
    """Track TARGET: a document URL, or a domain whose terms page is discovered."""
    from ..track.tracker import add_service

    decls = None
    if declarations:
        from ..declarations import load_declarations

        decls = load_declarations(declarations)
    with _store(db_path) as store:
        service = add_service(store, target, name=name, terms=tuple(terms), declarations=decls,
                              doc_type=doc_type, allow_private=allow_private)
        click.echo(f"tracking {service.name}: {service.url} (database {store.path})")


@track.command(name="run")
@click.option("--name", "names", multiple=True, help="Check only this service (repeatable).")
@click.option("--notify", type=click.Path(dir_okay=False), default=None,
              help="Append each change as one JSON line to FILE.")
@click.option("--atom", type=click.Path(dir_okay=False), default=None,
              help="Write an Atom feed of the changes to FILE.")
@click.option("--min-interval", type=float, default=2.0, show_default=True,
              help="Seconds between two requests to the same host.")
@click.option("--models", default="unfair,encoder,practices,answers", show_default=True,
              help="Comma-separated models to run, or 'none' for rules only.")
@DB_OPTION
@ALLOW_PRIVATE
@FORMAT
@render_options
def run(names, notify, atom, min_interval, models, db_path, allow_private, fmt, render, render_timeout):
    """Check every tracked service once; store new versions and report their changes."""
    from ..fetch import Fetcher
    from ..fetching.render import Renderer
    from ..track.notify import append_jsonl, write_atom
    from ..track.tracker import run_checks

    model_names = () if models.strip().lower() == "none" else tuple(
        m.strip() for m in models.split(",") if m.strip()
    )
    fetcher = Fetcher(allow_private=allow_private, min_interval=min_interval)
    with _store(db_path) as store, Renderer(fetcher, mode=render, time_limit=render_timeout) as renderer:
        results = run_checks(store, fetcher, names=tuple(names), models=model_names, renderer=renderer)
        changes = [r.change for r in results if r.change is not None]
        if notify and changes:
            append_jsonl(notify, changes)
        if atom:
            write_atom(atom, store.changes(limit=100))
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
        return
    if not results:
        click.echo("no services tracked yet; add one with `contractlens track add URL`")
    for result in results:
        click.echo(f"{result.service}: {result.status}: {result.message}")
        for item in (result.change.items if result.change else []):
            click.echo(f"  - {item['message']}")


@track.command(name="list")
@DB_OPTION
@FORMAT
def list_services(db_path, fmt):
    """List tracked services with their latest check and grade."""
    with _store(db_path) as store:
        rows = []
        for service in store.services():
            versions = store.versions(service)
            latest = versions[-1].analysis if versions else {}
            grade = (latest.get("grade") or {}).get("letter")
            coverage = latest.get("coverage") or {}
            rows.append({
                "name": service.name, "url": service.url, "versions": len(versions),
                "grade": grade, "not_graded": "" if grade or not versions else coverage.get("note", "Not graded"),
                "last_checked_at": service.last_checked_at,
                "last_status": service.last_status,
            })
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no services tracked yet")
    for row in rows:
        click.echo(
            f"{row['name']}  {row['url']}  versions: {row['versions']}  grade: "
            f"{row['grade'] or ('not graded' if row['not_graded'] else '-')}"
            f"  last check: {row['last_checked_at'] or 'never'} ({row['last_status'] or '-'})"
        )


@track.command(name="diff")
@click.argument("name")
@click.option("--from", "since", metavar="DATE", default=None,
              help="Compare from the version in force at DATE (YYYY-MM-DD[THH:MM:SS]).")
@click.option("--to", "until", metavar="DATE", default=None,
              help="Compare to the version in force at DATE (default: the latest).")
@click.option("--text", "with_text", is_flag=True, help="Also show a text diff of changed sections.")
@DB_OPTION
@FORMAT
def diff(name, since, until, with_text, db_path, fmt):
    """Show what changed in NAME's findings between two stored versions."""
    from ..track.tracker import diff_versions

    with _store(db_path) as store:
        result = diff_versions(store, name, since=since, until=until, with_text=with_text)
    if fmt == "json":
        click.echo(json.dumps({
            "service": result.service,
            "from": {"version": result.old.id, "fetched_at": result.old.fetched_at},
            "to": {"version": result.new.id, "fetched_at": result.new.fetched_at},
            "changes": [item.to_dict() for item in result.items],
            "text_diff": result.text,
        }, indent=2, ensure_ascii=False))
        return
    click.echo(f"{result.service}: {result.old.fetched_at} -> {result.new.fetched_at}")
    for item in result.items or []:
        click.echo(f"  - {item.message}")
    if not result.items:
        click.echo("  no change in findings")
    if result.text is not None:
        click.echo("")
        click.echo(result.text, nl=False)
