"""Describing an attribution source: named or not, how many, whose, former, with what access."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Mention, SourceInfo
from ._attribution_lexicon import affiliations, outlet_heads, outlets, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
    "another": 1, "dozen": 12, "both": 2, "single": 1,
}  # fmt: skip
# Determiners that make a singular noun phrase a count of one; "the"/"this" do not
# state a count.
_ONE_DETS = frozenset({"a", "an", "another", "one", "single"})
# Post-modifiers that tell how a source knows; checked on the modifier's own text.
_ACCESS = re.compile(
    r"^(?:who\s+(?:had\s+|has\s+|have\s+)?(?:met|meets|spoke|speaks|talked|talks|"
    r"was|were|is|are|had|has|have|attended|participated|took part|sat|worked|works|"
    r"served|serves|dealt|deals|negotiated|briefed|saw|reviewed|read)\b|"
    r"close to\b|familiar with\b|briefed on\b|(?:with|who have|who has)\s+"
    r"(?:direct\s+|first-hand\s+|firsthand\s+|detailed\s+)?(?:knowledge|access)\b|"
    r"knowledgeable about\b|involved in\b|privy to\b|aware of\b|present at\b|"
    r"in the room\b|with ties to\b|connected to\b|linked to\b|"
    r"(?:who|that)\s+(?:were|was|are|is)\s+(?:present|involved|briefed))",
    re.IGNORECASE,
)
PERSON_NOUNS = words(
    "official officials source sources diplomat diplomats aide aides adviser advisers "
    "advisor advisors person people spokesman spokeswoman spokesperson minister "
    "ministers analyst analysts expert experts officer officers lawmaker lawmakers "
    "insider insiders envoy envoys negotiator negotiators representative "
    "representatives member members staffer staffers"
)
_FORMER = frozenset({"former", "ex", "retired", "onetime", "one-time", "erstwhile"})


def affiliation_of(tokens: list[Token]) -> str | None:
    """The first country/IGO code named in ``tokens`` (longest phrase wins)."""
    exact, folded, longest = affiliations()
    words = [t.text for t in tokens]
    lowered = [w.lower() for w in words]
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + n])
            code = exact.get(key) or folded.get(tuple(lowered[i : i + n]))
            if code:
                return code
        i += 1
    return None


def is_outlet(tokens: list[Token], head: Token) -> bool:
    text = " ".join(t.lower_ for t in tokens if not t.is_punct)
    names = outlets()
    if text in names or text.removeprefix("the ") in names:
        return True
    # Word-boundary containment: "a report by Reuters", "Russian state media".
    padded = f" {text} "
    if any(f" {name} " in padded for name in names if " " in name or len(name) > 3):
        return True
    # A capitalised name ending in a press word ("The Japan Times", "Kyiv Post").
    return head.lower_ in outlet_heads() and (head.pos_ == "PROPN" or head.lower_ == "media")


def describe(
    doc: Doc,
    start_i: int,
    end_i: int,
    head: Token,
    mentions: list[Mention] | None = None,
) -> SourceInfo:
    """A :class:`SourceInfo` for tokens ``[start_i, end_i)`` headed by ``head``."""
    tokens = [doc[i] for i in range(start_i, end_i)]
    span_start, span_end = doc[start_i].idx, doc[end_i - 1].idx + len(doc[end_i - 1])
    info = SourceInfo(text=doc[start_i:end_i].text, start=span_start, end=span_end)

    # The core noun phrase is the head and its pre-modifiers; post-modifiers carry access.
    core = [t for t in tokens if t.i <= head.i]
    post = [t for t in tokens if t.i > head.i]
    after = doc[head.i + 1 : end_i].text.lstrip(" ,")
    if post and _ACCESS.match(after):
        info.access = after.rstrip(" ,")
    for child in head.rights:
        if child.i >= end_i or info.access is not None:
            break
        if child.dep_ in ("relcl", "acl", "prep", "amod", "advmod", "appos") or (
            child.dep_ == "conj" and child.pos_ != "PROPN"
        ):
            text = doc[child.left_edge.i : child.right_edge.i + 1].text
            if child.dep_ == "amod" and child.right_edge.i == child.i:
                continue
            if _ACCESS.match(text) and info.access is None:
                info.access = text.rstrip(" ,")

    info.named = head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG")
    if head.pos_ == "PRON":
        info.named = False
        info.plural = head.lower_ in ("they", "them", "we")
        info.count = 1 if head.lower_ in ("he", "she", "i") else None
    else:
        info.plural = head.tag_ in ("NNS", "NNPS")
        for child in head.children:
            if child.i < head.i and child.dep_ in ("nummod", "det", "quantmod"):
                word = child.lower_
                if child.dep_ == "nummod" and child.like_num:
                    num = _NUMBERS.get(word)
                    if num is None and word.isdigit():
                        num = int(word)
                    info.count = num
                elif word in _ONE_DETS and not info.plural:
                    info.count = 1
                elif word == "both":
                    info.count = 2
        if info.count is not None and info.count > 1:
            info.plural = True
    info.former = any(t.lower_ in _FORMER for t in core) or any(
        t.lower_.startswith("ex-") for t in core
    )
    info.affiliation = affiliation_of(core)
    if info.affiliation is None and info.named:
        info.affiliation = affiliation_of(tokens)
    if info.affiliation is None and post and info.access is None:
        # "officials in Moscow", "a spokesman for the Kremlin".
        info.affiliation = affiliation_of(post)
    if mentions:
        for m in mentions:
            if m.start <= head.idx < m.end:
                info.actor = m.actor
                if info.affiliation is None and m.actor.country:
                    info.affiliation = m.actor.country
                break
    return info


def person_like(head: Token) -> bool:
    return head.pos_ == "PROPN" or head.lower_ in PERSON_NOUNS or head.ent_type_ == "PERSON"
