"""Split a Document into clauses: the spans the classifiers judge one at a time.

The extractor's blocks (headings, paragraphs, list items) are the first cut: a clause
never spans two blocks and inherits its block's heading path. Inside a block, a blank
spaCy pipeline (`spacy.blank(lang)`, no downloaded model, whitespace tokenizer) with the
rule component in `segmentation.rules` finds sentence starts. Headings are clauses of
their own, as in the CLAUDETTE gold segmentation. Every clause satisfies
`clause.text == document.text[clause.start:clause.end]`.
"""

from __future__ import annotations

import bisect

import spacy
from spacy.language import Language

from .extraction.text import trimmed_span
from .segmentation import rules  # also registers the "legal_sentences" spaCy factory
from .types import Block, Clause, Document

SPACY_LANGUAGES = ("en", "de", "it", "pl", "fr", "es")
FALLBACK_LANGUAGE = "xx"  # spaCy's multi-language tokenizer

# spaCy adds every new word form to the vocab; a long batch scan would grow it without
# bound, so the pipeline is rebuilt (~0.3 s) past this many entries (60 OTA documents add ~20k).
MAX_VOCAB = 50_000

_PIPELINES: dict[tuple[str, bool], Language] = {}


def pipeline_for(lang: str, split_enumerators: bool = False) -> Language:
    """The sentence-splitting pipeline for a language, built once per process (cached)."""
    key = (lang or "").lower().split("-")[0]
    key = key if key in SPACY_LANGUAGES else FALLBACK_LANGUAGE
    cache_key = (key, split_enumerators)
    if cache_key not in _PIPELINES or len(_PIPELINES[cache_key].vocab) > MAX_VOCAB:
        # The rules read characters and take the language from their config, so the
        # multi-language class suffices: importing spacy.lang.fr alone costs seconds.
        nlp = spacy.blank(FALLBACK_LANGUAGE, config=rules.WHITESPACE_TOKENIZER_CONFIG)
        # No lexical attributes (shape, like_num, norm...): nothing reads them, and computing
        # them for every new word form was two thirds of the segmentation time in a batch scan.
        nlp.vocab.lex_attr_getters = {}
        nlp.max_length = 20_000_000  # blocks are short; a block-less huge text still works
        nlp.add_pipe("legal_sentences", config={"lang": key, "split_enumerators": split_enumerators})
        _PIPELINES[cache_key] = nlp
    return _PIPELINES[cache_key]


def segment(document: Document, *, split_enumerators: bool = False) -> list[Clause]:
    """Clauses of `document`, in text order, each inside one block.

    `split_enumerators=True` makes a block-initial "1." or "ii." a clause of its own, as
    the CLAUDETTE annotators' segmentation does (for measuring against it); by default a
    numbered heading or list item stays one clause.
    """
    text = document.text
    blocks, spans = [], []
    for block in _usable_blocks(document):
        span = trimmed_span(text, block.start, block.end)
        if span[0] < span[1]:
            blocks.append(block)
            spans.append(span)
    nlp = pipeline_for(document.language, split_enumerators)
    doc = nlp.make_doc(text)  # one Doc per document: per-block Docs cost more than the rules
    doc.user_data[rules.BLOCKS_KEY] = spans
    doc = nlp(doc)
    starts = [offset for offset, _ in rules.sentence_offsets(doc)]
    clauses: list[Clause] = []
    cursor = 0
    for block, (block_start, block_end) in zip(blocks, spans):
        cursor = bisect.bisect_left(starts, block_start, cursor)
        cuts = [block_start]  # the block's own start, even where it is not a token start
        while cursor < len(starts) and starts[cursor] < block_end:
            if starts[cursor] > block_start:
                cuts.append(starts[cursor])
            cursor += 1
        cuts.append(block_end)
        for sent_start, sent_end in zip(cuts, cuts[1:]):
            s, e = trimmed_span(text, sent_start, sent_end)
            if s < e:
                clauses.append(Clause(len(clauses), s, e, text[s:e], list(block.heading_path)))
    return clauses


def _usable_blocks(document: Document) -> list[Block]:
    """The document's blocks in order and without overlap; line blocks when it has none."""
    blocks = document.blocks or blocks_from_text(document.text)
    ordered: list[Block] = []
    cursor = 0
    for block in sorted(blocks, key=lambda b: (b.start, b.end)):
        start, end = max(block.start, cursor), min(block.end, len(document.text))
        if start < end:
            ordered.append(Block(block.kind, start, end, block.heading_path))
            cursor = end
    return ordered


# --- plain text -> Document (verbatim text, for gold evaluation and block-less input) ------


def document_from_text(text: str, source: str = "<text>", lang: str = "en") -> Document:
    """A Document over `text` unchanged, its blocks those the extractor reads in a plain text.

    Unlike the extractor (which normalises whitespace and drops list bullets), this keeps
    the text verbatim, so clause offsets can be compared with a gold segmentation of it.
    """
    return Document(source=source, text=text, blocks=blocks_from_text(text), language=lang)


def blocks_from_text(text: str) -> list[Block]:
    """Heading/paragraph/list-item blocks of a plain text (the extractor's line groups), with heading paths.

    A short, heading-like line that stands alone and is not indented is a heading here too,
    so that clauses under it carry it in their heading path.
    """
    from .extraction.headings import heading_like
    from .extraction.text import line_groups

    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []  # open headings: (level, text)
    for group in line_groups(text):
        raw = text[group.start:group.end]
        indented = group.start > 0 and text[group.start - 1] in " \t"
        level = group.level or (0 if indented or not heading_like(raw) or "\n" in raw else 2)
        if level:
            level = 1 if not blocks else level  # a leading heading is the document title
            while stack and stack[-1][0] >= level:
                stack.pop()
            blocks.append(Block("heading", group.start, group.end, [h for _, h in stack]))
            stack.append((level, raw))
        else:
            blocks.append(Block(group.kind, group.start, group.end, [h for _, h in stack]))
    return blocks
