"""Clause segmentation internals: legal-text sentence rules and gold-standard scoring."""
