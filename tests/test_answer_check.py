"""The learned answer check (classify/answer_check.py, training/answer_check.py): what it learns,
how it is stored and loaded, and where it runs in the flow. Invented clauses, no corpus."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

import contractlens
from contractlens.classify.answer_check import Classifier
from contractlens.classify.persist import save_model
from contractlens.cli import main
from contractlens.errors import ModelError
from contractlens.training.answer_check import ENCODER_THRESHOLD, THRESHOLDS, Judgement, choose_rule, fit_check
from contractlens.types import Clause, Finding

BILLING = "You authorize us to charge your payment method for the {} plan fees at the start of each billing period."
COLLECTED = "We collect your card number and billing address when you buy the {} plan, and our processor keeps them."
COOKIES = "We place our own {} cookie to keep you signed in."
PIXELS = "Advertising partners place their {} pixels on our pages to follow you across sites."
NAMES = ["basic", "family", "pro", "team", "student", "annual", "monthly", "starter", "plus", "premium",
         "gold", "silver", "bronze", "trial", "business", "school", "creator", "studio", "travel", "home"]


def _rows() -> list[Judgement]:
    """Financial answers: billing terms wrong, collection right; tracking: own cookie wrong, partners right.
    Every answer of a third question ("sale") is right: there is nothing for the check to learn there."""
    rows = []
    for n, name in enumerate(NAMES):
        service = f"Service {n % 10}"
        rows.append(Judgement(service, "Terms of Service", "financial", "not evidence", "does", BILLING.format(name), "does"))
        rows.append(Judgement(service, "Privacy Policy", "financial", "does", "does", COLLECTED.format(name), "does"))
        rows.append(Judgement(service, "Privacy Policy", "third_party_tracking", "not evidence", "does",
                              COOKIES.format(name), "does"))
        rows.append(Judgement(service, "Privacy Policy", "third_party_tracking", "does", "does", PIXELS.format(name), "does"))
        rows.append(Judgement(service, "Privacy Policy", "sale", "does", "does",
                              f"We sell the {name} audience lists we build from your data.", "does"))
    return rows


def _finding(label: str, index: int, kind: str = "flag") -> Finding:
    return Finding(kind=kind, label=label, clause_index=index, score=0.9, source="flag-rules-1",
                   explanation="", evidence=[], polarity="does" if kind == "flag" else None)


def test_the_check_drops_the_kind_of_answer_it_learned_is_wrong():
    check = fit_check(_rows(), threshold=0.5)
    clauses = [Clause(index=0, text=BILLING.format("weekend"), start=0, end=1),
               Clause(index=1, text=COLLECTED.format("weekend"), start=0, end=1)]
    findings = [_finding("financial", 0), _finding("financial", 1), _finding("arbitration", 0, kind="unfair")]
    kept = check.keep(findings, clauses)
    assert [(f.kind, f.label, f.clause_index) for f in kept] == [("flag", "financial", 1), ("unfair", "arbitration", 0)]
    # never adds, never changes a finding it keeps
    assert all(any(f is g for g in findings) for f in kept)


def test_a_question_the_check_does_not_read_passes_untouched():
    check = fit_check(_rows(), threshold=0.5, checked=["third_party_tracking"])
    clauses = [Clause(index=0, text=BILLING.format("weekend"), start=0, end=1)]
    assert check.keep([_finding("financial", 0)], clauses) == [_finding("financial", 0)]
    assert check.keep([_finding("location", 0)], clauses) == [_finding("location", 0)]  # never trained on


def test_the_rule_is_chosen_on_held_out_services_and_checks_only_where_it_helps():
    threshold, checked = choose_rule(_rows())
    assert threshold in THRESHOLDS
    assert set(checked) == {"financial", "third_party_tracking"}  # every "sale" answer is right: nothing to gain


def test_a_saved_check_loads_to_the_same_probabilities(tmp_path):
    check = fit_check(_rows(), threshold=0.45, checked=["financial"])
    save_model(tmp_path / "answers", *check.state())
    loaded = Classifier.load(tmp_path / "answers")
    texts = [BILLING.format("x"), COLLECTED.format("y"), PIXELS.format("z")]
    asked, polarities = ["financial", "financial", "third_party_tracking"], ["does"] * 3
    assert np.array_equal(loaded.probabilities(texts, asked, polarities, [False] * 3),
                          check.probabilities(texts, asked, polarities, [False] * 3))
    assert (loaded.version, loaded.threshold, loaded.checked) == (check.version, 0.45, ["financial"])
    meta = json.loads((tmp_path / "answers" / "meta.json").read_text())
    meta["name"] = "practices"
    save_model(tmp_path / "other", meta, dict(np.load(tmp_path / "answers" / "arrays.npz")))
    with pytest.raises(ModelError, match="answer check"):
        Classifier.load(tmp_path / "other")


def test_the_version_names_the_rule_too():
    rows = _rows()
    assert fit_check(rows, 0.5).version != fit_check(rows, 0.55).version
    assert fit_check(rows, 0.5).version == fit_check(rows, 0.5).version


def test_the_committed_check_runs_in_check_and_is_recorded(tmp_path):
    page = tmp_path / "terms.txt"
    page.write_text("These terms of service form an agreement between you and Acme about the service and your "
                    "account.\n\nWe collect your name, email address and payment card details when you subscribe, "
                    "and we share your location with advertising partners.", encoding="utf-8")
    for extra, reader in (([], "answer-check-minilm-"), (["--fast"], "answer-check-lr-")):
        result = CliRunner().invoke(main, ["check", str(page), "--format", "json", *extra])
        assert result.exit_code == 0, result.output
        analysis = json.loads(result.output)["analyses"][0]
        assert analysis["model_versions"]["answers"].startswith(reader)  # --fast: the linear reader, no encoder
        assert "answers" not in {reader["name"] for reader in analysis["coverage"]["readers"]}


def test_the_check_removes_only_flag_findings_of_the_rules(tmp_path):
    """Whole flow, committed model: what the check leaves is a subset of what the rules found."""
    page = tmp_path / "terms.txt"
    page.write_text("These terms of service form an agreement between you and Acme.\n\n"
                    + BILLING.format("family") + "\n\n" + COLLECTED.format("family") + "\n\n"
                    + "If you are under 13, ask a parent to read these terms with you.", encoding="utf-8")
    ruled = contractlens.analyze(str(page), lang="en", models=("unfair", "practices"))
    checked = contractlens.analyze(str(page), lang="en")
    key = lambda f: (f.kind, f.label, f.clause_index, f.polarity)  # noqa: E731
    assert {key(f) for f in checked.findings if f.kind == "flag"} <= {key(f) for f in ruled.findings if f.kind == "flag"}
    assert {key(f) for f in checked.findings if f.kind == "practice"} == {key(f) for f in ruled.findings if f.kind == "practice"}
    assert "answers" in checked.model_versions and "answers" not in ruled.model_versions


@pytest.mark.parametrize("args,message", [
    (["train", "answers", "--corpus", "."], "--set FILE"),
    (["train", "practices", "--corpus", ".", "--set", "x.jsonl"], "--set FILE"),
    (["train", "answers", "--corpus", ".", "--set", "no-such-set.jsonl"], "labelled set not found"),
    (["evaluate", "flags", "--corpus", ".", "--set", "a.jsonl", "--set", "b.jsonl"], "several go with --cv"),
])
def test_wrong_options_are_one_line_errors(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_explain_says_which_answers_the_check_read(tmp_path):
    page = tmp_path / "terms.txt"
    page.write_text("These terms of service form an agreement between you and Acme about the service and your "
                    "account.\n\nWe share your location with advertising partners, who use it to show you ads.\n\n"
                    "We do not sell your personal information to anyone.", encoding="utf-8")
    check = contractlens.analyze(str(page), lang="en")
    rows = {row["key"]: row for row in check.extras["data_practices"]}
    version = check.model_versions["answers"]
    assert rows["share"]["answer"] == "yes" and rows["share"]["basis"].endswith(f"; kept by the answer check {version}")
    assert rows["sell"]["answer"] == "no" and "answer check" in rows["sell"]["basis"]
    from contractlens.classify.registry import get_model

    reads_location = get_model("answers").reads("location", version)  # the encoder reads every question
    assert rows["location"]["answer"] == "yes" and ("answer check" in rows["location"]["basis"]) == reads_location
    ruled = contractlens.analyze(str(page), lang="en", models=("unfair", "practices"))
    assert all("answer check" not in row["basis"] for row in ruled.extras["data_practices"])
    shown = CliRunner().invoke(main, ["check", str(page), "--explain"])
    assert shown.exit_code == 0 and f"kept by the answer check {version}" in shown.output


def test_evaluate_set_scores_a_candidate_check_given_with_model(tmp_path):
    """`evaluate flags --set FILE --model DIR` scores another check than the committed one (a candidate,
    before it is committed), on the same analysis; a folder that holds no answer check is a one-line error."""
    from contractlens.classify.registry import default_model_dir
    from contractlens.training.datasets.data_answers import clause_sha1, normalised_words

    clauses = [BILLING.format("gold"), COLLECTED.format("gold")]
    document = tmp_path / "ota" / "versions" / "Acme" / "Terms of Service.md"
    document.parent.mkdir(parents=True)
    document.write_text("# Terms\n\n" + "\n\n".join(clauses) + "\n", encoding="utf-8")
    judged = [(clauses[0], "not evidence"), (clauses[1], "does")]
    labelled = tmp_path / "set.jsonl"
    labelled.write_text("".join(json.dumps({
        "service": "Acme", "terms_type": "Terms of Service", "anchor": " ".join(normalised_words(text).split()[:8]),
        "clause_sha1": clause_sha1(text), "question": "financial", "answer": answer}) + "\n" for text, answer in judged),
        encoding="utf-8")
    check = fit_check(_rows(), threshold=0.5)
    save_model(tmp_path / "candidate", *check.state())
    args = ["evaluate", "flags", "--corpus", str(tmp_path / "ota"), "--set", str(labelled), "--format", "json"]
    result = CliRunner().invoke(main, args + ["--model", str(tmp_path / "candidate")])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["without_check"]["check"] == check.version
    assert scores["without_check"]["per_label"]["financial"]["answered"] == 2  # the rules answer both
    assert scores["per_label"]["financial"]["answered"] == 1 and scores["per_label"]["financial"]["precision"] == 1.0
    committed = json.loads(CliRunner().invoke(main, args).output)["without_check"]["check"]
    assert committed != check.version
    wrong = CliRunner().invoke(main, args + ["--model", str(default_model_dir("encoder"))])
    assert wrong.exit_code == 2 and "does not hold" in wrong.output and "Traceback" not in wrong.output
    both = CliRunner().invoke(main, args + ["--model", str(tmp_path / "candidate"), "--cv", "2"])
    assert both.exit_code == 2 and "leave out --model" in both.output


@pytest.mark.timeout(600)
def test_train_answers_writes_both_readers_and_fast_picks_the_linear_one(tmp_path):
    """`train answers` on a tiny OTA-layout corpus: the linear reader and a fine-tuned encoder (two steps:
    the recipe's path, not a model to ship) in one folder, every file in the manifest; the encoder reads
    by default and names its version, `--fast` the linear model; `train answers --fast` leaves no graph."""
    pytest.importorskip("torch", reason="the [train] extra is not installed")
    from contractlens.classify.encoder import ONNX_FILE, TOKENIZER_FILE
    from contractlens.training.datasets.data_answers import clause_sha1, normalised_words

    rows = []
    for n, name in enumerate(NAMES[:12]):
        service = f"Service {n}"
        clauses = [BILLING.format(name), COLLECTED.format(name)]
        document = tmp_path / "ota" / "versions" / service / "Terms of Service.md"
        document.parent.mkdir(parents=True)
        document.write_text("# Terms\n\n" + "\n\n".join(clauses) + "\n", encoding="utf-8")
        for text, answer in zip(clauses, ("not evidence", "does")):
            rows.append({"service": service, "terms_type": "Terms of Service", "question": "financial", "answer": answer,
                         "anchor": " ".join(normalised_words(text).split()[:8]), "clause_sha1": clause_sha1(text)})
    labelled = tmp_path / "set.jsonl"
    labelled.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "answers"
    result = CliRunner().invoke(main, ["train", "answers", "--corpus", str(tmp_path / "ota"), "--set", str(labelled),
                                       "--out", str(out), "--encoder-steps", "2"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["files"]) == {"arrays.npz", "meta.json", ONNX_FILE, TOKENIZER_FILE}
    check = Classifier.load(out)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["encoder"]["recipe"]["max_steps"] == 2 and meta["encoder"]["threshold"] == ENCODER_THRESHOLD
    assert check.version_for(True).startswith("answer-check-minilm-") and check.version_for(False) == check.version
    p = check.encoder_probabilities([BILLING.format("gold")], ["financial"], ["does"])
    assert p.shape == (1,) and 0.0 <= p[0] <= 1.0
    args = ["evaluate", "flags", "--corpus", str(tmp_path / "ota"), "--set", str(labelled), "--model", str(out),
            "--format", "json"]
    by_encoder = json.loads(CliRunner().invoke(main, args).output)
    by_linear = json.loads(CliRunner().invoke(main, args + ["--fast"]).output)
    assert by_encoder["without_check"]["check"] == check.version_for(True)
    assert by_linear["without_check"]["check"] == check.version
    assert by_linear["per_label"]["financial"]["answered"] <= by_linear["without_check"]["per_label"]["financial"]["answered"]
    fast = CliRunner().invoke(main, ["train", "answers", "--corpus", str(tmp_path / "ota"), "--set", str(labelled),
                                     "--out", str(out), "--fast"])
    assert fast.exit_code == 0, fast.output
    assert not (out / ONNX_FILE).exists() and Classifier.load(out).encoder is None
