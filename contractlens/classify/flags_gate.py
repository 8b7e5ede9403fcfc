"""Required literals of a regular expression: a cheap, exact gate before running it.

Running 18 flag triggers over every clause of a long document costs tens of ms in `re`,
although most clauses hold none of their words. Every match of a trigger contains one
string of each of a few literal sets (one of "sell", "sold", "rent", "sale" ...), found by
walking the parsed pattern; `LiteralIndex` finds the clauses holding them with a few
`str.find` scans of the whole document (fast C code), and only those clauses are searched.
The gate is derived from the pattern itself, so it never drops a match.
"""

from __future__ import annotations

import bisect
import itertools
import re

try:  # Python >= 3.11
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C
    import sre_parse as P

MAX_LITERALS = 64  # beyond this many alternatives the gate is not worth testing
# Strings in most privacy-policy clauses: a set holding one of them is a poor gate.
COMMON_WORDS = frozenset(
    "your their data information account content privacy share provide use request right under "
    "number marketing business partners parties third available give with using on ed ing".split()
)


_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())


def _minimal(literals: frozenset[str]) -> frozenset[str]:
    """Drop literals that contain another one ("selling" goes when "sell" is there)."""
    return frozenset(a for a in literals if not any(b != a and b in a for b in literals))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: few alternatives, none very short (4+ letters is rare enough)."""
    if not candidates:
        return None
    return max(candidates, key=_selectivity)


def _selectivity(literals: frozenset[str]) -> tuple[int, int, int, int]:
    """Higher is rarer: none very short, no word found in most policy clauses, few alternatives."""
    shortest = min(map(len, literals))
    return min(4, shortest), -len(literals & COMMON_WORDS), -len(literals), shortest


def _conjuncts(items) -> list[frozenset[str]]:
    """Sets of strings such that every match of the parsed sequence `items` holds one of each set."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def close_run():
        if run:
            found.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is C.LITERAL and av != ord("\n"):  # texts are joined by newlines (LiteralIndex)
            run.append(chr(av).lower())
            continue
        close_run()
        if op is C.SUBPATTERN:
            found.extend(_conjuncts(av[-1]))
        elif op is C.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            if all(b is not None for b in branches):
                found.append(frozenset().union(*branches))
        elif op in _REPEATS and av[0] >= 1:
            found.extend(_conjuncts(av[2]))
        # anything else (classes, anchors, look-arounds, optional parts) requires nothing
    close_run()
    return [_minimal(c) for c in found if c and len(c) <= MAX_LITERALS]


def _required(items) -> frozenset[str] | None:
    """One set of strings of which every match of the parsed sequence `items` holds one."""
    return _best(_conjuncts(items))


def required_literals(pattern: re.Pattern) -> list[frozenset[str]]:
    """Sets of lower-case strings: every match of `pattern` contains one string of each set.

    Matching is assumed to run on lower-cased text (see `flags.candidate_rules_per_text`);
    the most selective set comes first, so a failing test usually stops at the first.
    """
    conjuncts = _conjuncts(list(P.parse(pattern.pattern, pattern.flags)))
    return sorted(set(conjuncts), key=_selectivity, reverse=True)


class LiteralIndex:
    """Which of many lower-cased texts contain a literal, by `str.find` over the texts joined.

    One C-speed scan per literal of the whole document (skipping to the next text after a
    hit) is much cheaper than testing every literal against every clause in Python.
    """

    def __init__(self, lowered: list[str]):
        self.joined = "\n".join(lowered)
        self.ends = list(itertools.accumulate(len(text) + 1 for text in lowered))  # one past each "\n"
        self._found: dict[str, frozenset[int]] = {}

    def texts_with(self, literal: str) -> frozenset[int]:
        found = self._found.get(literal)
        if found is None:
            hits, at = [], self.joined.find(literal)
            while at >= 0:
                index = bisect.bisect_right(self.ends, at)
                hits.append(index)
                at = self.joined.find(literal, self.ends[index]) if index + 1 < len(self.ends) else -1
            found = self._found[literal] = frozenset(hits)
        return found

    def candidates(self, conjuncts: list[frozenset[str]]) -> frozenset[int] | None:
        """Indices of the texts holding a literal of every set (None: no set, so every text)."""
        result = None
        for literals in conjuncts:
            holding = frozenset().union(*(self.texts_with(literal) for literal in literals))
            result = holding if result is None else result & holding
            if not result:
                break
        return result
