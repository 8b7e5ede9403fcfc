"""ToS;DR weak labels for the unfair model: case mapping, leakage guards, extra training rows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from contractlens.classify.unfair import LABELS
from contractlens.training.unfair import RECIPE, Corpus, fit_language_model
from contractlens.training.unfair_tosdr import WeakExamples, member_weights, weak_examples
from contractlens.training.datasets.tosdr import ToSDRQuote, load_points, near_duplicates, same_service

# points written for these tests (not ToS;DR text), in the tosdr_points.jsonl shape
POINTS = [
    ("acmecloud", "You waive your right to a class action.", "You may only bring claims individually and never as part of a class."),
    ("acmecloud", "The court of law governing the terms is in location X",
     "All disputes go to the courts of Springfield, which have exclusive jurisdiction."),
    ("acmecloud", "The court of law governing the terms is in location X",
     "These terms are governed by the laws of Ruritania."),
    ("acmecloud", "The court of law governing the terms is in location X",
     "These terms are governed by the laws of Ruritania and the courts of its capital decide disputes."),
    ("acmecloud", "This service is only available to users over a certain age", "<p>You must be 16 or older &amp; live on Earth.</p>"),
    ("acmecloud", "The service is provided 'as is' and to be used at the users' sole risk", "The service comes as it is."),
    ("googlefiber", "This service is only available to users over a certain age", "Only adults may sign up."),
    ("snapchat", "You waive your right to a class action.", "No class actions, ever."),
]


def _write_points(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"case": case, "quote": quote, "classification": "bad", "services": [service], "irrelevant": False}
            for service, case, quote in POINTS]
    rows.append({"case": None, "quote": None, "classification": None, "services": ["acmecloud"], "irrelevant": False})
    (folder / "tosdr_points.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return folder


def test_cases_map_to_categories_and_venue_quotes_split_by_wording(tmp_path):
    quotes, dropped = load_points(_write_points(tmp_path / "tosdr"), documents=["Google", "Snap"])
    labels = [(q.text, q.label) for q in quotes]
    assert labels == [
        (POINTS[0][2], "a"),
        (POINTS[1][2], "j"),
        (POINTS[2][2], "law"),
        ("You must be 16 or older & live on Earth.", ""),  # unrelated case: weak negative, HTML removed
    ]
    # the venue quote naming both courts and law, and the 'as is' case, are ambiguous
    assert dropped == {"same_service": 2, "ambiguous_case": 2}


@pytest.mark.parametrize(
    "service, documents, same",
    [
        ("googlefiber", ["Google"], True),
        ("snapchat", ["Snap"], True),
        ("mozilla-org", ["Mozilla"], True),
        ("firefox-accounts", ["Mozilla"], True),
        ("electronicarts", ["Electronic_Arts"], True),
        ("duckduckgo", ["Google", "Snap"], False),
        ("drop", ["Dropbox"], False),
    ],
)
def test_same_service_matches_companies_by_normalised_name(service, documents, same):
    assert same_service(service, documents) is same


def test_near_duplicates_catch_repeated_and_containing_quotes():
    sentences = [
        "We can change the rules of this club whenever the committee meets on a Monday.",
        "Members pay their dues before the first day of every month.",
    ]
    quotes = [
        ToSDRQuote("x", "c", "We can change the rules of this club whenever the committee meets on a Tuesday.", ""),
        ToSDRQuote("x", "c", "Preamble text here. Members pay their dues before the first day of every month. "
                   "More text follows that is about something else entirely and keeps going for a while.", ""),
        ToSDRQuote("x", "c", "Visitors may bring one guest to the garden party each summer.", ""),
    ]
    assert near_duplicates(quotes, sentences) == [True, True, False]


def test_weak_examples_keep_positives_and_negatives_without_leaked_services(tmp_path):
    claudette = tmp_path / "claudette"
    for kind, lines in (("sentences", ["A sentence written for this test about nothing in particular."]), ("tags", ["ltd1"])):
        folder = claudette / kind / "en" / "original"
        folder.mkdir(parents=True)
        (folder / "Snap.txt").write_text("\n".join(lines), encoding="utf-8")
    _write_points(tmp_path / "tosdr")  # found as the CLAUDETTE corpus' sibling
    weak = weak_examples(claudette, "en", LABELS, RECIPE["tosdr"])
    assert weak.texts == [POINTS[0][2], POINTS[1][2], POINTS[2][2], "You must be 16 or older & live on Earth.",
                          "Only adults may sign up."]
    assert weak.Y[:3].argmax(axis=1).tolist() == [LABELS.index("a"), LABELS.index("j"), LABELS.index("law")]
    assert weak.Y[3:].sum() == 0
    assert weak.counts["same_service"] == 1 and weak.counts == dict(weak.counts, positives=3, negatives=2)
    both = {"positive_weight": 1.0, "negative_weight": 0.5}
    assert member_weights(weak, both, LABELS.index("j")).tolist() == [0, 1.0, 0, 0.5, 0.5]  # other categories unused
    assert member_weights(weak, dict(both, positive_weight=0.0), LABELS.index("j")).tolist() == [0, 0, 0, 0.5, 0.5]
    assert weak_examples(claudette, "de", LABELS, RECIPE["tosdr"]) is None  # English quotes only


def test_weak_negatives_lower_the_score_of_their_own_text():
    clauses = [
        "We may end your account at any moment for any reason.",
        "We may close your account if you break these rules.",
        "Your subscription renews every month automatically.",
        "We may stop your access whenever we decide to.",
    ] * 3
    Y = np.zeros((len(clauses), len(LABELS)), dtype=np.int8)
    Y[[0, 1, 3, 4, 5, 7, 8, 9, 11], LABELS.index("ter")] = 1
    data = Corpus(clauses, [f"d{i % 3}" for i in range(len(clauses))], Y, Y * 2)
    recipe = dict(RECIPE, ngrams={"word": {"analyzer": "word", "ngram_range": [1, 1], "min_df": 1}})
    negative = "We may end the meeting early if the hall closes."
    plain = fit_language_model("en", data, recipe)
    weak = WeakExamples([negative] * 5, np.zeros((5, len(LABELS)), dtype=np.int8))
    pushed = fit_language_model("en", data, recipe, weak)
    column = LABELS.index("ter")
    assert pushed.scores([negative])[1][0, column] < plain.scores([negative])[1][0, column]
