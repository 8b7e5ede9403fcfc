"""contractlens: read the terms you are asked to accept, clause by clause, for you."""

__version__ = "0.1.0"

from .pipeline import analyze, analyze_document  # noqa: E402
from .types import SCHEMA_VERSION, Analysis, Clause, Document, Finding, TermVerdict  # noqa: E402

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
