"""Model persistence without pickle: numpy arrays in .npz (allow_pickle=False) + JSON.

A loader must never execute code from a file, so models are stored as plain arrays and
JSON metadata that the project's own code interprets. Every file's sha256 is recorded in
`manifest.json` and checked on load, so a corrupted or swapped file is refused.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..errors import ModelError

MANIFEST = "manifest.json"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def arrays_digest(arrays: dict) -> str:
    """Short sha256 of named arrays' contents: model versions name what was trained, not just the day."""
    digest = hashlib.sha256()
    for key in sorted(arrays):
        value = arrays[key]
        digest.update(key.encode())
        digest.update(value.data.tobytes() if hasattr(value, "tocsr") else np.ascontiguousarray(value).tobytes())
    return digest.hexdigest()[:8]


def save_model(directory: str | Path, meta: dict, arrays: dict[str, np.ndarray | sp.spmatrix], also=()) -> Path:
    """Write `meta` (JSON-serialisable) and named arrays (dense or scipy sparse) to `directory`;
    `also`: files already written there that the manifest must cover too (an ONNX graph)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    dense: dict[str, np.ndarray] = {}
    for name, value in arrays.items():
        if sp.issparse(value):
            csr = sp.csr_matrix(value)
            dense[f"{name}__data"] = csr.data
            dense[f"{name}__indices"] = csr.indices
            dense[f"{name}__indptr"] = csr.indptr
            dense[f"{name}__shape"] = np.asarray(csr.shape, dtype=np.int64)
        else:
            arr = np.asarray(value)
            if arr.dtype == object:
                raise ValueError(f"array {name!r} has dtype object; refuse to store it")
            dense[name] = arr
    arrays_path = directory / "arrays.npz"
    np.savez_compressed(arrays_path, **dense)
    meta_path = directory / "meta.json"
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
    write_manifest(directory, [arrays_path, meta_path, *also])
    return directory


def write_manifest(directory: Path, paths: list[Path], fmt: str = "contractlens-npz-json/1") -> None:
    """Record every model file's sha256 in `manifest.json`, for `verify_manifest` at load time."""
    manifest = {"format": fmt, "files": {p.name: _sha256(p) for p in paths}}
    (Path(directory) / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def verify_manifest(directory: Path) -> dict:
    """Check every file named in `manifest.json` against its sha256; return the manifest."""
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise ModelError(f"no model at {directory} (missing {MANIFEST})")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (ValueError, KeyError) as exc:
        raise ModelError(f"corrupt model manifest in {directory}: {exc}") from None
    for name, digest in files.items():
        path = directory / name
        if not path.is_file() or _sha256(path) != digest:
            raise ModelError(f"model file {path} is missing or fails its sha256 check")
    return manifest


def load_model(directory: str | Path) -> tuple[dict, dict[str, np.ndarray | sp.csr_matrix]]:
    """Read back what `save_model` wrote, after checking every file's sha256."""
    directory = Path(directory)
    manifest = verify_manifest(directory)
    if not {"meta.json", "arrays.npz"} <= set(manifest["files"]):
        raise ModelError(f"{directory} does not hold an arrays + JSON model (no arrays.npz or meta.json)")
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    arrays: dict[str, np.ndarray | sp.csr_matrix] = {}
    with np.load(directory / "arrays.npz", allow_pickle=False) as npz:
        raw = {k: npz[k] for k in npz.files}
    for key in list(raw):
        if key.endswith("__data"):
            name = key[: -len("__data")]
            shape = tuple(int(x) for x in raw[f"{name}__shape"])
            arrays[name] = sp.csr_matrix(
                (raw[f"{name}__data"], raw[f"{name}__indices"], raw[f"{name}__indptr"]), shape=shape
            )
    for key, value in raw.items():
        if "__" not in key:
            arrays[key] = value
    return meta, arrays
