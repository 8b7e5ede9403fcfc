"""ToS;DR points as an independent check of the data-practice model (CC BY-SA 3.0, "ToS;DR contributors").

The 20 OPP-115 policies kept aside by the corpus maintainers are not available here, so
nothing else tests the committed model on policies it never saw. ToS;DR volunteers quoted
the clauses of hundreds of other services' privacy policies and named a `case` for each;
`PRACTICE_CASES` maps the cases whose meaning falls squarely in one OPP-115 category
(read from the case titles and a sample of their quotes; cases that straddle categories,
e.g. "the service gathers information about you through third parties", are left out).
A quote mapped to a category should be flagged with it: per-category recall on these quotes
is comparable in kind with the cross-validated recall. Points of the services OPP-115
covers, and quotes repeating OPP-115 text, are dropped first (`load_practice_quotes`).
The mapping holds case titles only (no quotes) and is used for evaluation, never training.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from .tosdr import clean_quote, near_duplicates, normalise_name, read_points

# case title -> OPP-115 category key (taxonomy.PRACTICES)
PRACTICE_CASES: dict[str, str] = {
    # Data Retention
    "The service's data retention period is kept to the minimum necessary for fulfilling its purposes": "retention",
    "This service may keep personal data after a request for erasure for business interests or legal obligations": "retention",
    "This service keeps user logs for an undefined period of time": "retention",
    "User logs are deleted after a finite period of time": "retention",
    "This service holds onto content that you've deleted": "retention",
    "The service may keep a secure, anonymized record of users' data for analytical purposes even after the data retention period": "retention",
    "Only necessary user logs are kept by the service to ensure quality": "retention",
    # User Access, Edit and Deletion
    "You can request access and deletion of personal data": "access",
    "This service allows you to retrieve an archive of your data": "access",
    "This service provides a way for you to export your data": "access",
    # Do Not Track
    "This service ignores the Do Not Track (DNT) header and tracks users anyway even if they set this header.": "dnt",
    "This service respects your browser's Do Not Track (DNT) headers": "dnt",
    # Policy Change
    "Terms may be changed any time at their discretion, without notice to the user": "policy_change",
    "The service may change its terms at any time, but the user will receive notification of the changes.": "policy_change",
    "Users should revisit the terms periodically, although in case of material changes, the service will notify": "policy_change",
    "When the service wants to make a material change to its terms, users are notified at least 30 days in advance": "policy_change",
    # International and Specific Audiences
    "This service is only available to users over a certain age": "audiences",
    # User Choice/Control
    "You can opt out of promotional communications": "choice",
    "You can opt out of targeted advertising": "choice",
    "The service allows you to opt out of providing personal information to third parties": "choice",
    # Data Security
    "The user is informed about security practices": "security",
    "The services will notify users if personal data has been affected by data breaches": "security",
    # Third Party Sharing/Collection
    "Your personal data is given to third parties": "third_party",
    "This service can share your personal information to third parties": "third_party",
    "The service does not share user information with third parties": "third_party",
    "This service uses third-party cookies for statistics": "third_party",
    "The service uses your personal data to employ targeted third-party advertising": "third_party",
    # First Party Collection/Use
    "The service provides details about what kinds of personal information they collect": "first_party",
    "The service collects many different types of personal data": "first_party",
    "This service collects your IP address for location use": "first_party",
    "This service may use your personal information for marketing purposes": "first_party",
}


@dataclass(frozen=True)
class PracticeQuote:
    """One usable privacy-policy point: service, case, quoted text and its OPP-115 category."""

    service: str
    case: str
    text: str
    label: str


def opp115_sites(opp115_dir) -> list[str]:
    """The site names OPP-115 covers ('1034_aol.com' -> 'aol'), to keep their points out."""
    names = [p.stem.split("_", 1)[-1] for p in Path(opp115_dir, "sanitized_policies").glob("*.html")]
    return sorted({normalise_name(name.rsplit(".", 1)[0].removeprefix("www.")) for name in names})


def _covered(service: str, sites: list[str]) -> bool:
    name = normalise_name(service)
    return any(name == site or name.startswith(site) or site.startswith(name) for site in sites if len(site) >= 3)


def load_practice_quotes(tosdr_dir, opp115_dir) -> tuple[list[PracticeQuote], dict]:
    """The privacy-policy quotes of mapped cases, without OPP-115's services or text.

    Returns (quotes, counts of what was kept and dropped and why).
    """
    if not Path(opp115_dir, "sanitized_policies").is_dir():
        raise InputError(f"{opp115_dir} is not an OPP-115 corpus: it is needed to keep its services out of the check.")
    from .opp115 import load_segments

    sites = opp115_sites(opp115_dir)
    quotes, counts = [], Counter()
    for point in read_points(tosdr_dir):
        label = PRACTICE_CASES.get(point.get("case") or "")
        if not label or not point.get("quote") or point.get("irrelevant") or point.get("document_type") != "privacy":
            continue
        service = (point.get("services") or [""])[0]
        if _covered(service, sites):
            counts["opp115_service"] += 1
            continue
        quotes.append(PracticeQuote(service, point["case"], clean_quote(point["quote"]), label))
    duplicate = near_duplicates(quotes, [s.text for s in load_segments(opp115_dir)])
    counts["near_duplicate"] = int(sum(duplicate))
    kept = [q for q, dup in zip(quotes, duplicate) if not dup and q.text]
    counts["kept"] = len(kept)
    counts["services"] = len({q.service for q in kept})
    return kept, dict(counts)
