"""Ledgers as PLOVER-style JSON records and flat CSV.

Field names follow PLOVER (``id, date, enddate, actor, recipient, event, mode, context,
event_text``); backchannel's additions (dates as intervals, attribution chains,
evidence offsets, certainty) sit beside them. Records are plain dicts so the store
can keep them verbatim and give them back unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from typing import Any, TextIO

from .model import AttributionLink, Divergence, Document, Event, Ledger, Mention, Span

__all__ = [
    "CSV_COLUMNS",
    "attribution_chain",
    "divergence_record",
    "document_record",
    "event_record",
    "mention_record",
    "to_csv",
    "to_plover_json",
]

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "enddate",
    "date_text",
    "timex",
    "granularity",
    "from_publication",
    "actor",
    "actor_code",
    "recipient",
    "recipient_code",
    "event",
    "mode",
    "context",
    "cameo",
    "cameo_name",
    "status",
    "attribution",
    "quote",
    "quote_speaker",
    "event_text",
    "summary",
    "doc",
    "evidence_start",
    "evidence_end",
    "outlet",
    "url",
    "published",
)


def mention_record(mention: Mention) -> dict[str, Any]:
    actor = mention.actor
    return {
        "text": mention.text,
        "code": actor.code,
        "country": actor.country,
        "sector": actor.sector,
        "name": actor.name,
        "id": actor.id,
        "role": actor.role,
        "via": mention.via,
        "start": mention.start,
        "end": mention.end,
    }


def _span(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def _link_record(link: AttributionLink) -> dict[str, Any]:
    return {
        "role": link.role,
        "text": link.text,
        "named": link.named,
        "count": link.count,
        "plural": link.plural,
        "affiliation": link.affiliation,
        "former": link.former,
        "access": link.access,
        "cue": link.cue,
        "actor_code": link.actor_code,
        "inherited": link.inherited,
        "own": link.own,
        "cue_span": _span(link.cue_span),
        "source_span": _span(link.source_span),
    }


def event_record(event: Event, document: Document) -> dict[str, Any]:
    """One event as a PLOVER JSON record (lossless: the store keeps exactly this)."""
    date = event.date
    evidence = event.evidence
    return {
        "id": event.id,
        "date": date.start,
        "enddate": date.end,
        "actor": [mention_record(m) for m in event.actor],
        "recipient": [mention_record(m) for m in event.recipient],
        "event": event.event,
        "mode": event.mode,
        "context": list(event.context),
        "event_text": evidence.sentence,
        "cameo": event.cameo,
        "cameo_name": event.cameo_name,
        "status": event.status,
        "date_info": {
            "text": date.text,
            "start": date.start,
            "end": date.end,
            "granularity": date.granularity,
            "timex": date.timex,
            "from_publication": date.from_publication,
            "open_start": date.open_start,
            "open_end": date.open_end,
            "mod": date.mod,
            "anchor": date.anchor,
            "span": _span(date.span),
        },
        "attribution": [_link_record(link) for link in event.attribution],
        "evidence": {
            "doc": evidence.doc or document.id,
            "start": evidence.start,
            "end": evidence.end,
            "sentence": evidence.sentence,
            "sentence_start": evidence.sentence_start,
            "sentence_end": evidence.sentence_end,
        },
        "trigger": _span(event.trigger),
        "quote": asdict(event.quote) if event.quote is not None else None,
        "certainty": asdict(event.certainty),
        "aux_modes": list(event.aux_modes),
        "parent": event.parent,
        "related": list(event.related),
        "summary": event.summary,
        "source": {
            "doc": document.id,
            "title": document.title,
            "outlet": document.outlet,
            "url": document.url,
            "published": document.published,
        },
    }


def document_record(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "language": document.language,
        "published": {
            "date": document.published,
            "inferred": document.published_how == "inferred",
            "how": document.published_how,
        },
        "source_path": document.source_path,
        "body": document.body,
    }


def divergence_record(divergence: Divergence, document: Document | None = None) -> dict[str, Any]:
    period = list(divergence.period) if divergence.period is not None else None
    return {
        "id": divergence.id,
        "kind": divergence.kind,
        "events": list(divergence.events),
        "actor": divergence.actor,
        "description": divergence.description,
        "period": period,
        "doc": document.id if document is not None else None,
    }


def document_mention_record(mention: Mention, document: Document) -> dict[str, Any]:
    """A mention as listed at the top level: which document, which sentence."""
    return {"doc": document.id, "sentence": mention.sentence, **mention_record(mention)}


def to_plover_json(ledgers: Iterable[Ledger]) -> dict[str, list[dict[str, Any]]]:
    """All ledgers as one JSON-ready dict: ``documents``, ``events``, ``divergences``,
    ``mentions`` (every actor mention, resolved or not)."""
    out: dict[str, list[dict[str, Any]]] = {
        "documents": [],
        "events": [],
        "divergences": [],
        "mentions": [],
    }
    for ledger in ledgers:
        doc = ledger.document
        out["documents"].append(document_record(doc))
        out["events"].extend(event_record(event, doc) for event in ledger.events)
        out["divergences"].extend(divergence_record(d, doc) for d in ledger.divergences)
        out["mentions"].extend(document_mention_record(m, doc) for m in ledger.mentions)
    return out


def attribution_chain(links: Iterable[Mapping[str, Any]]) -> str:
    """``outlet:The Daily > source:two officials`` from attribution records."""
    return " > ".join(f"{link.get('role')}:{link.get('text')}" for link in links)


def _actors(entries: Iterable[Mapping[str, Any]], key: str) -> str:
    values = (entry.get(key) or (entry.get("text") if key == "name" else None) for entry in entries)
    return ";".join(str(value) for value in values if value)


# A cell a spreadsheet would run as a formula: article text is hostile input, and "=HYPERLINK(...)"
# or "@SUM(...)" in a quote must stay text when an analyst opens the export.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value: Any) -> Any:
    """``value``, with text that a spreadsheet would read as a formula prefixed by ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_row(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _spreadsheet_safe(value) for key, value in _csv_fields(record).items()}


