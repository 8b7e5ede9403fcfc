"""Learned harvesting flags: the literal gate of the rule pre-filter, fitting, combining with rules."""

from __future__ import annotations


import numpy as np
import pytest

from contractlens.classify.flags import detect_flags
from contractlens.classify.flags_learned import LearnedFlags, apply_learned
from contractlens.classify.persist import load_model, save_model
from contractlens.classify.textmodel import LinearLabels, NgramTfidf
from contractlens.types import Clause
from contractlens.training.flags import LEARNED_FLAGS, MODES, SHIPPED_MODES, FlagLearner, combine
from tests.test_flags import PINNED_NEGATIONS


@pytest.mark.parametrize("mode", MODES)
def test_combine_modes(mode):
    learned, rule = np.array([1, 1, 0, 0], bool), np.array([1, 0, 1, 0], bool)
    expected = {"learned": [1, 1, 0, 0], "rule": [1, 0, 1, 0], "or": [1, 1, 1, 0], "and": [1, 0, 0, 0]}[mode]
    assert combine(mode, learned, rule).astype(int).tolist() == expected


def _toy_data(n_policies: int = 12):
    """Three flags over two features. Flag 0: column 0 carries it, its rule catches half of it.
    Flag 1: the rule is perfect, the label has nothing to learn (the target is not in X).
    Flag 2: the label can learn it (column 1), its rule fires at random."""
    rng = np.random.default_rng(0)
    rows = 20 * n_policies
    X = rng.random((rows, 2)).astype(np.float32)
    targets = np.zeros((rows, len(LEARNED_FLAGS)), dtype=bool)
    targets[:, 0] = X[:, 0] > 0.7
    targets[:, 1] = rng.random(rows) > 0.9
    targets[:, 2] = X[:, 1] > 0.6
    rules = np.zeros_like(targets)
    rules[:, 0] = targets[:, 0] & (np.arange(rows) % 2 == 0)
    rules[:, 1] = targets[:, 1]
    rules[:, 2] = rng.random(rows) > 0.5
    groups = [f"p{i // 20}" for i in range(rows)]
    return X, targets, rules, groups


def _fit(modes):
    import scipy.sparse as sp

    X, targets, rules, groups = _toy_data()
    learner = FlagLearner(C=1.0, inner=3, modes=modes)
    fitted = learner.fit(sp.csr_matrix(X), targets, minority=np.zeros_like(targets), groups=groups, rules=rules)
    assert fitted is learner  # scikit-learn's convention: fit returns the estimator
    return learner, sp.csr_matrix(X), targets, rules


def test_the_shipped_choice_adds_a_label_only_where_the_rules_miss_something():
    """Between the rules alone and the label adding to them: each flag gets the one its data asks for."""
    learner, X, targets, rules = _fit(SHIPPED_MODES)
    assert learner.modes_[LEARNED_FLAGS[0]] == "or"  # the rule misses half of flag 0: the label adds it
    assert LEARNED_FLAGS[1] not in learner.modes_  # a perfect rule beside a label of noise: rules alone
    assert learner.modes_[LEARNED_FLAGS[2]] == "or"  # "learned" is not shipped: the label can only add
    assert learner.thresholds_.shape == (len(learner.modes_),)


def test_with_every_mode_allowed_a_label_overrules_a_rule_that_fires_at_random():
    learner, X, targets, rules = _fit(MODES)
    assert learner.modes_[LEARNED_FLAGS[2]] == "learned"  # "or"/"and" would keep the random rule's errors
    predicted = learner.predict(X, rules)
    assert predicted.shape == targets.shape
    column = 2
    assert (predicted[:, column] == targets[:, column]).mean() > 0.9 > (rules[:, column] == targets[:, column]).mean()
    untouched = [j for j, flag in enumerate(LEARNED_FLAGS) if flag not in learner.modes_]
    assert (predicted[:, untouched] == rules[:, untouched]).all()  # flags without a label: the rules decide


def test_fitted_flags_round_trip_through_the_model_files(tmp_path):
    learner, X, _, _ = _fit(SHIPPED_MODES)
    learned = learner.flags_
    meta, arrays = learned.state("flags_")
    save_model(tmp_path, {"flags": meta}, arrays)
    meta, arrays = load_model(tmp_path)
    again = LearnedFlags.from_state(meta["flags"], arrays, "flags_")
    assert again.modes == learned.modes
    assert np.array_equal(again.linear.thresholds, learner.thresholds_)  # the fitted cuts are what is stored
    assert np.allclose(again.linear.decision(X), learned.linear.decision(X))


