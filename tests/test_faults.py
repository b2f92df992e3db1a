"""Faults: processes killed at random points, a full disk, a read-only database.

Killed ingests and consolidations leave a consistent store (no orphan rows; on SQLite
the file passes its integrity check) and a re-run ends with the uninterrupted result.
A full disk or a read-only database is one clear error line and a non-zero exit from
the CLI, with what was stored before left as it was.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from _store_state import cli, load_generator, problems, run_cli, snapshot
from backchannel.cli import app
from backchannel.store import Store, _store

KILLS = 20
CONSOLIDATION_KILLS = 10
ACH_KILLS = 10
ARTICLES = 12
# Run in a child process: consolidate the store, saying when it starts.
CONSOLIDATE = (
    "import sys; from backchannel.store import Store; s = Store(sys.argv[1]); "
    "print('start', flush=True); s.consolidate()"
)
ACH_EDITS = Path(__file__).with_name("_ach_edits.py")


def kill_after(command: list[str], seconds: float, *, after_line: bool = False) -> None:
    """Start ``command``, SIGKILL it (and its children) ``seconds`` later, counted from
    its first output line when ``after_line``."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    try:
        if after_line and process.stdout is not None:
            process.stdout.readline()
        time.sleep(seconds)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        if process.stdout is not None:
            process.stdout.close()


def seconds_after_start(command: list[str]) -> float:
    """How long ``command`` runs after printing its first line (its work, not its imports)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    process.stdout.readline()
    started = time.perf_counter()
    process.stdout.read()
    process.stdout.close()
    assert process.wait(timeout=120) == 0
    return time.perf_counter() - started


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    (path,) = load_generator().write_batches(tmp_path, ARTICLES, 1, seed=20)
    return path


def test_ingest_killed_at_random_points_resumes_to_the_uninterrupted_result(
    batch: Path, make_db: Callable[[str], str]
) -> None:
    killed = make_db("killed")  # empty: kills land in migrations too
    reference = make_db("reference")
    started = time.perf_counter()
    clean = run_cli("ingest", str(batch), "--db", reference, "--workers", "1")
    whole_run = time.perf_counter() - started
    assert clean.returncode == 0, clean.stderr

    rng = random.Random(20)
    for _ in range(KILLS):
        # Anywhere in a run: start-up, migrations, reading, analysis, commits, stories.
        kill_after(cli("ingest", str(batch), "--db", killed, "--workers", "1"),
                   rng.uniform(0.2, whole_run))  # fmt: skip
        assert problems(killed) == []

    rerun = run_cli("ingest", str(batch), "--db", killed, "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr
    assert problems(killed) == []
    assert snapshot(killed) == snapshot(reference)


def consolidate_command(url: str) -> list[str]:
    return [sys.executable, "-c", CONSOLIDATE, url]


def forget_stories(url: str) -> None:
    """Back to a store filled before stories existed."""
    with Store(url) as store, store.engine.begin() as conn:
        for table in ("story_events", "stories", "copies"):
            conn.execute(sa.text(f"DELETE FROM {table}"))


def test_consolidation_killed_at_random_points_leaves_all_or_nothing(
    batch: Path, tmp_db: str
) -> None:
    stored = run_cli("ingest", str(batch), "--db", tmp_db, "--workers", "1")
    assert stored.returncode == 0, stored.stderr
    complete = snapshot(tmp_db)
    assert complete["stories"]
    forget_stories(tmp_db)
    without = snapshot(tmp_db)
    seconds = seconds_after_start(consolidate_command(tmp_db))
    forget_stories(tmp_db)

    rng = random.Random(10)
    for _ in range(CONSOLIDATION_KILLS):
        kill_after(consolidate_command(tmp_db), rng.uniform(0, seconds * 1.2), after_line=True)
        assert problems(tmp_db) == []
        assert snapshot(tmp_db) in (without, complete)  # all of it or none of it

    again = subprocess.run(consolidate_command(tmp_db), capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert snapshot(tmp_db) == complete


def test_ach_edits_killed_at_random_points_resume_to_the_uninterrupted_result(
    tmp_db: str, make_db: Callable[[str], str]
) -> None:
    from _ach_edits import state

    reference = make_db("ach-reference")
    seconds = seconds_after_start([sys.executable, str(ACH_EDITS), reference])
    expected = state(reference)
    assert expected["ratings"]

    rng = random.Random(30)
    for _ in range(ACH_KILLS):
        kill_after([sys.executable, str(ACH_EDITS), tmp_db], rng.uniform(0, seconds),
                   after_line=True)  # fmt: skip
        assert problems(tmp_db) == []
        assert len(state(tmp_db)["questions"]) <= 1

    resumed = subprocess.run([sys.executable, str(ACH_EDITS), tmp_db], check=False)
    assert resumed.returncode == 0
    assert problems(tmp_db) == []
    assert state(tmp_db) == expected


# -- full disk, read-only ----------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def filled(tmp_db: str, sample_ledger) -> str:
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        store.consolidate()
    return tmp_db


def assert_one_error_line(result, code: str, *reasons: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error[{code}]: "), line
    assert any(reason in line for reason in reasons), line
    assert "Traceback" not in result.output


@pytest.mark.sqlite_only
def test_full_disk_is_one_error_and_the_store_is_intact(
    filled: str, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(filled)
    with Store(filled) as store, store.engine.connect() as conn:
        (pages,) = conn.exec_driver_sql("PRAGMA page_count").one()
    pragmas = _store._sqlite_pragmas

    def no_room_to_grow(dbapi_conn, record) -> None:  # type: ignore[no-untyped-def]
        pragmas(dbapi_conn, record)
        # As a full disk does: the file cannot grow beyond the pages it has.
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(_store, "_sqlite_pragmas", no_room_to_grow)
    result = runner.invoke(app, ["ingest", str(batch), "--db", filled, "--workers", "1"])
    assert_one_error_line(result, "BC304", "disk is full")
    monkeypatch.undo()
    assert problems(filled) == []
    after = snapshot(filled)
    # Documents that fitted before the disk filled up stay; nothing stored is changed.
    for kind in ("documents", "events", "mentions", "divergences"):
        assert [r for r in after[kind] if r in before[kind]] == before[kind]


@pytest.fixture
def read_only(filled: str) -> Iterator[str]:
    """The filled database, made read-only the way its backend allows for root too."""
    url = sa.make_url(filled)
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if shutil.which("chattr") is None:
            pytest.skip("no chattr: cannot make a file read-only for root")
        flag = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if flag.returncode != 0:
            pytest.skip(f"chattr +i not supported here: {flag.stderr.decode().strip()}")
        try:
            yield filled
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(
            sa.text(f'ALTER DATABASE "{url.database}" SET default_transaction_read_only = on')
        )
    engine.dispose()
    yield filled


def test_read_only_database_is_one_error_and_untouched(read_only: str, batch: Path) -> None:
    before = snapshot(read_only)
    result = runner.invoke(app, ["ingest", str(batch), "--db", read_only, "--workers", "1"])
    assert_one_error_line(result, "BC304", "readonly", "read-only")
    assert snapshot(read_only) == before
