"""``backchannel timeline``: events on their own dates, per actor, dyad or topic."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.table import Table

from ..analysis import TimelineEntry, timeline, timeline_page
from ..errors import ConfigError
from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors
from ._paging import LimitOption, PageOption, check_paging, count_line
from ._render import console as make_console
from ._render import plain, trim

FORMATS = ("table", "json")


def _when(entry: TimelineEntry) -> str:
    if entry.start and entry.start == entry.end:
        span = entry.start
    elif entry.start or entry.end:
        span = f"{entry.start or '…'} – {entry.end or '…'}"
    else:
        span = f"{entry.published or 'undated'}"
    if entry.date_fallback:
        return f"{span}\n(as published)"
    return f"{span}\n“{entry.date_text}”" if entry.date_text else span


def timeline_table(entries: Sequence[TimelineEntry]) -> Table:
    table = Table(show_lines=True, header_style="bold")
    table.add_column("When", min_width=10, max_width=26)
    table.add_column("Who", max_width=30)
    table.add_column("Event", max_width=14)
    table.add_column("Status")
    table.add_column("Outlet", max_width=18)
    table.add_column("Evidence", ratio=1)
    for entry in entries:
        who = entry.label.rsplit(":", 1)[0]
        table.add_row(
            *plain(
                _when(entry),
                who,
                entry.event,
                entry.status,
                f"{entry.outlet or '?'}\n{entry.published or ''}",
                trim(entry.sentence, 160),
            )
        )
    return table


def _dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ConfigError(f"--dyad takes two actors as A,B, got {value!r}", code="BC510")
    return parts[0], parts[1]


def _split(values: Sequence[str] | None) -> list[str] | None:
    found = [part.strip() for value in values or [] for part in value.split(",") if part.strip()]
    return found or None


def timeline_command(
    *,
    actor: str | None = None,
    dyad: str | None = None,
    topic: str | None = None,
    types: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    fmt: str = "table",
    db: str = DEFAULT_URL,
    page: int = 1,
    limit: int | None = None,
) -> int:
    """Print the timeline (one page of ``limit`` entries, or all); returns the exit code."""
    fmt = check_format(fmt, FORMATS)
    check_paging(page, limit)
    filters: dict[str, Any] = {
        "actor": actor,
        "dyad": _dyad(dyad),
        "topic": topic,
        "types": _split(types),
        "statuses": _split(statuses),
        "start": start,
        "end": end,
    }
    where = None
    with Store(db, create=False) as store:
        if limit is None:
            entries = timeline(store, **filters)
        else:
            found = timeline_page(store, page=page, limit=limit, **filters)
            entries, where = found.entries, found.page
    if fmt == "json":
        typer.echo(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
        return 0
    console = make_console()
    if entries:
        console.print(timeline_table(entries))
    console.print(count_line(len(entries), where, "event", "events"))
    return 0


@app.command("timeline")
def timeline_cli(
    actor: Annotated[
        str | None,
        typer.Option(help="Actor or recipient: id, code, country or name.", show_default=False),
    ] = None,
    dyad: Annotated[
        str | None,
        typer.Option(help="Two actors, A,B: events between them either way.", show_default=False),
    ] = None,
    topic: Annotated[
        str | None, typer.Option(help="A named topic, e.g. ceasefire.", show_default=False)
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type", help="PLOVER event type (repeat or comma-separate).", show_default=False
        ),
    ] = None,
    statuses: Annotated[
        list[str] | None,
        typer.Option(
            "--status", help="asserted, reported, hedged, denied, speculative.", show_default=False
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Events overlapping this date or later (YYYY[-MM[-DD]]).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="Events overlapping this date or earlier.", show_default=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    limit: LimitOption = None,
    page: PageOption = 1,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Events in the order they happened (not published), with their date uncertainty."""
    with handle_errors():
        code = timeline_command(
            actor=actor,
            dyad=dyad,
            topic=topic,
            types=types,
            statuses=statuses,
            start=start,
            end=end,
            fmt=fmt,
            db=db,
            page=page,
            limit=limit,
        )
    raise typer.Exit(code)
