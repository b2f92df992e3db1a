"""A cheap test of whether a rule's regex could match a text at all.

Every rule of the time-expression finder lists the words it cannot match without (its
*needs*: groups of words, one word of each group must occur). Looking those words up in a
lowercased copy of the text is far cheaper than running some thirty case-insensitive
regexes over it, and it never changes the output as long as each list is a superset:
whatever a rule's regex matches must contain one word of each of its groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..casefold import fold

__all__ = ["DIGIT", "Needs", "compile_needs", "may_match", "present_words"]

# Stands for "a digit" (anything ``\d`` matches) in a group of needed words.
DIGIT = r"\d"

Needs = Sequence[Sequence[str]]

_DIGIT_RE = re.compile(r"\d")


def compile_needs(needs: Needs) -> tuple[frozenset[str], ...]:
    """The groups of ``needs`` as sets, for :func:`may_match`."""
    return tuple(frozenset(group) for group in needs)


def present_words(text: str, vocabulary: Iterable[str]) -> frozenset[str]:
    """The words of ``vocabulary`` that occur in ``text`` (``DIGIT`` if it holds a digit)."""
    folded = fold(text)
    found = {w for w in vocabulary if w in folded}
    if _DIGIT_RE.search(text) is not None:
        found.add(DIGIT)
    return frozenset(found)


def may_match(needs: tuple[frozenset[str], ...], present: frozenset[str]) -> bool:
    """False only when some group of ``needs`` has none of its words ``present``."""
    return not any(map(present.isdisjoint, needs))
