"""The rule pre-filter of the flags (classify/flags_gate.py): literals a pattern requires, and the texts holding them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from contractlens.classify import flag_rules as R
from contractlens.classify.flags import candidate_rules_per_text, rule_matches, sentences_of
from contractlens.classify.flags_gate import LiteralIndex, required_literals


FIXTURES = Path(__file__).parent / "fixtures" / "flags"


def _fixture_sentences() -> list[str]:
    return [json.loads(line)["text"] for path in sorted(FIXTURES.glob("*.jsonl")) for line in path.open()]


@pytest.mark.parametrize(
    "pattern, text, matches",
    [
        (r"\b(sell|sold)\s+(your|their)\s+data\b", "we never sold their data", True),
        (r"\b(sell|sold)\s+(your|their)\s+data\b", "we sold nothing", False),
        (r"\bthird[-\s]party\s+(cookies|pixels?)", "third party pixel tags", True),
        (r"(re-?targeting|re-?marketing)", "we use remarketing lists", True),
        (r"\bunder\s+(the\s+age\s+of\s+)?(1[0-8])", "children under 13", True),
        (r"colou?r", "the colour red", True),
    ],
)
def test_required_literals_never_rule_out_a_match(pattern, text, matches):
    compiled = re.compile(pattern)
    literals = required_literals(compiled)
    assert literals, "every pattern here has a literal to require"
    assert bool(compiled.search(text)) is matches
    if matches:
        assert LiteralIndex([text]).candidates(literals) == {0}


def test_required_literals_gate_out_unrelated_text():
    literals = required_literals(re.compile(r"\b(sell|sold)\s+(your|their)\s+data\b"))
    assert LiteralIndex(["we keep server logs for thirty days"]).candidates(literals) == frozenset()
    assert required_literals(re.compile(r"\w+\s*")) == []  # nothing to require: never gates


def test_literal_index_finds_the_texts_holding_each_literal():
    index = LiteralIndex(["we sell data", "no sale here; we sell", "nothing", "sold"])
    assert index.texts_with("sell") == {0, 1} and index.texts_with("sold") == {3}
    assert index.texts_with("here;") == {1} and index.texts_with("absent") == frozenset()
    assert index.candidates([frozenset({"sell", "sold"}), frozenset({"data", "sold"})]) == {0, 3}
    assert index.candidates([]) is None  # nothing required: every text is a candidate


def test_prefilter_keeps_every_rule_that_fires_in_a_sentence():
    texts = _fixture_sentences()
    texts.append(" ".join(texts[:40]))  # one long clause holding many flags
    for text, candidates in zip(texts, candidate_rules_per_text(texts)):
        fired = {id(rule) for sentence in sentences_of(text) for rule in R.RULES if rule_matches(sentence, [rule])}
        assert fired <= {id(rule) for rule in candidates}, text


def test_prefilter_falls_back_to_all_rules_on_case_folding_traps():
    text = "We SELL \u0130nformation about you."
    assert candidate_rules_per_text([text]) == [list(R.RULES)]
