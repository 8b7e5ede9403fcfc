"""The fine-tuned sentence encoder (all-MiniLM-L6-v2) run with ONNX Runtime: no torch at run time.

The model folder holds an ONNX graph (int8 weights, gzipped), the WordPiece `tokenizer.json` of the base
model, and `meta.json` (labels, the blend with the linear model, the base model's digests); every
file is sha256-checked against `manifest.json` before use. An ONNX file is a graph of operators
with their weights, not code: loading it runs nothing from the file. The session is built lazily,
once per process, on the first clause that needs it. Fitting lives in `training/encoder.py`.
"""

from __future__ import annotations

import gzip
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .blend import Blend
from .persist import verify_manifest

MODEL_NAME = "encoder"
ENCODER_LANGUAGES = ("en",)
ONNX_FILE = "model.onnx.gz"  # gzip: the int8 weights take a third less room in the repository and the wheel
TOKENIZER_FILE = "tokenizer.json"
THREADS_ENV = "CONTRACTLENS_ENCODER_THREADS"  # scan workers set 1: one thread each, no oversubscription
# One clause per run: int8 activations are quantised per run, so in a batch a clause's scores would
# move (by up to ~0.05) with its neighbours and their padding; alone it gets the same scores in
# every document. Runs go in parallel instead: a one-thread session run from several threads at
# once (ONNX Runtime's `run` is thread-safe and releases the GIL) uses the cores far better on
# one short clause than one run split over threads (32 candidates of a 7,000-word ToS on 2 cores:
# 0.18 s as one 2-thread run after another, 0.11 s as 1-thread runs two at a time;
# benchmarks/bench_encoder.py).

def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class Classifier:
    """The committed encoder: `predict_proba(texts)` gives one sigmoid score per unfair category."""

    def __init__(self, directory: Path, meta: dict):
        self.directory, self.meta = directory, meta
        self.version: str = meta["version"]
        self.labels: list[str] = list(meta["labels"])
        self.languages: list[str] = list(meta["languages"])
        self.blend = Blend(**meta["blend"]) if "blend" in meta else None  # the answer check's graph has none
        self.max_tokens = int(meta["max_tokens"])
        self._session = None
        self._tokenizer = None
        self._pool: ThreadPoolExecutor | None = None

    @classmethod
    def load(cls, directory: Path) -> "Classifier":
        directory = Path(directory)
        manifest = verify_manifest(directory)
        if not {ONNX_FILE, TOKENIZER_FILE, "meta.json"} <= set(manifest["files"]):
            raise ModelError(f"{directory} does not hold an encoder model")
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("name") != MODEL_NAME:
            raise ModelError(f"{directory} does not hold an encoder model")
        return cls(directory, meta)

    def _ready(self) -> None:
        if self._session is not None:
            return
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(f"the encoder needs {exc.name}: reinstall contractlens, or use --fast") from None
        options = ort.SessionOptions()
        threads = int(os.environ.get(THREADS_ENV) or 0) or min(4, os.cpu_count() or 1)
        options.intra_op_num_threads = 1  # parallel over clauses, not inside one (see the note above)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        graph = gzip.decompress((self.directory / ONNX_FILE).read_bytes())
        self._session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
        tokenizer.enable_truncation(self.max_tokens)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        if threads > 1:
            self._pool = ThreadPoolExecutor(threads, thread_name_prefix="contractlens-encoder")

    def warm_up(self) -> None:
        """Build the session now (scan workers do it before the first document)."""
        self._ready()

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Sigmoid scores, shape (len(texts), labels), each text read on its own run (see the note
        above), several runs at once when more than one thread is allowed."""
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        if not texts:
            return out
        self._ready()
        encodings = self._tokenizer.encode_batch(list(texts))

        def score(i: int) -> None:
            ids = np.asarray([encodings[i].ids], dtype=np.int64)
            out[i] = _sigmoid(self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0])

        longest_first = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))  # even shares per thread
        if self._pool is None or len(texts) == 1:
            for i in longest_first:
                score(i)
        else:
            list(self._pool.map(score, longest_first))  # list(): re-raises a run's error here
        return out

    def predict(self, clauses, lang):
        """The encoder adds no findings of its own: it is read through the unfair-clause model."""
        return []
