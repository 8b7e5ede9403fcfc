"""The harvesting flags scored on sets of hand-labelled sentences, several sets side by side.

A set is a directory of `<flag>.jsonl` files, one sentence per line:
`{"text", "fires": bool, "polarity": "does"|"does_not"|null, "attributes": {...}}`.
`tests/fixtures/flags/` was written together with the rules: a regression set, which the rules
must keep passing. `tests/fixtures/flags_independent/` was written apart from them and frozen
before it was measured: the figure to read for sentences the rules were not shaped on. Each
sentence is read as a one-clause document, by the rules alone and as a scan reports it (the
rules plus the committed practices model's learned labels).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..classify.flags import detect_flags
from ..errors import InputError
from ..types import Clause

SCORES = ("precision", "recall", "polarity_accuracy")


def load_sentence_set(directory: Path) -> dict[str, list[dict]]:
    """flag -> labelled rows of a set directory; InputError naming the file and line of a bad row."""
    directory = Path(directory)
    files = sorted(directory.glob("*.jsonl")) if directory.is_dir() else []
    if not files:
        raise InputError(f"{directory} holds no labelled sentences (<flag>.jsonl files)")
    rows: dict[str, list[dict]] = {}
    for path in files:
        rows[path.stem] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                row = json.loads(line)
                if not isinstance(row["text"], str) or not isinstance(row["fires"], bool):
                    raise TypeError
            except (json.JSONDecodeError, KeyError, TypeError):
                raise InputError(f"{path}:{number}: not a labelled sentence (text, fires, polarity)") from None
            rows[path.stem].append(row)
    return rows


def score_sentences(flag: str, rows: list[dict], model=None) -> dict:
    """Precision/recall of one flag on labelled sentences, plus polarity/attribute accuracy.

    `model` is a practices Classifier whose learned labels join the rules (as in a scan); without
    it the rules alone decide. `polarity_accuracy` and `attribute_accuracy` are measured on the
    rows where the flag fires correctly; `errors` lists the texts it got wrong (for reading).
    """
    tp = fp = fn = polarity_ok = attributes_ok = 0
    errors = []
    for i, row in enumerate(rows):
        text = row["text"]
        hits = [f for f in detect_flags([Clause(i, 0, len(text), text)], "en", model=model) if f.label == flag]
        if hits and row["fires"]:
            tp += 1
            polarity_ok += hits[0].polarity == row["polarity"]
            expected = row.get("attributes") or {}
            same = all(hits[0].attributes.get(k) == v for k, v in expected.items())
            attributes_ok += same
            if hits[0].polarity != row["polarity"] or not same:
                errors.append(f"wrong polarity/attributes: {text}")
        elif hits:
            fp += 1
            errors.append(f"false positive: {text}")
        elif row["fires"]:
            fn += 1
            errors.append(f"missed: {text}")
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "polarity_accuracy": round(polarity_ok / tp, 4) if tp else 0.0,
        "attribute_accuracy": round(attributes_ok / tp, 4) if tp else 0.0,
        "positives": tp + fn,
        "negatives": sum(1 for r in rows if not r["fires"]),
        "errors": errors,
    }


def _macro(per_flag: dict[str, dict], key: str) -> float:
    return round(sum(row[key] for row in per_flag.values()) / len(per_flag), 4) if per_flag else 0.0


def evaluate_sentence_sets(directories: list[Path], *, model_dir: Path | None = None) -> dict:
    """Every set scored by the rules alone and with the committed model, per flag and macro-averaged.

    Returns {"sets": {name: {"sentences", "rules": {...}, "with_model": {...}}}, "model": version};
    each of "rules" / "with_model" holds `per_flag` (score_sentences without errors for the
    model, with them for the rules) and the macro precision, recall and polarity accuracy.
    """
    from ..classify.practices import MODEL_NAME, Classifier
    from ..classify.registry import default_model_dir

    classifier = Classifier.load(Path(model_dir) if model_dir else default_model_dir(MODEL_NAME))
    result: dict = {"sets": {}, "model": classifier.version}
    names = [Path(d).name for d in directories]
    if len(set(names)) != len(names):
        raise InputError("give sentence sets in directories of different names (they name the columns)")
    for directory, name in zip(directories, names):
        rows = load_sentence_set(directory)
        scored = {}
        for label, model in (("rules", None), ("with_model", classifier)):
            per_flag = {flag: score_sentences(flag, flag_rows, model) for flag, flag_rows in rows.items()}
            if model is not None:
                per_flag = {flag: {k: v for k, v in row.items() if k != "errors"} for flag, row in per_flag.items()}
            scored[label] = {"per_flag": per_flag, **{f"macro_{key}": _macro(per_flag, key) for key in SCORES}}
        result["sets"][name] = {"directory": str(directory), "sentences": sum(len(r) for r in rows.values()), **scored}
    return result
