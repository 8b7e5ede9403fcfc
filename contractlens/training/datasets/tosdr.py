"""ToS;DR points as weak labels for the unfair-clause categories (CC BY-SA 3.0, "ToS;DR contributors").

Each point quotes a clause of a real service's document and names a `case` (e.g. "You waive
your right to a class action."). `CASE_LABELS` maps the cases whose meaning matches a
CLAUDETTE category (reviewed by reading the cases and some of their quotes); quotes of
the other cases are weak negatives. Points of a service that has a CLAUDETTE document are
dropped (`same_service`), and so are quotes that repeat CLAUDETTE sentences
(`near_duplicates`): otherwise cross-validation would test on text seen in training.
One service in five (`held_out`, by a hash of its name) never reaches training: its quotes
are the independent check of the committed model (`evaluation/unfair_tosdr_check.py`).
Layout: ../shared/corpora/tosdr/tosdr_points.jsonl (see ../shared/corpora/README.md).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...classify.features import PHRASES
from ...errors import InputError

# case title -> CLAUDETTE category. Cases that only partly overlap a category (e.g. "as is"
# warranty disclaimers, "the service may stop at any time") are left out on purpose.
CASE_LABELS: dict[str, str] = {
    "You waive your right to a class action.": "a",
    "This service forces users into binding arbitration in the case of disputes": "a",
    "Terms may be changed any time at their discretion, without notice to the user": "ch",
    "The service may change its terms at any time, but the user will receive notification of the changes.": "ch",
    "Users should revisit the terms periodically, although in case of material changes, the service will notify": "ch",
    "The service makes critical changes to its terms without user involvement": "ch",
    "The service can delete specific content without reason and may do it without prior notice": "cr",
    "This service can delete your content if you violate the terms": "cr",
    "The service can delete your account without prior notice and without a reason": "ter",
    "The service can suspend your account for several reasons": "ter",
    "User accounts can be terminated after having been in breach of the terms of service repeatedly": "ter",
    "This service assumes no liability for any losses or damages resulting from any matter relating to the service": "ltd",
    "Any liability on behalf of the service is only limited to the fees you paid as a user": "ltd",
    "This service assumes no responsibility and liability for the contents of links to other websites": "ltd",
    "This service assumes no liability for unauthorized access to your personal information": "ltd",
    "This service cannot be held responsible for disputes that you may have with other users": "ltd",
}
# "the court of law governing the terms is in ..." quotes hold a jurisdiction clause, a
# choice-of-law clause or both: the quote's own wording decides which.
VENUE_CASES = frozenset({
    "The court of law governing the terms is in location X",
    "The court of law governing the terms is in a jurisdiction that is friendlier to user privacy protection.",
    "The court of law governing the terms is in a jurisdiction that is less friendly to user privacy protection.",
})
# the unfair model's own English phrase groups decide between jurisdiction and choice of law
_COURTS = re.compile(PHRASES["en"]["courts"], re.IGNORECASE)
_LAW = re.compile(PHRASES["en"]["governing_law"], re.IGNORECASE)
# cases that touch a category without being one of the mapped ones: neither positive nor negative
AMBIGUOUS = frozenset({
    "The service is provided 'as is' and to be used at the users' sole risk",
    "The service provider makes no warranty regarding uninterrupted, timely, secure or error-free service",
    "They may stop providing the service at any time",
    "If you are the target of a copyright claim, your content may be removed",
    "The service is not responsible for linked or (clearly) quoted content from third-party content providers",
    "Users are responsible for any risks, damages, or losses they may incur by downloading materials",
    "The service does not guarantee accuracy or reliability of the information provided",
    "This service does not guarantee that it or the products obtained through it meet the users' expectations or requirements",
    "This services gives no guarantee regarding quality",
    "The service does not guarantee that software errors will be corrected",
    "You agree to defend, indemnify, and hold the service harmless in case of a claim related to your use of the service",
    "Users have a reduced time period to take legal action against the service",
    "Users agree to comply with the law of the service's country",
    "This service does not force users into binding arbitration",
    "Service can block or censor user communications",
    "Usernames can be rejected for any reason",
    "Users who have been permanently banned from this service are not allowed to re-register under a new account",
    "User suspension from the service will be fair and proportionate.",
    "The service gives 30 days of notice before closing your account",
    "When the service wants to make a material change to its terms, users are notified at least 30 days in advance",
    "When the service wants to change its terms, users are notified a week or more in advance.",
    "Conditions may change, but your continued acceptance is not inferred from an earlier acceptance",
    "There is a date of the last update of the terms",
    "This service provides archives of their Terms of Service so that changes can be viewed over time",
    "User feedback is invited regarding changes to the terms.",
    "The service refers users to external documents for more information",
    "Other applicable rules, terms, conditions or guidelines",
})
_SERVICE_ALIASES = {"blogspot": "google", "firefoxaccounts": "mozilla", "zoomvideocommunications": "zoom"}


@dataclass(frozen=True)
class ToSDRQuote:
    """One usable point: the quoted text, its service, its case and the category it maps to ("" = none)."""

    service: str
    case: str
    text: str
    label: str


def normalise_name(name: str) -> str:
    """'Electronic_Arts' -> 'electronicarts', 'mozilla-org' -> 'mozillaorg'."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def same_service(service: str, documents: list[str]) -> bool:
    """True when a ToS;DR service is (a product of) the company of one of `documents`."""
    name = normalise_name(service)
    name = _SERVICE_ALIASES.get(name, name)
    return any(name.startswith(normalise_name(doc)) for doc in documents)


