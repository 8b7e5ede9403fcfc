"""The scan database: one SQLite file holding every document, clause, finding, verdict and error.

Why SQLite: a journalist can open it in Datasette or any SQL tool, and a scan that is killed
loses nothing already committed (WAL journal, one transaction per document). Rows are keyed
by `source`; a re-scan of a source replaces its rows, so every input has exactly one row
across `documents` and `errors`.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .. import taxonomy
from ..errors import InputError
from ..classify.coverage import grade_basis
from ..types import Analysis, Clause, Coverage, Document, Finding, Grade, TermVerdict

SCHEMA_VERSION = 2  # 2: documents.coverage_note, .coverage, .rendered; runs.documents_rendered

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    engine TEXT NOT NULL,
    workers INTEGER NOT NULL,
    config_key TEXT NOT NULL,
    settings TEXT NOT NULL,          -- JSON: terms, models, resume, inputs
    inputs_seen INTEGER NOT NULL DEFAULT 0,
    documents_scanned INTEGER NOT NULL DEFAULT 0,
    documents_skipped INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'running',  -- running | finished | interrupted
    documents_rendered INTEGER NOT NULL DEFAULT 0  -- of documents_scanned, read in headless Chromium
);
CREATE TABLE IF NOT EXISTS documents (
    document_id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    title TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    language TEXT NOT NULL,
    words INTEGER NOT NULL,
    clause_count INTEGER NOT NULL,
    flagged_clauses INTEGER NOT NULL,
    clearly_unfair INTEGER NOT NULL,
    grade TEXT,
    grade_score REAL,
    grade_drivers TEXT NOT NULL,     -- JSON list of sentences
    coverage_note TEXT NOT NULL DEFAULT '',  -- why grade is NULL ("Not graded: ...") or what it rests on
    coverage TEXT,                   -- JSON: which models read the document, and why not
    content_hash TEXT NOT NULL,
    final_url TEXT,
    model_versions TEXT NOT NULL,    -- JSON {model: version}
    config_key TEXT NOT NULL,        -- what resume compares: code + model files + terms
    timings TEXT NOT NULL,           -- JSON {stage: seconds}
    extras TEXT NOT NULL,            -- JSON (data-practice summary, GPC check, ...)
    scanned_at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(run_id),
    rendered INTEGER NOT NULL DEFAULT 0  -- 1: read from the page as headless Chromium drew it (--render)
);
CREATE TABLE IF NOT EXISTS clauses (
    document_id INTEGER NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    clause_index INTEGER NOT NULL,
    section TEXT NOT NULL,
    heading_path TEXT NOT NULL,      -- JSON list, outermost heading first
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, clause_index)
);
CREATE TABLE IF NOT EXISTS findings (
    finding_id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    clause_index INTEGER NOT NULL,
    kind TEXT NOT NULL,              -- unfair | practice | flag
    label TEXT NOT NULL,
    label_name TEXT NOT NULL,
    level INTEGER,
    polarity TEXT,
    score REAL NOT NULL,
    produced_by TEXT NOT NULL,       -- model or rule that produced it
    explanation TEXT NOT NULL,
    evidence TEXT NOT NULL,          -- JSON list of words/phrases
    attributes TEXT NOT NULL         -- JSON object
);
CREATE TABLE IF NOT EXISTS verdicts (
    document_id INTEGER NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    profile TEXT NOT NULL,
    term_id TEXT NOT NULL,
    statement TEXT NOT NULL,
    verdict TEXT NOT NULL,           -- honoured | violated | not addressed
    weight REAL NOT NULL,
    evidence_clauses TEXT NOT NULL,  -- JSON list of clause_index
    reason TEXT NOT NULL,
    PRIMARY KEY (document_id, profile, term_id)
);
CREATE TABLE IF NOT EXISTS errors (
    error_id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    service TEXT NOT NULL,
    stage TEXT NOT NULL,
    error_type TEXT NOT NULL,
    message TEXT NOT NULL,
    content_hash TEXT,
    config_key TEXT NOT NULL,
    at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(run_id)
);
CREATE INDEX IF NOT EXISTS documents_service ON documents(service);
CREATE INDEX IF NOT EXISTS documents_grade ON documents(grade);
CREATE INDEX IF NOT EXISTS findings_document ON findings(document_id, clause_index);
CREATE INDEX IF NOT EXISTS findings_label ON findings(kind, label);
CREATE INDEX IF NOT EXISTS errors_stage ON errors(stage);
CREATE VIEW IF NOT EXISTS flagged_clauses AS
    SELECT d.service, d.source, d.doc_type, c.section, c.text AS clause,
           f.label_name AS category, f.level, round(f.score, 3) AS score, f.document_id, f.clause_index
    FROM findings f
    JOIN documents d ON d.document_id = f.document_id
    JOIN clauses c ON c.document_id = f.document_id AND c.clause_index = f.clause_index
    WHERE f.kind = 'unfair';
"""

