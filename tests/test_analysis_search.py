"""Search over documents and events: FTS5 on SQLite, the LIKE fallback elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.analysis import _search, search
from backchannel.errors import InputError
from backchannel.model import Ledger
from backchannel.store import Store


@pytest.fixture
def store(tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger) -> Store:
    with Store(tmp_db) as opened:
        opened.save_ledger(sample_ledger)
        opened.save_ledger(other_ledger)
        yield opened


@pytest.fixture(params=["fts5", "like"])
def backend(request: pytest.FixtureRequest, store: Store, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "like":  # what PostgreSQL gets
        monkeypatch.setattr(_search, "_has_fts", lambda _store: False)
    elif store.engine.dialect.name != "sqlite":
        pytest.skip("FTS5 is SQLite's; this database is not SQLite")
    return str(request.param)


def test_finds_documents_and_events(store: Store, backend: str, sample_ledger: Ledger) -> None:
    found = search(store, "intermediaries ceasefire")
    assert found.backend == backend
    assert {d.id for d in found.documents} >= {sample_ledger.document.id}
    assert sample_ledger.events[1].id in {e.event_id for e in found.events}
    assert all("intermediaries" in e.snippet.lower() for e in found.events)
    # Words must all occur: nothing has both of these.
    assert search(store, "intermediaries zeppelin").documents == []


def test_events_are_found_by_actor_name(store: Store, backend: str, sample_ledger: Ledger) -> None:
    found = search(store, "Ministry of Foreign Affairs")
    assert sample_ledger.events[2].id in {e.event_id for e in found.events}


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR", "NEAR(", "ceasefire*)", "50%_"])
def test_user_syntax_never_breaks_plain_search(store: Store, backend: str, query: str) -> None:
    found = search(store, query)  # taken as words: no error
    assert found.query == " ".join(query.split())


def test_plain_quote_is_a_word(store: Store, backend: str, sample_ledger: Ledger) -> None:
    found = search(store, '"quiet')
    assert sample_ledger.events[2].id in {e.event_id for e in found.events}


def test_advanced_fts_syntax_and_its_errors(store: Store, sample_ledger: Ledger) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("FTS5 is SQLite's; this database is not SQLite")
    either = search(store, "zeppelin OR deception", advanced=True)
    assert either.backend == "fts5"
    assert sample_ledger.events[3].id in {e.event_id for e in either.events}
    for bad in ('"unbalanced', "AND OR"):
        with pytest.raises(InputError) as caught:
            search(store, bad, advanced=True)
        assert caught.value.code == "BC505" and "\n" not in str(caught.value)


def test_blank_query_is_an_input_error(store: Store) -> None:
    for blank in ("", "   ", "?!"):
        with pytest.raises(InputError):
            search(store, blank)


def test_index_follows_new_documents(store: Store, sample_ledger: Ledger) -> None:
    from _sample import build_sample_ledger

    assert search(store, "Zanzibar").documents == []
    extra = build_sample_ledger(
        title="Zanzibar envoys meet", body=sample_ledger.document.body + "\n\nZanzibar hosts."
    )
    store.save_ledger(extra)
    assert [d.id for d in search(store, "Zanzibar").documents] == [extra.document.id]


def test_limit(store: Store, backend: str) -> None:
    assert len(search(store, "Putin", limit=1).documents) == 1


def test_upgrading_an_older_database_indexes_what_it_holds(
    tmp_path: Path, sample_ledger: Ledger
) -> None:
    # SQLite-specific: FTS5 and the migration's backfill of the index.
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store(url) as store:
        store.save_ledger(sample_ledger)
        config = Config()
        config.set_main_option(
            "script_location", str(resources.files("backchannel.store") / "migrations")
        )
        with store.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0002")  # as a database written before analysis
    with Store(url) as store:  # opening upgrades it
        found = search(store, "intermediaries")
        assert found.backend == "fts5"
        assert [d.id for d in found.documents] == [sample_ledger.document.id]
        assert sample_ledger.events[1].id in {e.event_id for e in found.events}
