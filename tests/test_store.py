from __future__ import annotations

import dataclasses
import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from backchannel.errors import ConfigError, StoreError
from backchannel.export import to_plover_json
from backchannel.model import Ledger
from backchannel.store import Store
from backchannel.store._store import _alembic_config

TABLES = {
    "alembic_version",
    "documents",
    "mentions",
    "events",
    "event_actors",
    "attributions",
    "divergences",
    "divergence_events",
}


def ids(records: list[dict]) -> list[str]:
    return [r["id"][-1] for r in records]


def head_revision() -> str:
    (head,) = ScriptDirectory.from_config(_alembic_config()).get_heads()
    return head


@pytest.fixture
def store(tmp_db: str, sample_ledger: Ledger):
    with Store(tmp_db) as s:
        assert s.save_ledger(sample_ledger) is True
        yield s


@pytest.mark.sqlite_only
def test_migrations_create_schema_on_new_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.db"
    path.parent.mkdir()
    Store(str(path)).close()  # a plain path is taken as a SQLite file
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        version = conn.execute("select version_num from alembic_version").fetchall()
        indexes = {r[0] for r in conn.execute("select name from sqlite_master where type='index'")}
        mode = conn.execute("pragma journal_mode").fetchone()[0]
    assert names >= TABLES
    assert version == [(head_revision(),)]
    assert {"ix_events_event", "ix_events_date_start", "ix_event_actors_code"} <= indexes
    assert mode == "wal"


def test_reopening_is_a_no_op(tmp_db: str, sample_ledger: Ledger) -> None:
    with Store(tmp_db) as s:
        s.save_ledger(sample_ledger)
    with Store(tmp_db) as s:
        assert s.has_document(sample_ledger.document.id)
        assert s.counts()["events"] == 4


def test_round_trip(store: Store, sample_ledger: Ledger) -> None:
    doc = sample_ledger.document
    assert store.has_document(doc.id)
    assert not store.has_document("0" * 64)
    (stored,) = store.documents()
    assert stored["id"] == doc.id and stored["body"] == doc.body
    assert stored["published"] == {"date": "2024-03-06", "inferred": False, "how": "given"}
    assert stored["added_at"]
    # Records come back exactly as the export writes them.
    expected = to_plover_json([sample_ledger])
    by_id = {r["id"]: r for r in store.events()}
    assert by_id == {r["id"]: r for r in expected["events"]}
    assert store.divergences() == expected["divergences"]
    counts = store.counts()
    assert counts == {
        "documents": 1,
        "mentions": 5,
        "events": 4,
        "event_actors": 6,
        "attributions": 7,
        "divergences": 1,
    }


def test_export_records_matches_to_plover_json(store: Store, sample_ledger: Ledger) -> None:
    exported = store.export_records()
    expected = to_plover_json([sample_ledger])
    assert exported["documents"] == expected["documents"]
    assert {r["id"] for r in exported["events"]} == {r["id"] for r in expected["events"]}
    assert exported["divergences"] == expected["divergences"]


def test_events_are_sorted_by_date_undated_last(store: Store) -> None:
    assert ids(store.events()) == ["2", "1", "3", "4"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "RUS GOV"}, ["2", "1", "3", "4"]),  # actor or recipient
        ({"actor": "ukr"}, ["3"]),  # country, any case
        ({"actor": "putin"}, ["2", "1", "3", "4"]),  # name substring
        ({"actor": "army commanders"}, ["1"]),  # mention text
        ({"actor": "%"}, []),  # LIKE wildcards are literal
        ({"event_type": "agree"}, ["2"]),
        ({"status": "denied"}, ["3"]),
        ({"status": "REPORTED"}, ["2"]),
        ({"since": "2024-03-05"}, ["2", "3"]),  # open-ended "since January" overlaps
        ({"until": "2024-02"}, ["2"]),
        ({"since": "2024-03-04", "until": "2024-03-04"}, ["2", "1"]),
        ({"since": "2023", "until": "2023"}, []),
        ({"since": "2024"}, ["2", "1", "3"]),  # undated events drop out
        ({"actor": "RUS", "event_type": "THREATEN", "since": "2024-03-01"}, ["1"]),
    ],
)
def test_event_filters(store: Store, filters: dict, expected: list[str]) -> None:
    assert ids(store.events(**filters)) == expected


def test_doc_id_filter(tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger) -> None:
    with Store(tmp_db) as s:
        s.save_ledger(sample_ledger)
        s.save_ledger(other_ledger)
        assert len(s.events()) == 8
        only = s.events(doc_id=other_ledger.document.id)
        assert {r["evidence"]["doc"] for r in only} == {other_ledger.document.id}
        assert len(s.events(since="2024-02-15", until="2024-02-20", event_type="AGREE")) == 2
        assert len(s.documents()) == 2


@pytest.mark.parametrize("bad", ["2024-13", "March", "2024-02-30"])
def test_bad_filter_dates(store: Store, bad: str) -> None:
    with pytest.raises(ConfigError):
        store.events(since=bad)


def test_since_after_until(store: Store) -> None:
    with pytest.raises(ConfigError):
        store.events(since="2024-05-01", until="2024-01-01")


def test_saving_again_stores_nothing(store: Store, sample_ledger: Ledger) -> None:
    before = store.counts()
    assert store.save_ledger(sample_ledger) is False
    # Same text from another outlet: same content hash, still one document.
    syndicated = dataclasses.replace(
        sample_ledger, document=dataclasses.replace(sample_ledger.document, outlet="Elsewhere")
    )
    assert store.save_ledger(syndicated) is False
    assert store.counts() == before


