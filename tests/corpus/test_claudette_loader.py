"""The CLAUDETTE loader on the real corpus: counts and the alignment of translations."""

from __future__ import annotations

import pytest

from contractlens.training.datasets import claudette


CORPUS_COUNTS = {  # (documents, sentences, sentences tagged level 2 or 3), measured on the 40-document corpus
    "en": (40, 13567, 1072),
    "de": (40, 12851, 1028),
    "it": (40, 13494, 1106),
    "pl": (40, 15488, 1100),
}


@pytest.mark.parametrize("lang", sorted(CORPUS_COUNTS))
def test_loader_counts_on_the_corpus(claudette_dir, lang):
    sentences = claudette.load_sentences(claudette_dir, lang)
    documents = {s.doc for s in sentences}
    assert (len(documents), len(sentences), sum(s.is_unfair for s in sentences)) == CORPUS_COUNTS[lang]
    assert all(s.lang == lang for s in sentences)
    categories = {c for s in sentences for c in s.labels}
    assert categories == {"a", "ch", "cr", "j", "law", "ltd", "ter", "use", "pinc"}


def test_translations_align_with_source_tags_on_the_corpus(claudette_dir):
    german = claudette.load_sentences(claudette_dir, "de")
    translated = claudette.load_sentences(claudette_dir, "en", "translated_from_de_google")
    assert len(translated) == len(german)
    assert [(s.doc, s.index, s.labels) for s in translated] == [(s.doc, s.index, s.labels) for s in german]
    back = claudette.load_sentences(claudette_dir, "de", "translated_from_en_google")
    english = claudette.load_sentences(claudette_dir, "en")
    assert [s.labels for s in back] == [s.labels for s in english]
