"""One input through each reader of untrusted input, with the promises it must keep.

Shared by the fuzzing harnesses (benchmarks/fuzz.py) and the replay of the inputs they found
(tests/test_fuzz_regressions.py). A refusal (ContractlensError) is a correct answer to bad input;
any other exception, or a broken invariant (an AssertionError), is a bug.
"""

from __future__ import annotations

from contractlens.errors import ContractlensError
from contractlens.types import RawContent

# A small page with the shapes declarations select on (ids, classes, attributes, nesting, ranges).
PAGE = """<html><head><title>Terms</title></head><body><header class="site">Shop <a href="/">Home</a></header>
<main id="content"><h1>Terms of Service</h1><div class="banner" data-x="ad">Sale!</div>
<section><h2>1. Accounts</h2><p>You must be 16. <a href="/help">Help</a></p><ul><li>One</li><li>Two</li></ul></section>
<section class="keep"><h2>2. Disputes</h2><p>Arbitration applies.</p><table><tr><td>Fee</td></tr></table></section>
</main><footer><p>&copy; 2026</p></footer></body></html>"""


def check_document(document) -> None:
    """The extractor's promise: blocks are slices of the text, in order, within it."""
    last = 0
    for block in document.blocks:
        assert last <= block.start <= block.end <= len(document.text), (block, len(document.text))
        last = block.end


def check_extract(data: bytes, media_type: str | None, source: str = "fuzz") -> None:
    from contractlens.extract import extract

    try:
        document = extract(RawContent(source, data, media_type=media_type))
    except ContractlensError:
        return
    check_document(document)


def check_decode(body: bytes, charset: str | None, media_type: str | None) -> None:
    from contractlens.extraction.decode import decode_text, sniff_text_type
    from contractlens.charset import decode, detect_charset

    decode(body, detect_charset(body, charset, media_type))
    try:
        text = decode_text(RawContent("fuzz", body, media_type=media_type, charset=charset))
    except ContractlensError:
        return
    sniff_text_type(text)


def check_segment(text: str, lang: str, split_enumerators: bool = False) -> None:
    from contractlens.segment import document_from_text, segment

    document = document_from_text(text, lang=lang)
    check_document(document)
    for clause in segment(document, split_enumerators=split_enumerators):
        assert 0 <= clause.start < clause.end <= len(text), clause
        assert clause.text == text[clause.start:clause.end], clause


def check_profile(text: str) -> None:
    from contractlens.assess.profiles import parse_profile_text

    try:
        parse_profile_text(text, origin="fuzz.yaml")
    except ContractlensError:
        pass


def check_declaration(text: str, suffix: str) -> None:
    from contractlens.declarations import apply_declaration, match_declaration, parse_declaration_text
    from contractlens.page import parse_html

    try:
        service = parse_declaration_text(text, suffix, source="fuzz" + suffix)
    except ContractlensError:
        return
    for document in service.documents.values():
        assert match_declaration(document.fetch, [service]) is not None, document.fetch
        for target in (service.name, "a[b].html", "example.com:99999/terms"):  # any scan input is matched
            match_declaration(target, [service])
        try:
            apply_declaration(parse_html(PAGE), {"select": document.select, "remove": document.remove})
        except ContractlensError:
            pass
