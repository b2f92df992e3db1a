"""Article text cut into segments so marked spans can be highlighted safely.

The template escapes each segment's text and wraps marked segments in ``<mark>``:
source text never reaches the page unescaped, and overlapping spans (a trigger inside
its evidence sentence) need no nested markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of the text to highlight, with a CSS class naming what it is."""

    start: int
    end: int
    kind: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same marks (none for plain text)."""

    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    anchor: str | None = None

    @property
    def css(self) -> str:
        return " ".join(f"hl-{kind}" for kind in self.kinds)


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """``text`` split at every mark boundary; out-of-range or empty marks are ignored."""
    usable = [
        m for m in marks if 0 <= m.start < m.end <= len(text) and m.kind.replace("-", "").isalnum()
    ]
    cuts = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    out: list[Segment] = []
    anchored: set[str] = set()
    for start, end in itertools.pairwise(cuts):
        covering = [m for m in usable if m.start <= start and end <= m.end]
        kinds = tuple(dict.fromkeys(m.kind for m in covering))
        labels = tuple(dict.fromkeys(m.label for m in covering if m.label))
        # The first segment of each kind gets an id, so the page can link to it.
        anchor = next((k for k in kinds if k not in anchored), None)
        if anchor is not None:
            anchored.add(anchor)
        out.append(Segment(text[start:end], kinds, labels, anchor))
    return out
