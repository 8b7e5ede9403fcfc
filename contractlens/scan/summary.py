"""Read a scan database into the comparison a report shows: services, grades, categories.

Every renderer (HTML, Markdown) formats this one structure, so the figures in the two
reports can never disagree. Documents are rebuilt as Analysis objects and passed through
the same AnalysisView that `check` uses, so a clause reads the same in both places.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import taxonomy
from ..report.view import AnalysisView, build_view
from . import db

GRADES = ("A", "B", "C", "D", "E")
MAX_CLAUSES_SHOWN = 100  # per document; the database keeps them all


@dataclass
class DocumentSummary:
    source: str
    title: str
    doc_type: str
    language: str
    words: int
    clause_count: int
    flagged: int
    clearly_unfair: int
    grade: str | None
    grade_score: float | None
    view: AnalysisView
    unfair_counts: Counter
    flag_counts: Counter
    verdict_counts: Counter


@dataclass
class ServiceSummary:
    name: str
    documents: list[DocumentSummary] = field(default_factory=list)

    @property
    def not_graded(self) -> list[DocumentSummary]:
        return [d for d in self.documents if d.grade is None]

    def row_name(self, read: str) -> str:
        """The service's name for a heat-map row; marked when none of its documents was read
        for that map (`read` = "unfair_read" or "data_read"), so its zeros are not taken for "none"."""
        return self.name if any(getattr(d.view, read) for d in self.documents) else f"{self.name} (not read)"

    @property
    def coverage_note(self) -> str:
        """Why the service has no grade ('' when one of its documents has one)."""
        if self.grade or not self.documents:
            return ""
        notes = list(dict.fromkeys(d.view.coverage_note for d in self.documents if d.view.coverage_note))
        return "; ".join(notes) or "Not graded"

    @property
    def grade(self) -> str | None:
        """The worst grade among the service's graded documents (a chain is as strong as its weakest link)."""
        grades = [d.grade for d in self.documents if d.grade]
        return max(grades) if grades else None

    @property
    def grade_score(self) -> float | None:
        scores = [d.grade_score for d in self.documents if d.grade_score is not None]
        return max(scores) if scores else None

    def total(self, attribute: str) -> int:
        return sum(getattr(d, attribute) for d in self.documents)

    def counts(self, attribute: str) -> Counter:
        total: Counter = Counter()
        for document in self.documents:
            total.update(getattr(document, attribute))
        return total

    @property
    def anchor(self) -> str:
        return "service-" + (re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "x")


@dataclass
class ModelInfo:
    name: str
    version: str
    accuracy: str  # as stated in the model card, e.g. "macro-F1 0.78"
    card: str  # path of the model card, relative to the project


@dataclass
class CategoryFigures:
    """One category's measured precision and recall per language, from its model card."""

    kind: str  # "Unfair clauses" | "Data practices" | "Data-harvesting flags"
    name: str
    measured: str  # how: "5-fold cross-validation by document"
    by_language: dict[str, tuple[float, float]]  # language -> (precision, recall)


KIND_TITLES = {"unfair": "Unfair clauses", "unfair+encoder": "Unfair clauses (linear model + encoder)",
               "practice": "Data practices", "flag": "Data-harvesting flags"}


def category_figures() -> list[CategoryFigures]:
    """Every category's figures as its model card states them (see classify.model_figures)."""
    from ..classify.model_figures import card_figures

    rows = []
    for name, entry in card_figures().items():
        for key, label in taxonomy.ALL_KINDS[entry["kind"]].items():
            by_language = {lang: (f[key]["precision"], f[key]["recall"])
                           for lang, f in entry["languages"].items() if key in f}
            if by_language:
                rows.append(CategoryFigures(KIND_TITLES[name], label.name, entry["measured"], by_language))
    return rows


