"""`contractlens train` and `contractlens evaluate`: thin over the model modules."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from ..errors import InputError
from ..language import MODEL_LANGUAGES

TRAIN_CHOICE = click.Choice(["answers", "practices", "unfair"])  # `unfair` trains the encoder beside it
EVALUATE_CHOICE = click.Choice(["flags", "practices", "unfair"])  # flags: part of the practices model
# the training and evaluation wings, reached only from these commands (the runtime never imports them)
TRAINERS = {"unfair": "contractlens.training.unfair", "practices": "contractlens.training.practices",
            "answers": "contractlens.training.answer_check"}
EVALUATORS = {
    "unfair": "contractlens.evaluation.unfair_cv",
    "practices": "contractlens.evaluation.practices_cv",
    "flags": "contractlens.evaluation.flags_eval",
}
LANG_CHOICE = click.Choice(MODEL_LANGUAGES)


def _corpus_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise InputError(f"corpus directory not found: {value}")
    return path


@click.command()
@click.argument("model", type=TRAIN_CHOICE)
@click.option("--corpus", required=True, help="Directory in the layout of shared/corpora/<name>/.")
@click.option("--out", default=None, help="Where to write the model (default: models/<model>/).")
@click.option("--encoder-out", default=None,
              help="unfair: where to write the encoder (default: models/encoder/, or ENCODER beside --out).")
@click.option("--fast", is_flag=True, help="unfair, answers: the linear model only; do not fine-tune the encoder.")
@click.option("--encoder-steps", type=click.IntRange(min=1), default=None,
              help="unfair, answers: stop fine-tuning after this many steps (a quick check of the recipe, not a model "
                   "to ship).")
@click.option("--set", "answer_sets", multiple=True,
              help="answers: a labelled set of data answers (JSON lines) of the OTA documents in --corpus; repeat it.")
@click.option("--leave-out", "leave_out_sets", multiple=True,
              help="practices: leave out the OPP-115 policies a labelled set of data answers points at (to score the "
                   "model on them with `evaluate flags --set FILE --practices-model OUT`); repeat it.")
def train(model, corpus, out, encoder_out, fast, encoder_steps, answer_sets, leave_out_sets):
    """Train MODEL (answers|practices|unfair) on a corpus directory and write it.

    `unfair` trains the linear model, then fine-tunes the encoder and fits the blend
    (needs `pip install '.[train]'`; about 10 minutes on 2 cores), unless --fast.
    `answers` trains the check on the flag findings from labelled sets (--set, on the OTA corpus):
    its linear reader, then its fine-tuned encoder (the [train] extra; about 8 minutes), unless --fast.
    """
    from ..classify.registry import default_model_dir

    if bool(answer_sets) != (model == "answers"):
        raise InputError("--set FILE (one or more) goes with `train answers`, and only with it.")
    if leave_out_sets and model != "practices":
        raise InputError("--leave-out SET goes with `train practices`, and only with it.")
    if leave_out_sets and not out:
        raise InputError("--leave-out trains a model to measure, not to ship: give --out DIR.")
    out_dir = Path(out) if out else default_model_dir(model)
    trainer = importlib.import_module(TRAINERS[model])
    if model == "answers":
        summary = trainer.train(_corpus_dir(corpus), out_dir, [_set_file(p) for p in answer_sets],
                                progress=lambda line: click.echo(f"  {line}", err=True), encoder=not fast,
                                encoder_steps=encoder_steps)
    elif leave_out_sets:
        from ..training.datasets.data_answers import load_set, opp115_policies

        left_out = frozenset().union(*(opp115_policies(load_set(_set_file(p))) for p in leave_out_sets))
        if not left_out:
            raise InputError("none of the --leave-out sets points at an OPP-115 policy.")
        summary = trainer.train(_corpus_dir(corpus), out_dir, leave_out=left_out)
    else:
        summary = trainer.train(_corpus_dir(corpus), out_dir)
    click.echo(f"wrote {model} model to {out_dir}")
    for key, value in summary.items():
        click.echo(f"  {key}: {value}")
    if model == "unfair" and not fast:
        from ..training.encoder import EncoderRecipe
        from ..training.unfair_encoder import RECIPE, train as train_encoder

        encoder_dir = Path(encoder_out) if encoder_out else (out_dir.parent / "encoder" if out else default_model_dir("encoder"))
        recipe = EncoderRecipe(**{**RECIPE["encoder"], "max_steps": encoder_steps})
        summary = train_encoder(_corpus_dir(corpus), encoder_dir, encoder_recipe=recipe,
                                progress=lambda line: click.echo(f"  {line}", err=True))
        click.echo(f"wrote encoder model to {encoder_dir}")
        for key, value in summary.items():
            click.echo(f"  {key}: {value}")


def _model_folder(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise InputError(f"model directory not found: {value}")
    return path


def _set_file(value: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise InputError(f"labelled set not found: {value}")
    return path


def _label_table(result: dict, summary: list[str], columns: list[str]) -> list[str]:
    """Summary lines, then one row per label with the given columns (floats to 3 places)."""
    lines = summary + [f"{'label':<16}" + "".join(f"{name:>10}" for name in columns)]
    for label, row in result["per_label"].items():
        cells = (f"{row[name]:>10.3f}" if isinstance(row[name], float) else f"{row[name]:>10}" for name in columns)
        lines.append(f"{label:<16}" + "".join(cells))
    return lines


def format_metrics(result: dict) -> str:
    """A person-readable table of an evaluation result."""
    lines = _label_table(result, [
        f"documents: {result['documents']}  sentences: {result['sentences']}",
        f"macro-F1: {result['macro_f1']:.3f}  micro-F1: {result['micro_f1']:.3f}",
    ], ["precision", "recall", "f1", "support"])
    for key, value in result.items():
        if key not in {"documents", "sentences", "macro_f1", "micro_f1", "per_label"} and not isinstance(
            value, (dict, list)
        ):
            lines.append(f"{key}: {value}")
    if "documents_read" in result:
        lines += ["", "per document (what a person reads): is each category reported when the document has one,",
                  "and is the first clause quoted for it really one"]
        lines += _label_table(result["documents_read"], [
            f"precision: {result['documents_read']['precision']:.3f}  recall: {result['documents_read']['recall']:.3f}"
            f"  first quote right: {result['documents_read']['first_quote_right']:.3f}",
        ], ["precision", "recall", "first_quote_right", "documents_with"])
    for key, value in result.items():  # the same folds scored another way (linear only, fp32, encoder alone)
        if isinstance(value, dict) and "macro_f1" in value:
            lines.append(f"{key}: macro-F1 {value['macro_f1']:.3f}  micro-F1 {value['micro_f1']:.3f}")
    return "\n".join(lines)


def format_recall(result: dict) -> str:
    """A person-readable table of a recall-only check (ToS;DR quotes)."""
    lines = _label_table(result, [
        f"services: {result['documents']}  quotes: {result['sentences']}",
        f"macro-recall: {result['macro_recall']:.3f}  micro-recall: {result['micro_recall']:.3f}",
    ], ["recall", "flagged", "support"])
    lines += [f"{key}: {value}" for key, value in result.items() if key.startswith(("mode", "dropped", "unrelated"))]
    return "\n".join(lines)


def format_answer_set(result: dict) -> str:
    """A person-readable table of the data answers scored on a labelled set, misses listed after."""
    lines = _label_table(result, [
        f"documents: {result['documents']}  judgements located: {result['sentences']} of {result['judgements']}",
        f"macro-precision: {result['macro_precision']:.3f}  macro-recall: {result['macro_recall']:.3f}  "
        f"lowest precision: {result['min_precision']:.3f}  over the {result['questions_answered']} questions answered: "
        f"macro-precision {result['answered_macro_precision']:.3f}",
        f"without the answer check ({result['without_check']['check']}): macro-precision "
        f"{result['without_check']['macro_precision']:.3f}  macro-recall {result['without_check']['macro_recall']:.3f}",
    ], ["precision", "recall", "f1", "support", "answered"])
    for label, row in result["per_label"].items():
        lines += [f"  {label}: {error}" for error in row["errors"]]
    lines += [f"not found: {where}" for where in result["unlocated"] + result["missing_documents"]]
    return "\n".join(lines)


def format_sentence_sets(result: dict) -> str:
    """The sentence sets side by side: per flag, precision / recall of the rules and with the model."""
    names = list(result["sets"])
    header = f"{'flag':<22}" + "".join(f"  {name[:27]:>27}" for name in names)
    lines = [f"harvesting flags on labelled sentences (model {result['model']})",
             "each column: precision/recall, rules alone | with the learned labels (as a scan)", header]

    flags = sorted({flag for data in result["sets"].values() for flag in data["rules"]["per_flag"]})
    for flag in flags:
        row = f"{flag:<22}"
        for name in names:
            data = result["sets"][name]
            if flag not in data["rules"]["per_flag"]:
                row += f"  {'-':>27}"
                continue
            rules, model = data["rules"]["per_flag"][flag], data["with_model"]["per_flag"][flag]
            row += f"  {rules['precision']:.2f}/{rules['recall']:.2f} | {model['precision']:.2f}/{model['recall']:.2f}".rjust(29)
        lines.append(row)
    for key, title in (("precision", "macro-precision"), ("recall", "macro-recall"),
                       ("polarity_accuracy", "polarity accuracy")):
        row = f"{title:<22}"
        for name in names:
            data = result["sets"][name]
            row += f"  {data['rules']['macro_' + key]:.3f} | {data['with_model']['macro_' + key]:.3f}".rjust(29)
        lines.append(row)
    lines.append("sentences: " + ", ".join(f"{name} {data['sentences']}" for name, data in result["sets"].items()))
    for name, data in result["sets"].items():
        lines += [f"{name}: {flag}: {error}" for flag, row in data["rules"]["per_flag"].items() for error in row["errors"]]
    return "\n".join(lines)


def format_probe(result: dict) -> str:
    """The encoder probe's F1 per label for each variant, its macro-F1s, the blend weights chosen."""
    variants = {name: result["variants"][name] for name in ("linear", "embeddings", "blend")}  # JSON sorts them
    lines = [f"documents: {result['documents']}  segments: {result['sentences']}  ({result['mode']})",
             f"{'label':<16}" + "".join(f"{name:>12}" for name in variants) + f"{'support':>9}{'blend w':>9}"]
    for label, weights in result["blend_weights"].items():
        cells = "".join(f"{scores['per_label'][label]['f1']:>12.3f}" for scores in variants.values())
        support = next(iter(variants.values()))["per_label"][label]["support"]
        lines.append(f"{label:<16}{cells}{support:>9}{sum(weights) / len(weights):>9.2f}")
    lines.append(f"{'macro-F1':<16}" + "".join(f"{scores['macro_f1']:>12.4f}" for scores in variants.values()))
    lines.append(f"{'micro-F1':<16}" + "".join(f"{scores['micro_f1']:>12.4f}" for scores in variants.values()))
    embedding = result["embedding"]
    lines.append(f"embeddings: {embedding['model']}, {embedding['max_tokens']} tokens, "
                 + ("read from the cache" if embedding["cached"] else f"computed in {embedding['seconds']} s")
                 + f" ({embedding['cache']})")
    lines.append("linear: today's model; blend w: the linear model's weight in the blend, mean over the folds")
    return "\n".join(lines)


