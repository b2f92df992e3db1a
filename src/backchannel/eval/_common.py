"""Shared by the scorers: precision/recall/F1, JSON output, coding gold sentences."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Any


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """Precision, recall and F1 (rounded to 4 places) with the counts they come from."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp,
            "pred": n_pred, "gold": n_gold}  # fmt: skip


def print_json(result: Mapping[str, Any], errors: list[Any] | None) -> None:
    """The scores without the per-item ``rows``; with ``errors`` when they were asked for."""
    out = {k: v for k, v in result.items() if k != "rows"}
    if errors is not None:
        out["errors"] = errors
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def code_sentences(texts: Sequence[str]) -> Iterator[list[Any]]:
    """The coded events (``CodedEvent``) of each text, in order, one spaCy pass."""
    from ..actors import ActorDictionary, resolve_mentions
    from ..extract.events import code_events
    from ..nlp import load_nlp

    nlp = load_nlp()
    book = ActorDictionary.load()
    for doc in nlp.pipe(texts, batch_size=64):
        yield code_events(doc, resolve_mentions(doc, book, None))


def main_event(events: Sequence[Any]) -> Any | None:
    """The most confident event of a sentence (the first among equals), or None."""
    best = None
    for ev in events:
        if best is None or ev.confidence > best.confidence:
            best = ev
    return best
