"""Declarations in the Open Terms Archive format: loading, validation, matching, selection."""

from __future__ import annotations

import json

import pytest

from contractlens.declarations import (
    apply_declaration,
    declaration_for,
    doc_type_of,
    load_declarations,
    match_declaration,
)
from contractlens.errors import InputError
from contractlens.page import parse_html, strings

OWN = {
    "name": "Fernleaf Bakery",
    "terms": {
        "Terms of Service": {
            "fetch": "https://www.fernleaf.example/legal/terms/",
            "select": ["main .legal", {"startBefore": "#s1", "endBefore": "#end"}],
            "remove": [".newsletter"],
        },
        "Privacy Policy": {"fetch": "https://fernleaf.example/privacy", "select": "article"},
    },
}

PAGE = """<html><body><nav>Shop Blog</nav>
<main><div class="legal"><h1>Terms</h1><p>Rule one.</p><div class="newsletter">Sign up!</div></div>
<h2 id="s1">Extra</h2><p>Rule two.</p><p id="end">Footer note</p></main>
<footer>(c) Fernleaf</footer></body></html>"""


@pytest.fixture
def own_dir(tmp_path):
    (tmp_path / "Fernleaf Bakery.json").write_text(json.dumps(OWN))
    (tmp_path / "Quillmark.yaml").write_text(
        "name: Quillmark\n"
        "terms:\n"
        "  Terms of Use:\n"
        "    fetch: https://quillmark.example/legal/terms-of-use\n"
        "    select: article\n"
        "    remove:\n"
        "      - startAfter: h1\n"
        "        endBefore: '#rules'\n"
    )
    return tmp_path


def test_load_directory_json_and_yaml(own_dir):
    services = load_declarations(own_dir)
    assert sorted(s.name for s in services) == ["Fernleaf Bakery", "Quillmark"]
    quill = next(s for s in services if s.name == "Quillmark")
    assert quill.documents["Terms of Use"].remove == [{"startAfter": "h1", "endBefore": "#rules"}]


def test_match_by_url_ignores_scheme_www_and_trailing_slash(own_dir):
    services = load_declarations(own_dir)
    decl = declaration_for("http://fernleaf.example/legal/terms", services)
    assert decl["service"] == "Fernleaf Bakery" and decl["doc_type"] == "terms"
    assert decl["remove"] == [".newsletter"]
    assert declaration_for("https://fernleaf.example/legal/other", services, doc_type="privacy")[
        "select"] == ["article"]
    assert declaration_for("https://unknown.example/terms", services) is None
    assert declaration_for("https://fernleaf.example/", None) is None


def test_match_by_service_name(own_dir):
    services = load_declarations(own_dir)
    assert match_declaration("fernleaf bakery", services).terms_type == "Terms of Service"
    assert match_declaration("Fernleaf Bakery", services, doc_type="privacy").terms_type == (
        "Privacy Policy"
    )


def _cut(page: str, declaration: dict) -> str:
    """The text the declaration keeps of the page, pieces separated as they are in the tree."""
    return " ".join(strings(apply_declaration(parse_html(page), declaration)))


def test_apply_declaration_select_ranges_and_remove():
    decl = {"select": OWN["terms"]["Terms of Service"]["select"], "remove": [".newsletter"]}
    assert _cut(PAGE, decl) == "Terms Rule one. Extra Rule two."


def test_apply_declaration_range_remove_and_end_after():
    out = _cut(PAGE, {"select": ["main"], "remove": [{"startAfter": "h1", "endAfter": ".newsletter"}]})
    assert out == "Terms Extra Rule two. Footer note"
    out = _cut(PAGE, {"select": [{"startAfter": "nav", "endAfter": "footer"}]})
    assert out == "Terms Rule one. Sign up! Extra Rule two. Footer note (c) Fernleaf"


def test_apply_declaration_range_remove_keeps_the_anchors_outside_it():
    """startBefore/endBefore: the start anchor goes, the end anchor and what surrounds the range stay."""
    out = _cut(PAGE, {"remove": [{"startBefore": "#s1", "endBefore": "#end"}], "select": ["main"]})
    assert out == "Terms Rule one. Sign up! Footer note"
    # anchors that are not siblings: the page is left alone rather than cut by a guess
    assert _cut(PAGE, {"remove": [{"startBefore": "h1", "endBefore": "#end"}], "select": ["main"]}) == (
        "Terms Rule one. Sign up! Extra Rule two. Footer note")


def test_apply_declaration_selects_in_page_order_without_duplicates_per_selector():
    """A selector list is one CSS selector: each element once, in page order (as in a browser)."""
    assert _cut(PAGE, {"select": ["p, h1"]}) == "Terms Rule one. Rule two. Footer note"
    assert _cut(PAGE, {"select": ["#end", "h1"]}) == "Footer note Terms"  # separate entries keep their order


def test_apply_declaration_reports_a_selector_that_matches_nothing():
    with pytest.raises(InputError, match="match nothing"):
        apply_declaration(parse_html(PAGE), {"select": ["#gone"]})
    with pytest.raises(InputError, match="invalid CSS selector"):
        apply_declaration(parse_html(PAGE), {"select": ["main >>> p"]})


@pytest.mark.parametrize(
    "data, problem",
    [
        ({"terms": {}}, "no 'name'"),
        ({"name": "X", "terms": {"Terms of Service": {"select": "main"}}}, "'fetch' must be"),
        ({"name": "X", "terms": {"Terms of Service": {"fetch": "ftp://x.example/t"}}}, "'fetch'"),
        ({"name": "X", "terms": {"Terms of Service": {"fetch": "https://x.example/t",
                                                       "select": {"startBefore": "h1"}}}}, "range"),
        ({"name": "X", "terms": []}, "'terms' object"),
        ({"name": "X", "terms": {"Terms of Service": {"fetch": "https://x.example[/t"}}}, "'fetch' must be"),
        ({"name": "X", "terms": {"Terms of Service": {"fetch": "https://x.example:99999/t"}}}, "'fetch' must be"),
        ({"name": "X", "terms": {" ": {"fetch": "https://x.example/t"}}}, "name must be text"),
    ],
)
def test_invalid_declarations_are_input_errors(tmp_path, data, problem):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match=problem):
        load_declarations(path)


def test_unreadable_files_are_input_errors(tmp_path):
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_declarations(tmp_path / "broken.json")
    with pytest.raises(InputError, match="no such"):
        load_declarations(tmp_path / "missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no declaration files"):
        load_declarations(empty)


def test_doc_type_of_ota_names():
    assert doc_type_of("Terms of Service") == "terms"
    assert doc_type_of("Privacy Policy") == "privacy"
    assert doc_type_of("Trackers Policy") == "cookies"
    assert doc_type_of("Community Guidelines") == "other"


def test_a_target_that_is_no_url_gets_the_usual_one_line_error_with_declarations(tmp_path):
    """`check "https://[oops/terms" --declarations D` once crashed matching ("Invalid IPv6 URL", exit 3)."""
    from click.testing import CliRunner

    from contractlens.cli import main

    declarations = tmp_path / "decl.json"
    declarations.write_text(json.dumps(
        {"name": "Acme", "terms": {"Terms of Service": {"fetch": "https://acme.example/tos", "select": "main"}}}))
    result = CliRunner().invoke(main, ["check", "https://[oops/terms", "--declarations", str(declarations)])
    assert result.exit_code == 2, result.output
    assert "not a valid URL: https://[oops/terms" in result.output and "internal error" not in result.output
