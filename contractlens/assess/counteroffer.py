"""The person's counter-terms, as a machine-readable document and as a plain-language letter.

In the spirit of IEEE 7012 "MyTerms" (Standard for Machine Readable Personal Privacy Terms),
the individual is the first party and proffers the terms; the site or service is the second
party. Both outputs are deterministic (no timestamps), so they can be diffed and tested.
"""

from __future__ import annotations

import textwrap
from typing import Iterable
from urllib.parse import urlsplit

from ..version import __version__
from ..types import Analysis, TermVerdict
from .profiles import Profile, describe_condition

EXPORT_FORMAT = "contractlens-counter-terms"
EXPORT_VERSION = "1.0"
QUOTE_CHARS = 200
DISCLAIMER = f"Prepared with contractlens {__version__}. This letter is not legal advice."


def export_profile(profile: Profile) -> dict:
    """The person's terms as a JSON-able document: first party, second party, each term."""
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "spirit": "IEEE 7012 MyTerms: machine-readable personal privacy terms proffered by the individual",
        "first_party": {
            "role": "individual",
            "description": "The person who proffers these terms to every site or service they use.",
        },
        "second_party": {
            "role": "site or service",
            "description": "The site or service that accepts these terms for its dealings with the first party.",
        },
        "profile": {
            "id": profile.id,
            "title": profile.title,
            "description": profile.description,
            "version": profile.version,
            "source": {"name": profile.source_name, "url": profile.source_url},
        },
        "terms": [
            {
                "id": term.id,
                "statement": term.statement,
                "weight": term.weight,
                "conditions": {
                    "violated_by": [c.to_dict() for c in term.violated_by],
                    "honoured_by": [c.to_dict() for c in term.honoured_by],
                    "honoured_if_silent_in": list(term.honoured_if_silent_in),
                },
                "conditions_in_words": {
                    "violated_by": [describe_condition(c, "violated_by") for c in term.violated_by],
                    "honoured_by": [describe_condition(c, "honoured_by") for c in term.honoured_by],
                },
            }
            for term in profile.terms
        ],
        "generated_by": f"contractlens {__version__}",
    }


def _sources(profiles: list[Profile]) -> list[str]:
    lines = ["My terms are based on:"]
    for profile in profiles:
        source = ", ".join(part for part in (profile.source_name, profile.source_url) if part)
        lines.append(f"  - {profile.title}" + (f" ({source})" if source else ""))
    return lines


def _signature() -> list[str]:
    return ["Yours sincerely,", "", "[your name]", "[your address or account e-mail]", "[date]", "", DISCLAIMER]


def _numbered(statements: Iterable[str]) -> list[str]:
    return [f"  {i}. {statement}" for i, statement in enumerate(statements, 1)]


def profile_letter(profiles: Iterable[Profile], service: str = "[name of the site or service]") -> str:
    """A letter template stating the person's terms, before any document has been read."""
    profiles = list(profiles)
    lines = [
        f"To: {service}",
        "Subject: The terms on which I use your service",
        "",
        "Dear Sir or Madam,",
        "",
        "I use your service on the following terms of my own. Please confirm in writing that you",
        "accept them for my use of your service, or tell me which you do not accept and why.",
        "",
    ]
    lines += _numbered(term.statement for profile in profiles for term in profile.terms)
    lines += [""] + _sources(profiles) + [""] + _signature()
    return "\n".join(lines) + "\n"


def _service_name(analysis: Analysis) -> str:
    document = analysis.document
    for address in (document.final_url, document.source):
        host = urlsplit(address or "").hostname
        if host:
            return host.removeprefix("www.")
    return document.title or "the site or service"


DOCUMENT_KINDS = {"terms": "terms of service", "privacy": "privacy policy", "cookies": "cookie policy"}


def _document_name(analysis: Analysis) -> str:
    """'terms of service "Terms" (https://…/terms, as published on 2026-12-06)'."""
    document = analysis.document
    name = DOCUMENT_KINDS.get(document.doc_type, "document")
    title = f' "{document.title}"' if document.title else ""
    where = document.final_url or document.source
    when = f", as published on {document.fetched_at[:10]}" if document.fetched_at else ""
    return f"{name}{title} ({where}{when})"


def _document_line(analyses: list[Analysis]) -> str:
    names = [f"your {_document_name(a)}" for a in analyses]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"I have read {joined}."


