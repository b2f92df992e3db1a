"""Four ``backchannel ingest`` processes writing one database at once end with exactly
what one sequential run stores: the union of their inputs, once each, no errors.

Runs on the backend ``tmp_db`` gives (SQLite, or PostgreSQL under ``make test-pg``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from _store_state import cli, load_generator, problems, run_cli, snapshot
from backchannel.store import Store

PROCESSES = 4
ARTICLES = 16  # 4 each, and each process also gets half of the next one's share


def test_four_ingests_at_once_equal_one_sequential_run(
    tmp_path: Path, make_db: Callable[[str], str]
) -> None:
    shared = make_db("shared")  # empty: the four also race to create the schema
    batches = load_generator().write_batches(tmp_path, ARTICLES, PROCESSES, seed=8, overlap=0.5)
    lines = [set(b.read_text(encoding="utf-8").splitlines()) for b in batches]
    assert all(lines[i] & lines[(i + 1) % PROCESSES] for i in range(PROCESSES)), "no overlap"

    processes = [
        subprocess.Popen(
            cli("ingest", str(batch), "--db", shared, "--workers", "1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        for batch in batches
    ]
    outcomes = [process.communicate(timeout=300) for process in processes]
    for process, (out, err) in zip(processes, outcomes, strict=True):
        assert process.returncode == 0, err
        assert err == "", err  # nothing shown to the user but the summary line
        assert out.startswith("ingested ")

    # Every overlapping document was analysed by two processes and stored by one.
    ingested = sum(int(out.split()[1].rstrip(",")) for out, _ in outcomes)
    assert ingested == ARTICLES

    sequential = make_db("sequential")
    union = tmp_path / "union.jsonl"
    union.write_text("".join(b.read_text(encoding="utf-8") for b in batches), encoding="utf-8")
    alone = run_cli("ingest", str(union), "--db", sequential, "--workers", "1")
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout.startswith(f"ingested {ARTICLES}, ")

    assert problems(shared) == []
    together = snapshot(shared)
    assert together["counts"]["documents"] == ARTICLES
    assert together == snapshot(sequential)
    with Store(shared) as store:
        assert store.has_consolidation()
