""""What they do with your data": one answer per question a person asks, with the clause behind it.

Answers come from the harvesting flags (with their polarity) and, for the broad questions
(collect? share? access rights?), from the OPP-115 practice findings. Every row is JSON-able:
{"key", "question", "answer", "clause_index", "quote", "important", "evidence", "basis"}: the
last two say which words and which rule or label the answer rests on, and whether the learned
answer check read it (`check --explain`).
"""

from __future__ import annotations

from ..classify.flags import SOURCE as RULES_SOURCE
from ..classify.flag_semantics import NEEDS
from ..classify.flags_learned import learned_about_data
from ..classify.textmodel import meaningful
from ..types import Analysis, Finding
from ..typography import find_in_original, normalize_typography

QUOTE_CHARS = 220
RETENTION_RANK = {"indefinite": 3, "as_long_as_necessary": 2, "bounded": 1}

# (key, question, flag, practice label that also counts as "yes", answers that matter to a person)
QUESTIONS = [
    ("collect", "Do they collect personal data about you?", None, "first_party", ("yes",)),
    ("share", "Do they share your data with others?", "partner_sharing", "third_party", ("yes",)),
    ("sell", "Do they sell your personal data?", "sale", None, ("yes",)),
    ("targeted_ads", "Do they use your data for targeted advertising?", "targeted_ads", None, ("yes",)),
    ("tracking", "Do other companies track you through the service (cookies, pixels, SDKs)?", "third_party_tracking", None, ("yes",)),
    ("location", "Do they collect your location?", "location", None, ("yes",)),
    ("health", "Do they collect health data?", "health", None, ("yes",)),
    ("biometric", "Do they collect biometric data (face, voice, fingerprints)?", "biometric", None, ("yes",)),
    ("financial", "Do they collect financial or payment data?", "financial", None, ("yes",)),
    ("children", "Do they collect data from children?", "children", None, ("yes",)),
    ("ai_training", "Do they use your data or content to train AI models?", "ai_training", None, ("yes",)),
    ("cross_border", "Is your data transferred to other countries?", "cross_border", None, ("yes",)),
    ("access", "Can you access, correct or delete your data?", "access_rights", "access", ("no", "not mentioned")),
]


def _quote(analysis: Analysis, finding: Finding) -> str:
    """The sentence of the clause holding the evidence phrase, shortened for display."""
    text = analysis.clauses[finding.clause_index].text if finding.clause_index < len(analysis.clauses) else ""
    phrase = finding.evidence[0] if finding.evidence else ""
    span = find_in_original(text, phrase)  # evidence is in normalised typography, the quote in the page's
    at = span[0] if span else -1
    if at >= 0:
        start = max(text.rfind(". ", 0, at) + 2, 0) if text.rfind(". ", 0, at) >= 0 else 0
        end = text.find(". ", at)
        text = text[start : end + 1 if end >= 0 else len(text)]
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _row(key, question, answer, analysis: Analysis, finding: Finding | None, important: bool) -> dict:
    return {
        "key": key,
        "question": question,
        "answer": answer,
        "clause_index": finding.clause_index if finding else None,
        "quote": _quote(analysis, finding) if finding else "",
        "important": important,
        "evidence": [e for e in finding.evidence if meaningful(e)] if finding else [],
        "basis": basis(finding) + _check_note(analysis, finding) if finding else "",
    }


def _check_note(analysis: Analysis, finding: Finding) -> str:
    """"; kept by the answer check" when the learned check (models/answers) read this flag's answer."""
    if finding.kind != "flag" or "answers" not in analysis.model_versions:
        return ""
    from ..classify.registry import get_model

    if not get_model("answers").reads(finding.label, analysis.model_versions["answers"]):
        return ""
    return f"; kept by the answer check {analysis.model_versions['answers']}"


def basis(finding: Finding) -> str:
    """What produced the answer, for `--explain`: the phrase rule, a learned label or the model's category."""
    if finding.source == RULES_SOURCE:
        checked = " (who acts, on what, and negation checked)" if finding.label in NEEDS else " (negation checked)"
        return f"phrase rule for {finding.label.replace('_', ' ')}{checked}"
    if finding.kind == "flag":
        return f"learned label {finding.label.replace('_', ' ')} of {finding.source}"
    return f"practice category {finding.label.replace('_', ' ')} of {finding.source}"


