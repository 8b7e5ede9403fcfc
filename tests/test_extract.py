"""Extraction: HTML, Markdown, text and PDF bytes → Document text and blocks.

Fixture pages in tests/fixtures/extract/ are written for these tests; PDFs are built here
byte by byte. Corpus tests measure extraction quality on real pages (skipped without corpora).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from contractlens.acquire import read_file
from contractlens.errors import InputError
from contractlens.extract import extract
from contractlens.types import RawContent

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def _extract_file(name: str, **kwargs):
    return extract(read_file(FIXTURES / name), **kwargs)


def block_texts(doc) -> list[tuple[str, str, list[str]]]:
    return [(b.kind, doc.text[b.start : b.end], b.heading_path) for b in doc.blocks]


def html_block_texts(page: str) -> list[tuple[str, str, list[str]]]:
    return block_texts(extract(RawContent("page.html", page.encode(), "text/html")))


def assert_block_layout(doc) -> None:
    """Blocks tile the text in order, separated by one blank line, with no stray whitespace."""
    pieces = [doc.text[b.start : b.end] for b in doc.blocks]
    assert doc.text == "\n\n".join(pieces)
    for piece in pieces:
        assert piece == piece.strip() and "\n" not in piece and "  " not in piece


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal valid PDF: each page shows its lines in Helvetica; [] makes a page with no text."""
    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    info = f"<< /Title ({escape(title)}) >>" if title else "<< >>"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", info]
    kids = []
    for lines in pages:
        if lines:
            ops = ["BT /F1 11 Tf 14 TL 72 760 Td", *(f"({escape(line)}) Tj T*" for line in lines), "ET"]
        else:
            ops = ["0 0 1 RG 72 700 m 300 700 l S"]  # a drawn line, no text
        stream = "\n".join(ops)
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# --- HTML -------------------------------------------------------------------------------------


def test_html_keeps_legal_text_and_drops_page_chrome():
    doc = _extract_file("terms.html")
    assert doc.media_type == "text/html"
    assert doc.title == "Terms of Service – Lumenfold"
    assert doc.source.endswith("terms.html")
    for chrome in ("Skip to content", "personalise content", "Pricing", "newsletter", "© 2026",
                   "tracking code", "footer script", "On this page", "Internal note", "font-family"):
        assert chrome not in doc.text, chrome
    assert "We may suspend or terminate your account at any time" in doc.text
    assert "disputes shall be settled by the courts of Dublin" in doc.text
    assert_block_layout(doc)


def test_html_headings_lists_and_tables_become_blocks_with_heading_paths():
    blocks = block_texts(_extract_file("terms.html"))
    assert ("heading", "Terms of Service", []) in blocks
    assert ("heading", "2.1 Suspension", ["Terms of Service", "2. Your account"]) in blocks
    suspension = next(b for b in blocks if b[1].startswith("We may suspend"))
    assert suspension[0] == "paragraph"
    assert suspension[2] == ["Terms of Service", "2. Your account", "2.1 Suspension"]
    items = [text for kind, text, _ in blocks if kind == "list_item"]
    assert items == [
        "You must be at least 16 years old to open an account.",
        "You must give accurate registration information.",
        "You must tell us promptly about any unauthorised use of your account.",
    ]
    # a paragraph that is all bold is a pseudo-heading; table rows are rows of text
    assert ("heading", "Fees and retention", ["Terms of Service", "3. Content you upload"]) in blocks
    rows = [(kind, text) for kind, text, path in blocks if path[-1:] == ["Fees and retention"]]
    assert ("paragraph", "Free | 0 EUR | 30 days") in rows
    # a later h2 closes the h3 and the bold pseudo-heading
    liability = next(b for b in blocks if b[1].startswith("To the fullest extent"))
    assert liability[2] == ["Terms of Service", "4. Limitation of liability"]


def test_html_without_main_element_uses_densest_container():
    body = "".join(
        f"<h2>{n}. Section {n}</h2><p>We may process your personal data for purpose {n}, and you may object "
        f"to this processing at any time under the applicable data protection law.</p>"
        for n in range(1, 6)
    )
    page = (
        "<html><body><div id='top'><a href='/'>Home</a> | <a href='/a'>About us</a> | <a href='/c'>Contact</a></div>"
        "<table><tr><td class='menu'><a href='/x'>Products</a><br><a href='/y'>Stores</a></td>"
        f"<td><div class='text'><h1>Privacy notice</h1>{body}</div></td></tr></table>"
        "<div>Copyright Example Ltd, all rights reserved. <a href='/p'>Privacy</a></div></body></html>"
    )
    doc = extract(RawContent("https://example.test/privacy", page.encode(), "text/html; charset=utf-8"))
    assert doc.text.startswith("Privacy notice\n\n1. Section 1\n\nWe may process")
    assert "Products" not in doc.text and "Copyright" not in doc.text and "About us" not in doc.text
    assert [b.heading_path for b in doc.blocks if b.kind == "paragraph"][0] == ["Privacy notice", "1. Section 1"]


