"""One parse per fetched page: the fetch diagnosis, discovery, declarations and extraction share it."""

from __future__ import annotations

import pickle

from contractlens.discover import page_links
from contractlens.extract import extract
from contractlens.fetch import fetch
from contractlens.page import Page, strings, text_outside
from tests.support.localserver import Response

SHORT_TERMS = ("<html><head><title>Terms</title></head><body><nav><a href='/privacy'>Privacy policy</a></nav>"
               "<main><h1>Terms of service</h1><p>By using the service you agree to these terms. We may change "
               "these terms at any time and terminate your account without notice. Disputes go to binding "
               "arbitration; you waive any class action. Our liability is limited to the fees you paid.</p>"
               "</main></body></html>")


def test_the_tree_the_fetch_diagnosis_parsed_is_the_one_extraction_cuts(local_server):
    local_server.routes["/terms"] = Response(body=SHORT_TERMS)
    result = fetch(local_server.url("/terms"), allow_private=True, check_robots=False, retries=0)
    page = result.html_page()
    assert page.parsed  # a short page: the diagnosis had to parse it to count its visible words
    shared = page.root
    links = page_links(page, result.final_url)  # discovery reads the same tree, no new parse
    assert [link.url for link in links] == [local_server.url("/privacy")] and page.root is shared
    raw = result.to_raw()
    assert raw.page is page
    document = extract(raw)
    assert not page.parsed  # extraction took the tree over (it cuts it) instead of parsing the text again
    assert document.title == "Terms" and "binding arbitration" in document.text


def test_extraction_parses_anew_when_the_page_is_not_the_text_it_reads():
    from contractlens.types import RawContent

    stale = Page("<html><body><p>Another page altogether.</p></body></html>")
    stale.root
    raw = RawContent("terms.html", SHORT_TERMS.encode("utf-8"), "text/html", page=stale)
    assert "binding arbitration" in extract(raw).text
    assert stale.parsed  # not the same text: its tree was left alone


def test_a_page_travels_between_processes_as_text_only():
    page = Page(SHORT_TERMS)
    page.root
    again = pickle.loads(pickle.dumps(page))
    assert again.html == SHORT_TERMS and not again.parsed
    assert strings(again.root.find(".//h1")) == ["Terms of service"]


def test_text_outside_reads_as_text_content_with_the_skipped_elements_dropped():
    page = Page("<html><body><div>a<script>x()</script>b <span id='c'>cookie</span>tail <b>d</b></div></body></html>")
    div = page.root.find(".//div")
    skipped = text_outside(div, lambda el: el.tag == "script" or el.get("id") == "c")
    assert skipped == "ab tail d"
    for el in list(div.iter("script")) + [div.find(".//span")]:
        el.drop_tree()
    assert skipped == div.text_content()
