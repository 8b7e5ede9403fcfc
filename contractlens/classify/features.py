"""Legal-phrase features for the unfair-clause model: a few regexes per language.

Each phrase group becomes one binary column appended to the n-gram features; each
category's linear model sees only the groups relevant to it (`RELEVANT`), because a
generic cue such as "liability" helps one category and confuses the others. In CV
(models/unfair/model-card.md) the groups lifted "privacy included" from 0.40 to 0.58 F1;
the wider English `arbitration` and `agree` patterns (arbitral bodies, small claims, "forms
part of", "together with", "subject to") lifted `a` and `pinc` a little more (log row 22).
"""

from __future__ import annotations

import hashlib
import json
import re

import numpy as np
import scipy.sparse as sp

from .regex_gate import gated

_PRIVACY = {
    "en": r"privacy (policy|policies|statement|notice)|cookie policy",
    "de": r"datenschutz(erklärung|richtlinie|hinweis|bestimmung)",
    "it": r"informativa (sulla|sulla tutela della|della) privacy|privacy policy|informativa sui cookie",
    "pl": r"polityk\w* prywatności|polityk\w* (plików )?cookie",
}
_AGREE = {
    "en": r"\bagree|\baccept|bound by|consent|part of|incorporat|in accordance with"
          r"|forms? (a )?part|together with|subject to|described in|set out in|govern",
    "de": r"stimm\w* zu|zustimm|akzeptier|einverstanden|bestandteil|einbezogen|gemäß",
    "it": r"accett|acconsent|parte integrante|incorporat|in conformità|conformemente",
    "pl": r"akceptuj|zgadza|zgod\w|wyraża\w* zgod|stanowi\w* część|zgodnie z",
}

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "arbitration": r"arbitra|small claims|\bjams\b|\baaa\b|\blcia\b|\bicc\b|individual basis"
                       r"|representative (action|proceeding)",
        "class_action": r"class action|class arbitration|class or representative|jury|consolidated",
        "courts": r"\bcourts?\b|jurisdiction|venue",
        "governing_law": r"governed by|laws? of|governing law",
        "termination": r"terminat|suspend|deactivat|close your account|disable",
        "change": r"change|modify|amend|update|revise",
        "removal": r"remove|delete|content",
        "by_using": r"by (using|accessing|visiting|registering|creating|clicking|downloading|installing)|your (use|access)",
        "discretion": r"sole discretion|at any time|for any reason|without (prior )?notice|reserve the right",
        "fullest_extent": r"fullest extent|maximum extent|permitted by (applicable )?law",
    },
    "de": {
        "arbitration": r"schiedsgericht|schiedsverfahren|schlichtung",
        "courts": r"gericht|gerichtsstand|zuständig",
        "governing_law": r"recht d\w+|unterliegt|anwendbares recht",
        "termination": r"kündig|sperr|deaktivier|beend",
        "change": r"änder|aktualisier",
        "removal": r"entfern|lösch|inhalt",
        "by_using": r"durch (die )?(nutzung|verwendung|zugriff|registrierung)|indem sie",
        "discretion": r"eigenem ermessen|jederzeit|ohne (vorherige )?ankündigung|ohne grund|behalten uns",
        "fullest_extent": r"gesetzlich zulässig|soweit (nach geltendem recht )?zulässig",
    },
    "it": {
        "arbitration": r"arbitrat",
        "courts": r"tribunal|foro|giurisdizion|competen",
        "governing_law": r"legge|disciplinat|regolat",
        "termination": r"risolv|risoluzion|sospend|cessar|disattiv|chiuder|terminar",
        "change": r"modific|aggiorn",
        "removal": r"rimuover|rimozion|eliminar|cancellar|contenut",
        "by_using": r"utilizzando|accedendo|registrandosi|usando|con l'utilizzo",
        "discretion": r"(propria|nostra) (esclusiva )?discrezion|in qualsiasi momento|senza (alcun )?preavviso|ci riserviamo",
        "fullest_extent": r"massima misura consentita|nei limiti consentiti",
    },
    "pl": {
        "arbitration": r"arbitra|polubown",
        "courts": r"sąd|jurysdykc|właściw",
        "governing_law": r"prawo|prawu|podlega",
        "termination": r"rozwiąza|zawiesz|zablokow|dezaktyw|zamkn",
        "change": r"zmian|zmieni|aktualiz",
        "removal": r"usun|usuwa|treś",
        "by_using": r"korzystając|uzyskując dostęp|rejestrując|używając",
        "discretion": r"według (własnego|naszego) uznania|w dowolnym (momencie|czasie)|bez (uprzedniego )?powiadomienia|zastrzegamy",
        "fullest_extent": r"w najszerszym zakresie|w maksymalnym zakresie|w zakresie dozwolonym",
    },
}
for _lang in PHRASES:
    PHRASES[_lang]["privacy_policy"] = _PRIVACY[_lang]
    PHRASES[_lang]["agree"] = _AGREE[_lang]
    PHRASES[_lang]["privacy_consent"] = (
        rf"({_PRIVACY[_lang]}).{{0,120}}({_AGREE[_lang]})|({_AGREE[_lang]}).{{0,120}}({_PRIVACY[_lang]})"
    )