def test_html_double_line_breaks_split_paragraphs():
    page = (
        "<html><body><div><b>Use of information</b><br><br>We use the information you give us to run "
        "the service and to answer your questions about your account.<br><br>We keep it for two years "
        "after your last visit, as the law allows.<br>- to answer questions<br>- to prevent fraud</div></body></html>"
    )
    blocks = html_block_texts(page)
    assert blocks[0] == ("heading", "Use of information", [])
    assert blocks[1][1].startswith("We use the information")
    assert blocks[2][1] == "We keep it for two years after your last visit, as the law allows."
    assert blocks[3][:2] == ("list_item", "to answer questions") and blocks[4][:2] == ("list_item", "to prevent fraud")


def test_cookie_section_of_a_policy_is_kept_but_a_consent_dialog_is_dropped():
    cookie_section = " ".join(
        f"We and our partners set cookie number {n} to measure visits and to remember your settings." for n in range(30)
    )
    dialog = " ".join(f"Vendor {n} stores and accesses information on your device for advertising." for n in range(40))
    page = (
        "<html><body><div id='onetrust-consent-sdk'><div class='ot-pc'>" + dialog + "</div></div>"
        "<main><h1>Privacy Policy</h1><p>This policy explains how we process personal data.</p>"
        f"<section id='cookies' class='policy-cookies'><h2>Cookies</h2><p>{cookie_section}</p></section>"
        "<section id='consent'><h2>Consent</h2><p>You may withdraw your consent at any time.</p></section></main>"
        "</body></html>"
    )
    doc = extract(RawContent("privacy.html", page.encode(), "text/html"))
    assert "Vendor 3 stores" not in doc.text
    assert "cookie number 29" in doc.text
    assert "You may withdraw your consent at any time." in doc.text


def test_preformatted_policy_keeps_its_line_structure():
    page = (
        "<html><body><pre>TERMS OF USE\n\nBy using this site you agree to these terms\nand to our privacy "
        "policy, which explains how we collect data and how long we keep it.\n\n1. Liability\n\nWe are not "
        "liable for damages that you suffer when you use the site, namely:\n- direct damages\n- indirect damages"
        "</pre></body></html>"
    )
    blocks = html_block_texts(page)
    assert blocks[0] == ("heading", "TERMS OF USE", [])
    assert blocks[1][1].startswith("By using this site you agree to these terms and to our privacy policy")
    assert ("list_item", "indirect damages", ["1. Liability"]) in blocks


def test_declaration_selects_and_removes_parts_of_the_page():
    declaration = {"select": ["#content"], "remove": ["table", "h1"]}
    doc = _extract_file("terms.html", declaration=declaration)
    assert "Terms of Service" not in doc.text.split("\n\n")[0]
    assert "0 EUR" not in doc.text
    assert doc.text.startswith("Effective date: 2 February 2026")
    assert "courts of Dublin" in doc.text


def test_declaration_that_matches_nothing_is_an_input_error():
    with pytest.raises(InputError, match="match nothing"):
        _extract_file("terms.html", declaration={"select": ["#no-such-element"]})


# --- Markdown, text, PDF ----------------------------------------------------------------------


def test_markdown_structure_and_markup_removed():
    doc = _extract_file("privacy.md")
    assert doc.media_type == "text/markdown"
    assert doc.title == "Privacy Policy"
    blocks = block_texts(doc)
    assert ("heading", "2.1 Advertising", ["Privacy Policy", "2. How we share data"]) in blocks
    assert ("list_item", "the notes you write, which we store encrypted;", ["Privacy Policy", "1. Data we collect"]) in blocks
    assert ("paragraph", "Crash reports | 90 days", ["Privacy Policy", "3. Retention"]) in blocks
    assert "We do not sell your personal data." in doc.text
    assert "See also our Terms of Use." in doc.text  # a link keeps its text, loses its URL
    for markup in ("**", "](", "# ", "`", "|---", "_Last"):
        assert markup not in doc.text, markup
    assert_block_layout(doc)


