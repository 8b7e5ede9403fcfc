"""The A–E grade: follows the published formula, is deterministic, and always explains itself."""

from __future__ import annotations

import random

import pytest

from contractlens import taxonomy
from contractlens.assess import grade as grade_mod
from contractlens.assess.grade import grade_analysis, letter_for
from contractlens.assess.profiles import shipped_profile
from contractlens.assess.verdicts import assess_terms
from tests.test_terms import GPC_TRUE, finding, make_analysis


def drivers_ok(grade):
    assert grade_mod.MIN_DRIVERS <= len(grade.drivers) <= grade_mod.MAX_DRIVERS
    assert all(isinstance(d, str) and d.strip() for d in grade.drivers)
    assert len(set(grade.drivers)) == len(grade.drivers)


def test_clean_terms_document_gets_an_a_and_says_why():
    grade = grade_analysis(make_analysis(doc_type="terms"))
    assert (grade.letter, grade.score) == ("A", 0.0)
    drivers_ok(grade)
    assert grade.drivers[0] == f"no unfair clauses found among {len(make_analysis().clauses)} clauses"
    assert "no data-harvesting practices found" in grade.drivers[1]


def test_clearly_unfair_weighs_more_than_potentially_unfair():
    potential = grade_analysis(make_analysis([finding("unfair", "a", 0, level=2)]))
    clear = grade_analysis(make_analysis([finding("unfair", "a", 0, level=3)]))
    assert clear.score - potential.score == grade_mod.LEVEL_POINTS[3] - grade_mod.LEVEL_POINTS[2]
    assert clear.drivers[0] == 'clearly unfair arbitration clause in "Disputes" (+3 points)'
    assert potential.drivers[0] == 'potentially unfair arbitration clause in "Disputes" (+1 point)'


def test_score_follows_the_documented_formula():
    findings = [
        finding("unfair", "ltd", 0, level=3),
        finding("unfair", "ltd", 1, level=2),  # same category: only the worst clause counts
        finding("unfair", "ch", 2, level=2),
        finding("flag", "sale", 2),
        finding("flag", "retention_period", 3, retention="indefinite"),
        finding("flag", "location", 4),
        finding("flag", "access_rights", 5),  # credit
    ]
    analysis = make_analysis(findings)
    profile = shipped_profile("minimal-data")
    analysis.verdicts = assess_terms([profile], analysis)
    violated = [v for v in analysis.verdicts if v.verdict == "violated"]
    assert {v.term_id for v in violated} == {"no-sale", "bounded-retention"}
    expected = (grade_mod.LEVEL_POINTS[3] + grade_mod.LEVEL_POINTS[2]
                + grade_mod.FLAG_POINTS["sale"] + grade_mod.FLAG_POINTS["location"]
                + grade_mod.ATTRIBUTE_POINTS[("retention_period", "retention", "indefinite")]
                + grade_mod.TERM_FACTOR * sum(v.weight for v in violated)
                - grade_mod.CREDIT_POINTS)
    grade = grade_analysis(analysis)
    assert grade.score == pytest.approx(expected)
    assert grade.letter == letter_for(expected)
    drivers_ok(grade)
    # Largest contributions first; the credit is still shown.
    assert grade.drivers[0].startswith("clearly unfair limitation of liability clause") and "2 clauses" in grade.drivers[0]
    assert grade.drivers[1].startswith('sale of personal data in "Your data" (+3 points)')
    assert grade.drivers[-1].startswith("access, correction, deletion, portability") and "−1 point" in grade.drivers[-1]


def test_violated_terms_are_named_in_the_drivers():
    analysis = make_analysis([finding("flag", "third_party_tracking", 4)])
    before = grade_analysis(analysis)
    analysis.verdicts = assess_terms([shipped_profile("nostalking")], analysis)
    after = grade_analysis(analysis)
    assert after.score == before.score + grade_mod.TERM_FACTOR * shipped_profile("nostalking").term(
        "no-third-party-tracking").weight
    assert any('violates your term "Do not let other companies track me on your site."' in d for d in after.drivers)


