"""Count "does" flag findings whose own clause denies the practice, over the English OTA documents.

    python benchmarks/bench_denials.py [--limit N] [--show 5]

Every English document of ../shared/corpora/ota (versions_index.jsonl, lang "en") goes through
`contractlens.analyze` as `check` runs it. For each flag finding reported as "does" (sale,
sharing, tracking, ...; not the retention period or DNT stance, whose meaning is an
attribute), the clause quoted for it is judged on its own: its typographic apostrophes and
quotes are made plain here (independently of contractlens's own normalisation), and the
phrase rules for that flag are run sentence by sentence; when they find the practice and
every mention is negated ("We don’t sell your personal information"), the finding is an
inverted one. Prints the number of inverted findings, of documents with at least one, and
of documents that write a typographic apostrophe. Run it on two versions to compare.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

import contractlens
from contractlens.errors import ContractlensError
from contractlens.classify import flag_rules as R
from contractlens.classify.flags import candidate_rules, rule_matches, sentences_of
from contractlens.training.corpora import corpus_dir

PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
SKIP = {"retention_period", "dnt_gpc"}


def clause_denies(text: str, flag: str) -> bool:
    """The phrase rules find `flag` in the plain-typography clause, and only negated."""
    text = text.translate(PLAIN)
    rules = [r for r in candidate_rules(text) if r.flag == flag]
    verdicts = [negated for sentence in sentences_of(text) for f, _m, negated in rule_matches(sentence, rules)
                if f == flag]
    return bool(verdicts) and all(verdicts)


def english_documents(ota, limit: int | None):
    rows = [json.loads(line) for line in (ota / "versions_index.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r.get("lang") == "en" and (ota / r["file"]).is_file()]
    return rows[:limit] if limit else rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N English documents")
    parser.add_argument("--show", type=int, default=5, help="print this many inverted findings")
    args = parser.parse_args()
    ota = corpus_dir("ota")
    if ota is None:
        raise SystemExit("the OTA corpus is absent: set CONTRACTLENS_CORPORA or place it at ../shared/corpora/ota")
    rows = english_documents(ota, args.limit)
    start = time.perf_counter()
    inverted, documents, typographic, failed = Counter(), set(), 0, 0
    examples = []
    for row in rows:
        path = ota / row["file"]
        typographic += "\u2019" in path.read_text(encoding="utf-8")
        try:
            analysis = contractlens.analyze(str(path), lang="en")
        except ContractlensError:
            failed += 1
            continue
        for finding in analysis.findings_of("flag"):
            if finding.polarity != "does" or finding.label in SKIP:
                continue
            text = analysis.clauses[finding.clause_index].text
            if clause_denies(text, finding.label):
                inverted[finding.label] += 1
                documents.add(row["file"])
                if len(examples) < args.show:
                    examples.append(f"  {row['file']} [{finding.label}]: {' '.join(text.split())[:160]}")
    print(f"English OTA documents: {len(rows)} ({failed} not analysed; {typographic} write a typographic apostrophe)")
    print(f"does-findings whose own clause denies the practice: {sum(inverted.values())} "
          f"in {len(documents)} documents")
    if inverted:
        print("by flag: " + ", ".join(f"{flag} {n}" for flag, n in inverted.most_common()))
    for line in examples:
        print(line)
    print(f"({time.perf_counter() - start:.0f} s; contractlens {contractlens.__version__}; rules: {len(R.RULES)})")


if __name__ == "__main__":
    main()
