"""Search over documents and events: SQLite FTS5 when present, LIKE/ILIKE elsewhere."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ..errors import InputError
from ..store import Store
from ..store import _schema as t
from ._base import Record

__all__ = ["DocumentHit", "EventHit", "SearchResults", "search"]


@dataclass(slots=True)
class DocumentHit(Record):
    id: str
    title: str
    outlet: str | None
    published: str | None
    snippet: str


@dataclass(slots=True)
class EventHit(Record):
    event_id: str
    doc_id: str
    event: str
    status: str
    start: str | None
    end: str | None
    summary: str | None
    title: str
    outlet: str | None
    snippet: str


@dataclass(slots=True)
class SearchResults(Record):
    """``backend`` is ``fts5`` or ``like``; ``advanced`` whether FTS5 syntax was used."""

    query: str
    backend: str
    advanced: bool
    documents: list[DocumentHit] = field(default_factory=list)
    events: list[EventHit] = field(default_factory=list)


def search(store: Store, query: str, *, limit: int = 50, advanced: bool = False) -> SearchResults:
    """Documents and events matching ``query``, best first, at most ``limit`` of each.

    By default the query is plain words: every word must occur (in any order,
    word prefixes match), and quotes or operators in it are taken literally, so no
    input is a syntax error. With ``advanced=True`` on SQLite the query is FTS5
    syntax (``"exact phrase"``, ``AND``/``OR``/``NOT``, ``NEAR``, ``word*``) and a
    malformed one is an :class:`InputError` (BC505). A blank query is BC505 too.
    """
    text = " ".join(str(query or "").split())
    words = _WORD.findall(text)
    if not (text if advanced else words):
        raise InputError(f"nothing to search for in {query!r}", code="BC505")
    limit = max(1, int(limit))
    if _has_fts(store):
        expression = text if advanced else " ".join(f'"{w}"*' for w in words)
        documents, events = _fts_search(store, expression, limit)
        return SearchResults(text, "fts5", advanced, documents, events)
    documents, events = _like_search(store, words, limit)
    return SearchResults(text, "like", advanced, documents, events)


_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CHARS = 160


def _has_fts(store: Store) -> bool:
    if store.engine.dialect.name != "sqlite":
        return False
    with store._read() as conn:
        names = set(sa.inspect(conn).get_table_names())
    return {"search_documents", "search_events"} <= names


def _snippet(text: str, words: Sequence[str]) -> str:
    """About :data:`SNIPPET_CHARS` characters of ``text`` around the first word found."""
    flat = " ".join(text.split())
    lowered = flat.lower()
    hits = [lowered.find(w.lower()) for w in words]
    first = min((h for h in hits if h >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    piece = flat[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(flat) else "")


def _document_hit(row: Mapping[str, Any], words: Sequence[str]) -> DocumentHit:
    return DocumentHit(
        id=row["id"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        snippet=_snippet(f"{row['body']}", words),
    )


def _event_hit(row: Mapping[str, Any], words: Sequence[str]) -> EventHit:
    return EventHit(
        event_id=row["id"],
        doc_id=row["doc_id"],
        event=row["event"],
        status=row["status"],
        start=row["date_start"],
        end=row["date_end"],
        summary=(row["record"] or {}).get("summary"),
        title=row["title"],
        outlet=row["outlet"],
        snippet=_snippet(row["sentence"] or "", words),
    )


_DOCUMENT_COLUMNS = (t.documents.c.id, t.documents.c.title, t.documents.c.outlet)
_EVENT_COLUMNS = (
    t.events.c.id,
    t.events.c.doc_id,
    t.events.c.event,
    t.events.c.status,
    t.events.c.date_start,
    t.events.c.date_end,
    t.events.c.sentence,
    t.events.c.record,
    t.documents.c.title,
    t.documents.c.outlet,
)


def _fts_search(
    store: Store, expression: str, limit: int
) -> tuple[list[DocumentHit], list[EventHit]]:
    words = _WORD.findall(expression)
    d, e = t.documents, t.events
    fts_docs = sa.table("search_documents", sa.column("doc_id"), sa.column("rank"))
    fts_events = sa.table("search_events", sa.column("event_id"), sa.column("rank"))
    match = sa.literal_column("search_documents").op("MATCH")
    match_events = sa.literal_column("search_events").op("MATCH")
    doc_query = (
        sa.select(*_DOCUMENT_COLUMNS, d.c.published, d.c.body)
        .select_from(fts_docs.join(d, d.c.id == fts_docs.c.doc_id))
        .where(match(expression))
        .order_by(fts_docs.c.rank, d.c.id)
        .limit(limit)
    )
    event_query = (
        sa.select(*_EVENT_COLUMNS)
        .select_from(
            fts_events.join(e, e.c.id == fts_events.c.event_id).join(d, d.c.id == e.c.doc_id)
        )
        .where(match_events(expression))
        .order_by(fts_events.c.rank, e.c.id)
        .limit(limit)
    )
    with store._read() as conn:
        # Caught here: the store would report a malformed query as a database fault.
        try:
            documents = [_document_hit(r, words) for r in conn.execute(doc_query).mappings()]
            events = [_event_hit(r, words) for r in conn.execute(event_query).mappings()]
        except sa_exc.OperationalError as exc:
            reason = " ".join(str(exc.orig).split()) if exc.orig is not None else "invalid"
            raise InputError(
                f"invalid search query {expression!r}: {reason}", code="BC505"
            ) from None
    return documents, events


def _contains(column: Any, word: str) -> Any:
    escaped = word.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return sa.func.lower(column).like(f"%{escaped}%", escape="\\")


def _like_search(
    store: Store, words: Sequence[str], limit: int
) -> tuple[list[DocumentHit], list[EventHit]]:
    d, e, a = t.documents, t.events, t.event_actors
    doc_query = (
        sa.select(*_DOCUMENT_COLUMNS, d.c.published, d.c.body)
        .where(*[sa.or_(_contains(d.c.title, w), _contains(d.c.body, w)) for w in words])
        .order_by(d.c.published.desc(), d.c.id)
        .limit(limit)
    )
    event_query = (
        sa.select(*_EVENT_COLUMNS)
        .select_from(e.join(d, d.c.id == e.c.doc_id))
        .where(
            *[
                sa.or_(
                    _contains(e.c.sentence, w),
                    _contains(e.c.event, w),
                    sa.exists().where(
                        a.c.event_id == e.c.id,
                        sa.or_(_contains(a.c.name, w), _contains(a.c.text, w)),
                    ),
                )
                for w in words
            ]
        )
        .order_by(e.c.date_start, e.c.id)
        .limit(limit)
    )
    with store._read() as conn:
        documents = [_document_hit(r, words) for r in conn.execute(doc_query).mappings()]
        events = [_event_hit(r, words) for r in conn.execute(event_query).mappings()]
    return documents, events
