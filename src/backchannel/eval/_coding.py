"""Shared by the sentence-level event scorers: code sentences, pick the main event."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any


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