@dataclass
class Comparison:
    title: str
    database: str
    data_as_of: str
    services: list[ServiceSummary]
    error_count: int
    errors_by_stage: dict[str, int]
    models: list[ModelInfo]
    unfair_labels: list[tuple[str, str]] = field(
        default_factory=lambda: [(k, v.name) for k, v in taxonomy.UNFAIR.items()]
    )
    flag_labels: list[tuple[str, str]] = field(default_factory=list)
    figures: list[CategoryFigures] = field(default_factory=list)

    @property
    def documents(self) -> list[DocumentSummary]:
        return [d for s in self.services for d in s.documents]

    @property
    def not_graded(self) -> list[DocumentSummary]:
        """Documents with no grade (no unfair-clause model read them): outside the chart and the rankings."""
        return [d for d in self.documents if d.grade is None]

    @property
    def grade_distribution(self) -> dict[str, int]:
        """How many graded documents got each grade (documents not graded are not counted)."""
        tally = Counter(d.grade for d in self.documents if d.grade)
        return {g: tally.get(g, 0) for g in GRADES}


def harvesting_flags() -> list[str]:
    """The flags whose presence costs grade points: the ones a comparison counts."""
    from ..assess.grade import FLAG_POINTS

    return [key for key in taxonomy.FLAGS if key in FLAG_POINTS]


def _document_summary(conn, row, flags: set[str]) -> DocumentSummary:
    analysis = db.load_analysis(conn, row["document_id"])
    unfair = Counter(label for label, _ in {(f.label, f.clause_index) for f in analysis.findings_of("unfair")})
    flag_counts = Counter(
        f.label for f in analysis.findings_of("flag") if f.label in flags and f.polarity != "does_not"
    )
    view = build_view(analysis)
    view.flagged = view.flagged[:MAX_CLAUSES_SHOWN]
    return DocumentSummary(
        source=row["source"], title=row["title"] or Path(row["source"]).stem, doc_type=row["doc_type"],
        language=row["language"], words=row["words"], clause_count=row["clause_count"],
        flagged=row["flagged_clauses"], clearly_unfair=row["clearly_unfair"], grade=row["grade"],
        grade_score=row["grade_score"], view=view, unfair_counts=unfair, flag_counts=flag_counts,
        verdict_counts=Counter(v.verdict for v in analysis.verdicts),
    )


_ACCURACY = re.compile(r"(macro[- ]?F1[^0-9\n]{0,40}?)(0?\.\d+|\d\.\d+)", re.I)


def model_infos(versions: dict[str, str]) -> list[ModelInfo]:
    """Each model used, with the accuracy its model card states (first macro-F1 figure)."""
    from ..classify.registry import default_model_dir

    infos = []
    for name in sorted(versions):
        if name == "contractlens":
            continue
        card = default_model_dir(name) / "model-card.md"
        accuracy = "not stated"
        if card.is_file():
            match = _ACCURACY.search(card.read_text(encoding="utf-8", errors="replace"))
            if match:
                accuracy = f"macro-F1 {match.group(2)}"
        infos.append(ModelInfo(name, versions[name], accuracy, f"models/{name}/model-card.md"))
    return infos


def load_comparison(db_path: str | Path, *, title: str = "Terms and privacy policies compared") -> Comparison:
    """Everything the comparison report shows, read from a scan database."""
    conn = db.connect(db_path, create=False)
    try:
        flags = harvesting_flags()
        services: dict[str, ServiceSummary] = {}
        versions: dict[str, str] = {}
        rows = conn.execute("SELECT * FROM documents ORDER BY lower(service), doc_type, source").fetchall()
        for row in rows:
            summary = _document_summary(conn, row, set(flags))
            services.setdefault(row["service"], ServiceSummary(row["service"])).documents.append(summary)
            versions.update(json.loads(row["model_versions"] or "{}"))
        errors = dict(conn.execute("SELECT stage, count(*) FROM errors GROUP BY stage ORDER BY stage").fetchall())
        as_of = conn.execute("SELECT max(scanned_at) FROM documents").fetchone()[0] or ""
    finally:
        conn.close()
    return Comparison(
        title=title, database=Path(db_path).name, data_as_of=as_of, services=list(services.values()),
        error_count=sum(errors.values()), errors_by_stage=errors, models=model_infos(versions),
        flag_labels=[(k, taxonomy.FLAGS[k].name) for k in flags], figures=category_figures(),
    )
