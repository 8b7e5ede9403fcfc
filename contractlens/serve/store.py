"""The server's memory: analyses keyed by URL + content hash, and every check a person ran.

One SQLite file under $CONTRACTLENS_HOME. An analysis is stored as the JSON `check --format json`
prints for it, so a page seen before answers at once, exactly as it answered the first time, and
a page whose bytes changed (another content hash) is read again. The scan database's tables keep
only what a comparison needs (no document text), which is why this store keeps the JSON itself.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS analyses (
    url TEXT NOT NULL,            -- the page as asked for (or upload:NAME for an uploaded file)
    content_hash TEXT NOT NULL,   -- sha256 of the bytes read: another hash means the page changed
    terms_key TEXT NOT NULL,      -- the profiles (and contractlens version) the verdicts answer
    analysis TEXT NOT NULL,       -- JSON, as in `check --format json` .analyses[i]
    analyzed_at TEXT NOT NULL,
    PRIMARY KEY (url, content_hash, terms_key)
);
CREATE TABLE IF NOT EXISTS checks (
    check_id INTEGER PRIMARY KEY,
    target TEXT NOT NULL,         -- as the person typed it: URL, domain or uploaded file name
    site TEXT NOT NULL,           -- host the badge is looked up by ("example.com", "127.0.0.1:8000")
    terms TEXT NOT NULL,          -- JSON list of profile names
    checked_at TEXT NOT NULL,
    grade TEXT,                   -- NULL when no document of the check could be graded
    summary TEXT NOT NULL,        -- JSON: grade, its reason, drivers, violated terms, first quotes
    result TEXT NOT NULL          -- JSON, exactly as `check --format json`
);
CREATE INDEX IF NOT EXISTS checks_by_site ON checks (site, check_id);
"""


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _split(target: str):
    return urlsplit(target if "://" in target else f"http://{target}")


def site_of(target: str) -> str:
    """The site a URL or domain belongs to, as the extension names it: host[:port], no "www."."""
    host = _split(target).netloc.lower()
    host = host.rsplit("@", 1)[-1].rstrip(".")
    return host[4:] if host.startswith("www.") else host


def hostname_of(target: str) -> str:
    """The host name of a URL or domain, without port or "www." (what the fetcher may contact)."""
    host = (_split(target).hostname or "").rstrip(".")
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True)
class StoredCheck:
    check_id: int
    target: str
    site: str
    terms: list[str]
    checked_at: str
    grade: str | None
    summary: dict
    result_json: str  # kept as text: the API sends it on without parsing it again

    @property
    def result(self) -> dict:
        return json.loads(self.result_json)


class Store:
    """Thread-safe access to the server's SQLite file (one connection per thread, WAL)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn().executescript(SCHEMA)
        except (OSError, sqlite3.DatabaseError) as exc:
            raise InputError(f"cannot open the server's database {self.path}: {exc}") from None

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def analysis(self, url: str, content_hash: str, terms_key: str) -> dict | None:
        row = self._conn().execute(
            "SELECT analysis FROM analyses WHERE url=? AND content_hash=? AND terms_key=?",
            (url, content_hash, terms_key),
        ).fetchone()
        return json.loads(row["analysis"]) if row else None

    def put_analysis(self, url: str, content_hash: str, terms_key: str, analysis: dict) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO analyses VALUES (?,?,?,?,?)",
            (url, content_hash, terms_key, json.dumps(analysis, ensure_ascii=False), now()),
        )

    def add_check(self, *, target: str, site: str, terms: list[str], summary: dict, result: dict) -> int:
        cur = self._conn().execute(
            "INSERT INTO checks (target, site, terms, checked_at, grade, summary, result) VALUES (?,?,?,?,?,?,?)",
            (target, site, json.dumps(terms), now(), summary.get("grade"),
             json.dumps(summary, ensure_ascii=False), json.dumps(result, ensure_ascii=False)),
        )
        return int(cur.lastrowid)

    def _stored(self, row) -> StoredCheck:
        return StoredCheck(row["check_id"], row["target"], row["site"], json.loads(row["terms"]), row["checked_at"],
                           row["grade"], json.loads(row["summary"]), row["result"])

    def check(self, check_id: int) -> StoredCheck | None:
        row = self._conn().execute("SELECT * FROM checks WHERE check_id=?", (check_id,)).fetchone()
        return self._stored(row) if row else None

    def latest_for_site(self, site: str) -> StoredCheck | None:
        row = self._conn().execute(
            "SELECT * FROM checks WHERE site=? ORDER BY check_id DESC LIMIT 1", (site_of(site),)
        ).fetchone()
        return self._stored(row) if row else None

    def history(self, limit: int = 200) -> list[dict]:
        """The checks run, newest first, without their results (what the history page lists)."""
        rows = self._conn().execute(
            "SELECT check_id, target, site, terms, checked_at, grade, summary FROM checks"
            " ORDER BY check_id DESC LIMIT ?", (limit,),
        ).fetchall()
        return [
            {"check_id": r["check_id"], "target": r["target"], "site": r["site"], "terms": json.loads(r["terms"]),
             "checked_at": r["checked_at"], "grade": r["grade"],
             "grade_note": json.loads(r["summary"]).get("grade_note", ""), "report": f"/report/{r['check_id']}"}
            for r in rows
        ]
