"""Document type: terms / privacy / cookies / other, from the title, the opening and the findings.

The title and the opening lines are the strongest signal ("Privacy Policy", "Cookie
Policy", "Terms of Service", also in French, German, Italian, Spanish and Polish); the
density of typical vocabulary and the mix of practice vs unfair-clause findings settle
documents whose title says nothing.
"""

from __future__ import annotations

import re

from ..types import Clause, Document, Finding
from .regex_gate import gated

DOC_TYPES = ("terms", "privacy", "cookies", "other")
OPENING_CHARS = 400
TITLE_WEIGHT, OPENING_WEIGHT, DENSITY_WEIGHT, FINDINGS_WEIGHT = 4.0, 2.0, 1.0, 2.0
MIN_SCORE = 0.3

TITLE_PATTERNS = {
    "cookies": re.compile(
        r"\b(cookies?|trackers?|traceurs?|tracking\s+technolog\w+)\s*(policy|notice|statement|politique)?|politique\s+(des\s+|de\s+|relative\s+aux\s+)?(cookies|traceurs)|cookie-?richtlinie|informativa\s+(sui\s+)?cookie|pol[ií]tica\s+de\s+cookies",
        re.I,
    ),
    "privacy": re.compile(
        r"\bprivacy|\bdata\s+(protection|policy)|personal\s+(data|information)\s+(policy|notice)|confidentialit[ée]|donn[ée]es\s+personnelles|datenschutz|informativa\s+(sulla\s+)?privacy|pol[ií]tica\s+de\s+privacidad|prywatno[sś]ci|protection\s+des\s+donn[ée]es|privacyverklaring|privacybeleid",
        re.I,
    ),
    "terms": re.compile(
        r"\bterms\b|\bconditions\b|user\s+agreement|service\s+agreement|\beula\b|license\s+agreement|\bcgu\b|\bcgv\b|conditions\s+g[ée]n[ée]rales|mentions\s+l[ée]gales|\bnutzungsbedingungen|\bagb\b|allgemeine\s+gesch[äa]ftsbedingungen|termini|condizioni|t[ée]rminos|regulamin|acceptable\s+use|\w*voorwaarden|anv[äa]ndarvillkor",
        re.I,
    ),
}


# Lower-case patterns for lower-cased text (IGNORECASE is slower), with first-character gates.
DENSITY_PATTERNS = {
    "cookies": gated(r"\bcookies?\b|\btrackers?\b|\btraceurs?\b|\bpixels?\b|local\s+storage"),
    "privacy": gated(
        r"personal\s+(data|information)|données\s+personnelles|personenbezogene|\bcontroller\b|\bprocess(ing)?\b|\bgdpr\b|\brgpd\b|\bccpa\b",
    ),
    "terms": gated(
        r"\byou\s+agree\b|\bagreement\b|\byour\s+account\b|\bshall\b|\bvous\s+acceptez\b|\barticle\s+\d|\bcommande\b|\blivraison\b|\bliab(le|ility)\b|\bwarrant(y|ies)\b|\bindemnif\w+|\bterminat\w+|\bgoverning\s+law\b|\barbitration\b|\bsubscription\b|\bintellectual\s+property\b|\bresponsabilit[ée]\b|\bgarantie\b|\brésiliation\b",
    ),
}


def _density(pattern: re.Pattern, lowered: str, words: int) -> float:
    """Hits per 1,000 words of the lower-cased text, capped so a long document cannot drown the title."""
    return min(sum(1 for _ in pattern.finditer(lowered)) * 1000 / max(words, 1) / 10.0, 2.0)


def doc_type_scores(title: str, text: str, findings: list[Finding] = (), n_clauses: int = 0) -> dict[str, float]:
    """A score per type; the caller takes the best (exposed for tests and evaluation)."""
    opening = text[:OPENING_CHARS]
    lowered, words = text.lower(), len(text.split())
    scores = {}
    for doc_type in ("privacy", "cookies", "terms"):  # on a tie, the earlier type wins
        score = TITLE_WEIGHT * bool(title and TITLE_PATTERNS[doc_type].search(title))
        score += OPENING_WEIGHT * bool(TITLE_PATTERNS[doc_type].search(opening))
        score += DENSITY_WEIGHT * _density(DENSITY_PATTERNS[doc_type], lowered, words)
        scores[doc_type] = score
    if n_clauses:
        practice = {f.clause_index for f in findings if f.kind == "practice" and f.label != "other"}
        unfair = {f.clause_index for f in findings if f.kind == "unfair"}
        scores["privacy"] += FINDINGS_WEIGHT * len(practice) / n_clauses
        scores["terms"] += FINDINGS_WEIGHT * 3 * len(unfair) / n_clauses
    # A cookie policy is also about privacy; its own title words must win, not lose to density.
    # "Privacy and Cookies Policy" is a privacy policy; a bare "Cookie Policy" is a cookie policy.
    head = f"{title}\n{opening}"
    if TITLE_PATTERNS["cookies"].search(head):
        if TITLE_PATTERNS["privacy"].search(head):
            scores["privacy"] += TITLE_WEIGHT
        else:
            scores["cookies"] += OPENING_WEIGHT
    return scores


def detect_doc_type(document: Document, clauses: list[Clause] = (), findings: list[Finding] = ()) -> str:
    """"terms" | "privacy" | "cookies" | "other" for one analysed document."""
    scores = doc_type_scores(document.title, document.text, findings, len(clauses))
    best = max(scores, key=scores.get)
    return best if scores[best] >= MIN_SCORE else "other"