def _tosdr_check(model: str, directory: Path, model_dir: Path | None, cv, lang: str) -> dict:
    """The independent check of the committed `model` on ToS;DR quotes."""
    if cv:
        raise InputError("--cv needs a labelled corpus; the ToS;DR check scores the committed model only.")
    if model == "unfair":
        from ..evaluation.unfair_tosdr_check import evaluate_on_tosdr
    elif model == "practices":
        from ..evaluation.practices_tosdr_check import evaluate_on_tosdr
    else:
        raise InputError(f"no ToS;DR check for {model}: use the OPP-115 corpus.")
    return evaluate_on_tosdr(directory, model_dir=model_dir, lang=lang)


@click.command()
@click.argument("model", type=EVALUATE_CHOICE)
@click.option("--corpus", default=None, help="Directory in the corpus layout (any subset of documents).")
@click.option("--model", "model_dir", default=None,
              help="Model directory (default: the committed model); with --set, the answer check to score.")
@click.option("--cv", type=click.IntRange(2, 20), default=None, help="Cross-validate the recipe by document, K folds.")
@click.option("--lang", type=LANG_CHOICE, default="en", show_default=True, help="Language of the documents to score.")
@click.option("--set", "answer_sets", multiple=True,
              help="flags only: a labelled set of clauses (JSON lines) of the OTA documents in --corpus; with --cv "
                   "(repeat it), cross-validate the answer check on the sets by service.")
