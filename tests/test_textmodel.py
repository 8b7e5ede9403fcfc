"""The fast prediction paths of textmodel give exactly the numbers of the scikit-learn reference.

Models are being retrained with this module, so "faster" must never mean "different":
every comparison here is bit-for-bit (array_equal), not approximate.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from contractlens.classify import flags
from contractlens.classify.textmodel import (
    DEFAULT_NGRAMS,
    LinearLabels,
    NgramTfidf,
    _vectorizer,
    l2_normalise_rows,
    normalise_text,
)

TRAINING = [
    "We may terminate your account at any time without notice.",
    "You agree that any dispute will be settled by binding arbitration in Delaware.",
    "The provider is not liable for any loss of data or profits.",
    "We may change these terms at any time by posting the new version on this page.",
    "Your use of the service after 30 days means that you accept the changes.",
    "We retain your messages for 90 days and then delete them.",
    "You grant us a worldwide, royalty-free licence to use your content.",
    "These terms are governed by the laws of the State of California.",
    "Subscriptions renew automatically unless you cancel before the renewal date.",
    "We do not sell your personal information to third parties.",
]
FIXED = [
    "We may terminate or suspend your account at any time, for any reason, without notice!",
    "Disputes are settled by arbitration; you waive any class action (see section 12.3).",
    "",
    "ok",
    "Naïve café users' data is kept for 365 days, then deleted.",
]


@pytest.fixture(scope="module")
def fitted() -> NgramTfidf:
    blocks = {name: dict(spec, min_df=1) for name, spec in DEFAULT_NGRAMS.items()}
    return NgramTfidf(blocks).fit(TRAINING)


def assert_same_csr(a, b) -> None:
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    a.sort_indices()
    b.sort_indices()
    assert a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # bit-identical, not approximately equal


def test_transform_is_bit_identical_to_sklearn(fitted):
    normalised = [normalise_text(t) for t in TRAINING]
    fixed = [normalise_text(t) for t in FIXED]
    expected = []
    for name, spec in fitted.blocks.items():
        reference = _vectorizer(spec).fit(normalised)
        assert fitted._fitted[name].vocabulary == reference.get_feature_names_out().tolist()
        expected.append(reference.transform(fixed))
    got = fitted.transform(FIXED)
    assert got.nnz > 0
    assert_same_csr(got, sp.hstack(expected, format="csr", dtype=np.float32))


def test_transform_survives_a_state_round_trip(fitted):
    meta, arrays = fitted.state("x.")
    assert_same_csr(NgramTfidf.from_state(meta, arrays, "x.").transform(FIXED), fitted.transform(FIXED))


def test_row_normalisation_matches_sklearn():
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(7)
    X = sp.random(40, 300, density=0.1, format="csr", dtype=np.float32, random_state=rng)
    X = sp.vstack([X, sp.csr_matrix((1, 300), dtype=np.float32)], format="csr")  # an empty row stays empty
    X.data *= rng.uniform(0.01, 50, X.nnz).astype(np.float32)
    expected = normalize(X)
    assert_same_csr(l2_normalise_rows(X.copy(), chunk=7), expected)


def test_decision_and_contributions_match_the_sparse_reference(fitted):
    X = fitted.transform(FIXED + TRAINING)
    rng = np.random.default_rng(3)
    coef = rng.normal(size=(3, X.shape[1])).astype(np.float32)
    coef[np.abs(coef) < 0.8] = 0.0  # pruned, as stored models are
    model = LinearLabels(["a", "b", "c"], coef, [0.1, -0.2, 0.0])
    expected = np.asarray((X @ model.coef.T).todense(), dtype=np.float32) + model.intercept
    assert np.array_equal(model.decision(X), expected)
    for row in range(X.shape[0]):
        x_row = X[row]
        values = coef[1, x_row.indices] * x_row.data
        reference = [(int(x_row.indices[i]), float(values[i])) for i in np.argsort(-values) if values[i] > 0]
        assert model.contributions(x_row, 1) == reference


def hits(sentence, rules=None):
    return [(flag, m.span(), m.group(0), negated) for flag, m, negated in flags.rule_matches(sentence, rules)]


def test_flag_prefilter_never_drops_a_firing_rule():
    clause = (
        "We do not sell your personal information. We keep your location data for 30 days; "
        "advertising partners may place cookies to show you targeted ads.\nChildren under 13 may not register."
    )
    candidates = flags.candidate_rules(clause)
    assert 0 < len(candidates) < len(flags.R.RULES)  # it filters, and keeps something
    for sentence in flags.sentences_of(clause):
        assert hits(sentence, candidates) == hits(sentence)
    assert [flag for flag, *_ in hits("We sell your data.")] == ["sale"]
    assert flags.candidate_rules("The weather is nice.") == []
    # characters that case-insensitive matching folds to ASCII: no pre-filtering then
    assert flags.candidate_rules("Wе ſell your data") == flags.R.RULES
    per_text = flags.candidate_rules_per_text(["We sell it.", "", "Nothing here.", "We use GPS and web beacons."])
    assert per_text == [flags.candidate_rules(t) for t in ["We sell it.", "", "Nothing here.", "We use GPS and web beacons."]]
    assert per_text[0] and per_text[3] and not per_text[2]


# A longer vocabulary exercise for the vectorised paths: repeated n-grams, words and n-grams
# outside the vocabulary, texts of one or two tokens (no trigram may span two texts).
LONGER_TRAINING = TRAINING + [
    "data data data is shared shared with partners partners, and data is sold.",
    "the the the terms terms of of service apply.",
    "we we may may may change change the terms.",
]
LONGER_FIXED = FIXED + [
    "data data data is shared shared with partners partners",
    "terms of service",
    "of service",
    "unknownword data is shared with unseen partners",
    "the the the the",
    "we",
    "may change the terms " * 20,
]


@pytest.fixture(scope="module")
def fitted_longer() -> NgramTfidf:
    blocks = {name: dict(spec, min_df=1) for name, spec in DEFAULT_NGRAMS.items()}
    return NgramTfidf(blocks).fit(LONGER_TRAINING)


def test_vectorised_word_and_char_counts_match_sklearn_on_repeats_and_unknown_words(fitted_longer):
    normalised = [normalise_text(t) for t in LONGER_TRAINING]
    fixed = [normalise_text(t) for t in LONGER_FIXED]
    expected = [
        _vectorizer(spec).fit(normalised).transform(fixed) for spec in fitted_longer.blocks.values()
    ]
    assert_same_csr(fitted_longer.transform(LONGER_FIXED), sp.hstack(expected, format="csr", dtype=np.float32))


def test_character_cache_reset_never_changes_the_numbers(fitted_longer):
    meta, arrays = fitted_longer.state()
    fresh = NgramTfidf.from_state(meta, arrays)
    char = fresh._fitted["char"]
    before = fresh.transform(LONGER_FIXED)
    cached = len(char._char_ids)
    assert cached > 0 and char._char_offsets[cached] <= len(char._char_columns)
    char.CACHE_TOKENS = cached  # any new word now overflows the cache: it is emptied before the next text
    odd = ["zebra quokka " * 3] + LONGER_FIXED
    assert_same_csr(fresh.transform(odd), fitted_longer.transform(odd))
    assert "zebra" in char._char_ids
    assert_same_csr(fresh.transform(["another unseen word"] + LONGER_FIXED),
                    fitted_longer.transform(["another unseen word"] + LONGER_FIXED))
    assert "zebra" not in char._char_ids and "unseen" in char._char_ids
    assert sorted(char._char_ids.values()) == list(range(len(char._char_ids)))  # ids stay dense
    assert_same_csr(fresh.transform(LONGER_FIXED), before)


def test_contributions_read_a_row_in_place_and_can_ignore_trailing_columns(fitted):
    X = fitted.transform(FIXED + TRAINING)
    rng = np.random.default_rng(5)
    coef = rng.normal(size=(2, X.shape[1])).astype(np.float32)
    model = LinearLabels(["a", "b"], coef, [0.0, 0.0])
    cut = X.shape[1] // 2
    for row in range(X.shape[0]):
        assert model.contributions(X, 0, row=row) == model.contributions(X[row], 0)
        assert model.contributions(X, 1, row=row, max_column=cut) == model.contributions(X[row, :cut], 1)


def test_readable_evidence_never_repeats_a_phrase():
    from contractlens.classify.textmodel import readable_evidence

    names = {0: ("word", "ads"), 1: ("char_wb", " ads "), 2: ("word", "we sell"), 3: ("word", "or"), 4: ("word", "00")}
    assert readable_evidence("ads", names.get, [(0, 1.0), (1, 0.5)]) == ["ads"]
    assert readable_evidence("We sell ads", names.get, [(2, 2.0), (0, 1.0), (1, 0.5)]) == ["we sell", "ads"]
    # stop-words and numbers are no reason a person can read
    assert readable_evidence("ads or 00", names.get, [(3, 3.0), (4, 2.0), (0, 1.0)]) == ["ads"]
