"""The ledger database: SQLAlchemy Core over SQLite (default) or PostgreSQL."""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ..errors import ConfigError, StoreError
from ..export import divergence_record, event_record
from ..model import Ledger
from . import _schema as t

__all__ = ["DEFAULT_URL", "Store"]

DEFAULT_URL = "sqlite:///backchannel.db"
BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT = {"connect_timeout": 10}  # seconds, PostgreSQL
# A transaction that lost a race (SQLite still locked after the busy timeout, a
# PostgreSQL serialization failure or deadlock) is re-run from the start this often.
TRANSACTION_ATTEMPTS = 8
# Consolidations computed again because documents arrived meanwhile (see consolidate).
CONSOLIDATION_ATTEMPTS = 3
# PostgreSQL advisory lock taken by migrations and consolidation: one at a time.
WRITER_LOCK_KEY = 0x6263_0001  # "bc" + 1
_RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock
# store_state rows (see content_revision).
CONSOLIDATION_MARK = "consolidation"  # renewed by every written consolidation
DATABASE_MARK = "database"  # made once, by migration 0005
_IN_BATCH = 500  # ids per IN (...) list: well under every backend's parameter limit

T = TypeVar("T")

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


_LINK_COLUMNS = (
    "role", "text", "named", "count", "plural", "affiliation", "former", "access", "cue",
)  # fmt: skip


