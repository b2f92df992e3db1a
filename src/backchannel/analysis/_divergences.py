"""Divergences across the corpus: public vs private, report vs denial, contradictions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..consolidate import event_voice, normalize_outlet
from ..dates import shift
from ..divergence import CONFLICTUAL, COOPERATIVE, PRIVATE_CHANNEL, PUBLIC_CHANNEL
from ..errors import ConfigError
from ..store import Store
from ..store import _schema as t
from ._base import Record
from ._cache import cached
from ._timeline import event_rows
from ._topics import topics, topics_fingerprint

__all__ = ["CorpusDivergence", "DivergenceEvidence", "corpus_divergences", "event_divergences"]

KINDS = ("public_vs_private", "report_vs_denial", "contradiction", "contested", "claim_vs_denial")
# Kinds in which one side says the other's claim is untrue (they lower credibility).
CONTRADICTING_KINDS = frozenset({"report_vs_denial", "contradiction", "claim_vs_denial"})
SCOPES = ("document", "corpus", "all")

# Two dated events "in the same period": as the per-document finder has it.
PERIOD_SLACK = dt.timedelta(days=92)
# A denial answers reports of what came before it (plus a few days of dating slack);
# one naming the outlet it answers reaches back this far.
DENIAL_LEAD = dt.timedelta(days=7)
DENIAL_REACH = dt.timedelta(days=400)
# Two precise dates of one happening further apart than this disagree on "when".
WHEN_SLACK = dt.timedelta(days=3)
# ... but no further than this (beyond it, they are two happenings).
WHEN_REACH = dt.timedelta(days=31)

# A statement that something reported is untrue.
DENIAL_WORDS = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|not true|untrue|incorrect|false|wrong|fiction(?:al)?|"
    r"baseless|groundless|fake|nonsense|fabricat\w+|rejected (?:a|the) (?:report|claim)s?)\b",
    re.IGNORECASE,
)
# ... and phrasings that only look like one.
NOT_A_DENIAL = re.compile(
    r"\b(?:neither confirm\w*|nor den\w+|(?:did|does|would) not (?:deny|den\w+)|"
    r"declined to (?:comment|confirm|deny))\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class DivergenceEvidence(Record):
    """One event a divergence rests on, with its side (``public``, ``private``,
    ``report``, ``denial``, ``claim``, ``challenge``, ``contradiction``)."""

    event_id: str
    doc_id: str
    side: str
    event: str
    status: str
    start: str | None
    end: str | None
    sentence: str
    title: str
    outlet: str | None
    published: str | None


@dataclass(slots=True)
class CorpusDivergence(Record):
    """Events in tension. ``scope`` is ``document`` (found inside one article by the
    ledger, kept as stored) or ``corpus`` (found across articles); ``kind`` is one of
    :data:`KINDS`; ``topic`` the named topic both sides are about, if any."""

    id: str
    kind: str
    scope: str
    actor: str | None
    topic: str | None
    description: str
    period: tuple[str | None, str | None] | None
    event_ids: list[str]
    document_ids: list[str]
    evidence: list[DivergenceEvidence] = field(default_factory=list)
    merged_ids: list[str] = field(default_factory=list)  # stored per-document divergences


def corpus_divergences(store: Store, *, scope: str = "all") -> list[CorpusDivergence]:
    """Divergences over everything stored.

    (a) ``public_vs_private``: an actor's public hard line (a rejection or threat
    about the topic, a vow not to give up) against privately reported (anonymous or
    back-channel) signals of the same side in an overlapping period; (b)
    ``report_vs_denial``: reported signals against an on-record denial by the actor's
    side in any article, matched on actor, topic, period and the outlet the denial
    names; (c) ``contradiction``: accounts that disagree on what happened or when
    (see ``docs/analysis.md`` for the rules). Stored per-document divergences are
    included (``scope`` ``document``) unless a corpus divergence covers the same
    events, in which case their ids are listed in its ``merged_ids``. ``scope`` is ``document``,
    ``corpus`` or ``all``.

    Computed once per store revision (see :mod:`._cache`): the records are shared
    between callers, so treat them as read-only.
    """
    scope = scope.strip().lower()
    if scope not in SCOPES:
        raise ConfigError(
            f"unknown scope {scope!r}; choose one of: {', '.join(SCOPES)}", code="BC204"
        )
    found = _found(store)
    return list({"document": found.stored, "corpus": found.corpus, "all": found.merged}[scope])


def event_divergences(store: Store, event_ids: Iterable[str]) -> list[CorpusDivergence]:
    """The divergences (of scope ``all``) the events take part in, each once: an
    event's in the order :func:`corpus_divergences` lists them, event after event.
    Looked up by event, not by scanning every divergence."""
    by_event = _found(store).by_event
    found = {dv.id: dv for event_id in event_ids for dv in by_event.get(event_id, [])}
    return list(found.values())


@dataclass(slots=True, frozen=True)
class _Found:
    """Every divergence of the store, per scope, and looked up by event (read-only)."""

    stored: list[CorpusDivergence]
    corpus: list[CorpusDivergence]
    merged: list[CorpusDivergence]  # scope "all"
    by_event: dict[str, list[CorpusDivergence]]


def _found(store: Store) -> _Found:
    # Every event of the store is read: kept until a document is stored, a
    # consolidation written or the topics change.
    return cached(store, "divergences", lambda: _find(store), depends_on=topics_fingerprint())


def _find(store: Store) -> _Found:
    events = _load(store)
    by_id = {e.id: e for e in events}
    stored = _stored(store, by_id)
    with store._read() as conn:
        stories = {row[0]["id"]: row[0] for row in conn.execute(sa.select(t.stories.c.record))}
    denials = _denials(events, _known_outlets(events))
    denied = {ev.event_id for d in denials for ev in d.evidence if ev.side == "denial"}
    found = denials + _public_private(events) + _contradictions(events, stories, denied)
    unique = {d.id: d for d in found}
    corpus = sorted(unique.values(), key=_order)
    # Scope "all": the same corpus divergences, each listing the stored ones it covers
    # (the first in order that holds all of its events).
    merged = [dataclasses.replace(c, merged_ids=[]) for c in corpus]
    holding: dict[str, list[tuple[CorpusDivergence, set[str]]]] = defaultdict(list)
    for divergence in merged:
        members = set(divergence.event_ids)
        for event_id in members:
            holding[event_id].append((divergence, members))
    kept = []
    for divergence in stored:
        wanted = set(divergence.event_ids)
        candidates = (
            holding.get(divergence.event_ids[0], [])
            if divergence.event_ids
            else [(c, set()) for c in merged]
        )
        covering = next((c for c, members in candidates if wanted <= members), None)
        if covering is not None:
            covering.merged_ids.append(divergence.id)
        else:
            kept.append(divergence)
    everything = sorted([*merged, *kept], key=_order)
    by_event: dict[str, list[CorpusDivergence]] = defaultdict(list)
    for divergence in everything:
        for event_id in dict.fromkeys(divergence.event_ids):
            by_event[event_id].append(divergence)
    return _Found(stored, corpus, everything, dict(by_event))


def _order(divergence: CorpusDivergence) -> tuple[Any, ...]:
    start = (divergence.period or (None, None))[0]
    return (
        start is None,
        start or "",
        KINDS.index(divergence.kind) if divergence.kind in KINDS else 9,
        divergence.id,
    )


# -- reading the ledger ---------------------------------------------------------------


@dataclass(slots=True)
class _Event:
    """An event record with what the finders need, computed once."""

    record: dict[str, Any]
    row: dict[str, Any]
    origin: str | None
    first: dt.date
    last: dt.date
    precise: bool  # a stated day or month, not the publication date
    source_countries: set[str | None] = field(default_factory=set)  # named sources' sides
    topics: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.record["id"])

    @property
    def doc_id(self) -> str:
        return str((self.record.get("evidence") or {}).get("doc") or "")

    @property
    def type(self) -> str:
        return str(self.record.get("event") or "")

    @property
    def sentence(self) -> str:
        return str(self.record.get("event_text") or "")

    @property
    def country(self) -> str | None:
        return next(
            (a.get("country") for a in self.record.get("actor") or [] if a.get("country")), None
        )

    @property
    def negated(self) -> bool:
        if "negated" in (self.record.get("aux_modes") or []):
            return True
        # The claim frame's negation is sentence-wide: it may negate a stated intent
        # ("did not say he would accept") but not an action told in passing ("came
        # after forces drove them out, which has not been reported").
        return self.type in _SPOKEN_TYPES and bool(
            (self.record.get("certainty") or {}).get("negated")
        )

    def links(self, *roles: str) -> list[Mapping[str, Any]]:
        return [link for link in self.record.get("attribution") or [] if link.get("role") in roles]


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _load(store: Store) -> list[_Event]:
    se, m = t.story_events, t.mentions
    with store._read() as conn:
        origins = dict(conn.execute(sa.select(se.c.event_id, se.c.origin)).all())
        mentions = conn.execute(sa.select(m.c.doc_id, m.c.start, m.c.end, m.c.country)).all()
    sides = {(r.doc_id, r.start, r.end): r.country for r in mentions}
    known = sorted(topics().items())
    events = []
    for record, row in event_rows(store):
        info = record.get("date_info") or {}
        start, end = _day(record.get("date")), _day(record.get("enddate"))
        published = _day(row.get("published"))
        if start is None and end is None:
            start = end = published
        elif end is None and published is not None and start is not None:
            # "since September", read in December: known to hold until publication.
            end = max(start, published)
        doc_id = str((record.get("evidence") or {}).get("doc") or "")
        spans = [
            link.get("source_span") or {}
            for link in record.get("attribution") or []
            if link.get("role") in ("source", "speaker") and link.get("named")
        ]
        events.append(
            _Event(
                record=record,
                row=row,
                origin=origins.get(record["id"]),
                first=start or dt.date.min,
                last=end or dt.date.max,
                precise=not info.get("from_publication")
                and info.get("granularity") in ("day", "month")
                and start is not None
                and end is not None,
                source_countries={
                    sides.get((doc_id, span.get("start"), span.get("end"))) for span in spans
                },
                topics=[name for name, topic in known if topic.matches(record)],
            )
        )
    return events


def _overlap(a: _Event, b: _Event, slack: dt.timedelta = PERIOD_SLACK) -> bool:
    return shift(a.first, -slack) <= shift(b.last, slack) and (
        shift(b.first, -slack) <= shift(a.last, slack)
    )


# Giving ground is a cooperative signal too ("would not give up" is its refusal).
_COOPERATIVE = COOPERATIVE | {"CONCEDE"}


def _polarity(event: _Event) -> str | None:
    if event.type in _COOPERATIVE and not event.negated:
        return "cooperative"
    if event.type in CONFLICTUAL or (event.type in _COOPERATIVE and event.negated):
        return "conflictual"
    return None


def _private(event: _Event) -> bool:
    if PRIVATE_CHANNEL.search(event.sentence):
        return True
    sources = event.links("source", "speaker")
    return (
        bool(sources)
        and all(not link.get("named") for link in sources)
        and not event.record.get("quote")
    )


def _public(event: _Event) -> bool:
    if PRIVATE_CHANNEL.search(event.sentence):
        return False
    if PUBLIC_CHANNEL.search(event.sentence):
        return True
    return event.record.get("status") == "asserted" and not event.links("source", "speaker")


def _topics_of(event: _Event) -> list[str]:
    return event.topics


def _stable_id(kind: str, event_ids: Iterable[str]) -> str:
    digest = hashlib.sha1(f"{kind}:{','.join(sorted(set(event_ids)))}".encode()).hexdigest()
    return f"cd-{digest[:16]}"


def _evidence(event: _Event, side: str) -> DivergenceEvidence:
    return DivergenceEvidence(
        event_id=event.id,
        doc_id=event.doc_id,
        side=side,
        event=event.type,
        status=str(event.record.get("status")),
        start=event.record.get("date"),
        end=event.record.get("enddate"),
        sentence=event.sentence,
        title=str(event.row.get("title") or ""),
        outlet=event.row.get("outlet"),
        published=event.row.get("published"),
    )


def _divergence(
    kind: str,
    sides: Sequence[tuple[str, Sequence[_Event]]],
    actor: str | None,
    topic: str | None,
    description: str,
) -> CorpusDivergence:
    evidence = [_evidence(e, side) for side, members in sides for e in members]
    members = [e for _, group in sides for e in group]
    starts = [e.first for e in members if e.first != dt.date.min]
    ends = [e.last for e in members if e.last != dt.date.max]
    period = (
        min(starts).isoformat() if starts else None,
        max(ends).isoformat() if ends else None,
    )
    return CorpusDivergence(
        id=_stable_id(kind, (e.event_id for e in evidence)),
        kind=kind,
        scope="corpus",
        actor=actor,
        topic=topic,
        description=description,
        period=period,
        event_ids=list(dict.fromkeys(e.event_id for e in evidence)),
        document_ids=list(dict.fromkeys(e.doc_id for e in evidence)),
        evidence=evidence,
    )


def _shared_topic(groups: Iterable[Iterable[_Event]]) -> str | None:
    sets = [set().union(*(_topics_of(e) for e in group)) for group in groups]
    common = set.intersection(*sets) if sets else set()
    return sorted(common)[0] if common else None


def _who(events: Iterable[_Event]) -> str:
    names = []
    for event in events:
        for actor in event.record.get("actor") or []:
            name = actor.get("name") or actor.get("text")
            if name and name not in names:
                names.append(name)
    return ", ".join(names[:3]) or "?"


def _where(events: Sequence[_Event]) -> str:
    outlets = sorted({str(e.row.get("outlet") or "?") for e in events})
    return f"{len(events)} report{'s' if len(events) != 1 else ''} in {', '.join(outlets)}"


# -- (b) reports against on-record denials -------------------------------------------


def _known_outlets(events: Sequence[_Event]) -> list[str]:
    names = {normalize_outlet(e.row.get("outlet")) for e in events} | {e.origin for e in events}
    return sorted((n for n in names if n), key=len, reverse=True)


# "a Reuters report", "a report in The New York Times", "the Daily Planet's story"
_CITED_NAME = r"(?:[A-Z][\w&.'’-]*)(?:\s+(?:of\s+)?[A-Z][\w&.'’-]*)*"
_CITED = re.compile(
    rf"\b(?:an?|the)\s+(?P<before>{_CITED_NAME})(?:'s|’s)?\s+(?:report|story|article|claim)s?\b|"
    rf"\b(?:report|story|article|claim)s?\s+(?:in|by|from)\s+(?P<after>(?:the\s+)?{_CITED_NAME})"
)


def _named_outlet(text: str, outlets: Sequence[str], own: str | None) -> str | None:
    """The outlet whose report ``text`` answers: a known outlet it names, else a
    name it cites as a report's source (one we may not have); None when it names none."""
    lowered = text.lower()
    for name in outlets:
        bare = name.lower().removeprefix("the ")
        if name != own and re.search(rf"\b{re.escape(bare)}\b", lowered):
            return name
    match = _CITED.search(text)
    if match is None:
        return None
    return normalize_outlet(match.group("before") or match.group("after"))


