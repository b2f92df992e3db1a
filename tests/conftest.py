"""Shared fixtures: database URLs (SQLite, or PostgreSQL with BACKCHANNEL_TEST_DATABASE),
an article-file factory and the hand-built sample ledger (built in ``_sample.py``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from _sample import SAMPLE_BODY, build_sample_ledger
from backchannel.model import Ledger

# Set to a PostgreSQL URL (make test-pg does) to run the suite against that server.
TEST_DATABASE_ENV = "BACKCHANNEL_TEST_DATABASE"


@pytest.fixture
def sample_ledger() -> Ledger:
    return build_sample_ledger()


@pytest.fixture
def other_ledger() -> Ledger:
    """A second document (different text, so a different id) with the same shape."""
    return build_sample_ledger(
        title="Courier Report Is Picked Up Abroad",
        body=SAMPLE_BODY.replace("since January", "since February"),
        outlet="Harbor Times",
    )


@pytest.fixture
def tmp_db(tmp_path: Path, pg_template: str | None) -> Iterator[str]:
    """A fresh database URL: a new SQLite file, or with ``BACKCHANNEL_TEST_DATABASE`` set,
    a new database on that PostgreSQL server (already migrated: a copy of a template,
    which is faster; dropped afterwards). ``make_db`` gives empty ones."""
    server = os.environ.get(TEST_DATABASE_ENV)
    if not server:
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    with fresh_database(server, template=pg_template) as url:
        yield url


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str | None]:
    """The name of a database migrated to the latest schema, to copy (PostgreSQL only)."""
    server = os.environ.get(TEST_DATABASE_ENV)
    if not server:
        yield None
        return
    from backchannel.store import Store

    with fresh_database(server) as url:
        Store(url).close()  # no connection may stay open on a template
        yield sa.make_url(url).database


@pytest.fixture
def make_db(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """``make_db(name)`` -> another fresh database URL, of the backend ``tmp_db`` uses."""
    with database_maker(lambda: tmp_path) as make:
        yield make


@pytest.fixture(scope="session")
def make_session_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """``make_db`` for module- and session-scoped fixtures."""
    with database_maker(lambda: tmp_path_factory.mktemp("db")) as make:
        yield make


@contextmanager
def database_maker(directory: Callable[[], Path]) -> Iterator[Callable[[str], str]]:
    """A factory of fresh database URLs (SQLite files in ``directory()``, or databases
    on the ``BACKCHANNEL_TEST_DATABASE`` server), all dropped on exit."""
    with ExitStack() as stack:

        def make(name: str) -> str:
            server = os.environ.get(TEST_DATABASE_ENV)
            if not server:
                return f"sqlite:///{directory() / name}.db"
            return stack.enter_context(fresh_database(server))

        yield make


@pytest.fixture
def pg_db() -> Iterator[str]:
    """A fresh PostgreSQL database whatever ``tmp_db`` is; skips without a server."""
    server = os.environ.get(TEST_DATABASE_ENV)
    if not server:
        pytest.skip(f"no PostgreSQL server: {TEST_DATABASE_ENV} is not set (see make test-pg)")
    with fresh_database(server) as url:
        yield url


@contextmanager
def fresh_database(server: str, *, template: str | None = None) -> Iterator[str]:
    """A new, uniquely named database on the server ``server`` points at (a copy of
    ``template``, else empty), then dropped."""
    base = sa.make_url(server)
    name = f"bc_test_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    copy = f' TEMPLATE "{template}"' if template else ""
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # FORCE: a test may leave a Store (and its pooled connections) open.
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get(TEST_DATABASE_ENV):
        return
    skip = pytest.mark.skip(reason=f"SQLite-specific; {TEST_DATABASE_ENV} selects PostgreSQL")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """``write_article(text, front_matter=None, name="article.txt")`` -> the file's path."""

    def write(
        text: str | bytes,
        front_matter: dict[str, Any] | None = None,
        name: str = "article.txt",
        encoding: str = "utf-8",
    ) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
            return path
        if front_matter is not None:
            block = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True)
            text = f"---\n{block}---\n{text}"
        path.write_bytes(text.encode(encoding))
        return path

    return write
