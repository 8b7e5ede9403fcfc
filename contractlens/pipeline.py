"""`analyze`: the one function that runs the whole flow for one document (DESIGN §1).

The CLI, the batch scanner and the tracker all call it. Stages are imported from their
own modules and know nothing of each other; models are loaded once per process.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterable

from .version import __version__
from .acquire import acquire, content_hash
from .errors import ContractlensError
from .target import Target, parse_target
from .types import Analysis, Document, RawContent

# "encoder": the fine-tuned encoder reads the clauses the linear unfair model screens (English);
# `--fast` leaves it out (FAST_MODELS), and `Analysis.model_versions` records which ran.
# "answers": the learned check on the flag findings (classify/answer_check.py), read with the flags;
# its fine-tuned encoder reads them where "encoder" runs, its linear model under `--fast`.
DEFAULT_MODELS = ("unfair", "encoder", "practices", "answers")
FAST_MODELS = ("unfair", "practices", "answers")


def models_for(fast: bool) -> tuple[str, ...]:
    """The models `check`, `scan` and `track` run: all of them, or the linear ones (`--fast`)."""
    return FAST_MODELS if fast else DEFAULT_MODELS


@contextmanager
def _timed(timings: dict, stage: str):
    start = time.perf_counter()
    try:
        yield
    except ContractlensError as exc:
        if getattr(exc, "stage", None) is None:
            exc.stage = stage  # lets the batch scanner record where a document failed
        raise
    finally:
        timings[stage] = round(time.perf_counter() - start, 6)


def _is_online(source: str | Target | RawContent) -> bool:
    """True for a URL or domain, or raw content that was fetched from the web (scan, track)."""
    if isinstance(source, RawContent):
        return (source.final_url or source.source).startswith(("http://", "https://"))
    return (source if isinstance(source, Target) else parse_target(source)).online


def _render_mode(render: str, declaration) -> str:
    from .fetching.render import render_mode

    return render_mode(render, declaration)


def document_from(raw: RawContent, *, lang: str = "auto", declaration=None) -> Document:
    """Extract a Document from raw bytes and settle its language (`lang` forces it; detection is kept)."""
    from .extract import extract
    from .language import detect_language

    document = extract(raw, declaration=declaration)
    document.content_hash = document.content_hash or content_hash(raw.data)
    document.detected_language = detect_language(document.text)
    document.language = lang if lang and lang != "auto" else document.detected_language
    return document


def _encoder_for(language: str):
    """The encoder when it reads `language` (English), else None: the linear model decides alone."""
    from .classify.registry import get_model

    encoder = get_model("encoder")
    return encoder if language in encoder.languages else None


def _classify(analysis: Analysis, models: tuple[str, ...]) -> None:
    """Run the models and detectors that read the document (its coverage) on its clauses.

    They read the clauses with typography normalised, once, here (`typography.reading_clauses`);
    `analysis.clauses` keep the page's own characters for quoting. Last, `enforce_denials`
    makes sure no flag finding says "does" where its own clause only denies the practice.
    """
    from .classify.coverage import finish_note, plan_coverage
    from .classify.denials import enforce_denials
    from .classify.doctype import detect_doc_type
    from .classify.model_figures import measured_figures
    from .classify.registry import READ_THROUGH, get_model
    from .classify.statements import is_statement
    from .typography import reading_clauses

    document = analysis.document
    coverage = analysis.coverage = plan_coverage(document, models)
    reading = reading_clauses(analysis.clauses)
    for name in models:
        if name not in READ_THROUGH and coverage.reads(name):
            model = get_model(name)
            encoder = _encoder_for(document.language) if name == "unfair" and "encoder" in models else None
            if encoder is None:
                analysis.findings.extend(model.predict(reading, document.language))
            else:
                analysis.findings.extend(model.predict(reading, document.language, encoder=encoder))
                analysis.model_versions["encoder"] = encoder.version
            analysis.model_versions[name] = model.version
    if coverage.reads("flags"):
        from .classify.flags import detect_flags

        practices = get_model("practices") if coverage.reads("practices") else None
        flags = enforce_denials(detect_flags(reading, document.language, model=practices), reading, document.language)
        check = get_model("answers") if "answers" in models else None
        if check is not None and document.language in check.languages:
            flags = check.keep(flags, reading, encoder="encoder" in models)  # `--fast`: the linear check
            analysis.model_versions["answers"] = check.version_for("encoder" in models)
        analysis.findings.extend(flags)
    statements = [is_statement(clause.text) for clause in analysis.clauses]
    analysis.findings = [f for f in analysis.findings if statements[f.clause_index]]  # no heading is a finding
    document.doc_type = detect_doc_type(document, reading, analysis.findings)
    finish_note(coverage, document.doc_type)
    analysis.extras["measured"] = measured_figures(analysis)
    if "practices" in models:
        from .assess.practices_summary import summarize_data_practices

        analysis.extras["data_practices"] = summarize_data_practices(analysis)


def analyze_document(
    document: Document,
    *,
    terms: Iterable = (),
    models: Iterable[str] = DEFAULT_MODELS,
    timings: dict | None = None,
    extras: dict | None = None,
) -> Analysis:
    """Segment, classify and assess an already extracted Document.

    `extras` seeds Analysis.extras before assessment (e.g. the online GPC check result).
    """
    from .assess.grade import grade_analysis
    from .assess.profiles import resolve_profiles
    from .assess.verdicts import assess_terms
    from .segment import segment

    timings = {} if timings is None else timings
    analysis = Analysis(document=document, timings=timings, extras=dict(extras or {}))
    analysis.model_versions["contractlens"] = __version__
    with _timed(timings, "segment"):
        analysis.clauses = segment(document)
    with _timed(timings, "classify"):
        _classify(analysis, tuple(models))
    with _timed(timings, "assess"):
        profiles = resolve_profiles(terms)
        analysis.verdicts = assess_terms(profiles, analysis)
        analysis.grade = grade_analysis(analysis)
    return analysis


def analyze(
    source: str | Target | RawContent | Document,
    *,
    lang: str = "auto",
    terms: Iterable = (),
    allow_private: bool = False,
    declaration=None,
    fetcher=None,
    models: Iterable[str] = DEFAULT_MODELS,
    render: str = "auto",
    renderer=None,
) -> Analysis:
    """Run acquire → extract → segment → classify → assess for one document.

    `source` is a URL, a domain, a file path, "-" for stdin (or a `Target` already parsed
    from one), raw bytes already acquired (`RawContent`) or an extracted `Document`. `terms` are profile names or YAML paths.
    `render` (auto, never, always) says when a web page is rendered in headless Chromium
    (`renderer`: a `fetching.render.Renderer` to reuse; a declaration can ask for it too).
    """
    timings: dict[str, float] = {}
    terms = tuple(terms)
    start = time.perf_counter()
    if isinstance(source, Document):
        analysis = analyze_document(source, terms=terms, models=tuple(models), timings=timings)
    else:
        online = _is_online(source)
        needs_fetcher = online and (terms or not isinstance(source, RawContent))
        if needs_fetcher and fetcher is None:  # fetched raw content needs one only for the GPC check
            from .fetch import Fetcher

            fetcher = Fetcher(allow_private=allow_private)
        with _timed(timings, "acquire"):
            raw = source if isinstance(source, RawContent) else acquire(
                source, allow_private=allow_private, fetcher=fetcher, render=_render_mode(render, declaration),
                renderer=renderer,
            )
        analysis = analyze_raw(raw, lang=lang, terms=terms, declaration=declaration, fetcher=fetcher,
                               models=models, timings=timings)
    timings["total"] = round(time.perf_counter() - start, 6)
    return analysis


def analyze_raw(
    raw: RawContent,
    *,
    lang: str = "auto",
    terms: Iterable = (),
    declaration=None,
    fetcher=None,
    models: Iterable[str] = DEFAULT_MODELS,
    timings: dict | None = None,
    document: Document | None = None,
) -> Analysis:
    """The one path from acquired bytes to an Analysis, shared by `check`, `scan` and `track`.

    A page fetched from the web gets the GPC check when terms are asserted (`fetcher` asks
    the site's /.well-known/gpc.json), then extraction, then `analyze_document`. `document`
    is `raw` already extracted by the caller (the tracker compares texts before analysing).
    """
    terms = tuple(terms)
    timings = {} if timings is None else timings
    extras: dict = {}
    if terms and _is_online(raw):
        from .assess.gpc import check_gpc

        if fetcher is None:
            from .fetch import Fetcher

            fetcher = Fetcher()
        with _timed(timings, "gpc"):
            extras["gpc"] = check_gpc(raw.final_url or raw.source, fetcher)
    if document is None:
        with _timed(timings, "extract"):
            document = document_from(raw, lang=lang, declaration=declaration)
    return analyze_document(document, terms=terms, models=tuple(models), timings=timings, extras=extras)