def _is_denial(event: _Event) -> bool:
    if NOT_A_DENIAL.search(event.sentence):
        return False
    certainty = event.record.get("certainty") or {}
    if certainty.get("denial"):
        return True
    return (
        event.type == "REJECT" and not event.negated and bool(DENIAL_WORDS.search(event.sentence))
    )


def _on_record(event: _Event) -> bool:
    """Someone named says it: a named actor, or a named source or speaker."""
    named_sources = [link for link in event.links("source", "speaker") if link.get("named")]
    return bool(named_sources) or any(a.get("id") for a in event.record.get("actor") or [])


def _reported_signal(event: _Event) -> bool:
    """A cooperative signal known second-hand (anonymous sources, back channels or
    another outlet), not someone's on-record statement."""
    if _polarity(event) != "cooperative" or event.record.get("status") == "denied":
        return False
    if event_voice(event.record) is not None:
        return False
    second_hand = bool(event.links("cited_outlet")) or any(
        not link.get("named") for link in event.links("source", "speaker")
    )
    return _private(event) or second_hand


def _denials(events: Sequence[_Event], known: Sequence[str]) -> list[CorpusDivergence]:
    by_id = {e.id: e for e in events}
    groups: dict[str, list[_Event]] = defaultdict(list)
    for event in events:
        if _is_denial(event) and _on_record(event):
            root = event
            while root.record.get("parent") in by_id and root.record["parent"] != root.id:
                root = by_id[root.record["parent"]]
            groups[root.id].append(event)
    signals = [e for e in events if _reported_signal(e)]
    found = []
    for group in groups.values():
        side = next((e.country for e in group if e.country), None)
        if side is None:
            continue
        own = normalize_outlet(group[0].row.get("outlet"))
        target = next(
            (
                outlet
                for e in group
                for outlet in [_named_outlet(e.sentence, known, own)]
                if outlet is not None
            ),
            None,
        )
        when = min(e.first for e in group)
        denial_topics = set().union(*(_denial_topics(e) for e in group))
        members = {g.id for g in group}
        claims = [
            e
            for e in signals
            if e.id not in members
            and e.country == side
            and denial_topics & set(_topics_of(e))
            and e.first != dt.date.min
            and e.first <= shift(when, DENIAL_LEAD)
            and (target is None or _reports_from(e, target))
            and e.last >= shift(when, -(DENIAL_REACH if target else PERIOD_SLACK))
        ]
        if not claims:
            continue
        topic = sorted(denial_topics & {t for e in claims for t in _topics_of(e)})[0]
        denier = group[0]
        found.append(
            _divergence(
                "report_vs_denial",
                [("report", claims), ("denial", group)],
                side,
                topic,
                f"{_who(claims)}: {_where(claims)}"
                + (f" (from {target})" if target else "")
                + f" — denied on record in {denier.row.get('outlet') or '?'} "
                f"({denier.row.get('published') or '?'}): {denier.sentence[:160]!r}",
            )
        )
    return found


