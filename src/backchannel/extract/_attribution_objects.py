"""Cues that run over their object to a preposition: "took a shot at X", "made no
mention of X", "claimed credit for X".

In PolNeAR such a verb, its object noun and the preposition after it form one cue,
and the preposition's object is the content; but "told the audience at X" or
"announced the deal with X" keep the verb alone as the cue. Which reading holds turns
on the noun and the preposition ("credit for", "attack on") more than on the verb, so
a small logistic model over those (``data/attribution/object_model.tsv``, fit on
PolNeAR train by ``python -m backchannel.extract._attribution_train``) decides.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ._attribution_lexicon import log_odds, model_weights

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["object_features", "object_in_cue", "object_model", "object_preposition"]

# Log-odds needed to run the cue over its object: PolNeAR's annotators split on many
# of these ("delivered a critique of"), and a wrong run-over loses a cue that was
# right; on held-out train articles (three folds) 1.0 gained a little, 0.0 less.
_THRESHOLD = 1.0
# Prepositions that introduce what an object noun is about or aimed at.
_OBJECT_PREPS = frozenset(
    {"at", "against", "for", "on", "of", "about", "to", "with", "over", "toward",
     "towards", "into", "upon"}
)  # fmt: skip


def _introduces_phrase(p: Token) -> bool:
    return (
        p.dep_ == "prep"
        and p.lower_ in _OBJECT_PREPS
        and any(g.dep_ in ("pobj", "pcomp") for g in p.children)
    )


def object_preposition(verb: Token, obj: Token) -> Token | None:
    """The preposition closing "VERB OBJ PREP": one hung on the object noun, or one on
    the verb right after the object's phrase ("took issue yesterday with" excluded)."""
    if obj.pos_ != "NOUN":
        return None
    for p in obj.rights:
        if _introduces_phrase(p):
            return p
    for p in verb.rights:
        if p.i == obj.right_edge.i + 1 and _introduces_phrase(p):
            return p
    return None


def _determiner(obj: Token) -> str:
    for c in obj.lefts:
        if c.dep_ == "det":
            return c.lower_ if c.lower_ in ("no", "a", "an", "the") else "other"
        if c.dep_ == "poss":
            return "poss"
    return "-"


def object_features(verb: Token, obj: Token, prep: Token) -> list[str]:
    """Features of a "VERB OBJ PREP" candidate for the object model."""
    noun = obj.lemma_.lower()
    lemma = verb.lemma_.lower()
    on_noun = "noun" if prep.head.i == obj.i else "verb"
    modified = any(c.dep_ in ("amod", "compound") for c in obj.lefts)
    return [
        "BIAS",
        f"O={noun}",
        f"P={prep.lower_}",
        f"O={noun}|P={prep.lower_}",
        f"L={lemma}",
        f"L={lemma}|O={noun}",
        f"L={lemma}|P={prep.lower_}",
        f"DET={_determiner(obj)}",
        f"AT={on_noun}",
        f"AT={on_noun}|P={prep.lower_}",
        f"MOD={modified}",
    ]


@functools.cache
def object_model() -> dict[str, float]:
    """Weights of the object model (feature -> log-odds); empty when not shipped."""
    return model_weights("object_model.tsv")


def object_in_cue(verb: Token, obj: Token, prep: Token) -> bool:
    """Whether the cue ``verb`` runs over ``obj`` to ``prep`` (see ``_THRESHOLD``)."""
    weights = object_model()
    return log_odds(weights, object_features(verb, obj, prep)) > _THRESHOLD