def test_credits_are_capped_and_need_no_contradiction():
    protective = [finding("flag", label, 2, polarity="does_not") for label in grade_mod.CREDIT_DENIALS]
    protective.append(finding("flag", "access_rights", 5))
    harm = [finding("unfair", key, 0, level=3) for key in ("a", "ltd", "ter")]
    capped = grade_analysis(make_analysis(harm + protective))
    assert capped.score == 3 * grade_mod.LEVEL_POINTS[3] - grade_mod.MAX_CREDITS
    contradicted = grade_analysis(make_analysis([finding("flag", "sale", 2, polarity="does_not"),
                                                 finding("flag", "sale", 4)]))
    assert contradicted.score == grade_mod.FLAG_POINTS["sale"]
    assert not any("ruling out sale" in d for d in contradicted.drivers)


def test_gpc_declaration_earns_a_credit():
    harm = [finding("unfair", "law", 0, level=3)]
    plain = grade_analysis(make_analysis(harm))
    with_gpc = grade_analysis(make_analysis(harm, extras={"gpc": GPC_TRUE}))
    assert plain.score - with_gpc.score == grade_mod.CREDIT_POINTS
    assert any("/.well-known/gpc.json declares gpc: true" in d for d in with_gpc.drivers)


def _random_findings(rng: random.Random) -> list:
    out = []
    for _ in range(rng.randint(0, 12)):
        kind = rng.choice(["unfair", "flag", "practice"])
        key = rng.choice(sorted(taxonomy.ALL_KINDS[kind]))
        extra = {}
        if key == "retention_period":
            extra["retention"] = rng.choice(taxonomy.RETENTION_VALUES)
        if key == "dnt_gpc":
            extra["dnt_gpc"] = rng.choice(taxonomy.DNT_GPC_VALUES)
        out.append(finding(kind, key, rng.randrange(6), level=rng.choice([2, 3]) if kind == "unfair" else None,
                           polarity=rng.choice(["does", "does_not"]) if kind == "flag" else None,
                           score=round(rng.random(), 3), **extra))
    return out


def test_same_input_same_grade_in_any_order_and_always_explained():
    rng = random.Random(7012)
    letters = set()
    for _ in range(200):
        findings = _random_findings(rng)
        analysis = make_analysis(findings)
        analysis.verdicts = assess_terms([shipped_profile("minimal-data")], analysis)
        first = grade_analysis(analysis)
        shuffled = make_analysis(rng.sample(findings, len(findings)))
        shuffled.verdicts = assess_terms([shipped_profile("minimal-data")], shuffled)
        assert grade_analysis(shuffled) == first == grade_analysis(analysis)
        drivers_ok(first)
        letters.add(first.letter)
    assert letters >= {"A", "B", "C"}


def test_adding_harm_never_improves_the_grade():
    rng = random.Random(93)
    for _ in range(100):
        findings = _random_findings(rng)
        base = grade_analysis(make_analysis(findings))
        worse = grade_analysis(make_analysis(findings + [finding("unfair", "pinc", 1, level=3)]))
        assert worse.score >= base.score and worse.letter >= base.letter


def test_letter_bounds_and_unknown_labels():
    assert [letter_for(p) for p in (0, 1.99, 2, 4.99, 5, 8.99, 9, 13.99, 14, 40)] == list("AABBCCDDEE")
    odd = grade_analysis(make_analysis([finding("unfair", "countrym", 0, level=3)]))
    assert odd.letter == "A"
    drivers_ok(odd)


def test_signal_and_retention_flags_are_read_from_their_attribute():
    # The flag detector marks an ignored signal as polarity "does_not" with {"dnt_gpc": "ignored"}.
    ignored = grade_analysis(make_analysis([finding("flag", "dnt_gpc", 4, polarity="does_not", dnt_gpc="ignored")]))
    assert ignored.score == grade_mod.ATTRIBUTE_POINTS[("dnt_gpc", "dnt_gpc", "ignored")]
    assert ignored.drivers[0] == 'Do-Not-Track / Global Privacy Control (ignored) in "Cookies" (+1 point)'
    honoured = grade_analysis(make_analysis([finding("unfair", "j", 0, level=3),
                                             finding("flag", "dnt_gpc", 4, dnt_gpc="honoured")]))
    assert honoured.score == grade_mod.LEVEL_POINTS[3] - grade_mod.CREDIT_POINTS
    kept = grade_analysis(make_analysis([finding("flag", "retention_period", 3, polarity="does_not",
                                                 retention="as_long_as_necessary")]))
    assert kept.score == grade_mod.ATTRIBUTE_POINTS[("retention_period", "retention", "as_long_as_necessary")]
