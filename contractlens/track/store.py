"""SQLite store of tracked services, every distinct version, and the changes between them.

Default location: $CONTRACTLENS_HOME/track.sqlite (CONTRACTLENS_HOME defaults to
~/.local/share/contractlens). A version is stored only when the normalised text hash
differs from the service's latest version.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS services (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    doc_type TEXT,
    terms TEXT NOT NULL DEFAULT '[]',          -- JSON list of profile names / YAML paths
    declaration TEXT,                          -- JSON dict for extract, or NULL
    added_at TEXT NOT NULL,
    last_checked_at TEXT,
    last_status TEXT,
    etag TEXT,
    last_modified TEXT
);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,                -- hash of the NORMALISED text
    fetched_at TEXT NOT NULL,
    final_url TEXT,
    text TEXT NOT NULL,
    analysis TEXT NOT NULL,                    -- Analysis JSON
    etag TEXT,
    last_modified TEXT
);
CREATE INDEX IF NOT EXISTS versions_service ON versions(service_id, id);
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    from_version INTEGER NOT NULL REFERENCES versions(id),
    to_version INTEGER NOT NULL REFERENCES versions(id),
    detected_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    items TEXT NOT NULL                        -- JSON list of ChangeItem dicts
);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    checked_at TEXT NOT NULL,
    status TEXT NOT NULL,                      -- first | new_version | unchanged | not_modified | error
    detail TEXT
);
"""


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_db_path() -> Path:
    home = os.environ.get("CONTRACTLENS_HOME") or Path.home() / ".local" / "share" / "contractlens"
    return Path(home) / "track.sqlite"


@dataclass
class Service:
    id: int
    name: str
    url: str
    doc_type: str | None
    terms: list[str]
    declaration: dict | None
    added_at: str
    last_checked_at: str | None
    last_status: str | None
    etag: str | None
    last_modified: str | None


@dataclass
class Version:
    id: int
    service_id: int
    content_hash: str
    fetched_at: str
    final_url: str | None
    text: str
    analysis: dict
    etag: str | None
    last_modified: str | None


@dataclass
class Change:
    id: int
    service: str
    url: str
    from_version: int
    to_version: int
    detected_at: str
    summary: str
    items: list[dict]

    def to_dict(self) -> dict:
        return {
            "id": self.id, "service": self.service, "url": self.url,
            "from_version": self.from_version, "to_version": self.to_version,
            "detected_at": self.detected_at, "summary": self.summary, "items": self.items,
        }


class TrackStore:
    """A thin layer over one SQLite file; use as a context manager or call close()."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"cannot open the tracking database {self.path}: {exc}") from None
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        try:
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path} is not a contractlens tracking database: {exc}") from None

    def __enter__(self) -> "TrackStore":
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.db.close()

    # services
    def add_service(self, name: str, url: str, *, doc_type: str | None = None,
                    terms: list[str] = (), declaration: dict | None = None) -> Service:
        try:
            with self.db:
                self.db.execute(
                    "INSERT INTO services (name, url, doc_type, terms, declaration, added_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (name, url, doc_type, json.dumps(list(terms)),
                     json.dumps(declaration) if declaration else None, utc_now()),
                )
        except sqlite3.IntegrityError:
            raise InputError(f"a service named {name!r} is already tracked; pick another --name") from None
        return self.service(name)

    def service(self, name: str) -> Service:
        row = self.db.execute("SELECT * FROM services WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = ", ".join(s.name for s in self.services()) or "none"
            raise InputError(f"no tracked service named {name!r} (tracked: {known})")
        return _service(row)

    def services(self) -> list[Service]:
        return [_service(r) for r in self.db.execute("SELECT * FROM services ORDER BY name")]

    def record_check(self, service: Service, status: str, detail: str = "", *,
                     etag: str | None = None, last_modified: str | None = None) -> None:
        now = utc_now()
        with self.db:
            self.db.execute(
                "INSERT INTO checks (service_id, checked_at, status, detail) VALUES (?, ?, ?, ?)",
                (service.id, now, status, detail),
            )
            self.db.execute(
                "UPDATE services SET last_checked_at = ?, last_status = ?, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) WHERE id = ?",
                (now, status, etag, last_modified, service.id),
            )

    # versions
    def add_version(self, service: Service, *, content_hash: str, fetched_at: str, text: str,
                    analysis: dict, final_url: str | None = None, etag: str | None = None,
                    last_modified: str | None = None) -> Version:
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO versions (service_id, content_hash, fetched_at, final_url, text, "
                "analysis, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (service.id, content_hash, fetched_at, final_url, text, json.dumps(analysis),
                 etag, last_modified),
            )
        return self.version(cursor.lastrowid)

    def version(self, version_id: int) -> Version:
        row = self.db.execute("SELECT * FROM versions WHERE id = ?", (version_id,)).fetchone()
        return _version(row)

    def versions(self, service: Service) -> list[Version]:
        rows = self.db.execute(
            "SELECT * FROM versions WHERE service_id = ? ORDER BY id", (service.id,)
        )
        return [_version(r) for r in rows]

    def latest_version(self, service: Service) -> Version | None:
        row = self.db.execute(
            "SELECT * FROM versions WHERE service_id = ? ORDER BY id DESC LIMIT 1", (service.id,)
        ).fetchone()
        return _version(row) if row else None

    # changes
    def add_change(self, service: Service, old: Version, new: Version, summary: str,
                   items: list[dict]) -> Change:
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO changes (service_id, from_version, to_version, detected_at, summary, "
                "items) VALUES (?, ?, ?, ?, ?, ?)",
                (service.id, old.id, new.id, utc_now(), summary, json.dumps(items)),
            )
        return self.changes(change_id=cursor.lastrowid)[0]

    def changes(self, *, service: Service | None = None, change_id: int | None = None,
                limit: int | None = None) -> list[Change]:
        sql = ("SELECT c.*, s.name AS service_name, s.url AS service_url FROM changes c "
               "JOIN services s ON s.id = c.service_id WHERE 1=1")
        args: list = []
        if service is not None:
            sql += " AND c.service_id = ?"
            args.append(service.id)
        if change_id is not None:
            sql += " AND c.id = ?"
            args.append(change_id)
        sql += " ORDER BY c.id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [
            Change(r["id"], r["service_name"], r["service_url"], r["from_version"],
                   r["to_version"], r["detected_at"], r["summary"], json.loads(r["items"]))
            for r in self.db.execute(sql, args)
        ]


def _service(row) -> Service:
    return Service(
        id=row["id"], name=row["name"], url=row["url"], doc_type=row["doc_type"],
        terms=json.loads(row["terms"] or "[]"),
        declaration=json.loads(row["declaration"]) if row["declaration"] else None,
        added_at=row["added_at"], last_checked_at=row["last_checked_at"],
        last_status=row["last_status"], etag=row["etag"], last_modified=row["last_modified"],
    )


def _version(row) -> Version:
    return Version(
        id=row["id"], service_id=row["service_id"], content_hash=row["content_hash"],
        fetched_at=row["fetched_at"], final_url=row["final_url"], text=row["text"],
        analysis=json.loads(row["analysis"]), etag=row["etag"], last_modified=row["last_modified"],
    )
