"""The CLAUDETTE loader (training/datasets/claudette.py) on corpora written here."""

from __future__ import annotations


import pytest

from contractlens.training.datasets import claudette
from contractlens.errors import InputError


def write_corpus(root, docs: dict[str, list[tuple[str, str]]], lang: str = "en"):
    for name, rows in docs.items():
        for folder, column in (("sentences", 0), ("tags", 1)):
            path = root / folder / lang / "original" / f"{name}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("".join(row[column] + "\n" for row in rows), encoding="utf-8")
        text_path = root / "original_text" / lang / f"{name}.txt"
        text_path.parent.mkdir(parents=True, exist_ok=True)
        text_path.write_text("\n\n".join(row[0] for row in rows), encoding="utf-8")


def test_loader_reads_a_subset_corpus_with_tags_and_levels(tmp_path):
    write_corpus(tmp_path, {
        "Shop": [("Welcome.", ""), ("We may end your account at any time.", "ter3 ter2"), ("Courts of Ruritania decide.", "j1 countrym")],
        "App": [("Using the app means you accept.", "use2"), ("Laws of Ruritania apply.", "law2 j3")],
    })
    assert claudette.document_names(tmp_path) == ["App", "Shop"]
    sentences = claudette.load_sentences(tmp_path)
    assert [(s.doc, s.index) for s in sentences] == [("App", 0), ("App", 1), ("Shop", 0), ("Shop", 1), ("Shop", 2)]
    by_text = {s.text: s for s in sentences}
    assert by_text["We may end your account at any time."].labels == {"ter": 3}
    assert by_text["We may end your account at any time."].tags == ["ter3", "ter2"]
    assert by_text["Laws of Ruritania apply."].labels == {"law": 2, "j": 3}
    assert by_text["Courts of Ruritania decide."].labels == {}
    assert not by_text["Courts of Ruritania decide."].is_unfair
    assert by_text["Using the app means you accept."].is_unfair
    assert claudette.load_original_text(tmp_path, "en", "App").startswith("Using the app")


def test_loader_rejects_misaligned_tags_and_missing_files(tmp_path):
    write_corpus(tmp_path, {"Shop": [("One.", ""), ("Two.", "ltd2")]})
    (tmp_path / "tags" / "en" / "original" / "Shop.txt").write_text("ltd2\n", encoding="utf-8")
    with pytest.raises(InputError, match="2 sentences but 1 tag lines"):
        claudette.load_sentences(tmp_path)
    with pytest.raises(InputError, match="no CLAUDETTE sentences"):
        claudette.load_sentences(tmp_path, lang="de")
    with pytest.raises(InputError, match="original text"):
        claudette.load_original_text(tmp_path, "en", "Nope")
    with pytest.raises(InputError, match="not a CLAUDETTE corpus"):
        claudette.document_names(tmp_path / "elsewhere")
    with pytest.raises(InputError, match="unknown CLAUDETTE variant"):
        claudette.load_sentences(tmp_path, variant="paraphrased")


def test_translated_variant_uses_source_language_tags(tmp_path):
    write_corpus(tmp_path, {"Shop": [("Wir dürfen kündigen.", "ter2"), ("Hallo.", "")]}, lang="de")
    target = tmp_path / "sentences" / "en" / "translated_from_de_google" / "Shop.txt"
    target.parent.mkdir(parents=True)
    target.write_text("We may terminate.\nHello.\n", encoding="utf-8")
    sentences = claudette.load_sentences(tmp_path, "en", "translated_from_de_google")
    assert [(s.text, s.lang, s.labels) for s in sentences] == [("We may terminate.", "en", {"ter": 2}), ("Hello.", "en", {})]
    assert claudette.variants(tmp_path, "en") == ["translated_from_de_google"]


def test_parse_tags_keeps_the_highest_unfair_level():
    assert claudette.parse_tags(["ltd2", "ltd3", "ch1", "countrym", "bogus"]) == {"ltd": 3}
