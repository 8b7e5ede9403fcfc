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
    """Find the terms of service, privacy and cookie policies of DOMAIN (or a home page URL)."""
    from ..discover import DOC_TYPES, discover as run_discover
    from ..discover import best_per_type

    candidates = run_discover(domain, allow_private=allow_private, accept_language=accept_language,
                              raise_if_none=True)
    best = best_per_type(candidates)
    if fmt == "json":
        click.echo(json.dumps({
            "target": domain,
            "best": {t: (c.to_dict() if c else None) for t, c in best.items()},
            "candidates": [c.to_dict() for c in candidates],
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
