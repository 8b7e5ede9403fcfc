"""Export one table of a scan database as CSV or JSON Lines, streaming row by row.

Child tables (clauses, findings, verdicts) carry their document's `source` and `service`
so an exported file stands on its own in a spreadsheet. JSON columns stay JSON text in
CSV and become real lists/objects in JSONL.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from ..errors import InputError
from . import db

EXPORT_TABLES = ("documents", "clauses", "findings", "verdicts", "errors", "runs")
FORMATS = ("csv", "jsonl")

_QUERIES = {
    "documents": "SELECT * FROM documents ORDER BY source",
    "errors": "SELECT * FROM errors ORDER BY source",
    "runs": "SELECT * FROM runs ORDER BY run_id",
    "clauses": "SELECT d.source, d.service, c.* FROM clauses c JOIN documents d USING (document_id)"
               " ORDER BY d.source, c.clause_index",
    "findings": "SELECT d.source, d.service, f.* FROM findings f JOIN documents d USING (document_id)"
                " ORDER BY d.source, f.clause_index, f.finding_id",
    "verdicts": "SELECT d.source, d.service, v.* FROM verdicts v JOIN documents d USING (document_id)"
                " ORDER BY d.source, v.profile, v.term_id",
}


def export_table(db_path: str, table: str, fmt: str, out: TextIO) -> int:
    """Write every row of `table` to `out` in `fmt`; returns the number of rows written."""
    if table not in _QUERIES:
        raise InputError(f"unknown table {table!r}; choose one of {', '.join(EXPORT_TABLES)}")
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    conn = db.connect(db_path, create=False)
    try:
        cursor = conn.execute(_QUERIES[table])
        columns = [c[0] for c in cursor.description]
        writer = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        if writer:
            writer.writerow(columns)
        count = 0
        for row in cursor:
            if writer:
                writer.writerow(["" if v is None else v for v in row])
            else:
                out.write(json.dumps(db.decode_row(row), ensure_ascii=False) + "\n")
            count += 1
        return count
    finally:
        conn.close()
