"""On-disk cache of fetched pages with their validators, for conditional requests.

Only pages that carry an ETag or Last-Modified are kept: the next fetch of the URL sends
If-None-Match / If-Modified-Since and, on 304 Not Modified, reuses the stored body. The
cache never answers without asking the server, so a stale page is never served.
One SQLite file; a connection per call keeps it safe across threads and processes.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

CACHE_FILE = "fetch-cache.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    content BLOB NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL
)
"""


@dataclass
class CachedPage:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    etag: str | None
    last_modified: str | None
    fetched_at: str


class PageCache:
    """Stored pages keyed by the URL that was asked for."""

    def __init__(self, directory: str | Path):
        self.path = Path(directory) / CACHE_FILE
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as conn, conn:
            conn.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get(self, url: str) -> CachedPage | None:
        with closing(self._connect()) as conn:
            row = conn.execute(
                "SELECT url, final_url, status, headers, content, etag, last_modified, fetched_at"
                " FROM pages WHERE url = ?", (url,)
            ).fetchone()
        if row is None:
            return None
        return CachedPage(row[0], row[1], row[2], json.loads(row[3]), bytes(row[4]), row[5], row[6], row[7])

    def put(self, page: CachedPage) -> None:
        if not (page.etag or page.last_modified):
            return  # nothing to revalidate with: storing it would never pay off
        with closing(self._connect()) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (page.url, page.final_url, page.status, json.dumps(page.headers), page.content,
                 page.etag, page.last_modified, page.fetched_at),
            )
