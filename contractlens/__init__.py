"""contractlens: read the terms you are asked to accept, clause by clause, for you."""

from .pipeline import analyze, analyze_document
from .types import SCHEMA_VERSION, Analysis, Clause, Document, Finding, TermVerdict
from .version import __version__

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Clause",
    "Document",
    "Finding",
    "TermVerdict",
    "__version__",
    "analyze",
    "analyze_document",
]
