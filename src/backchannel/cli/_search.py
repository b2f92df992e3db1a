"""``backchannel search``: documents and events matching words (FTS5 on SQLite)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..analysis import SearchResults
from ..analysis import search as search_store
from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors
from ._render import console as make_console
from ._render import plain

FORMATS = ("table", "json")


def _tables(found: SearchResults) -> list[Table]:
    documents = Table(title="Documents", header_style="bold", title_justify="left")
    for name in ("Published", "Outlet", "Title", "Match"):
        documents.add_column(name, ratio=1 if name == "Match" else None)
    for d in found.documents:
        documents.add_row(*plain(d.published or "", d.outlet or "", d.title, d.snippet))
    events = Table(title="Events", header_style="bold", title_justify="left")
    for name in ("When", "Event", "Status", "Id", "Match"):
        events.add_column(name, ratio=1 if name == "Match" else None)
    for e in found.events:
        when = e.start if e.start == e.end or not e.end else f"{e.start} – {e.end}"
        events.add_row(*plain(when or "", e.event, e.status, e.event_id, e.snippet))
    return [documents, events]


def search(query: str, *, limit: int = 20, advanced: bool = False, fmt: str = "table",
           db: str = DEFAULT_URL) -> int:  # fmt: skip
    """Print what matches ``query``; returns the exit code."""
    fmt = check_format(fmt, FORMATS)
    with Store(db, create=False) as store:
        found = search_store(store, query, limit=limit, advanced=advanced)
    if fmt == "json":
        typer.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return 0
    console = make_console()
    for table in _tables(found):
        if table.row_count:
            console.print(table)
    console.print(
        Text(
            f"{len(found.documents)} documents, {len(found.events)} events ({found.backend})", "dim"
        )
    )
    return 0


@app.command("search")
def search_cli(
    query: Annotated[str, typer.Argument(help="Words to find (all must occur).")],
    limit: Annotated[int, typer.Option(help="At most this many of each kind.")] = 20,
    advanced: Annotated[
        bool, typer.Option("--advanced", help="FTS5 syntax: phrases, AND/OR/NOT, NEAR, word*.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = DEFAULT_URL,
) -> None:
    """Search stored documents and events."""
    with handle_errors():
        code = search(query, limit=limit, advanced=advanced, fmt=fmt, db=db)
    raise typer.Exit(code)
