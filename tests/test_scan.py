"""`contractlens scan` into SQLite: rows, resume, process pool, URLs, errors, exports.

Documents are written here from our own example sentences; every scan runs the real
pipeline (extraction, segmentation, the installed models, grading) into a real SQLite file.
"""

from __future__ import annotations

import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from contractlens.cli import main
from contractlens.scan.progress import ScanProgress
from contractlens.scan.worker import ScanSettings, analyze_task
from contractlens.types import RawContent
from tests.support.localserver import Response

SENTENCES = [
    "By accessing or using the {s} service you agree to be bound by these terms of service.",
    "{s} may modify these terms at any time, and your continued use of the service means you accept the changes.",
    "We may suspend or terminate your account at any time, for any reason, without notice.",
    "Any dispute arising out of these terms shall be resolved by binding arbitration on an individual basis.",
    "These terms are governed by the laws of the State of California, without regard to conflict of law rules.",
    "To the maximum extent permitted by law, {s} shall not be liable for any indirect or consequential damages.",
    "We may remove any content you post that we consider objectionable, at our sole discretion.",
    "We collect your name, email address and device identifiers when you create an account with {s}.",
    "We share personal information with advertising partners to show you personalised advertising.",
    "You can ask us to access, correct or delete the personal data we hold about you by writing to us.",
    "We keep your personal data for as long as your account is open and delete it within thirty days after.",
    "You may stop using the service and close your account at any time from the settings page.",
]
HEADINGS = ["Acceptance", "Changes", "Your account", "Disputes", "Liability", "Your data"]


