"""Core types, taxonomy and target handling: the contracts every stage relies on."""

from __future__ import annotations

import json

import pytest

from contractlens import taxonomy
from contractlens.acquire import read_file
from contractlens.target import target_kind
from contractlens.errors import InputError
from contractlens.types import SCHEMA_VERSION, Analysis, Block, Clause, Document, Finding, Grade, TermVerdict


def _analysis() -> Analysis:
    text = "1. Disputes\n\nAll disputes go to binding arbitration."
    document = Document(
        source="x.txt",
        text=text,
        blocks=[Block("heading", 0, 11, []), Block("paragraph", 13, len(text), ["1. Disputes"])],
        title="X",
        content_hash="sha256:" + "0" * 64,
    )
    clause = Clause(0, 13, len(text), text[13:], ["1. Disputes"])
    finding = Finding("unfair", "a", 0, 0.9, "test", level=3, evidence=["binding arbitration"])
    verdict = TermVerdict("fair-contract", "no-arbitration", "No arbitration.", "violated", evidence=[0])
    return Analysis(document, [clause], [finding], [verdict], Grade("D", 0.4, ["arbitration"]))


def test_analysis_round_trips_through_json():
    analysis = _analysis()
    data = json.loads(json.dumps(analysis.to_dict()))
    assert data["schema_version"] == SCHEMA_VERSION
    again = Analysis.from_dict(data)
    assert again.to_dict() == analysis.to_dict()
    assert again.clauses[0].section == "1. Disputes"
    assert again.findings_of("unfair")[0].label == "a"


def test_from_dict_ignores_unknown_keys():
    data = _analysis().to_dict()
    data["findings"][0]["future_field"] = 1
    assert Analysis.from_dict(data).findings[0].label == "a"


def test_every_label_explains_itself():
    for kind, labels in taxonomy.ALL_KINDS.items():
        for key, label in labels.items():
            assert label.key == key and label.name and label.description and label.why
            assert taxonomy.describe(kind, key)
    assert set(taxonomy.UNFAIR) == {"a", "ch", "cr", "j", "law", "ltd", "ter", "use", "pinc"}
    assert len(taxonomy.PRACTICES) == 10
    assert set(taxonomy.OPP115_CATEGORIES.values()) == set(taxonomy.PRACTICES)
    assert taxonomy.describe("unfair", "a", 3).startswith("Clearly unfair")
    with pytest.raises(KeyError, match="unknown unfair label 'zz'"):
        taxonomy.label("unfair", "zz")


@pytest.mark.parametrize(
    "target, kind",
    [
        ("-", "stdin"),
        ("https://example.com/terms", "url"),
        ("example.com", "domain"),
        ("www.example.co.uk", "domain"),
        ("127.0.0.1:8080", "domain"),
        ("missing/terms.html", "file"),
        ("notes", "file"),
    ],
)
def test_target_kind(target, kind):
    assert target_kind(target) == kind


def test_read_file_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.html")
    with pytest.raises(InputError, match="is a directory"):
        read_file(tmp_path)
    page = tmp_path / "t.htm"
    page.write_text("<p>x</p>")
    assert read_file(page).media_type == "text/html"
