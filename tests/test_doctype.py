"""Document-type vocabulary densities: the word-start gate is an optimisation, never a change."""

from __future__ import annotations

import re

import pytest

from contractlens.classify.doctype import DENSITY_PATTERNS, _word_start_gated

SAMPLE = (
    "By using the Service you agree to this Agreement. We process personal data as controller "
    "under the GDPR and the CCPA; cookies, trackers and pixels (and local storage) are used. "
    "Your account may be terminated. LIABILITY is limited; warranties are disclaimed. "
    "Vous acceptez les CGU; les données personnelles sont traitées. Article 5: résiliation, "
    "garantie, livraison et commande. Personenbezogene Daten. Subscription; intellectual property; "
    "governing law; arbitration; indemnification. processing, processes, shall."
)


@pytest.mark.parametrize("name", sorted(DENSITY_PATTERNS))
def test_gated_density_patterns_find_what_the_plain_patterns_find(name):
    gated = DENSITY_PATTERNS[name]
    plain = re.compile(gated.pattern.split("(?:", 1)[1][:-1], re.I)  # the alternatives without the gate
    assert [m.span() for m in gated.finditer(SAMPLE)] == [m.span() for m in plain.finditer(SAMPLE)]
    assert gated.search(SAMPLE)


def test_gate_refuses_an_alternative_it_cannot_gate():
    with pytest.raises(ValueError, match="cannot gate"):
        _word_start_gated(r"cookies|\d+ days")
