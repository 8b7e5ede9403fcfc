"""A spaCy component that marks sentence starts in legal text by rule.

`spacy.blank(lang)` has no parser, so sentence boundaries come from here. The rules
decide, at each token ending in ".", "!" or "?", whether the next word opens a new
sentence. They look at the whitespace-delimited word before the period (not at spaCy's
tokens, whose treatment of "z.B." or "U.S." differs by language) and at the next word.

Conventions follow the CLAUDETTE gold segmentation (one sentence per line as annotated):
- abbreviations ("e.g.", "Inc.", "Sec.", "z.B.", "bzw.", "np.", ...), initials ("U.S.",
  "John F."), decimals and URLs/e-mails never end a sentence inside a line;
- a period followed by a lower-case word or an opening parenthesis does not end a sentence;
- ";" and ":" do not split inside a line (the gold keeps them; list items already sit on
  their own lines, which the Document's blocks capture);
- an enumerator at the start of a block ("1.", "6.1.", "ii.", "a.") stays with its text
  by default; the gold makes some of them sentences of their own, depending on the
  language (`ENUMERATOR_SPLIT`, used with `split_enumerators=True`). Inside a line, "N."
  before a capital ends a sentence where that convention splits numbers ("Section 8. In").
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

# Abbreviations (lower case, without the final period) that never end a sentence.
_COMMON_ABBREVIATIONS = {
    "e.g", "i.e", "eg", "ie", "inc", "ltd", "co", "corp", "llc", "l.l.c", "plc", "s.a",
    "s.a.r.l", "s.à r.l", "gmbh", "bv", "b.v", "n.v", "ag", "s.p.a", "s.r.l", "sp", "z.o.o", "sec",
    "secs", "art", "arts", "no", "nos", "nr", "para", "paras", "cf", "vs", "v", "viz", "approx",
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "dept", "ch", "chap", "p", "pp", "vol",
    "fig", "ref", "tel", "fax", "ext", "min", "max", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.s.a", "u.k", "e.u", "a.m", "p.m", "p.o",
    "u.s.c", "c.f.r", "ca", "cca", "al", "et al", "resp", "incl", "excl", "esp", "abs", "lit",
    # "etc." is deliberately absent: it ends sentences far more often than not.
}
_LANGUAGE_ABBREVIATIONS = {
    "de": {
        "z.b", "bzw", "usw", "u.a", "d.h", "ggf", "evtl", "vgl", "inkl", "zzgl", "ca", "sog", "z.t",
        "u.u", "i.d.r", "i.s.d", "i.s.v", "gem", "ff", "abs", "s", "str", "tel", "nr", "u", "o",
        "bzgl", "etc", "mind", "max", "min", "insb", "einschl", "d", "z", "b", "e.v", "i.v.m", "o.g",
        "u.ä", "s.o", "s.u", "zb", "dh", "uvm", "u.v.m", "allg", "ggfs", "jew", "lt", "mwst", "rd",
    },
    "it": {
        "ecc", "es", "ad es", "art", "artt", "n", "nr", "pag", "sig", "sigg", "dott", "avv", "ing",
        "s.p.a", "s.r.l", "spa", "srl", "d.lgs", "d.l", "l", "c.c", "c.p.c", "cod", "lett", "co",
        "p.iva", "tel", "ss", "cfr", "etc", "rif", "sez", "reg", "par",
    },
    "pl": {
        "np", "tj", "tzn", "tzw", "m.in", "ust", "pkt", "art", "itd", "itp", "ww", "wg", "dz", "poz",
        "nr", "sp", "z.o.o", "o.o", "ul", "tel", "r", "godz", "zł", "zl", "ok", "lit", "al", "dot",
        "jw", "ds", "pn", "m.st", "s.a", "kc", "k.c", "prof", "dr", "mgr", "inż", "sygn", "ds",
    },
    "fr": {"p.ex", "ex", "cf", "etc", "art", "al", "n°", "m", "mme", "mlle", "av", "bd", "env", "s.a.s"},
    "es": {"p.ej", "ej", "etc", "art", "arts", "núm", "sr", "sra", "s.l", "s.a", "av", "avda", "pág"},
}

# Which block-initial enumerators are sentences of their own in the gold convention:
# "numeric" = "1.", "6.1.", "multi_roman" = "ii.", "iv." (single letters never), "letter" = "a.".
ENUMERATOR_SPLIT = {
    "en": {"numeric", "multi_roman"},
    "it": {"numeric", "multi_roman"},
    "de": set(),
    "pl": {"numeric", "multi_roman", "letter"},
}
DEFAULT_ENUMERATOR_SPLIT = {"numeric", "multi_roman"}

_OPENERS = "\"'“‘«„([{¿¡"
_CLOSERS = "\"'”’»)]}"
_TERMINALS = ".!?…。！？"
_NUMERIC = re.compile(r"^\d+(?:\.\d+)*\.$")
_ROMAN = re.compile(r"^(?=[ivxlc]{2,}\.$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\.$", re.IGNORECASE)
_LETTER = re.compile(r"^[^\W\d_]\.$")
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{0,2}$")  # U.S, z.B, d.h, S.p.A, John F
_URL_OR_EMAIL = re.compile(r"(?:://|www\.|@|\.[a-z]{2,4}/)", re.IGNORECASE)


def abbreviations_for(lang: str) -> frozenset[str]:
    """The abbreviation set used for one language (common ones plus the language's own)."""
    return frozenset(_COMMON_ABBREVIATIONS | _LANGUAGE_ABBREVIATIONS.get(lang, set()))


def enumerator_kind(word: str) -> str | None:
    """"numeric", "multi_roman", "letter" or None for a block-initial word like "6.1." or "ii."."""
    if _NUMERIC.match(word):
        return "numeric"
    if _ROMAN.match(word):
        return "multi_roman"
    if _LETTER.match(word):
        return "letter"
    return None


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited word ending at `end`, without leading openers."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)


def _opens_sentence(word: str) -> bool:
    """Whether the next word can begin a sentence: capital, digit, quote, symbol.

    A word in lower case continues the sentence; so does an opening parenthesis, which
    the gold keeps with the sentence it comments on ("... account. (Some older ...").
    """
    if word.startswith(("(", "[")):
        return False
    first = word.lstrip(_OPENERS)[:1] or word[:1]
    return not first.islower()


def period_ends_sentence(word: str, next_word: str, abbreviations: frozenset[str], at_block_start: bool,
                         enumerator_split: set[str], split_enumerators: bool = False) -> bool:
    """Decide whether `word` (ending in a terminal mark, closers stripped) ends a sentence."""
    if word.endswith(("!", "?", "…", "。", "！", "？")):
        return _opens_sentence(next_word)
    kind = enumerator_kind(word)
    if at_block_start and kind is not None and not split_enumerators:
        return False  # "1. Arbitration", "(a) you breach": the marker stays with its text
    if kind == "numeric":  # "1.", "7.4.1.", "13." and dates: split wherever the convention does
        return kind in enumerator_split
    if at_block_start and kind is not None:
        return kind in enumerator_split
    if not _opens_sentence(next_word):
        return False
    core = word[:-1]
    lowered = re.split(r"['’]", core.lower())[-1]  # Italian/French elision: "dell'art." -> "art"
    if lowered in abbreviations or _INITIALS.match(core):
        return False
    if _URL_OR_EMAIL.search(core) and core.endswith("/"):
        return False
    if len(core) == 1 and core.isalpha():
        return False  # an initial: "John F. Kennedy", "331 E. Evelyn Ave."
    return True


def sentence_starts(text: str, lang: str = "en", split_enumerators: bool = False) -> list[int]:
    """Character offsets (> 0) in `text` where a new sentence begins, by the rules above.

    `split_enumerators` follows the gold convention of making a block-initial "1." or
    "ii." a sentence of its own (see ENUMERATOR_SPLIT); by default the marker stays with
    its heading or list item, which reads better in reports and feeds the classifiers
    no empty clauses.
    """
    abbreviations = abbreviations_for(lang)
    enumerator_split = ENUMERATOR_SPLIT.get(lang, DEFAULT_ENUMERATOR_SPLIT)
    first = len(text) - len(text.lstrip())
    starts: list[int] = []
    for gap in _GAP.finditer(text, first):
        before, after = gap.start(), gap.end()
        if after >= len(text):
            break
        word = _word_before(text, before)
        if not word:
            continue
        next_word = text[after:].split(None, 1)[0]
        if "\n" in gap.group():
            split = word[-1] in _TERMINALS + ":;" or bool(_LINE_OPENER.match(next_word))
        elif word.rstrip(_CLOSERS)[-1:] in _TERMINALS:
            at_start = _word_start(text, before - len(word)) <= first
            split = period_ends_sentence(word.rstrip(_CLOSERS), next_word, abbreviations, at_start,
                                         enumerator_split, split_enumerators)
        else:
            continue
        if split:
            starts.append(after)
    return starts


# Whitespace that can separate sentences: after a terminal mark or closer, or holding a line break.
_GAP = re.compile(r"(?<=[.!?…。！？\"'”’»)\]}])\s+|\s*\n\s*")
_LINE_OPENER = re.compile(r"^(?:[-•*–·▪◦]|\(?\w{1,4}[.)])$")


@Language.factory("legal_sentences", default_config={"lang": "en", "split_enumerators": False})
def make_legal_sentences(nlp: Language, name: str, lang: str, split_enumerators: bool):
    """Factory: the rule-based sentence boundary component for one language."""
    return LegalSentences(lang, split_enumerators)


class LegalSentences:
    """Sets every token's sentence-start flag in one array write (fast on long texts).

    A Doc may cover a whole document: `doc.user_data[BLOCKS_KEY]` then lists the (start,
    end) character spans of its blocks (headings, paragraphs, list items). Every block
    starts a sentence and the rules run inside each block, exactly as if each block were
    its own Doc, without the cost of building hundreds of small Docs per document.
    """

    def __init__(self, lang: str, split_enumerators: bool = False):
        self.lang = lang
        self.split_enumerators = split_enumerators

    def sentence_starts(self, text: str, blocks: list[tuple[int, int]] | None) -> list[int]:
        """Character offsets of every sentence start of `text`, in order (block starts included)."""
        if blocks is None:
            first = len(text) - len(text.lstrip())
            blocks = [(first, len(text))] if first < len(text) else []
        starts: list[int] = []
        for start, end in blocks:
            starts.append(start)
            starts.extend(start + offset for offset in sentence_starts(text[start:end], self.lang, self.split_enumerators))
        return starts

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        text = doc.user_data.get(TEXT_KEY) or doc.text  # doc.text re-joins every token
        offsets = numpy.asarray(self.sentence_starts(text, doc.user_data.get(BLOCKS_KEY)), dtype=numpy.int64)
        token_starts = doc.to_array([IDX]).astype(numpy.int64)
        at = numpy.searchsorted(token_starts, offsets)
        inside = at < len(doc)
        at, offsets = at[inside], offsets[inside]
        flags = numpy.full((len(doc), 1), -1, dtype="int32")
        flags[at[token_starts[at] == offsets], 0] = 1
        flags[0, 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))
        return doc


