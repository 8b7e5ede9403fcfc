"""Clause segmentation (contractlens.segment) and the CLAUDETTE corpus loader.

Unit tests use sentences written for these tests; corpus tests read the shared corpus in
place and skip when it is absent.
"""

from __future__ import annotations


import pytest

from contractlens.segment import blocks_from_text, document_from_text, pipeline_for, segment
from contractlens.types import Block, Document


def clause_texts(text: str, lang: str = "en") -> list[str]:
    return [c.text for c in segment(document_from_text(text, lang=lang))]


# --- sentence rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We share data with partners, e.g. advertisers and analytics firms.",
        "We share data with partners (i.e. Advertisers) when you agree.",
        "The service is run by Acme Inc. and its affiliates.",
        "Disputes are governed by U.S. federal law.",
        "See Sec. 4 for the details on refunds.",
        "Fees rise by 3.5 percent each year.",
        "Write to Acme, 12 Main St. Springfield, about this agreement.",
        "Send notices to John F. Kennedy Avenue in Luxembourg.",
        "Our address is registered under Company No. 12345 in England.",
    ],
)
def test_english_abbreviations_decimals_and_initials_do_not_split(text):
    assert clause_texts(text) == [text]


def test_sentences_split_on_terminal_marks():
    text = "We may end your account. Do you agree? You must! Then we continue."
    assert clause_texts(text) == ["We may end your account.", "Do you agree?", "You must!", "Then we continue."]


def test_email_and_quotes_end_sentences():
    text = 'Write to help@example.com. We answer within a week. You accept the "Rules." They apply to all users.'
    assert clause_texts(text) == [
        "Write to help@example.com.",
        "We answer within a week.",
        'You accept the "Rules."',
        "They apply to all users.",
    ]


def test_lower_case_word_or_parenthesis_after_period_continues():
    text = "We may change fees at any time, etc. as we see fit. (Some plans differ.) Read on."
    assert clause_texts(text) == ["We may change fees at any time, etc. as we see fit. (Some plans differ.)", "Read on."]


def test_semicolons_and_colons_do_not_split_inside_a_line():
    text = "You must not: copy the app; resell it; or reverse engineer it."
    assert clause_texts(text) == [text]


def test_numbered_heading_keeps_its_number_unless_the_gold_convention_is_asked_for():
    document = document_from_text("1. ELECTRONIC COMMUNICATIONS\n\nii. Notices\n\nWe write to you by e-mail.")
    assert [c.text for c in segment(document)] == ["1. ELECTRONIC COMMUNICATIONS", "ii. Notices", "We write to you by e-mail."]
    assert [c.text for c in segment(document, split_enumerators=True)] == [
        "1.", "ELECTRONIC COMMUNICATIONS", "ii.", "Notices", "We write to you by e-mail.",
    ]


def test_gold_convention_for_enumerators_differs_by_language():
    text = "a. Store. The store sells apps.\n4. Haftung"
    german = document_from_text(text, lang="de")
    polish = document_from_text(text, lang="pl")
    assert [c.text for c in segment(german, split_enumerators=True)] == ["a. Store.", "The store sells apps.", "4. Haftung"]
    assert [c.text for c in segment(polish, split_enumerators=True)] == ["a.", "Store.", "The store sells apps.", "4.", "Haftung"]


def test_number_ending_a_sentence_inside_a_line():
    assert clause_texts("See Section 8. In that case we refund you.") == ["See Section 8.", "In that case we refund you."]
    assert clause_texts("Die Frist beginnt am 30. Tag nach Erhalt.", "de") == ["Die Frist beginnt am 30. Tag nach Erhalt."]


def test_letter_and_parenthesised_list_items_stay_whole():
    text = "a. Store. The store sells apps.\n(b) You may not resell them.\nii. Refunds follow the law."
    assert clause_texts(text) == [
        "a. Store.",
        "The store sells apps.",
        "(b) You may not resell them.",
        "ii. Refunds follow the law.",
    ]


def test_german_abbreviations_and_ordinals():
    text = "Wir nutzen Cookies, z.B. Analyse-Cookies, bzw. Pixel. Die Regeln gelten ab dem 1. Januar. Danke."
    assert clause_texts(text, "de") == [
        "Wir nutzen Cookies, z.B. Analyse-Cookies, bzw. Pixel.",
        "Die Regeln gelten ab dem 1. Januar.",
        "Danke.",
    ]


def test_polish_and_italian_abbreviations():
    assert clause_texts("Dane, np. Google Analytics, przetwarzamy zgodnie z art. 6 RODO.", "pl") == [
        "Dane, np. Google Analytics, przetwarzamy zgodnie z art. 6 RODO."
    ]
    assert clause_texts("I dati, ecc. Sono trattati ai sensi dell'art. 13. Grazie.", "it") == [
        "I dati, ecc. Sono trattati ai sensi dell'art. 13.",
        "Grazie.",
    ]


