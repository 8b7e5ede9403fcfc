"""Committed trained models (packaged so a plain pip install can run check)."""