def _denial_topics(event: _Event) -> set[str]:
    """Topics of the denied claim: the denial's own, or the keywords in its sentence."""
    return {
        name
        for name, topic in topics().items()
        if topic.matches(event.record) or topic.keyword_in(event.sentence)
    }


def _reports_from(event: _Event, outlet: str) -> bool:
    if event.origin == outlet or normalize_outlet(event.row.get("outlet")) == outlet:
        return True
    cited = " ".join(str(link.get("text") or "") for link in event.links("cited_outlet"))
    return _named_outlet(cited, [outlet], None) is not None


# -- (a) public stance against private signals ----------------------------------------


# Conflictual types that are stances in words, not deeds.
_STANCE_TYPES = frozenset({"REJECT", "THREATEN", "ACCUSE", "PROTEST"})
_SPOKEN_TYPES = _STANCE_TYPES | {"AGREE", "REQUEST"}


def _public_stance(event: _Event, topic: str | None) -> bool:
    """An on-record hard line by the actor's side: a rejection or threat about the
    topic, or a vow ("would not give up", "will keep fighting"), said in public, not
    reported second-hand nor put in the actor's mouth by the other side."""
    if _polarity(event) != "conflictual" or _private(event) or _is_denial(event):
        return False
    if NOT_A_DENIAL.search(event.sentence):
        return False
    modes = event.record.get("aux_modes") or []
    # A vow binds the future ("would not give up", "will keep fighting"); "did not
    # announce an initiative" reports a past omission, not a line drawn.
    vow = "future" in modes or (event.negated and "hypothetical" in modes)
    on_topic = event.type in _STANCE_TYPES and (topic is None or topic in _topics_of(event))
    second_hand = bool(event.links("cited_outlet")) or any(
        not link.get("named") for link in event.links("source", "speaker")
    )
    if event.links("source", "speaker"):
        said_by_side = event.country in event.source_countries  # "Putin said ..."
    else:
        said_by_side = event.record.get("status") == "asserted"  # the outlet saw it said
    return (vow or on_topic) and not second_hand and said_by_side


