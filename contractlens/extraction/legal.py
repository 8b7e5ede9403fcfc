"""Tell a legal document (terms, privacy policy, ...) from any other page.

A small multilingual vocabulary of legal terms; a text passes when it uses a few distinct
ones, densely enough. The bar is low on purpose: a short real policy must pass, a shop home
page, a news story or a "page not found" must not.
"""

from __future__ import annotations

import re
from collections import Counter

from ..errors import InputError

# Word patterns (matched against whole words, case-insensitive).
LEGAL_WORDS = [
    # English
    r"terms", r"conditions?", r"agreements?", r"agree[sd]?", r"privacy", r"polic(?:y|ies)",
    r"liab(?:le|ility)", r"personal", r"data", r"information", r"cookies?", r"consent\w*",
    r"third", r"warrant(?:y|ies)", r"indemnif\w+", r"terminat\w+", r"arbitration", r"jurisdiction",
    r"governing", r"disputes?", r"licen[cs]e\w*", r"rights?", r"obligations?", r"collect\w*",
    r"process(?:ing|ed)?", r"disclos\w+", r"retain|retention", r"shall", r"hereby", r"pursuant",
    r"breach", r"damages", r"accounts?", r"accept\w*", r"law", r"services?", r"cancel\w*",
    r"fees?", r"refunds?", r"payments?", r"subscriptions?", r"memberships?", r"notice",
    # German
    r"nutzungsbedingungen", r"\w*geschäftsbedingungen", r"agb", r"datenschutz\w*", r"daten",
    r"personenbezogene\w*", r"haftung\w*", r"vertrag\w*", r"einwilligung", r"bedingungen",
    r"gerichtsstand", r"kündigung\w*", r"recht\w*", r"bestellung\w*", r"widerruf\w*", r"zahlung\w*",
    # Italian
    r"termini", r"condizioni", r"contratto", r"responsabilità", r"dati", r"personali",
    r"trattamento", r"consenso", r"recesso", r"foro", r"informativa", r"utente", r"ordine",
    r"pagamento", r"garanzia", r"rimborso",
    # Polish
    r"regulamin\w*", r"prywatności", r"osobowe\w*", r"danych", r"umow\w+", r"odpowiedzialnoś\w+",
    r"zgod\w+", r"użytkownik\w*", r"usług\w*", r"warunki", r"zamówieni\w*", r"płatnoś\w*",
    r"reklamacj\w*",
    # French
    r"données", r"générales", r"contrat", r"responsabilité", r"confidentialité", r"utilisateur\w*",
    r"droits?", r"résiliation", r"traitement", r"vente", r"commandes?", r"livraison", r"garanties?",
    r"rétractation", r"remboursement", r"paiement",
    # Spanish
    r"términos", r"condiciones", r"privacidad", r"datos", r"personales", r"responsabilidad",
    r"usuario\w*", r"acuerdo", r"derechos?", r"tratamiento", r"pedidos?", r"pago", r"reembolso",
    # Dutch
    r"\w*voorwaarden", r"algemene", r"persoonsgegevens", r"gegevens", r"aansprakelijk\w*", r"overeenkomst\w*",
    r"toestemming", r"beëindig\w*", r"geschil\w*", r"rechtbank", r"gebruiker\w*", r"dienst\w*",
    r"betaling\w*", r"bestelling\w*", r"herroeping\w*", r"verwerking\w*",
]
# The languages this vocabulary speaks; a text in any other language cannot be judged by it
VOCABULARY_LANGUAGES = frozenset({"en", "de", "it", "pl", "fr", "es", "nl"})
_LEGAL_WORD = re.compile("|".join(LEGAL_WORDS), re.IGNORECASE)
_WORD = re.compile(r"\w+")
MIN_WORDS = 40
MIN_DISTINCT_TERMS = 3
MIN_DENSITY = 0.008  # legal-term hits per word


def legal_score(text: str) -> tuple[int, int, float]:
    """(words, distinct legal terms, legal-term hits per word)."""
    counts = Counter(_WORD.findall(text.lower()))
    words = sum(counts.values())
    legal = {word: n for word, n in counts.items() if _LEGAL_WORD.fullmatch(word)}
    return words, len(legal), sum(legal.values()) / max(words, 1)


def check_legal_text(text: str, source: str, *, allow_short: bool = False) -> None:
    """Raise InputError when text is too short or has (almost) no legal vocabulary.

    Only in a language the vocabulary speaks: a page in another language (or one whose
    language cannot be told) is not "no legal text"; the analysis says it is not read.

    `allow_short` lets a short text with some legal vocabulary pass (a clause pasted into a
    file); a short web page is an error page or a stub, never the legal text.
    """
    words, distinct, density = legal_score(text)
    if words < MIN_WORDS:
        if allow_short and distinct >= 2:
            return
        raise InputError(f"no legal text found in {source}: only {words} words, too short for terms or a policy")
    if distinct < MIN_DISTINCT_TERMS or density < MIN_DENSITY:
        from ..language import detect_language

        if detect_language(text) not in VOCABULARY_LANGUAGES:
            return  # a language the vocabulary does not speak: coverage will say it is not read
        raise InputError(
            f"no legal text found in {source}: its {words} words have almost no terms, privacy or "
            "contract vocabulary (is this the right page?)"
        )