def test_failed_write_rolls_back(store: Store, sample_ledger: Ledger, other_ledger: Ledger) -> None:
    before = store.counts()
    # An event id that collides with a stored one fails mid-transaction.
    clash = other_ledger.events[-1]
    clash.id = sample_ledger.events[0].id
    with pytest.raises(StoreError) as info:
        store.save_ledger(other_ledger)
    assert "\n" not in str(info.value)
    assert store.counts() == before
    assert not store.has_document(other_ledger.document.id)


@pytest.mark.sqlite_only
def test_read_only_database_is_untouched(
    tmp_path: Path, sample_ledger: Ledger, other_ledger
) -> None:
    path = tmp_path / "ro.db"
    with Store(str(path)) as s:
        s.save_ledger(sample_ledger)
    before = path.read_bytes()
    with Store(f"sqlite:///file:{path}?mode=ro&uri=true") as s:
        assert s.has_document(sample_ledger.document.id)
        with pytest.raises(StoreError, match=r"readonly|read-only|read only"):
            s.save_ledger(other_ledger)
    assert path.read_bytes() == before


@pytest.mark.sqlite_only
@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_permissions(tmp_path: Path, sample_ledger, other_ledger) -> None:
    path = tmp_path / "ro.db"
    with Store(str(path)) as s:
        s.save_ledger(sample_ledger)
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError), Store(str(path)) as s:
            s.save_ledger(other_ledger)
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "url",
    [
        "nosuchdialect://x/y",
        "sqlite:///{tmp}/missing-dir/x.db",
        "postgresql://",
        "postgresql+nosuchdriver://u@h/db",
    ],
)
def test_unopenable_databases(tmp_path: Path, url: str) -> None:
    with pytest.raises(StoreError) as info:
        Store(url.format(tmp=tmp_path))
    assert "\n" not in str(info.value)


@pytest.mark.sqlite_only
def test_create_false_requires_existing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        Store(str(tmp_path / "absent.db"), create=False)
    assert info.value.code == "BC303"
    assert not (tmp_path / "absent.db").exists()


def test_schema_from_a_newer_version(tmp_db: str) -> None:
    Store(tmp_db).close()
    engine = sa.create_engine(tmp_db)
    with engine.begin() as conn:
        conn.execute(sa.text("update alembic_version set version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError) as info:
        Store(tmp_db)
    assert info.value.code == "BC306"


def test_revision_and_backend(tmp_db: str) -> None:
    with Store(tmp_db) as s:
        assert s.revision() == head_revision()
        assert s.backend == sa.make_url(tmp_db).get_backend_name()


def test_bare_postgresql_urls_use_psycopg() -> None:
    # No server at this address: opening fails, but with psycopg, not "no psycopg2".
    with pytest.raises(StoreError) as info:
        Store("postgresql://nobody@127.0.0.1:1/none")
    assert info.value.code == "BC302"


def test_actor_filter_folds_case_beyond_ascii(tmp_db: str, sample_ledger: Ledger) -> None:
    renamed = dataclasses.replace(sample_ledger.events[0].actor[0].actor, name="Élysée Palace")
    sample_ledger.events[0].actor[0] = dataclasses.replace(
        sample_ledger.events[0].actor[0], actor=renamed
    )
    with Store(tmp_db) as s:
        s.save_ledger(sample_ledger)
        assert ids(s.events(actor="ÉLYSÉE")) == ["1"]
        assert ids(s.events(actor="élysée palace")) == ["1"]


def test_messages_hide_passwords() -> None:
    with pytest.raises(StoreError) as info:
        Store("postgresql+nosuchdriver://bob:hunter2@db.example/ledger")
    assert "hunter2" not in str(info.value)


def test_missing_quote_is_sql_null(store: Store) -> None:
    with store.engine.connect() as conn:
        nulls = conn.execute(sa.text("select count(*) from events where quote is null")).scalar()
    assert nulls == 3


def test_values_longer_than_the_column_sizes_are_kept(tmp_db: str, sample_ledger: Ledger) -> None:
    # Limits SQLite never enforced; PostgreSQL must not either (migration 0004).
    language = "en-x-" + "long" * 10
    document = dataclasses.replace(sample_ledger.document, language=language)
    mention = sample_ledger.mentions[0]
    code = "RUS GOV " + "X" * 80
    long_coded = dataclasses.replace(mention, actor=dataclasses.replace(mention.actor, code=code))
    ledger = dataclasses.replace(
        sample_ledger, document=document, mentions=[long_coded, *sample_ledger.mentions[1:]]
    )
    with Store(tmp_db) as s:
        assert s.save_ledger(ledger)
        assert s.documents()[0]["language"] == language
        assert s.mentions()[0]["code"] == code


def test_consolidation_overtaken_by_a_new_document_is_computed_again(
    tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backchannel.consolidate as module

    compute = module.consolidate
    seen: list[int] = []
    with Store(tmp_db) as s:
        s.save_ledger(sample_ledger)

        def overtaken(documents, events, **options):  # type: ignore[no-untyped-def]
            seen.append(len(documents))
            if len(seen) == 1:  # another writer stores a document meanwhile
                s.save_ledger(other_ledger)
            return compute(documents, events, **options)

        monkeypatch.setattr(module, "consolidate", overtaken)
        counts = s.consolidate()
        assert seen == [1, 2]  # the stale result was not written; the second one was
        assert s.has_consolidation()
        assert counts["stories"] == len(s.stories())
        reported = {e["doc"] for story in s.stories() for e in story["evidence"]}
        assert other_ledger.document.id in reported
