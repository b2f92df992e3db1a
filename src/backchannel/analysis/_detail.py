"""One event with everything behind it: article text, evidence spans, sources, date, story."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..errors import InputError
from ..store import Store
from ..store import _schema as t
from ._base import Record
from ._timeline import TimelineEntry, entry_from, event_rows

__all__ = [
    "AttributionStep",
    "DateDerivation",
    "DocumentView",
    "EventDetail",
    "Highlight",
    "StoryReport",
    "StoryView",
    "event_detail",
]


@dataclass(slots=True)
class DocumentView(Record):
    id: str
    title: str
    body: str
    outlet: str | None
    url: str | None
    published: str | None
    published_how: str | None


@dataclass(slots=True)
class Highlight(Record):
    """A stretch of the document body to mark: ``kind`` is ``sentence``, ``clause``,
    ``trigger``, ``quote``, ``source``, ``cue`` or ``date``. Offsets are into
    ``DocumentView.body`` (``body[start:end] == text``)."""

    kind: str
    start: int
    end: int
    text: str
    label: str | None = None


@dataclass(slots=True)
class AttributionStep(Record):
    """One link of the chain from the outlet down to the claim."""

    role: str  # outlet, cited_outlet, source, speaker
    text: str
    named: bool
    count: int | None
    plural: bool
    affiliation: str | None
    former: bool
    access: str | None
    cue: str | None
    inherited: bool
    own: bool
    source_key: str | None = None  # the key grading uses (see source_grades)


@dataclass(slots=True)
class DateDerivation(Record):
    """The event's date and how it was worked out."""

    text: str | None
    start: str | None
    end: str | None
    granularity: str | None
    timex: str | None
    from_publication: bool
    open_start: bool
    open_end: bool
    mod: str | None
    anchor: str | None
    explanation: str


@dataclass(slots=True)
class StoryReport(Record):
    event_id: str
    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    origin: str
    origin_how: str
    status: str | None


@dataclass(slots=True)
class StoryView(Record):
    id: str
    event: str
    polarity: str | None
    start: str | None
    end: str | None
    reports: list[StoryReport]
    documents: int
    outlets: int
    independent_origins: int
    origins: list[str]


@dataclass(slots=True)
class EventDetail(Record):
    entry: TimelineEntry
    record: dict[str, Any]
    document: DocumentView
    highlights: list[Highlight]
    attribution: list[AttributionStep]
    date: DateDerivation
    story: StoryView | None
    divergence_ids: list[str] = field(default_factory=list)  # as corpus_divergences lists


def _explain_date(info: Mapping[str, Any], published: str | None) -> str:
    if info.get("from_publication"):
        return f"no time phrase for this event: publication date {published or '?'} stands in"
    if info.get("start") is None and info.get("end") is None:
        return "the text gives no usable date for this event"
    phrase = info.get("text")
    anchor = str(info.get("anchor") or "")
    if anchor == "absolute":
        how = "a calendar date in the text"
    elif anchor == "dct":
        how = f"resolved against the publication date {published or '?'}"
    elif anchor == "antecedent":
        how = "the date of the earlier sentence that named what this event refers back to"
    elif anchor.startswith("event:"):
        how = f"resolved against the date of event {anchor.removeprefix('event:')}"
    else:
        how = f"anchor {anchor}" if anchor else "anchor not recorded"
    parts = [f"{phrase!r}: {how}" if phrase else how]
    if info.get("mod"):
        parts.append(f"modifier {info['mod']}")
    if info.get("open_start") or info.get("open_end"):
        parts.append("open " + ("start" if info.get("open_start") else "end"))
    parts.append(f"granularity {info.get('granularity') or '?'}")
    return "; ".join(parts)


def _span_highlight(kind: str, span: Any, body: str, label: str | None = None) -> Highlight | None:
    if not isinstance(span, Mapping):
        return None
    start, end = span.get("start"), span.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(body):
        return None
    return Highlight(kind, start, end, body[start:end], label)


def _highlights(record: Mapping[str, Any], body: str) -> list[Highlight]:
    evidence = record.get("evidence") or {}
    found = [
        _span_highlight(
            "sentence",
            {"start": evidence.get("sentence_start"), "end": evidence.get("sentence_end")},
            body,
        ),
        _span_highlight("clause", evidence, body),
        _span_highlight("trigger", record.get("trigger"), body, record.get("event")),
        _span_highlight("date", (record.get("date_info") or {}).get("span"), body),
    ]
    quote = record.get("quote")
    if isinstance(quote, Mapping):
        found.append(_span_highlight("quote", quote, body, quote.get("speaker")))
    for link in record.get("attribution") or []:
        found.append(_span_highlight("source", link.get("source_span"), body, link.get("role")))
        found.append(_span_highlight("cue", link.get("cue_span"), body, link.get("role")))
    unique = {(h.kind, h.start, h.end): h for h in found if h is not None}
    return sorted(unique.values(), key=lambda h: (h.start, -h.end, h.kind))


