"""Document-type densities and the regex first-character gate: faster, never different."""

from __future__ import annotations

import re

import pytest

from contractlens.classify.doctype import DENSITY_PATTERNS, detect_doc_type
from contractlens.classify.features import PHRASES
from contractlens.classify.regex_gate import first_characters, gated
from contractlens.types import Document

SAMPLE = (
    "By using the Service you agree to this Agreement. We process personal data as controller "
    "under the GDPR and the CCPA; cookies, trackers and pixels (and local storage) are used. "
    "Your account may be terminated. LIABILITY is limited; warranties are disclaimed. "
    "Vous acceptez les CGU; les données personnelles sont traitées. Article 5: résiliation, "
    "garantie, livraison et commande. Personenbezogene Daten. Subscription; intellectual property; "
    "governing law; arbitration; indemnification. processing, processes, shall. Any dispute goes to "
    "JAMS or small claims court on an individual basis; the privacy policy forms part of these terms."
)


def spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(DENSITY_PATTERNS))
def test_gated_density_patterns_match_like_the_plain_ones(name):
    gated_pattern = DENSITY_PATTERNS[name]
    assert gated_pattern.pattern.startswith("(?=[")  # the gate is on
    plain = re.compile(gated_pattern.pattern.split("(?:", 1)[1][:-1], re.I)
    # lower-case patterns on lower-cased text: the same hits as ignoring case
    assert spans(gated_pattern, SAMPLE.lower()) == spans(plain, SAMPLE) != []


@pytest.mark.parametrize("lang", sorted(PHRASES))
def test_gated_phrase_patterns_match_like_the_plain_ones(lang):
    lowered = SAMPLE.lower()
    for pattern in PHRASES[lang].values():
        assert spans(gated(pattern), lowered) == spans(re.compile(pattern), lowered)


def test_first_characters_of_patterns():
    assert first_characters(r"arbitra|\bjams\b|small claims") == {"a", "j", "s"}
    assert first_characters(r"(privacy|cookie) policy|by (using|visiting)") == {"p", "c", "b"}
    assert first_characters(r"(an )?offer|[ée]tat") == {"a", "o", "é", "e"}
    assert first_characters(r"\bgdpr\b", re.I) == {"g", "G"}
    # unknown or possibly empty first characters: no gate, the pattern compiles unchanged
    for pattern in (r"\w+ days", r"(a)?", r".{0,3}x", r"[^a]b", r"(?=x)x"):
        assert first_characters(pattern) is None
        assert gated(pattern).pattern == pattern


def test_doc_type_from_title_text_and_findings():
    privacy = Document(source="x", title="Privacy Notice", text="We process personal data as a controller.")
    cookies = Document(source="x", title="Cookie Policy", text="This page explains cookies and pixels.")
    terms = Document(source="x", title="", text="Terms of Use\nYou agree that our liability is limited.")
    blank = Document(source="x", title="", text="Hello.")
    assert [detect_doc_type(d) for d in (privacy, cookies, terms, blank)] == ["privacy", "cookies", "terms", "other"]
    both = Document(source="x", title="Privacy and Cookies Policy", text="cookies " * 50)
    assert detect_doc_type(both) == "privacy"
