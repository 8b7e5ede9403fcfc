"""A learned check on the data answers: is a flag finding really evidence of what it claims?

The flag rules read who acts, on what and with which polarity, yet whole kinds of clause keep
passing them that a person does not count as an answer about their data: a billing term of
terms of service read as "financial data", a first-party pixel as third-party tracking, advice
to parents as data about children. Hand-labelled clauses of real documents (the sets in
tests/fixtures/data_answers, `contractlens train answers`) show those kinds, so a logistic
model over the clause's words learns them: per flag finding, the probability that its answer is
right. Below the threshold chosen inside the training folds, the finding is dropped (the clause
is no evidence). The check only removes findings: it never adds one, changes a polarity or a
retention period, and touches no other kind of finding.

Two readers, trained on the same judgements. The default is a fine-tuned all-MiniLM-L6-v2 run with
ONNX Runtime (`encoder_text`: the question, the polarity and the clause, read together), which
carries to services it never saw better than word counts do (models/answers/model-card.md). The
linear one runs where the encoders are left out (`--fast`): word 1-2-gram TF-IDF of the clause,
once shared by all questions and once per question (what makes a "financial" answer wrong is not
what makes a "children" one wrong), plus the question, the polarity and whether the learned flag
label (not a rule) gave the finding.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..types import Clause, Finding
from .persist import load_model
from .textmodel import NgramTfidf
from ..errors import ModelError

MODEL_NAME = "answer-check"
RULES_SOURCE = "flag-rules"
WORD_GRAMS = {"word": {"analyzer": "word", "ngram_range": [1, 2], "min_df": 2, "token_pattern": r"(?u)\b\w+\b"}}


def design_matrix(features: NgramTfidf, questions: list[str], texts: list[str], asked: list[str],
                  polarities: list[str], learned: list[bool]) -> sp.csr_matrix:
    """Rows for (clause text, question asked, polarity, from the learned label) tuples.

    Columns: shared n-grams | one n-gram block per question (only the asked one filled) |
    question one-hot | "does not" | learned label.
    """
    X = features.transform(texts)
    slot = {q: k for k, q in enumerate(questions)}
    blocks = [X]
    for question in questions:
        mask = np.array([q == question for q in asked], dtype=np.float32)
        blocks.append(sp.diags(mask) @ X)
    meta = np.zeros((len(texts), len(questions) + 2), dtype=np.float32)
    for row, (question, polarity, from_label) in enumerate(zip(asked, polarities, learned)):
        if question in slot:
            meta[row, slot[question]] = 1.0
        meta[row, -2] = polarity == "does_not"
        meta[row, -1] = from_label
    blocks.append(sp.csr_matrix(meta))
    return sp.hstack(blocks, format="csr", dtype=np.float32)


# the question in words, as the encoder reads it (training and run time share `encoder_text`)
QUESTION_WORDS = {
    "sale": "sale of personal data", "ai_training": "training ai on personal data", "biometric": "biometric data",
    "children": "children's data", "health": "health data", "financial": "financial data", "location": "location data",
    "partner_sharing": "sharing with partners", "third_party_tracking": "third-party tracking",
    "targeted_ads": "targeted ads", "cross_border": "transfer abroad", "access_rights": "access and deletion rights",
    "dnt_gpc": "do not track signal", "retention_period": "retention period",
}


def encoder_text(question: str, polarity: str, clause: str) -> str:
    """What the encoder reads for one answer: "financial data | does_not | <clause>"."""
    return f"{QUESTION_WORDS.get(question, question.replace('_', ' '))} | {polarity or 'value'} | {clause}"


def from_learned_label(finding: Finding) -> bool:
    return not finding.source.startswith(RULES_SOURCE)


class Classifier:
    """The loaded check: `keep(findings, clauses)` drops the flag findings it judges no evidence."""

    languages = ["en"]

    def __init__(self, features: NgramTfidf, questions: list[str], coef: np.ndarray, intercept: float,
                 threshold: float, version: str, checked: list[str] | None = None):
        self.features = features
        self.questions = list(questions)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = float(intercept)
        self.threshold = float(threshold)
        self.version = version
        self.checked = list(questions if checked is None else checked)  # the questions it may drop answers of
        self.encoder = None  # the fine-tuned reader (classify/encoder.py), when the model folder holds one
        self.encoder_meta: dict = {}

    @classmethod
    def load(cls, directory) -> "Classifier":
        meta, arrays = load_model(directory)
        if meta.get("name") != MODEL_NAME:
            raise ModelError(f"{directory} does not hold the answer check.")
        features = NgramTfidf.from_state(meta["features"], arrays, "features_")
        check = cls(features, meta["questions"], arrays["coef"], meta["intercept"], meta["threshold"], meta["version"],
                    meta["checked"])
        if meta.get("encoder"):
            from .encoder import ONNX_FILE, TOKENIZER_FILE
            from .encoder import Classifier as Encoder

            directory = Path(directory)
            if not (directory / ONNX_FILE).is_file() or not (directory / TOKENIZER_FILE).is_file():
                raise ModelError(f"{directory}: the answer check names an encoder but holds no {ONNX_FILE}")
            check.encoder_meta = dict(meta["encoder"])
            check.encoder = Encoder(directory, {"languages": cls.languages, "labels": ["right"], **check.encoder_meta})
        return check

    def state(self) -> tuple[dict, dict]:
        meta, arrays = self.features.state("features_")
        arrays["coef"] = self.coef
        return ({"name": MODEL_NAME, "version": self.version, "features": meta, "questions": self.questions,
                 "intercept": self.intercept, "threshold": self.threshold, "checked": self.checked}, arrays)

    def reads(self, question: str, version: str) -> bool:
        """Whether the reader recorded as `version` judged answers to `question` (the encoder reads all)."""
        return (self.encoder is not None and version == self.encoder.version) or question in self.checked

    def version_for(self, encoder: bool) -> str:
        """The version of the reader that runs: the encoder's, or the linear model's (`--fast`)."""
        return self.encoder.version if encoder and self.encoder is not None else self.version

    def probabilities(self, texts: list[str], asked: list[str], polarities: list[str], learned: list[bool]) -> np.ndarray:
        """P(the answer is right) per row; 1.0 for a question the check does not read (`checked`)."""
        if not texts:
            return np.zeros(0)
        X = design_matrix(self.features, self.questions, texts, asked, polarities, learned)
        probabilities = 1.0 / (1.0 + np.exp(-(X @ self.coef + self.intercept)))
        return np.where([q in self.checked for q in asked], probabilities, 1.0)

    def encoder_probabilities(self, texts: list[str], asked: list[str], polarities: list[str]) -> np.ndarray:
        """P(the answer is right) per row by the fine-tuned encoder (every question)."""
        if not texts:
            return np.zeros(0)
        rows = [encoder_text(q, p, t) for t, q, p in zip(texts, asked, polarities)]
        return self.encoder.predict_proba(rows)[:, 0].astype(np.float64)

    def keep(self, findings: list[Finding], clauses: list[Clause], encoder: bool = True) -> list[Finding]:
        """`findings` without the flag findings whose answer the check judges wrong; by the encoder when
        there is one and `encoder` (the default flow), else by the linear model (`--fast`)."""
        texts = {c.index: c.text for c in clauses}
        flags = [f for f in findings if f.kind == "flag"]
        if encoder and self.encoder is not None:
            p = self.encoder_probabilities([texts[f.clause_index] for f in flags], [f.label for f in flags],
                                           [f.polarity for f in flags])
            threshold = float(self.encoder_meta["threshold"])
        else:
            p = self.probabilities([texts[f.clause_index] for f in flags], [f.label for f in flags],
                                   [f.polarity for f in flags], [from_learned_label(f) for f in flags])
            threshold = self.threshold
        dropped = {id(f) for f, pf in zip(flags, p) if pf < threshold}
        return [f for f in findings if id(f) not in dropped]