def _normalize_url(url: str | Path) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite)."""
    text = str(url).strip()
    if not text:
        raise StoreError("empty database URL", code="BC301")
    # psycopg (3) is the driver we ship; SQLAlchemy would otherwise pick psycopg2.
    for bare in ("postgresql://", "postgres://"):
        if text.startswith(bare):
            return "postgresql+psycopg://" + text.removeprefix(bare)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def _date_bound(value: str | None, *, end: bool, what: str) -> str | None:
    """``2023`` / ``2023-09`` / ``2023-09-14`` as the first (or last) day covered."""
    if value is None:
        return None
    match = _PARTIAL_DATE.fullmatch(value.strip())
    if match:
        year, month, day = match.groups()
        try:
            if day:
                return dt.date(int(year), int(month), int(day)).isoformat()
            if month:
                first = dt.date(int(year), int(month), 1)
                if not end:
                    return first.isoformat()
                following = (first + dt.timedelta(days=32)).replace(day=1)
                return (following - dt.timedelta(days=1)).isoformat()
            return f"{int(year):04d}-12-31" if end else f"{int(year):04d}-01-01"
        except ValueError:
            pass
    raise ConfigError(
        f"invalid {what} date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD", code="BC203"
    )


def _mask(url: str) -> str:
    return re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", url)


def _reason(exc: BaseException) -> str:
    """The driver's message without SQLAlchemy's SQL dump and help link."""
    orig = getattr(exc, "orig", None)
    return " ".join(str(orig if orig is not None else exc).split("\n")[0].split())


class Store:
    """A ledger database. Opening it applies any pending migrations.

    ``url`` is a SQLAlchemy URL (``sqlite:///ledger.db``, ``postgresql+psycopg://...``)
    or a plain path to a SQLite file. With ``create=False`` a missing SQLite file is an
    error instead of a new, empty database.
    """

    def __init__(self, url: str | Path = DEFAULT_URL, *, create: bool = True) -> None:
        self.url = _normalize_url(url)
        try:
            parsed = sa.make_url(self.url)
        except sa_exc.ArgumentError:
            raise StoreError(f"invalid database URL {_mask(self.url)!r}", code="BC301") from None
        self._sqlite = parsed.get_backend_name() == "sqlite"
        # Messages and repr never show a password.
        self._shown = self.url if self._sqlite else parsed.render_as_string(hide_password=True)
        if self._sqlite and not create:
            database = parsed.database or ""
            on_disk = database not in ("", ":memory:") and not database.startswith("file:")
            if on_disk and not Path(database).exists():
                raise StoreError(
                    f"no database at {database}; run 'backchannel analyze' first", code="BC303"
                )
        try:
            # An unreachable server is an error in seconds, not a hang (the URL may say
            # otherwise with ?connect_timeout=N).
            waits = {} if self._sqlite or "connect_timeout" in parsed.query else CONNECT_TIMEOUT
            self.engine = sa.create_engine(self.url, connect_args=waits)
        except ImportError as exc:
            raise StoreError(
                f"cannot use {self._shown}: database driver not installed ({exc})", code="BC301"
            ) from None
        except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError) as exc:
            raise StoreError(
                f"cannot use database URL {self._shown}: {exc}", code="BC301"
            ) from None
        if self._sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        try:
            self._migrate()
        except sa_exc.SQLAlchemyError as exc:
            self.engine.dispose()
            # PostgreSQL's counterpart of a missing SQLite file (the server has no SQLSTATE
            # for it at connection time, only the message).
            if not self._sqlite and f'database "{parsed.database}" does not exist' in str(exc):
                raise StoreError(
                    f"no database {parsed.database!r} on {self._shown}; create it first "
                    f"(createdb {parsed.database})",
                    code="BC303",
                ) from None
            raise StoreError(
                f"cannot open database {self._shown}: {_reason(exc)}", code="BC302"
            ) from None

    def __repr__(self) -> str:
        return f"Store({self._shown!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close pooled connections (SQLite then folds its WAL back into the file)."""
        self.engine.dispose()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def revision(self) -> str | None:
        """The schema revision the database is at (None before the first migration)."""
        from alembic.runtime.migration import MigrationContext

        with self._read() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def _migrate(self) -> None:
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory
        from alembic.util.exc import CommandError

        config = _alembic_config()
        heads = set(ScriptDirectory.from_config(config).get_heads())
        # At head nothing is written, so an up-to-date read-only database opens.
        with self.engine.connect() as conn:
            if set(MigrationContext.configure(conn).get_current_heads()) == heads:
                return

        def upgrade(conn: sa.Connection) -> None:
            # Under the writer lock alembic reads the version afresh: a process that
            # opened the same new database a moment earlier may have migrated it.
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

        try:
            self._transaction(upgrade, serialize=True, raw=True)
        except CommandError as exc:  # e.g. a revision written by a newer backchannel
            self.engine.dispose()
            raise StoreError(
                f"database {self._shown} has a schema this version cannot use: {exc}; "
                f"upgrade backchannel",
                code="BC306",
            ) from None

    def _transaction(
        self, work: Callable[[sa.Connection], T], *, serialize: bool = False, raw: bool = False
    ) -> T:
        """Run ``work`` in one write transaction, re-running it whole when it lost a race.

        SQLite transactions begin IMMEDIATE (the write lock first, so two writers never
        deadlock upgrading read locks); ``serialize`` also makes PostgreSQL writers
        queue on an advisory lock. Errors become :class:`StoreError` unless ``raw``.
        """
        for attempt in range(1, TRANSACTION_ATTEMPTS + 1):
            try:
                with self.engine.connect() as conn:
                    if self._sqlite:
                        conn.execution_options(sqlite_begin="IMMEDIATE")
                    with conn.begin():
                        if serialize and not self._sqlite:
                            lock = sa.text("SELECT pg_advisory_xact_lock(:key)")
                            conn.execute(lock, {"key": WRITER_LOCK_KEY})
                        return work(conn)
            except sa_exc.SQLAlchemyError as exc:
                if attempt < TRANSACTION_ATTEMPTS and self._lost_race(exc):
                    time.sleep(random.uniform(0.05, 0.2) * attempt)  # jitter
                    continue
                if raw:
                    raise
                raise StoreError(
                    f"cannot write to {self._shown}: {_reason(exc)}", code="BC304"
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One write transaction for callers that cannot be re-run (prefer
        :meth:`_transaction`, which retries a transaction that lost a race)."""
        try:
            with self.engine.connect() as conn:
                if self._sqlite:
                    conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    yield conn
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError(
                f"cannot write to {self._shown}: {_reason(exc)}", code="BC304"
            ) from None

    def _lost_race(self, exc: sa_exc.SQLAlchemyError) -> bool:
        orig = getattr(exc, "orig", None)
        if self._sqlite:
            message = str(orig).lower()
            return isinstance(orig, sqlite3.OperationalError) and (
                "locked" in message or "busy" in message
            )
        return getattr(orig, "sqlstate", None) in _RETRYABLE_SQLSTATES

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self._shown}: {_reason(exc)}", code="BC305") from None

    # -- writing -------------------------------------------------------------

    def save_ledger(self, ledger: Ledger) -> bool:
        """Store one analysed document in one transaction.

        Returns False, writing nothing, when the document (by content hash) is
        already stored.
        """
        doc = ledger.document

        def save(conn: sa.Connection) -> bool:
            if self._has(conn, doc.id):
                return False
            self._insert(conn, ledger)
            return True

        try:
            return self._transaction(save)
        except StoreError:
            # Another writer stored the same document between our check and insert
            # (PostgreSQL: a unique violation): it is there, which is all we wanted.
            if self.has_document(doc.id):
                return False
            raise

    def _insert(self, conn: sa.Connection, ledger: Ledger) -> None:
        doc = ledger.document
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        conn.execute(
            t.documents.insert(),
            {
                "id": doc.id,
                "title": doc.title,
                "body": doc.body,
                "outlet": doc.outlet,
                "url": doc.url,
                "language": doc.language,
                "published": doc.published,
                "published_how": doc.published_how,
                "source_path": doc.source_path,
                "added_at": now,
            },
        )
        if ledger.mentions:
            conn.execute(
                t.mentions.insert(),
                [
                    {
                        "doc_id": doc.id,
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "actor_id": m.actor.id,
                        "actor_name": m.actor.name,
                        "actor_code": m.actor.code,
                        "actor_role": m.actor.role,
                        "country": m.actor.country,
                        "sector": m.actor.sector,
                        "via": m.via,
                        "sentence": m.sentence,
                    }
                    for m in ledger.mentions
                ],
            )
        event_rows, actor_rows, link_rows = [], [], []
        for event in ledger.events:
            record = event_record(event, doc)
            event_rows.append(
                {
                    "id": event.id,
                    "doc_id": doc.id,
                    "event": event.event,
                    "mode": event.mode,
                    "context": list(event.context),
                    "cameo": event.cameo,
                    "cameo_name": event.cameo_name,
                    "date_start": event.date.start,
                    "date_end": event.date.end,
                    "date_text": event.date.text,
                    "timex": event.date.timex,
                    "granularity": event.date.granularity,
                    "from_publication": event.date.from_publication,
                    "status": event.status,
                    "evidence_start": event.evidence.start,
                    "evidence_end": event.evidence.end,
                    "sentence": event.evidence.sentence,
                    "quote": record["quote"],
                    "parent": event.parent,
                    "record": record,
                }
            )
            for role in ("actor", "recipient"):
                for position, entry in enumerate(record[role]):
                    actor_rows.append(
                        {
                            "event_id": event.id,
                            "role": role,
                            "position": position,
                            "text": entry["text"],
                            "name": entry["name"],
                            "actor_id": entry["id"],
                            "code": entry["code"],
                            "country": entry["country"],
                            "sector": entry["sector"],
                        }
                    )
            # The queryable columns of each link; the record keeps the rest (spans).
            link_rows += [
                {
                    "event_id": event.id,
                    "position": position,
                    **{column: link[column] for column in _LINK_COLUMNS},
                }
                for position, link in enumerate(record["attribution"])
            ]
        for table, rows in (
            (t.events, event_rows),
            (t.event_actors, actor_rows),
            (t.attributions, link_rows),
        ):
            if rows:
                conn.execute(table.insert(), rows)
        if ledger.divergences:
            conn.execute(
                t.divergences.insert(),
                [
                    {
                        "id": d.id,
                        "doc_id": doc.id,
                        "kind": d.kind,
                        "actor": d.actor,
                        "description": d.description,
                        "record": divergence_record(d, doc),
                    }
                    for d in ledger.divergences
                ],
            )
            pairs = {(d.id, event_id) for d in ledger.divergences for event_id in d.events}
            conn.execute(
                t.divergence_events.insert(),
                [{"divergence_id": d, "event_id": e} for d, e in sorted(pairs)],
            )

    # -- reading -------------------------------------------------------------

    @staticmethod
    def _has(conn: sa.Connection, doc_id: str) -> bool:
        query = sa.select(t.documents.c.id).where(t.documents.c.id == doc_id)
        return conn.execute(query).first() is not None

    def has_document(self, doc_id: str) -> bool:
        with self._read() as conn:
            return self._has(conn, doc_id)

    def _bytewise(self, column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
        """Text ordered by code point on both backends (SQLite's BINARY; PostgreSQL's
        default collation follows the server's locale)."""
        return column if self._sqlite else column.collate("C")

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents (the export's document records plus ``added_at``)."""
        with self._read() as conn:
            return self._documents(conn)

    def _documents(self, conn: sa.Connection) -> list[dict[str, Any]]:
        d = t.documents
        order = [self._bytewise(c) for c in (d.c.published, d.c.added_at, d.c.id)]
        query = sa.select(d).order_by(d.c.published.is_(None), *order)
        rows = conn.execute(query).mappings().all()
        out = []
        for row in rows:
            out.append(
                {
                    "id": row["id"],
                    "title": row["title"],
                    "outlet": row["outlet"],
                    "url": row["url"],
                    "language": row["language"],
                    "published": {
                        "date": row["published"],
                        "inferred": row["published_how"] == "inferred",
                        "how": row["published_how"],
                    },
                    "source_path": row["source_path"],
                    "body": row["body"],
                    "added_at": row["added_at"],
                }
            )
        return out

    def events(
        self,
        actor: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        status: str | None = None,
        doc_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Event records, oldest first, filtered.

        ``actor`` matches an actor or recipient by code, country or name
        (case-insensitive); ``since``/``until`` keep events whose date interval
        overlaps the range (open ends overlap; undated events are left out).
        """
        query = self._event_query(actor, event_type, since, until, status, doc_id)
        with self._read() as conn:
            return [row[0] for row in conn.execute(query)]

    def _event_query(
        self,
        actor: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        status: str | None = None,
        doc_id: str | None = None,
    ) -> sa.Select[Any]:
        e = t.events
        query = sa.select(e.c.record)
        if actor:
            a = t.event_actors
            needle = actor.strip().lower()
            pattern = (
                "%" + needle.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
            )
            query = query.where(
                sa.exists().where(
                    a.c.event_id == e.c.id,
                    sa.or_(
                        sa.func.lower(a.c.code) == needle,
                        sa.func.lower(a.c.country) == needle,
                        sa.func.lower(a.c.name).like(pattern, escape="\\"),
                        sa.func.lower(a.c.text).like(pattern, escape="\\"),
                    ),
                )
            )
        if event_type:
            query = query.where(sa.func.upper(e.c.event) == event_type.strip().upper())
        if status:
            query = query.where(sa.func.lower(e.c.status) == status.strip().lower())
        if doc_id:
            query = query.where(e.c.doc_id == doc_id)
        lower = _date_bound(since, end=False, what="since")
        upper = _date_bound(until, end=True, what="until")
        if lower and upper and lower > upper:
            raise ConfigError(f"since {since} is after until {until}", code="BC203")
        if lower or upper:
            query = query.where(sa.or_(e.c.date_start.is_not(None), e.c.date_end.is_not(None)))
        if lower:
            query = query.where(sa.or_(e.c.date_end.is_(None), e.c.date_end >= lower))
        if upper:
            query = query.where(sa.or_(e.c.date_start.is_(None), e.c.date_start <= upper))
        return query.order_by(
            sa.func.coalesce(e.c.date_start, e.c.date_end).is_(None),
            self._bytewise(sa.func.coalesce(e.c.date_start, e.c.date_end)),
            self._bytewise(e.c.doc_id),
            e.c.evidence_start,
            self._bytewise(e.c.id),
        )

    def divergences(self) -> list[dict[str, Any]]:
        d = t.divergences
        with self._read() as conn:
            query = sa.select(d.c.record).order_by(self._bytewise(d.c.id))
            return [row[0] for row in conn.execute(query)]

    def mentions(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Actor mentions, shaped like :func:`backchannel.export.document_mention_record`."""
        m = t.mentions
        query = sa.select(m).order_by(self._bytewise(m.c.doc_id), m.c.start, m.c.id)
        if doc_id is not None:
            query = query.where(m.c.doc_id == doc_id)
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            {
                "doc": row["doc_id"],
                "sentence": row["sentence"],
                "text": row["text"],
                "code": row["actor_code"],
                "country": row["country"],
                "sector": row["sector"],
                "name": row["actor_name"],
                "id": row["actor_id"],
                "role": row["actor_role"],
                "via": row["via"],
                "start": row["start"],
                "end": row["end"],
            }
            for row in rows
        ]

    def export_records(self) -> dict[str, list[dict[str, Any]]]:
        """Everything stored, shaped like :func:`backchannel.export.to_plover_json`."""
        documents = self.documents()
        for document in documents:
            document.pop("added_at", None)
        return {
            "documents": documents,
            "events": self.events(),
            "divergences": self.divergences(),
            "mentions": self.mentions(),
            "copies": self.copies(),
            "stories": self.stories(),
        }

    # -- consolidation ----------------------------------------------------------

    def consolidate(self) -> dict[str, int]:
        """Recompute copies and stories over everything stored.

        The computation reads one snapshot and holds no lock: on a large store it takes
        minutes, and other writers go on meanwhile. Its result replaces the old one in
        one transaction under the writer lock (consolidations never interleave), and
        only if no document arrived since the snapshot; otherwise it is computed
        again. The writer of such a document consolidates after it too, so if every
        attempt comes out stale the last is not written: :meth:`has_consolidation`
        then says so until someone's consolidation is. Returns counts: ``copies``,
        ``stories``, ``merged`` (stories of 2+ reports).
        """
        from ..consolidate import consolidate, signature_scheme, text_signature

        scheme = signature_scheme()
        for _ in range(CONSOLIDATION_ATTEMPTS):
            with self._snapshot() as conn:
                stamp = _stamp(conn)
                events = [row[0] for row in conn.execute(self._event_query())]
                documents = self._documents(conn)
                signatures = _signatures(conn, scheme)
            # Only documents stored since the last consolidation are hashed; their
            # signatures are kept even if this result turns out stale.
            fresh = {d["id"]: text_signature(d) for d in documents if d["id"] not in signatures}
            if fresh:
                self._transaction(
                    functools.partial(_save_signatures, scheme=scheme, signatures=fresh),
                    serialize=True,
                )
            result = consolidate(documents, events, signatures={**signatures, **fresh})
            replace = functools.partial(
                _replace_consolidation, stamp=stamp, rows=_consolidation_rows(result)
            )
            if self._transaction(replace, serialize=True):
                break
        return {
            "copies": len(result.copies),
            "stories": len(result.stories),
            "merged": sum(1 for s in result.stories if s["reports"] > 1),
        }

    @contextmanager
    def _snapshot(self) -> Iterator[sa.Connection]:
        """One read transaction: every query sees the store as of the same moment."""
        try:
            with self.engine.connect() as conn:
                if not self._sqlite:
                    conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():  # SQLite: a WAL read transaction is a snapshot
                    yield conn
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot read {self._shown}: {_reason(exc)}", code="BC305") from None

    def content_revision(self) -> tuple[str | None, int, str | None]:
        """Changes whenever what the analysis reads changes: (this database's mark,
        the number of documents, the last consolidation's mark). Documents (with
        their events, mentions and divergences) are only ever added, and every
        written consolidation leaves a new mark. Cheap (a count and a lookup), so
        results computed over the whole store can be cached under it; grade
        overrides and ACH edits are not in it (nothing cached depends on them)."""
        with self._snapshot() as conn:
            return _content_revision(conn)

    def has_consolidation(self) -> bool:
        """False when events are stored but stories were never computed for them."""
        with self._read() as conn:
            events = conn.execute(sa.select(sa.func.count()).select_from(t.events)).scalar_one()
            linked = conn.execute(
                sa.select(sa.func.count()).select_from(t.story_events)
            ).scalar_one()
        return events == linked

    def copies(self) -> list[dict[str, Any]]:
        c = t.copies
        query = sa.select(c).order_by(self._bytewise(c.c.original_id), self._bytewise(c.c.doc_id))
        with self._read() as conn:
            return [
                {"doc": row["doc_id"], "original": row["original_id"], "jaccard": row["jaccard"]}
                for row in conn.execute(query).mappings()
            ]

    def stories(
        self,
        actor: str | None = None,
        event_type: str | None = None,
        min_reports: int = 1,
    ) -> list[dict[str, Any]]:
        """Story records, most reported first.

        ``actor`` matches an actor or recipient country code, or an actor code/name of
        any report (case-insensitive).
        """
        s = t.stories
        query = sa.select(s.c.record).where(s.c.reports >= min_reports)
        if event_type:
            query = query.where(sa.func.upper(s.c.event) == event_type.strip().upper())
        query = query.order_by(
            s.c.reports.desc(),
            s.c.date_start.is_(None),
            self._bytewise(s.c.date_start),
            self._bytewise(s.c.id),
        )
        with self._read() as conn:
            records = [row[0] for row in conn.execute(query)]
        if actor:
            needle = actor.strip().lower()
            records = [r for r in records if _story_matches(r, needle)]
        return records

    def counts(self) -> dict[str, int]:
        """Row counts per table (for status lines and tests)."""
        tables = (t.documents, t.mentions, t.events, t.event_actors, t.attributions, t.divergences)
        with self._read() as conn:
            return {
                table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in tables
            }


def _consolidation_rows(result: Any) -> dict[sa.Table, list[dict[str, Any]]]:
    """Rows of copies, stories and story links (parents first) for a Consolidation."""
    story_rows, link_rows = [], []
    for story in result.stories:
        story_rows.append(
            {
                "id": story["id"],
                "event": story["event"],
                "actors": " ".join(story["actor"]),
                "recipients": " ".join(story["recipient"]),
                "polarity": story["polarity"],
                "date_start": story["date"],
                "date_end": story["enddate"],
                "reports": story["reports"],
                "documents": story["documents"],
                "outlets": story["outlets"],
                "origins": story["independent_origins"],
                "record": story,
            }
        )
        link_rows.extend(
            {
                "event_id": report["event"],
                "story_id": story["id"],
                "doc_id": report["doc"],
                "origin": report["origin"],
                "origin_how": report["origin_how"],
            }
            for report in story["evidence"]
        )
    copy_rows = [
        {"doc_id": c.doc, "original_id": c.original, "jaccard": c.jaccard} for c in result.copies
    ]
    return {t.copies: copy_rows, t.stories: story_rows, t.story_events: link_rows}


def _replace_consolidation(
    conn: sa.Connection, *, stamp: tuple[int, ...], rows: dict[sa.Table, list[dict[str, Any]]]
) -> bool:
    """Write a consolidation computed at ``stamp``; False, writing nothing, if stale."""
    if _stamp(conn) != stamp:
        return False
    for table in reversed(rows):
        conn.execute(table.delete())
    for table, table_rows in rows.items():
        if table_rows:
            conn.execute(table.insert(), table_rows)
    mark = t.store_state
    conn.execute(mark.delete().where(mark.c.name == CONSOLIDATION_MARK))
    conn.execute(mark.insert(), {"name": CONSOLIDATION_MARK, "value": uuid.uuid4().hex})
    return True


def _signatures(conn: sa.Connection, scheme: str) -> dict[str, bytes | None]:
    """Stored document signatures computed with ``scheme`` (by doc id)."""
    s = t.doc_signatures
    query = sa.select(s.c.doc_id, s.c.minhash).where(s.c.scheme == scheme)
    return {row.doc_id: row.minhash for row in conn.execute(query)}


def _save_signatures(
    conn: sa.Connection, *, scheme: str, signatures: dict[str, bytes | None]
) -> None:
    """Keep signatures, replacing ones of another scheme; ones another consolidation
    stored meanwhile (the same bytes) are left as they are."""
    s = t.doc_signatures
    ids = sorted(signatures)
    present: set[str] = set()
    for start in range(0, len(ids), _IN_BATCH):
        chunk = ids[start : start + _IN_BATCH]
        conn.execute(s.delete().where(s.c.doc_id.in_(chunk), s.c.scheme != scheme))
        present.update(conn.execute(sa.select(s.c.doc_id).where(s.c.doc_id.in_(chunk))).scalars())
    rows = [
        {"doc_id": doc_id, "scheme": scheme, "minhash": signatures[doc_id]}
        for doc_id in ids
        if doc_id not in present
    ]
    if rows:
        conn.execute(s.insert(), rows)


def _content_revision(conn: sa.Connection) -> tuple[str | None, int, str | None]:
    d, mark = t.documents, t.store_state
    documents = conn.execute(sa.select(sa.func.count()).select_from(d)).scalar_one()
    query = sa.select(mark.c.name, mark.c.value).where(
        mark.c.name.in_((DATABASE_MARK, CONSOLIDATION_MARK))
    )
    marks: dict[str, str] = {row.name: row.value for row in conn.execute(query)}
    return marks.get(DATABASE_MARK), documents, marks.get(CONSOLIDATION_MARK)


def _stamp(conn: sa.Connection) -> tuple[int, ...]:
    """What changes when a document is stored (documents are only ever added)."""
    return tuple(
        conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in (t.documents, t.events)
    )


def _story_matches(story: dict[str, Any], needle: str) -> bool:
    countries = [c.lower() for c in (story.get("actor") or []) + (story.get("recipient") or [])]
    if needle in countries:
        return True
    codes = [str(c).lower() for c in story.get("actor_codes") or []]
    if any(needle == code or code.startswith(f"{needle} ") for code in codes):
        return True
    return any(needle in str(name).lower() for name in story.get("actor_names") or [])


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    location = resources.files("backchannel.store") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # We say BEGIN ourselves (see _sqlite_begin); the driver's implicit one is DEFERRED.
    dbapi_conn.isolation_level = None
    # Unicode-aware like PostgreSQL's (SQLite's own lower() folds only ASCII).
    dbapi_conn.create_function("lower", 1, _lower, deterministic=True)
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL lets readers (Datasette, the web UI) work while the CLI writes. Failing
        # to switch (a read-only file) is fine: the database is still readable.
        with suppress(sqlite3.Error):
            cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value
