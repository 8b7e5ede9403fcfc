"""Harvesting flags: hand-labelled sentences per flag (tests/fixtures/flags) and pinned negations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contractlens.classify.flags import detect_flags, score_labelled_sentences
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
    result = score_labelled_sentences(path.stem, rows)
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
    mixed = _flags("We honour Global Privacy Control, but we do not respond to Do Not Track.")["dnt_gpc"]
    assert mixed.attributes["dnt_gpc"] == "ignored"


def test_findings_are_well_formed_and_other_languages_get_none():
    text = "Wir verkaufen Ihre Daten nicht. We sell your personal data and show you targeted ads."
    findings = detect_flags([Clause(3, 0, len(text), text)], "en")
    assert {f.label for f in findings} == {"sale", "targeted_ads"}
    for f in findings:
        assert f.kind == "flag" and f.clause_index == 3 and 0 < f.score <= 1 and f.evidence and f.explanation
    assert detect_flags([Clause(0, 0, len(text), text)], "de") == []