def _public_private(events: Sequence[_Event]) -> list[CorpusDivergence]:
    private = [e for e in events if e.country and _reported_signal(e)]
    signal_topics = {name for e in private for name in _topics_of(e)}
    public = [
        e
        for e in events
        if e.country and any(_public_stance(e, name) for name in (sorted(signal_topics) or [None]))
    ]
    # One divergence per public happening (its story, else the event) and actor.
    statements: dict[tuple[str, str], list[_Event]] = defaultdict(list)
    for event in public:
        statements[(str(event.country), str(event.row.get("story_id") or event.id))].append(event)
    found = []
    for (country, _story), stated in statements.items():
        own_docs = {p.doc_id for p in stated}
        signals = [
            e for e in private if e.country == country and any(_overlap(p, e) for p in stated)
        ]
        # Only across documents: inside one article the ledger already has them.
        if all(e.doc_id in own_docs for e in signals):
            continue
        first = stated[0]
        trigger = (first.record.get("trigger") or {}).get("text")
        found.append(
            _divergence(
                "public_vs_private",
                [("public", stated), ("private", signals)],
                country,
                _shared_topic([signals]),
                f"{_who(stated)}: public {first.type} ({trigger!r}, {_where(stated)}) vs "
                f"privately reported {', '.join(sorted({e.type for e in signals}))} "
                f"({_where(signals)})",
            )
        )
    return found


