"""Practice classifier, OPP-115 loader, document type and the data-practice summary."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from contractlens.assess.practices_summary import summarize_data_practices
from contractlens.classify.flags import detect_flags
from contractlens.classify.practices import LABELS, Classifier
from contractlens.classify.registry import default_model_dir
from contractlens.cli import main
from contractlens.training.datasets.opp115 import CONSOLIDATION, load_segments, strip_html
from contractlens.types import Analysis, Clause, Document, Finding


def _write_tiny_corpus(root):
    """Two segments and three annotators, written here: one majority label, one minority."""
    (root / "sanitized_policies").mkdir(parents=True)
    (root / CONSOLIDATION).mkdir(parents=True)
    (root / "sanitized_policies" / "1_example.com.html").write_text(
        "Privacy <br> We collect your e-mail address &amp; name.|||We may change this policy. <br>", encoding="utf-8"
    )
    rows = [
        ["1", "b", "a1", "1", "0", "First Party Collection/Use", '{"Does/Does Not": {"value": "Does"}}', "", ""],
        ["2", "b", "a2", "1", "0", "First Party Collection/Use", '{"Does/Does Not": {"value": "Does"}}', "", ""],
        ["3", "b", "a3", "1", "1", "Policy Change", "{}", "", ""],
    ]
    import csv

    with (root / CONSOLIDATION / "1_example.com.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_loader_applies_majority_rule_and_strips_html(tmp_path):
    _write_tiny_corpus(tmp_path)
    first, second = load_segments(tmp_path)
    assert first.text == "Privacy\nWe collect your e-mail address & name."
    assert first.labels == {"first_party"} and first.annotators == {"first_party": 2}
    assert first.has_attribute("first_party", "Does/Does Not", "Does")
    assert second.labels == set() and second.annotators == {"policy_change": 1}
    assert strip_html("a<br/>b <b>c</b>") == "a\nb c"


def test_bad_corpus_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "practices", "--corpus", str(tmp_path)])
    assert result.exit_code == 2
    assert "not an OPP-115 corpus" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def committed():
    directory = default_model_dir("practices")
    if not (directory / "manifest.json").is_file():
        pytest.skip("no committed practices model in models/practices")
    return Classifier.load(directory)


def _clauses(*texts, heading=""):
    return [Clause(i, 0, len(t), t, [heading] if heading else []) for i, t in enumerate(texts)]


def test_committed_model_labels_own_sentences(committed):
    clauses = _clauses(
        "We collect your name, email address and the pages you visit when you use our website.",
        "We may share your information with advertising partners and analytics companies.",
        "We will post any changes to this privacy policy on this page and notify you by email.",
        "We use SSL encryption and firewalls to protect your information from unauthorised access.",
    )
    findings = committed.predict(clauses, "en")
    by_clause = {i: {f.label for f in findings if f.clause_index == i} for i in range(len(clauses))}
    assert "first_party" in by_clause[0]
    assert "third_party" in by_clause[1]
    assert "policy_change" in by_clause[2]
    assert "security" in by_clause[3]
    for f in findings:
        assert f.kind == "practice" and f.label in LABELS and 0 <= f.score <= 1
        assert f.source == committed.version and f.explanation


def test_do_not_track_rule_is_unioned(committed):
    findings = committed.predict(_clauses("Our site does not respond to DNT browser settings."), "en")
    assert "dnt" in {f.label for f in findings}
    assert [f.evidence[0] for f in findings if f.label == "dnt"] == ["DNT"]


RETENTION_TEXTS = [
    "We keep your server logs for 90 days and then delete them.",  # a stated period
    "We retain account data for as long as your account is active.",
    "We will not retain your card number for longer than 12 months.",  # a denial is still a period
    "We store your data on servers in Ireland.",  # storage, no period
    "Session cookies expire when you close your browser after 30 days.",  # vetoed by the rule
]


def test_retention_rule_hits_stated_periods_only():
    from contractlens.classify.flags import rule_hits

    assert rule_hits(RETENTION_TEXTS, ["retention_period"])[:, 0].tolist() == [True, True, True, False, False]
    assert rule_hits([], ["retention_period"]).shape == (0, 1)


def test_retention_rule_is_unioned_whatever_the_model_scores(committed):
    import copy

    model = copy.deepcopy(committed.model)
    model.linear.thresholds = np.full(len(LABELS), np.inf)  # the model alone fires nothing
    retention = LABELS.index("retention")
    fired = model.fire(RETENTION_TEXTS)
    assert fired[:, retention].tolist() == [True, True, True, False, False]
    assert not np.delete(fired, [retention, LABELS.index("dnt")], axis=1).any()
    model.recipe["retention_rule"] = False  # a model trained without the rule keeps the model's say
    assert not model.fire(RETENTION_TEXTS)[:, retention].any()
    findings = committed.predict(_clauses(RETENTION_TEXTS[0]), "en")
    # the rule's own words lead the evidence: the trigger and the period it states
    assert any(f.label == "retention" and f.score >= 0.9 and f.evidence[:2] == ["keep", "90 days"] for f in findings)


def test_summary_answers_each_question_with_evidence():
    texts = [
        "We do not sell your personal information.",
        "We retain account data for 30 days after you close your account.",
        "We do not respond to Do Not Track signals.",
        "We show you interest-based advertising with our partners' cookies.",
    ]
    clauses = _clauses(*texts)
    analysis = Analysis(document=Document(source="x", text="\n".join(texts)), clauses=clauses)
    analysis.findings = [Finding("practice", "first_party", 3, 0.8, "test")]
    analysis.findings += detect_flags(clauses, "en")
    rows = {row["key"]: row for row in summarize_data_practices(analysis)}
    json.dumps(list(rows.values()))  # JSON-able
    assert rows["sell"]["answer"] == "no" and rows["sell"]["clause_index"] == 0 and not rows["sell"]["important"]
    assert rows["sell"]["quote"].startswith("We do not sell")
    assert rows["retention"]["answer"] == "bounded (30 days)"
    assert rows["dnt_gpc"]["answer"] == "ignored" and rows["dnt_gpc"]["important"]
    assert rows["targeted_ads"]["answer"] == "yes" and rows["targeted_ads"]["clause_index"] == 3
    assert rows["collect"]["answer"] == "yes"
    assert rows["biometric"] == {
        "key": "biometric", "question": rows["biometric"]["question"], "answer": "not mentioned",
        "clause_index": None, "quote": "", "important": False, "evidence": [], "basis": "",
    }
    assert rows["access"]["answer"] == "not mentioned" and rows["access"]["important"]


def test_summary_without_retention_or_signals_says_so():
    analysis = Analysis(document=Document(source="x", text=""), clauses=[])
    rows = {row["key"]: row for row in summarize_data_practices(analysis)}
    assert rows["retention"]["answer"] == "unstated" and rows["dnt_gpc"]["answer"] == "silent"


def test_context_features_stay_inside_each_document():
    import numpy as np
    import scipy.sparse as sp

    from contractlens.classify.practices_rows import context_features, neighbour_masks
    from contractlens.training.practices import training_weights

    groups = ["a", "a", "a", "b", "b"]
    has_prev, has_next, position = neighbour_masks(groups)
    assert has_prev.tolist() == [False, True, True, False, True]
    assert has_next.tolist() == [True, True, False, True, False]
    assert position.tolist() == [0.0, 0.5, 1.0, 0.0, 1.0]
    X = sp.csr_matrix(np.eye(5, dtype=np.float32))
    extra = context_features(X, groups, 0.5).toarray()
    previous, following = extra[:, :5], extra[:, 5:10]
    assert previous[1].tolist() == [0.5, 0, 0, 0, 0] and not previous[3].any()  # "b" starts fresh
    assert following[2].sum() == 0 and following[3].tolist() == [0, 0, 0, 0, 0.5]
    votes = np.array([[0, 1], [2, 3]])
    assert training_weights(votes, {"drop_minority_negatives": True}).tolist() == [[1.0, 0.0], [1.0, 1.0]]
    assert training_weights(votes, {}) is None


def test_committed_model_evidence_is_the_clauses_own_words(committed):
    clause = "Children under 13 may not create an account, and we do not knowingly collect their data."
    findings = committed.predict(_clauses("We use cookies on our website.", clause), "en")
    from contractlens.classify.textmodel import normalise_text

    own = [f for f in findings if f.clause_index == 1]
    assert own, "the children's clause got no practice label"
    for finding in own:
        assert finding.evidence
        for phrase in finding.evidence:
            assert phrase.split()[0] in normalise_text(clause)


def test_summary_retention_from_a_learned_flag_without_a_period():
    text = "Information is kept in our archives, as described in our records policy."
    analysis = Analysis(document=Document(source="x", text=text), clauses=_clauses(text))
    analysis.findings = [Finding("flag", "retention_period", 0, 0.7, "practices-test", polarity="does", evidence=["kept"])]
    rows = {row["key"]: row for row in summarize_data_practices(analysis)}
    assert rows["retention"]["answer"] == "mentioned, no period found" and rows["retention"]["important"]
    assert rows["retention"]["clause_index"] == 0 and rows["retention"]["quote"].startswith("Information is kept")


def test_context_rows_score_like_the_materialised_matrix():
    from contractlens.classify.registry import get_model

    model = get_model("practices").model
    texts = [
        "Privacy Policy",
        "We collect your e-mail address when you register.",
        "We share it with advertising partners.",
        "You can delete your account at any time.",
        "Contact us at privacy@example.com.",
        "Children under 13 may not use the service.",
    ]
    groups = ["a", "a", "a", "b", "b", "b"]
    rows = model.rows(texts, groups)
    full = rows.materialise()
    assert rows.shape == full.shape
    assert np.allclose(model.linear.decision(rows), model.linear.decision(full), atol=1e-4)
    assert not np.allclose(model.linear.decision(rows), model.linear.decision(model.rows(texts)), atol=1e-4)


def test_summary_of_a_document_in_a_language_the_flags_do_not_read_says_not_checked():
    from contractlens import analyze_document

    texts = ["Nous vendons vos données personnelles à nos partenaires.", "Vous pouvez supprimer votre compte."]
    text = "\n\n".join(texts)
    analysis = analyze_document(Document(source="x", text=text, language="fr"))
    assert not analysis.findings_of("practice") and not analysis.findings_of("flag")  # the English model stays silent
    rows = {row["key"]: row for row in summarize_data_practices(analysis)}
    for key in ("collect", "sell", "retention", "dnt_gpc", "access"):
        assert rows[key]["answer"].startswith("not checked") and not rows[key]["important"]
        assert "not read in French" in rows[key]["answer"]
