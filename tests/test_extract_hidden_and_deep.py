"""Nothing silently lost: pages nested past the parser's limit, and text in <template> / <noscript>.

libxml2 stops at 256 nested elements (2,048 with its huge option) and used to drop the rest of
the page; <template> and <noscript> hold the document on some pages and a banner on others.
"""

from __future__ import annotations

import pytest

from contractlens.extract import extract
from contractlens.fetching.diagnose import diagnose_page
from contractlens.markup import MAX_DEPTH, limit_depth, parse_markup
from contractlens.types import RawContent

CLAUSE = ("{i}. We may suspend or terminate your account at any time and without notice for any reason, "
          "and we are not liable for any loss of data, profits or goodwill that results from it.")
PARAGRAPHS = [CLAUSE.format(i=i) for i in range(1, 21)]
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def _extract(page: str, **kwargs):
    return extract(RawContent("page.html", page.encode("utf-8"), "text/html"), **kwargs)


def _nested(depth: int, inner: str = BODY) -> str:
    return "<html><body><h1>Terms of Service</h1>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>"


def _paragraphs(doc) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]


@pytest.mark.parametrize("depth", [600, 3000, 20000])
def test_deeply_nested_page_keeps_every_paragraph(depth):
    doc = _extract(_nested(depth))
    assert _paragraphs(doc) == PARAGRAPHS  # each paragraph whole and apart, in order
    assert _paragraphs(doc) == _paragraphs(_extract(_nested(1)))


def test_deeply_nested_page_is_not_taken_for_a_javascript_shell():
    page = _nested(600).replace("<body>", "<body><script>var x = 1;</script>")
    assert diagnose_page(page, 200, "https://example.com/terms") is None


def test_declaration_selects_inside_a_deeply_nested_page():
    page = _nested(600, '<section class="terms">' + BODY + "</section>")
    doc = _extract(page, declaration={"select": [".terms"]})
    assert _paragraphs(doc) == PARAGRAPHS


def test_limit_depth_keeps_text_and_structure_and_leaves_shallow_pages_alone():
    shallow = _nested(5)
    assert limit_depth(shallow) is shallow
    deep = _nested(MAX_DEPTH + 50, "<ul><li>one item</li><li>two items</li></ul>")
    limited = limit_depth(deep)
    root = parse_markup(limited)
    assert root.text_content().split() == parse_markup(deep).text_content().split()
    assert [li.text_content() for li in root.iter("li")] == ["one item", "two items"]
    assert max(len(list(el.iterancestors())) for el in root.iter()) <= MAX_DEPTH + 5


def test_script_text_with_tags_inside_is_not_counted_as_nesting():
    page = "<html><body><script>var s = '" + "<div>" * 500 + "';</script>" + BODY + "</body></html>"
    assert limit_depth(page) is page


def test_noscript_holding_the_document_is_read():
    page = ('<html><body><div id="root"></div><script src="/app.js"></script><noscript><h1>Terms of Service</h1>'
            + BODY + "</noscript></body></html>")
    doc = _extract(page)
    assert doc.title == "Terms of Service"
    assert _paragraphs(doc) == PARAGRAPHS


def test_noscript_banner_and_inert_template_beside_the_document_are_dropped():
    page = ("<html><body><main><h1>Terms of Service</h1>" + BODY + "</main>"
            "<noscript>Please enable JavaScript for the best experience on our website, thank you.</noscript>"
            "<template><p>Template row placeholder text for the cart widget</p></template></body></html>")
    doc = _extract(page)
    assert "JavaScript" not in doc.text and "placeholder" not in doc.text
    assert _paragraphs(doc) == PARAGRAPHS


def test_declarative_shadow_dom_is_read_as_part_of_the_page():
    page = ('<html><body><terms-view><template shadowrootmode="open"><h1>Terms of Service</h1>' + BODY
            + "</template></terms-view><p>Footer: contact us</p></body></html>")
    doc = _extract(page)
    assert doc.blocks[0].kind == "heading" and doc.text.startswith("Terms of Service")
    assert all(p in doc.text for p in PARAGRAPHS)
