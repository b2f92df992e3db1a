"""``backchannel db``: the database itself: info, upgrade, backup, copy across backends."""

from __future__ import annotations

from typing import Annotated

import typer

from ..store import DEFAULT_URL, Store
from ..store._portability import backup, copy_database, table_counts
from ._app import DbOption, app, handle_errors

db_app = typer.Typer(
    help="The database: info, upgrade, backup, copy (SQLite ↔ PostgreSQL).",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(db_app, name="db")


def _print_counts(counts: dict[str, int]) -> None:
    width = max(map(len, counts), default=0)
    for table, rows in counts.items():
        typer.echo(f"  {table:<{width}}  {rows:>9}")


def db_info(*, db: str = DEFAULT_URL) -> int:
    """Print the backend, schema revision and row counts; returns the exit code."""
    with Store(db, create=False) as store:
        typer.echo(f"database  {store!r}")
        typer.echo(f"backend   {store.backend}")
        typer.echo(f"revision  {store.revision()}")
        _print_counts(table_counts(store))
    return 0


def db_upgrade(*, db: str = DEFAULT_URL) -> int:
    """Bring the schema to the latest revision (opening a Store migrates it)."""
    with Store(db, create=False) as store:
        typer.echo(f"{store!r} is at revision {store.revision()}")
    return 0


def db_backup(destination: str, *, db: str = DEFAULT_URL, force: bool = False) -> int:
    """Write a consistent SQLite copy of the database to ``destination``."""
    with Store(db, create=False) as store:
        counts = backup(store, destination, force=force)
    typer.echo(f"backed up {sum(counts.values())} rows to {destination}:")
    _print_counts(counts)
    return 0


def db_copy(*, db: str = DEFAULT_URL, to: str, replace: bool = False) -> int:
    """Copy every row of ``db`` into ``to`` (created and migrated if need be)."""
    with Store(db, create=False) as source, Store(to) as target:
        counts = copy_database(source, target, replace=replace)
        shown = repr(target)
    typer.echo(f"copied {sum(counts.values())} rows to {shown}; row counts match:")
    _print_counts(counts)
    return 0


@db_app.command("info")
def info_cli(db: DbOption = DEFAULT_URL) -> None:
    """Show the backend, schema revision and rows per table."""
    with handle_errors():
        code = db_info(db=db)
    raise typer.Exit(code)


@db_app.command("upgrade")
def upgrade_cli(db: DbOption = DEFAULT_URL) -> None:
    """Upgrade the schema in place to this version's latest revision."""
    with handle_errors():
        code = db_upgrade(db=db)
    raise typer.Exit(code)


@db_app.command("backup")
def backup_cli(
    destination: Annotated[
        str, typer.Argument(metavar="DEST", help="SQLite file to write.", show_default=False)
    ],
    db: DbOption = DEFAULT_URL,
    force: Annotated[bool, typer.Option("--force", help="Overwrite DEST if it exists.")] = False,
) -> None:
    """Back up to a SQLite file, consistent while others write (restore: db copy)."""
    with handle_errors():
        code = db_backup(destination, db=db, force=force)
    raise typer.Exit(code)


@db_app.command("copy")
def copy_cli(
    to: Annotated[
        str,
        typer.Option("--to", help="Target database URL or SQLite file.", show_default=False),
    ],
    db: DbOption = DEFAULT_URL,
    replace: Annotated[
        bool, typer.Option("--replace", "--force", help="Empty a non-empty target first.")
    ] = False,
) -> None:
    """Copy every row and id to another database (SQLite ↔ PostgreSQL)."""
    with handle_errors():
        code = db_copy(db=db, to=to, replace=replace)
    raise typer.Exit(code)
