"""What a store holds, for comparing runs, and what a consistent store must never hold.

Shared by the concurrency, fault and portability tests; backend-neutral (SQLAlchemy
Core), so each runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlalchemy as sa

from backchannel.store import Store
from backchannel.store import _schema as t

ROOT = Path(__file__).resolve().parents[1]

# Child rows whose parent is gone: (description, SQL counting them).
_ORPHANS = {
    "mentions without a document": "mentions m WHERE NOT EXISTS "
    "(SELECT 1 FROM documents d WHERE d.id = m.doc_id)",
    "events without a document": "events e WHERE NOT EXISTS "
    "(SELECT 1 FROM documents d WHERE d.id = e.doc_id)",
    "event actors without an event": "event_actors a WHERE NOT EXISTS "
    "(SELECT 1 FROM events e WHERE e.id = a.event_id)",
    "attributions without an event": "attributions a WHERE NOT EXISTS "
    "(SELECT 1 FROM events e WHERE e.id = a.event_id)",
    "divergences without a document": "divergences v WHERE NOT EXISTS "
    "(SELECT 1 FROM documents d WHERE d.id = v.doc_id)",
    "divergence links without a divergence": "divergence_events l WHERE NOT EXISTS "
    "(SELECT 1 FROM divergences v WHERE v.id = l.divergence_id)",
    "stories without events": "stories s WHERE NOT EXISTS "
    "(SELECT 1 FROM story_events l WHERE l.story_id = s.id)",
    "story links without a story or event": "story_events l WHERE NOT EXISTS "
    "(SELECT 1 FROM stories s WHERE s.id = l.story_id) OR NOT EXISTS "
    "(SELECT 1 FROM events e WHERE e.id = l.event_id)",
    "copies without a document": "copies c WHERE NOT EXISTS "
    "(SELECT 1 FROM documents d WHERE d.id = c.doc_id)",
    "ACH hypotheses without a question": "ach_hypotheses h WHERE NOT EXISTS "
    "(SELECT 1 FROM ach_questions q WHERE q.id = h.question_id)",
    "ACH evidence without a question": "ach_evidence e WHERE NOT EXISTS "
    "(SELECT 1 FROM ach_questions q WHERE q.id = e.question_id)",
    "ACH ratings without a hypothesis or evidence": "ach_ratings r WHERE NOT EXISTS "
    "(SELECT 1 FROM ach_hypotheses h WHERE h.id = r.hypothesis_id) OR NOT EXISTS "
    "(SELECT 1 FROM ach_evidence e WHERE e.id = r.evidence_id)",
}


def load_generator() -> ModuleType:
    """``benchmarks/load.py``, whose article generator the load tests share."""
    spec = importlib.util.spec_from_file_location("backchannel_load", ROOT / "benchmarks/load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "backchannel.cli", *args]


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=timeout, check=False)


def table_rows(url: str, names: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every row of the named tables (default: all of the schema), by primary key."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    found = {}
    with engine.connect() as conn:
        for name in names if names is not None else [x.name for x in t.metadata.sorted_tables]:
            table = t.metadata.tables[name]
            query = sa.select(table).order_by(*table.primary_key.columns)
            found[name] = [dict(row) for row in conn.execute(query).mappings()]
    engine.dispose()
    return found


def snapshot(url: str) -> dict[str, Any]:
    """Every record and count, in an order that does not depend on insertion times."""
    with Store(url) as store:
        records = store.export_records()
        counts = store.counts()
    return {
        "counts": counts,
        "documents": sorted(records["documents"], key=lambda d: d["id"]),
        "events": sorted(records["events"], key=lambda e: e["id"]),
        "divergences": sorted(records["divergences"], key=lambda d: d["id"]),
        "mentions": sorted(records["mentions"], key=lambda m: (m["doc"], m["start"], m["end"])),
        "copies": sorted(records["copies"], key=lambda c: c["doc"]),
        "stories": sorted(records["stories"], key=lambda s: s["id"]),
    }


def problems(url: str) -> list[str]:
    """Why the store is inconsistent (empty when it is not): orphan rows, and on
    SQLite the file's integrity and foreign-key checks."""
    found = []
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                (check,) = conn.exec_driver_sql("PRAGMA integrity_check").one()
                if check != "ok":
                    found.append(f"integrity_check: {check}")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                found += [f"foreign key broken: {row}" for row in broken]
            tables = set(sa.inspect(conn).get_table_names())
            if "documents" not in tables:  # killed before the first migration committed
                return found
            for what, rows in _ORPHANS.items():
                count = conn.execute(sa.text(f"SELECT count(*) FROM {rows}")).scalar_one()
                if count:
                    found.append(f"{count} {what}")
    finally:
        engine.dispose()
    return found
