"""Which models and detectors read a document: decided from its language before any of them runs.

A model only reads the languages it was trained for (the unfair-clause model en/de/it/pl; the
practices model and the flag detectors English only); `--lang` forces a language, and then the
models of that language read the document whatever detection said. A document that no
unfair-clause model reads gets no grade; the `Coverage` note says why in one line, and every
output shows it instead of a letter or a "none found".
"""

from __future__ import annotations

from .doctype import DOC_TYPES
from .registry import READ_THROUGH
from ..language import STOPWORDS, UNKNOWN, language_name
from ..types import Coverage, Document, Reader

FINDS = {"unfair": "unfair clauses", "practices": "data practices", "flags": "data-harvesting flags"}
DOC_NOUNS = {"terms": "terms", "privacy": "privacy policies", "cookies": "cookie policies"}


def reader_languages(name: str) -> list[str]:
    """The languages reader `name` was built for, in the order of `language.STOPWORDS` (en first)."""
    if name == "flags":
        from .flags import reads_language

        return [lang for lang in STOPWORDS if reads_language(lang)]
    from .registry import get_model

    built = set(get_model(name).languages)
    return [lang for lang in STOPWORDS if lang in built] + sorted(built - set(STOPWORDS))


def plan_coverage(document: Document, models) -> Coverage:
    """Who reads `document` (its `language`, forced or detected); the note is filled by `finish_note`."""
    # the encoder reads through the unfair model, the answer check through the flags (`models_for`)
    names = [m for m in models if m not in READ_THROUGH] + (["flags"] if "practices" in models else [])
    language = document.language
    detected = document.detected_language or language
    readers = []
    for name in names:
        languages = reader_languages(name)
        read = language in languages
        if not read:
            reason = f"not read in {_language_phrase(language)} (read in {', '.join(languages)} only)"
        elif detected != language:
            reason = (f"read as {language_name(language)} because --lang {language} asked; "
                      f"the text seems to be {_language_phrase(detected)}")
        else:
            reason = ""
        readers.append(Reader(name, FINDS.get(name, name), languages, list(DOC_TYPES), read, reason))
    return Coverage(language=language, detected_language=detected, readers=readers,
                    graded=any(r.read for r in readers if r.name == "unfair"))


def _language_phrase(code: str) -> str:
    return "a language it could not tell" if code == UNKNOWN else language_name(code)


def grade_basis(coverage: Coverage) -> str:
    """'from the unfair clauses only; data practices not read in German' ('' when all read)."""
    unread = [r for r in coverage.readers if not r.read and r.name != "flags"]
    if not coverage.graded or not unread:
        return ""
    where = f" in {language_name(coverage.language)}" if coverage.language != UNKNOWN else ""
    return "from the unfair clauses only; " + ", ".join(f"{r.finds} not read{where}" for r in unread)


def forced_reading(coverage: Coverage) -> str:
    """'read as English because --lang en asked; the text seems to be French' ('' when not forced)."""
    return next((r.reason for r in coverage.readers if r.read and r.reason), "")


def finish_note(coverage: Coverage, doc_type: str) -> str:
    """The one line a person sees about coverage, now that the document type is known."""
    unfair = coverage.reader("unfair")
    if not coverage.graded:
        languages = ", ".join(unfair.languages) if unfair else ""
        it_reads = f" (it reads {languages})" if languages else ""
        if coverage.language == UNKNOWN:
            coverage.note = f"Not graded: contractlens could not tell which language this document is in{it_reads}"
        elif unfair is None:
            coverage.note = "Not graded: no unfair-clause model was run on this document"
        else:
            noun = DOC_NOUNS.get(doc_type, "documents")
            coverage.note = (f"Not graded: contractlens does not read {language_name(coverage.language)} "
                             f"{noun} yet{it_reads}")
    else:
        forced = forced_reading(coverage)
        basis = grade_basis(coverage)
        parts = [f"Graded {basis}" if basis else "", forced[:1].upper() + forced[1:]]
        coverage.note = "; ".join(p for p in parts if p)
    return coverage.note
