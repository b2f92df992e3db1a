"""Where a content ends: a learned choice over the phrases after the content's head.

The parse gives a content's core (the clause, object or infinitive the cue governs),
but what trails it is a matter of annotation style the tree does not decide: "said X
and would Y" (one content or two?), "blamed X directly for Y" (the parser hangs "for
Y" on the verb), "said X, an acknowledgment that ..." (an aside). Each such trailing
phrase is an *edge*: a right dependent of the content's head that may be cut off
(``trim``), or a later right dependent of the cue that may be taken in (``extend``).
A logistic model over a few syntactic features (``data/attribution/edge_model.tsv``,
fit on PolNeAR train by ``python -m backchannel.extract._attribution_train``) decides
each; phrases are taken in order and the first "no" ends the content.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._attribution_lexicon import log_odds, model_weights

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Edge", "adjust_end", "edge_model", "edges_of"]

# Dependents that trail a content's head and may or may not belong to it.
_TRIMMABLE = frozenset(
    {"conj", "advcl", "relcl", "acl", "appos", "parataxis", "npadvmod", "prep", "ccomp",
     "xcomp", "dobj", "oprd", "advmod", "dep"}
)  # fmt: skip
# Later dependents of the cue verb that may continue its content.
_EXTENDABLE = frozenset(
    {"prep", "advcl", "xcomp", "npadvmod", "conj", "ccomp", "dobj", "oprd", "advmod",
     "dative", "acomp", "parataxis", "dep"}
)  # fmt: skip
_LEAD_PUNCT = frozenset({",", "—", "–", "--", "-", ":", ";", "("})
# Marks an edge does not reach over (NYT's two-character '' is left out on purpose:
# stopping at it lost content F1 on PolNeAR train).
_QUOTE_MARKS = frozenset({"“", "”", '"', "«", "»", "'"})


@dataclass(slots=True)
class Edge:
    side: str  # "trim" (a dependent of the content's head) or "extend" (of the cue)
    token: Token
    start: int  # first token of the phrase, lead-in ("and", ",") included
    end: int  # one past its last token
    features: list[str]


def _size(n: int) -> str:
    return "1" if n == 1 else "2-4" if n <= 4 else "5-12" if n <= 12 else "13+"


def _features(side: str, c: Token, lead: list[Token], frame: str, speech: bool) -> list[str]:
    doc = c.doc
    dep = c.dep_
    punct = next((t.text for t in lead if t.text in _LEAD_PUNCT), "-")
    word = next((t.lower_ for t in lead if t.dep_ == "cc"), "-")
    first = doc[c.left_edge.i]
    opener = (
        first.lower_
        if first.dep_ in ("mark", "cc", "prep", "advmod") or (first.i == c.i and dep == "prep")
        else first.pos_
    )
    own_subject = any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
    dated = c.ent_type_ in ("DATE", "TIME") or any(
        g.ent_type_ in ("DATE", "TIME") for g in c.children if g.dep_ == "pobj"
    )
    quoted = any(t.text in _QUOTE_MARKS for t in doc[c.left_edge.i : c.right_edge.i + 1])
    n = _size(c.right_edge.i - c.left_edge.i + 1)
    return [
        "BIAS",
        f"S={side}",
        f"S={side}|D={dep}",
        f"S={side}|D={dep}|P={punct}",
        f"S={side}|D={dep}|C={word}",
        f"S={side}|D={dep}|O={opener}",
        f"S={side}|D={dep}|T={c.tag_}",
        f"S={side}|D={dep}|J={own_subject}",
        f"S={side}|D={dep}|N={n}",
        f"S={side}|D={dep}|DT={dated}",
        f"S={side}|D={dep}|SP={speech}",
        f"S={side}|D={dep}|Q={quoted}",
        f"S={side}|D={dep}|H={c.head.pos_}",
        f"S={side}|F={frame}|D={dep}",
        f"S={side}|F={frame}|P={punct}",
        f"S={side}|P={punct}|J={own_subject}",
    ]


def _lead_start(c: Token, floor: int) -> int:
    """First token of the commas and conjunction before ``c``'s phrase."""
    doc = c.doc
    k = c.left_edge.i
    while k - 1 > floor and (doc[k - 1].is_punct or doc[k - 1].dep_ == "cc"):
        if doc[k - 1].text in _QUOTE_MARKS:
            break
        k -= 1
    return k


def edges_of(
    cue: Token, head: Token, frame: str, a: int, b: int, speech: frozenset[str]
) -> list[Edge]:
    """Trim edges (right dependents of ``head`` inside [a, b)) and extend edges (right
    dependents of ``cue`` after ``b``, reachable over punctuation only), in text order."""
    doc = cue.doc
    out: list[Edge] = []
    for c in head.rights:
        if c.dep_ not in _TRIMMABLE or c.left_edge.i <= head.i or c.right_edge.i >= b:
            continue
        start = _lead_start(c, head.i)
        lead = list(doc[start : c.left_edge.i])
        feats = _features("trim", c, lead, frame, c.lemma_.lower() in speech)
        out.append(Edge("trim", c, start, c.right_edge.i + 1, feats))
    end = b
    for c in cue.rights:
        if c.i < end or c.dep_ not in _EXTENDABLE:
            continue
        gap = doc[end : c.left_edge.i]
        if any(not (t.is_punct or t.dep_ == "cc") or t.text in _QUOTE_MARKS for t in gap):
            break
        if any(t.pos_ == "VERB" and t.lemma_.lower() in speech for t in c.subtree):
            break  # "..., telling them that X": an attribution of its own, not content
        feats = _features("extend", c, list(gap), frame, c.lemma_.lower() in speech)
        out.append(Edge("extend", c, end, c.right_edge.i + 1, feats))
        end = c.right_edge.i + 1
    return out


def _keeps(edge: Edge, weights: Mapping[str, float]) -> bool:
    return log_odds(weights, edge.features) > 0.0


def adjust_end(edges: list[Edge], b: int, weights: Mapping[str, float] | None = None) -> int:
    """The content's new end: cut at the first trim edge the model drops, else run on
    over the extend edges it keeps."""
    weights = edge_model() if weights is None else weights
    if not weights:
        return b
    for e in edges:
        if e.side == "trim" and not _keeps(e, weights):
            return e.start
    for e in edges:
        if e.side == "extend":
            if not _keeps(e, weights):
                break
            b = e.end
    return b


@functools.cache
def edge_model() -> dict[str, float]:
    """Weights of the edge model (feature -> log-odds); empty when not shipped."""
    return model_weights("edge_model.tsv")
