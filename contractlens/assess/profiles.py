"""A person's own terms (DESIGN §4): load, validate and resolve term profiles.

A profile is a YAML file: id, title, source, and terms, each a one-sentence statement in
the person's voice plus declarative conditions over the taxonomy (no code, no eval). The
published JSON Schema lives in one place, `contractlens/schemas/terms.schema.json`; labels
are then checked against `contractlens.taxonomy`, so a typo is reported with its exact
path ("my.yaml: terms[2].violated_by[0].label: 'arbtration' is not a known unfair label").
Shipped profiles live in `contractlens/profiles/<id>.yaml`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import yaml

from .. import taxonomy
from ..errors import InputError

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROFILES_DIR = PACKAGE_DIR / "profiles"
SCHEMA_PATH = PACKAGE_DIR / "schemas" / "terms.schema.json"

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: much faster
IMPORTANCE_WEIGHTS = {"low": 1.0, "medium": 2.0, "high": 3.0}
DEFAULT_WEIGHT = IMPORTANCE_WEIGHTS["medium"]
# Attributes a flag finding may carry, with their closed value sets (() = free text).
FLAG_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "retention": taxonomy.RETENTION_VALUES,
    "dnt_gpc": taxonomy.DNT_GPC_VALUES,
    "period": (),
}


@dataclass(frozen=True)
class Condition:
    """One machine-checkable test: a finding of this kind/label (or the GPC check) matches."""

    kind: str
    label: str | None = None
    min_level: int | None = None
    polarity: str | None = None
    attribute: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gpc: bool | None = None

    def to_dict(self) -> dict:
        data: dict[str, Any] = {"kind": self.kind}
        for key in ("label", "min_level", "polarity", "gpc"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.attribute:
            data["attribute"] = {k: list(v) if len(v) > 1 else v[0] for k, v in self.attribute.items()}
        return data


def plain_name(kind: str, key: str) -> str:
    """A label's name for use mid-sentence: 'sale of personal data', but 'AI/ML training ...'."""
    name = taxonomy.label(kind, key).name
    first, _, rest = name.partition(" ")
    if first[1:] == first[1:].lower():
        first = first.lower()
    return f"{first} {rest}" if rest else first


def describe_condition(cond: Condition, side: str = "violated_by") -> str:
    """A condition in plain words, e.g. 'a potentially or clearly unfair arbitration clause'."""
    if cond.kind == "gpc":
        return f"/.well-known/gpc.json declares gpc: {'true' if cond.gpc else 'false'}"
    name = plain_name(cond.kind, cond.label)
    if cond.kind == "unfair":
        level = "a clearly" if cond.min_level == 3 else "a potentially or clearly"
        return f"{level} unfair {name} clause"
    if cond.kind == "practice":
        return f"a clause on {name}"
    if cond.attribute:
        values = "; ".join(f"{key} = {' or '.join(v)}" for key, v in cond.attribute.items())
        return f"{name} with {values}"
    polarity = cond.polarity or ("does" if side == "violated_by" else "does_not")
    return name if polarity == "does" else f"a statement ruling out {name}"


@dataclass(frozen=True)
class Term:
    """One term the person asserts, with what breaks it and what honours it."""

    id: str
    statement: str
    weight: float = DEFAULT_WEIGHT
    violated_by: tuple[Condition, ...] = ()
    honoured_by: tuple[Condition, ...] = ()
    honoured_if_silent_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """A named set of terms with the source it is based on."""

    id: str
    title: str
    terms: tuple[Term, ...]
    description: str = ""
    version: str = ""
    source_name: str = ""
    source_url: str = ""
    path: str = ""  # file it was loaded from ("" when built in code)

    def term(self, term_id: str) -> Term:
        for term in self.terms:
            if term.id == term_id:
                return term
        raise KeyError(f"profile {self.id!r} has no term {term_id!r}")


