"""Timelines: events on their own dates (intervals, open ends), not publication dates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..anaphora import refers_back
from ..errors import ConfigError
from ..store import Store
from ..store import _schema as t
from ..store._store import _date_bound
from ._base import Record
from ._paging import DEFAULT_LIMIT, Page, check_page
from ._topics import Topic, get_topic, topics

__all__ = [
    "ActorRef",
    "TimelineEntry",
    "TimelinePage",
    "actor_matches",
    "event_rows",
    "timeline",
    "timeline_page",
]


@dataclass(slots=True)
class ActorRef(Record):
    """An actor or recipient of an event, as the ledger resolved it."""

    text: str
    name: str | None
    id: str | None
    code: str | None
    country: str | None

    @classmethod
    def from_record(cls, entry: Mapping[str, Any]) -> ActorRef:
        return cls(
            text=str(entry.get("text") or ""),
            name=entry.get("name"),
            id=entry.get("id"),
            code=entry.get("code"),
            country=entry.get("country"),
        )

    @property
    def label(self) -> str:
        return self.name or self.text or self.code or "?"


@dataclass(slots=True)
class TimelineEntry(Record):
    """One event placed on the time axis.

    ``start``/``end`` are the event's date interval (ISO days; ``None`` is an open
    end); ``date_fallback`` is True when the text gave no time for the event and the
    publication date stands in for it. ``sort_date`` is the day the entry is placed at.
    """

    event_id: str
    event: str
    mode: str | None
    context: list[str]
    cameo: str | None
    cameo_name: str | None
    start: str | None
    end: str | None
    granularity: str | None
    open_start: bool
    open_end: bool
    date_text: str | None
    timex: str | None
    date_fallback: bool
    sort_date: str | None
    status: str
    actors: list[ActorRef]
    recipients: list[ActorRef]
    trigger: str | None
    sentence: str
    summary: str | None
    doc_id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    story_id: str | None
    topics: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """``Putin → Ukraine: AGREE`` (for tables and charts)."""
        who = ", ".join(a.label for a in self.actors) or "?"
        if self.recipients:
            who += " → " + ", ".join(r.label for r in self.recipients)
        return f"{who}: {self.event}"


def event_rows(
    store: Store,
    *,
    event_ids: Iterable[str] | None = None,
    where: Sequence[sa.ColumnElement[bool]] = (),
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``(event record, row)`` pairs; the row has the document's title, outlet,
    published and url and the event's ``story_id`` (None before consolidation).
    ``where``: conditions on the ``events`` and ``documents`` tables."""
    e, d, se = t.events, t.documents, t.story_events
    query = (
        sa.select(
            e.c.record,
            d.c.title,
            d.c.outlet,
            d.c.published,
            d.c.url,
            se.c.story_id,
        )
        .select_from(e.join(d, d.c.id == e.c.doc_id).outerjoin(se, se.c.event_id == e.c.id))
        .where(*where)
    )
    if event_ids is not None:
        wanted = sorted(set(event_ids))
        if not wanted:
            return []
        query = query.where(e.c.id.in_(wanted))
    with store._read() as conn:
        result = conn.execute(query)
        # Rows zipped with the keys read once: a mapping per row asks for its keys anew.
        keys = list(result.keys())
        rows = [dict(zip(keys, values, strict=True)) for values in result]
        pairs = [(dict(row["record"]), row) for row in rows]
        _link_antecedents(conn, [record for record, _ in pairs])
    return pairs


_ANTECEDENT_CHARS = 400  # about two sentences of news


def _link_antecedents(conn: sa.Connection, records: list[dict[str, Any]]) -> None:
    """Give each anaphoric event record the text just before its sentence in its
    article (``antecedent_text``), which topic matching reads as well."""
    anaphoric = [r for r in records if refers_back(str(r.get("event_text") or ""))]
    if not anaphoric:
        return
    d = t.documents
    wanted = sorted({_doc_of(r) for r in anaphoric})
    bodies = dict(conn.execute(sa.select(d.c.id, d.c.body).where(d.c.id.in_(wanted))).all())
    for record in anaphoric:
        evidence = record.get("evidence") or {}
        body = bodies.get(_doc_of(record)) or ""
        start = int(evidence.get("sentence_start") or 0) if isinstance(evidence, Mapping) else 0
        # About two sentences back: the nearest may itself refer back ("strike a deal").
        record["antecedent_text"] = body[max(0, start - _ANTECEDENT_CHARS) : start]


