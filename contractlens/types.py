"""Core plain-data types that flow between the pipeline stages (DESIGN §1).

Every stage takes and returns these dataclasses, so stages never need to know about
each other. Each type round-trips through JSON (`to_dict` / `from_dict`); the
`Analysis` JSON carries `schema_version` so consumers can detect format changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.1"  # 1.1: Analysis.coverage, Grade.basis, Document.detected_language, "not checked"


def _plain(value):
    """A copy of a JSON-like value (lists, dicts, scalars) that shares nothing mutable."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _fields_dict(obj, skip: str = "") -> dict:
    """`dataclasses.asdict` for dataclasses whose fields hold JSON-like values only.

    asdict deep-copies through a generic recursive walk; for a document of several hundred
    clauses and findings it was a sixth of a batch scan's time per document.
    """
    return {name: None if name == skip else _plain(getattr(obj, name)) for name in obj.__dataclass_fields__}


def _from_fields(cls, data: dict):
    """Build a dataclass from a dict, ignoring unknown keys (forward compatibility)."""
    names = cls.__dataclass_fields__
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class RawContent:
    """Bytes as acquired (fetched, read from a file or stdin), before extraction."""

    source: str
    data: bytes
    media_type: str | None = None  # from Content-Type or file extension; None = sniff
    charset: str | None = None  # declared charset, if any
    final_url: str | None = None
    fetched_at: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    rendered: bool = False  # `data` is the DOM a headless browser built (contractlens.fetching.render)
    page: Any = field(default=None, compare=False, repr=False)  # a `page.Page` of `data` already parsed


@dataclass
class Block:
    """A structural unit of the extracted text: heading, paragraph or list item.

    `start`/`end` are character offsets into `Document.text`; `heading_path` lists the
    headings this block sits under (outermost first). `kind` is "heading",
    "paragraph" or "list_item".
    """

    kind: str
    start: int
    end: int
    heading_path: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _fields_dict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Block":
        return _from_fields(cls, data)


@dataclass
class Document:
    """One legal document as extracted text plus where it came from."""

    source: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    media_type: str = "text/plain"
    language: str = "en"
    content_hash: str = ""
    fetched_at: str | None = None
    final_url: str | None = None
    doc_type: str = "other"  # "terms" | "privacy" | "cookies" | "other"
    detected_language: str = ""  # what detection said, also when --lang chose `language`
    rendered: bool = False  # read from the page as headless Chromium rendered it (--render)

    def to_dict(self) -> dict:
        data = _fields_dict(self, skip="blocks")
        data["blocks"] = [b.to_dict() for b in self.blocks]  # same key order as the fields
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        doc = _from_fields(cls, data)
        doc.blocks = [Block.from_dict(b) for b in data.get("blocks", [])]
        return doc


@dataclass
class Clause:
    """A span of `Document.text` that the classifiers judge as one unit."""

    index: int
    start: int
    end: int
    text: str
    heading_path: list[str] = field(default_factory=list)

    @property
    def section(self) -> str:
        """The innermost heading, or "" when the clause sits under none."""
        return self.heading_path[-1] if self.heading_path else ""

    def to_dict(self) -> dict:
        return _fields_dict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Clause":
        return _from_fields(cls, data)


@dataclass
class Finding:
    """One label attached to one clause, with the evidence for it.

    kind: "unfair" (CLAUDETTE category, level 2 or 3), "practice" (OPP-115 category)
    or "flag" (a harvesting flag, with polarity "does" / "does_not" and optional
    attributes such as a retention period).
    """

    kind: str
    label: str
    clause_index: int
    score: float
    source: str
    level: int | None = None
    polarity: str | None = None
    explanation: str = ""
    evidence: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return _fields_dict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        return _from_fields(cls, data)


@dataclass
class TermVerdict:
    """How a document answers one term the person asserted."""

    profile: str
    term_id: str
    statement: str
    verdict: str  # "honoured" | "violated" | "not addressed"
    weight: float = 1.0
    evidence: list[int] = field(default_factory=list)  # clause indices
    reason: str = ""

    def to_dict(self) -> dict:
        return _fields_dict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TermVerdict":
        return _from_fields(cls, data)


