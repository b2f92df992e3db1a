"""Load: 10,000 short generated articles into each backend from 2 ingest processes at once.

    python benchmarks/load.py [--articles N] [--processes P] [--pg URL] [--keep DIR]

Each process ingests its share of the articles plus a slice of another's (so both
write some of the same documents); the check is that the store ends with exactly one
copy of every distinct article (expected == stored, no duplicates) and that every
process exited 0. Prints articles/s (distinct articles over the wall time of all
processes, consolidation included) per backend, and how long consolidating again
takes with nothing new (the tail of every later ingest). PostgreSQL is measured on ``--pg``,
or on the server ``scripts/start-postgres.sh`` starts (stopped afterwards); without
one it is skipped with the reason. The articles are written by :func:`write_batches`
(templates of our own, 2-3 sentences each); tests use it for small loads too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from backchannel.store import Store

ROOT = Path(__file__).resolve().parents[1]
OVERLAP = 0.05  # share of each process's input also given to the next process

_COUNTRIES = (
    ("Russia", "Moscow", "President Vladimir Putin"),
    ("Ukraine", "Kyiv", "President Volodymyr Zelensky"),
    ("China", "Beijing", "Foreign Minister Wang Yi"),
    ("Turkey", "Ankara", "President Recep Tayyip Erdogan"),
    ("Iran", "Tehran", "Foreign Minister Abbas Araghchi"),
    ("Israel", "Jerusalem", "Prime Minister Benjamin Netanyahu"),
    ("Qatar", "Doha", "Prime Minister Mohammed bin Abdulrahman Al Thani"),
    ("Egypt", "Cairo", "President Abdel Fattah el-Sisi"),
    ("France", "Paris", "President Emmanuel Macron"),
    ("India", "New Delhi", "Prime Minister Narendra Modi"),
)
_OUTLETS = ("Harbor Times", "Daily Planet", "Northern Courier", "Evening Ledger", "Wire Desk")
_SIGNALS = (
    "{leader} said on {day} that {country} was ready to discuss a ceasefire with {other}.",
    "{leader} warned {other} on {day} that {country} would answer any attack with force.",
    "{leader} rejected on {day} a proposal from {other} to freeze the front line.",
    "{leader} told reporters on {day} that {country} would send envoys to {other_city}.",
    "{leader} accused {other} on {day} of preparing a new offensive.",
)
_SOURCES = (
    "Two officials in {city} said the message had been passed through intermediaries.",
    "Diplomats in {other_city} said they had not received any formal offer.",
    "A spokesman for the government in {other_city} declined to comment.",
    "According to the {outlet}, the talks had been planned for weeks.",
)
_CLOSERS = (
    "Negotiators are expected to meet again within {n} days.",
    "Analysts said the statement might be aimed at audiences at home.",
    "",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def article(number: int, rng: random.Random) -> dict[str, str]:
    """One short article (2-3 sentences), distinct for each ``number``."""
    (country, city, leader), (other, other_city, _) = rng.sample(_COUNTRIES, 2)
    outlet = rng.choice(_OUTLETS)
    fields = {
        "leader": leader,
        "country": country,
        "city": city,
        "other": other,
        "other_city": other_city,
        "day": rng.choice(_WEEKDAYS),
        "outlet": outlet,
        "n": str(rng.randint(2, 30)),
    }
    sentences = [rng.choice(_SIGNALS), rng.choice(_SOURCES), rng.choice(_CLOSERS)]
    body = " ".join(s.format(**fields) for s in sentences if s)
    month, day = divmod(number % 336, 28)
    return {
        "title": f"{country} and {other}: dispatch {number}",
        "body": body,
        "outlet": outlet,
        "published": f"2024-{month % 12 + 1:02d}-{day + 1:02d}",
    }


def write_batches(
    directory: Path, articles: int, processes: int, *, seed: int = 0, overlap: float = OVERLAP
) -> list[Path]:
    """``articles`` distinct articles as one JSONL batch per process: its own share
    plus the first ``overlap`` of the next process's share. Returns the batch paths."""
    rng = random.Random(seed)
    records = [article(number, rng) for number in range(articles)]
    shares = [records[i::processes] for i in range(processes)]
    paths = []
    for index, share in enumerate(shares):
        following = shares[(index + 1) % processes] if processes > 1 else []
        rows = share + following[: int(len(following) * overlap)]
        path = directory / f"batch-{index}.jsonl"
        path.write_text(
            "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
        )
        paths.append(path)
    return paths


