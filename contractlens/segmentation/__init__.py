"""Clause segmentation internals: the legal-text sentence rules (gold scoring is in `evaluation/`)."""