def _story(store: Store, story_id: str | None) -> StoryView | None:
    if story_id is None:
        return None
    s, se, e, d = t.stories, t.story_events, t.events, t.documents
    with store._read() as conn:
        story = conn.execute(sa.select(s.c.record).where(s.c.id == story_id)).scalar_one_or_none()
        rows = (
            conn.execute(
                sa.select(
                    se.c.event_id,
                    se.c.doc_id,
                    se.c.origin,
                    se.c.origin_how,
                    e.c.status,
                    d.c.title,
                    d.c.outlet,
                    d.c.published,
                )
                .select_from(se.join(e, e.c.id == se.c.event_id).join(d, d.c.id == se.c.doc_id))
                .where(se.c.story_id == story_id)
                .order_by(d.c.published, d.c.outlet, se.c.event_id)
            )
            .mappings()
            .all()
        )
    if story is None:
        return None
    return StoryView(
        id=story_id,
        event=str(story.get("event")),
        polarity=story.get("polarity"),
        start=story.get("date"),
        end=story.get("enddate"),
        reports=[
            StoryReport(
                event_id=row["event_id"],
                doc_id=row["doc_id"],
                title=row["title"],
                outlet=row["outlet"],
                published=row["published"],
                origin=row["origin"],
                origin_how=row["origin_how"],
                status=row["status"],
            )
            for row in rows
        ],
        documents=int(story.get("documents") or 0),
        outlets=int(story.get("outlets") or 0),
        independent_origins=int(story.get("independent_origins") or 0),
        origins=list(story.get("origins") or []),
    )


def document_view(store: Store, doc_id: str) -> DocumentView | None:
    """A stored article as the web shows it, with or without events; None if unknown."""
    d = t.documents
    with store._read() as conn:
        row = conn.execute(sa.select(d).where(d.c.id == doc_id)).mappings().one_or_none()
    if row is None:
        return None
    return DocumentView(
        id=row["id"],
        title=row["title"],
        body=str(row["body"]),
        outlet=row["outlet"],
        url=row["url"],
        published=row["published"],
        published_how=row["published_how"],
    )


def event_detail(store: Store, event_id: str) -> EventDetail:
    """The event with its article, evidence spans, attribution chain, date derivation,
    story (every report, independent origins) and the divergences it takes part in.

    Raises :class:`InputError` (BC502) for an unknown event id.
    """
    from ._divergences import event_divergences
    from ._grading import event_source_keys

    found = event_rows(store, event_ids=[event_id])
    if not found:
        raise InputError(f"no event {event_id!r} in the ledger", code="BC502")
    record, row = found[0]
    entry = entry_from(record, row)
    document = document_view(store, entry.doc_id)
    assert document is not None  # an event's document is stored with it
    # As the divergence listing shows them: corpus ones, and stored ones not folded in.
    divergence_ids = [dv.id for dv in event_divergences(store, [event_id])]
    keys = event_source_keys(store, found, all_documents=False)[event_id]
    body = document.body
    info = record.get("date_info") or {}
    return EventDetail(
        entry=entry,
        record=record,
        document=document,
        highlights=_highlights(record, body),
        attribution=[
            AttributionStep(
                role=str(link.get("role")),
                text=str(link.get("text") or ""),
                named=bool(link.get("named")),
                count=link.get("count"),
                plural=bool(link.get("plural")),
                affiliation=link.get("affiliation"),
                former=bool(link.get("former")),
                access=link.get("access"),
                cue=link.get("cue"),
                inherited=bool(link.get("inherited")),
                own=bool(link.get("own")),
                source_key=key,
            )
            for key, link in keys
        ],
        date=DateDerivation(
            text=info.get("text"),
            start=info.get("start"),
            end=info.get("end"),
            granularity=info.get("granularity"),
            timex=info.get("timex"),
            from_publication=bool(info.get("from_publication")),
            open_start=bool(info.get("open_start")),
            open_end=bool(info.get("open_end")),
            mod=info.get("mod"),
            anchor=info.get("anchor"),
            explanation=_explain_date(info, document.published),
        ),
        story=_story(store, entry.story_id),
        divergence_ids=divergence_ids,
    )