def test_markdown_setext_numbered_and_bold_headings_images_and_escapes():
    text = (
        "Cloud Locker Terms\n==================\n\n![logo](data:image/png;base64,AAAA)\n\n"
        "1\\. Definitions\n\n> \"Service\" means the Cloud Locker storage service and its apps.\n\n"
        "2. Payment\n\n**Refunds**\n\nWe refund unused months\nwhen you cancel, see [our policy][refunds].\n\n"
        "* first item of a list\n    * nested item that wraps\n      onto a second line\n\n"
        "```\nClause 9 text in a code block.\n```\n\nSome `snake_case_name` and *emphasis* and __strong__ text on liability.\n"
    )
    doc = extract(RawContent("locker.md", text.encode(), None))
    assert doc.media_type == "text/markdown"
    blocks = block_texts(doc)
    assert blocks[0] == ("heading", "Cloud Locker Terms", [])
    assert ("heading", "1. Definitions", ["Cloud Locker Terms"]) in blocks
    assert ("paragraph", '"Service" means the Cloud Locker storage service and its apps.', ["Cloud Locker Terms", "1. Definitions"]) in blocks
    assert ("heading", "Refunds", ["Cloud Locker Terms", "2. Payment"]) in blocks
    assert ("paragraph", "We refund unused months when you cancel, see our policy.", ["Cloud Locker Terms", "2. Payment", "Refunds"]) in blocks
    assert ("list_item", "nested item that wraps onto a second line", ["Cloud Locker Terms", "2. Payment", "Refunds"]) in blocks
    assert "Clause 9 text in a code block." in doc.text
    assert "Some snake_case_name and emphasis and strong text on liability." in doc.text
    assert "base64" not in doc.text and "logo" not in doc.text
    assert_block_layout(doc)


def test_plain_text_headings_lists_and_wrapped_lines():
    doc = _extract_file("terms.txt")
    assert doc.media_type == "text/plain"
    blocks = block_texts(doc)
    title = "HARBOURLINE FERRY BOOKING - CONDITIONS OF CARRIAGE"
    assert blocks[0] == ("heading", title, [])
    assert doc.title == title
    assert ("heading", "LIMITATION OF LIABILITY", [title]) in blocks
    assert ("list_item", "between 7 days and 24 hours: 50% of the fare;", [title, "2. Cancellation by you"]) in blocks
    confirmed = next(text for _, text, _ in blocks if text.startswith("A booking is confirmed"))
    assert confirmed == "A booking is confirmed when we send you a confirmation e-mail. We may refuse any booking without giving reasons."
    assert_block_layout(doc)


def test_plain_text_with_one_paragraph_per_line_keeps_lines_apart():
    lines = [
        f"Clause {n}: the provider may change the service and these terms at any time; by continuing to use "
        f"the service you agree to the changed terms, and our liability is limited as the law allows." for n in range(1, 5)
    ]
    doc = extract(RawContent("clauses.txt", "\n".join(lines).encode(), "text/plain"))
    assert [doc.text[b.start : b.end] for b in doc.blocks] == lines


def test_pdf_paragraphs_rebuilt_and_running_headers_dropped():
    pages = [
        ["Velora Bikes - Rental Terms", "1. Rentals", "You may rent a bicycle for a day or a week. The rental starts when you",
         "collect the bicycle and ends when you return it to our shop in person.", "Page 1 of 3"],
        ["Velora Bikes - Rental Terms", "2. Liability", "We are not liable for any injury suffered during the rental, except where",
         "the law says otherwise.", "Page 2 of 3"],
        ["Velora Bikes - Rental Terms", "3. Fees", "Late returns cost 10 EUR per day (VAT included).", "Page 3 of 3"],
    ]
    doc = extract(RawContent("rental.pdf", make_pdf(pages, title="Velora rental terms"), None))
    assert doc.media_type == "application/pdf"
    assert doc.title == "Velora rental terms"
    assert "Velora Bikes - Rental Terms" not in doc.text and "Page 2 of 3" not in doc.text
    blocks = block_texts(doc)
    assert ("heading", "2. Liability", []) in blocks
    assert (
        "paragraph",
        "You may rent a bicycle for a day or a week. The rental starts when you collect the bicycle and ends when "
        "you return it to our shop in person.",
        ["1. Rentals"],
    ) in blocks
    assert ("paragraph", "Late returns cost 10 EUR per day (VAT included).", ["3. Fees"]) in blocks
    assert_block_layout(doc)


def test_pdf_without_text_layer_is_an_input_error(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(InputError, match="has no text layer"):
        extract(read_file(path))


def test_corrupt_pdf_is_an_input_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(make_pdf([["1. Terms", "You agree to these terms."]])[:60])
    with pytest.raises(InputError, match="not a readable PDF"):
        extract(read_file(path))


# --- sniffing and decoding --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("terms.html", "text/html"), ("privacy.md", "text/markdown"), ("terms.txt", "text/plain")],
)
def test_media_type_is_sniffed_when_unknown(name, expected):
    data = (FIXTURES / name).read_bytes()
    assert extract(RawContent("-", data, None)).media_type == expected


