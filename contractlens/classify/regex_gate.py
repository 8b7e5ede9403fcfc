"""Faster searches for alternations of literal phrases: a first-character gate.

Python's `re` tries every alternative of `arbitra|small claims|\\bjams\\b|...` at every
character of the text. Prefixing the pattern with a lookahead on the characters a match can
start with (`(?=[asjli])`) makes most positions fail at once: searches over a whole document
run several times faster and find exactly the same matches. The first characters are read
from the parsed pattern; when they cannot be known (a pattern starting with `\\w`, `.`, ...)
the pattern is compiled as it is.
"""

from __future__ import annotations

import re

try:  # the parser behind `re.compile`; renamed from sre_parse in Python 3.11
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons: no gating, same results
    _p = _c = None

_MAX_CHARS = 40  # a gate with more possible first characters than this saves little


def first_characters(pattern: str, flags: int = 0) -> set[str] | None:
    """The characters every match of `pattern` starts with, or None when unknown or empty matches are possible."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern, flags)
    except re.error:
        return None
    chars, nullable = _first(list(parsed))
    if chars is None or nullable:
        return None
    if flags & re.IGNORECASE:
        chars = {variant for c in chars for variant in (c.lower(), c.upper())}
    return chars


def _first(items: list) -> tuple[set[str] | None, bool]:
    """(first characters, can match empty) of a sequence of parsed items."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.AT:  # \b, ^, $: zero-width, look at what follows
            continue
        if op is _c.LITERAL:
            return chars | {chr(av)}, False
        if op is _c.IN:
            found = _charset(av)
            return (None, False) if found is None else (chars | found, False)
        if op is _c.BRANCH:
            found, nullable = _union([list(alternative) for alternative in av[1]])
        elif op is _c.SUBPATTERN:
            found, nullable = _first(list(av[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            found, nullable = _first(list(av[2]))
            nullable = nullable or av[0] == 0
        else:  # ANY, categories, negations, group references, lookarounds: unknown
            return None, False
        if found is None:
            return None, False
        chars |= found
        if not nullable:
            return chars, False
    return chars, True


def _union(alternatives: list[list]) -> tuple[set[str] | None, bool]:
    chars: set[str] = set()
    nullable = False
    for alternative in alternatives:
        found, empty = _first(alternative)
        if found is None:
            return None, False
        chars |= found
        nullable = nullable or empty
    return chars, nullable


def _charset(items: list) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CHARS:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:  # negated sets, categories (\w, \s), wide ranges
            return None
    return chars


def _compiler_scans_fast(pattern: str, flags: int) -> bool:
    """Whether `re` already skips ahead by itself: a case-sensitive pattern whose every top-level
    alternative starts with a literal gets a first-character prefix from the compiler (a gate
    would only hide it: `\\b`, groups or IGNORECASE at the start are what defeat it)."""
    if _p is None or flags & re.IGNORECASE:
        return False
    items = list(_p.parse(pattern, flags))
    if not items:
        return False
    op, av = items[0]
    if op is _c.BRANCH:
        return all(alternative and list(alternative)[0][0] in (_c.LITERAL, _c.IN) for alternative in av[1])
    return op in (_c.LITERAL, _c.IN)


def gated(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile(pattern, flags)`, with a first-character lookahead when that is known, selective
    and not something the compiler already does."""
    chars = first_characters(pattern, flags)
    if not chars or len(chars) > _MAX_CHARS or _compiler_scans_fast(pattern, flags):
        return re.compile(pattern, flags)
    charset = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=[{charset}])(?:{pattern})", flags)