def policy_text(service: str, variant: int = 0, clauses: int = 12) -> list[tuple[str, str]]:
    """(heading, sentence) pairs for a small terms-and-privacy document of `service`."""
    out = []
    for i in range(clauses):
        sentence = SENTENCES[(i + variant) % len(SENTENCES)].format(s=service)
        out.append((HEADINGS[(i // 2) % len(HEADINGS)], sentence))
    return out


def write_document(path, service: str, variant: int = 0, clauses: int = 12) -> None:
    pairs = policy_text(service, variant, clauses)
    if path.suffix == ".html":
        body, last = [], None
        for heading, sentence in pairs:
            if heading != last:
                body.append(f"<h2>{heading}</h2>")
                last = heading
            body.append(f"<p>{sentence}</p>")
        text = f"<html><head><title>{service} Terms</title></head><body><main><h1>{service} Terms of Service</h1>{''.join(body)}</main></body></html>"
    elif path.suffix == ".md":
        text = f"# {service} Terms of Service\n\n" + "\n\n".join(f"## {h}\n\n{s}" for h, s in pairs) + "\n"
    else:
        text = f"{service} Terms of Service\n\n" + "\n\n".join(s for _, s in pairs) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    """Five good documents under two services, one binary file and one empty file."""
    root = tmp_path / "docs"
    write_document(root / "acme" / "terms.html", "Acme")
    write_document(root / "acme" / "privacy.md", "Acme", variant=6)
    write_document(root / "bistro" / "terms.md", "Bistro", variant=2)
    write_document(root / "bistro" / "privacy.txt", "Bistro", variant=7)
    write_document(root / "calm.html", "Calm", variant=4)
    (root / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (root / "empty.md").write_bytes(b"")
    (root / "notes.json").write_text("{}", encoding="utf-8")  # not a scanned extension
    return root


def rows(db_path, sql: str) -> list[dict]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def scan(*args) -> "CliRunner.Result":
    return CliRunner().invoke(main, ["scan", "--quiet", *map(str, args)], catch_exceptions=False)


# Columns that legitimately differ between two scans of the same inputs.
VOLATILE = {"document_id", "timings", "scanned_at", "run_id", "at", "error_id"}


def snapshot(db_path) -> dict:
    """Every stored row by source, without the volatile columns: what two engines must agree on."""
    out = {}
    for doc in rows(db_path, "SELECT * FROM documents"):
        key = doc["source"]
        out[key] = {
            "document": {k: v for k, v in doc.items() if k not in VOLATILE},
            "clauses": rows(db_path, f"SELECT * FROM clauses WHERE document_id={doc['document_id']} ORDER BY clause_index"),
            "findings": [
                {k: v for k, v in f.items() if k not in ("finding_id", "document_id")}
                for f in rows(db_path, f"SELECT * FROM findings WHERE document_id={doc['document_id']} ORDER BY finding_id")
            ],
        }
        for clause in out[key]["clauses"]:
            clause.pop("document_id")
    for err in rows(db_path, "SELECT * FROM errors"):
        out[err["source"]] = {k: v for k, v in err.items() if k not in VOLATILE}
    return out


def test_scan_directory_stores_one_row_per_input(corpus, tmp_path):
    db_path = tmp_path / "results.sqlite"
    result = scan(corpus, "--db", db_path)
    assert result.exit_code == 1  # two inputs could not be analysed
    assert "2 input(s) could not be analysed" in result.output
    documents = rows(db_path, "SELECT * FROM documents ORDER BY source")
    errors = rows(db_path, "SELECT * FROM errors ORDER BY source")
    assert len(documents) == 5 and len(errors) == 2
    assert {d["service"] for d in documents} == {"acme", "bistro", "calm"}
    assert {e["source"].rsplit("/", 1)[-1] for e in errors} == {"junk.txt", "empty.md"}
    assert all(e["stage"] in ("acquire", "extract") and e["error_type"] == "InputError" for e in errors)
    for doc in documents:
        assert doc["content_hash"].startswith("sha256:") and doc["words"] > 50 and doc["clause_count"] > 0
        assert doc["grade"] in ("A", "B", "C", "D", "E")
        assert "contractlens" in json.loads(doc["model_versions"]) and "total" in json.loads(doc["timings"])
    clauses = rows(db_path, "SELECT count(*) AS n FROM clauses")[0]["n"]
    assert clauses == sum(d["clause_count"] for d in documents)
    run = rows(db_path, "SELECT * FROM runs")[0]
    assert (run["status"], run["inputs_seen"], run["documents_scanned"], run["errors"]) == ("finished", 7, 5, 2)
    journal = rows(db_path, "PRAGMA journal_mode")[0]["journal_mode"]
    assert journal == "wal"


def test_rescan_skips_unchanged_and_redoes_changed(corpus, tmp_path):
    db_path = tmp_path / "results.sqlite"
    scan(corpus, "--db", db_path)
    before = {d["source"]: d["document_id"] for d in rows(db_path, "SELECT * FROM documents")}

    result = scan(corpus, "--db", db_path)
    assert result.exit_code == 1  # the two bad inputs are still bad
    second = rows(db_path, "SELECT * FROM runs WHERE run_id=2")[0]
    assert (second["documents_scanned"], second["documents_skipped"], second["errors"]) == (0, 5, 2)
    assert {d["source"]: d["document_id"] for d in rows(db_path, "SELECT * FROM documents")} == before

    write_document(corpus / "acme" / "terms.html", "Acme", variant=3)  # the document changed
    (corpus / "junk.txt").unlink()
    write_document(corpus / "junk.txt", "Junk")  # and a bad input became good
    scan(corpus, "--db", db_path)
    third = rows(db_path, "SELECT * FROM runs WHERE run_id=3")[0]
    assert (third["documents_scanned"], third["documents_skipped"], third["errors"]) == (2, 4, 1)
    assert len(rows(db_path, "SELECT * FROM documents")) == 6
    assert len(rows(db_path, "SELECT * FROM errors")) == 1

    scan(corpus, "--db", db_path, "--no-resume")
    fourth = rows(db_path, "SELECT * FROM runs WHERE run_id=4")[0]
    assert (fourth["documents_scanned"], fourth["documents_skipped"]) == (6, 0)


def test_process_pool_stores_the_same_rows(corpus, tmp_path):
    single, pooled = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    scan(corpus, "--db", single, "--workers", "1")
    scan(corpus, "--db", pooled, "--workers", "2")
    assert snapshot(single) == snapshot(pooled)
    assert len(snapshot(single)) == 7


def test_scan_urls_from_a_list(local_server, tmp_path):
    pages = {}
    for name in ("alpha", "beta"):
        path = tmp_path / f"{name}.html"
        write_document(path, name.title())
        pages[f"/{name}/terms"] = path.read_text(encoding="utf-8")
        local_server.routes[f"/{name}/terms"] = Response(body=pages[f"/{name}/terms"])
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "# services to check\n"
        + "".join(f"{local_server.url(p)}\n" for p in pages)
        + f"{local_server.url('/gone')}\n\n",
        encoding="utf-8",
    )
    db_path = tmp_path / "web.sqlite"
    result = scan("--urls", urls, "--db", db_path, "--allow-private")
    assert result.exit_code == 1
    documents = rows(db_path, "SELECT source, service FROM documents ORDER BY source")
    assert [d["source"] for d in documents] == [local_server.url(p) for p in sorted(pages)]
    assert {d["service"] for d in documents} == {"127.0.0.1"}
    (error,) = rows(db_path, "SELECT * FROM errors")
    assert error["source"].endswith("/gone") and error["stage"] == "acquire" and error["error_type"] == "FetchError"

    # unchanged pages are fetched again but not re-analysed; a changed page is
    local_server.routes["/beta/terms"] = Response(body=pages["/beta/terms"].replace("Beta Terms", "Beta Terms v2"))
    scan("--urls", urls, "--db", db_path, "--allow-private")
    run = rows(db_path, "SELECT * FROM runs WHERE run_id=2")[0]
    assert (run["documents_scanned"], run["documents_skipped"], run["errors"]) == (1, 1, 1)


def test_private_addresses_are_refused_without_the_flag(local_server, tmp_path):
    write_document(tmp_path / "page.html", "Local")
    local_server.routes["/terms"] = Response(body=(tmp_path / "page.html").read_text(encoding="utf-8"))
    db_path = tmp_path / "r.sqlite"
    result = scan(local_server.url("/terms"), "--db", db_path)
    assert result.exit_code == 1
    (error,) = rows(db_path, "SELECT * FROM errors")
    assert error["error_type"] == "FetchError"


def test_a_bug_on_one_document_becomes_an_error_result():
    """An unexpected exception (here: bytes that are not bytes) is reported, not raised."""
    task = {"source": "weird", "kind": "file", "service": "weird", "content_hash": "sha256:x",
            "raw": RawContent(source="weird", data=12345, media_type="text/plain")}
    result = analyze_task(task, ScanSettings(models=()))
    assert result["status"] == "error"
    assert result["error_type"] in ("TypeError", "AttributeError")
    assert result["stage"] and " (at " in result["message"]


@pytest.mark.parametrize("args, message", [
    (["/no/such/dir"], "no such file or directory"),
    (["--urls", "/no/such/list.txt"], "no such URL list"),
    ([], "nothing to scan"),
    (["{corpus}", "--scheduler", "tcp://127.0.0.1:9"], "--scheduler only applies"),
])
def test_usage_errors_exit_2_with_one_line(args, message, corpus, tmp_path):
    args = [a.replace("{corpus}", str(corpus)) for a in args]
    result = CliRunner().invoke(main, ["scan", *args, "--db", str(tmp_path / "x.sqlite")])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_export_csv_and_jsonl(corpus, tmp_path):
    db_path = tmp_path / "results.sqlite"
    scan(corpus, "--db", db_path)
    runner = CliRunner()
    for table in ("documents", "clauses", "findings", "verdicts", "errors"):
        expected = rows(db_path, f"SELECT count(*) AS n FROM {table}")[0]["n"]
        out = tmp_path / f"{table}.csv"
        result = runner.invoke(main, ["export", "--db", str(db_path), "--table", table, "-o", str(out)])
        assert result.exit_code == 0, result.output
        import csv

        with open(out, encoding="utf-8", newline="") as handle:
            assert len(list(csv.DictReader(handle))) == expected
        result = runner.invoke(main, ["export", "--db", str(db_path), "--table", table, "--format", "jsonl"])
        lines = [json.loads(line) for line in result.output.splitlines()]
        assert len(lines) == expected
        if table == "clauses" and lines:
            assert isinstance(lines[0]["heading_path"], list) and lines[0]["source"].startswith(str(corpus))


def test_export_of_a_missing_database_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "nope.sqlite")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_plain_progress_lines_when_not_a_terminal():
    stream = io.StringIO()
    with ScanProgress(total=3, stream=stream, tty=False, interval=0) as progress:
        for outcome in ("scanned", "skipped", "error"):
            progress.advance(outcome)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("scan: 1/3 inputs; 1 analysed")
    assert lines[-1].startswith("scan finished: 3/3 inputs; 1 analysed, 1 unchanged, 1 errors")
    assert "docs/s" in lines[-1]


def test_rich_progress_bar_on_a_terminal():
    stream = io.StringIO()
    with ScanProgress(total=2, stream=stream, tty=True) as progress:
        progress.advance("scanned")
        progress.advance("error")
    assert "docs/s" in stream.getvalue() and "1 errors" in stream.getvalue()


def test_scan_with_terms_records_verdicts(corpus, tmp_path):
    db_path = tmp_path / "terms.sqlite"
    scan(corpus, "--db", db_path, "--terms", "fair-contract")
    verdicts = rows(db_path, "SELECT * FROM verdicts")
    documents = rows(db_path, "SELECT document_id FROM documents")
    assert {v["document_id"] for v in verdicts} == {d["document_id"] for d in documents}
    assert {v["profile"] for v in verdicts} == {"fair-contract"}
    assert {v["verdict"] for v in verdicts} <= {"honoured", "violated", "not addressed"}


def test_unknown_terms_profile_is_a_usage_error(corpus, tmp_path):
    result = CliRunner().invoke(main, ["scan", str(corpus), "--db", str(tmp_path / "x.sqlite"), "--terms", "no-such-profile"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_declarations_choose_the_part_of_the_page_to_read(local_server, tmp_path):
    write_document(tmp_path / "page.html", "Declared")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    page = page.replace("<main>", '<main><aside class="promo"><p>Upgrade to our premium plan for extra storage today.</p></aside><article class="legal">')
    page = page.replace("</main>", "</article></main>")
    local_server.routes["/legal/terms"] = Response(body=page)
    declarations = tmp_path / "Declared.json"
    declarations.write_text(json.dumps({"name": "Declared", "terms": {"Terms of Service": {
        "fetch": local_server.url("/legal/terms"), "select": ["article.legal"]}}}), encoding="utf-8")
    db_path = tmp_path / "declared.sqlite"
    result = scan(local_server.url("/legal/terms"), "--db", db_path, "--allow-private", "--declarations", declarations)
    assert result.exit_code == 0, result.output
    texts = " ".join(r["text"] for r in rows(db_path, "SELECT text FROM clauses"))
    assert "binding arbitration" in texts and "premium plan" not in texts


class _KillsTheWorker:
    """Unpickling this in a worker ends the process at once, as a segfault or OOM kill would."""

    def __reduce__(self):
        import os

        return (os._exit, (3,))


def test_a_worker_that_dies_costs_only_its_own_document(corpus):
    from contractlens.acquire import read_file
    from contractlens.scan.runner import PoolEngine

    good = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".html") and p.stat().st_size)
    tasks = [{"source": str(p), "kind": "file", "service": "s", "content_hash": None, "raw": read_file(p)} for p in good]
    tasks.insert(1, {"source": "killer", "kind": "file", "service": "s", "content_hash": None, "raw": _KillsTheWorker()})
    with PoolEngine(ScanSettings(), workers=2) as engine:
        results = {r["source"]: r for r in engine.run(iter(tasks))}
    assert set(results) == {t["source"] for t in tasks}
    assert results["killer"]["status"] == "error" and results["killer"]["error_type"] == "WorkerCrashed"
    assert [results[str(p)]["status"] for p in good] == ["ok"] * len(good)


def test_workers_replaced_after_a_few_documents_lose_nothing(corpus, tmp_path, monkeypatch):
    from contractlens.scan import runner

    monkeypatch.setattr(runner, "TASKS_PER_WORKER", 1)  # every document in a freshly forked worker
    single, recycled = tmp_path / "one.sqlite", tmp_path / "recycled.sqlite"
    scan(corpus, "--db", single, "--workers", "1")
    scan(corpus, "--db", recycled, "--workers", "2")
    assert snapshot(single) == snapshot(recycled)
