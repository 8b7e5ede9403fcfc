"""The OPP-115 majority rule on consolidation rows written here (no corpus needed).

A consolidated practice ("C..." id) merges 2-3 annotators into one row that names one of them;
it must count as two votes, or most of the corpus' agreement is lost.
"""

from __future__ import annotations

import csv

from contractlens.training.datasets.opp115 import CONSOLIDATION, load_segments

SEGMENTS = [
    "Children under 13 may not use the site.",
    "Contact us at privacy@example.com.",
    "We keep logs for 30 days.",
]


def _corpus(root, rows):
    (root / "sanitized_policies").mkdir(parents=True)
    (root / CONSOLIDATION).mkdir(parents=True)
    (root / "sanitized_policies" / "7_example.org.html").write_text("|||".join(SEGMENTS), encoding="utf-8")
    with (root / CONSOLIDATION / "7_example.org.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return load_segments(root)


def _row(annotation_id, annotator, segment, category, attributes="{}"):
    return [annotation_id, "batch", annotator, "7", str(segment), category, attributes, "", ""]


AUDIENCE = '{"Audience Type": {"value": "Children"}}'


def test_a_merged_practice_counts_as_two_annotators(tmp_path):
    children, contact, retention = _corpus(
        tmp_path,
        [
            _row("C100", "a1", 0, "International and Specific Audiences", AUDIENCE),
            _row("55", "a2", 1, "Other"),
            _row("56", "a3", 2, "Data Retention"),
            _row("57", "a1", 2, "Data Retention"),
        ],
    )
    assert children.labels == {"audiences"} and children.annotators == {"audiences": 2}
    assert children.has_attribute("audiences", "Audience Type", "Children")
    # a singlet row is one annotator: no majority
    assert contact.labels == set() and contact.annotators == {"other": 1}
    # two singlets of different annotators are a majority, as before
    assert retention.labels == {"retention"} and retention.annotators == {"retention": 2}


def test_a_merged_practice_and_a_singlet_of_the_same_annotator_stay_two(tmp_path):
    (children, *_) = _corpus(
        tmp_path,
        [
            _row("C100", "a1", 0, "International and Specific Audiences", AUDIENCE),
            _row("58", "a1", 0, "International and Specific Audiences", AUDIENCE),
        ],
    )
    assert children.annotators == {"audiences": 2}