@click.option("--sentences", "sentence_sets", multiple=True,
              help="flags only: a directory of labelled sentences (<flag>.jsonl); repeat it to compare sets "
                   "side by side (no --corpus needed).")
@click.option("--encoder-probe", is_flag=True,
              help="practices with --cv: also score frozen MiniLM embeddings, alone and blended with the linear "
                   "model (needs the [train] extra).")
@click.option("--practices-model", "practices_dir", default=None,
              help="flags --set: score with this practices model (e.g. one trained with --leave-out FILE) instead of "
                   "the committed one.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fast", is_flag=True, help="unfair: the linear model alone (no encoder; CV takes minutes, not an hour); "
                                         "flags --set: the answer check's linear reader, as `check --fast` runs it.")
def evaluate(model, corpus, model_dir, cv, lang, fmt, answer_sets, sentence_sets, encoder_probe, fast, practices_dir):
    """Score the committed MODEL on a corpus, or cross-validate its recipe (--cv K).

    `flags` scores the harvesting flags against OPP-115 attributes (learned + rules, and rules alone);
    with --set FILE and the OTA corpus, the data answers against hand-labelled clauses; with
    --sentences DIR (repeatable), the flags on sets of labelled sentences, side by side.
    On the ToS;DR corpus directory, `unfair` and `practices` run the independent check: recall
    on quotes of services the model never saw (evaluation/unfair_tosdr_check.py, practices_tosdr_check.py).
    """
    if fast and model != "unfair" and not (model == "flags" and answer_sets and not cv):
        raise InputError("--fast leaves out the encoders: use it with `evaluate unfair`, or with `evaluate flags "
                         "--set FILE` (the answer check's linear reader).")
    if practices_dir and not (model == "flags" and answer_sets and not cv):
        raise InputError("--practices-model goes with `evaluate flags --set FILE` (one set, no --cv).")
    if sentence_sets:
        if model != "flags" or cv or corpus or answer_sets:
            raise InputError("--sentences scores the flag rules on labelled sentences: use it with `evaluate flags` "
                             "alone (no --corpus, --cv or --set).")
        from ..evaluation.flag_sentences import evaluate_sentence_sets

        result = evaluate_sentence_sets([_corpus_dir(d) for d in sentence_sets],
                                        model_dir=Path(model_dir) if model_dir else None)
        click.echo(json.dumps(result, indent=2, sort_keys=True) if fmt == "json" else format_sentence_sets(result))
        return
    if corpus is None:
        raise InputError("evaluate needs --corpus DIR (or, for flags, --sentences DIR)")
    directory = _corpus_dir(corpus)
    if encoder_probe:
        if model != "practices" or not cv:
            raise InputError("--encoder-probe cross-validates the practices recipe: use `evaluate practices --cv K`.")
        from ..evaluation.practices_probe import evaluate_encoder_probe

        result = evaluate_encoder_probe(directory, cv, lang=lang, progress=lambda line: click.echo(line, err=True))
        click.echo(json.dumps(result, indent=2, sort_keys=True) if fmt == "json" else format_probe(result))
        return
    if answer_sets:
        if model != "flags":
            raise InputError("--set scores the data answers: use it with `evaluate flags`.")
        if cv:
            if model_dir:
                raise InputError("--cv with --set trains a check in every fold: leave out --model.")
            from ..evaluation.answer_check_cv import evaluate_check_cv, format_check_cv

            result = evaluate_check_cv(directory, [_set_file(p) for p in answer_sets], cv,
                                       progress=lambda line: click.echo(line, err=True))
            click.echo(json.dumps(result, indent=2, sort_keys=True) if fmt == "json" else format_check_cv(result))
            return
        if len(answer_sets) > 1:
            raise InputError("give one --set to score the data answers (several go with --cv K).")
        from ..evaluation.answers_eval import evaluate_answer_set

        result = evaluate_answer_set(directory, answer_sets[0], check_dir=Path(model_dir) if model_dir else None,
                                     fast=fast, practices_dir=_model_folder(practices_dir) if practices_dir else None)
        click.echo(json.dumps(result, indent=2, sort_keys=True) if fmt == "json" else format_answer_set(result))
        return
    if (directory / "tosdr_points.jsonl").is_file():
        result = _tosdr_check(model, directory, Path(model_dir) if model_dir else None, cv, lang)
        click.echo(json.dumps(result, indent=2, sort_keys=True) if fmt == "json" else format_recall(result))
        return
    module = importlib.import_module(EVALUATORS[model])
    evaluate_model = module.evaluate_flags if model == "flags" else module.evaluate
    options = {"fast": fast} if model == "unfair" else {}
    result = evaluate_model(directory, model_dir=Path(model_dir) if model_dir else None, cv=cv, lang=lang, **options)
    click.echo(json.dumps(result, indent=2, sort_keys=True) if fmt == "json" else format_metrics(result))