def _csv_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    date = record.get("date_info") or {}
    evidence = record.get("evidence") or {}
    quote = record.get("quote") or {}
    source = record.get("source") or {}
    actors = record.get("actor") or []
    recipients = record.get("recipient") or []
    return {
        "id": record.get("id"),
        "date": record.get("date"),
        "enddate": record.get("enddate"),
        "date_text": date.get("text"),
        "timex": date.get("timex"),
        "granularity": date.get("granularity"),
        "from_publication": date.get("from_publication"),
        "actor": _actors(actors, "name"),
        "actor_code": _actors(actors, "code"),
        "recipient": _actors(recipients, "name"),
        "recipient_code": _actors(recipients, "code"),
        "event": record.get("event"),
        "mode": record.get("mode"),
        "context": ";".join(record.get("context") or []),
        "cameo": record.get("cameo"),
        "cameo_name": record.get("cameo_name"),
        "status": record.get("status"),
        "attribution": attribution_chain(record.get("attribution") or []),
        "quote": quote.get("text"),
        "quote_speaker": quote.get("speaker"),
        "event_text": record.get("event_text"),
        "summary": record.get("summary"),
        "doc": evidence.get("doc") or source.get("doc"),
        "evidence_start": evidence.get("start"),
        "evidence_end": evidence.get("end"),
        "outlet": source.get("outlet"),
        "url": source.get("url"),
        "published": source.get("published"),
    }


def to_csv(records: Iterable[Mapping[str, Any]], stream: TextIO) -> int:
    """Write event records as CSV with :data:`CSV_COLUMNS`; returns the row count."""
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow(_csv_row(record))
        count += 1
    return count