BLOCKS_KEY = "contractlens_blocks"
TEXT_KEY = "contractlens_text"


class WhitespaceTokenizer:
    """spaCy's rule-free tokenizer that also keeps the input string on the Doc.

    The sentence rules read characters, not tokens, so the language's affix rules are not
    needed (same boundaries, ~10x faster), and keeping the string spares `doc.text`.
    """

    def __init__(self, vocab):
        self._tokenizer = Tokenizer(vocab)

    def __call__(self, text: str) -> Doc:
        doc = self._tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc


@registry.tokenizers("contractlens.whitespace_tokenizer.v1")
def create_whitespace_tokenizer():
    """Registered so `spacy.blank(lang, config=...)` never builds the language's default
    tokenizer (compiling French exceptions alone takes seconds per process)."""
    return lambda nlp: WhitespaceTokenizer(nlp.vocab)


WHITESPACE_TOKENIZER_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "contractlens.whitespace_tokenizer.v1"}}}


def sentence_offsets(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of a processed Doc.

    Read from the token arrays rather than `doc.sents` or `doc.text`, which build a
    Python object per token and dominated the segmentation time.
    """
    if not len(doc):
        return []
    flags = doc.to_array([SENT_START, IDX])
    starts = flags[flags[:, 0] == 1, 1].tolist()
    last = doc[-1]
    return list(zip(starts, starts[1:] + [last.idx + len(last.text_with_ws)]))


def _word_start(text: str, start: int) -> int:
    """Back up over openers so a block-initial "(a." still counts as block-initial."""
    while start > 0 and text[start - 1] in _OPENERS:
        start -= 1
    return start
