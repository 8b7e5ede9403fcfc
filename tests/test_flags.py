"""Harvesting flags: hand-labelled sentences per flag (tests/fixtures/flags) and pinned negations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contractlens.classify.flags import detect_flags
from contractlens.evaluation.flag_sentences import score_sentences
from contractlens.taxonomy import FLAGS
from contractlens.types import Clause

FIXTURES = Path(__file__).parent / "fixtures" / "flags"
FLAG_FILES = sorted(FIXTURES.glob("*.jsonl"))


def _flags(text: str) -> dict:
    return {f.label: f for f in detect_flags([Clause(0, 0, len(text), text)], "en")}


def test_every_flag_has_a_labelled_set():
    assert {p.stem for p in FLAG_FILES} == set(FLAGS)


@pytest.mark.parametrize("path", FLAG_FILES, ids=lambda p: p.stem)
def test_flag_precision_recall_on_labelled_sentences(path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert sum(r["fires"] for r in rows) >= 20 and sum(not r["fires"] for r in rows) >= 20
    if path.stem != "retention_period":  # a period is a period even when phrased as a denial
        assert sum(r["polarity"] == "does_not" for r in rows) >= 5  # denials are part of every set
    result = score_sentences(path.stem, rows)
    assert result["precision"] >= 0.9, result["errors"]
    assert result["recall"] >= 0.9, result["errors"]
    assert result["polarity_accuracy"] >= 0.9, result["errors"]
    assert result["attribute_accuracy"] >= 0.9, result["errors"]


# (sentence, flag, polarity) that must hold with the rules alone and in a scan (test_flags_learned)
PINNED_NEGATIONS = [
    ("We do not sell your personal information.", "sale", "does_not"),
    ("We may sell your personal information to advertisers.", "sale", "does"),
    ("If you do not opt out, we may sell your personal information.", "sale", "does"),
    ("Your payment information is never shared with advertisers.", "financial", "does_not"),
    ("We don't use your photos to train our AI models.", "ai_training", "does_not"),
    ("Our service is not directed to children under 13.", "children", "does_not"),
    ("We not only collect your location but also share it with partners.", "location", "does"),
]


@pytest.mark.parametrize("text, flag, polarity", PINNED_NEGATIONS)
def test_negation_is_pinned(text, flag, polarity):
    found = _flags(text)
    assert flag in found, text
    assert found[flag].polarity == polarity


def test_near_misses_do_not_fire():
    assert "sale" not in _flags("In the event of a merger, your personal information may be sold to the buyer.")
    assert "sale" not in _flags("Use the Do Not Sell My Personal Information link to opt out.")
    assert "biometric" not in _flags("We use device fingerprinting to detect fraud.")
    assert "ai_training" not in _flags("All employees receive privacy training every year.")


def test_retention_attributes_carry_the_period():
    bounded = _flags("We retain server logs for 18 months.")["retention_period"]
    assert bounded.attributes == {"retention": "bounded", "period": "18 months"}
    assert _flags("We keep your data as long as necessary.")["retention_period"].attributes["retention"] == "as_long_as_necessary"
    assert _flags("Posts may be retained indefinitely.")["retention_period"].attributes["retention"] == "indefinite"


def test_dnt_gpc_stance_per_signal():
    ignored = _flags("We do not respond to Do Not Track signals.")["dnt_gpc"]
    assert ignored.attributes == {"dnt_gpc": "ignored", "signal": "dnt"} and ignored.polarity == "does_not"
    honoured = _flags("We honour Global Privacy Control as a valid opt-out.")["dnt_gpc"]
    assert honoured.attributes == {"dnt_gpc": "honoured", "signal": "gpc"} and honoured.polarity == "does"
    # GPC, the signal state laws make binding, speaks for a clause that declines DNT but honours GPC
    mixed = _flags("We honour Global Privacy Control, but we do not respond to Do Not Track.")["dnt_gpc"]
    assert mixed.attributes == {"dnt_gpc": "honoured", "signal": "gpc"}
    declined = _flags("We do not respond to Global Privacy Control, but we honour Do Not Track.")["dnt_gpc"]
    assert declined.attributes["dnt_gpc"] == "ignored"


def test_findings_are_well_formed_and_other_languages_get_none():
    text = "Wir verkaufen Ihre Daten nicht. We sell your personal data and show you targeted ads."
    findings = detect_flags([Clause(3, 0, len(text), text)], "en")
    assert {f.label for f in findings} == {"sale", "targeted_ads"}
    for f in findings:
        assert f.kind == "flag" and f.clause_index == 3 and 0 < f.score <= 1 and f.evidence and f.explanation
    assert detect_flags([Clause(0, 0, len(text), text)], "de") == []


# Boilerplate that names a flag's noun without a practice of this service (own wording).
BOILERPLATE = [
    ("The importer shall apply extra safeguards to personal data revealing racial or ethnic origin, political "
     "opinions, genetic data, biometric data or data concerning health.", "health", None),
    ("The importer shall apply extra safeguards to personal data revealing racial or ethnic origin, political "
     "opinions, genetic data, biometric data or data concerning health.", "biometric", None),
    ("We do not ask for data revealing racial or ethnic origin, political opinions or health data.", "health", "does_not"),
    ("You agree that you will not use the service to collect health information about other members.", "health", None),
    ("Please do not contact your credit card company to dispute a charge before contacting us.", "financial", None),
    ("We may change the payment methods at any time.", "financial", None),
    ("Purchases are charged to the payment method you provide.", "financial", "does"),
    ("Payment options available for your location are shown at checkout.", "location", None),
    ("We use your IP address to determine which offers are available in your location.", "location", "does"),
    ("With a passkey you can unlock your device with a fingerprint.", "biometric", None),
    ("Acme takes part in the Data Privacy Framework, whose principles bind its agents.", "cross_border", "does"),
    ("Data Privacy Framework (DPF) and its UK Extension.", "cross_border", None),
    ("Its principles of the Data Privacy Framework extend to agents acting for it.", "cross_border", None),
    ("We rely on standard contractual clauses.", "cross_border", "does"),
    ("You grant us and our affiliates a worldwide, royalty-free (meaning that no payment to you is due at any time), "
     "sublicensable and transferable licence to host and distribute your content.", "partner_sharing", None),
    ("We do not want to use more of your personal information than necessary to train our models.", "ai_training", "does"),
    ("You will send us the data as necessary to set up the account, so that your information can be stored by "
     "the partner.", "retention_period", None),
    ("We keep your messages as necessary to provide the service.", "retention_period", "does"),
    ("The data was collected in relation to the offer of information society services directly to a child.", "children", None),
    ("We commit to deleting all data on the minor in question.", "children", "does_not"),
    ("App stores refrain from sending us any financial information.", "financial", "does_not"),
    ("If the data is wrong we may, at our discretion, update, correct, or delete the information.", "access_rights", None),
]


@pytest.mark.parametrize("text, flag, polarity", BOILERPLATE)
def test_boilerplate_names_no_practice(text, flag, polarity):
    found = _flags(text).get(flag)
    assert (found.polarity if found else None) == polarity, text


def test_a_list_item_keeps_the_topic_of_its_lead():
    """Items of "Provide you with a list of ...;" describe the law's right, not a sale."""
    lead = "Provide you with a list of the categories of personal information we disclosed about you;"
    item = "the business purpose for collecting or selling your personal information;"
    assert "sale" not in _flags(f"{lead} {item} and the categories of recipients.")
    assert _flags("We sell your personal information; we also share it.")["sale"].polarity == "does"