def _doc_of(record: Mapping[str, Any]) -> str:
    evidence = record.get("evidence") or {}
    return str(evidence.get("doc") or "") if isinstance(evidence, Mapping) else ""


def actor_matches(entry: Mapping[str, Any], needle: str) -> bool:
    """Whether an actor record (``id``/``code``/``country``/``name``/``text``) is ``needle``.

    Ids, codes and countries match whole (``RUS`` also matches ``RUS GOV``); names
    and texts match as substrings, case-insensitively.
    """
    key = needle.strip().lower()
    if not key:
        return False
    code = str(entry.get("code") or "").lower()
    if key in (str(entry.get("id") or "").lower(), code, str(entry.get("country") or "").lower()):
        return True
    if code.startswith(f"{key} "):
        return True
    return any(key in str(entry.get(f) or "").lower() for f in ("name", "text"))


def _side(record: Mapping[str, Any], role: str, needle: str) -> bool:
    return any(actor_matches(entry, needle) for entry in record.get(role) or [])


def _interval(record: Mapping[str, Any], published: str | None) -> tuple[str | None, str | None]:
    start, end = record.get("date"), record.get("enddate")
    if start is None and end is None:
        return published, published
    return start, end


def entry_from(record: Mapping[str, Any], row: Mapping[str, Any]) -> TimelineEntry:
    info = record.get("date_info") or {}
    start, end = record.get("date"), record.get("enddate")
    published = row.get("published")
    undated = start is None and end is None
    trigger = record.get("trigger") or {}
    return TimelineEntry(
        event_id=str(record["id"]),
        event=str(record.get("event")),
        mode=record.get("mode"),
        context=list(record.get("context") or []),
        cameo=record.get("cameo"),
        cameo_name=record.get("cameo_name"),
        start=start,
        end=end,
        granularity=info.get("granularity"),
        open_start=bool(info.get("open_start")) or (start is None and end is not None),
        open_end=bool(info.get("open_end")) or (end is None and start is not None),
        date_text=info.get("text"),
        timex=info.get("timex"),
        date_fallback=bool(info.get("from_publication")) or undated,
        sort_date=start or end or published,
        status=str(record.get("status")),
        actors=[ActorRef.from_record(a) for a in record.get("actor") or []],
        recipients=[ActorRef.from_record(r) for r in record.get("recipient") or []],
        trigger=trigger.get("text"),
        sentence=str(record.get("event_text") or ""),
        summary=record.get("summary"),
        doc_id=str((record.get("evidence") or {}).get("doc") or row.get("doc_id") or ""),
        title=str(row.get("title") or ""),
        outlet=row.get("outlet"),
        published=published,
        url=row.get("url"),
        story_id=row.get("story_id"),
        topics=[name for name, topic in sorted(topics().items()) if topic.matches(record)],
    )


