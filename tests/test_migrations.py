"""Older databases are upgraded in place when a Store opens them, their rows kept."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from _store_state import table_rows
from backchannel.model import Ledger
from backchannel.store import Store
from backchannel.store import _schema as t
from backchannel.store._store import _alembic_config

# The tables each old revision had, parents first.
TABLES_AT = {
    "0001": (
        "documents",
        "mentions",
        "events",
        "event_actors",
        "attributions",
        "divergences",
        "divergence_events",
    ),
}
TABLES_AT["0002"] = (*TABLES_AT["0001"], "copies", "stories", "story_events")
TABLES_AT["0004"] = (
    *TABLES_AT["0002"],
    "grade_changes",
    "ach_questions",
    "ach_hypotheses",
    "ach_evidence",
    "ach_ratings",
)


def consolidated_source(make_db: Any, *ledgers: Ledger) -> tuple[str, dict[str, Any]]:
    """A database at head holding ``ledgers``, consolidated, and its exported records."""
    source = make_db("source")
    with Store(source) as store:
        for ledger in ledgers:
            store.save_ledger(ledger)
        store.consolidate()
        return source, store.export_records()


def build_at(url: str, revision: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """A database at ``revision`` (by the migrations themselves) holding ``rows``."""
    engine = sa.create_engine(url)
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        for name in TABLES_AT[revision]:
            if rows[name]:
                conn.execute(t.metadata.tables[name].insert(), rows[name])
    engine.dispose()


@pytest.mark.parametrize("revision", ["0001", "0002", "0004"])
def test_store_upgrades_an_older_database_in_place(
    revision: str, make_db, sample_ledger: Ledger, other_ledger: Ledger
) -> None:
    # Rows as this version writes them, for the tables the old revision had.
    source, expected = consolidated_source(make_db, sample_ledger, other_ledger)
    rows = table_rows(source, TABLES_AT[revision])
    assert all(rows[name] for name in ("documents", "mentions", "events", "divergences"))

    old = make_db(f"at-{revision}")
    build_at(old, revision, rows)
    with Store(old) as store:
        (head,) = ScriptDirectory.from_config(_alembic_config()).get_heads()
        assert store.revision() == head != revision
        upgraded = store.export_records()
        if revision == "0001":  # stories came with 0002: computed now, from the same rows
            assert upgraded["stories"] == [] and not store.has_consolidation()
            store.consolidate()
            upgraded = store.export_records()
    assert table_rows(old, TABLES_AT[revision]) == rows
    assert upgraded == expected


def test_signatures_and_marks_start_empty_and_fill_on_consolidation(
    make_db, sample_ledger: Ledger, other_ledger: Ledger
) -> None:
    # A 0004 database consolidated before signatures were kept: none stored yet, and
    # the next consolidation (same result) keeps one per document.
    source, expected = consolidated_source(make_db, sample_ledger, other_ledger)
    old = make_db("at-0004")
    build_at(old, "0004", table_rows(source, TABLES_AT["0004"]))
    with Store(old) as store:
        state = table_rows(old, ["doc_signatures", "store_state"])
        assert state["doc_signatures"] == []
        assert [row["name"] for row in state["store_state"]] == ["database"]
        store.consolidate()
        assert store.export_records() == expected
    kept = table_rows(old, ["doc_signatures", "store_state"])
    assert {row["doc_id"] for row in kept["doc_signatures"]} == {
        sample_ledger.document.id,
        other_ledger.document.id,
    }
    assert sorted(row["name"] for row in kept["store_state"]) == ["consolidation", "database"]