@dataclass
class Grade:
    """A letter A–E with the findings that drove it, so it always explains itself.

    `basis` says what a partial grade rests on ("from the unfair clauses only; data practices
    not read in German"); "" when every model read the document.
    """

    letter: str
    score: float
    drivers: list[str] = field(default_factory=list)
    basis: str = ""

    def to_dict(self) -> dict:
        return _fields_dict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Grade":
        return _from_fields(cls, data)


@dataclass
class Reader:
    """One model or detector, the languages and document types it reads, and whether it read this one."""

    name: str  # "unfair" | "practices" | "flags"
    finds: str  # what it looks for, in words: "unfair clauses", "data practices", ...
    languages: list[str]
    doc_types: list[str]
    read: bool
    reason: str = ""  # why it did not read the document, or why it did against detection (--lang)

    def to_dict(self) -> dict:
        return _fields_dict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Reader":
        return _from_fields(cls, data)


@dataclass
class Coverage:
    """Which models read the document, and so what its grade and its silences can mean.

    `graded` is False when no unfair-clause model read the document: then there is no grade
    and no "none found". `note` is the one line a person sees ("Not graded: ...", "from the
    unfair clauses only; ...", "read as English because --lang en asked; ..."); "" when all read.
    """

    language: str
    detected_language: str
    readers: list[Reader] = field(default_factory=list)
    graded: bool = True
    note: str = ""

    def reads(self, name: str) -> bool:
        """Whether reader `name` read the document (False for a reader that was not run at all)."""
        return any(r.name == name and r.read for r in self.readers)

    def reader(self, name: str) -> Reader | None:
        return next((r for r in self.readers if r.name == name), None)

    def to_dict(self) -> dict:
        data = _fields_dict(self, skip="readers")
        data["readers"] = [r.to_dict() for r in self.readers]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Coverage":
        coverage = _from_fields(cls, data)
        coverage.readers = [Reader.from_dict(r) for r in data.get("readers", [])]
        return coverage


@dataclass
class Analysis:
    """Everything contractlens concluded about one document."""

    document: Document
    clauses: list[Clause] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    verdicts: list[TermVerdict] = field(default_factory=list)
    grade: Grade | None = None
    timings: dict[str, float] = field(default_factory=dict)
    model_versions: dict[str, str] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    coverage: Coverage | None = None  # None only for analyses stored before coverage existed

    def reads(self, name: str) -> bool:
        """Whether reader `name` read the document.

        An analysis without coverage (stored by an earlier version, or built by hand) counts the
        models it records; one that records none is taken as read, as it always was.
        """
        if self.coverage is None:
            models = [m for m in self.model_versions if m != "contractlens"]
            return not models or (name if name != "flags" else "practices") in models
        return self.coverage.reads(name)

    def findings_of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def clause(self, index: int) -> Clause:
        return self.clauses[index]

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "document": self.document.to_dict(),
            "clauses": [c.to_dict() for c in self.clauses],
            "findings": [f.to_dict() for f in self.findings],
            "verdicts": [v.to_dict() for v in self.verdicts],
            "grade": self.grade.to_dict() if self.grade else None,
            "timings": dict(self.timings),
            "model_versions": dict(self.model_versions),
            "extras": dict(self.extras),
            "coverage": self.coverage.to_dict() if self.coverage else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Analysis":
        return cls(
            document=Document.from_dict(data["document"]),
            clauses=[Clause.from_dict(c) for c in data.get("clauses", [])],
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            verdicts=[TermVerdict.from_dict(v) for v in data.get("verdicts", [])],
            grade=Grade.from_dict(data["grade"]) if data.get("grade") else None,
            timings=dict(data.get("timings", {})),
            model_versions=dict(data.get("model_versions", {})),
            extras=dict(data.get("extras", {})),
            coverage=Coverage.from_dict(data["coverage"]) if data.get("coverage") else None,
        )
