"""`contractlens discover DOMAIN`: list a site's legal documents with the reasons for each."""

from __future__ import annotations

import json

import click


@click.command(name="discover")
@click.argument("domain")
@click.option("--allow-private", is_flag=True, help="Allow private and loopback addresses.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--accept-language", metavar="L", default=None,
              help="Accept-Language header to send, e.g. 'de' or 'fr-FR,fr;q=0.8'.")
def discover(domain, allow_private, fmt, accept_language):
    """Find the terms of service, privacy and cookie policies of DOMAIN (or a home page URL).

    Each proposed page was loaded and its type read from its text; pages that failed to load or
    are not what their link says are listed as dropped, with why.
    """
    from ..discover import DOC_TYPES, best_per_type, discover_site

    found = discover_site(domain, allow_private=allow_private, accept_language=accept_language,
                          raise_if_none=True)
    candidates = found.candidates
    best = best_per_type(candidates)
    if fmt == "json":
        click.echo(json.dumps({
            "target": domain,
            "best": {t: (c.to_dict() if c else None) for t, c in best.items()},
            "candidates": [c.to_dict() for c in candidates],
            "dropped": [c.to_dict() for c in found.dropped],
        }, indent=2, ensure_ascii=False))
        return
    for doc_type in DOC_TYPES:
        chosen = best[doc_type]
        click.echo(f"{doc_type:8} {chosen.url if chosen else '(not found)'}")
    click.echo("")
    click.echo("candidates, best first:")
    for c in candidates:
        click.echo(f"  {c.score:5.1f}  {c.doc_type:8} {c.url}")
        for reason in c.reasons:
            click.echo(f"           - {reason}")
    if found.dropped:
        click.echo("")
        click.echo("dropped (linked, but failed to load or not a legal document):")
        for c in found.dropped:
            click.echo(f"         {c.doc_type:8} {c.url}")
            click.echo(f"           - {c.reasons[-1]}")