def _verdicts_for(texts: list[str], modes: dict[str, str], weights: dict[str, dict[str, float]]):
    """Real n-gram features of `texts` and hand-set linear flag labels over them."""
    features = NgramTfidf({"word": {"analyzer": "word", "ngram_range": [1, 1], "min_df": 1}}).fit(texts)
    vocabulary = {features.feature_name(i)[1]: i for i in range(features.n_features)}
    flags = list(modes)
    coef = np.zeros((len(flags), features.n_features), dtype=np.float32)
    for j, flag in enumerate(flags):
        for word, value in weights[flag].items():
            coef[j, vocabulary[word]] = value
    learned = LearnedFlags(LinearLabels(flags, coef, [-0.1] * len(flags)), modes)
    return learned.verdicts(features.transform(texts), texts, features.n_features, features.feature_name, "toy-1")


def test_apply_learned_follows_each_flags_mode():
    texts = [
        "Advertisers show you ads about things you looked at, based on your browsing.",  # learned only: targeted_ads
        "We use targeted advertising.",  # rule only (the toy label does not know "targeted")
        "We do not collect your precise location from your device.",  # both: location, a denial
        "We collect your precise location to show nearby stores.",  # rule only: location
    ]
    clauses = [Clause(i, 0, len(t), t) for i, t in enumerate(texts)]
    verdicts = _verdicts_for(
        texts,
        {"targeted_ads": "or", "location": "and"},
        {"targeted_ads": {"ads": 1.0}, "location": {"device": 1.0}},
    )
    from contractlens.classify.flags import _clause_flags

    per_clause = [_clause_flags(c) for c in clauses]
    apply_learned(clauses, per_clause, verdicts)
    labels = [sorted(found) for found in per_clause]
    assert labels == [["targeted_ads"], ["targeted_ads"], ["location"], []]
    added = per_clause[0]["targeted_ads"]
    assert added.source == "toy-1" and added.polarity == "does" and added.evidence == ["ads"]
    assert per_clause[1]["targeted_ads"].source != "toy-1"  # the rule's own finding stays as it was
    assert per_clause[2]["location"].polarity == "does_not"  # polarity still comes from the rules


def test_a_label_never_asserts_a_denial():
    texts = ["We never show ads based on your interests.", "Our partners show ads based on your interests."]
    clauses = [Clause(i, 0, len(t), t) for i, t in enumerate(texts)]
    verdicts = _verdicts_for(texts, {"targeted_ads": "or"}, {"targeted_ads": {"ads": 1.0}})
    per_clause = [{} for _ in clauses]
    apply_learned(clauses, per_clause, verdicts)
    assert "targeted_ads" not in per_clause[0]  # negated evidence: left to the rules
    assert per_clause[1]["targeted_ads"].polarity == "does"


def test_combined_threshold_lets_the_label_add_only_what_rules_miss():
    from contractlens.training.flags import combined_threshold

    scores = np.array([0.9, 0.8, 0.7, 0.2, 0.1])
    gold = np.array([1, 1, 1, 0, 0], bool)
    rule = np.array([1, 0, 0, 0, 0], bool)
    cut = combined_threshold(scores, gold, rule, "or")
    assert 0.2 < cut <= 0.7
    assert combined_threshold(scores, gold, rule, "rule") == float("inf")


def test_without_model_findings_the_rules_alone_decide():
    text = "We do not sell your personal information."
    assert [(f.label, f.polarity) for f in detect_flags([Clause(0, 0, len(text), text)], "en")] == [
        ("sale", "does_not")
    ]


@pytest.fixture(scope="module")
def committed():
    from contractlens.classify.practices import Classifier
    from contractlens.classify.registry import default_model_dir

    directory = default_model_dir("practices")
    if not (directory / "manifest.json").is_file():
        pytest.skip("no committed practices model in models/practices")
    classifier = Classifier.load(directory)
    if classifier.flags is None:
        pytest.skip("the committed practices model has no learned flags")
    return classifier


def _scan_flags(classifier, texts: list[str]) -> list[dict]:
    """Flags per clause as a scan gets them: the rules plus the practices model's learned labels."""
    clauses = [Clause(i, 0, len(t), t) for i, t in enumerate(texts)]
    found = detect_flags(clauses, "en", model=classifier)
    return [{f.label: f for f in found if f.clause_index == i} for i in range(len(texts))]


def test_scan_path_keeps_the_pinned_negations(committed):
    cases = PINNED_NEGATIONS + [("We do not use your browsing history for targeted advertising.", "targeted_ads", "does_not")]
    per_clause = _scan_flags(committed, [text for text, _, _ in cases])
    for (text, flag, polarity), found in zip(cases, per_clause):
        assert flag in found and found[flag].polarity == polarity, text


def test_scan_path_adds_what_the_rules_miss(committed):
    text = "We may share your information with our parent company and affiliated companies."
    rules_only = {f.label for f in detect_flags([Clause(0, 0, len(text), text)], "en")}
    found = _scan_flags(committed, [text])[0]
    assert "partner_sharing" not in rules_only and "partner_sharing" in found
    finding = found["partner_sharing"]
    assert finding.source == committed.version and finding.polarity == "does" and finding.evidence
    assert finding.evidence[0] in text.lower()
