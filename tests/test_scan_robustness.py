"""A scan survives whatever is on disk; a scan killed with SIGTERM or SIGKILL loses nothing and leaves nothing running.

Inputs are generated here: our own sentences in many broken shapes, binary junk, empty
files, non-UTF-8 encodings, a PDF without a text layer, HTML nested thousands deep, and
one 50 MB file. Each input must end as exactly one row, in `documents` or in `errors`.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractlens.cli import main
from tests.test_scan import SENTENCES, write_document

pytestmark = pytest.mark.slow

BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
    b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


def _legal(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(SENTENCES).format(s="Example") for _ in range(n))


def _broken_html(rng: random.Random) -> bytes:
    parts = ["<html><body><div><p>" + _legal(rng, 3), "<table><tr><td>", "<h2>Terms", "<p>" + _legal(rng, 4),
             "</div></span>", "<script>var x = '<p>';", "<!-- unterminated comment", "<li>" + _legal(rng, 2)]
    rng.shuffle(parts)
    return "".join(parts).encode("utf-8")


def _encoded(rng: random.Random) -> tuple[str, bytes]:
    text = "Conditions générales d'utilisation — Société Exemple. " + _legal(rng, 6) + " Frais: 10 € ; données à caractère personnel."
    encoding = rng.choice(["latin-1", "cp1252", "utf-16", "utf-8-sig", "mac_roman"])
    return encoding, text.encode(encoding, errors="replace")


def generate_inputs(root: Path, total: int, seed: int = 7) -> None:
    """`total` small files of every awkward kind, plus one 50 MB file, under `root`."""
    rng = random.Random(seed)
    makers = ["good", "good", "good", "broken_html", "empty", "binary", "encoded", "whitespace", "tiny"]
    for i in range(total - 3):
        kind = makers[i % len(makers)]
        folder = root / f"service{i % 40:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if kind == "good":
            write_document(folder / f"doc{i}.{rng.choice(['md', 'html', 'txt'])}", f"Service{i}", variant=i, clauses=6)
        elif kind == "broken_html":
            (folder / f"doc{i}.html").write_bytes(_broken_html(rng))
        elif kind == "empty":
            (folder / f"doc{i}.md").write_bytes(b"")
        elif kind == "binary":
            (folder / f"doc{i}.{rng.choice(['html', 'txt', 'pdf'])}").write_bytes(rng.randbytes(rng.randint(1, 4000)))
        elif kind == "encoded":
            _, data = _encoded(rng)
            (folder / f"doc{i}.txt").write_bytes(data)
        elif kind == "whitespace":
            (folder / f"doc{i}.txt").write_bytes(b" \n\t\r\n" * rng.randint(1, 50))
        else:
            (folder / f"doc{i}.md").write_text("Terms.", encoding="utf-8")
    (root / "blank.pdf").write_bytes(BLANK_PDF)
    (root / "deep.html").write_text("<div>" * 5000 + _legal(rng, 3) + "</div>" * 5000, encoding="utf-8")
    with open(root / "huge.txt", "wb") as handle:  # 50 MiB and a little more: over the size limit
        line = (_legal(rng, 2) + "\n").encode()
        handle.write(line * (50 * 2**20 // len(line) + 2))


def count_rows(db_path: Path) -> tuple[int, int, set[str]]:
    conn = sqlite3.connect(db_path)
    try:
        documents = [r[0] for r in conn.execute("SELECT source FROM documents")]
        errors = [r[0] for r in conn.execute("SELECT source FROM errors")]
    finally:
        conn.close()
    return len(documents), len(errors), set(documents) | set(errors)


def input_files(root: Path) -> set[str]:
    return {str(p) for p in root.rglob("*") if p.is_file()}


def test_thousand_awkward_inputs_each_end_as_one_row(tmp_path):
    root = tmp_path / "inputs"
    generate_inputs(root, 1000)
    files = input_files(root)
    assert len(files) == 1000
    db_path = tmp_path / "robust.sqlite"
    result = CliRunner().invoke(main, ["scan", str(root), "--db", str(db_path), "--workers", "2", "--quiet"],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    documents, errors, sources = count_rows(db_path)
    assert documents + errors == 1000 and sources == files
    assert documents >= 300  # the good documents (a third of the inputs) and some broken ones
    conn = sqlite3.connect(db_path)
    stages = dict(conn.execute("SELECT source, stage FROM errors"))
    conn.close()
    assert stages[str(root / "huge.txt")] == "acquire"
    assert str(root / "blank.pdf") in stages


def _process_table() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, process group, state) of every process, read from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended while we looked
            table[int(entry)] = (int(fields[1]), int(fields[2]), fields[0])
    return table


def process_tree(root: int) -> set[int]:
    """The live descendants of `root` and the members of its process group (the scan's own)."""
    table = _process_table()
    found, stack = set(), [root]
    while stack:
        parent = stack.pop()
        for pid, (ppid, _, _) in table.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                stack.append(pid)
    return found | {pid for pid, (_, group, _) in table.items() if group == root and pid != root}


def still_running(pids: set[int], group: int) -> set[int]:
    """Which of `pids`, or of the process group `group`, are alive (zombies wait for a reaper, they run nothing)."""
    table = _process_table()
    return {pid for pid, (_, pgid, state) in table.items() if (pid in pids or pgid == group) and state != "Z"}


@pytest.mark.parametrize("engine", ["local", "dask"])
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killed_scan_leaves_no_process_and_resumes_to_one_row_per_input(tmp_path, stop, engine):
    """Only the scanning process is signalled, as `kill PID` or an OOM killer does; its workers must follow."""
    if engine == "dask":
        pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    root = tmp_path / "inputs"
    for i in range(90):
        write_document(root / f"s{i % 9}" / f"doc{i}.md", f"Service{i}", variant=i, clauses=8)
    (root / "junk.txt").write_bytes(os.urandom(2000))
    files = input_files(root)
    db_path = tmp_path / "killed.sqlite"
    seed = random.randrange(10**6)
    stop_after = random.Random(seed).randint(3, 40)
    command = [sys.executable, "-c", "from contractlens.cli import main; main()",
               "scan", str(root), "--db", str(db_path), "--workers", "2", "--quiet", "--engine", engine]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored, tree, survivors = 0, set(), set()
    try:
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
            if db_path.exists():
                try:
                    stored = sum(count_rows(db_path)[:2])
                except sqlite3.OperationalError:
                    continue  # tables not created yet
                if stored >= stop_after:
                    break
        assert process.poll() is None, f"seed {seed}: the scan ended before it was stopped"
        tree = process_tree(process.pid)
        assert len(tree) >= 2, f"the scan's workers were not found: {tree}"
        os.kill(process.pid, stop)
        process.wait(timeout=30)
        gone_by = time.monotonic() + 5
        while (survivors := still_running(tree, process.pid)) and time.monotonic() < gone_by:
            time.sleep(0.1)
    finally:
        if process.poll() is None or still_running(tree, process.pid):
            os.killpg(process.pid, signal.SIGKILL)  # leave nothing behind, whatever the test found
        process.wait(timeout=30)
    stderr = process.stderr.read().decode()
    assert not survivors, f"{stop.name}: processes of the scan still running 5 s later: {survivors}"
    if stop == signal.SIGTERM:  # handled as Ctrl-C: the run is closed, the exit says why
        assert process.returncode == 143, f"seed {seed}: {stderr[-2000:]}"
        assert "stopped by SIGTERM" in stderr and "Traceback" not in stderr
    else:
        assert process.returncode == -signal.SIGKILL, f"seed {seed}: {stderr[-2000:]}"

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    status = conn.execute("SELECT status FROM runs ORDER BY run_id DESC").fetchone()[0]
    conn.close()
    assert status == ("interrupted" if stop == signal.SIGTERM else "running")
    before = sum(count_rows(db_path)[:2])
    assert before >= min(stored, len(files))

    result = CliRunner().invoke(main, ["scan", str(root), "--db", str(db_path), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 1, result.output  # junk.txt
    documents, errors, sources = count_rows(db_path)
    assert documents + errors == len(files) and sources == files, f"seed {seed}"
    conn = sqlite3.connect(db_path)
    last = conn.execute("SELECT documents_skipped, errors, documents_scanned FROM runs ORDER BY run_id DESC").fetchone()
    crashed = conn.execute("SELECT COUNT(*) FROM errors WHERE stage = 'worker'").fetchone()[0]
    conn.close()
    assert last[0] + last[1] + last[2] == len(files)
    assert last[2] <= len(files) - before, f"seed {seed}: committed work was redone"
    assert crashed == 0, "a document in flight was stored as a worker crash instead of being left to resume"


def test_a_stopped_dask_scan_silences_dask_teardown_logs(monkeypatch):
    """A stop leaves Dask's own teardown errors (an interrupted `sync` callback logged by the event
    loop) unprinted: the scan's one-line reason is the whole report. A normal exit changes nothing."""
    import logging

    from contractlens.scan.dask_engine import TEARDOWN_LOGGERS, DaskEngine
    from contractlens.scan.worker import ScanSettings

    for name in TEARDOWN_LOGGERS:
        monkeypatch.setattr(logging.getLogger(name), "level", logging.WARNING)
    DaskEngine(ScanSettings()).__exit__(None, None, None)
    assert all(logging.getLogger(name).level == logging.WARNING for name in TEARDOWN_LOGGERS)
    DaskEngine(ScanSettings()).__exit__(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert all(not logging.getLogger(name).isEnabledFor(logging.CRITICAL) for name in TEARDOWN_LOGGERS)
