"""`contractlens discover` (being built)."""

import click


@click.group(name="discover")
def discover():
    """(being built)"""
