"""``db copy`` between backends and ``db backup`` keep every row and id."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from _ach_edits import build as build_ach_question
from _sample import SAMPLE_BODY, build_sample_ledger
from _store_state import problems, table_rows
from backchannel.analysis import create_question
from backchannel.cli import app
from backchannel.errors import StoreError
from backchannel.model import Ledger
from backchannel.store import Store
from backchannel.store._portability import backup, copy_database

runner = CliRunner()


def ledger(number: int) -> Ledger:
    """Another document of the sample's shape (its own text, so its own id)."""
    return build_sample_ledger(
        title=f"Dispatch {number} on the ceasefire signals",
        body=SAMPLE_BODY.replace("senior", f"senior ({number})"),
        outlet=f"Outlet {number % 3}",
    )


def fill(url: str, count: int) -> None:
    with Store(url) as store:
        for number in range(count):
            store.save_ledger(ledger(number))
        store.consolidate()


def test_round_trip_sqlite_postgresql_sqlite_keeps_every_row(tmp_path: Path, pg_db: str) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    fill(source, 4)
    build_ach_question(source)
    original = table_rows(source)
    assert original["mentions"] and original["stories"] and original["ach_ratings"]

    result = runner.invoke(app, ["db", "copy", "--db", source, "--to", pg_db])
    assert result.exit_code == 0, result.output
    assert f"documents {len(original['documents']):>9}" in " ".join(result.stdout.split("  "))
    assert table_rows(pg_db) == original

    back = f"sqlite:///{tmp_path / 'back.db'}"
    result = runner.invoke(app, ["db", "copy", "--db", pg_db, "--to", back])
    assert result.exit_code == 0, result.output
    assert table_rows(back) == original
    assert problems(back) == []

    # The copy goes on working: new rows get new ids, not copied ones.
    with Store(pg_db) as store:
        assert store.save_ledger(ledger(99))
        question = create_question(store, "Another question", user="copy-test")
    after = table_rows(pg_db)
    new_ids = {m["id"] for m in after["mentions"]} - {m["id"] for m in original["mentions"]}
    assert len(new_ids) == len(ledger(99).mentions)
    assert question > max(q["id"] for q in original["ach_questions"])


def test_copy_refuses_a_non_empty_target_unless_replaced(tmp_db: str, make_db) -> None:
    fill(tmp_db, 2)
    target = make_db("target")
    fill(target, 1)
    before = table_rows(target)

    refused = runner.invoke(app, ["db", "copy", "--db", tmp_db, "--to", target])
    assert refused.exit_code == 1
    (line,) = refused.stderr.splitlines()
    assert line.startswith("error[BC308]: ") and "--replace" in line
    assert table_rows(target) == before

    replaced = runner.invoke(app, ["db", "copy", "--db", tmp_db, "--to", target, "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert table_rows(target) == table_rows(tmp_db)


def test_copy_onto_itself_is_refused(tmp_db: str) -> None:
    fill(tmp_db, 1)
    with Store(tmp_db) as store, pytest.raises(StoreError, match="same database"):
        copy_database(store, store)


def test_backup_is_a_consistent_sqlite_file(tmp_db: str, tmp_path: Path) -> None:
    fill(tmp_db, 3)
    destination = tmp_path / "backup.db"
    result = runner.invoke(app, ["db", "backup", str(destination), "--db", tmp_db])
    assert result.exit_code == 0, result.output
    copy = f"sqlite:///{destination}"
    assert table_rows(copy) == table_rows(tmp_db)
    assert problems(copy) == []
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []

    again = runner.invoke(app, ["db", "backup", str(destination), "--db", tmp_db])
    assert again.exit_code == 1 and again.stderr.startswith("error[BC309]: ")
    forced = runner.invoke(app, ["db", "backup", str(destination), "--db", tmp_db, "--force"])
    assert forced.exit_code == 0, forced.output


def test_backup_while_another_writer_saves(tmp_db: str, tmp_path: Path) -> None:
    fill(tmp_db, 1)
    stop = threading.Event()
    saved: list[str] = []

    def write() -> None:
        with Store(tmp_db) as store:
            for number in range(1, 200):
                if stop.is_set():
                    return
                store.save_ledger(ledger(number))
                saved.append(ledger(number).document.id)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        backups = []
        with Store(tmp_db) as store:
            for round_ in range(3):
                destination = tmp_path / f"during-{round_}.db"
                backup(store, destination)
                backups.append(f"sqlite:///{destination}")
    finally:
        stop.set()
        writer.join(timeout=60)
    final = table_rows(tmp_db)
    for copy in backups:
        assert problems(copy) == []
        rows = table_rows(copy)
        # Each backup is the store at one moment: whole documents, each as stored.
        for name in ("documents", "events", "attributions", "divergences"):
            assert all(row in final[name] for row in rows[name])
        assert len(rows["events"]) == 4 * len(rows["documents"])


def test_db_info_and_upgrade(tmp_db: str) -> None:
    fill(tmp_db, 1)
    info = runner.invoke(app, ["db", "info", "--db", tmp_db])
    assert info.exit_code == 0, info.output
    backend = sa.make_url(tmp_db).get_backend_name()
    assert f"backend   {backend}" in info.stdout
    assert "documents" in info.stdout
    password = sa.make_url(tmp_db).password
    assert not password or f":{password}@" not in info.stdout
    upgrade = runner.invoke(app, ["db", "upgrade", "--db", tmp_db])
    assert upgrade.exit_code == 0 and "is at revision" in upgrade.stdout
