"""``backchannel events``: query the stored ledger."""

from __future__ import annotations

import io
import json
from typing import Annotated

import typer

from ..export import to_csv
from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors
from ._paging import LimitOption, PageOption, count_line, page_of
from ._render import console as make_console
from ._render import events_table

FORMATS = ("table", "json", "csv")


def events(
    *,
    actor: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    fmt: str = "table",
    db: str = DEFAULT_URL,
    page: int = 1,
    limit: int | None = None,
) -> int:
    """Print stored events matching the filters (one page of ``limit``, or all);
    returns the exit code."""
    fmt = check_format(fmt, FORMATS)
    with Store(db, create=False) as store:
        every = store.events(
            actor=actor, event_type=event_type, since=since, until=until, status=status
        )
    records, where = page_of(every, page, limit)
    if fmt == "json":
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buffer = io.StringIO()
        to_csv(records, buffer)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        console = make_console()
        if records:
            console.print(events_table(records))
        console.print(count_line(len(records), where, "event", "events"))
    return 0


@app.command("events")
def events_cli(
    actor: Annotated[
        str | None,
        typer.Option(help="Actor or recipient: code, country or name.", show_default=False),
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="PLOVER event type, e.g. AGREE.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Events overlapping this date or later (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Events overlapping this date or earlier.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="asserted, reported, hedged, denied or speculative.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    limit: LimitOption = None,
    page: PageOption = 1,
    db: DbOption = DEFAULT_URL,
) -> None:
    """List stored events, oldest first."""
    with handle_errors():
        code = events(
            actor=actor,
            event_type=event_type,
            since=since,
            until=until,
            status=status,
            fmt=fmt,
            page=page,
            limit=limit,
            db=db,
        )
    raise typer.Exit(code)
