"""`contractlens scan`, `export`, `report` (being built)."""

import click


@click.command()
def scan():
    """(being built)"""


@click.command()
def export():
    """(being built)"""


@click.command()
def report():
    """(being built)"""