JSON_COLUMNS = frozenset(
    {"coverage", "grade_drivers", "model_versions", "timings", "extras", "heading_path", "evidence",
     "attributes", "evidence_clauses", "settings"}
)


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def connect(path: str | Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and if needed create) a scan database in WAL mode with foreign keys on."""
    path = Path(path)
    if not create and not path.is_file():
        raise InputError(f"no scan database at {path}")
    if path.parent and not path.parent.exists():
        raise InputError(f"directory {path.parent} does not exist")
    try:
        conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
        conn.execute("PRAGMA foreign_keys=ON")
        if create:
            conn.executescript(SCHEMA)
            _add_columns(conn)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        elif not conn.execute("SELECT 1 FROM sqlite_master WHERE name='documents'").fetchone():
            raise InputError(f"{path} is not a contractlens scan database")
    except sqlite3.DatabaseError as exc:
        raise InputError(f"cannot open {path} as a scan database: {exc}") from None
    return conn


# Columns added after version 1 of the schema: (table, column, definition).
ADDED_COLUMNS = (
    ("documents", "rendered", "INTEGER NOT NULL DEFAULT 0"),
    ("runs", "documents_rendered", "INTEGER NOT NULL DEFAULT 0"),
    ("documents", "coverage_note", "TEXT NOT NULL DEFAULT ''"),
    ("documents", "coverage", "TEXT"),
)


def _add_columns(conn: sqlite3.Connection) -> None:
    """Bring a database written by an earlier version up to date (new columns, old rows kept)."""
    for table, column, definition in ADDED_COLUMNS:
        present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


@dataclass(frozen=True)
class PriorResult:
    """What an earlier scan recorded for one source: used to decide whether to skip it."""

    table: str  # "documents" | "errors"
    content_hash: str | None
    config_key: str


def prior_result(conn: sqlite3.Connection, source: str) -> PriorResult | None:
    row = conn.execute("SELECT content_hash, config_key FROM documents WHERE source=?", (source,)).fetchone()
    if row:
        return PriorResult("documents", row["content_hash"], row["config_key"])
    row = conn.execute("SELECT content_hash, config_key FROM errors WHERE source=?", (source,)).fetchone()
    if row:
        return PriorResult("errors", row["content_hash"], row["config_key"])
    return None


def start_run(conn, *, engine: str, workers: int, config_key: str, settings: dict) -> int:
    cur = conn.execute(
        "INSERT INTO runs (started_at, engine, workers, config_key, settings) VALUES (?,?,?,?,?)",
        (now(), engine, workers, config_key, _json(settings)),
    )
    return int(cur.lastrowid)


def finish_run(conn, run_id: int, *, seen: int, scanned: int, skipped: int, errors: int, status: str,
               rendered: int = 0) -> None:
    conn.execute(
        "UPDATE runs SET finished_at=?, inputs_seen=?, documents_scanned=?, documents_skipped=?, errors=?, status=?,"
        " documents_rendered=? WHERE run_id=?",
        (now(), seen, scanned, skipped, errors, status, rendered, run_id),
    )


def _forget(conn, source: str) -> None:
    """Remove whatever an earlier scan stored for `source` (children go by cascade)."""
    conn.execute("DELETE FROM documents WHERE source=?", (source,))
    conn.execute("DELETE FROM errors WHERE source=?", (source,))


def _label_name(finding: Finding) -> str:
    table = taxonomy.ALL_KINDS.get(finding.kind, {})
    return table[finding.label].name if finding.label in table else finding.label


def _document_row(analysis: Analysis, *, source, service, content_hash, config_key, run_id) -> tuple:
    document = analysis.document
    unfair = analysis.findings_of("unfair")
    grade = analysis.grade
    return (
        source, service, document.title or "", document.doc_type, document.language,
        len(document.text.split()), len(analysis.clauses),
        len({f.clause_index for f in unfair}),
        len({f.clause_index for f in unfair if (f.level or 0) >= 3}),
        grade.letter if grade else None, grade.score if grade else None,
        _json(list(grade.drivers) if grade else []),
        analysis.coverage.note if analysis.coverage else "",
        _json(analysis.coverage.to_dict()) if analysis.coverage else None,
        content_hash, document.final_url, _json(analysis.model_versions), config_key,
        _json(analysis.timings), _json(analysis.extras), now(), run_id, int(document.rendered),
    )


def write_analysis(conn, analysis: Analysis, *, source: str, service: str, content_hash: str,
                   config_key: str, run_id: int | None) -> int:
    """Store one Analysis in one transaction, replacing earlier rows for the same source."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        _forget(conn, source)
        cur = conn.execute(
            "INSERT INTO documents (source, service, title, doc_type, language, words, clause_count,"
            " flagged_clauses, clearly_unfair, grade, grade_score, grade_drivers, coverage_note, coverage,"
            " content_hash, final_url, model_versions, config_key, timings, extras, scanned_at, run_id, rendered)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            _document_row(analysis, source=source, service=service, content_hash=content_hash,
                          config_key=config_key, run_id=run_id),
        )
        document_id = int(cur.lastrowid)
        conn.executemany(
            "INSERT INTO clauses VALUES (?,?,?,?,?,?,?)",
            [(document_id, c.index, c.section, _json(c.heading_path), c.start, c.end, c.text)
             for c in analysis.clauses],
        )
        conn.executemany(
            "INSERT INTO findings (document_id, clause_index, kind, label, label_name, level, polarity, score,"
            " produced_by, explanation, evidence, attributes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(document_id, f.clause_index, f.kind, f.label, _label_name(f), f.level, f.polarity,
              float(f.score), f.source, f.explanation, _json(f.evidence), _json(f.attributes))
             for f in analysis.findings],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO verdicts VALUES (?,?,?,?,?,?,?,?)",
            [(document_id, v.profile, v.term_id, v.statement, v.verdict, float(v.weight),
              _json(v.evidence), v.reason) for v in analysis.verdicts],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return document_id


