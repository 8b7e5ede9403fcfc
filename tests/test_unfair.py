"""Unfair-clause classifier: committed model behaviour, persistence, and train/evaluate commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from contractlens.classify.registry import default_model_dir
from contractlens.classify.textmodel import LinearLabels, NgramTfidf, best_threshold
from contractlens.evaluation.metrics import label_metrics
from contractlens.classify.unfair import Classifier
from contractlens.cli import main
from contractlens.errors import ModelError
from contractlens.taxonomy import UNFAIR
from contractlens.types import Clause

MODEL_DIR = default_model_dir("unfair")

# Unmistakable clauses written for these tests, with the category each must be flagged with.
CLEAR_CLAUSES = {
    "en": [
        ("Any dispute arising from these terms shall be resolved exclusively by binding arbitration.", "a"),
        ("We reserve the right to modify these terms at any time at our sole discretion.", "ch"),
        ("These terms are governed by the laws of the State of California.", "law"),
        ("By using the service you agree to be bound by these terms.", "use"),
        ("We may suspend or terminate your account at any time for any reason without notice.", "ter"),
        ("In no event shall we be liable for any indirect, incidental or consequential damages.", "ltd"),
        ("We may remove any content you post at any time without notice, at our sole discretion.", "cr"),
        ("You agree that the courts of Dublin, Ireland have exclusive jurisdiction over any dispute.", "j"),
        ("Our Privacy Policy forms part of these Terms and by accepting these Terms you agree to it.", "pinc"),
        ("You agree to resolve any dispute with us through individual arbitration administered by JAMS, "
         "not in a class action.", "a"),
    ],
    "de": [
        ("Diese Bedingungen unterliegen dem Recht der Republik Irland.", "law"),
        ("Wir können diese Bedingungen jederzeit nach eigenem Ermessen ändern.", "ch"),
        ("Durch die Nutzung des Dienstes erklärst du dich mit diesen Bedingungen einverstanden.", "use"),
        ("Wir haften nicht für indirekte Schäden, entgangenen Gewinn oder Folgeschäden.", "ltd"),
    ],
    "it": [
        ("I presenti termini sono disciplinati dalla legge dello Stato della California.", "law"),
        ("Possiamo modificare i presenti termini in qualsiasi momento a nostra esclusiva discrezione.", "ch"),
        ("Utilizzando il servizio, accetti di essere vincolato dai presenti termini.", "use"),
        ("In nessun caso saremo responsabili per danni indiretti, incidentali o consequenziali.", "ltd"),
    ],
    "pl": [
        ("Niniejsze warunki podlegają prawu stanu Kalifornia.", "law"),
        ("Możemy zmienić niniejsze warunki w dowolnym momencie według własnego uznania.", "ch"),
        ("Korzystając z usługi, akceptujesz niniejsze warunki.", "use"),
        ("W żadnym wypadku nie ponosimy odpowiedzialności za szkody pośrednie lub wynikowe.", "ltd"),
    ],
}
NEUTRAL = "Our office is open from nine to five and you can reach the support team by telephone."


def _clauses(texts: list[str]) -> list[Clause]:
    return [Clause(index=i, start=0, end=len(t), text=t) for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def classifier():
    if not (MODEL_DIR / "manifest.json").is_file():
        pytest.fail(f"the committed unfair model is missing from {MODEL_DIR}")
    return Classifier.load(MODEL_DIR)


@pytest.mark.parametrize("lang", sorted(CLEAR_CLAUSES))
def test_committed_model_flags_clear_clauses(classifier, lang):
    cases = CLEAR_CLAUSES[lang]
    findings = classifier.predict(_clauses([text for text, _ in cases] + [NEUTRAL]), lang)
    flagged = {(f.clause_index, f.label) for f in findings}
    missed = [(text, label) for i, (text, label) in enumerate(cases) if (i, label) not in flagged]
    assert not missed, f"{lang}: not flagged with the expected category: {missed}"
    assert not [f for f in findings if f.clause_index == len(cases)], "a neutral sentence was flagged"


def test_findings_are_well_formed(classifier):
    text = "We may terminate your account at any time, for any reason, without notice."
    findings = classifier.predict(_clauses([text]), "en")
    assert findings
    for finding in findings:
        assert finding.kind == "unfair" and finding.label in UNFAIR
        assert finding.level in (2, 3)
        assert 0.5 <= finding.score <= 1.0
        assert finding.source == classifier.version and classifier.version.startswith("unfair-")
        assert UNFAIR[finding.label].description in finding.explanation
        assert 1 <= len(finding.evidence) <= 5
        # evidence is made of words that occur in the clause
        assert all(word in text.lower() for phrase in finding.evidence for word in phrase.split())


def test_empty_input_gives_no_findings(classifier):
    assert classifier.predict([], "en") == []


def test_unknown_language_falls_back_to_english(classifier):
    clause = CLEAR_CLAUSES["en"][0][0]
    assert {f.label for f in classifier.predict(_clauses([clause]), "xx")} == {"a"}


def _tiny_corpus_model(tmp_path: Path):
    texts = [
        "we may terminate your account at any time",
        "we may end your account whenever we like",
        "the service is provided by an example company",
        "you can contact us by email",
        "these terms are governed by the laws of england",
        "the laws of ireland govern these terms",
    ] * 3
    Y = np.array([[1, 0], [1, 0], [0, 0], [0, 0], [0, 1], [0, 1]] * 3, dtype=np.int8)
    vectorizer = NgramTfidf({"word": {"analyzer": "word", "ngram_range": [1, 2], "min_df": 1}})
    X = vectorizer.fit_transform(texts)
    scorer = LinearLabels.fit(["ter", "law"], X, Y, C=1.0)
    return texts, vectorizer, scorer


def test_text_model_state_round_trip(tmp_path):
    from contractlens.classify.persist import load_model, save_model

    texts, vectorizer, scorer = _tiny_corpus_model(tmp_path)
    meta_v, arrays = vectorizer.state("v.")
    meta_s, arrays_s = scorer.state("s.")
    save_model(tmp_path / "m", {"vec": meta_v, "cat": meta_s}, {**arrays, **arrays_s})
    meta, loaded = load_model(tmp_path / "m")
    vectorizer2 = NgramTfidf.from_state(meta["vec"], loaded, "v.")
    scorer2 = LinearLabels.from_state(meta["cat"], loaded, "s.")
    np.testing.assert_allclose(scorer2.decision(vectorizer2.transform(texts)), scorer.decision(vectorizer.transform(texts)), atol=1e-6)
    assert scorer.predict(vectorizer.transform(["we may terminate your account"]))[0].tolist() == [1, 0]


def test_tampered_model_is_refused(tmp_path, classifier):
    copy = tmp_path / "unfair"
    shutil.copytree(MODEL_DIR, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["version"] = "unfair-forged"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="sha256"):
        Classifier.load(copy)


def test_model_trained_with_other_phrase_patterns_is_refused(classifier):
    from contractlens.classify.unfair import LanguageModel

    meta = dict(classifier.meta["languages"]["en"], phrase_patterns="000000000000")
    with pytest.raises(ModelError, match="phrase patterns"):
        LanguageModel.from_state("en", meta, classifier._arrays)


def test_best_threshold_and_metrics():
    scores = np.array([2.0, 1.5, 0.2, -0.1, -1.0])
    y = np.array([1, 1, 1, 0, 0])
    cut = best_threshold(scores, y)
    assert -0.1 < cut < 0.2
    metrics = label_metrics(["x"], y[:, None], (scores >= cut).astype(int)[:, None])
    assert metrics["per_label"]["x"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 3}


def test_evaluate_refuses_a_non_corpus_directory(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "unfair", "--corpus", str(tmp_path)])
    assert result.exit_code == 2
    assert "CLAUDETTE" in result.output or "CLAUDETTE" in getattr(result, "stderr", "")


@pytest.mark.parametrize(
    "lang, text, group",
    [
        ("en", "You agree that our Privacy Policy forms part of these Terms.", "privacy_consent"),
        ("de", "Unsere Datenschutzerklärung ist Bestandteil dieser Bedingungen.", "privacy_consent"),
        ("it", "Ci riserviamo il diritto di sospendere il servizio in qualsiasi momento.", "discretion"),
        ("pl", "Spory rozstrzyga sąd właściwy dla siedziby spółki.", "courts"),
    ],
)
def test_phrase_features_fire_per_language(lang, text, group):
    from contractlens.classify.features import GROUPS, phrase_match, phrase_matrix

    column = GROUPS.index(group)
    row = phrase_matrix([text, "Hello."], lang, weight=0.3).toarray()
    assert row[0, column] == pytest.approx(0.3) and row[1].sum() == 0
    assert phrase_match(text, lang, column) in text.lower()
