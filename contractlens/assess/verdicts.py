"""Judge a person's terms against one Analysis: honoured, violated or not addressed.

Rules, applied to each term in order:
1. violated    — any `violated_by` condition matches a finding (or the GPC check);
2. honoured    — otherwise, any `honoured_by` condition matches;
3. honoured    — otherwise, the document type is in `honoured_if_silent_in` and the model that
                 would have found a violation did run (silence keeps the default law, e.g. no
                 arbitration clause means you keep your day in court);
4. not checked — otherwise, when a model its conditions need did not read the document (a
                 language it does not read): silence there says nothing;
5. not addressed — otherwise.
Violation wins over contrary evidence on purpose: one clause that breaks the term is enough,
and the reason then also names the honouring evidence so the person can judge.

A flag condition without `attribute` matches polarity "does" in `violated_by` and "does_not"
in `honoured_by` unless it names a polarity. The online GPC result is read from
`analysis.extras["gpc"]` (see assess.gpc) and matched by `{kind: gpc, gpc: true|false}`.
"""

from __future__ import annotations

from typing import Iterable

from .. import taxonomy
from ..taxonomy import ATTRIBUTE_FLAGS
from ..types import Analysis, Finding, TermVerdict
from .profiles import Condition, Profile, Term, plain_name

MODEL_FOR_KIND = {"unfair": "unfair", "practice": "practices", "flag": "practices"}
DEFAULT_POLARITY = {"violated_by": "does", "honoured_by": "does_not"}


def _finding_matches(cond: Condition, finding: Finding, side: str) -> bool:
    if finding.kind != cond.kind or finding.label != cond.label:
        return False
    if cond.min_level is not None and (finding.level or 0) < cond.min_level:
        return False
    polarity = cond.polarity
    if polarity is None and cond.kind == "flag" and not cond.attribute:
        polarity = DEFAULT_POLARITY[side]
    if polarity is not None and (finding.polarity or "does") != polarity:
        return False
    return all(str(finding.attributes.get(key)) in values for key, values in cond.attribute.items())


def _gpc_matches(cond: Condition, gpc: dict | None) -> bool:
    return isinstance(gpc, dict) and isinstance(gpc.get("gpc"), bool) and gpc["gpc"] is cond.gpc


def describe_finding(finding: Finding, analysis: Analysis | None = None) -> str:
    """'clearly unfair arbitration clause in "Disputes"' — a finding in a person's words."""
    name = plain_name(finding.kind, finding.label)
    if finding.kind == "unfair":
        level = taxonomy.UNFAIR_LEVELS.get(finding.level or 2, "potentially unfair")
        text = f"{level} {name} clause"
    elif finding.kind == "flag":
        values = ", ".join(f"{v}" for v in finding.attributes.values() if isinstance(v, str))
        denied = finding.polarity == "does_not" and finding.label not in ATTRIBUTE_FLAGS
        text = f"a statement ruling out {name}" if denied else name
        if values:
            text += f" ({values.replace('_', ' ')})"
    else:
        text = f"a clause on {name}"
    if analysis is not None and 0 <= finding.clause_index < len(analysis.clauses):
        section = analysis.clauses[finding.clause_index].section
        text += f' in "{section}"' if section else f" (clause {finding.clause_index + 1})"
    return text


def describe_gpc(gpc: dict) -> str:
    """How the /.well-known/gpc.json check answered, in one phrase."""
    value = "true" if gpc.get("gpc") else "false"
    when = f", last updated {gpc['lastUpdate']}" if gpc.get("lastUpdate") else ""
    return f"/.well-known/gpc.json declares gpc: {value}{when}"


