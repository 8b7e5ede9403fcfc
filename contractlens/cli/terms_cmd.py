"""`contractlens terms`: list, show, start, validate and export a person's own terms."""

from __future__ import annotations

import json

import click

from ..assess.counteroffer import export_profile, profile_letter
from ..assess.profiles import (
    describe_condition,
    load_profile,
    resolve_profile,
    shipped_profile,
    shipped_profile_names,
    write_starter_profile,
)
from .output import write_output


@click.group(name="terms")
def terms():
    """Your own terms: shipped profiles and your YAML files, checked against documents."""


@terms.command(name="list")
def list_profiles():
    """List the shipped term profiles."""
    for name in shipped_profile_names():
        profile = shipped_profile(name)
        click.echo(f"{profile.id:<15} {len(profile.terms):>2} terms  {profile.title}  [{profile.source_name}]")


@terms.command()
@click.argument("profile", metavar="NAME_OR_FILE")
def show(profile):
    """Show a profile's terms and what violates or honours each."""
    prof = resolve_profile(profile)
    click.echo(f"{prof.title} ({prof.id}{', version ' + prof.version if prof.version else ''})")
    if prof.description:
        click.echo(prof.description)
    if prof.source_name or prof.source_url:
        click.echo(f"Source: {', '.join(p for p in (prof.source_name, prof.source_url) if p)}")
    for term in prof.terms:
        click.echo(f"\n- {term.id} (weight {term.weight:g}): {term.statement}")
        for cond in term.violated_by:
            click.echo(f"    violated by: {describe_condition(cond, 'violated_by')}")
        for cond in term.honoured_by:
            click.echo(f"    honoured by: {describe_condition(cond, 'honoured_by')}")
        if term.honoured_if_silent_in:
            click.echo(f"    honoured when silent in: {', '.join(term.honoured_if_silent_in)} documents")


@terms.command()
@click.argument("file", type=click.Path(dir_okay=False))
def init(file):
    """Write a commented starter profile to FILE (never overwrites)."""
    path = write_starter_profile(file)
    click.echo(f"wrote {path}; edit it, then run: contractlens terms validate {path}")


@terms.command()
@click.argument("file", type=click.Path(dir_okay=False))
def validate(file):
    """Check a profile file against the schema and the taxonomy."""
    profile = load_profile(file)
    click.echo(f"{file}: valid profile {profile.id!r} with {len(profile.terms)} terms")


@terms.command()
@click.argument("profile", metavar="NAME_OR_FILE")
@click.option("--format", "fmt", type=click.Choice(["json", "letter"]), default="json", show_default=True,
              help="json: your counter-terms, machine-readable; letter: a plain-language letter template.")
@click.option("-o", "--output", default=None, metavar="FILE", help="Write to FILE instead of stdout.")
def export(profile, fmt, output):
    """Export a profile as your counter-terms (JSON) or as a letter to send."""
    prof = resolve_profile(profile)
    if fmt == "json":
        text = json.dumps(export_profile(prof), indent=2, ensure_ascii=False) + "\n"
    else:
        text = profile_letter([prof])
    write_output(text, output)
