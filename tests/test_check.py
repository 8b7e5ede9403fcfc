"""End-to-end `contractlens check`: every input kind, every format, exit codes, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from contractlens.cli import main
from tests.support.localserver import Response
from tests.support.pdf import make_pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "examples" / "acme-terms.html"
SCHEMA = json.loads((ROOT / "contractlens" / "schemas" / "check-result.schema.json").read_text())

ARBITRATION = "resolved exclusively by final and binding arbitration"

EXAMPLE_MARKDOWN = """# Example Terms

## Disputes

Any dispute arising out of these Terms shall be resolved by final and binding arbitration, and you
waive any right to participate in a class action.

## Termination

We may terminate or suspend your account at any time, for any reason, without notice.

## Liability

To the fullest extent permitted by law, we shall not be liable for any indirect or consequential
damages, or for any loss of data.
"""


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def assert_clean_error(result, fragment: str):
    """Bad input: exit 2, exactly one line on stderr naming the problem, no traceback."""
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert fragment.lower() in lines[0].lower(), lines[0]


def test_check_html_file_prints_flagged_clauses_with_quotes():
    result = run("check", str(EXAMPLE))
    assert result.exit_code == 0, result.stderr
    out = result.output
    assert "Acme Cloud Notes" in out
    assert "Read " in out and " clauses" in out
    assert ARBITRATION in out
    assert "Arbitration" in out
    assert "Why it matters:" in out
    assert "6. Disputes" in out  # quotes sit under their section heading


def test_check_json_validates_against_schema():
    result = run("check", str(EXAMPLE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.output)
    jsonschema.validate(data, SCHEMA)
    analysis = data["analyses"][0]
    labels = {f["label"] for f in analysis["findings"] if f["kind"] == "unfair"}
    assert {"a", "ter", "ltd"} <= labels
    for finding in analysis["findings"]:
        clause = analysis["clauses"][finding["clause_index"]]
        assert analysis["document"]["text"][clause["start"]: clause["end"]] == clause["text"]


def test_check_markdown_file_and_markdown_output(tmp_path):
    path = tmp_path / "terms.md"
    path.write_text(EXAMPLE_MARKDOWN, encoding="utf-8")
    result = run("check", str(path), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.output.startswith("# ")
    assert "> Any dispute arising out of these Terms" in result.output


def test_check_pdf(tmp_path):
    path = tmp_path / "terms.pdf"
    path.write_bytes(make_pdf(EXAMPLE_MARKDOWN.replace("#", "").splitlines()))
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    analysis = json.loads(result.output)["analyses"][0]
    assert analysis["document"]["media_type"] == "application/pdf"
    assert any(f["label"] == "a" for f in analysis["findings"] if f["kind"] == "unfair")


def test_check_stdin():
    result = run("check", "-", input=EXAMPLE_MARKDOWN)
    assert result.exit_code == 0, result.stderr
    assert "binding arbitration" in result.output


def test_check_url_from_local_server(local_server):
    local_server.routes["/terms"] = Response(body=EXAMPLE.read_bytes())
    result = run("check", local_server.url("/terms"), "--allow-private")
    assert result.exit_code == 0, result.stderr
    assert ARBITRATION in result.output
    assert local_server.url("/terms") in result.output


def test_output_file_and_explain(tmp_path):
    out = tmp_path / "report.txt"
    result = run("check", str(EXAMPLE), "--explain", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.output == ""
    text = out.read_text(encoding="utf-8")
    assert "Words that drove it:" in text


@pytest.mark.parametrize("fail_on, expected", [("none", 0), ("potential", 1), ("clear", 1)])
def test_fail_on_exit_status(fail_on, expected):
    result = run("check", str(EXAMPLE), "--fail-on", fail_on)
    assert result.exit_code == expected


def test_fail_on_clean_document_exits_zero(tmp_path):
    path = tmp_path / "fair.md"
    path.write_text(
        "# Library membership terms\n\nThese terms of service set out the agreement between you and "
        "the town library for your membership. You may borrow up to five books at a time and return "
        "them within three weeks. You may cancel your membership whenever you wish, free of charge. "
        "If a book is damaged, the library will ask you to pay the cost of repair, and never more. "
        "Contact the front desk if you need more time to return a book; we are happy to help.\n",
        encoding="utf-8",
    )
    result = run("check", str(path), "--fail-on", "potential")
    assert result.exit_code == 0, result.output


def test_terms_verdicts_and_letter(tmp_path):
    letter = tmp_path / "letter.txt"
    result = run("check", str(EXAMPLE), "--terms", "fair-contract", "--letter", str(letter))
    assert result.exit_code == 0, result.stderr
    assert "Your terms" in result.output
    assert "terms are violated" in result.output or "terms is violated" in result.output
    assert "arbitration" in letter.read_text(encoding="utf-8").lower()


# ---- bad input: one clear line on stderr, exit 2 -------------------------------------------


def test_missing_file():
    assert_clean_error(run("check", "no/such/terms.html"), "no such file")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    assert_clean_error(run("check", str(path)), "empty")


def test_binary_file(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert_clean_error(run("check", str(path)), "binary")


def test_pdf_without_text(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([]))
    assert_clean_error(run("check", str(path)), "text")


def test_unknown_format(tmp_path):
    path = tmp_path / "terms.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    result = run("check", str(path))
    assert_clean_error(result, str(path.name))


def test_url_that_times_out(local_server):
    local_server.routes["/slow"] = Response(body="<p>late</p>", delay=3)
    result = run("check", local_server.url("/slow"), "--allow-private", "--timeout", "0.5")
    assert_clean_error(result, "timed out")


def test_refused_private_address(local_server):
    local_server.routes["/terms"] = Response(body=EXAMPLE.read_bytes())
    assert_clean_error(run("check", local_server.url("/terms")), "private")


def test_page_with_no_legal_text(tmp_path):
    path = tmp_path / "shop.html"
    path.write_text(
        "<html><head><title>Shop</title></head><body><main><h1>Welcome to our shop</h1>"
        "<p>Fresh bread every morning. Our bakers start at four.</p></main></body></html>",
        encoding="utf-8",
    )
    assert_clean_error(run("check", str(path)), "no legal text")


def test_unknown_terms_profile():
    assert_clean_error(run("check", str(EXAMPLE), "--terms", "no-such-profile"), "no-such-profile")


def test_check_html_is_one_self_contained_page():
    result = run("check", str(EXAMPLE), "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = result.output
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
    assert ARBITRATION in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing fetched to view it


PRIVACY_PAGE = """<html><head><title>Privacy Policy</title></head><body><main>
<h1>Privacy Policy</h1>
<h2>What we collect</h2><p>We collect your e-mail address and your precise location when you use the app.</p>
<h2>Sharing</h2><p>We sell your personal information to data brokers and advertising partners.</p>
<h2>Retention</h2><p>We keep your personal data indefinitely, even after you close your account.</p>
<h2>Contact</h2><p>If you have questions about this privacy policy or how we process your personal
information, write to our privacy team at the address shown in the app.</p>
</main></body></html>"""


def test_check_domain_reads_terms_and_privacy(local_server):
    local_server.routes["/"] = Response(
        body='<html><body><p>Welcome to Acme notes.</p><footer><a href="/legal/terms">Terms of Service</a> '
        '<a href="/legal/privacy">Privacy Policy</a></footer></body></html>'
    )
    local_server.routes["/legal/terms"] = Response(body=EXAMPLE.read_bytes())
    local_server.routes["/legal/privacy"] = Response(body=PRIVACY_PAGE)
    host = local_server.base_url.removeprefix("http://")
    result = run("check", host, "--allow-private", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.output)
    jsonschema.validate(data, SCHEMA)
    sources = {a["document"]["final_url"] or a["document"]["source"]: a for a in data["analyses"]}
    assert set(sources) == {local_server.url("/legal/terms"), local_server.url("/legal/privacy")}
    privacy = sources[local_server.url("/legal/privacy")]
    answers = {row["key"]: row["answer"] for row in privacy["extras"]["data_practices"]}
    assert answers["sell"] == "yes"
    pages = [path for method, path, _ in local_server.requests if method == "GET"]
    assert sorted(pages) == ["/", "/legal/privacy", "/legal/terms", "/robots.txt"]  # each page asked for once


def test_letter_to_stdout_lists_violated_terms():
    result = run("check", str(EXAMPLE), "--terms", "fair-contract", "--letter", "-", "-o", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert "binding arbitration" in result.output


def test_letter_needs_terms():
    assert_clean_error(run("check", str(EXAMPLE), "--letter", "-"), "--terms")


def test_check_domain_keeps_the_document_it_could_read(local_server):
    local_server.routes["/"] = Response(
        body='<html><body><footer><a href="/terms">Terms of Service</a> <a href="/privacy">Privacy</a>'
        "</footer></body></html>"
    )
    local_server.routes["/terms"] = Response(body=EXAMPLE.read_bytes())
    local_server.routes["/privacy"] = Response(body="<html><body><main><p>Coming soon.</p></main></body></html>")
    result = run("check", local_server.base_url.removeprefix("http://"), "--allow-private")
    assert result.exit_code == 0, result.stderr
    assert ARBITRATION in result.output
    assert "warning: skipped " + local_server.url("/privacy") in result.stderr


CONTRACT_TERMS_PAGE = """<html><head><title>Terms of Service</title></head><body><main><h1>Terms of Service</h1>
<h2>Changes</h2><p>We may change or modify these Terms at any time at our sole discretion, without notice to you.</p>
<h2>Termination</h2><p>We may suspend or terminate your account at any time, for any reason or no reason, without notice.</p>
<h2>Governing law</h2><p>These Terms are governed by the laws of the State of Delaware, without regard to its conflict of law rules.</p>
</main></body></html>"""


def test_one_letter_answers_for_every_document_of_a_domain(local_server, tmp_path):
    local_server.routes["/"] = Response(
        body='<html><body><p>Welcome.</p><footer><a href="/legal/terms">Terms of Service</a> '
        '<a href="/legal/privacy">Privacy Policy</a></footer></body></html>'
    )
    local_server.routes["/legal/terms"] = Response(body=CONTRACT_TERMS_PAGE)
    local_server.routes["/legal/privacy"] = Response(body=PRIVACY_PAGE)
    letter = tmp_path / "letter.txt"
    host = local_server.base_url.removeprefix("http://")
    result = run("check", host, "--allow-private", "--terms", "fair-contract", "--terms", "minimal-data",
                 "--letter", str(letter), "-o", str(tmp_path / "report.txt"))
    assert result.exit_code == 0, result.stderr
    text = letter.read_text(encoding="utf-8")
    assert text.count("To: ") == 1 and text.count("Dear Sir or Madam") == 1  # one letter
    assert local_server.url("/legal/terms") in text and local_server.url("/legal/privacy") in text
    violated = text.split("Where your documents go against my terms:")[1].split("I do not accept")[0]
    for statement, quote in (
        ("You do not change these terms without telling me", 'You write in your terms of service (section "Changes")'),
        ("You do not close my account without notice", 'You write in your terms of service (section "Termination")'),
        ("The consumer law of the country I live in protects me",
         'You write in your terms of service (section "Governing law")'),
        ("Do not sell my personal information.", 'You write in your privacy policy (section "Sharing")'),
    ):
        block = next(b for b in re.split(r"\n  \d+\. ", violated) if b.startswith(statement))
        assert quote in block, block
    silent = text.split("say nothing")[1].split("Please reply")[0]
    assert "Do not sell my personal information" not in silent  # violated in one document: not "silent"
