"""Moving a ledger between databases: a consistent backup, and a copy across backends.

``copy_database`` moves every table, parents before children, in batches, keeping
every row and id, in one transaction on the target (a failed copy leaves it as it
was). ``backup`` writes a SQLite file: the online backup API from SQLite (consistent
while others write), or a copy from a PostgreSQL snapshot; ``db copy`` restores it.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ..errors import StoreError
from . import _schema as t
from ._store import Store, _reason

__all__ = ["BATCH_ROWS", "backup", "copy_database", "table_counts"]

BATCH_ROWS = 1000

Progress = Callable[[str, int], None]  # (table, rows copied so far)
# Not ledger data: every new database has its own marks (a copy takes the source's).
_MARKS = frozenset({t.store_state.name})


def table_counts(store: Store) -> dict[str, int]:
    """Rows in every ledger table, parents first."""
    with store._read() as conn:
        return _counts(conn)


def _counts(conn: sa.Connection) -> dict[str, int]:
    return {
        table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in t.metadata.sorted_tables
    }


def copy_database(
    source: Store, target: Store, *, replace: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Copy every row of ``source`` into ``target`` (both at the latest schema).

    Refuses a target holding any rows unless ``replace``, which empties it first.
    Returns the row count per table, checked equal on both sides.
    """
    if source.url == target.url:
        raise StoreError("source and target are the same database", code="BC307")
    try:
        with source._snapshot() as reading:
            expected = _counts(reading)

            def copy(writing: sa.Connection) -> dict[str, int]:
                present = {
                    name: n for name, n in _counts(writing).items() if n and name not in _MARKS
                }
                if present and not replace:
                    listed = ", ".join(f"{name} {n}" for name, n in present.items())
                    raise StoreError(
                        f"target {target._shown} is not empty ({listed}); "
                        "use --replace to overwrite it",
                        code="BC308",
                    )
                for table in reversed(t.metadata.sorted_tables):
                    writing.execute(table.delete())
                for table in t.metadata.sorted_tables:
                    _copy_table(reading, writing, table, progress)
                _advance_sequences(writing)
                return _counts(writing)

            copied = target._transaction(copy)
    except sa_exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot read {source._shown}: {_reason(exc)}", code="BC305") from None
    if copied != expected:
        differing = [name for name in expected if copied.get(name) != expected[name]]
        raise StoreError(f"copy incomplete: row counts differ in {', '.join(differing)}")
    return copied


def _copy_table(
    reading: sa.Connection, writing: sa.Connection, table: sa.Table, progress: Progress | None
) -> None:
    query = sa.select(table).order_by(*table.primary_key.columns)
    copied = 0
    result = reading.execution_options(yield_per=BATCH_ROWS).execute(query)
    for batch in result.mappings().partitions(BATCH_ROWS):
        writing.execute(table.insert(), [dict(row) for row in batch])
        copied += len(batch)
        if progress is not None:
            progress(table.name, copied)


def _advance_sequences(conn: sa.Connection) -> None:
    """PostgreSQL: serial ids copied verbatim leave the sequence behind; move it on."""
    if conn.dialect.name != "postgresql":
        return
    for table in t.metadata.sorted_tables:
        (*others, column) = table.primary_key.columns
        if others or not isinstance(column.type, sa.Integer):
            continue
        # pg_get_serial_sequence is NULL for a column without one; setval(NULL) is a no-op.
        conn.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE((SELECT max("{column.name}") FROM "{table.name}"), 0) + 1, false)'
            ),
            {"table": table.name, "column": column.name},
        )


def backup(store: Store, destination: str | Path, *, force: bool = False) -> dict[str, int]:
    """Write a consistent SQLite copy of ``store`` to ``destination``; row counts back.

    The file appears whole or not at all (written beside it, then renamed).
    """
    dest = Path(destination).expanduser()
    if dest.exists() and not force:
        raise StoreError(f"{dest} exists; use --force to overwrite it", code="BC309")
    if not dest.parent.is_dir():
        raise StoreError(f"cannot write {dest}: no such folder {dest.parent}", code="BC309")
    try:
        handle, partial_name = tempfile.mkstemp(
            prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent
        )
    except OSError as exc:
        raise StoreError(f"cannot write {dest}: {exc.strerror or exc}", code="BC309") from None
    os.close(handle)
    partial = Path(partial_name)
    try:
        if store._sqlite:
            _sqlite_backup(store, partial)
            with Store(partial) as copy:
                counts = table_counts(copy)
        else:
            partial.unlink()
            with Store(partial) as copy:
                counts = copy_database(store, copy)
        os.replace(partial, dest)
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
    return counts


def _sqlite_backup(store: Store, partial: Path) -> None:
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(partial)
        try:
            # All pages in one step: a reader's snapshot, so writers go on meanwhile (WAL).
            source.backup(target, pages=-1)
            (check,) = target.execute("PRAGMA integrity_check").fetchone()
        finally:
            target.close()
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot back up {store._shown}: {exc}", code="BC309") from None
    finally:
        raw.close()
    if check != "ok":
        raise StoreError(f"backup of {store._shown} failed its integrity check: {check}")