def _matches(conditions: Iterable[Condition], side: str, analysis: Analysis) -> tuple[list[Finding], list[str]]:
    """Findings matched by any condition, strongest first, and the GPC phrases matched."""
    findings: list[Finding] = []
    gpc_notes: list[str] = []
    gpc = analysis.extras.get("gpc")
    for cond in conditions:
        if cond.kind == "gpc":
            if _gpc_matches(cond, gpc):
                gpc_notes.append(describe_gpc(gpc))
            continue
        findings.extend(f for f in analysis.findings if _finding_matches(cond, f, side) and f not in findings)
    findings.sort(key=lambda f: (-(f.level or 0), -f.score, f.clause_index, f.label))
    return findings, gpc_notes


def _evidence(findings: list[Finding]) -> list[int]:
    return list(dict.fromkeys(f.clause_index for f in findings if f.clause_index >= 0))


def _phrases(findings: list[Finding], gpc_notes: list[str], analysis: Analysis, limit: int = 3) -> str:
    phrases = gpc_notes + list(dict.fromkeys(describe_finding(f, analysis) for f in findings))
    more = len(phrases) - limit
    text = "; ".join(phrases[:limit])
    return text + (f"; and {more} more" if more > 0 else "")


def _silence_honours(term: Term, analysis: Analysis) -> bool:
    if analysis.document.doc_type not in term.honoured_if_silent_in:
        return False
    needed = {MODEL_FOR_KIND[c.kind] for c in term.violated_by if c.kind in MODEL_FOR_KIND}
    return bool(needed) and needed <= set(analysis.model_versions)


def _unread(term: Term, analysis: Analysis) -> str:
    """Why the models this term needs did not read the document ("" when they all did)."""
    needed = {MODEL_FOR_KIND[c.kind] for c in term.violated_by + term.honoured_by if c.kind in MODEL_FOR_KIND}
    unread = sorted(name for name in needed if not analysis.reads(name))
    if not unread:
        return ""
    coverage = analysis.coverage
    reasons = [f"{r.finds} {r.reason}" for r in (coverage.readers if coverage else []) if r.name in unread]
    return "; ".join(reasons) or f"{', '.join(unread)} did not read this document"


def judge_term(profile: Profile, term: Term, analysis: Analysis) -> TermVerdict:
    """One verdict for one term, with evidence clause indices and a reason in words."""
    bad, bad_gpc = _matches(term.violated_by, "violated_by", analysis)
    good, good_gpc = _matches(term.honoured_by, "honoured_by", analysis)
    verdict = TermVerdict(profile=profile.id, term_id=term.id, statement=term.statement,
                          verdict="not addressed", weight=term.weight)
    if bad or bad_gpc:
        verdict.verdict = "violated"
        verdict.evidence = _evidence(bad)
        verdict.reason = f"Violated by: {_phrases(bad, bad_gpc, analysis)}."
        if good or good_gpc:
            verdict.reason += f" Elsewhere it honours it: {_phrases(good, good_gpc, analysis)}."
    elif good or good_gpc:
        verdict.verdict = "honoured"
        verdict.evidence = _evidence(good)
        verdict.reason = f"Honoured by: {_phrases(good, good_gpc, analysis)}."
    elif _unread(term, analysis):
        verdict.verdict = "not checked"
        verdict.reason = f"Not checked: {_unread(term, analysis)}."
    elif _silence_honours(term, analysis):
        verdict.verdict = "honoured"
        verdict.reason = (f"This {analysis.document.doc_type} document has no clause that breaks it, "
                          "so the default rules stay in place.")
    else:
        verdict.reason = "The document says nothing that this term's conditions look for."
        gpc = analysis.extras.get("gpc")
        if any(c.kind == "gpc" for c in term.violated_by + term.honoured_by) and isinstance(gpc, dict):
            verdict.reason += f" GPC check: {gpc.get('detail') or gpc.get('status')}."
    return verdict


def assess_terms(profiles: Iterable[Profile], analysis: Analysis) -> list[TermVerdict]:
    """A verdict for every term of every profile, in profile then term order."""
    return [judge_term(profile, term, analysis) for profile in profiles for term in profile.terms]
