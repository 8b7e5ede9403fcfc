"""`contractlens track` (being built)."""

import click


@click.group(name="track")
def track():
    """(being built)"""