def held_out(service: str) -> bool:
    """True for the services kept out of training to check the model on: 1 in 5, by a hash
    of the normalised name, so the split is the same on every machine and every run."""
    return int(hashlib.sha1(normalise_name(service).encode("utf-8")).hexdigest(), 16) % 5 == 0


def _label(case: str, quote: str) -> str | None:
    """The category of a point, "" for an unrelated case (weak negative), None to skip it."""
    if case in CASE_LABELS:
        return CASE_LABELS[case]
    if case in VENUE_CASES:
        courts, law = _COURTS.search(quote), _LAW.search(quote)
        return "j" if courts and not law else "law" if law and not courts else None
    return None if case in AMBIGUOUS else ""


_HTML_TAG = re.compile(r"<[^>]{0,200}>")


def clean_quote(quote: str) -> str:
    """Quotes keep bits of the page's HTML (<p>, <strong>, &amp;): plain text, one line."""
    return " ".join(html.unescape(_HTML_TAG.sub(" ", quote)).split())


SERVICES = ("all", "training", "held_out")


def read_points(tosdr_dir) -> list[dict]:
    """Every point of `tosdr_points.jsonl`; a missing file or a line that is not a JSON object
    is a one-line input error, not a crash."""
    path = Path(tosdr_dir) / "tosdr_points.jsonl"
    if not path.is_file():
        raise InputError(f"missing ToS;DR points file {path}.")
    points = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            point = json.loads(line)
        except ValueError:
            point = None
        if not isinstance(point, dict):
            raise InputError(f"{path}: line {number} is not a JSON object.")
        points.append(point)
    return points


# A set row's terms type -> ToS;DR's `document_type`.
DOCUMENT_TYPES = {"Terms of Service": "terms", "Privacy Policy": "privacy"}


def service_document(tosdr_dir, service: str, terms_type: str) -> str:
    """The quotes of one service's document ("Terms of Service" or "Privacy Policy") as one text, a
    paragraph each, in the order of the document (by `quote_start`), each quote once. A labelled set may
    point at it: the quotes are clauses of the real document, though not all of it."""
    kind = DOCUMENT_TYPES.get(terms_type)
    if kind is None:
        raise InputError(f"ToS;DR holds no {terms_type!r} documents (only {', '.join(DOCUMENT_TYPES)}).")
    path = Path(tosdr_dir) / "tosdr_points.jsonl"
    quotes = _documents(str(tosdr_dir), path.stat().st_mtime_ns if path.is_file() else -1).get((service, kind))
    if not quotes:
        raise InputError(f"ToS;DR holds no quote of {service}'s {terms_type}.")
    return "\n\n".join(quotes) + "\n"


@lru_cache(maxsize=2)
def _documents(tosdr_dir: str, stamp: int) -> dict[tuple[str, str], list[str]]:
    """Every service's usable quotes per document type, in document order and each once: the points file is
    parsed once (per version, `stamp`), not once per document of a set that points at hundreds."""
    points = [point for point in read_points(tosdr_dir) if point.get("quote") and not point.get("irrelevant")]
    points.sort(key=lambda point: (point.get("quote_start") is None, point.get("quote_start") or 0,
                                   int(point["point_id"]) if str(point.get("point_id", "")).isdigit() else 0))
    grouped: dict[tuple[str, str], list[str]] = {}
    for point in points:
        key = ((point.get("services") or [""])[0], point.get("document_type"))
        grouped.setdefault(key, []).append(clean_quote(point["quote"]))
    return {key: list(dict.fromkeys(quotes)) for key, quotes in grouped.items()}


def load_points(tosdr_dir, *, documents: list[str] = (), services: str = "all") -> tuple[list[ToSDRQuote], dict]:
    """Usable English points mapped to categories, without the services of `documents`;
    `services` = "training" or "held_out" keeps one side of the `held_out` split.

    Returns (quotes, counts of what was dropped and why).
    """
    if services not in SERVICES:
        raise ValueError(f"services must be one of {SERVICES}")
    quotes, dropped = [], {"same_service": 0, "ambiguous_case": 0}
    for point in read_points(tosdr_dir):
        if not (point.get("quote") and point.get("case") and point.get("classification")) or point.get("irrelevant"):
            continue
        service = (point.get("services") or [""])[0]
        if same_service(service, list(documents)):
            dropped["same_service"] += 1
            continue
        if services != "all" and held_out(service) != (services == "held_out"):
            dropped["other_side"] = dropped.get("other_side", 0) + 1
            continue
        text = clean_quote(point["quote"])
        label = _label(point["case"], text)
        if label is None:
            dropped["ambiguous_case"] += 1
            continue
        quotes.append(ToSDRQuote(service, point["case"], text, label))
    return quotes, dropped


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1))} if words else set()


def near_duplicates(quotes: list[ToSDRQuote], sentences: list[str], *, overlap: float = 0.5) -> list[bool]:
    """For each quote: True when >= `overlap` of its word 5-grams occur in `sentences`, or it
    contains a whole sentence of >= 8 words: such quotes repeat CLAUDETTE text."""
    known: set = set()
    by_first: dict[tuple, list[set]] = {}  # a sentence's first 5-gram -> its 5-grams
    for sentence in sentences:
        words = re.findall(r"\w+", sentence.lower())
        shingles = _shingles(sentence)
        known |= shingles
        if len(words) >= 8:
            by_first.setdefault(tuple(words[:5]), []).append(shingles)
    flags = []
    for quote in quotes:
        shingles = _shingles(quote.text)
        shared = len(shingles & known) / len(shingles) if shingles else 0.0
        contains = any(s <= shingles for first in shingles for s in by_first.get(first, ()))
        flags.append(shared >= overlap or contains)
    return flags