def test_all_caps_disclaimer_is_one_clause_per_sentence():
    text = "THE SERVICE IS PROVIDED AS IS. WE DISCLAIM ALL WARRANTIES, INCLUDING MERCHANTABILITY."
    assert clause_texts(text) == ["THE SERVICE IS PROVIDED AS IS.", "WE DISCLAIM ALL WARRANTIES, INCLUDING MERCHANTABILITY."]


# --- blocks, headings, offsets --------------------------------------------------------

SAMPLE_TERMS = """Terms of Use

Last updated: 1 March 2026.

1. Your Account

You are responsible for your account. We may suspend it at any time.
    you breach these terms; or
    the law requires it.

2. Disputes

2.1 Arbitration

Any dispute will be settled by binding arbitration. You waive class actions.
"""


def test_headings_are_clauses_and_clauses_inherit_heading_paths():
    clauses = segment(document_from_text(SAMPLE_TERMS))
    by_text = {c.text: c for c in clauses}
    assert by_text["Terms of Use"].heading_path == []
    assert by_text["We may suspend it at any time."].heading_path == ["Terms of Use", "1. Your Account"]
    assert by_text["the law requires it."].heading_path == ["Terms of Use", "1. Your Account"]
    assert by_text["You waive class actions."].heading_path == ["Terms of Use", "2. Disputes", "2.1 Arbitration"]
    assert [c.index for c in clauses] == list(range(len(clauses)))


def test_every_line_break_ends_a_clause_in_unwrapped_text():
    texts = clause_texts(SAMPLE_TERMS)
    assert "you breach these terms; or" in texts
    assert "the law requires it." in texts


def test_clause_text_matches_offsets_and_stays_inside_one_block():
    document = document_from_text(SAMPLE_TERMS)
    clauses = segment(document)
    assert clauses
    for clause in clauses:
        assert clause.text == document.text[clause.start:clause.end]
        assert clause.text == clause.text.strip()
        inside = [b for b in document.blocks if b.start <= clause.start and clause.end <= b.end]
        assert len(inside) == 1


def test_blocks_given_by_an_extractor_are_respected():
    text = "Privacy\nWe collect your e-mail address and we use it for login. We keep it for two years."
    second = text.index("We keep")
    blocks = [Block("heading", 0, 7, []), Block("paragraph", 8, second - 1, ["Privacy"]),
              Block("paragraph", second, len(text), ["Privacy"])]
    clauses = segment(Document(source="t", text=text, blocks=blocks))
    assert [(c.text, c.heading_path) for c in clauses] == [
        ("Privacy", []),
        ("We collect your e-mail address and we use it for login.", ["Privacy"]),
        ("We keep it for two years.", ["Privacy"]),
    ]


def test_sentence_never_crosses_a_block_even_without_punctuation():
    text = "We may share your data with partners who\nserve ads. Another block."
    cut = text.index("\n")
    blocks = [Block("paragraph", 0, cut, []), Block("paragraph", cut + 1, len(text), [])]
    assert [c.text for c in segment(Document(source="t", text=text, blocks=blocks))] == [
        "We may share your data with partners who",
        "serve ads.",
        "Another block.",
    ]


def test_block_starting_inside_a_word_still_starts_a_clause():
    # one spaCy Doc covers the whole document; a block boundary that is not a token start
    # (no whitespace before it) must still cut the clause there
    text = "Terms.We may end your account. You agree."
    blocks = [Block("heading", 0, 6, []), Block("paragraph", 6, len(text), ["Terms."])]
    assert [(c.text, c.heading_path) for c in segment(Document(source="t", text=text, blocks=blocks))] == [
        ("Terms.", []),
        ("We may end your account.", ["Terms."]),
        ("You agree.", ["Terms."]),
    ]


def test_the_spacy_pipeline_marks_block_and_rule_sentence_starts_on_one_doc():
    from contractlens.segmentation.rules import BLOCKS_KEY

    text = "Intro line\n\nWe may terminate it at any time. See e.g. section 2. Done"
    nlp = pipeline_for("en")
    doc = nlp.make_doc(text)
    doc.user_data[BLOCKS_KEY] = [(0, 10), (12, len(text))]
    sents = [s.text.strip() for s in nlp(doc).sents]
    assert sents == ["Intro line", "We may terminate it at any time.", "See e.g. section 2.", "Done"]
    assert [s.text.strip() for s in nlp("One sentence here. Another one.").sents] == ["One sentence here.", "Another one."]


