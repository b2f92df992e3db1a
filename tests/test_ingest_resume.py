"""A killed ingest, re-run, ends with exactly the store an uninterrupted run makes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from _store_state import snapshot
from backchannel.ingest import ingest
from backchannel.store import Store

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def make_corpus(root: Path) -> int:
    """The example articles, each also as a second edition (a line added, so another
    document): enough work that a kill lands in the middle."""
    root.mkdir()
    count = 0
    for path in sorted(CORPUS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        shutil.copy(path, root / path.name)
        edition = text.rstrip("\n") + "\n\nThis article has been updated.\n"
        (root / f"{path.stem}-2.md").write_text(edition, encoding="utf-8")
        count += 2
    return count


def stored(url: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("select count(*) from documents")).scalar_one()
    except sa.exc.SQLAlchemyError:  # not created or not migrated yet
        return 0
    finally:
        engine.dispose()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_ingest_resumes_to_the_uninterrupted_result(
    tmp_path: Path, workers: str, tmp_db: str, make_db: Callable[[str], str]
) -> None:
    corpus = tmp_path / "corpus"
    total = make_corpus(corpus)
    killed_db = tmp_db
    command = [sys.executable, "-m", "backchannel.cli", "ingest", str(corpus)]
    command += ["--db", killed_db, "--workers", workers]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,  # the workers too are killed below
    )
    deadline = time.monotonic() + 120
    try:
        while stored(killed_db) < 3:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "ingest stored nothing in time"
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()
    with Store(killed_db) as store:  # read-write: recovers the write-ahead log
        at_kill = store.counts()["documents"]
        assert 3 <= at_kill < total, "the kill should land mid-run"
        resumed = ingest([str(corpus)], store, workers=1)
    assert resumed.failed == 0
    assert resumed.duplicates == at_kill and resumed.ingested == total - at_kill

    clean_db = make_db("clean")
    with Store(clean_db) as store:
        clean = ingest([str(corpus)], store, workers=1)
    assert clean.ingested == total

    assert snapshot(killed_db) == snapshot(clean_db)