@lru_cache(maxsize=1)
def terms_schema() -> dict:
    """The published JSON Schema (draft 2020-12) for profile files."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def shipped_profile_names() -> list[str]:
    """Names of the profiles that ship with contractlens, sorted."""
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def _json_path(parts: Iterable) -> str:
    """['terms', 2, 'violated_by', 0, 'label'] -> 'terms[2].violated_by[0].label'."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_message(error: jsonschema.ValidationError) -> str:
    """A short sentence for one schema error, in words a profile author understands."""
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required field {missing!r}"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})), key=repr)  # YAML keys: any type
        return f"unknown field {', '.join(map(repr, extra))}"
    if error.validator == "enum":
        allowed = ", ".join(map(repr, error.validator_value))
        return f"{error.instance!r} is not one of {allowed}"
    if error.validator == "type":
        return f"{error.instance!r} should be of type {error.validator_value}"
    if error.validator == "pattern":
        if error.validator_value.startswith("^https?"):
            return f"{error.instance!r} should start with http:// or https://"
        return f"{error.instance!r} should use only lowercase letters, digits and dashes"
    if error.validator == "not":
        return "give either 'weight' or 'importance', not both"
    return error.message


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(terms_schema())


def _schema_error(data: Any) -> str | None:
    validator = _validator()
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    if not errors:
        return None
    error = jsonschema.exceptions.best_match(errors)
    location = _json_path(error.absolute_path)
    message = _schema_message(error)
    return f"{location}: {message}" if location else message


def _taxonomy_error(data: dict) -> str | None:
    """Check labels and attribute keys against the taxonomy (the schema cannot know them)."""
    seen_ids: set[str] = set()
    for t, term in enumerate(data["terms"]):
        if term["id"] in seen_ids:
            return f"terms[{t}].id: {term['id']!r} is used by two terms"
        seen_ids.add(term["id"])
        for side in ("violated_by", "honoured_by"):
            for c, cond in enumerate(term.get(side, [])):
                where = f"terms[{t}].{side}[{c}]"
                kind = cond["kind"]
                if kind == "gpc":
                    continue
                labels = taxonomy.ALL_KINDS[kind]
                if cond["label"] not in labels:
                    known = ", ".join(labels)
                    return f"{where}.label: {cond['label']!r} is not a known {kind} label (known: {known})"
                if "min_level" in cond and kind != "unfair":
                    return f"{where}.min_level: only unfair conditions have levels"
                if "polarity" in cond and kind != "flag":
                    return f"{where}.polarity: only flag conditions have a polarity"
                for key, value in cond.get("attribute", {}).items():
                    if kind != "flag":
                        return f"{where}.attribute: only flag conditions have attributes"
                    if key not in FLAG_ATTRIBUTES:
                        known = ", ".join(FLAG_ATTRIBUTES)
                        return f"{where}.attribute.{key}: {key!r} is not a known flag attribute (known: {known})"
                    allowed = FLAG_ATTRIBUTES[key]
                    for item in [value] if isinstance(value, str) else value:
                        if allowed and item not in allowed:
                            return f"{where}.attribute.{key}: {item!r} is not one of {', '.join(allowed)}"
    return None


def validate_profile_data(data: Any, origin: str = "profile") -> None:
    """Raise InputError naming `origin` and the exact path of the first problem."""
    problem = _schema_error(data) or _taxonomy_error(data)
    if problem:
        raise InputError(f"{origin}: {problem}")


def _condition(raw: dict) -> Condition:
    attribute = {
        key: (value,) if isinstance(value, str) else tuple(value) for key, value in raw.get("attribute", {}).items()
    }
    return Condition(
        kind=raw["kind"],
        label=raw.get("label"),
        min_level=raw.get("min_level"),
        polarity=raw.get("polarity"),
        attribute=attribute,
        gpc=raw.get("gpc"),
    )


def profile_from_data(data: dict, origin: str = "profile", path: str = "") -> Profile:
    """Validate a parsed profile mapping and build a Profile from it."""
    validate_profile_data(data, origin)
    terms = []
    for raw in data["terms"]:
        weight = raw.get("weight", IMPORTANCE_WEIGHTS.get(raw.get("importance", ""), DEFAULT_WEIGHT))
        terms.append(
            Term(
                id=raw["id"],
                statement=raw["statement"].strip(),
                weight=float(weight),
                violated_by=tuple(_condition(c) for c in raw.get("violated_by", [])),
                honoured_by=tuple(_condition(c) for c in raw.get("honoured_by", [])),
                honoured_if_silent_in=tuple(raw.get("honoured_if_silent_in", [])),
            )
        )
    source = data.get("source", {})
    return Profile(
        id=data["id"],
        title=data["title"],
        terms=tuple(terms),
        description=(data.get("description") or "").strip(),
        version=str(data.get("version", "")),
        source_name=source.get("name", ""),
        source_url=source.get("url", ""),
        path=path,
    )


