"""Whether the preposition right after a cue belongs to it: "called on X to Y",
"referring to X", "would not comment on X" (PolNeAR: yes) against "said on Monday
that", "insisted on Tuesday that" (no).

The choice turns on the verb and the preposition together, so a small logistic model
over them (``data/attribution/extent_model.tsv``, fit on PolNeAR train by ``python -m
backchannel.extract._attribution_train``) makes it; without the model a fixed list of
prepositions does.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ._attribution_lexicon import log_odds, model_weights

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["extension", "extension_features", "extent_model", "joins_cue"]


def extension(tok: Token, at: int) -> Token | None:
    """The preposition (or passive ``by``) of cue ``tok`` at token ``at``, right after
    the cue, when it governs a phrase."""
    doc = tok.doc
    if at >= len(doc):
        return None
    p = doc[at]
    if p.head.i != tok.i or p.dep_ not in ("prep", "agent"):
        return None
    return p if any(g.dep_ in ("pobj", "pcomp") for g in p.children) else None


def _object_class(p: Token) -> str:
    obj = next(g for g in p.children if g.dep_ in ("pobj", "pcomp"))
    if obj.dep_ == "pcomp":
        return "clause"
    if obj.ent_type_:
        return obj.ent_type_
    return obj.pos_


def extension_features(tok: Token, p: Token, frame: str) -> list[str]:
    """Features of a preposition that may join cue ``tok`` (in ``frame``)."""
    lemma = tok.lemma_.lower()
    word = p.lower_
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    adjacent = p.i == tok.i + 1
    return [
        "BIAS",
        f"W={word}",
        f"D={p.dep_}",
        f"L={lemma}",
        f"L={lemma}|W={word}",
        f"F={frame}",
        f"F={frame}|W={word}",
        f"W={word}|O={_object_class(p)}",
        f"W={word}|PASS={passive}",
        f"W={word}|ADJ={adjacent}",
        f"T={tok.tag_}|W={word}",
    ]


@functools.cache
def extent_model() -> dict[str, float]:
    """Weights of the extent model (feature -> log-odds); empty when not shipped."""
    return model_weights("extent_model.tsv")


def joins_cue(tok: Token, p: Token, frame: str) -> bool | None:
    """Whether ``p`` belongs to cue ``tok`` (log-odds > 0); None without the model."""
    weights = extent_model()
    if not weights:
        return None
    return log_odds(weights, extension_features(tok, p, frame)) > 0.0
