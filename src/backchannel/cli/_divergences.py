"""``backchannel divergences``: events in tension, with their evidence."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.text import Text

from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors
from ._render import console as make_console
from ._render import divergences_table

FORMATS = ("table", "json")


def divergences(*, kind: str | None = None, fmt: str = "table", db: str = DEFAULT_URL) -> int:
    """Print stored divergences (optionally of one kind); returns the exit code."""
    fmt = check_format(fmt, FORMATS)
    with Store(db, create=False) as store:
        found = [d for d in store.divergences() if kind is None or d.get("kind") == kind]
        wanted = {event_id for d in found for event_id in d.get("events", [])}
        events = {e["id"]: e for e in store.events() if e["id"] in wanted}
    if fmt == "json":
        typer.echo(json.dumps({"divergences": found, "events": list(events.values())}, indent=2))
        return 0
    console = make_console()
    if found:
        console.print(divergences_table(found, events))
    console.print(Text(f"{len(found)} divergence{'s' if len(found) != 1 else ''}", "dim"))
    return 0


@app.command("divergences")
def divergences_cli(
    kind: Annotated[
        str | None,
        typer.Option(help="public_vs_private, claim_vs_denial or contested.", show_default=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = DEFAULT_URL,
) -> None:
    """List divergences: public stance vs private signal, claim vs denial, contested claims."""
    with handle_errors():
        code = divergences(kind=kind, fmt=fmt, db=db)
    raise typer.Exit(code)