def _order(record: Mapping[str, Any], row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Date order, then publication, article and position: a total order, so pages are stable."""
    published = row.get("published")
    start, end = record.get("date"), record.get("enddate")
    first = start or end or published
    last = end or start or published
    evidence = record.get("evidence") or {}
    return (
        first is None,
        first or "",
        last or "",
        published or "",
        str(evidence.get("doc") or row.get("doc_id") or ""),
        evidence.get("start") or 0,
        str(record["id"]),
    )


def _narrowing(
    store: Store,
    *,
    types: set[str] | None,
    topic: Topic | None,
    statuses: set[str] | None,
    actors: Sequence[str],
    dyad: Sequence[str],
    period: tuple[str | None, str | None],
) -> list[sa.ColumnElement[bool]]:
    """Conditions on events and documents that keep every event the timeline's
    filters would keep (and may keep more): the type, status, actor and period
    tests done in SQL, so a narrow view does not read the whole ledger."""
    e, d = t.events, t.documents
    conditions: list[sa.ColumnElement[bool]] = []
    allowed = types
    if topic is not None:  # a topic only ever takes events of its types
        allowed = set(topic.events) if allowed is None else allowed & set(topic.events)
    if allowed is not None:
        conditions.append(sa.func.upper(e.c.event).in_(sorted(allowed)))
    if statuses:
        conditions.append(sa.func.lower(e.c.status).in_(sorted(statuses)))
    # A dyad's sides both take part in the event, whichever way round.
    conditions.extend(_takes_part(needle) for needle in [*actors, *dyad])
    lower, upper = period
    if lower or upper:
        undated = sa.and_(e.c.date_start.is_(None), e.c.date_end.is_(None))
        first = store._bytewise(sa.case((undated, d.c.published), else_=e.c.date_start))
        last = store._bytewise(sa.case((undated, d.c.published), else_=e.c.date_end))
        conditions.append(sa.or_(first.is_not(None), last.is_not(None)))
        if lower:
            conditions.append(sa.or_(last.is_(None), last >= lower))
        if upper:
            conditions.append(sa.or_(first.is_(None), first <= upper))
    return conditions


def _takes_part(needle: str) -> sa.ColumnElement[bool]:
    """An actor or recipient of the event matches ``needle`` (as :func:`actor_matches`)."""
    key = needle.strip().lower()
    if not key:
        return sa.false()
    a = t.event_actors
    escaped = key.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return sa.exists().where(
        a.c.event_id == t.events.c.id,
        sa.or_(
            sa.func.lower(a.c.actor_id) == key,
            sa.func.lower(a.c.code) == key,
            sa.func.lower(a.c.country) == key,
            sa.func.lower(a.c.code).like(f"{escaped} %", escape="\\"),
            sa.func.lower(a.c.name).like(f"%{escaped}%", escape="\\"),
            sa.func.lower(a.c.text).like(f"%{escaped}%", escape="\\"),
        ),
    )


def _upper_set(values: Sequence[str] | None, transform: Any) -> set[str] | None:
    if not values:
        return None
    return {transform(v.strip()) for v in values if v and v.strip()} or None


def _selected(
    store: Store,
    *,
    actor: str | None = None,
    dyad: tuple[str, str] | Sequence[str] | None = None,
    topic: str | None = None,
    types: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    window: tuple[int, int] | None = None,
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], int]:
    """``(record, row)`` of the events the filters keep, in :func:`_order` order, and
    how many they are; with ``window=(offset, count)`` only those rows of that order."""
    chosen_topic = get_topic(topic) if topic else None
    if dyad is not None:
        pair = [str(side).strip() for side in dyad]
        if len(pair) != 2 or not all(pair):
            raise ConfigError(f"a dyad is two actors, got {dyad!r}", code="BC510")
    wanted_types = _upper_set(types, str.upper)
    wanted_statuses = _upper_set(statuses, str.lower)
    lower = _date_bound(start, end=False, what="start")
    upper = _date_bound(end, end=True, what="end")
    if lower and upper and lower > upper:
        raise ConfigError(f"start {start} is after end {end}", code="BC203")

    # The database narrows the events down (to a superset of those kept); the checks
    # below decide, as they always did.
    narrowing = _narrowing(
        store,
        types=wanted_types,
        topic=chosen_topic,
        statuses=wanted_statuses,
        actors=[actor] if actor else [],
        dyad=pair if dyad is not None else [],
        period=(lower, upper),
    )
    if window is not None and not (actor or dyad is not None or chosen_topic is not None):
        # Type, status and period are decided exactly in SQL: order the ids by their
        # columns and read the records of the window only (no JSON for the rest).
        ordered = _ordered_ids(store, narrowing)
        offset, count = window
        wanted = ordered[offset : offset + count]
        by_id = {str(r["id"]): (r, row) for r, row in event_rows(store, event_ids=wanted)}
        return [by_id[event_id] for event_id in wanted], len(ordered)
    picked: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for record, row in event_rows(store, where=narrowing):
        if wanted_types and str(record.get("event")).upper() not in wanted_types:
            continue
        if wanted_statuses and str(record.get("status")).lower() not in wanted_statuses:
            continue
        if actor and not (_side(record, "actor", actor) or _side(record, "recipient", actor)):
            continue
        if dyad is not None:
            a, b = pair
            forward = _side(record, "actor", a) and _side(record, "recipient", b)
            backward = _side(record, "actor", b) and _side(record, "recipient", a)
            if not (forward or backward):
                continue
        if chosen_topic is not None and not chosen_topic.matches(record):
            continue
        first, last = _interval(record, row.get("published"))
        if (lower or upper) and first is None and last is None:
            continue
        if lower and last is not None and last < lower:
            continue
        if upper and first is not None and first > upper:
            continue
        picked.append((record, row))
    picked.sort(key=lambda pair_: _order(*pair_))
    if window is not None:
        offset, count = window
        return picked[offset : offset + count], len(picked)
    return picked, len(picked)


def _ordered_ids(store: Store, where: Sequence[sa.ColumnElement[bool]]) -> list[str]:
    """Ids of the events ``where`` keeps, in :func:`_order` order, read from columns."""
    e, d = t.events, t.documents
    query = (
        sa.select(
            e.c.id, e.c.date_start, e.c.date_end, d.c.published, e.c.doc_id, e.c.evidence_start
        )
        .select_from(e.join(d, d.c.id == e.c.doc_id))
        .where(*where)
    )
    with store._read() as conn:
        rows = conn.execute(query).all()

    def order(row: sa.Row[Any]) -> tuple[Any, ...]:
        first = row.date_start or row.date_end or row.published
        last = row.date_end or row.date_start or row.published
        return (
            first is None,
            first or "",
            last or "",
            row.published or "",
            str(row.doc_id or ""),
            row.evidence_start or 0,
            str(row.id),
        )

    return [str(row.id) for row in sorted(rows, key=order)]


def timeline(
    store: Store,
    *,
    actor: str | None = None,
    dyad: tuple[str, str] | Sequence[str] | None = None,
    topic: str | None = None,
    types: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
) -> list[TimelineEntry]:
    """Events ordered by their own date: interval start, then end.

    ``actor`` keeps events whose actor or recipient matches an actor id, code,
    country or name; ``dyad=(a, b)`` keeps events between ``a`` and ``b`` in either
    direction; ``topic`` a named topic (see :func:`topics`); ``types`` PLOVER event
    types; ``statuses`` epistemic statuses; ``start``/``end`` (``YYYY[-MM[-DD]]``)
    keep events whose interval overlaps the period (open ends overlap; an undated
    event counts at its publication date). Events the text does not date are placed
    at their publication date and flagged ``date_fallback``.
    """
    picked, _ = _selected(
        store,
        actor=actor,
        dyad=dyad,
        topic=topic,
        types=types,
        statuses=statuses,
        start=start,
        end=end,
    )
    return [entry_from(record, row) for record, row in picked]


@dataclass(slots=True)
class TimelinePage(Record):
    """One page of a timeline: its entries and where the page sits among all it matched."""

    entries: list[TimelineEntry]
    page: Page

    def to_dict(self) -> dict[str, Any]:
        return {"events": [e.to_dict() for e in self.entries], "page": self.page.to_dict()}


def timeline_page(
    store: Store,
    *,
    page: int | str = 1,
    limit: int | str = DEFAULT_LIMIT,
    actor: str | None = None,
    dyad: tuple[str, str] | Sequence[str] | None = None,
    topic: str | None = None,
    types: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
) -> TimelinePage:
    """The ``page``-th ``limit`` events (pages count from 1) of :func:`timeline` with
    the same filters, in its stable order. Only the page's events become entries;
    without an actor, dyad or topic filter (the ones decided in Python) only the
    page's records are read at all, the rest ordered by their columns."""
    number, size = check_page(page, limit)
    offset = (number - 1) * size
    chosen, total = _selected(
        store,
        actor=actor,
        dyad=dyad,
        topic=topic,
        types=types,
        statuses=statuses,
        start=start,
        end=end,
        window=(offset, size),
    )
    where = Page(page=number, limit=size, total=total)
    return TimelinePage(entries=[entry_from(record, row) for record, row in chosen], page=where)