# -- (c) reports that contradict each other -------------------------------------------


def _second_hand(event: _Event) -> bool:
    """An account of the happening, not the actor's own word: hedged or reported, or
    resting on another outlet or on unnamed sources."""
    if event.record.get("status") in ("reported", "hedged") or event.links("cited_outlet"):
        return True
    return any(not link.get("named") for link in event.links("source", "speaker"))


def _contradictions(
    events: Sequence[_Event], stories: Mapping[str, Mapping[str, Any]], denied: set[str]
) -> list[CorpusDivergence]:
    members: dict[str, list[_Event]] = defaultdict(list)
    for event in events:
        if event.row.get("story_id"):
            members[str(event.row["story_id"])].append(event)
    found = []
    # What: a happening reported, and reported not to have happened, by other origins.
    for story_id, story in stories.items():
        if story.get("polarity") != "affirmed":
            continue
        for rival_id in story.get("contradicted_by") or []:
            claims = [e for e in members[story_id] if _second_hand(e)]
            rivals = [
                e for e in members.get(rival_id, []) if _second_hand(e) and e.id not in denied
            ]
            if not claims or not rivals or {e.origin for e in claims} == {e.origin for e in rivals}:
                continue
            found.append(
                _divergence(
                    "contradiction",
                    [("claim", claims), ("contradiction", rivals)],
                    next((e.country for e in claims if e.country), None),
                    _shared_topic([claims, rivals]),
                    f"what: {_who(claims)} {claims[0].type} ({_where(claims)}) vs reported "
                    f"not to have happened ({_where(rivals)})",
                )
            )
    # When: reports of one happening that date it differently. Stories only merge
    # overlapping dates, so these are events of one type, actor and recipient sides,
    # precise dates a few days to a few weeks apart, from different origins, whose
    # sentences name the same place or occasion ("in Riyadh", "in Istanbul").
    dated = [e for e in events if e.precise and e.origin and _polarity(e) is not None]
    # Only events of one type, sides and polarity can be one happening: compare within
    # those groups (each in corpus order), not every pair of dated events.
    alike: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, event in enumerate(dated):
        alike[(event.type, _sides(event), _polarity(event))].append(index)
    occasions = [_occasion(event) for event in dated]
    when_found: list[tuple[int, _Event, list[_Event]]] = []
    for group in alike.values():
        for place, i in enumerate(group):
            a = dated[i]
            rivals = [
                dated[j]
                for j in group[place + 1 :]
                if dated[j].origin != a.origin
                and not _overlap(a, dated[j], WHEN_SLACK)
                and _overlap(a, dated[j], WHEN_REACH)
                and occasions[i] & occasions[j]
            ]
            if rivals:
                when_found.append((i, a, rivals))
    for i, a, rivals in sorted(when_found, key=lambda found_: found_[0]):
        found.append(
            _divergence(
                "contradiction",
                [("claim", [a]), ("contradiction", rivals)],
                a.country,
                _shared_topic([[a], rivals]),
                f"when: {_who([a])} {a.type} ({', '.join(sorted(occasions[i]))}) dated "
                f"{a.record.get('date')} by {a.origin} but "
                f"{', '.join(str(b.record.get('date')) for b in rivals)} by "
                f"{', '.join(sorted({str(b.origin) for b in rivals}))}",
            )
        )
    return found