def ingest_command(batch: Path, url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "backchannel.cli", "ingest", str(batch), "--db", url, *extra]


def run_at_once(commands: list[list[str]]) -> tuple[float, list[tuple[int, str]]]:
    """Start every command together; (wall seconds, [(exit code, stderr)])."""
    started = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    processes = [
        subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for command in commands
    ]
    outcomes = [(p.wait(), p.stderr.read() if p.stderr else "") for p in processes]
    for process in processes:
        if process.stderr is not None:
            process.stderr.close()
    return time.perf_counter() - started, outcomes


def measure(url: str, batches: list[Path], expected: int) -> bool:
    # Workers 1: the processes themselves are the parallelism (2 cores here).
    seconds, outcomes = run_at_once([ingest_command(b, url, "--workers", "1") for b in batches])
    with Store(url) as store:
        documents = store.counts()["documents"]
        events = store.counts()["events"]
        with store.engine.connect() as conn:
            distinct = conn.execute(sa.text("SELECT count(DISTINCT title) FROM documents")).scalar()
    failed = [(code, err.strip().splitlines()[-1:]) for code, err in outcomes if code != 0]
    ok = not failed and documents == expected == distinct
    print(
        f"  {expected / seconds:7.1f} articles/s  ({seconds:.1f} s, {len(batches)} processes); "
        f"stored {documents} documents ({distinct} distinct titles), expected {expected}, "
        f"{events} events: {'OK' if ok else 'MISMATCH'}"
    )
    for code, tail in failed:
        print(f"  a process exited {code}: {tail}")
    # The tail of every later ingest: signatures are kept, so only new documents are hashed.
    with Store(url) as store:
        started = time.perf_counter()
        store.consolidate()
        again = time.perf_counter() - started
    print(
        f"  consolidation again, nothing new: {again:.1f} s over {documents} documents "
        f"({again / seconds:.3f} of the load's wall time)"
    )
    return ok


def postgres_url(requested: str | None) -> tuple[str | None, bool]:
    """(server database URL or None, whether we started the server)."""
    if requested:
        return requested, False
    started = subprocess.run(
        [str(ROOT / "scripts" / "start-postgres.sh")], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        reason = started.stderr.strip().splitlines()[-1:] or ["unknown reason"]
        print(f"postgresql: skipped ({reason[0]})")
        return None, False
    return started.stdout.strip(), True


def fresh_pg_database(server: str, name: str) -> str:
    url = sa.make_url(server)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--pg", help="PostgreSQL server URL (default: start a throw-away one)")
    parser.add_argument("--keep", type=Path, help="keep the inputs and SQLite file here")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="backchannel-load-"))
    work.mkdir(parents=True, exist_ok=True)
    batches = write_batches(work, args.articles, args.processes)
    print(f"load: {args.articles} articles, {args.processes} ingest processes, inputs in {work}")
    ok = True
    if args.backend in ("sqlite", "both"):
        print("sqlite:")
        db = work / "load.db"
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            stale.unlink(missing_ok=True)
        ok &= measure(f"sqlite:///{db}", batches, args.articles)
    if args.backend in ("postgresql", "both"):
        server, ours = postgres_url(args.pg)
        if server is not None:
            try:
                print("postgresql:")
                ok &= measure(fresh_pg_database(server, "backchannel_load"), batches, args.articles)
            finally:
                if ours:
                    subprocess.run([str(ROOT / "scripts" / "stop-postgres.sh")], check=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