def write_error(conn, *, source: str, service: str, stage: str, error_type: str, message: str,
                content_hash: str | None, config_key: str, run_id: int | None) -> None:
    """Record why one input could not be analysed, replacing earlier rows for it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        _forget(conn, source)
        conn.execute(
            "INSERT INTO errors (source, service, stage, error_type, message, content_hash, config_key, at, run_id)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (source, service, stage, error_type, message[:2000], content_hash, config_key, now(), run_id),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def decode_row(row: sqlite3.Row) -> dict:
    """A row as a dict with its JSON columns parsed back into lists and objects."""
    return {k: (json.loads(row[k]) if k in JSON_COLUMNS and row[k] is not None else row[k]) for k in row.keys()}


def load_analysis(conn, document_id: int) -> Analysis:
    """Rebuild an Analysis (without the full text) from the rows of one document."""
    doc = decode_row(conn.execute("SELECT * FROM documents WHERE document_id=?", (document_id,)).fetchone())
    clauses = [
        Clause(index=r["clause_index"], start=r["start_char"], end=r["end_char"], text=r["text"],
               heading_path=json.loads(r["heading_path"]))
        for r in conn.execute("SELECT * FROM clauses WHERE document_id=? ORDER BY clause_index", (document_id,))
    ]
    findings = [
        Finding(kind=r["kind"], label=r["label"], clause_index=r["clause_index"], score=r["score"],
                source=r["produced_by"], level=r["level"], polarity=r["polarity"], explanation=r["explanation"],
                evidence=json.loads(r["evidence"]), attributes=json.loads(r["attributes"]))
        for r in conn.execute("SELECT * FROM findings WHERE document_id=? ORDER BY finding_id", (document_id,))
    ]
    verdicts = [
        TermVerdict(profile=r["profile"], term_id=r["term_id"], statement=r["statement"], verdict=r["verdict"],
                    weight=r["weight"], evidence=json.loads(r["evidence_clauses"]), reason=r["reason"])
        for r in conn.execute("SELECT * FROM verdicts WHERE document_id=? ORDER BY profile, term_id", (document_id,))
    ]
    document = Document(
        source=doc["source"], text="", blocks=[], title=doc["title"], language=doc["language"],
        content_hash=doc["content_hash"], final_url=doc["final_url"], doc_type=doc["doc_type"],
        rendered=bool(doc["rendered"]),
    )
    coverage = Coverage.from_dict(doc["coverage"]) if doc.get("coverage") else None
    basis = grade_basis(coverage) if coverage else ""
    grade = Grade(doc["grade"], doc["grade_score"], doc["grade_drivers"], basis) if doc["grade"] else None
    return Analysis(document=document, clauses=clauses, findings=findings, verdicts=verdicts, grade=grade,
                    timings=doc["timings"], model_versions=doc["model_versions"], extras=doc["extras"],
                    coverage=coverage)


__all__ = [
    "PriorResult", "connect", "decode_row", "finish_run", "load_analysis",
    "prior_result", "start_run", "write_analysis", "write_error",
]