def parse_profile_text(text: str, origin: str = "profile", path: str = "") -> Profile:
    """Parse YAML text into a Profile; syntax errors name the line and column."""
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{origin}: YAML syntax error{where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{origin}: YAML error: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{origin}: a profile must be a YAML mapping with id, title and terms")
    return profile_from_data(data, origin, path)


def load_profile(path: str | Path) -> Profile:
    """Read and validate one profile file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such profile file: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read profile {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_profile_text(text, origin=path.name, path=str(path))


@lru_cache(maxsize=None)
def shipped_profile(name: str) -> Profile:
    """One shipped profile by name (cached: shipped files do not change while running)."""
    path = PROFILES_DIR / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(shipped_profile_names())
        raise InputError(f"unknown terms profile {name!r}: give a YAML file or one of {known}")
    return load_profile(path)


def resolve_profile(term: str | Path | Profile) -> Profile:
    """A Profile object, a shipped profile name, or a path to a YAML file -> Profile."""
    if isinstance(term, Profile):
        return term
    text = str(term)
    looks_like_path = isinstance(term, Path) or text.endswith((".yaml", ".yml")) or "/" in text
    if looks_like_path or (text not in shipped_profile_names() and Path(text).is_file()):
        return load_profile(text)
    return shipped_profile(text)


def resolve_profiles(terms: Iterable[str | Path | Profile]) -> list[Profile]:
    """Resolve every requested profile; a profile asked for twice is kept once."""
    profiles: dict[str, Profile] = {}
    for term in terms or ():
        profile = resolve_profile(term)
        profiles.setdefault(profile.id, profile)
    return list(profiles.values())


STARTER_PROFILE = """\
# My terms for contractlens. Edit, then check with:  contractlens terms validate THIS_FILE
# Use with:  contractlens check https://example.com/terms --terms THIS_FILE
# Schema: contractlens/schemas/terms.schema.json. Labels: see `contractlens terms show fair-contract`
# and contractlens/taxonomy.py (unfair: a ch cr j law ltd ter use pinc; flags: sale,
# targeted_ads, third_party_tracking, partner_sharing, retention_period, access_rights,
# dnt_gpc, ai_training, ...; practices: first_party, third_party, choice, access, ...).
id: my-terms                 # lowercase letters, digits and dashes
title: My terms
description: What I ask of every site I use.
version: "1"
source:                      # where the idea comes from (name, and a URL if there is one)
  name: My own terms
terms:
  # Each term: one sentence in your voice, how much it matters, and the evidence.
  - id: no-sale
    statement: Do not sell my personal information.
    importance: high         # low | medium | high  (or weight: a number from 0 to 10)
    violated_by:             # any of these findings breaks the term
      - {kind: flag, label: sale}                 # flags default to polarity "does" here
    honoured_by:             # otherwise, any of these keeps it
      - {kind: flag, label: sale}                 # ...and to "does_not" here ("we do not sell")

  - id: my-courts
    statement: I can take a dispute to the courts where I live.
    importance: medium
    violated_by:
      - {kind: unfair, label: j, min_level: 2}    # 2 = potentially, 3 = clearly unfair
    honoured_if_silent_in: [terms]                # no such clause in a contract keeps my right

  - id: bounded-retention
    statement: Keep my data only for a stated, limited time.
    importance: low
    violated_by:
      - {kind: flag, label: retention_period, attribute: {retention: [indefinite, unstated]}}
    honoured_by:
      - {kind: flag, label: retention_period, attribute: {retention: bounded}}
"""


def write_starter_profile(path: str | Path) -> Path:
    """Write a commented starter profile for the person to edit; never overwrite a file."""
    path = Path(path)
    if path.exists():
        raise InputError(f"{path} already exists; choose another name or remove it first")
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(STARTER_PROFILE)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
