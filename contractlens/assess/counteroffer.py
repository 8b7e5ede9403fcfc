"""The person's counter-terms, as a machine-readable document and as a plain-language letter.

In the spirit of IEEE 7012 "MyTerms" (Standard for Machine Readable Personal Privacy Terms),
the individual is the first party and proffers the terms; the site or service is the second
party. Both outputs are deterministic (no timestamps), so they can be diffed and tested.
"""

from __future__ import annotations

import textwrap
from typing import Iterable
from urllib.parse import urlsplit

from .. import __version__
from ..types import Analysis, TermVerdict
from .terms import Profile, describe_condition

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


def _document_line(analysis: Analysis) -> str:
    document = analysis.document
    kind = {"terms": "terms of service", "privacy": "privacy policy", "cookies": "cookie policy"}
    name = kind.get(document.doc_type, "document")
    title = f' "{document.title}"' if document.title else ""
    where = document.final_url or document.source
    when = f", as published on {document.fetched_at[:10]}" if document.fetched_at else ""
    return f"I have read your {name}{title} ({where}{when})."


def _quote(analysis: Analysis, verdict: TermVerdict) -> list[str]:
    lines = []
    for index in verdict.evidence[:2]:
        if 0 <= index < len(analysis.clauses):
            clause = analysis.clauses[index]
            text = textwrap.shorten(" ".join(clause.text.split()), QUOTE_CHARS, placeholder=" …")
            section = f' (section "{clause.section}")' if clause.section else ""
            lines.append(f'     You write{section}: "{text}"')
    return lines


def compose_letter(analysis: Analysis, profiles: Iterable[Profile]) -> str:
    """A plain-language letter to the service about how its document meets the person's terms.

    Uses the verdicts already in `analysis` for these profiles, or assesses them now.
    """
    from .verdicts import assess_terms

    profiles = list(profiles)
    wanted = {p.id for p in profiles}
    verdicts = [v for v in analysis.verdicts if v.profile in wanted]
    if not verdicts:
        verdicts = assess_terms(profiles, analysis)
    by_verdict = {key: [v for v in verdicts if v.verdict == key] for key in ("violated", "not addressed", "honoured")}
    lines = [
        f"To: {_service_name(analysis)}",
        "Subject: Your terms and mine",
        "",
        "Dear Sir or Madam,",
        "",
        _document_line(analysis),
        f"I use your service on {len(verdicts)} terms of my own. This is how your document meets them.",
        "",
    ]
    if by_verdict["violated"]:
        lines.append("Where your document goes against my terms:")
        for i, verdict in enumerate(by_verdict["violated"], 1):
            lines.append(f"  {i}. {verdict.statement}")
            lines += _quote(analysis, verdict)
        lines += ["", "I do not accept these clauses. Please tell me whether you will waive them for me.", ""]
    if by_verdict["not addressed"]:
        lines.append("Where your document says nothing, please confirm in writing that you will:")
        lines += _numbered(v.statement for v in by_verdict["not addressed"])
        lines.append("")
    if by_verdict["honoured"]:
        lines.append("Where your document already agrees with me (thank you):")
        lines += _numbered(v.statement for v in by_verdict["honoured"])
        lines.append("")
    lines += ["Please reply within 30 days.", ""] + _sources(profiles) + [""] + _signature()
    return "\n".join(lines) + "\n"
