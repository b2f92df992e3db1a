"""``backchannel stories``: events merged across documents, with their reports."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import suppress
from typing import Annotated, Any

import typer
from rich.table import Table

from ..errors import StoreError
from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors
from ._paging import LimitOption, PageOption, count_line, page_of
from ._render import console as make_console
from ._render import plain, trim

FORMATS = ("table", "json")


def stories_table(stories: Sequence[Mapping[str, Any]]) -> Table:
    table = Table(show_lines=True, header_style="bold")
    table.add_column("When", min_width=10)
    table.add_column("Who", max_width=20)
    table.add_column("Event", max_width=12)
    table.add_column("Reports", justify="right")
    table.add_column("Outlets", justify="right")
    table.add_column("Origins", justify="right")
    table.add_column("Origin outlets", max_width=26)
    table.add_column("First report", ratio=1)
    for story in stories:
        start, end = story.get("date"), story.get("enddate")
        when = start if start and start == end else f"{start or '…'} – {end or '…'}"
        who = " ".join(story.get("actor") or []) or "?"
        if story.get("recipient"):
            who += " → " + " ".join(story["recipient"])
        event = str(story.get("event"))
        if story.get("polarity") == "denied":
            event += " (denied)"
        table.add_row(
            *plain(
                when,
                who,
                event,
                str(story.get("reports")),
                str(story.get("outlets")),
                str(story.get("independent_origins")),
                ", ".join(story.get("origins") or []),
                trim(story.get("event_text"), 140),
            )
        )
    return table


def stories(
    *,
    actor: str | None = None,
    event_type: str | None = None,
    min_reports: int = 1,
    fmt: str = "table",
    db: str = DEFAULT_URL,
    page: int = 1,
    limit: int | None = None,
) -> int:
    """Print stored stories (most reported first; one page of ``limit``, or all);
    returns the exit code."""
    fmt = check_format(fmt, FORMATS)
    with Store(db, create=False) as store:
        if not store.has_consolidation():
            # A database filled before stories existed; a read-only one stays as it is.
            with suppress(StoreError):
                store.consolidate()
        every = store.stories(actor=actor, event_type=event_type, min_reports=min_reports)
    found, where = page_of(every, page, limit)
    if fmt == "json":
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    console = make_console()
    if found:
        console.print(stories_table(found))
    console.print(count_line(len(found), where, "story", "stories"))
    return 0


@app.command("stories")
def stories_cli(
    actor: Annotated[
        str | None,
        typer.Option(help="Actor or recipient: country, code or name.", show_default=False),
    ] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="PLOVER event type, e.g. AGREE.")
    ] = None,
    min_reports: Annotated[
        int, typer.Option(help="Only stories with at least this many reports.")
    ] = 1,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    limit: LimitOption = None,
    page: PageOption = 1,
    db: DbOption = DEFAULT_URL,
) -> None:
    """List stories: one happening across reports, with outlets and independent origins."""
    with handle_errors():
        code = stories(
            actor=actor,
            event_type=event_type,
            min_reports=min_reports,
            fmt=fmt,
            db=db,
            page=page,
            limit=limit,
        )
    raise typer.Exit(code)