GROUPS = sorted({name for patterns in PHRASES.values() for name in patterns} | {"all_caps"})

RELEVANT: dict[str, list[str]] = {
    "a": ["arbitration", "class_action"],
    "ch": ["change", "discretion"],
    "cr": ["removal", "discretion"],
    "j": ["courts"],
    "law": ["governing_law"],
    "ltd": ["fullest_extent", "all_caps"],
    "ter": ["termination", "discretion"],
    "use": ["by_using", "agree"],
    "pinc": ["privacy_consent", "privacy_policy", "agree"],
}

_ALL_CAPS = re.compile(r"^[^a-z]{30,}$")
_COMPILED: dict[str, dict[str, re.Pattern]] = {}


def _patterns(lang: str) -> dict[str, re.Pattern]:
    if lang not in _COMPILED:
        _COMPILED[lang] = {name: gated(p) for name, p in PHRASES.get(lang, PHRASES["en"]).items()}
    return _COMPILED[lang]


def phrase_matrix(texts: list[str], lang: str, weight: float = 0.3) -> sp.csr_matrix:
    """One column per phrase group (in `GROUPS` order): `weight` where the group matches.

    Each pattern runs once over all texts joined by line breaks (no pattern can match across
    one), not once per text: on a 300-clause document that is several times faster, and the
    first match inside every text is still found, so the columns are the same.
    """
    patterns = _patterns(lang)
    lowered = [text.lower() for text in texts]
    joined = "\n".join(lowered)
    starts = np.cumsum([0] + [len(text) + 1 for text in lowered[:-1]])
    hits = np.zeros((len(texts), len(GROUPS)), dtype=bool)
    for name, pattern in patterns.items():
        if name != "privacy_consent":
            found = [m.start() for m in pattern.finditer(joined)]
            hits[np.searchsorted(starts, found, side="right") - 1, GROUPS.index(name)] = True
    # the proximity pattern is the slow one: only try it where both halves occur
    consent, policy, agree = (GROUPS.index(name) for name in ("privacy_consent", "privacy_policy", "agree"))
    for row in np.flatnonzero(hits[:, policy] & hits[:, agree]):
        hits[row, consent] = patterns["privacy_consent"].search(lowered[row]) is not None
    hits[:, GROUPS.index("all_caps")] = [_ALL_CAPS.match(text) is not None for text in texts]
    return sp.csr_matrix(np.where(hits, np.float32(weight), np.float32(0.0)))


def phrase_match(text: str, lang: str, column: int) -> str | None:
    """The text a phrase group matched in `text` (lowercased), for evidence."""
    name = GROUPS[column]
    if name == "all_caps":
        return "text in capitals" if _ALL_CAPS.match(text) else None
    lowered = text.lower()
    pattern = _patterns(lang).get(name)
    found = pattern.search(lowered) if pattern is not None else None
    if not found:
        return None
    start, end = found.span()  # widen to whole words: "terminat" -> "terminate"
    while start > 0 and lowered[start - 1].isalnum():
        start -= 1
    while end < len(lowered) and lowered[end].isalnum():
        end += 1
    return lowered[start:end]


def patterns_digest() -> str:
    """Short hash of all phrase patterns: a model trained with other patterns must be retrained."""
    return hashlib.sha256(json.dumps(PHRASES, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def relevant_columns(label: str) -> np.ndarray:
    """Indices (into `GROUPS`) of the phrase groups a category's model may use."""
    return np.array([GROUPS.index(name) for name in RELEVANT.get(label, [])], dtype=np.int64)
