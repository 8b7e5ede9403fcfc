"""The person's own terms: profile loading/validation, verdicts per shipped profile, export, CLI."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from contractlens.assess import profiles as profiles_mod
from contractlens.assess.verdicts import assess_terms
from contractlens.assess.counteroffer import compose_letter, export_profile, profile_letter
from contractlens.assess.profiles import (
    load_profile,
    profile_from_data,
    resolve_profiles,
    shipped_profile,
    shipped_profile_names,
    terms_schema,
)
from contractlens.cli import main
from contractlens.errors import InputError
from contractlens.types import Analysis, Clause, Document, Finding
from tests.support.localserver import Response

# Our own example clauses (not corpus text): (section, sentence).
EXAMPLE_CLAUSES = [
    ("Disputes", "Any claim you bring against Examplary must be settled by binding arbitration in Delaware."),
    ("Advertising", "We show you ads chosen from the pages you visit on other websites."),
    ("Your data", "We never sell the information you give us to anyone."),
    ("Keeping data", "We delete your account data 30 days after you close your account."),
    ("Cookies", "Analytics partners place cookies on our pages to measure visits and follow you elsewhere."),
    ("Your rights", "You can download or erase everything we hold about you from the settings page."),
]


def make_analysis(findings=(), *, doc_type="privacy", models=("unfair", "practices"), extras=None,
                  url="https://www.examplary.test/privacy") -> Analysis:
    """An Analysis built directly from Findings over EXAMPLE_CLAUSES (no classifier needed)."""
    text, clauses, offset = "", [], 0
    for index, (section, sentence) in enumerate(EXAMPLE_CLAUSES):
        clauses.append(Clause(index, offset, offset + len(sentence), sentence, [section]))
        text += sentence + "\n"
        offset = len(text)
    document = Document(source=url, text=text, final_url=url, title="Examplary policy", doc_type=doc_type)
    return Analysis(document=document, clauses=clauses, findings=list(findings),
                    model_versions={m: "test" for m in models}, extras=dict(extras or {}))


def finding(kind, label, clause, *, level=None, polarity=None, score=0.9, **attributes) -> Finding:
    if kind == "flag" and polarity is None:
        polarity = "does"
    return Finding(kind=kind, label=label, clause_index=clause, score=score, source="test",
                   level=level, polarity=polarity, attributes=attributes)


def verdict_of(profile_name, term_id, analysis):
    verdicts = assess_terms([shipped_profile(profile_name)], analysis)
    return next(v for v in verdicts if v.term_id == term_id)


GPC_TRUE = {"status": "supported", "gpc": True, "lastUpdate": "2024-05-01", "url": "x", "detail": "declares true"}
GPC_FALSE = {"status": "not supported", "gpc": False, "lastUpdate": None, "url": "x", "detail": "declares false"}
GPC_MISSING = {"status": "missing", "gpc": None, "lastUpdate": None, "url": "x", "detail": "no gpc.json here"}

# (profile, term, findings, doc_type, extras, expected verdict, expected evidence)
CASES = [
    ("nostalking", "no-third-party-tracking", [finding("flag", "third_party_tracking", 4)], "privacy", None,
     "violated", [4]),
    ("nostalking", "no-offsite-tracking", [finding("flag", "targeted_ads", 1, polarity="does_not")], "privacy",
     None, "honoured", [1]),
    ("nostalking", "only-untracked-ads", [finding("flag", "sale", 2, polarity="does_not")], "privacy", None,
     "not addressed", []),
    ("gpc", "honour-gpc", [finding("flag", "dnt_gpc", 4, polarity="does_not", dnt_gpc="ignored")], "privacy", None,
     "violated", [4]),
    ("gpc", "honour-gpc", [], "privacy", GPC_FALSE, "violated", []),
    ("gpc", "honour-gpc", [], "privacy", GPC_TRUE, "honoured", []),
    ("gpc", "honour-gpc", [finding("flag", "dnt_gpc", 4, dnt_gpc="honoured")], "privacy", None, "honoured", [4]),
    ("gpc", "no-sale-or-sharing", [finding("flag", "sale", 2, polarity="does_not")], "privacy", None,
     "honoured", [2]),
    ("gpc", "honour-gpc", [], "privacy", GPC_MISSING, "not addressed", []),
    ("fair-contract", "no-arbitration", [finding("unfair", "a", 0, level=3)], "terms", None, "violated", [0]),
    ("fair-contract", "fair-liability", [finding("unfair", "a", 0, level=3)], "terms", None, "honoured", []),
    ("fair-contract", "no-arbitration", [], "privacy", None, "not addressed", []),
    ("minimal-data", "bounded-retention", [finding("flag", "retention_period", 3, retention="indefinite")],
     "privacy", None, "violated", [3]),
    ("minimal-data", "bounded-retention", [finding("flag", "retention_period", 3, retention="bounded")],
     "privacy", None, "honoured", [3]),
    ("minimal-data", "access-and-deletion", [finding("flag", "access_rights", 5)], "privacy", None, "honoured", [5]),
    ("minimal-data", "no-sale", [finding("flag", "sale", 2, polarity="does_not")], "privacy", None, "honoured", [2]),
    ("minimal-data", "no-ai-training", [finding("flag", "sale", 2, polarity="does_not")], "privacy", None,
     "not addressed", []),
]


@pytest.mark.parametrize("profile,term,findings,doc_type,extras,expected,evidence", CASES)
def test_shipped_profile_verdicts(profile, term, findings, doc_type, extras, expected, evidence):
    analysis = make_analysis(findings, doc_type=doc_type, extras={"gpc": extras} if extras else None)
    verdict = verdict_of(profile, term, analysis)
    assert (verdict.verdict, verdict.evidence) == (expected, evidence)
    assert verdict.reason and verdict.profile == profile
    assert verdict.weight == shipped_profile(profile).term(term).weight


def test_every_shipped_profile_is_covered_by_all_three_verdicts():
    for name in shipped_profile_names():
        outcomes = {case[5] for case in CASES if case[0] == name}
        assert outcomes == {"violated", "honoured", "not addressed"}, name


def test_violation_wins_over_contrary_evidence_and_reason_names_both():
    analysis = make_analysis([finding("flag", "sale", 2, polarity="does_not"), finding("flag", "sale", 4)])
    verdict = verdict_of("minimal-data", "no-sale", analysis)
    assert verdict.verdict == "violated" and verdict.evidence == [4]
    assert '"Cookies"' in verdict.reason and "Elsewhere it honours it" in verdict.reason


def test_gpc_file_and_text_combine():
    ignored_in_text = [finding("flag", "dnt_gpc", 4, dnt_gpc="ignored")]
    verdict = verdict_of("gpc", "honour-gpc", make_analysis(ignored_in_text, extras={"gpc": GPC_TRUE}))
    assert verdict.verdict == "violated"
    assert "gpc.json declares gpc: true" in verdict.reason
    missing = verdict_of("gpc", "honour-gpc", make_analysis(extras={"gpc": GPC_MISSING}))
    assert "no gpc.json here" in missing.reason


def test_silence_honours_only_when_the_model_ran():
    without_model = make_analysis(doc_type="terms", models=("practices",))
    assert verdict_of("fair-contract", "no-arbitration", without_model).verdict == "not checked"


def test_min_level_three_ignores_potentially_unfair(tmp_path):
    data = {"id": "strict", "title": "Strict", "terms": [
        {"id": "no-change", "statement": "Do not change terms on me.",
         "violated_by": [{"kind": "unfair", "label": "ch", "min_level": 3}]}]}
    profile = profile_from_data(data)
    level2 = make_analysis([finding("unfair", "ch", 1, level=2)])
    level3 = make_analysis([finding("unfair", "ch", 1, level=3)])
    assert assess_terms([profile], level2)[0].verdict == "not addressed"
    assert assess_terms([profile], level3)[0].verdict == "violated"


def test_all_terms_of_all_profiles_get_a_verdict():
    profiles = resolve_profiles(shipped_profile_names())
    verdicts = assess_terms(profiles, make_analysis())
    assert len(verdicts) == sum(len(p.terms) for p in profiles)
    assert {v.verdict for v in verdicts} <= {"honoured", "violated", "not addressed"}


# --- loading and validation -------------------------------------------------------------

def test_shipped_profiles_validate_against_published_schema():
    jsonschema.Draft202012Validator.check_schema(terms_schema())
    assert set(shipped_profile_names()) >= {"nostalking", "gpc", "fair-contract", "minimal-data"}
    for name in shipped_profile_names():
        data = yaml.safe_load((profiles_mod.PROFILES_DIR / f"{name}.yaml").read_text())
        jsonschema.validate(data, terms_schema())
        assert data["source"]["url"].startswith("https://") and data["source"]["name"]


def test_resolve_names_paths_objects_and_duplicates(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(profiles_mod.STARTER_PROFILE)
    gpc = shipped_profile("gpc")
    profiles = resolve_profiles(["nostalking", path, str(path), gpc, "gpc"])
    assert [p.id for p in profiles] == ["nostalking", "my-terms", "gpc"]
    assert profiles[1].path == str(path)
    assert resolve_profiles(()) == []


def _broken(tmp_path, text: str, name="my.yaml"):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_profile(path)
    return str(info.value)


GOOD_TERM = "  - id: t{n}\n    statement: Term {n}.\n    violated_by: [{{kind: unfair, label: ltd}}]\n"


def test_unknown_label_names_file_and_exact_path(tmp_path):
    text = "id: mine\ntitle: Mine\nterms:\n" + GOOD_TERM.format(n=0) + GOOD_TERM.format(n=1)
    text += "  - id: t2\n    statement: No arbitration.\n    violated_by: [{kind: unfair, label: arbtration}]\n"
    message = _broken(tmp_path, text)
    assert message.startswith("my.yaml: terms[2].violated_by[0].label: 'arbtration' is not a known unfair label")


@pytest.mark.parametrize("body,expected", [
    ("terms:\n  - id: t0\n    violated_by: []\n", "my.yaml: terms[0]: missing required field 'statement'"),
    ("terms:\n  - id: t0\n    statement: S.\n    wieght: 3\n", "my.yaml: terms[0]: unknown field 'wieght'"),
    ("terms:\n  - id: t0\n    statement: S.\n    importance: huge\n", "my.yaml: terms[0].importance: 'huge' is not one of"),
    ("terms:\n  - id: t0\n    statement: S.\n    weight: 2\n    importance: low\n",
     "my.yaml: terms[0]: give either 'weight' or 'importance', not both"),
    ("terms:\n  - id: t0\n    statement: S.\n    honoured_by: [{kind: gpc}]\n",
     "my.yaml: terms[0].honoured_by[0]: missing required field 'gpc'"),
    ("terms:\n  - id: t0\n    statement: S.\n    violated_by: [{kind: unfair, label: a, polarity: does}]\n",
     "my.yaml: terms[0].violated_by[0].polarity: only flag conditions have a polarity"),
    ("terms:\n  - id: t0\n    statement: S.\n    violated_by: [{kind: flag, label: retention_period, "
     "attribute: {retention: forever}}]\n",
     "my.yaml: terms[0].violated_by[0].attribute.retention: 'forever' is not one of"),
    ("terms:\n  - id: t0\n    statement: S.\n  - id: t0\n    statement: T.\n",
     "my.yaml: terms[1].id: 't0' is used by two terms"),
    ("terms: []\n", "my.yaml: terms: [] should be non-empty"),
])
def test_schema_errors_name_the_exact_path(tmp_path, body, expected):
    message = _broken(tmp_path, "id: mine\ntitle: Mine\n" + body)
    assert message.startswith(expected), message


def test_yaml_syntax_error_has_line_number(tmp_path):
    message = _broken(tmp_path, "id: mine\ntitle: Mine\nterms:\n  - id: t0\n    statement: [unclosed\n")
    assert message.startswith("my.yaml: YAML syntax error at line ")
    assert "line 6" in message or "line 5" in message


def test_non_mapping_missing_file_and_unknown_name(tmp_path):
    assert "a profile must be a YAML mapping" in _broken(tmp_path, "- just\n- a list\n")
    with pytest.raises(InputError, match="no such profile file"):
        load_profile(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="unknown terms profile 'nostalk'.*nostalking"):
        resolve_profiles(["nostalk"])


# --- export and letters -----------------------------------------------------------------

def test_export_round_trips_to_the_same_terms():
    for name in shipped_profile_names():
        profile = shipped_profile(name)
        exported = json.loads(json.dumps(export_profile(profile)))
        assert exported["first_party"]["role"] == "individual"
        rebuilt = profile_from_data({
            "id": exported["profile"]["id"], "title": exported["profile"]["title"],
            "terms": [{"id": t["id"], "statement": t["statement"], "weight": t["weight"], **t["conditions"]}
                      for t in exported["terms"]],
        })
        assert rebuilt.terms == profile.terms
        assert all(t["conditions_in_words"]["violated_by"] for t in exported["terms"])


def test_compose_letter_quotes_violations_and_lists_the_rest():
    analysis = make_analysis([finding("flag", "sale", 4), finding("flag", "access_rights", 5)])
    letter = compose_letter(analysis, [shipped_profile("minimal-data")])
    assert letter.startswith("To: examplary.test\n")
    violated = letter.split("Where your document goes against my terms:")[1].split("Where your document says")[0]
    assert "Do not sell my personal information." in violated
    assert 'You write (section "Cookies"): "Analytics partners place cookies' in violated
    unaddressed = letter.split("please confirm in writing that you will:")[1].split("Where your document already")[0]
    assert "Do not train AI" in unaddressed and "Do not sell" not in unaddressed
    assert "Let me see, correct, export and delete" in letter.split("already agrees with me")[1]
    assert "https://eur-lex.europa.eu/eli/reg/2016/679/oj" in letter


def test_letter_uses_existing_verdicts_when_present():
    analysis = make_analysis([finding("flag", "sale", 4)])
    analysis.verdicts = assess_terms([shipped_profile("gpc")], analysis)
    letter = compose_letter(analysis, [shipped_profile("gpc")])
    assert "I use your service on 2 terms of my own." in letter


def test_profile_letter_states_every_term():
    profile = shipped_profile("fair-contract")
    letter = profile_letter([profile])
    for term in profile.terms:
        assert term.statement in letter
    assert letter.count("\n  9. ") == 1 and "[your name]" in letter


# --- CLI --------------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(main, ["terms", *args])


def test_cli_list_and_show():
    listing = run("list")
    assert listing.exit_code == 0
    for name in ("nostalking", "gpc", "fair-contract", "minimal-data"):
        assert name in listing.output
    shown = run("show", "nostalking")
    assert shown.exit_code == 0
    assert "no-third-party-tracking" in shown.output and "violated by: third-party tracking" in shown.output
    assert "customercommons.org" in shown.output


def test_cli_show_unknown_is_one_line_exit_2():
    result = run("show", "nosuch")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "unknown terms profile 'nosuch'" in result.output
    assert "Traceback" not in result.output


def test_cli_init_validate_and_refuse_overwrite(tmp_path):
    path = tmp_path / "mine.yaml"
    assert run("init", str(path)).exit_code == 0
    assert path.read_text().startswith("# My terms for contractlens")
    valid = run("validate", str(path))
    assert valid.exit_code == 0 and "valid profile 'my-terms' with 3 terms" in valid.output
    path.write_text(path.read_text() + "\n# my edit\n")
    again = run("init", str(path))
    assert again.exit_code == 2 and "already exists" in again.output
    assert path.read_text().endswith("# my edit\n")


def test_cli_validate_reports_the_path(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\ntitle: Bad\nterms:\n  - id: x\n    statement: S.\n"
                    "    violated_by: [{kind: flag, label: selling}]\n")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "bad.yaml: terms[0].violated_by[0].label: 'selling' is not a known flag label" in result.output


def test_cli_export_json_letter_and_file(tmp_path):
    as_json = run("export", "gpc", "--format", "json")
    assert as_json.exit_code == 0
    assert [t["id"] for t in json.loads(as_json.output)["terms"]] == ["honour-gpc", "no-sale-or-sharing"]
    letter = run("export", "minimal-data", "--format", "letter")
    assert letter.exit_code == 0 and "Do not sell my personal information." in letter.output
    out = tmp_path / "terms.json"
    to_file = run("export", "nostalking", "-o", str(out))
    assert to_file.exit_code == 0
    assert json.loads(out.read_text())["profile"]["id"] == "nostalking"
    assert run("export", "gpc", "--format", "pdf").exit_code == 2


# --- end to end (needs the trained models) ------------------------------------------------

EXAMPLE_TOS = """\
# Examplary Terms of Service