def test_pdf_is_sniffed_whatever_the_declared_type():
    data = make_pdf([["1. Terms", "By using the service you agree to these terms and our privacy policy."]])
    assert extract(RawContent("download", data, "application/octet-stream")).media_type == "application/pdf"


def test_latin1_text_file_is_decoded():
    doc = _extract_file("conditions-latin1.txt")
    assert "CONDITIONS GÉNÉRALES D'UTILISATION" in doc.text
    assert "Nous traitons vos données personnelles conformément" in doc.text


def test_declared_charset_and_meta_charset_are_honoured():
    text = "Les données personnelles sont traitées selon nos conditions générales et la loi applicable."
    body = f"<p>{text}</p>" * 6
    meta_page = f"<html><head><meta charset='iso-8859-1'></head><body>{body}</body></html>".encode("latin-1")
    assert text in extract(RawContent("meta.html", meta_page, "text/html")).text
    bare = f"<html><body>{body}</body></html>".encode("cp1252")
    assert text in extract(RawContent("declared.html", bare, "text/html", charset="windows-1252")).text


def test_a_file_and_its_fetch_decode_alike_when_the_meta_charset_lies():
    """Extraction shares the fetch's charset chain: a UTF-8 body under a Latin-1 claim reads as UTF-8."""
    from contractlens.charset import decode, detect_charset

    text = "Les données personnelles sont traitées selon nos conditions générales et la loi applicable."
    page = f"<html><head><meta charset='iso8859-1'></head><body>{('<p>' + text + '</p>') * 6}</body></html>".encode()
    assert text in extract(RawContent("lying-meta.html", page, "text/html")).text
    assert text in decode(page, detect_charset(page, None, "text/html"))


def test_utf16_with_bom_is_decoded():
    text = "1. Privacy\n\nWe collect personal data only with your consent and we never sell it to third parties."
    doc = extract(RawContent("utf16.txt", text.encode("utf-16"), None))
    assert "we never sell it to third parties." in doc.text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_input_is_an_input_error(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="is empty"):
        extract(read_file(path))


def test_binary_junk_is_an_input_error(tmp_path):
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="looks like a binary file"):
        extract(read_file(path))


def test_docx_like_zip_is_an_input_error_naming_the_type(tmp_path):
    path = tmp_path / "terms.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>You agree to these terms.</w:document>")
    with pytest.raises(InputError, match="ZIP archive"):
        extract(read_file(path))


@pytest.mark.parametrize(
    ("name", "data", "named"),
    [("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"), ("terms.txt.gz", b"\x1f\x8b\x08" + bytes(64), "gzip archive")],
)
def test_images_and_archives_are_named(tmp_path, name, data, named):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=named):
        extract(read_file(path))


def test_unreadable_declared_media_type_is_named():
    with pytest.raises(InputError, match="image/svg"):
        extract(RawContent("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "image/svg+xml"))


# --- not a legal text -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["shop.html", "notfound.html"])
def test_pages_without_legal_text_are_refused(name):
    with pytest.raises(InputError, match="no legal text found in .*" + re.escape(name)):
        _extract_file(name)


def test_short_legal_excerpt_in_a_text_file_is_accepted():
    doc = extract(RawContent("clause.txt", b"We may terminate your account at any time without notice.", None))
    assert doc.text == "We may terminate your account at any time without notice."


# --- real pages (corpora) ---------------------------------------------------------------------


def test_a_7000_word_page_is_extracted_whole_without_its_chrome():
    """Scale, not speed (benchmarks/bench_extract.py times this page): every repeated section is
    kept, and the navigation and footer around them stay out."""
    page = (FIXTURES / "terms.html").read_text(encoding="utf-8")
    main = page[page.index("<main") : page.index("</main>")]
    sections = main.split("<h2", 1)[1]
    big = extract(RawContent("big.html", page.replace(sections, sections * 25).encode(), "text/html")).text
    assert len(big.split()) > 5000
    assert big.count("You must be at least 16 years old to open an account.") == 25
    assert "Pricing" not in big and "Imprint" not in big and "footer script" not in big


def test_clean_inline_collapses_every_kind_of_space_and_drops_invisible_characters():
    from contractlens.extraction.blocks import clean_inline

    assert clean_inline("\u00a0We\u200b keep\u3000\n your\u2009data\ufeff\u00ad  ") == "We keep your data"
    assert clean_inline(" \t\n\u200b ") == ""
