"""``backchannel analyze``: read, extract, store and show ledgers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated

import typer

from ..documents import parse_date
from ..errors import StoreError
from ..export import document_record, event_record, to_plover_json
from ..model import Ledger
from ..store import DEFAULT_URL, Store
from ._app import DbOption, ModelOption, RayAddressOption, app, check_format, handle_errors, report
from ._render import console as make_console
from ._render import print_ledger, summary_table

FORMATS = ("table", "json", "summary")


def analyze(
    paths: Sequence[str],
    *,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    fmt: str = "table",
    db: str = DEFAULT_URL,
    model: str | None = None,
    store: bool = True,
    encoding: str | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    english_only: bool = True,
) -> int:
    """Analyse files, store the ledgers and print them; returns the exit code.

    Failures are reported per file on stderr and make the exit code 1; the ledgers
    that did succeed are stored and shown all the same.
    """
    from .. import pipeline  # loads spaCy lazily; looked up at call time for tests

    fmt = check_format(fmt, FORMATS)
    if published is not None:
        published = parse_date(published, what="--published date")
    # Open the database first: a bad URL should fail before minutes of analysis.
    target = Store(db) if store else None
    results = pipeline.analyze_paths(
        list(paths),
        published=published,
        outlet=outlet,
        url=url,
        model=model,
        encoding=encoding,
        engine=engine,
        ray_address=ray_address,
        english_only=english_only,
    )
    exit_code = 0
    shown: list[tuple[Ledger, bool | None]] = []
    try:
        for result in results:
            if not isinstance(result, Ledger):
                # Readers already name the file in their reason; don't say it twice.
                reason = result.reason
                if not reason.startswith(f"{result.path}:"):
                    reason = f"{result.path}: {reason}"
                report(result.code, reason)
                exit_code = 1
                continue
            stored: bool | None = None
            if target is not None:
                try:
                    stored = target.save_ledger(result)
                except StoreError as exc:
                    report(exc.code, str(exc))
                    exit_code = 1
                    target.close()
                    target = None  # one report is enough; keep showing results
            shown.append((result, stored))
        if target is not None and any(stored for _, stored in shown):
            try:
                target.consolidate()
            except StoreError as exc:
                report(exc.code, str(exc))
                exit_code = 1
    finally:
        if target is not None:
            target.close()

    ledgers = [ledger for ledger, _ in shown]
    if fmt == "json":
        typer.echo(json.dumps(to_plover_json(ledgers), ensure_ascii=False, indent=2))
        return exit_code
    console = make_console()
    if fmt == "summary":
        rows = [
            (document_record(ledger.document), len(ledger.events), len(ledger.divergences), stored)
            for ledger, stored in shown
        ]
        console.print(summary_table(rows))
    for ledger, stored in shown if fmt == "table" else ():
        records = [event_record(event, ledger.document) for event in ledger.events]
        print_ledger(console, document_record(ledger.document), records, stored=stored)
    if len(results) > 1 or not shown:
        new = sum(1 for _, stored in shown if stored)
        failed = len(results) - len(shown)
        console.print(f"{len(shown)} analysed, {new} newly stored, {failed} failed", style="dim")
    return exit_code


@app.command("analyze")
def analyze_cli(
    files: Annotated[
        list[str], typer.Argument(metavar="FILE...", help="Article files (.txt, .md, .html).")
    ],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for every FILE.", show_default=False),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet that published the FILEs.", show_default=False)
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="URL the FILE came from.", show_default=False)
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or summary.")] = "table",
    db: DbOption = DEFAULT_URL,
    model: ModelOption = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="Text encoding of the FILEs when not UTF-8.", show_default=False),
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", help="Do not write to the database.")
    ] = False,
    any_language: Annotated[
        bool,
        typer.Option(
            "--any-language",
            help="Analyse FILEs that do not look English (the models are English).",
        ),
    ] = False,
    engine: Annotated[
        str, typer.Option(help="local (this process) or ray (Ray Data; backchannel[ray]).")
    ] = "local",
    ray_address: RayAddressOption = None,
) -> None:
    """Extract a dated, sourced ledger of events from article FILEs and store it."""
    with handle_errors():
        code = analyze(
            files,
            published=published,
            outlet=outlet,
            url=url,
            fmt=fmt,
            db=db,
            model=model,
            store=not no_store,
            encoding=encoding,
            engine=engine,
            ray_address=ray_address,
            english_only=not any_language,
        )
    raise typer.Exit(code)
