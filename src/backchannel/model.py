"""The data model every stage shares: plain dataclasses, JSON-friendly.

Character offsets (``start``/``end``) are always into ``Document.body``, the analysed
text; the title is kept apart so that headlines are not double-counted as events.
Dates are ISO strings (``YYYY-MM-DD``) so records cross process boundaries (Ray,
the store, JSON) without conversion.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# Epistemic status of a ledger entry, from most to least committed.
Status = Literal["asserted", "reported", "hedged", "denied", "speculative"]
STATUSES: tuple[Status, ...] = ("asserted", "reported", "hedged", "denied", "speculative")

# How a document's publication date is known.
PublishedHow = Literal["given", "metadata", "inferred", "unknown"]


@dataclass(slots=True)
class Span:
    """A piece of the document body."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Document:
    id: str  # sha256 of the normalized title + body
    title: str
    body: str
    outlet: str | None = None
    url: str | None = None
    language: str = "en"
    published: str | None = None  # ISO date
    published_how: PublishedHow = "unknown"
    source_path: str | None = None


@dataclass(slots=True)
class Actor:
    """A canonical actor from the dictionary (or an unresolved one, ``id`` None)."""

    id: str | None  # dictionary key, e.g. "putin", "RUS"
    name: str
    code: str | None  # "RUS GOV"; None when unknown
    country: str | None  # ISO-3, or IGO code such as "NATO"
    sector: str | None  # GOV, MIL, REB, OPP, BUS, MED, IGO, ...
    role: str | None = None  # "President of Russia" on the date coded


@dataclass(slots=True)
class Mention:
    """A stretch of text that refers to an actor."""

    start: int
    end: int
    text: str
    actor: Actor
    # How the mention was linked: name, alias, metonymy, demonym, description,
    # pronoun, plural_anaphor, place (where an event happened), quote_speaker
    # (a pronoun inside a relayed quote), context (people coded by where the act
    # happened or by the police who acted on them), unresolved
    via: str = "name"
    sentence: int = 0  # index of the sentence in the body


@dataclass(slots=True)
class DateInfo:
    """When an event happened, as an interval normalized against publication."""

    text: str | None  # the time phrase, None when falling back
    start: str | None  # ISO date, first day of the interval; None = open start
    end: str | None  # ISO date, last day; None = open end
    granularity: str  # day, week, month, season, quarter, year, decade, ...
    timex: str | None  # TIMEX3 value, e.g. 2022-FA, 2023-09, 2023-12-19
    from_publication: bool = False  # True when no time expression was found
    open_start: bool = False
    open_end: bool = False
    mod: str | None = None  # TIMEX3 mod: START, END, APPROX, BEFORE, AFTER, ...
    anchor: str | None = None  # computed from: dct, event:<id>, absolute, antecedent, publication
    span: Span | None = None


@dataclass(slots=True)
class SourceInfo:
    """Who a claim comes from, as the text describes them."""

    text: str
    start: int | None = None
    end: int | None = None
    named: bool = False
    count: int | None = None  # stated count; None when not stated
    plural: bool = False
    affiliation: str | None = None  # country or body code, e.g. "RUS", "USA", "NATO"
    former: bool = False
    access: str | None = None  # "who met with high-ranking Russian officials"
    actor: Actor | None = None  # resolved actor when named


@dataclass(slots=True)
class AttributionLink:
    """One link of the chain from the document down to the claim.

    ``role`` is one of ``outlet`` (the document's own outlet), ``cited_outlet``
    (another publication it relies on), ``source`` (the people it quotes) or
    ``speaker`` (who uttered a relayed quote).
    """

    role: str
    text: str
    named: bool
    count: int | None = None
    plural: bool = False
    affiliation: str | None = None
    former: bool = False
    access: str | None = None
    cue: str | None = None
    cue_span: Span | None = None
    source_span: Span | None = None
    actor_code: str | None = None
    # True when the link is carried over from an earlier sentence (a re-report
    # names its outlet once), not stated around the claim itself.
    inherited: bool = False
    # True when this source makes the event itself ("officials suggest ..."): the
    # speech act is the event, so it does not make the event second-hand.
    own: bool = False


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_code: str | None = None
    relays: str | None = None  # for "They say, '...'": whom the speaker relays
    relays_code: str | None = None


@dataclass(slots=True)
class Evidence:
    doc: str
    start: int  # the event's own clause/trigger span
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int


@dataclass(slots=True)
class Certainty:
    cue_class: str | None = None  # assert, report, belief, speculate, deny
    evidentials: list[str] = field(default_factory=list)  # reportedly, is said to, ...
    modal: str | None = None  # may, might, could, would, will
    modal_strength: str | None = None  # weak, strong
    negated: bool = False
    denial: bool = False


@dataclass(slots=True)
class Event:
    id: str
    doc_id: str
    event: str  # PLOVER 2.0 type, e.g. AGREE
    mode: str | None
    context: list[str]
    cameo: str | None
    cameo_name: str | None
    actor: list[Mention]
    recipient: list[Mention]
    trigger: Span
    evidence: Evidence
    date: DateInfo
    status: Status
    certainty: Certainty = field(default_factory=Certainty)
    attribution: list[AttributionLink] = field(default_factory=list)
    quote: Quote | None = None
    # PLOVER auxiliary modes: future, hypothetical, negated, historical
    aux_modes: list[str] = field(default_factory=list)
    parent: str | None = None  # id of the speech-act event that reports this one
    related: list[str] = field(default_factory=list)  # e.g. the signal a warning questions
    summary: str | None = None  # short readable description


@dataclass(slots=True)
class Divergence:
    id: str
    kind: str  # public_vs_private, claim_vs_denial, contested, contradiction
    events: list[str]
    actor: str | None
    description: str
    period: tuple[str | None, str | None] | None = None


@dataclass(slots=True)
class Ledger:
    """Everything extracted from one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    divergences: list[Divergence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _from_plain(kind: Any, value: Any) -> Any:
    """Rebuild a value of type ``kind`` from its :func:`dataclasses.asdict` form."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        if len(options) == 1:
            return _from_plain(options[0], value)
        return value
    if origin is list:
        (item,) = typing.get_args(kind) or (Any,)
        return [_from_plain(item, v) for v in value]
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from_plain(args[0], v) for v in value)
        return tuple(_from_plain(a, v) for a, v in zip(args, value, strict=True))
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: _from_plain(hints[k], v) for k, v in value.items() if k in names})
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def ledger_to_dict(ledger: Ledger) -> dict[str, Any]:
    """A ledger as plain dicts and lists (picklable, JSON-ready); see :func:`ledger_from_dict`."""
    return ledger.to_dict()


def ledger_from_dict(data: dict[str, Any]) -> Ledger:
    """The inverse of :meth:`Ledger.to_dict`: ``ledger_from_dict(l.to_dict()) == l``."""
    return typing.cast(Ledger, _from_plain(Ledger, data))


def document_from_dict(data: dict[str, Any]) -> Document:
    return typing.cast(Document, _from_plain(Document, data))
