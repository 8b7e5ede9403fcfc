"""How many documents say "yes" to each data question, before and after a change of the rules.

    python benchmarks/bench_data_answers.py --before-tree ../base          # 100 English OTA documents
    python benchmarks/bench_data_answers.py --n 40 --changes changes.jsonl

A fixed sample (every k-th English terms of service and privacy policy of
../shared/corpora/ota/versions_index.jsonl, alternating the two) is scanned with `contractlens
scan` and reported with `contractlens report`, once with this tree and, with --before-tree, once
with another checkout of contractlens (e.g. `git worktree add ../base <commit>`), each in its own
process with PYTHONPATH pointing at that tree. Prints, per data question, how many documents
answer "yes" (retention: "indefinite"; access: "no") in each run; --changes writes every
document × question whose answer changed, with both answers and quotes, for reading.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the answer that counts as "yes, they do this to your data" per question key
ALARM = {"retention": ("indefinite",), "access": ("no",), "dnt_gpc": ("ignored",)}


def sample(corpus: Path, n: int) -> list[dict]:
    """n English terms/privacy documents, spread over the index, the two types alternating."""
    rows = [json.loads(line) for line in (corpus / "versions_index.jsonl").read_text(encoding="utf-8").splitlines()]
    by_type = {t: sorted((r for r in rows if r["lang"] == "en" and r["terms_type"] == t), key=lambda r: r["file"])
               for t in ("Terms of Service", "Privacy Policy")}
    picked = []
    for i in range(n):
        pool = by_type["Terms of Service" if i % 2 == 0 else "Privacy Policy"]
        step = max(1, len(pool) // ((n + 1) // 2))
        picked.append(pool[(i // 2) * step % len(pool)])
    return picked


def scan(tree: Path, inputs: Path, workdir: Path, label: str) -> Path:
    """Scan `inputs` and write the report with the contractlens of `tree`; the SQLite file."""
    db = workdir / f"{label}.sqlite"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cli = [sys.executable, "-c", "from contractlens.cli import main; main()"]
    # run inside the tree: "python -c" puts the working directory first on sys.path
    subprocess.run(cli + ["scan", str(inputs), "--db", str(db), "--workers", "1", "--quiet"], env=env, cwd=tree, check=False)
    subprocess.run(cli + ["report", "--db", str(db), "-o", str(workdir / f"{label}.html")], env=env, cwd=tree, check=True)
    return db


def answers(db: Path) -> dict[str, dict[str, dict]]:
    """source -> question key -> the data-practice row, from a scan's documents table."""
    with sqlite3.connect(db) as con:
        out = {}
        for source, extras in con.execute("SELECT source, extras FROM documents"):
            rows = json.loads(extras).get("data_practices") or []
            out[Path(source).parent.name + "/" + Path(source).name] = {row["key"]: row for row in rows}
    return out


def says_yes(key: str, answer: str) -> bool:
    return answer.split(" (")[0] in ALARM.get(key, ("yes",))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpora" / "ota"))
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--before-tree", default=None, help="another contractlens checkout to compare with")
    parser.add_argument("--changes", default=None, help="write the changed answers here (JSON lines)")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "versions_index.jsonl").is_file():
        sys.exit(f"no OTA corpus at {corpus}")
    workdir = Path(tempfile.mkdtemp(prefix="bench-data-answers-"))
    try:
        inputs = workdir / "inputs"
        for row in sample(corpus, args.n):
            target = inputs / row["service"] / Path(row["file"]).name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus / row["file"], target)
        runs = {"after": answers(scan(ROOT, inputs, workdir, "after"))}
        if args.before_tree:
            runs["before"] = answers(scan(Path(args.before_tree).resolve(), inputs, workdir, "before"))
        names = ["before", "after"] if "before" in runs else ["after"]
        keys = sorted({k for run in runs.values() for doc in run.values() for k in doc})
        print(f"documents: {len(runs['after'])}  (yes = the answer that counts against the service)")
        print(f"{'question':<14}" + "".join(f"{name:>8}" for name in names))
        for key in keys:
            counts = [sum(says_yes(key, doc[key]["answer"]) for doc in runs[name].values() if key in doc) for name in names]
            print(f"{key:<14}" + "".join(f"{c:>8}" for c in counts))
        if "before" in runs and args.changes:
            with open(args.changes, "w", encoding="utf-8") as out:
                for source in sorted(set(runs["before"]) & set(runs["after"])):
                    for key in keys:
                        old, new = runs["before"][source].get(key), runs["after"][source].get(key)
                        if old and new and old["answer"] != new["answer"]:
                            out.write(json.dumps({"document": source, "question": key,
                                                  "before": old["answer"], "before_quote": old.get("quote", ""),
                                                  "after": new["answer"], "after_quote": new.get("quote", "")}) + "\n")
            print(f"changed answers written to {args.changes}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