_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z][\w'’-]+")
_CALENDAR = frozenset(
    {
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December", "Monday", "Tuesday"),
        *("Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    }
)


def _sides(event: _Event) -> tuple[frozenset[str], frozenset[str]]:
    def countries(role: str) -> frozenset[str]:
        return frozenset(
            str(a["country"]) for a in event.record.get(role) or [] if a.get("country")
        )

    return countries("actor"), countries("recipient")


def _occasion(event: _Event) -> set[str]:
    """Proper names in the sentence that are not its actors, dates or outlets: the
    place or occasion it reports ("Riyadh", "Istanbul", "Jeddah")."""
    names = {
        str(part).lower()
        for role in ("actor", "recipient")
        for a in event.record.get(role) or []
        for part in str(a.get("text") or "").split() + str(a.get("name") or "").split()
    }
    outlet = str(event.row.get("outlet") or "").lower().split()
    return {
        word
        for word in _PROPER.findall(event.sentence)
        if word not in _CALENDAR and word.lower() not in names and word.lower() not in outlet
    }


# -- putting it together ----------------------------------------------------------------


def _stored(store: Store, events: Mapping[str, _Event]) -> list[CorpusDivergence]:
    out = []
    for record in store.divergences():
        members = [events[i] for i in record.get("events") or [] if i in events]
        if record.get("kind") == "contested" and members:
            sides = [("claim", members[:1]), ("challenge", members[1:])]
        elif record.get("kind") == "claim_vs_denial" and members:
            sides = [("claim", members[:-1]), ("denial", members[-1:])]
        elif record.get("kind") == "public_vs_private" and members:
            sides = [("public", members[:1]), ("private", members[1:])]
        else:
            sides = [("event", members)]
        period = record.get("period")
        out.append(
            CorpusDivergence(
                id=str(record["id"]),
                kind=str(record.get("kind")),
                scope="document",
                actor=record.get("actor"),
                topic=_shared_topic([m for _, m in sides if m]) if members else None,
                description=str(record.get("description") or ""),
                period=(period[0], period[1]) if period else None,
                event_ids=list(record.get("events") or []),
                document_ids=[str(record.get("doc"))] if record.get("doc") else [],
                evidence=[_evidence(e, side) for side, group in sides for e in group],
            )
        )
    return out