def _strongest(findings: list[Finding]) -> Finding | None:
    return max(findings, key=lambda f: f.score) if findings else None


def _yes_no(flags: list[Finding], practices: list[Finding]) -> tuple[str, Finding | None]:
    """yes when anything affirms the practice, no when clauses only deny it, else not mentioned."""
    does = [f for f in flags if f.polarity != "does_not"]
    if does:
        return "yes", _strongest(does)
    if practices and not flags:
        return "yes", _strongest(practices)
    denies = [f for f in flags if f.polarity == "does_not"]
    if denies:
        return "no", _strongest(denies)
    return "not mentioned", None


def _retention_row(analysis: Analysis, flags: list[Finding]) -> dict:
    question = "How long do they keep your data?"
    if not flags:
        return _row("retention", question, "unstated", analysis, None, True)
    worst = max(flags, key=lambda f: (RETENTION_RANK.get(f.attributes.get("retention"), 0), f.score))
    value = worst.attributes.get("retention")
    if value is None:  # the learned label saw a retention statement the rules found no period in
        return _row("retention", question, "mentioned, no period found", analysis, worst, True)
    periods = [f.attributes.get("period") or f.attributes.get("event") for f in flags
               if f.attributes.get("retention") == "bounded" and (f.attributes.get("period") or f.attributes.get("event"))]
    answer = value.replace("_", " ")
    if value == "bounded" and periods:
        answer = f"bounded ({periods[0]})"
    return _row("retention", question, answer, analysis, worst, value in ("indefinite", "as_long_as_necessary"))


def _signal_row(analysis: Analysis, flags: list[Finding]) -> dict:
    question = "Do they honour Do-Not-Track / Global Privacy Control?"
    online = (analysis.extras.get("gpc") or {}) if isinstance(analysis.extras.get("gpc"), dict) else {}
    ignored = [f for f in flags if f.attributes.get("dnt_gpc") == "ignored"]
    honoured = [f for f in flags if f.attributes.get("dnt_gpc") == "honoured"]
    if honoured and not ignored:
        return _row("dnt_gpc", question, "honoured", analysis, _strongest(honoured), False)
    if honoured:  # e.g. GPC honoured, DNT ignored: say both
        return _row("dnt_gpc", question, "partly (honours one signal, ignores another)", analysis, _strongest(ignored), True)
    if ignored:
        return _row("dnt_gpc", question, "ignored", analysis, _strongest(ignored), True)
    if online.get("gpc") is True:
        return _row("dnt_gpc", question, "honoured (per /.well-known/gpc.json)", analysis, None, False)
    return _row("dnt_gpc", question, "silent", analysis, None, True)


NOT_CHECKED = "not checked"
SILENCE = ("not mentioned", "unstated", "silent")


def summarize_data_practices(analysis: Analysis) -> list[dict]:
    """One row per question, strongest evidence first (see module docstring).

    Where the flag detectors did not read the document (its coverage: a language they do not
    read), silence says nothing about it: those rows answer NOT_CHECKED, with the reason,
    instead of "not mentioned", and are not marked important.
    """
    flags: dict[str, list[Finding]] = {}
    practices: dict[str, list[Finding]] = {}
    for finding in analysis.findings:
        if finding.kind == "flag":
            flags.setdefault(finding.label, []).append(finding)
        elif finding.kind == "practice":
            practices.setdefault(finding.label, []).append(finding)
    rows = []
    for key, question, flag, practice, alarming in QUESTIONS:
        # a practice category answers a flag's question only where the clause passes the flag's reading
        # ("we reserve the right to delete your username" is about user access, but grants no right)
        backing = [f for f in practices.get(practice, []) if flag is None
                   or learned_about_data(flag, normalize_typography(analysis.clauses[f.clause_index].text))] if practice else []
        answer, evidence = _yes_no(flags.get(flag, []), backing)
        rows.append(_row(key, question, answer, analysis, evidence, answer in alarming))
    rows.append(_retention_row(analysis, flags.get("retention_period", [])))
    rows.append(_signal_row(analysis, flags.get("dnt_gpc", [])))
    if not analysis.reads("flags"):
        reader = analysis.coverage.reader("flags") if analysis.coverage else None
        answer = f"{NOT_CHECKED}: {reader.reason}" if reader and reader.reason else NOT_CHECKED
        for row in rows:
            if row["answer"] in SILENCE:
                row.update(answer=answer, important=False)
    return rows
