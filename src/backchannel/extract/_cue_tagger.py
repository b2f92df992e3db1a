"""A small learned cue tagger: proposes cue spans the syntactic frames may not reach.

The model (``data/attribution/cue_tagger/``, fit by ``_cue_tagger_train``) is a spaCy
token tagger with its own narrow tok2vec; it labels tokens B/I/O (begins, continues or
lies outside a cue) from the words and the parse spaCy already made, so running it
costs one small network pass and never touches the parsed ``Doc``. It is off unless
``BACKCHANNEL_CUE_TAGGER=1``; without the model folder nothing is proposed either way.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "BEGIN",
    "INSIDE",
    "LABELS",
    "OUTSIDE",
    "TAGGER_ENV",
    "TaggedCue",
    "decode",
    "load_cue_tagger",
    "model_dir",
    "propose_cues",
]

BEGIN, INSIDE, OUTSIDE = "B", "I", "O"
LABELS = (BEGIN, INSIDE, OUTSIDE)
COMPONENT = "cue_tagger"


@dataclass(frozen=True, slots=True)
class TaggedCue:
    """Tokens ``start:end`` tagged as one cue; ``confidence`` is its weakest token's."""

    start: int
    end: int
    confidence: float  # probability that a token is not outside a cue, minimum over the span


# Opt in with BACKCHANNEL_CUE_TAGGER=1. Off by default: on PolNeAR dev it adds 24
# relations over 84 articles (cue F1 +0.005) for about 8 % more of spaCy's time, which
# would take the whole pipeline under 0.8 of raw spaCy's speed.
TAGGER_ENV = "BACKCHANNEL_CUE_TAGGER"


@dataclass(slots=True)
class TaggerUse:
    """How the attribution stage weighs the tagger (fit on held-out training articles)."""

    enabled: bool = field(default_factory=lambda: os.environ.get(TAGGER_ENV, "") == "1")
    threshold: float = 0.5  # a token is in a cue from this probability
    confidence: float = 0.7  # a cue no frame reached counts from this weakest token


TAGGER_USE = TaggerUse()


def model_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "attribution" / "cue_tagger"


@functools.cache
def load_cue_tagger(path: Path | None = None) -> Any | None:
    """The tagger's thinc model and label order, loaded once; ``None`` when not shipped."""
    folder = path or model_dir()
    if not (folder / "config.cfg").is_file():
        return None
    import spacy

    pipe = spacy.load(folder).get_pipe(COMPONENT)
    return pipe.model, tuple(pipe.labels)


def decode(probs: Any, labels: tuple[str, ...], threshold: float) -> list[TaggedCue]:
    """Cue spans from per-token label probabilities (rows: tokens, columns: ``labels``).

    A token is in a cue when P(not outside) reaches ``threshold``; it starts a new cue
    when B outweighs I or the token before was outside.
    """
    outside, begin, inside = labels.index(OUTSIDE), labels.index(BEGIN), labels.index(INSIDE)
    cues: list[TaggedCue] = []
    start: int | None = None
    weakest = 1.0
    for i, row in enumerate(probs):
        in_cue = 1.0 - float(row[outside])
        if in_cue < threshold:
            if start is not None:
                cues.append(TaggedCue(start, i, weakest))
                start = None
            continue
        if start is not None and row[begin] > row[inside]:
            cues.append(TaggedCue(start, i, weakest))
            start = None
        if start is None:
            start, weakest = i, in_cue
        weakest = min(weakest, in_cue)
    if start is not None:
        cues.append(TaggedCue(start, len(probs), weakest))
    return cues


def propose_cues(doc: Doc, threshold: float = 0.5) -> list[TaggedCue]:
    """The cues the shipped tagger finds in ``doc`` (empty without a model)."""
    loaded = load_cue_tagger()
    if loaded is None or not len(doc):
        return []
    model, labels = loaded
    (scores,) = model.predict([doc])
    return decode(model.ops.to_numpy(scores), labels, threshold)
