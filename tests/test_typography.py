"""Typography never changes a verdict: rules and models read normalised text, people see the page's own."""

from __future__ import annotations

import pytest

from contractlens import analyze_document
from contractlens.classify.denials import enforce_denials
from contractlens.typography import find_in_original, normalize_typography, normalize_with_offsets, reading_clauses
from contractlens.types import Clause, Document, Finding

RULES = ("unfair", "practices")  # the negation reading of the rules, without the learned answer check

# One denial per negation-aware flag, written as web pages write them: typographic apostrophes and quotes.
DENIALS = {
    "sale": "We don’t sell your personal information to anyone.",
    "partner_sharing": "We won’t share your personal information with our business partners.",
    "targeted_ads": "We don’t use your data for “targeted advertising”.",
    "third_party_tracking": "We don’t allow third‑party cookies on our pages.",
    "location": "We don’t collect your precise location.",
    "health": "We don’t ask for health or medical information.",
    "biometric": "We don’t collect biometric data such as fingerprints.",
    "financial": "We don’t store your credit card numbers.",
    "children": "We don’t knowingly collect personal information from children under 13.",
    "ai_training": "We won’t use your content to train our AI models.",
    "cross_border": "We don’t transfer your personal data outside the European Economic Area.",
    "access_rights": "You can’t delete your account data.",
}


def test_normalisation_covers_the_web_typography():
    text = "We don’t sell “your” data — ever.\u00a0Pri\u00advacy\u200b ﬁles ＡＢＣ１"
    assert normalize_typography(text) == 'We don\'t sell "your" data - ever. Privacy files ABC1'
    assert normalize_typography("plain ASCII stays") == "plain ASCII stays"


def test_offsets_map_normalised_phrases_back_to_the_page():
    text = "Intro. We don’t sell ﬁles."
    plain, offsets = normalize_with_offsets(text)
    assert len(offsets) == len(plain) + 1
    start, end = find_in_original(text, "don't sell files")
    assert text[start:end] == "don’t sell ﬁles"
    assert find_in_original(text, "not there") is None


def test_reading_clauses_keep_index_offsets_and_leave_the_originals_alone():
    clauses = [Clause(0, 0, 10, "plain"), Clause(1, 11, 30, "we don’t", ["Final “words”"])]
    reading = reading_clauses(clauses)
    assert reading[0] is clauses[0]
    assert (reading[1].index, reading[1].start, reading[1].end) == (1, 11, 30)
    assert reading[1].text == "we don't" and reading[1].heading_path == ['Final "words"']
    assert clauses[1].text == "we don’t"


@pytest.mark.parametrize("flag", sorted(DENIALS))
def test_typographic_denials_count_as_denials_for_every_negation_aware_flag(flag):
    sentence = DENIALS[flag]
    analysis = analyze_document(Document(source="policy.txt", text=sentence), models=RULES)
    found = [f for f in analysis.findings_of("flag") if f.label == flag]
    assert found and all(f.polarity == "does_not" for f in found), [(f.label, f.polarity) for f in found]
    # the same verdict as with plain typography
    plain = analyze_document(Document(source="policy.txt", text=normalize_typography(sentence)), models=RULES)
    assert {(f.label, f.polarity) for f in plain.findings_of("flag")} == {(f.label, f.polarity) for f in found}
    assert analysis.clauses[found[0].clause_index].text == sentence  # what is quoted keeps the page's characters


def test_the_data_answer_quotes_the_page_with_its_own_apostrophe():
    text = "We collect your e-mail address.\n\nWe don’t sell your personal information."
    analysis = analyze_document(Document(source="policy.txt", text=text))
    rows = {row["key"]: row for row in analysis.extras["data_practices"]}
    assert rows["sell"]["answer"] == "no" and rows["sell"]["quote"] == "We don’t sell your personal information."


def test_a_learned_or_rule_does_finding_whose_clause_only_denies_is_never_reported_as_does():
    clause = Clause(0, 0, 60, "We do not sell your personal information.")
    rule = Finding("flag", "sale", 0, 0.9, "flag-rules-1", polarity="does")
    learned = Finding("flag", "sale", 0, 0.7, "practices-model", polarity="does")
    kept = enforce_denials([rule, learned], [clause], "en")
    assert kept == [rule] and rule.polarity == "does_not"
    affirmed = Finding("flag", "sale", 1, 0.9, "flag-rules-1", polarity="does")
    assert enforce_denials([affirmed], [Clause(1, 0, 40, "We sell your personal information.")], "en")[0].polarity == "does"


def test_a_quote_is_found_from_evidence_written_in_plain_typography():
    text = "Cookies help us. Partners place “tracking pixels” on our pages. Nothing else."
    analysis = analyze_document(Document(source="policy.txt", text=text))
    row = {r["key"]: r for r in analysis.extras["data_practices"]}["tracking"]
    assert row["answer"] == "yes" and row["quote"] == "Partners place “tracking pixels” on our pages."