def _quote(analysis: Analysis, verdict: TermVerdict, several: bool) -> list[str]:
    lines = []
    where = f" in your {DOCUMENT_KINDS.get(analysis.document.doc_type, 'document')}" if several else ""
    for index in verdict.evidence[:2]:
        if 0 <= index < len(analysis.clauses):
            clause = analysis.clauses[index]
            text = textwrap.shorten(" ".join(clause.text.split()), QUOTE_CHARS, placeholder=" …")
            section = f' (section "{clause.section}")' if clause.section else ""
            lines.append(f'     You write{where}{section}: "{text}"')
    return lines


def _verdicts(analysis: Analysis, profiles: list[Profile]) -> list[TermVerdict]:
    """The verdicts already in `analysis` for these profiles, or assessed now."""
    from .verdicts import assess_terms

    wanted = {p.id for p in profiles}
    return [v for v in analysis.verdicts if v.profile in wanted] or assess_terms(profiles, analysis)


LETTER_ORDER = ("violated", "honoured", "not addressed", "not checked")  # the first that any document gives wins


def _combined(per_document: list[tuple[Analysis, list[TermVerdict]]]) -> list[tuple[str, str, list]]:
    """Per term (in profile order): (combined verdict, statement, [(analysis, verdict)] violating it)."""
    terms: dict[tuple, dict] = {}
    for analysis, verdicts in per_document:
        for verdict in verdicts:
            entry = terms.setdefault((verdict.profile, verdict.term_id),
                                     {"statement": verdict.statement, "verdicts": set(), "violations": []})
            entry["verdicts"].add(verdict.verdict)
            if verdict.verdict == "violated":
                entry["violations"].append((analysis, verdict))
    combined = []
    for entry in terms.values():
        verdict = next((v for v in LETTER_ORDER if v in entry["verdicts"]), "not addressed")
        combined.append((verdict, entry["statement"], entry["violations"]))
    return combined


def compose_letter(analyses: Analysis | Iterable[Analysis], profiles: Iterable[Profile]) -> str:
    """One plain-language letter to the service about how its documents meet the person's terms.

    `analyses` are every document read for the service (a domain's terms and privacy pages):
    a term is violated when any document violates it, and each violation is quoted with the
    document it comes from. Uses the verdicts already in each analysis, or assesses them now.
    """
    analyses = [analyses] if isinstance(analyses, Analysis) else list(analyses)
    profiles = list(profiles)
    combined = _combined([(a, _verdicts(a, profiles)) for a in analyses])
    by_verdict = {key: [(s, v) for key2, s, v in combined if key2 == key] for key in LETTER_ORDER}
    several = len(analyses) > 1
    documents = "documents" if several else "document"
    lines = [
        f"To: {_service_name(analyses[0])}",
        "Subject: Your terms and mine",
        "",
        "Dear Sir or Madam,",
        "",
        _document_line(analyses),
        f"I use your service on {len(combined)} terms of my own. This is how your {documents} meet"
        f"{'' if several else 's'} them.",
        "",
    ]
    if by_verdict["violated"]:
        lines.append(f"Where your {documents} go{'' if several else 'es'} against my terms:")
        for i, (statement, violations) in enumerate(by_verdict["violated"], 1):
            lines.append(f"  {i}. {statement}")
            for analysis, verdict in violations:
                lines += _quote(analysis, verdict, several)
        lines += ["", "I do not accept these clauses. Please tell me whether you will waive them for me.", ""]
    if by_verdict["not addressed"]:
        lines.append(f"Where your {documents} say{'' if several else 's'} nothing, please confirm in writing that you will:")
        lines += _numbered(statement for statement, _ in by_verdict["not addressed"])
        lines.append("")
    if by_verdict["not checked"]:
        unread = [f"your {_document_name(a)}" for a in analyses if not a.reads("unfair") or not a.reads("flags")]
        lines.append(f"I could not check {' and '.join(unread) or 'your document'} against these terms (contractlens "
                     "does not read its language yet), so please confirm in writing that you will:")
        lines += _numbered(statement for statement, _ in by_verdict["not checked"])
        lines.append("")
    if by_verdict["honoured"]:
        lines.append(f"Where your {documents} already agree{'' if several else 's'} with me (thank you):")
        lines += _numbered(statement for statement, _ in by_verdict["honoured"])
        lines.append("")
    lines += ["Please reply within 30 days.", ""] + _sources(profiles) + [""] + _signature()
    return "\n".join(lines) + "\n"
