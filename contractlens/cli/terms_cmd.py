"""`contractlens terms` (being built)."""

import click


@click.group(name="terms")
def terms():
    """(being built)"""
