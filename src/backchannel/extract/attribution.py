"""Attribution relations (source, cue, content) and the certainty of claims.

The stage reads a spaCy dependency parse. Each verb or noun that governs possible
content gets a *frame* (a clausal complement, an adjacent quotation, a parenthetical
"..., X said", an infinitive, an object, a prepositional object, a passive agent), and
so does a copula whose adjective takes a complement ("X is critical of Y").
A small logistic model over the lemma, frame and a few syntactic features
(``data/attribution/cue_model.tsv``, fit on PolNeAR train by ``python -m
backchannel.extract._attribution_train``) decides whether it is a cue; the
frame then gives the content span and the subject (or agent) the source; where the
content ends (which trailing phrases it keeps or takes in) is a second small model's
choice (``_attribution_edges``, ``data/attribution/edge_model.tsv``). "According
to", "as X noted, ...", punctuation cues (speaker labels "PENCE: ...", signed quotations;
``_attribution_labels``), title-case headline verbs ("X Endorses Y"), evidential adverbs
("reportedly") and passive reporting frames ("is said to") are handled by rule, and
quotations are followed over sentences. An opt-in small learned cue tagger
(``_cue_tagger``) adds the confident cues no frame reaches ("the truce was announced", "a
plan opposed by X"), their content taken by a simple rule.

Span extents follow PolNeAR (univocal: a token has one role): content stays in the
cue's paragraph (quotations excepted), a relative clause that is an attribution of its
own ("X, who says A, tweeted B") leaves the other relation's source, "according to"
asides leave a content, and of two cues each inside the other's content the first is
the report. Offsets are character offsets into ``doc.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..model import Certainty, Mention, SourceInfo, Span, Status
from ._attribution_edges import Edge, adjust_end, edges_of
from ._attribution_extent import extension, joins_cue
from ._attribution_labels import punctuation_cues
from ._attribution_lexicon import (
    cue_classes,
    cue_model,
    cue_nouns,
    cue_stats,
    log_odds,
    words,
    xcomp_joins,
)
from ._attribution_objects import object_in_cue, object_preposition
from ._attribution_source import describe, is_outlet, person_like
from ._cue_tagger import TAGGER_USE, TaggedCue, load_cue_tagger, propose_cues

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "AttributionRelation",
    "assess_certainty",
    "find_attributions",
    "frame_of",
    "load_attribution_models",
    "relation_at",
    "relations_covering",
    "status_of",
]

KINDS = ("direct", "indirect", "mixed", "according_to", "evidential", "parenthetical")
CUE_CLASSES = ("assert", "report", "belief", "speculate", "deny")


@dataclass(slots=True)
class AttributionRelation:
    id: int
    cue: Span
    source: Span | None
    content: Span | None
    kind: str  # one of KINDS
    cue_class: str  # one of CUE_CLASSES
    source_info: SourceInfo | None
    is_outlet: bool = False
    parent: int | None = None  # id of the relation whose content contains this one
    # Content pieces when it is interrupted ("A, he said, B") or spread over quotes.
    content_parts: list[Span] = field(default_factory=list)
    antecedent: int | None = None  # for a pronoun source: the relation naming the speaker


# --- tuning -----------------------------------------------------------------------

# Fallback when cue_model.tsv is absent: P(cue | lemma, frame) from cues.tsv.
_MIN_RATE = 0.3
_MIN_HITS = 2
# Speech and thought verbs accepted with a clause or quote whatever the counts say,
# so that the stage does not depend on PolNeAR's vocabulary alone.
_CORE = words(
    "say tell state add write report claim suggest deny believe think warn insist argue "
    "announce confirm explain note acknowledge admit assert declare reply respond predict "
    "speculate estimate allege reject dismiss stress emphasize emphasise reiterate "
    "tweet post testify recall concede contend maintain complain signal indicate hint "
    "caution assure promise vow threaten fear hope expect conclude disclose reveal "
    "observe remark recount describe"
)
_QUOTE_FRAMES = frozenset({"ccomp", "quote", "main"})
_RAISING = frozenset({"seem", "appear"})
_STATEMENT_NOUNS = words(
    "statement interview email e-mail tweet letter post speech release op-ed "
    "conversation call briefing remarks message memo note video podcast broadcast "
    "appearance address testimony report post"
)
# "said in a statement" is mostly one cue in PolNeAR; "said in an interview", "in an
# email", "in a speech" mostly leave the phrase out (counts from PolNeAR train).
_INSIDE_CUE_NOUNS = words("statement post appearance release")
# Prepositions right after a cue verb that PolNeAR counts as part of the cue.
_CUE_PREPS = frozenset({"on", "for", "about", "against", "over", "to", "with", "of", "upon"})
# Prepositions that introduce circumstances, not content ("said in", "spoke at").
_NOT_CONTENT_PREPS = frozenset({"in", "at", "during", "from", "since", "among", "by", "after"})
# Adverbs before a cue verb that belong to the clause, not the cue ("now says", "just
# said", "even suggested" keep theirs: PolNeAR train marks them as cue 65 times of 69).
_NOT_CUE_ADVERBS = frozenset(
    {
        "when",
        "where",
        "why",
        "how",
        "as",
        "so",
        "today",
        "here",
        "there",
        "closer",
        "earlier",
        "instead",
        "not",
    }
)
_WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")
_EVIDENTIAL_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
# Passive reporting frames: "X is said to", "is reported to", "is believed to".
_PASSIVE_EVIDENTIAL = frozenset(
    {"say", "report", "believe", "think", "rumor", "rumour", "allege", "understand",
     "know", "expect", "claim", "consider", "estimate", "suspect", "fear"}
)  # fmt: skip
_QUOTE_OPEN = '“„«"'
_QUOTE_PARAGRAPHS = 1  # paragraph breaks a continuing quote may cross
_QUOTE_CLOSE = '”»"'
_TITLE_TOKENS = 5  # a quoted name ('“Meet the Press”'), marks included


# --- quotations ---------------------------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of double-quoted passages, quote marks included.

    A quote left open at a paragraph end runs on to the next opening mark, the news
    convention for quotes over several paragraphs.
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    pending_para_end: int | None = None
    # NYT-style '' quotes act as a straight double quote.
    text = text.replace("''", '"\x00') if "''" in text else text
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\n" and start is not None:
            pending_para_end = i
        if ch == '"' and start is not None and pending_para_end is not None:
            # A straight quote opening a later paragraph reopens a quote left open at
            # a paragraph end; taking it as a closing mark would invert every quote after.
            nxt = text[i + 2] if i + 2 < n and text[i + 1] == "\x00" else text[i + 1 : i + 2]
            if nxt and not nxt.isspace() and text[pending_para_end:i].isspace():
                spans.append((start, pending_para_end))
                start = i
                pending_para_end = None
                continue
        if ch in "“„«" or (ch == '"' and start is None):
            if start is not None and pending_para_end is not None:
                # Reopened in a new paragraph: close the old part at its paragraph end.
                spans.append((start, pending_para_end))
                start = i
                pending_para_end = None
            elif start is None:
                start = i
                pending_para_end = None
        elif (ch in "”»" or ch == '"') and start is not None:
            spans.append((start, i + 1))
            start = None
            pending_para_end = None
    if start is not None:
        spans.append((start, pending_para_end if pending_para_end is not None else len(text)))
    return spans


class _Quotes:
    """Token-level view of the quote spans of a doc."""

    def __init__(self, doc: Doc) -> None:
        self.spans: list[tuple[int, int]] = []  # token index ranges [start, end)
        self.of_token: dict[int, int] = {}
        ntok = len(doc)
        ti = 0
        for cs, ce in quote_spans(doc.text):
            while ti < ntok and doc[ti].idx < cs:
                ti += 1
            first = ti
            last = first
            while last < ntok and doc[last].idx < ce:
                last += 1
            if last > first:
                qi = len(self.spans)
                self.spans.append((first, last))
                for k in range(first, last):
                    self.of_token[k] = qi
            ti = last


# --- frames -------------------------------------------------------------------------


def _is_punct(tok: Token) -> bool:
    return tok.is_punct or tok.is_space


def _adjacent_quote(tok: Token, quotes: _Quotes) -> int | None:
    """Index of a quote right before or after the cue clause ("“...,” he said")."""
    if not quotes.spans or tok.i in quotes.of_token:
        return None
    doc = tok.doc
    skip = {tok.i}
    for child in tok.children:
        if child.dep_ in ("nsubj", "aux", "auxpass", "neg", "advmod", "prt", "npadvmod",
                          "dobj", "prep", "dative", "agent"):  # fmt: skip
            if child.i in quotes.of_token:
                continue
            skip.update(range(child.left_edge.i, child.right_edge.i + 1))
    # Left: skip the clause's own words, then commas.
    i = tok.i - 1
    while i >= 0 and (i in skip or (doc[i].is_space)):
        i -= 1
    while i >= 0 and doc[i].text in (",", "—", "–") and i not in quotes.of_token:
        i -= 1
    if (
        i >= 0
        and i in quotes.of_token
        and quotes.spans[quotes.of_token[i]][1] == i + 1
        and not _paragraph_between(doc, i, tok.i)
    ):
        return quotes.of_token[i]
    j = tok.i + 1
    n = len(doc)
    while j < n and (j in skip or doc[j].is_space):
        j += 1
    # "X responded: ¶ “...”": a colon may end the paragraph before the quotation.
    while (
        j < n
        and (doc[j].text in (",", ":", "—", "–") or doc[j].is_space)
        and (j not in quotes.of_token)
    ):
        j += 1
    if j < n and j in quotes.of_token and quotes.spans[quotes.of_token[j]][0] == j:
        return quotes.of_token[j]
    return None


def _paragraph_between(doc: Doc, a: int, b: int) -> bool:
    """A paragraph break between tokens ``a`` and ``b`` (a quotation never reaches
    forward over one to the cue that follows it)."""
    return any("\n" in doc[k].whitespace_ or doc[k].is_space for k in range(a, b))


def _that_clause(child: Token, tok: Token) -> bool:
    """A that-, if- or whether-clause the small parser attached as ``advcl`` ("boasted
    ... that X is", "was asked if X")."""
    return (
        child.dep_ == "advcl"
        and child.i > tok.i
        and any(
            g.dep_ == "mark" and g.lower_ in ("that", "if", "whether") and g.i == child.left_edge.i
            for g in child.children
        )
    )


def _for_mark(child: Token, tok: Token) -> Token | None:
    """The "for" opening a for-infinitive clause the parser hung on ``tok`` as ``advcl``
    ("called for the troops to withdraw"): the clause is what is called for."""
    if child.dep_ != "advcl" or child.i < tok.i or tok.pos_ != "VERB":
        return None
    if not any(g.dep_ == "aux" and g.tag_ == "TO" for g in child.children):
        return None
    return next(
        (g for g in child.children
         if g.dep_ == "mark" and g.lower_ == "for" and g.i == child.left_edge.i),
        None,
    )  # fmt: skip


def _clauses(tok: Token) -> list[Token]:
    """Heads of the clausal complements of ``tok``, including a that-clause hung on
    "said in a statement that ..." and a for-infinitive ("called for X to Y")."""
    out = [
        c for c in tok.rights
        if c.dep_ == "ccomp" or _that_clause(c, tok) or _for_mark(c, tok) is not None
    ]  # fmt: skip
    if not any(c.dep_ == "ccomp" for c in tok.rights):
        # A clause before the cue is its content ("A, he said") unless one follows it:
        # "X is calm - in fact, she said Y" hangs the earlier sentence on the cue.
        out += [c for c in tok.lefts if c.dep_ == "ccomp"]
    for p in tok.rights:
        if p.dep_ == "prep" and p.lower_ in ("in", "on"):
            for obj in p.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in _STATEMENT_NOUNS:
                    out += [
                        c for c in obj.rights
                        if c.dep_ in ("acl", "ccomp", "relcl") and any(
                            g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                    ]  # fmt: skip
    return sorted(out, key=lambda t: t.i)


def _colon_lead_in(tok: Token, deps: list[str]) -> bool:
    """ "One official put it more bluntly: Putin is prepared to stop": a speech verb
    before a colon frames the clause after it."""
    if tok.dep_ not in ("ccomp", "parataxis") or tok.head.i <= tok.i or "nsubj" not in deps:
        return False
    if any(c.dep_ == "dobj" and c.lower_ != "it" for c in tok.children):
        return False
    return any(t.text == ":" for t in tok.doc[tok.right_edge.i : tok.head.i])


def frame_of(tok: Token, quotes: _Quotes) -> str | None:
    """The syntactic frame in which ``tok`` could introduce content, or None.

    In order of preference: ``ccomp`` (a clausal complement), ``quote`` (an adjacent
    quotation), ``main`` ("X happened, officials said"), ``xcomp``, ``dobj``, ``prep``,
    ``acl`` (a noun with a that-clause).
    """
    deps = [c.dep_ for c in tok.children]
    if _clauses(tok):
        return "ccomp"
    if tok.pos_ == "VERB" and "dobj" not in deps and _adjacent_quote(tok, quotes) is not None:
        return "quote"
    if (
        tok.dep_ in ("parataxis", "ccomp", "conj")
        and (tok.head.i < tok.i or tok.dep_ == "parataxis")
        and tok.head.pos_ in ("VERB", "AUX")
        and "nsubj" in deps
        and "dobj" not in deps
        # "A, but X does not seem to Y": a conjunct with its own complement is no aside
        and not (tok.dep_ == "conj" and "xcomp" in deps)
        and any(
            tok.doc[k].text in (",", "—", "–", "--")
            for k in range(max(tok.left_edge.i - 1, 0), min(tok.right_edge.i + 2, len(tok.doc)))
        )
    ):
        return "main"
    if _colon_lead_in(tok, deps):
        return "main"
    if "agent" in deps and "nsubjpass" in deps:
        return "agent"  # "The deal was confirmed by officials"
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that"
                                                   for g in c.children):  # fmt: skip
                return "acl"
        return None
    if "xcomp" in deps:
        return "xcomp"
    if "dobj" in deps:
        return "dobj"
    if any(_content_preposition(c) for c in tok.children):
        return "prep"
    return None


def _content_preposition(c: Token) -> bool:
    """A preposition that may introduce content: not a circumstance ("in", "at"), and
    not a date ("said on Friday")."""
    objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
    return (
        c.dep_ == "prep"
        and c.lower_ not in _NOT_CONTENT_PREPS
        and bool(objs)
        and not any(g.ent_type_ in ("DATE", "TIME") for g in objs)
    )


def infinitive_after(tok: Token) -> Token | None:
    """The verb of an infinitive right after ``tok`` ("tried to convince" -> convince)."""
    x = next((c for c in tok.rights if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if x is None or not any(c.tag_ == "TO" and c.dep_ == "aux" for c in x.lefts):
        return None
    between = range(tok.i + 1, x.i)
    if any(tok.doc[k].head.i != x.i or tok.doc[k].dep_ not in ("aux", "neg") for k in between):
        return None
    return x


def _content_prep(tok: Token) -> Token | None:
    """A preposition of ``tok`` that may introduce content ("criticism of X")."""
    for c in tok.rights:
        if _content_preposition(c):
            return c
    return None


def _predicate_adjective(tok: Token) -> Token | None:
    """The adjective of "X is critical of Y" / "eager to Z" / "confident that W", whose
    copula ``tok`` heads the clause."""
    if tok.pos_ != "AUX" or not any(c.dep_ == "nsubj" for c in tok.children):
        return None
    for c in tok.rights:
        takes_complement = _content_prep(c) is not None or any(
            g.dep_ in ("xcomp", "ccomp") for g in c.children
        )
        if c.dep_ == "acomp" and c.pos_ == "ADJ" and takes_complement:
            return c
    return None


def candidate_frame(tok: Token, quotes: _Quotes) -> str | None:
    """The frame of ``tok`` when it is a candidate for the cue model, else None.

    Beyond :func:`frame_of`: ``adj``, a copula with a predicate adjective that takes a
    complement ("X is critical of Y", "was eager to Z"). Nouns with a prepositional
    object ("support for X") were tried too: on held-out PolNeAR train articles they
    cost as much precision as they gained recall.
    """
    if tok.pos_ == "AUX":
        return "adj" if _predicate_adjective(tok) is not None else None
    if tok.pos_ not in ("VERB", "NOUN"):
        return None
    return frame_of(tok, quotes)


# --- spans --------------------------------------------------------------------------


def _trim(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Drop edge punctuation from token range [a, b), keeping quote marks that pair up."""
    while a < b and (_is_punct(doc[a]) and doc[a].text not in _QUOTE_OPEN + "‘"):
        a += 1
    while b > a and (_is_punct(doc[b - 1]) and doc[b - 1].text not in _QUOTE_CLOSE + "’'"):
        if doc[b - 1].text == ")" and any(doc[k].text == "(" for k in range(a, b - 1)):
            break
        b -= 1
    return a, b


def _minus(a: int, b: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token range [a, b) with the ``holes`` removed, as ordered pieces."""
    pieces = [(a, b)]
    for ha, hb in holes:
        nxt: list[tuple[int, int]] = []
        for pa, pb in pieces:
            if hb <= pa or ha >= pb:
                nxt.append((pa, pb))
                continue
            if pa < ha:
                nxt.append((pa, ha))
            if hb < pb:
                nxt.append((hb, pb))
        pieces = nxt
    return pieces


def _span(doc: Doc, a: int, b: int) -> Span:
    sp = doc[a:b]  # doc.text would rebuild the whole text on every call
    return Span(sp.start_char, sp.end_char, sp.text)


def _subtree(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


# --- the stage ----------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    cue: tuple[int, int]
    head: Token  # the cue's head token
    source_head: Token | None
    source: tuple[int, int] | None
    content: list[tuple[int, int]]
    kind: str
    lemma: str
    # Phrases trailing the content that the edge model weighed (kept for training).
    edges: list[Edge] = field(default_factory=list)


def _cue_range(
    tok: Token, extra: list[Token], frame: str = "", extend: bool = True
) -> tuple[int, int]:
    """The cue's token range: ``tok``, ``extra``, its auxiliaries and short adverbs,
    and (unless ``extend`` is off, as in training) a preposition right after it that
    belongs to it ("called on")."""
    keep = {tok.i} | {t.i for t in extra}
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt"):
            keep.add(c.i)  # "to deny": PolNeAR keeps the marker in the cue (54 of 62, train)
        elif c.dep_ == "advmod" and (c.i < tok.i or c.i == tok.i + 1 or c.lower_ == "also"):
            # Short adverbs only ("once again"); a long subtree is a misparse.
            if c.lower_ not in _NOT_CUE_ADVERBS and c.right_edge.i - c.left_edge.i < 2:
                keep.update(range(c.left_edge.i, c.right_edge.i + 1))
        elif c.dep_ == "prep" and c.i > tok.i:
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if (
                objs and c.lower_ in ("in", "on")
                and objs[0].lemma_.lower() in _INSIDE_CUE_NOUNS
            ):  # fmt: skip
                keep.update(range(c.i, objs[0].i + 1))  # "in a statement", not its clause
    a = b = tok.i
    while a - 1 in keep:
        a -= 1
    while b + 1 in keep:
        b += 1
    p = extension(tok, b + 1) if extend else None
    if p is not None and _joins_cue(tok, p, frame, b == tok.i):
        b = p.i
    return a, b + 1


def _joins_cue(tok: Token, p: Token, frame: str, adjacent: bool) -> bool:
    """Whether preposition ``p`` right after cue ``tok`` is part of the cue: the extent
    model's choice, or without it a fixed list ("called on", "railed against")."""
    learned = joins_cue(tok, p, frame)
    if learned is not None:
        return learned
    return (
        adjacent and p.dep_ == "prep" and p.lower_ in _CUE_PREPS
        and frame not in _QUOTE_FRAMES and any(g.dep_ == "pobj" for g in p.children)
        and _content_preposition(p)  # "responded on Monday": not the cue's
    )  # fmt: skip


def _age(tok: Token) -> bool:
    """A bare number set off by commas after a name: "Jane Roe, 30, said"."""
    doc = tok.doc
    return (
        tok.like_num
        and tok.left_edge.i == tok.right_edge.i
        and 0 < tok.i < len(doc) - 1
        and doc[tok.i - 1].text == ","
        and doc[tok.i + 1].text in (",", ")")
    )


def _source_range(head: Token, last: Token | None = None) -> tuple[int, int]:
    """The source phrase headed by ``head``, without trailing date phrases."""
    doc = head.doc
    a = head.left_edge.i
    b = (last or head).right_edge.i + 1
    for c in head.rights:
        if _age(c):
            continue  # "Jane Roe, 30, a nurse": an age, not a date
        if c.dep_ in ("prep", "npadvmod", "appos") and (
            c.ent_type_ in ("DATE", "TIME")
            or any(g.ent_type_ in ("DATE", "TIME") for g in c.children if g.dep_ == "pobj")
        ):
            b = min(b, c.left_edge.i)
        elif (
            c.dep_ in ("acl", "relcl")
            and doc[c.left_edge.i - 1].text == ","
            and (c.tag_ in ("VBG", "VBN"))
        ):
            # "Trump, speaking to veterans, said"; "Obama, who ..., said": an aside.
            b = min(b, c.left_edge.i - 1)
    # A dateline or heading before a paragraph break is not part of the source.
    for k in range(head.i - 1, a - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
            a = k + 1
            break
    return a, b


def _source_of(tok: Token) -> tuple[Token, tuple[int, int]] | None:
    """The head token and token range of the source of cue ``tok``."""
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    for c in tok.children:
        if passive and c.dep_ == "agent":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0], _source_range(objs[0])
        if not passive and c.dep_ in ("nsubj",):
            return c, _source_range(c)
        if tok.pos_ == "NOUN" and c.dep_ == "poss":
            return c, _source_range(c)
    if passive:
        return None
    # A subject the parser hung on a modifier: "officials close to X have stated".
    for c in tok.lefts:
        if c.dep_ in ("advmod", "npadvmod", "amod", "dep", "nsubj") and c.pos_ in ("ADJ", "ADV"):
            for g in c.lefts:
                if g.dep_ == "nsubj":
                    return g, (g.left_edge.i, c.right_edge.i + 1)
    # Shared subject: "X said A and added B", "..., adding that", "saying that".
    head = tok.head
    if tok.dep_ in ("conj", "advcl", "xcomp", "acl") and head.i != tok.i:
        if head.pos_ in ("VERB", "AUX"):
            for c in head.children:
                if c.dep_ == "nsubj":
                    return c, _source_range(c)
        elif tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            return head, (head.left_edge.i, head.i + 1)
    # "X distanced himself by saying", "X said A and later added B": climb the chain
    # of shared-subject links to the clause that names the subject.
    cur = tok
    for _ in range(3):
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep":
            cur = cur.head.head
        elif cur.dep_ in ("conj", "advcl", "xcomp") and cur.head.i != cur.i:
            cur = cur.head
        else:
            break
        if cur.pos_ not in ("VERB", "AUX"):
            break
        subj = next((c for c in cur.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj, _source_range(subj)
    return None


def _paragraph_piece(
    doc: Doc, rng: tuple[int, int], cue: tuple[int, int], quotes: _Quotes
) -> list[tuple[int, int]]:
    """Content does not run over a paragraph break (quotes excepted): keep the part on
    the cue's side of it."""
    a, b = rng
    breaks = [k for k in range(a, b - 1) if "\n" in doc[k].whitespace_ or "\n" in doc[k].text]
    if not breaks or (
        a in quotes.of_token and quotes.of_token.get(a) == quotes.of_token.get(b - 1)
    ):
        return [rng]
    if b <= cue[0]:  # content before the cue: its last paragraph
        return [(breaks[-1] + 1, b)]
    return [(a, breaks[0] + 1)]


def _para_bounds(doc: Doc, i: int, a: int, b: int) -> tuple[int, int]:
    """Token range [a, b) narrowed to the paragraph of token ``i``."""
    for k in range(i - 1, a - 1, -1):
        if "\n" in doc[k].whitespace_ or "\n" in doc[k].text:
            a = k + 1
            break
    for k in range(i, b - 1):
        if "\n" in doc[k].whitespace_ or "\n" in doc[k].text:
            b = k + 1
            break
    return a, b


def _cue_paragraph(
    doc: Doc, content: list[tuple[int, int]], cue: tuple[int, int], quotes: _Quotes
) -> list[tuple[int, int]]:
    """Pieces of a content split by holes stay in the cue's paragraph too (the parser
    may run a sentence on over a paragraph break: 'said that X.” ¶ “Y,” Z said')."""
    if len(content) < 2:
        return content
    lo, hi = content[0][0], content[-1][1]
    for k in range(cue[0] - 1, lo - 1, -1):
        if "\n" in doc[k].whitespace_ or "\n" in doc[k].text:
            lo = k + 1
            break
    for k in range(cue[1], hi - 1):
        if "\n" in doc[k].whitespace_ or "\n" in doc[k].text:
            hi = k + 1
            break
    out = []
    for a, b in content:
        whole_quote = a in quotes.of_token and quotes.of_token.get(a) == quotes.of_token.get(b - 1)
        if whole_quote and a < hi:
            # A quotation may stand in the paragraph before the cue ("“A.” ¶ “B,” he
            # said"); one after the cue's paragraph is another speaker's or a
            # continuation, which _continue_quotes judges.
            out.append((a, b))
        elif min(b, hi) > max(a, lo):
            out.append((max(a, lo), min(b, hi)))
    return out


def _drop_trailing_aside(doc: Doc, a: int, b: int, quotes: _Quotes) -> tuple[int, int]:
    """ "said X met Y, who ...": a comma-led relative clause or apposition closing the
    content describes its last noun; PolNeAR leaves it out of the content."""
    end = b
    while end > a and _is_punct(doc[end - 1]):
        end -= 1
    for k in range(a + 2, end):
        t = doc[k]
        if (
            t.dep_ in ("relcl", "appos", "acl")
            and t.right_edge.i + 1 >= end
            and t.left_edge.i > a + 2
            and doc[t.left_edge.i - 1].text in (",", "—", "–", "--")
            and a <= t.head.i < t.left_edge.i
            and t.left_edge.i not in quotes.of_token
        ):
            return a, t.left_edge.i - 1
    return a, b


def _according_asides(doc: Doc, content: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "said that X, according to exit polls": the according-to phrase is a relation
    of its own, not part of the content."""
    holes: list[tuple[int, int]] = []
    for a, b in content:
        for k in range(a, b):
            t = doc[k]
            if t.lower_ == "according" and t.dep_ == "prep":
                start = t.left_edge.i
                if start > a and doc[start - 1].text == ",":
                    start -= 1
                holes.append((start, t.right_edge.i + 1))
    return holes


def _cue_conjuncts(clause: Token, quotes: _Quotes) -> list[tuple[int, int]]:
    """Conjoined cue clauses the parser put inside a complement ("said X and warned Y")."""
    holes: list[tuple[int, int]] = []
    for c in clause.rights:
        if c.pos_ != "VERB":
            continue
        if any(g.dep_ == "nsubj" for g in c.children):
            # "said X, while other voters said Y": a clause with its own subject and
            # a clausal cue is a second attribution.
            if c.dep_ in ("conj", "advcl") and c.lemma_.lower() in _CORE and _clauses(c):
                start = c.left_edge.i
                while start > clause.i and (c.doc[start - 1].dep_ in ("cc", "mark")
                                            or c.doc[start - 1].is_punct):  # fmt: skip
                    start -= 1
                holes.append((start, c.right_edge.i + 1))
            continue
        # "... and warned Y" (a speech verb) or "..., saying Y" (a participle) is a
        # new attribution by the same source, not part of this content.
        if (c.dep_ == "conj" and c.lemma_.lower() in _CORE) or (
            c.dep_ in ("advcl", "acl", "conj") and c.tag_ == "VBG"
            and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == ","
        ):  # fmt: skip
            frame = frame_of(c, quotes)
            if frame is not None and _accept(c, frame, quotes):
                start = c.left_edge.i
                prev = c.doc[start - 1]
                if prev.dep_ == "cc" or prev.is_punct:
                    start -= 1
                holes.append((start, c.right_edge.i + 1))
    return holes


def _before_final_cue(
    doc: Doc,
    content: list[tuple[int, int]],
    cue: tuple[int, int],
    source: tuple[int, int] | None,
) -> list[tuple[int, int]]:
    """ "A, but B, the source added.": with the cue clause closing the sentence, the
    content is all of the sentence before it, whatever the parser attached."""
    clause_start = min(cue[0], source[0]) if source else cue[0]
    clause_end = max(cue[1], source[1]) if source else cue[1]
    sent = doc[cue[0]].sent
    if any(not _is_punct(doc[k]) for k in range(clause_end, sent.end)):
        return content
    start = _para_bounds(doc, cue[0], sent.start, sent.end)[0]
    if start >= content[0][0] or start >= clause_start:
        return content
    return [(start, clause_start)]


_ADDRESSING = words("tell ask inform assure remind warn brief promise")
_AUDIENCES = words("reporter journalist supporter voter audience crowd lawmaker member")


def _addressee(tok: Token) -> bool:
    """Whether the object of cue ``tok`` is whom it addresses ("told CNN", "asked
    him"): a person, a body or a pronoun after a verb of telling."""
    if tok.lemma_.lower() not in _ADDRESSING:
        return False
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    return obj is not None and (
        obj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or obj.tag_ == "PRP"
        or obj.pos_ == "PROPN"
        or obj.lemma_.lower() in _AUDIENCES
    )


def _unsourced(tok: Token) -> bool:
    """Cues that cite nobody although the clause has a subject: "it seems that X",
    "X appears to Y" (the subject is part of what seems), and a leading "Asked about
    X, the senator said ..." (the asker is unstated; the senator is the later cue's)."""
    if tok.lemma_.lower() in _RAISING:
        return True
    return (
        tok.lemma_.lower() == "ask"
        and tok.tag_ == "VBN"
        and tok.dep_ == "advcl"
        and tok.i < tok.head.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in tok.children)
    )


def _draft_for(
    tok: Token, frame: str, quotes: _Quotes, edge_weights: dict[str, float] | None = None
) -> _Draft | None:
    """The relation cue ``tok`` heads in ``frame``; ``edge_weights`` replaces the
    shipped edge model (training passes ``{}``: the parse alone ends the content)."""
    doc = tok.doc
    extra: list[Token] = []
    content: list[tuple[int, int]] = []
    kind = "indirect"
    found = None if _unsourced(tok) else _source_of(tok)
    src, source = found if found is not None else (None, None)
    holes: list[tuple[int, int]] = []
    edge_head: Token | None = None  # the head of the content's last piece
    if frame == "dobj" and _addressee(tok) and _adjacent_quote(tok, quotes) is not None:
        frame = "quote"  # "“X,” she told CNN": CNN is told, X is what
    if frame == "ccomp":
        for c in _clauses(tok):
            content.append(_subtree(c))
            mark = _for_mark(c, tok)
            if mark is not None:
                extra.append(mark)  # PolNeAR's cue is "called for", the clause its content
            holes.extend(_cue_conjuncts(c, quotes))
            edge_head = c
    elif frame == "quote":
        qi = _adjacent_quote(tok, quotes)
        if qi is None:
            return None
        qa, qb = quotes.spans[qi]
        content.append((qa, qb))
        if source is not None and source[0] < qb <= source[1] and qb <= tok.i:
            # The parser hung the quotation on the subject: the source starts after it.
            sa = qb
            while sa < source[1] and _is_punct(doc[sa]):
                sa += 1
            source = (sa, source[1]) if sa < source[1] else None
    elif frame == "main":
        head = tok.head
        a, b = _subtree(head)
        if head.dep_ != "ROOT":
            if tok.dep_ != "parataxis":
                return None
            # "It's an investment, they say, that ...": the aside frames its sentence.
            a, b = _para_bounds(doc, tok.i, tok.sent.start, tok.sent.end)
        content = _minus(a, b, [_subtree(tok)])
        holes.extend(_cue_conjuncts(head, quotes))
    elif frame == "acl":
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp"):
                content.append(_subtree(c))
                edge_head = c
                break
    elif frame == "xcomp":
        x = next(c for c in tok.children if c.dep_ == "xcomp")
        subj = next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
        if tok.lemma_.lower() in _RAISING:
            # "X seems to be Y": X is part of what seems, and nobody is cited.
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), subj)
            src = source = None
        a, b = _subtree(x)
        if subj is not None and subj.i < x.i:
            a = subj.left_edge.i
        # "called on Republicans to unendorse": the object of the cue's preposition
        # is the subject of the content.
        for c in tok.rights:
            if c.dep_ == "prep" and c.i == tok.i + 1 and c.lower_ in _CUE_PREPS and c.i < x.i:
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    a = min(a, obj.left_edge.i)
        content = _minus(a, b, [(tok.i, tok.i + 1)])
        edge_head = x
        joined = infinitive_after(tok)
        if joined is not None and tok.lemma_.lower() in xcomp_joins():
            # "tried to convince X": for such verbs PolNeAR's cue runs to the infinitive.
            extra.extend(doc[k] for k in range(tok.i + 1, joined.i + 1))
    elif frame == "dobj":
        d = next(c for c in tok.children if c.dep_ == "dobj")
        a, b = _subtree(d)
        # "urged Congress to act", "called him a liar": the complement belongs to it.
        # "blasted the media for being dishonest", "attacked her as a fraud" too.
        for x in tok.rights:
            if x.i > d.i and (x.dep_ in ("xcomp", "oprd") or (
                x.dep_ == "advcl" and x.left_edge.tag_ == "TO"
            ) or (x.dep_ == "prep" and x.lower_ in ("for", "as", "to", "with", "of")
                  and x.i == b)):  # fmt: skip
                b = max(b, x.right_edge.i + 1)
        b = _rest_of_phrase(tok, d, b)
        if (p := object_preposition(tok, d)) is not None and object_in_cue(tok, d, p):
            # "took a shot at X": the cue runs over the object to the preposition,
            # and what the preposition governs is the content.
            extra.extend(doc[k] for k in range(tok.i + 1, p.i + 1))
            a, b = p.i + 1, max(b, p.right_edge.i + 1)
            edge_head = next(g for g in p.children if g.dep_ in ("pobj", "pcomp"))
        elif d.lemma_.lower() in cue_nouns() and d.pos_ == "NOUN" and b > d.i + 1:
            # "issued a statement saying X": the noun is part of the cue, X the content.
            extra.extend(doc[k] for k in range(tok.i + 1, d.i + 1))
            a = d.i + 1
            edge_head = d
        else:
            edge_head = d
        content.append((a, b))
        holes.extend(_cue_conjuncts(d, quotes))
    elif frame == "agent":
        subj = next(c for c in tok.children if c.dep_ == "nsubjpass")
        content.append(_subtree(subj))
    elif frame == "prep":
        p = next(c for c in tok.children if _content_preposition(c))
        extra.append(p)
        content.append((p.i + 1, p.right_edge.i + 1))
        edge_head = next(g for g in p.children if g.dep_ in ("pobj", "pcomp"))
    elif frame == "adj":
        adj = _predicate_adjective(tok)
        if adj is None:
            return None
        p = _content_prep(adj)
        comp = next((g for g in adj.children if g.dep_ in ("xcomp", "ccomp")), None)
        if p is not None and (comp is None or p.i < comp.i):
            # "is critical of X": PolNeAR's cue runs from the copula to the preposition.
            extra.extend(doc[k] for k in range(tok.i + 1, p.i + 1))
            content.append((p.i + 1, p.right_edge.i + 1))
        elif comp is not None:
            extra.extend(doc[k] for k in range(tok.i + 1, adj.i + 1))
            content.append(_subtree(comp))
        else:
            return None
    edges: list[Edge] = []
    if edge_head is not None and content and content[-1][0] > tok.i:
        a, b = content[-1]
        edges = edges_of(tok, edge_head, frame, a, b, _CORE)
        content[-1] = (a, max(adjust_end(edges, b, edge_weights), edge_head.i + 1))
    cue = _cue_range(tok, extra, frame)
    if content and content[-1][1] <= cue[0] and cue[1] < len(doc):
        day = doc[cue[1]]
        if day.head.i == tok.i and day.dep_ == "npadvmod" and day.lower_ in _WEEKDAYS:
            cue = (cue[0], cue[1] + 1)  # "..., she said Tuesday.": PolNeAR's cue
    if frame in ("ccomp", "main") and content and content[-1][1] <= cue[0]:
        content = _before_final_cue(doc, content, cue, source)
    if source is not None:
        holes.append(source)
    holes.append(cue)
    holes.extend(_according_asides(doc, content))
    content = [piece for c in content for piece in _minus(*c, holes)]
    content = [piece for c in content for piece in _paragraph_piece(doc, c, cue, quotes)]
    content = _cue_paragraph(doc, content, cue, quotes)
    # (scanning back only to the content's end: a whole-text scan per cue is quadratic)
    end = content[-1][1] if content else 0
    if content and end <= _para_bounds(doc, cue[0], max(0, end - 1), cue[0] + 1)[0]:
        # The parser ran a sentence over a paragraph break ("“... ?” ¶ He also
        # shored up ..."): what stands wholly in an earlier paragraph is not this cue's;
        # its object, if it has one, is.
        if frame != "dobj" and any(c.dep_ == "dobj" for c in tok.children):
            return _draft_for(tok, "dobj", quotes, edge_weights)
        return None
    qi = quotes.of_token.get(tok.i)
    if qi is not None:
        # A cue inside a quotation ("“X is telling them that Y,” said Z") keeps its
        # content inside that quotation.
        qa, qb = quotes.spans[qi]
        content = [(max(a, qa), min(b, qb)) for a, b in content if min(b, qb) > max(a, qa)]
    if content and content[-1][1] > cue[1]:
        content[-1] = _drop_trailing_aside(doc, *content[-1], quotes)
    content = [_trim(doc, a, b) for a, b in content]
    content = [(a, b) for a, b in content if b > a]
    if not content:
        return None
    return _Draft(cue, tok, src, source, content, kind, tok.lemma_.lower(), edges)


def _tagged_draft(doc: Doc, cue: TaggedCue, quotes: _Quotes) -> _Draft | None:
    """A relation for a cue only the tagger found, where no frame gives the content:
    the quotation next to it, else its passive subject ("the deal was announced"),
    else what the noun or clause it modifies keeps without it ("columns she wrote",
    "as X noted, Y"), else its own clause."""
    tok = doc[cue.start : cue.end].root
    agent = next(
        (g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
        None,
    )
    if agent is not None:  # "a plan opposed by X": X, not the plan, is the source
        found: tuple[Token, tuple[int, int]] | None = (agent, _source_range(agent))
    else:
        found = None if _unsourced(tok) else _source_of(tok)
    src, source = found if found is not None else (None, None)
    cue_range = (cue.start, cue.end)
    holes = [cue_range] + ([source] if source is not None else [])
    subj = next((c for c in tok.children if c.dep_ in ("nsubjpass", "csubjpass")), None)
    qi = _adjacent_quote(tok, quotes)
    if qi is not None:
        a, b = quotes.spans[qi]
    elif subj is not None:
        a, b = _subtree(subj)
    elif tok.dep_ in ("acl", "relcl", "advcl") and tok.head.i != tok.i:
        a, b = _subtree(tok.head)
        holes.append(_subtree(tok))
    else:
        a, b = _subtree(tok)
    content = [
        _trim(doc, *piece)
        for c in _minus(a, b, holes)
        for piece in _paragraph_piece(doc, c, cue_range, quotes)
    ]
    content = [(a, b) for a, b in content if b > a]
    if not content:
        return None
    return _Draft(cue_range, tok, src, source, content, "indirect", tok.lemma_.lower())


def _tagger_drafts(doc: Doc, drafts: list[_Draft], quotes: _Quotes) -> list[_Draft]:
    """Drafts for the tagger's confident cues that no rule or frame reached: held-out
    training articles showed its cues on a framed candidate the cue model turned down
    to be mostly wrong, so those stay rejected."""
    taken = {i for d in drafts for i in range(*d.cue)}
    out: list[_Draft] = []
    for cue in propose_cues(doc, TAGGER_USE.threshold):
        if cue.confidence < TAGGER_USE.confidence or taken.intersection(range(cue.start, cue.end)):
            continue
        if candidate_frame(doc[cue.start : cue.end].root, quotes) is not None:
            continue
        d = _tagged_draft(doc, cue, quotes)
        if d is not None:
            out.append(d)
            taken.update(range(cue.start, cue.end))
    return out


# Right dependents of a cue verb that end its object's phrase: circumstances ("during
# a stop in Flint", "on Tuesday"), coordinated verbs, asides after a comma.
_PHRASE_STOPS = frozenset({"punct", "cc", "conj", "parataxis", "npadvmod", "mark"})


def _rest_of_phrase(tok: Token, obj: Token, b: int) -> int:
    """ "grilled Stumpf on Tuesday for his role in ...": PolNeAR's content runs over
    the verb's later complements, up to a comma, a conjunct or a circumstance."""
    doc = tok.doc
    pending = b  # "on Tuesday" joins the content only if more complements follow
    for x in tok.rights:
        if x.i < pending:
            continue
        if x.i > pending or x.dep_ in _PHRASE_STOPS or x.ent_type_ in ("DATE", "TIME"):
            break
        if x.dep_ == "prep" and (
            x.lower_ in _NOT_CONTENT_PREPS
            or any(g.ent_type_ in ("DATE", "TIME") for g in x.children)
        ):
            # "on Tuesday" is skipped over; "during a stop" ends the phrase.
            if any(g.ent_type_ in ("DATE", "TIME") for g in x.children) and x.lower_ == "on":
                pending = x.right_edge.i + 1
                continue
            break
        if x.dep_ in ("advcl", "relcl", "acl") and doc[x.left_edge.i - 1].text == ",":
            break
        b = pending = x.right_edge.i + 1
    return b


def _claim_pieces(doc: Doc, a: int, b: int, hole: tuple[int, int]) -> list[tuple[int, int]]:
    """Clause [a, b) minus the attribution phrase; a connective before it ("However,",
    "In fact,") is not part of the claim."""
    pieces = [_trim(doc, pa, pb) for pa, pb in _minus(a, b, [hole])]
    pieces = [(pa, pb) for pa, pb in pieces if pb > pa]
    if len(pieces) > 1 and pieces[0][1] <= hole[0]:
        first = [doc[k] for k in range(*pieces[0])]
        words = [t for t in first if not _is_punct(t)]
        if len(words) <= 3 and not any(
            t.pos_ in ("VERB", "AUX") or t.dep_ in ("nsubj", "nsubjpass") for t in words
        ):
            pieces = pieces[1:]
    return pieces


def _according_to(tok: Token) -> _Draft | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    obj = next((g for g in to.children if g.dep_ == "pobj"), None)
    src_range = _source_range(obj) if obj is not None else None
    if obj is None:
        # "according to show insiders": the parser read the noun phrase as a verb.
        obj = next((g for g in to.children if g.dep_ == "pcomp"), None)
        if obj is None:
            return None
        src_range = (to.i + 1, obj.right_edge.i + 1)
    doc = tok.doc
    head = tok.head
    if head.i == tok.i or head.pos_ not in ("VERB", "AUX", "NOUN", "ADJ", "PROPN"):
        sent = tok.sent
        a, b = _para_bounds(doc, tok.i, sent.start, sent.end)
    else:
        a, b = _subtree(head)
        # Clause heads low in the tree ("... , which, according to X, ...") keep
        # their own clause; otherwise the whole sentence is the claim, the clauses
        # coordinated with this one included ("A, and B, according to X").
        top = head
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        if top.dep_ == "ROOT":
            a, b = _para_bounds(doc, tok.i, head.sent.start, head.sent.end)
    pieces = _claim_pieces(doc, a, b, _subtree(tok))
    if not pieces:
        return None
    return _Draft((tok.i, to.i + 1), tok, obj, src_range, pieces, "according_to", "according")


# "As the Times reported, X": verbs that source the main clause from an as-clause.
_AS_CUES = _CORE | words("report show find write put document detail say")


def _as_cue(tok: Token, lemma: str) -> bool:
    if tok.dep_ != "advcl" or tok.i > tok.head.i or lemma not in _AS_CUES:
        return False
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return False
    # "As Clyburn noted, ..." has nothing after the verb but "it" ("as X put it").
    return all(
        c.dep_ not in ("ccomp", "xcomp") and (c.dep_ != "dobj" or c.lower_ == "it")
        for c in tok.children
    )


def _as_draft(tok: Token) -> _Draft | None:
    """The main clause of "As X noted, CLAUSE" is X's content."""
    doc = tok.doc
    head = tok.head
    a, b = _subtree(head)
    if head.dep_ == "ROOT":
        a, b = _para_bounds(doc, tok.i, head.sent.start, head.sent.end)
    found = _source_of(tok)
    if found is None:
        return None
    src, source = found
    cue = (tok.i, tok.i + 1)
    it = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if it is not None and it.i == tok.i + 1:
        cue = (tok.i, it.i + 1)  # "put it"
    clause = _subtree(tok)
    mark = next(c for c in tok.children if c.dep_ == "mark")
    pieces = _claim_pieces(doc, a, b, (min(clause[0], mark.i), clause[1]))
    if not pieces:
        return None
    return _Draft(cue, tok, src, source, pieces, "indirect", tok.lemma_.lower())


def _evidential(tok: Token) -> _Draft | None:
    """ "X is reportedly willing": a cue with no stated source."""
    head = tok.head
    if head.i == tok.i:
        return None
    doc = tok.doc
    a, b = _subtree(head)
    if head.dep_ == "ROOT":
        a, b = _para_bounds(doc, tok.i, head.sent.start, head.sent.end)
    pieces = _claim_pieces(doc, a, b, (tok.i, tok.i + 1))
    if not pieces:
        return None
    return _Draft((tok.i, tok.i + 1), tok, None, None, pieces, "evidential", tok.lower_)


def cue_features(tok: Token, frame: str, quotes: _Quotes) -> list[str]:
    """Features of a candidate cue for the linear model in ``cue_model.tsv``."""
    lemma = tok.lemma_.lower()
    if frame == "adj":
        adj = _predicate_adjective(tok)
        lemma = f"be {adj.lemma_.lower()}" if adj is not None else lemma
    subj = "none"
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.pos_ == "PRON":
                subj = "pron"
            elif c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
                subj = "name"
            elif person_like(c):
                subj = "person"
            else:
                subj = "noun"
            if c.dep_ == "nsubjpass":
                subj += "_pass"
            break
    quoted = "q" if tok.i in quotes.of_token else "nq"
    neg = any(c.dep_ == "neg" for c in tok.children)

    # How the complement starts: "that", "to", "whether", a quote mark, a pronoun ...
    lead = "-"
    clauses = _clauses(tok) if frame == "ccomp" else []
    for c in clauses or tok.rights:
        if clauses or c.dep_ in ("ccomp", "xcomp", "dobj", "prep", "advcl", "oprd"):
            first = c.left_edge
            lead = first.lower_ if first.lower_ in _LEADS else first.pos_
            break
    return [
        f"L={lemma}|F={frame}",
        f"L={lemma}",
        f"F={frame}",
        f"F={frame}|T={tok.tag_}",
        f"F={frame}|D={tok.dep_}",
        f"F={frame}|S={subj}",
        f"L={lemma}|S={subj}",
        f"L={lemma}|T={tok.tag_}",
        f"F={frame}|Q={quoted}",
        f"F={frame}|H={tok.head.pos_}",
        f"L={lemma}|D={tok.dep_}",
        f"F={frame}|N={neg}",
        f"F={frame}|M={lead}",
        f"L={lemma}|M={lead}",
        *_context_features(tok, lemma, frame, quotes),
    ]


def _obj_class(t: Token) -> str:
    if t.pos_ == "PRON":
        return "pron"
    if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return "name"
    return t.lemma_.lower()


def _context_features(tok: Token, lemma: str, frame: str, quotes: _Quotes) -> list[str]:
    """The object, prepositions, modality and quotation context of a candidate."""
    feats: list[str] = []
    aux = "-"
    for c in tok.children:
        if c.dep_ == "dobj":
            feats.append(f"L={lemma}|O={_obj_class(c)}")
        elif c.dep_ == "prep" and c.i > tok.i:
            feats.append(f"L={lemma}|P={c.lower_}")
        elif c.dep_ == "aux" and c.tag_ == "MD":
            aux = "md"
        elif c.dep_ == "aux" and c.tag_ == "TO":
            aux = "to"
    feats.append(f"L={lemma}|A={aux}")
    sent = tok.sent
    sq = any(k in quotes.of_token for k in range(sent.start, sent.end))
    feats.append(f"F={frame}|SQ={sq}")
    return feats


_LEADS = frozenset({"that", "to", "whether", "if", "how", "what", "why", "“", '"', "about",
                    "on", "for", "of", "with", "against", "as", "in", "at"})  # fmt: skip


_THRESHOLD = 0.0  # log-odds; 0 = probability one half (moving it trades P for R, F1 flat)


def _modifier_participle(tok: Token, frame: str) -> bool:
    """Participles that describe rather than report: "the leadership, determined to
    reclaim ...", "Considering the losses, Putin ..."."""
    if (
        tok.tag_ in ("VBN", "VBD")
        and tok.dep_ in ("acl", "amod")
        and not any(c.dep_ == "nsubj" for c in tok.children)
    ):
        return True
    doc = tok.doc
    if (
        tok.tag_ in ("VBN", "VBD") and frame == "xcomp" and tok.i > 0
        and doc[tok.i - 1].text == "," and tok.right_edge.i + 1 < len(doc)
        and doc[tok.right_edge.i + 1].text == ","
    ):  # fmt: skip
        return True  # "the leadership, determined to reclaim X, would"
    return (
        tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.i < tok.head.i
        and frame in ("dobj", "xcomp", "prep")
    )  # fmt: skip


def _accept(tok: Token, frame: str, quotes: _Quotes | None = None) -> bool:
    lemma = tok.lemma_.lower()
    if _modifier_participle(tok, frame):
        return False
    weights = cue_model()
    if lemma in _CORE and frame in _QUOTE_FRAMES and f"L={lemma}" not in weights:
        return True  # a speech verb the training data never showed
    if frame == "main" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
        return True  # "put it bluntly: ...", "said it plainly: ..." (see _colon_lead_in)
    if weights and quotes is not None:
        score = weights.get("BIAS", 0.0) + log_odds(weights, cue_features(tok, frame, quotes))
        return score > _THRESHOLD
    stats = cue_stats().get((lemma, tok.pos_, frame))
    return stats is not None and stats.hits >= _MIN_HITS and stats.rate >= _MIN_RATE


def _kind(draft: _Draft, quotes: _Quotes) -> str:
    if draft.kind in ("according_to", "evidential"):
        return draft.kind
    toks = [i for a, b in draft.content for i in range(a, b)]
    words = [i for i in toks if not _is_punct(draft.head.doc[i])]
    quoted = sum(1 for i in words if i in quotes.of_token)
    if words and quoted == len(words):
        kind = "direct"
    elif quoted:
        kind = "mixed"
    else:
        kind = "indirect"
    first, last = draft.content[0][0], draft.content[-1][1]
    if kind == "indirect" and first < draft.cue[0] and last > draft.cue[1]:
        kind = "parenthetical"
    return kind


def _extend_to_quotes(draft: _Draft, quotes: _Quotes) -> None:
    """A content that is part of a quotation takes the whole quotation (multi-sentence)."""
    if not quotes.spans:
        return
    out: list[tuple[int, int]] = []
    for a, b in draft.content:
        qa = quotes.of_token.get(a)
        qb = quotes.of_token.get(b - 1)
        if qa is not None and qa == qb and draft.cue[0] not in quotes.of_token:
            qs, qe = quotes.spans[qa]
            if qs < a or qe > b:
                a, b = min(a, qs), max(b, qe)
        elif qa is not None and qb is None and draft.cue[0] >= b:
            a = min(a, quotes.spans[qa][0])
        out.append((a, b))
    draft.content = out


def _quoted_title(doc: Doc, quotes: _Quotes, k: int, sent_end: int) -> bool:
    """Whether the quotation at token ``k`` is a short title the sentence goes on after
    (not '..., “B,” adding that C', where B is more of the quote)."""
    start, end = quotes.spans[quotes.of_token[k]]
    return (
        end - start <= _TITLE_TOKENS
        and end < sent_end
        and any(not _is_punct(doc[j]) for j in range(end, sent_end))
    )


def _continue_quotes(doc: Doc, drafts: list[_Draft], quotes: _Quotes) -> None:
    """“A,” she said. “B.” — a quote right after a quoted attribution, with no cue of
    its own, continues it (one attribution over several sentences)."""
    if not quotes.spans:
        return
    claimed: set[int] = set()
    for d in drafts:
        if d.cue[0] in quotes.of_token:
            continue  # a cue inside a quotation does not own it ("I think ...")
        for a, b in d.content:
            claimed.update(quotes.of_token[k] for k in (a, b - 1) if k in quotes.of_token)
    n = len(doc)
    for d in drafts:
        # “A,” he said, “B.” — the first part, before the cue clause, is content too.
        first = d.content[0]
        clause_start = min(d.cue[0], d.source[0] if d.source else n)
        if first[0] in quotes.of_token and (
            d.cue[0] > first[0] or quotes.spans[quotes.of_token[first[0]]][0] == first[0]
        ):
            # (the content may also be the quote after the cue: "“A,” he said, “B.”")
            k = min(clause_start, first[0]) - 1
            while k >= 0 and (doc[k].is_punct or doc[k].is_space) and k not in quotes.of_token:
                k -= 1
            qi = quotes.of_token.get(k) if k >= 0 else None
            if qi is not None and qi not in claimed and quotes.spans[qi][1] == k + 1:
                claimed.add(qi)
                d.content.insert(0, quotes.spans[qi])
        last = d.content[-1]
        max_breaks = _QUOTE_PARAGRAPHS
        if last[1] - 1 not in quotes.of_token:
            # "X said Y. “Z.”", "Y, X said. “Z.”": a quotation right after the sentence
            # of a reported clause, in the same paragraph and with no cue of its own,
            # goes on with it.
            tail = max(d.cue[1], d.source[1] if d.source else 0, last[1])
            sent_end = doc[tail - 1].sent.end
            if d.kind != "indirect" or any(not _is_punct(doc[j]) for j in range(tail, sent_end)):
                continue
            max_breaks = 0
        k = max(d.cue[1], d.source[1] if d.source else 0, last[1])
        # “A,” he said in August, speaking of X. “B.”: the rest of the cue's sentence,
        # up to a quotation, belongs to the cue clause (the parser often hangs the next
        # quote's opening mark on this sentence); a quoted title the sentence goes on
        # after ('told NBC's “Today” on Monday.') is part of the clause.
        if k < n and k > d.cue[0] and max_breaks:
            sent_end = doc[d.cue[0]].sent.end
            k = next((j for j in range(k, sent_end)
                      if j in quotes.of_token and not _quoted_title(doc, quotes, j, sent_end)),
                     max(k, sent_end))  # fmt: skip
        breaks = 0
        while True:
            # Skip punctuation, "but"/"and", and at most one paragraph break.
            while (
                k < n
                and k not in quotes.of_token
                and (doc[k].is_punct or doc[k].is_space or doc[k].lower_ in ("but", "and"))
            ):
                if "\n" in doc[k].text or "\n" in doc[k - 1].whitespace_:
                    breaks += 1
                k += 1
            if k < n and "\n" in doc[k - 1].whitespace_:
                breaks += 1
            if k >= n or breaks > max_breaks:
                break
            qi = quotes.of_token.get(k)
            if qi is None or qi in claimed or quotes.spans[qi][0] != k:
                break
            if not max_breaks and doc[quotes.spans[qi][1] - 2].text == ",":
                break  # '“Z,” she said': a quotation ending in a comma has a cue of its own
            claimed.add(qi)
            d.content.append(quotes.spans[qi])
            k = quotes.spans[qi][1]


def _speaker_labels(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """Attributions cued by punctuation (see ``_attribution_labels``): transcript and
    headline speakers ("PENCE: Well, look, ..."), digest items, signed quotations."""
    out: list[_Draft] = []
    taken = {d.cue[0] for d in drafts}
    for found in punctuation_cues(doc):
        src = doc.char_span(*found.source, alignment_mode="expand")
        cue = doc.char_span(*found.cue, alignment_mode="expand")
        body = doc.char_span(*found.content, alignment_mode="expand")
        if src is None or cue is None or body is None or len(body) < 3 or cue.start in taken:
            continue
        a, b = _trim(doc, body.start, body.end)
        if b <= a:
            continue
        out.append(_Draft((cue.start, cue.end), cue[0], src.root, (src.start, src.end),
                          [(a, b)], "label", cue.text))  # fmt: skip
    return out


def _headline_lemma(word: str) -> str | None:
    """The verb lemma of a title-case headline word ("Praises", "Questioned")."""
    w = word.lower()
    verbs = _headline_lexicon()
    for cand in (w[:-1], w[:-2], w[:-1] if w.endswith("ed") else "", w[:-3] + "y") if (
        w.endswith(("s", "ed"))
    ) else ():  # fmt: skip
        if cand in verbs:
            return cand
    return None


def _headline_lexicon() -> frozenset[str]:
    global _HEADLINE_VERBS
    if _HEADLINE_VERBS is None:
        _HEADLINE_VERBS = frozenset(
            lemma for (lemma, pos, _frame), st in cue_stats().items()
            if pos == "VERB" and st.hits >= 5 and st.rate >= 0.5
        ) | _CORE  # fmt: skip
    return _HEADLINE_VERBS


_HEADLINE_VERBS: frozenset[str] | None = None


def _headline_verbs(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """Title-case headlines the parser reads as one name: "Conservative Icon Morton
    Blackwell Endorses Ted Cruz." -> source, cue "Endorses", content."""
    out: list[_Draft] = []
    taken = {i for d in drafts for i in range(*d.cue)}
    for sent in doc.sents:
        a, b = _para_bounds(doc, sent.start, sent.start, sent.end)
        words = [t for t in doc[a:b] if t.is_alpha]
        if not 3 <= len(words) <= 25:
            continue
        caps = sum(1 for t in words if t.text[0].isupper())
        if caps < 0.8 * len(words) or doc[a:b].text.isupper():
            continue
        for t in words[1:-1]:
            if t.i in taken or t.pos_ != "PROPN" or not t.text[0].isupper():
                continue
            lemma = _headline_lemma(t.text)
            if lemma is None:
                continue
            src = _trim(doc, a, t.i)
            body = _trim(doc, t.i + 1, b)
            if src[1] <= src[0] or body[1] <= body[0]:
                break
            out.append(_Draft((t.i, t.i + 1), t, doc[src[1] - 1], src, [body], "indirect", lemma))
            break
    return out


def _outer_cue_class(lemma: str, tok: Token) -> str:
    cls = cue_classes().get(lemma, "assert")
    if lemma == "say" and any(c.dep_ == "auxpass" for c in tok.children):
        return "report"
    return cls


def load_attribution_models() -> None:
    """Load the stage's learned parts now (a worker's setup) rather than mid-article."""
    cue_model()
    if TAGGER_USE.enabled:
        load_cue_tagger()


def find_attributions(doc: Doc, mentions: list[Mention] | None = None) -> list[AttributionRelation]:
    """All attribution relations in ``doc``, ordered by cue position, chained by ``parent``."""
    if not len(doc):
        return []
    if not doc.has_annotation("DEP"):
        raise ConfigError(
            "attribution needs a dependency parse; load the pipeline with a parser",
            code="BC221",
        )
    quotes = _Quotes(doc)
    drafts: list[_Draft] = []
    for tok in doc:
        pos = tok.pos_
        lower = tok.lower_
        if lower == "according" and tok.dep_ == "prep":
            d = _according_to(tok)
        elif lower in _EVIDENTIAL_ADVERBS:
            d = _evidential(tok)
        elif pos in ("VERB", "NOUN", "AUX"):
            lemma = tok.lemma_.lower()
            if (
                pos == "VERB"
                and lemma in _PASSIVE_EVIDENTIAL
                and any(c.dep_ == "auxpass" for c in tok.children)
                and any(c.dep_ == "xcomp" for c in tok.children)
                and not any(c.dep_ == "agent" for c in tok.children)
            ):
                d = _draft_for(tok, "xcomp", quotes)
                if d is not None:
                    d.kind = "evidential"
            elif _as_cue(tok, lemma):
                d = _as_draft(tok)
            elif (
                lemma == "cite"
                and tok.tag_ == "VBG"
                and any(c.dep_ == "dobj" for c in tok.children)
            ):
                d = _draft_for(tok, "dobj", quotes)  # "citing X": see _citing
            else:
                frame = candidate_frame(tok, quotes)
                d = (
                    _draft_for(tok, frame, quotes)
                    if frame and _accept(tok, frame, quotes)
                    else None
                )
        else:
            continue
        if d is not None:
            drafts.append(d)

    if TAGGER_USE.enabled:
        drafts.extend(_tagger_drafts(doc, drafts, quotes))
    drafts = _drop_inside_sources(drafts)
    _cut_relative_sources(drafts)
    relays = _citing(drafts)
    drafts.extend(_speaker_labels(doc, drafts))
    drafts.extend(_headline_verbs(doc, drafts))
    for d in drafts:
        if d.kind not in ("according_to", "evidential", "label"):
            _extend_to_quotes(d, quotes)
    _continue_quotes(doc, drafts, quotes)
    drafts = _untangle(drafts)
    kept = {id(d) for d in drafts}
    relays = [(a, b) for a, b in relays if id(a) in kept and id(b) in kept]
    for d in drafts:
        if d.kind == "label":
            d.kind = "direct"
        elif d.kind not in ("according_to", "evidential"):
            d.kind = _kind(d, quotes)
    drafts.sort(key=lambda d: d.cue[0])
    rels: list[AttributionRelation] = []
    for i, d in enumerate(drafts):
        source = info = None
        outlet = False
        if d.source is not None and d.source_head is not None:
            sa, sb = _trim(doc, *d.source)
            if sb > sa:
                source = _span(doc, sa, sb)
                info = describe(doc, sa, sb, d.source_head, mentions)
                outlet = is_outlet([doc[k] for k in range(sa, sb)], d.source_head)
        parts = [_span(doc, a, b) for a, b in d.content]
        whole = doc[d.content[0][0] : d.content[-1][1]]
        content = Span(whole.start_char, whole.end_char, whole.text)
        rels.append(
            AttributionRelation(
                id=i,
                cue=_span(doc, *d.cue),
                source=source,
                content=content,
                kind=d.kind,
                cue_class=_outer_cue_class(d.lemma, d.head),
                source_info=info,
                is_outlet=outlet,
                content_parts=parts if len(parts) > 1 else [],
            )
        )
    _link(doc, rels, drafts)
    index = {id(d): i for i, d in enumerate(drafts)}
    for inner, outer in relays:
        rels[index[id(inner)]].parent = rels[index[id(outer)]].id
    _break_parent_cycles(rels)
    return rels


def _holds(d: _Draft, i: int) -> bool:
    return any(a <= i < b for a, b in d.content)


def _untangle(drafts: list[_Draft]) -> list[_Draft]:
    """Two cues each inside the other's content ("X said Monday that Y has long called
    for Z" parsed with "called" as the root): the earlier cue is the report; the later
    one loses the content pieces that hold the earlier cue, and goes if none remain."""
    out: list[_Draft] = []
    for d in drafts:
        for e in drafts:
            if (
                e is not d and e.cue[0] < d.cue[0]
                and _holds(e, d.cue[0]) and _holds(d, e.cue[0])
            ):  # fmt: skip
                d.content = [(a, b) for a, b in d.content if not a <= e.cue[0] < b]
        if d.content:
            out.append(d)
    return out


def _break_parent_cycles(rels: list[AttributionRelation]) -> None:
    """Two rules can each nest a relation in the other; a chain must end at a root."""
    by_id = {r.id: r for r in rels}
    for rel in rels:
        seen = {rel.id}
        cur = rel
        while cur.parent is not None and cur.parent in by_id:
            if cur.parent in seen:
                cur.parent = None  # cut the link that closes the loop
                break
            seen.add(cur.parent)
            cur = by_id[cur.parent]


def _cut_relative_sources(drafts: list[_Draft]) -> None:
    """ "Graham, who says X, tweeted Y": the relative clause is an attribution of its
    own, so the source of "tweeted" stops before it (a token has one role)."""
    for e in drafts:
        if e.head.dep_ != "relcl":
            continue
        ra, rb = e.head.left_edge.i, e.head.right_edge.i + 1
        for d in drafts:
            if d is e or d.source is None or not (d.source[0] < ra and rb <= d.source[1]):
                continue
            doc = d.head.doc
            end = ra
            while end > d.source[0] and _is_punct(doc[end - 1]):
                end -= 1
            rest = range(rb, d.source[1])
            if all(_is_punct(doc[k]) for k in rest) and end > d.source[0]:
                d.source = (d.source[0], end)


def _drop_inside_sources(drafts: list[_Draft]) -> list[_Draft]:
    """A cue inside another relation's source ("an official, speaking on condition of
    anonymity to discuss ..., said") describes the source; it is no attribution. A
    relative clause ("Graham, who says X, tweeted Y") is one of its own."""
    regions = [
        (d.source_head.left_edge.i, d.source_head.right_edge.i + 1, d)
        for d in drafts
        if d.source_head is not None
    ]
    return [
        e for e in drafts
        if e.lemma in ("cite", "according")
        or e.head.dep_ == "relcl"  # "Graham, who says X, tweeted": PolNeAR keeps both
        or not any(a <= e.cue[0] < b and d is not e and not (d.cue[0] <= e.cue[0] < d.cue[1])
                   for a, b, d in regions)
    ]  # fmt: skip


def _reports(o: _Draft, citing: Token) -> bool:
    """``o`` is the report a "citing" aside belongs to: its verb, its outlet, or a
    report whose content holds the aside."""
    up = citing.head.i
    return (
        o.head.i == up
        or (o.source_head is not None and o.source_head.i == up)
        or any(a <= citing.i < b for a, b in o.content)
    )


_CITED_SOURCES = words(
    "source sources report reports document documents record records data poll polls "
    "survey study statement account accounts media press intelligence"
)


def _source_like(tok: Token) -> bool:
    return (
        person_like(tok)
        or tok.ent_type_ in ("ORG", "PERSON", "NORP", "GPE")
        or tok.lemma_.lower() in _CITED_SOURCES
    )


def _citing(drafts: list[_Draft]) -> list[tuple[_Draft, _Draft]]:
    """ "TASS, citing a ministry source, reported that X": the cited source relays X to
    the reporting outlet. Returns (citing relation, reporting relation) pairs."""
    pairs: list[tuple[_Draft, _Draft]] = []
    for d in drafts:
        tok = d.head
        if d.lemma != "cite" or tok.tag_ != "VBG" or tok.dep_ not in ("acl", "advcl"):
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        outer = next(
            (o for o in drafts
             if o is not d and o.kind != "according_to" and _reports(o, tok)),
            None,
        )  # fmt: skip
        if obj is None or outer is None or not _source_like(obj):
            continue  # "said X, citing low growth": a reason, not a relayed source
        d.source_head, d.source = obj, _source_range(obj)
        aside = (tok.left_edge.i, tok.right_edge.i + 1)
        outer.content = [p for c in outer.content for p in _minus(*c, [aside])]
        outer.content = [_trim(tok.doc, a, b) for a, b in outer.content]
        outer.content = [(a, b) for a, b in outer.content if b > a]
        d.content = list(outer.content)
        d.kind = "according_to"
        pairs.append((d, outer))
    return pairs


def _link(doc: Doc, rels: list[AttributionRelation], drafts: list[_Draft]) -> None:
    """Set ``parent`` (nesting, or the source an evidential relays) and pronoun antecedents."""
    for r in rels:
        best: AttributionRelation | None = None
        for p in rels:
            if p is r or p.content is None:
                continue
            if p.content.start <= r.cue.start and r.cue.end <= p.content.end and (
                best is None or (best.content is not None
                                 and p.content.end - p.content.start
                                 < best.content.end - best.content.start)
            ):  # fmt: skip
                best = p
        if best is not None:
            r.parent = best.id
    # "according to X, ... . The official is reportedly ...": the evidential relays X.
    for r, d in zip(rels, drafts, strict=True):
        if r.kind != "evidential" or r.parent is not None:
            continue
        sent = d.head.sent
        prev_start = sent.start - 1
        if prev_start < 0:
            continue
        prev = doc[prev_start].sent
        cands = [
            p for p in rels
            if p is not r and p.source is not None
            and prev.start_char <= p.cue.start < sent.start_char
            and (p.cue_class == "report" or p.is_outlet or p.kind == "according_to")
        ]  # fmt: skip
        if cands:
            r.parent = cands[-1].id
    # "he added": the pronoun is the most recent person-like source.
    for k, (r, d) in enumerate(zip(rels, drafts, strict=True)):
        if d.source_head is None or d.source_head.pos_ != "PRON" or r.source_info is None:
            continue
        if d.source_head.i in _quoted_tokens(doc, rels):
            continue  # "They say" inside a quote is the speaker's "they", not ours
        want_plural = d.source_head.lower_ in ("they", "we")
        if d.source_head.lower_ not in ("he", "she", "they", "we"):
            continue
        sent_i = d.head.sent.start
        for j in range(k - 1, -1, -1):
            p, pd = rels[j], drafts[j]
            if pd.head.sent.start < sent_i and sent_i - pd.head.sent.start > 120:
                break
            if pd.source_head is None or pd.source_head.pos_ == "PRON" or p.source_info is None:
                continue
            if not person_like(pd.source_head) or p.source_info.plural != want_plural:
                continue
            r.antecedent = p.id
            r.source_info = replace(
                p.source_info,
                text=r.source_info.text,
                start=r.source_info.start,
                end=r.source_info.end,
            )
            break


def _quoted_tokens(doc: Doc, rels: list[AttributionRelation]) -> set[int]:
    out: set[int] = set()
    for r in rels:
        if r.kind not in ("direct", "mixed") or r.content is None:
            continue
        span = doc.char_span(r.content.start, r.content.end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


# --- chains and certainty -----------------------------------------------------------


def relations_covering(
    relations: list[AttributionRelation], start: int, end: int
) -> list[AttributionRelation]:
    """Relations whose content holds the claim ``[start, end)``, outermost first."""
    by_id = {r.id: r for r in relations}
    direct = [
        r for r in relations
        if r.content is not None and r.content.start <= start and end <= r.content.end
    ]  # fmt: skip
    if not direct:
        return []
    # Innermost: the smallest content; then follow parents outwards.
    inner = min(direct, key=lambda r: r.content.end - r.content.start if r.content else 0)
    chain = [inner]
    seen = {inner.id}
    cur = inner
    while cur.parent is not None and cur.parent in by_id and cur.parent not in seen:
        cur = by_id[cur.parent]
        seen.add(cur.id)
        chain.append(cur)
    for r in direct:  # siblings covering the same claim, e.g. two cues for one quote
        if r.id not in seen:
            seen.add(r.id)
            chain.append(r)
    chain.sort(key=lambda r: (r.content.end - r.content.start) if r.content else 0, reverse=True)
    # Parents always precede children even when a discourse parent has a shorter content.
    ordered: list[AttributionRelation] = []
    placed: set[int] = set()

    def place(r: AttributionRelation) -> None:
        if r.id in placed:
            return
        placed.add(r.id)  # before recursing: a parent loop must not recurse forever
        if r.parent is not None and r.parent in seen:
            place(by_id[r.parent])
        ordered.append(r)

    for r in chain:
        place(r)
    return ordered


# "can" states ability ("forces can do as they please"), not doubt.
def relation_at(
    relations: list[AttributionRelation], start: int, end: int
) -> AttributionRelation | None:
    """The relation whose cue lies in ``[start, end)``: for an event that is itself the
    speech act ("officials suggest ..."), the relation giving its own source."""
    inside = [r for r in relations if start <= r.cue.start and r.cue.end <= end]
    if not inside:
        inside = [r for r in relations if r.cue.start < end and start < r.cue.end]
    return max(inside, key=lambda r: _overlap(r, start, end)) if inside else None


_WEAK_MODALS = frozenset({"may", "might", "could"})
_SOURCED_EVIDENTIALS = frozenset({"according to"})
_MODAL_FORMS = {"wo": "will", "'ll": "will", "'d": "would"}  # contracted forms
_STRONG_MODALS = frozenset({"will", "would", "shall", "must", "should", "wo", "'ll", "'d"})
_EVIDENTIAL_PHRASES = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|apparently|rumou?red|"
    r"(?:is|are|was|were|has been|have been)\s+(?:said|reported|believed|thought|"
    r"rumou?red|alleged|understood)\s+to|according to|"
    r"(?:no|little|scant) (?:evidence|indication|sign|proof|confirmation)|"
    r"unconfirmed|unverified|it is unclear|it was unclear|it remains unclear)\b",
    re.IGNORECASE,
)
_NEGATING_FRAME = re.compile(
    r"\bno (?:evidence|indication|sign|proof|confirmation)\b", re.IGNORECASE
)
_DENIAL = re.compile(
    r"\b(?:not true|untrue|fake(?: news)?|false|baseless|groundless|fabricat\w+|"
    r"nonsense|denied|denies|deny|denying|rejected the (?:report|claim|allegation)s?|"
    r"dismissed the (?:report|claim|allegation)s?|refuted|no truth)\b",
    re.IGNORECASE,
)


def _overlap(r: AttributionRelation, start: int, end: int) -> int:
    if r.content is None:
        return 0
    return max(0, min(end, r.content.end) - max(start, r.content.start))


def assess_certainty(
    doc: Doc, start: int, end: int, relations: list[AttributionRelation]
) -> Certainty:
    """How firmly the text commits to the claim at ``[start, end)``."""
    cert = Certainty()
    chain = relations_covering(relations, start, end)
    if not chain:
        # The claim is itself a speech act ("officials suggest that X could be Y"): its
        # cue class frames it. A denial cue here is the denying act, which is asserted.
        act = relation_at(relations, start, end)
        if act is not None:
            cert.cue_class = act.cue_class
    if chain:
        cert.cue_class = chain[-1].cue_class
        if any(r.cue_class == "deny" for r in chain):
            cert.denial = True
        for r in chain:
            if r.kind in ("according_to", "evidential"):
                cert.evidentials.append(r.cue.text.lower())
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return cert
    sent = span.sent if len(span) else None
    # The claim's frame: the sentence up to the claim (for "there is no evidence that").
    frame_text = doc[sent.start : span.start].text if sent is not None else ""
    claim_text = span.text
    for m in _EVIDENTIAL_PHRASES.finditer(claim_text):
        cert.evidentials.append(" ".join(m.group(0).lower().split()))
    for m in _EVIDENTIAL_PHRASES.finditer(frame_text):
        phrase = " ".join(m.group(0).lower().split())
        if phrase not in cert.evidentials:
            cert.evidentials.append(phrase)
    # "is said" (the cue) and "is said to" (the phrase) are one marker.
    found = list(dict.fromkeys(cert.evidentials))
    cert.evidentials = [e for e in found if not any(o != e and o.startswith(e) for o in found)]
    root = span.root
    for tok in span:
        if tok.tag_ == "MD" or (tok.dep_ == "aux" and tok.lower_ in _WEAK_MODALS):
            word = tok.lower_
            # The modal nearest the claim's own verb wins; a weak one stays weak.
            if word in _WEAK_MODALS:
                cert.modal, cert.modal_strength = word, "weak"
                break
            if word in _STRONG_MODALS and cert.modal is None:
                cert.modal = _MODAL_FORMS.get(word, word)
                cert.modal_strength = "strong"
    negs = [t for t in span if t.dep_ == "neg" or t.lower_ in ("never", "no", "neither", "nor")]
    # "there is no evidence that X" negates X from anywhere before it in the sentence.
    if (
        any(t.head.i == root.i or t.head.head.i == root.i for t in negs)
        or _NEGATING_FRAME.search(frame_text)
        or re.search(r"\b(?:not|never)\b", frame_text[-40:], re.IGNORECASE)
    ):
        cert.negated = True
    if _DENIAL.search(claim_text) or _DENIAL.search(frame_text[-120:]):
        cert.denial = True
    if chain and chain[-1].cue_class == "deny":
        cert.denial = True
    return cert


def status_of(certainty: Certainty, attributed: bool) -> Status:
    """Fold a :class:`Certainty` into one of the five ledger statuses (precedence order)."""
    if certainty.denial:
        return "denied"
    weak = certainty.modal_strength == "weak"
    if certainty.cue_class == "speculate" or (weak and certainty.cue_class == "belief"):
        return "speculative"
    # "according to X" is recorded as an evidential but names its source: that is
    # reporting, not hedging ("reportedly", "is said to" leave the source unstated).
    hedges = [e for e in certainty.evidentials if e not in _SOURCED_EVIDENTIALS]
    if hedges or weak:
        return "hedged"
    if attributed:
        return "reported"
    return "asserted"
