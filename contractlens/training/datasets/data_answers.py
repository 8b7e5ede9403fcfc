"""The labelled data answers (tests/fixtures/data_answers/*.jsonl): reading a set, and pointing a
judgement at its clause of an Open Terms Archive document (or, where the row names its `document`,
of a document of another corpus beside it: an OPP-115 policy, a CLAUDETTE terms of service, or a
service's ToS;DR quotes of its terms or policy, read as one document).

A set is JSON lines, one judgement of one clause × question each (format in that folder's
README): a pointer to the clause (document, anchor words, sha1 of the normalised clause) and the
answer the clause gives about the person's data. `evaluate flags --set` scores the answers on a
set (evaluation/answers_eval.py); `train answers` learns the answer check from sets
(training/answer_check.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ...errors import InputError
from ...types import Finding

TOSDR_POINTS = "tosdr_points.jsonl"  # a row's `document` under tosdr/: the service's quotes (`_source`)
NOT_EVIDENCE = "not evidence"
RETENTION = "retention_period"
SIGNAL = "dnt_gpc"
_WORD = re.compile(r"[a-z0-9]+")
_FIELDS = ("service", "terms_type", "anchor", "question", "answer")


def normalised_words(text: str) -> str:
    """Lower-case words and numbers joined by single spaces: what anchors and hashes are taken of."""
    return " ".join(_WORD.findall(text.lower()))


def clause_sha1(text: str) -> str:
    return hashlib.sha1(normalised_words(text).encode()).hexdigest()[:12]


def load_set(path) -> list[dict]:
    """The judgements of a set file; a malformed line is an InputError naming it."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the labelled set {path}: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"{path}:{number}: not a JSON line") from None
        missing = [field for field in _FIELDS if not isinstance(row, dict) or not isinstance(row.get(field), str)]
        if missing:
            raise InputError(f"{path}:{number}: missing {', '.join(missing)}")
        rows.append(row)
    if not rows:
        raise InputError(f"{path} holds no judgements")
    return rows


def answer_kind(answer: str) -> str:
    """What an answer claims, without its detail: "bounded (30 days)" -> "bounded"."""
    return answer.split(" (")[0]


def finding_answer(question: str, finding: Finding | None) -> str | None:
    """The answer one clause's finding gives to `question`; None when it gives no value
    (a retention statement without a period the rules could read)."""
    if finding is None:
        return NOT_EVIDENCE
    if question == RETENTION:
        value = finding.attributes.get("retention")
        if value is None:
            return None
        period = finding.attributes.get("period")
        if value == "bounded":
            return f"bounded ({period or finding.attributes.get('event') or 'until an event'})"
        return value.replace("_", " ")
    if question == SIGNAL:
        return finding.attributes.get("dnt_gpc") or None
    return "does not" if finding.polarity == "does_not" else "does"


def locate(clauses, row: dict) -> int | None:
    """Index of the clause the judgement points at: the one holding its anchor words (the one
    with the same sha1 if several do); None when no clause holds them."""
    anchor = normalised_words(row["anchor"])
    holding = [c.index for c in clauses if anchor in normalised_words(c.text)]
    if len(holding) > 1 and row.get("clause_sha1"):
        same = [i for i in holding if clause_sha1(clauses[i].text) == row["clause_sha1"]]
        holding = same or holding
    return holding[0] if holding else None


def by_document(rows: list[dict]) -> dict[tuple[str, str, str], list[dict]]:
    """The judgements grouped by (service, terms type, document: "" for the Open Terms Archive version),
    in a stable order."""
    grouped: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        grouped.setdefault((row["service"], row["terms_type"], row.get("document") or ""), []).append(row)
    return dict(sorted(grouped.items()))


def corpora_root(corpus) -> Path:
    """The folder holding the corpora (ota/, opp115/, claudette-multilingual/): `corpus` itself, or the
    folder above it where `corpus` is the Open Terms Archive corpus."""
    corpus = Path(corpus)
    return corpus.parent if (corpus / "versions").is_dir() else corpus


def document_path(corpus, service: str, terms_type: str, document: str | None = None) -> Path:
    """The file a judgement's document is read from: `document` (a path under the corpora root) when the
    row names one, else the Open Terms Archive version of the service's terms type."""
    if document:
        return corpora_root(corpus) / document
    return Path(corpus) / "versions" / service / f"{terms_type}.md"


def opp115_policies(rows: list[dict]) -> set[str]:
    """The OPP-115 policy ids ("1017") whose documents a set's judgements point at."""
    from .opp115 import policy_id

    return {policy_id(row["document"]) for row in rows if str(row.get("document", "")).startswith("opp115/")}


def _source(path: Path, service: str, terms_type: str):
    """What `analyze` reads for a document: the file, or for ToS;DR's points file the service's quotes
    of that document as one text (`tosdr.service_document`)."""
    if path.name != TOSDR_POINTS:
        return str(path)
    from ...types import RawContent
    from .tosdr import service_document

    text = service_document(path.parent, service, terms_type)
    return RawContent(f"tosdr:{service}/{terms_type}", text.encode("utf-8"), "text/plain", "utf-8")


def located_findings(path: Path, rows: list[dict], models: tuple[str, ...]):
    """Analyse one labelled document as `models` read it; (analysis, [(judgement, clause index or
    None when its anchor is not found, the flag finding of its question at that clause or None)])."""
    from ...pipeline import analyze

    analysis = analyze(_source(path, rows[0]["service"], rows[0]["terms_type"]), models=models)
    flags = {(f.clause_index, f.label): f for f in analysis.findings if f.kind == "flag"}
    located = []
    for row in rows:
        index = locate(analysis.clauses, row)
        located.append((row, index, None if index is None else flags.get((index, row["question"]))))
    return analysis, located
