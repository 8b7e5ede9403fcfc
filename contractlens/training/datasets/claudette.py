"""CLAUDETTE multilingual corpus loader: gold sentences with their unfair-clause tags.

Layout (see ../shared/corpora/README.md):
  sentences/<lang>/<variant>/<Doc>.txt   one sentence per line
  tags/<lang>/original/<Doc>.txt         line-aligned tags, e.g. "ltd2 ter3"
  original_text/<lang>/<Doc>.txt         the full document without tags

Tags exist only under `tags/<lang>/original/`. A translated variant is line-aligned with
its SOURCE language's sentences and tags: `sentences/en/translated_from_de_google/X.txt`
uses `tags/de/original/X.txt`; `sentences/de/translated_from_en_google/X.txt` uses
`tags/en/original/X.txt`. The loader resolves that so callers just name the variant.
Any subset of documents works: only documents present in the sentences directory are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError

IGNORED_TAGS = frozenset({"countrym"})  # undocumented in the corpus; not a CLAUDETTE category
_TAG = re.compile(r"^([a-z]+)([123])$")
_TRANSLATED = re.compile(r"^translated_from_([a-z]{2})_[a-z]+$")


@dataclass
class ClaudetteSentence:
    """One annotated sentence: its document, language, position in the document, text and tags."""

    doc: str
    lang: str
    index: int
    text: str
    tags: list[str] = field(default_factory=list)

    @property
    def labels(self) -> dict[str, int]:
        """Category -> highest level among levels 2 and 3 (level 1 = fair is dropped)."""
        return parse_tags(self.tags)

    @property
    def is_unfair(self) -> bool:
        """True when any category is tagged potentially (2) or clearly (3) unfair."""
        return bool(self.labels)


def parse_tags(tags: list[str]) -> dict[str, int]:
    """Map raw tags like ["ltd2", "ltd3", "j1", "countrym"] to {"ltd": 3}."""
    labels: dict[str, int] = {}
    for tag in tags:
        if tag in IGNORED_TAGS:
            continue
        match = _TAG.match(tag)
        if not match:
            continue
        category, level = match.group(1), int(match.group(2))
        if level >= 2:
            labels[category] = max(level, labels.get(category, 0))
    return labels


def _root(corpus_dir) -> Path:
    root = Path(corpus_dir)
    if not (root / "sentences").is_dir():
        raise InputError(f"{root} is not a CLAUDETTE corpus directory (no 'sentences' folder).")
    return root


def tags_language(lang: str, variant: str) -> str:
    """The language whose tags align with `sentences/<lang>/<variant>/`."""
    if variant == "original":
        return lang
    match = _TRANSLATED.match(variant)
    if not match:
        raise InputError(f"unknown CLAUDETTE variant {variant!r}: expected 'original' or 'translated_from_<lang>_<engine>'.")
    return match.group(1)


def variants(corpus_dir, lang: str = "en") -> list[str]:
    """Sentence variants available for a language ("original", "translated_from_de_google", ...)."""
    folder = _root(corpus_dir) / "sentences" / lang
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def document_names(corpus_dir, lang: str = "en", variant: str = "original") -> list[str]:
    """Names (file stems) of the documents that have sentences for this language and variant."""
    tags_language(lang, variant)  # rejects an unknown variant name with a clear message
    folder = _root(corpus_dir) / "sentences" / lang / variant
    if not folder.is_dir():
        raise InputError(f"no CLAUDETTE sentences for language {lang!r}, variant {variant!r} in {corpus_dir}.")
    return sorted(p.stem for p in folder.glob("*.txt"))


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()


def load_document(corpus_dir, doc: str, lang: str = "en", variant: str = "original") -> list[ClaudetteSentence]:
    """The sentences of one document with their tags (tags from the source language for translations)."""
    root = _root(corpus_dir)
    sentence_path = root / "sentences" / lang / variant / f"{doc}.txt"
    tag_path = root / "tags" / tags_language(lang, variant) / "original" / f"{doc}.txt"
    if not sentence_path.is_file():
        raise InputError(f"missing CLAUDETTE sentences file {sentence_path}.")
    sentences = _read_lines(sentence_path)
    tag_lines = _read_lines(tag_path) if tag_path.is_file() else []
    if tag_path.is_file() and len(tag_lines) != len(sentences):
        raise InputError(
            f"{sentence_path.name}: {len(sentences)} sentences but {len(tag_lines)} tag lines in {tag_path}."
        )
    tag_lines += [""] * (len(sentences) - len(tag_lines))
    return [
        ClaudetteSentence(doc=doc, lang=lang, index=i, text=text, tags=tags.split())
        for i, (text, tags) in enumerate(zip(sentences, tag_lines))
    ]


def load_sentences(corpus_dir, lang: str = "en", variant: str = "original") -> list[ClaudetteSentence]:
    """All sentences of all documents for one language and variant, in document order."""
    out: list[ClaudetteSentence] = []
    for doc in document_names(corpus_dir, lang, variant):
        out.extend(load_document(corpus_dir, doc, lang, variant))
    return out


def load_original_text(corpus_dir, lang: str, doc: str) -> str:
    """The full untagged text of one document (original_text/<lang>/<doc>.txt)."""
    path = Path(corpus_dir) / "original_text" / lang / f"{doc}.txt"
    if not path.is_file():
        raise InputError(f"missing CLAUDETTE original text {path}.")
    return path.read_text(encoding="utf-8-sig")