def test_line_breaks_inside_a_block_split_after_sentences_and_before_list_markers():
    text = "You agree:\n- not to copy the app\n- not to resell it\nand we may\nend your access. Thanks."
    clauses = segment(Document(source="t", text=text, blocks=[Block("paragraph", 0, len(text), [])]))
    assert [c.text for c in clauses] == [
        "You agree:",
        "- not to copy the app",
        "- not to resell it\nand we may\nend your access.",
        "Thanks.",
    ]


def test_hard_wrapped_prose_lines_are_joined_into_paragraphs():
    wrapped = (
        "These terms apply to every user of the service and to every device that\n"
        "connects to it. We may change these terms when the law changes, and we\n"
        "will tell you by e-mail before the change takes effect. If you do not\n"
        "accept the change, you may close your account at any time without a fee\n"
        "and we will refund any prepaid amount.\n"
        "\n"
        "Contact us by post.\n"
    )
    assert [b.kind for b in blocks_from_text(wrapped)] == ["paragraph", "paragraph"]
    assert [" ".join(t.split()) for t in clause_texts(wrapped)] == [
        "These terms apply to every user of the service and to every device that connects to it.",
        "We may change these terms when the law changes, and we will tell you by e-mail before the change takes effect.",
        "If you do not accept the change, you may close your account at any time without a fee and we will refund any prepaid amount.",
        "Contact us by post.",
    ]


def test_empty_and_blank_documents_have_no_clauses():
    assert segment(document_from_text("")) == []
    assert segment(document_from_text(" \n\n \t\n")) == []


def test_unsupported_language_falls_back_to_multilingual_tokenizer():
    clauses = segment(document_from_text("利用規約。 These terms apply. Thank you.", lang="ja"))
    assert [c.text for c in clauses][-2:] == ["These terms apply.", "Thank you."]
    assert pipeline_for("ja") is pipeline_for("xx")


def test_pipeline_is_loaded_once_per_language():
    assert pipeline_for("en") is pipeline_for("en")
    assert pipeline_for("de") is not pipeline_for("en")


def test_pipeline_is_rebuilt_when_its_vocabulary_grows_too_large(monkeypatch):
    import contractlens.segment as segment_module

    first = pipeline_for("it")
    monkeypatch.setattr(segment_module, "MAX_VOCAB", 0)
    rebuilt = pipeline_for("it")
    assert rebuilt is not first
    assert clause_texts("Primo. Secondo.", "it") == ["Primo.", "Secondo."]


def test_a_7000_word_document_is_segmented_clause_by_clause():
    """Scale, not speed (benchmarks/bench_segment.py times it): abbreviations stay inside their
    clauses over the whole document."""
    paragraph = (
        "We may update these terms at any time, e.g. when the law changes. "
        "If you keep using the service after the change, you accept the new terms. "
        "Acme Inc. is not liable for indirect damages to the extent permitted by U.S. law.\n\n"
    )
    text = "Terms\n\n" + paragraph * (7000 // len(paragraph.split()) + 1)
    document = document_from_text(text)
    clauses = segment(document)
    assert len(clauses) == 1 + 3 * (7000 // len(paragraph.split()) + 1)
    assert {c.text for c in clauses[1:]} == {
        "We may update these terms at any time, e.g. when the law changes.",
        "If you keep using the service after the change, you accept the new terms.",
        "Acme Inc. is not liable for indirect damages to the extent permitted by U.S. law.",
    }


# --- gold scoring helpers -------------------------------------------------------------


# --- CLAUDETTE loader on a corpus written by the test -----------------------------------


# --- the shared corpus ----------------------------------------------------------------


def test_the_extractor_and_the_verbatim_reader_group_plain_text_lines_alike():
    """One plain-text reader (extraction/text.py line_groups) serves extract() and document_from_text()."""
    from contractlens.extract import extract
    from contractlens.types import RawContent

    text = (
        "These terms apply to every user of the service and to every device that\n"
        "connects to it. We may change these terms when the law changes, and we\n"
        "will tell you by e-mail before the change takes effect. If you do not\n"
        "accept the change, you may close your account at any time without a fee\n"
        "and we will refund any prepaid amount.\n"
        "We collect two kinds of data about you.\n"
        "- your e-mail address and the name you give us when you register;\n"
        "- the pages you visit, so that we can measure how the service is used.\n"
    )
    extracted = extract(RawContent("wrapped.txt", text.encode(), "text/plain")).blocks
    verbatim = blocks_from_text(text)
    assert [b.kind for b in extracted] == [b.kind for b in verbatim] == ["paragraph", "paragraph", "list_item", "list_item"]
    assert verbatim[0].end == text.index("amount.") + len("amount.")
