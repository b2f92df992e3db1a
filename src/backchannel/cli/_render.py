"""Rich tables for ledgers and event records (all rendering works on export records)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

EVIDENCE_CHARS = 160


def when(record: Mapping[str, Any]) -> Text:
    info = record.get("date_info") or {}
    start, end = info.get("start"), info.get("end")
    if start and start == end:
        span = start
    elif start or end:
        span = f"{start or '…'} – {end or '…'}"
    else:
        span = "undated"
    text = Text(span)
    if info.get("from_publication"):
        text.append("\n(as published)", style="dim")
    elif info.get("text"):
        text.append(f"\n“{info['text']}”", style="dim")
    return text


def _who(entries: Sequence[Mapping[str, Any]]) -> str:
    parts = []
    for entry in entries:
        label = entry.get("name") or entry.get("text") or "?"
        code = entry.get("code")
        if code and len(label) > 24:
            label = code  # long official names crowd the table; the code says it
        part = f"{label} ({code})" if code and code != label else label
        if part not in parts:  # "Putin ... he" is one actor, named once
            parts.append(part)
    return ", ".join(parts)


def dyad(record: Mapping[str, Any]) -> str:
    actor = _who(record.get("actor") or []) or "?"
    recipient = _who(record.get("recipient") or [])
    return f"{actor} → {recipient}" if recipient else actor


def chain(record: Mapping[str, Any]) -> str:
    return " › ".join(str(link.get("text")) for link in record.get("attribution") or [])


def trim(text: str | None, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain(*cells: str) -> list[Text]:
    """Table cells from article-derived strings: never parsed as Rich markup, so a
    "[bold]" or "[/]" in an article is shown as written and cannot break the table."""
    return [Text(cell) for cell in cells]


def console() -> Console:
    """Rich console; when piped (no terminal, no COLUMNS) use a readable fixed width
    rather than Rich's 80 columns, which squeezes evidence into slivers."""
    if sys.stdout.isatty() or "COLUMNS" in os.environ:
        return Console()
    return Console(width=160)


def summary_table(rows: Sequence[tuple[Mapping[str, Any], int, int, bool | None]]) -> Table:
    """One row per analysed document: (document record, events, divergences, stored)."""
    table = Table(header_style="bold")
    table.add_column("Published")
    table.add_column("Outlet", max_width=24)
    table.add_column("Title", ratio=1)
    table.add_column("Events", justify="right")
    table.add_column("Divergences", justify="right")
    table.add_column("Stored")
    for document, n_events, n_divergences, stored in rows:
        published = document.get("published") or {}
        date = published.get("date") or "?"
        if published.get("inferred"):
            date += " (inferred)"
        table.add_row(
            *plain(
                date,
                document.get("outlet") or "",
                trim(document.get("title") or "(untitled)", 90),
                str(n_events),
                str(n_divergences),
                {True: "new", False: "already", None: "-"}[stored],
            )
        )
    return table


def divergences_table(
    divergences: Sequence[Mapping[str, Any]], events: Mapping[str, Mapping[str, Any]]
) -> Table:
    table = Table(show_lines=True, header_style="bold")
    table.add_column("Kind")
    table.add_column("Actor")
    table.add_column("Period")
    table.add_column("Events in tension", ratio=1)
    for divergence in divergences:
        period = divergence.get("period") or [None, None]
        lines = []
        for event_id in divergence.get("events", []):
            event = events.get(event_id)
            if event is None:
                continue
            lines.append(
                f"{event.get('date') or '?'} {event.get('event')} [{event.get('status')}] "
                f"{trim(event.get('event_text'), 110)}"
            )
        table.add_row(
            *plain(
                str(divergence.get("kind")),
                str(divergence.get("actor") or ""),
                f"{period[0] or '…'} – {period[1] or '…'}",
                "\n".join(lines),
            )
        )
    return table


def events_table(records: Sequence[Mapping[str, Any]]) -> Table:
    """One row per event; the attribution chain starts with the outlet, so no source column."""
    table = Table(show_lines=True, header_style="bold")
    table.add_column("When", min_width=10)
    table.add_column("Who", max_width=28)
    table.add_column("Event", max_width=16)
    table.add_column("Status")
    table.add_column("According to", max_width=28)
    table.add_column("Evidence", ratio=1)
    for record in records:
        event = Text(str(record.get("event") or "?"), style="bold")
        if record.get("mode"):
            event.append(f"\n{record['mode']}")
        if record.get("cameo"):
            event.append(f"\nCAMEO {record['cameo']}", style="dim")
        table.add_row(
            when(record),
            *plain(dyad(record)),
            event,
            *plain(str(record.get("status") or ""), chain(record), trim(record.get("event_text"))),
        )
    return table


def document_header(document: Mapping[str, Any], *, count: int, stored: bool | None) -> Group:
    published = document.get("published") or {}
    facts = [document.get("outlet") or "outlet unknown"]
    if published.get("date"):
        facts.append(f"published {published['date']} ({published.get('how')})")
    else:
        facts.append("publication date unknown")
    facts.append(f"doc {str(document.get('id'))[:12]}")
    facts.append(f"{count} event{'s' if count != 1 else ''}")
    if stored is not None:
        facts.append("stored" if stored else "already stored")
    title = Text(document.get("title") or "(untitled)", style="bold")
    return Group(title, Text(" · ".join(facts), style="dim"))


def print_ledger(
    console: Console,
    document: Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    *,
    stored: bool | None = None,
) -> None:
    console.print(document_header(document, count=len(records), stored=stored))
    if records:
        console.print(events_table(records))
    else:
        console.print(Text("No events found.", style="dim"))
    console.print()
