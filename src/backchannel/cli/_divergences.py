"""``backchannel divergences``: events in tension, with their evidence.

``--scope document`` lists what the ledger found inside each article (the stored
records, as before); ``corpus`` what only shows across articles (a report and a
denial elsewhere, a public stance against private signals, contradicting reports);
``all`` (the default) both, without listing one pair twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.table import Table

from ..analysis import CorpusDivergence, corpus_divergences
from ..analysis._divergences import SCOPES
from ..errors import ConfigError
from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors
from ._paging import LimitOption, PageOption, check_paging, count_line, page_of
from ._render import console as make_console
from ._render import divergences_table, plain, trim

FORMATS = ("table", "json")


def corpus_table(found: Sequence[CorpusDivergence]) -> Table:
    table = Table(show_lines=True, header_style="bold")
    table.add_column("Kind")
    table.add_column("Actor")
    table.add_column("Period")
    table.add_column("What", ratio=1)
    table.add_column("Evidence", ratio=2)
    for divergence in found:
        period = divergence.period or (None, None)
        lines = [
            f"{ev.side}: {ev.outlet or '?'} {ev.published or ''} {ev.event} [{ev.status}] "
            f"{trim(ev.sentence, 90)}"
            for ev in divergence.evidence
        ]
        kind = divergence.kind + ("" if divergence.scope == "corpus" else "\n(in one article)")
        table.add_row(
            *plain(
                kind,
                str(divergence.actor or ""),
                f"{period[0] or '…'} – {period[1] or '…'}",
                trim(divergence.description, 300),
                "\n".join(lines),
            )
        )
    return table


def divergences(
    *,
    kind: str | None = None,
    fmt: str = "table",
    db: str = DEFAULT_URL,
    scope: str = "all",
    page: int = 1,
    limit: int | None = None,
) -> int:
    """Print divergences (optionally of one kind; one page of ``limit``, or all);
    returns the exit code."""
    fmt = check_format(fmt, FORMATS)
    check_paging(page, limit)
    scope = scope.strip().lower()
    if scope not in SCOPES:
        raise ConfigError(
            f"unknown scope {scope!r}; choose one of: {', '.join(SCOPES)}", code="BC204"
        )
    with Store(db, create=False) as store:
        if scope == "document":
            every = [d for d in store.divergences() if kind is None or d.get("kind") == kind]
            stored, where = page_of(every, page, limit)
            wanted = {event_id for d in stored for event_id in d.get("events", [])}
            events = {e["id"]: e for e in store.events() if e["id"] in wanted}
        else:
            matching = [d for d in corpus_divergences(store, scope=scope) if kind in (None, d.kind)]
            found, where = page_of(matching, page, limit)
    if scope == "document":
        if fmt == "json":
            payload = {"divergences": stored, "events": list(events.values())}
            typer.echo(json.dumps(payload, indent=2))
            return 0
        console = make_console()
        if stored:
            console.print(divergences_table(stored, events))
        count = len(stored)
    else:
        if fmt == "json":
            payload = {"divergences": [d.to_dict() for d in found]}
            typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
            return 0
        console = make_console()
        if found:
            console.print(corpus_table(found))
        count = len(found)
    console.print(count_line(count, where, "divergence", "divergences"))
    return 0


@app.command("divergences")
def divergences_cli(
    kind: Annotated[
        str | None,
        typer.Option(
            help="public_vs_private, report_vs_denial, contradiction, claim_vs_denial or "
            "contested.",
            show_default=False,
        ),
    ] = None,
    scope: Annotated[
        str, typer.Option(help="document (inside one article), corpus (across) or all.")
    ] = "all",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    limit: LimitOption = None,
    page: PageOption = 1,
    db: DbOption = DEFAULT_URL,
) -> None:
    """List divergences: public stance vs private signal, report vs denial, contradictions."""
    with handle_errors():
        code = divergences(kind=kind, fmt=fmt, db=db, scope=scope, page=page, limit=limit)
    raise typer.Exit(code)
