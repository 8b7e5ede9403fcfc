"""Loaders for the shared annotated corpora (read in place, never copied into the project)."""