## Acceptance
By using the Examplary website you agree to these terms, whether or not you have read them.

## Changes
We may change these terms at any time without notice, and your continued use means you accept the changes.

## Termination
We may suspend or terminate your account at any time, for any reason or no reason, without notice.

## Liability
To the fullest extent permitted by law, Examplary is not liable for any damages whatsoever, including loss of data.

## Disputes
Any dispute arising from these terms will be resolved exclusively by binding arbitration, and you waive any right
to take part in a class action. These terms are governed by the laws of the State of Delaware.

## Your data
We sell personal information to advertising partners and use it to show you personalised ads.
We keep your information for as long as we see fit.
"""


STAGE_MODULES = ("contractlens.classify.doctype", "contractlens.segment", "contractlens.extract")
PRACTICE_MODULES = ("contractlens.classify.flags", "contractlens.assess.practices_summary")


def _missing(models, modules) -> list[str]:
    """What the pipeline still lacks here: trained models or stage modules."""
    import importlib.util

    from contractlens.classify.registry import default_model_dir

    missing = [f"models/{n}" for n in models if not (default_model_dir(n) / "manifest.json").is_file()]
    return missing + [m for m in modules if importlib.util.find_spec(m) is None]


UNFAIR_MISSING = _missing(("unfair",), STAGE_MODULES)
PIPELINE_MISSING = _missing(("unfair", "practices"), STAGE_MODULES + PRACTICE_MODULES)


@pytest.mark.slow
@pytest.mark.skipif(bool(UNFAIR_MISSING), reason=f"pipeline not available: {UNFAIR_MISSING}")
def test_analyze_end_to_end_with_terms(tmp_path):
    from contractlens import analyze
    from contractlens.assess.grade import grade_analysis

    path = tmp_path / "examplary-terms.md"
    path.write_text(EXAMPLE_TOS, encoding="utf-8")
    analysis = analyze(str(path), terms=["fair-contract", str(_starter(tmp_path))], models=("unfair",))
    fair = shipped_profile("fair-contract")
    assert [v.term_id for v in analysis.verdicts[: len(fair.terms)]] == [t.id for t in fair.terms]
    assert len(analysis.verdicts) == len(fair.terms) + 3
    unfair_labels = {f.label for f in analysis.findings_of("unfair")}
    for term, verdict in zip(fair.terms, analysis.verdicts):
        assert (verdict.verdict == "violated") == (term.violated_by[0].label in unfair_labels), term.id
    assert any(v.verdict == "violated" for v in analysis.verdicts)
    assert analysis.grade == grade_analysis(analysis)
    assert analysis.grade.letter in "BCDE" and 3 <= len(analysis.grade.drivers) <= 5
    letter = compose_letter(analysis, resolve_profiles(["fair-contract"]))
    assert "Where your document goes against my terms:" in letter


def _starter(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(profiles_mod.STARTER_PROFILE, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.skipif(bool(PIPELINE_MISSING), reason=f"full pipeline not available: {PIPELINE_MISSING}")
def test_check_command_with_terms_gpc_and_letter(local_server, tmp_path):
    page = "<html><body><main>" + "".join(
        f"<h2>{section}</h2><p>{sentence}</p>" for section, sentence in EXAMPLE_CLAUSES) + "</main></body></html>"
    local_server.routes["/privacy"] = Response(200, page)
    local_server.routes["/.well-known/gpc.json"] = Response(200, '{"gpc": true}', content_type="application/json")
    letter = tmp_path / "letter.txt"
    result = CliRunner().invoke(main, ["check", local_server.url("/privacy"), "--allow-private", "--terms", "gpc",
                                       "--format", "json", "--letter", str(letter)])
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)["analyses"][0]
    assert analysis["extras"]["gpc"]["status"] == "supported"
    honour = next(v for v in analysis["verdicts"] if v["term_id"] == "honour-gpc")
    assert honour["verdict"] in ("honoured", "violated") and "gpc.json declares gpc: true" in honour["reason"]
    assert letter.read_text().startswith("To: 127.0.0.1\n")
