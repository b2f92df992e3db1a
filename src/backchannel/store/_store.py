"""The ledger database: SQLAlchemy Core over SQLite (default) or PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ..errors import ConfigError, StoreError
from ..export import divergence_record, event_record
from ..model import Ledger
from . import _schema as t

__all__ = ["DEFAULT_URL", "Store"]

DEFAULT_URL = "sqlite:///backchannel.db"
BUSY_TIMEOUT_MS = 5000

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


_LINK_COLUMNS = (
    "role", "text", "named", "count", "plural", "affiliation", "former", "access", "cue",
)  # fmt: skip


def _normalize_url(url: str | Path) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite)."""
    text = str(url).strip()
    if not text:
        raise StoreError("empty database URL", code="BC301")
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
            self.engine = sa.create_engine(self.url)
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
        try:
            self._migrate()
        except sa_exc.SQLAlchemyError as exc:
            self.engine.dispose()
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

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config
        from alembic.util.exc import CommandError

        # alembic's migration context checks the version table first; at head it
        # writes nothing, so opening an up-to-date read-only database works.
        config = Config()
        location = resources.files("backchannel.store") / "migrations"
        config.set_main_option("script_location", str(location))
        try:
            with self.engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except CommandError as exc:  # e.g. a revision written by a newer backchannel
            self.engine.dispose()
            raise StoreError(
                f"database {self._shown} has a schema this version cannot use: {exc}; "
                f"upgrade backchannel",
                code="BC306",
            ) from None

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError(
                f"cannot write to {self._shown}: {_reason(exc)}", code="BC304"
            ) from None

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
        try:
            with self._write() as conn:
                if self._has(conn, doc.id):
                    return False
                self._insert(conn, ledger)
        except StoreError:
            # Another writer may have stored the same document between check and insert.
            if self.has_document(doc.id):
                return False
            raise
        return True

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

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents (the export's document records plus ``added_at``)."""
        d = t.documents
        query = sa.select(d).order_by(d.c.published.is_(None), d.c.published, d.c.added_at, d.c.id)
        with self._read() as conn:
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
        query = query.order_by(
            sa.func.coalesce(e.c.date_start, e.c.date_end).is_(None),
            sa.func.coalesce(e.c.date_start, e.c.date_end),
            e.c.doc_id,
            e.c.evidence_start,
            e.c.id,
        )
        with self._read() as conn:
            return [row[0] for row in conn.execute(query)]

    def divergences(self) -> list[dict[str, Any]]:
        d = t.divergences
        with self._read() as conn:
            return [row[0] for row in conn.execute(sa.select(d.c.record).order_by(d.c.id))]

    def mentions(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """Actor mentions, shaped like :func:`backchannel.export.document_mention_record`."""
        m = t.mentions
        query = sa.select(m).order_by(m.c.doc_id, m.c.start, m.c.id)
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
        """Recompute copies and stories over everything stored, in one transaction.

        Returns counts: ``copies``, ``stories``, ``merged`` (stories of 2+ reports).
        """
        from ..consolidate import consolidate

        documents = self.documents()
        result = consolidate(documents, self.events())
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
            {"doc_id": c.doc, "original_id": c.original, "jaccard": c.jaccard}
            for c in result.copies
        ]
        with self._write() as conn:
            for table in (t.story_events, t.stories, t.copies):
                conn.execute(table.delete())
            for table, rows in (
                (t.copies, copy_rows),
                (t.stories, story_rows),
                (t.story_events, link_rows),
            ):
                if rows:
                    conn.execute(table.insert(), rows)
        return {
            "copies": len(copy_rows),
            "stories": len(story_rows),
            "merged": sum(1 for s in result.stories if s["reports"] > 1),
        }

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
        query = sa.select(c).order_by(c.c.original_id, c.c.doc_id)
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
        query = query.order_by(s.c.reports.desc(), s.c.date_start.is_(None), s.c.date_start, s.c.id)
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


def _story_matches(story: dict[str, Any], needle: str) -> bool:
    countries = [c.lower() for c in (story.get("actor") or []) + (story.get("recipient") or [])]
    if needle in countries:
        return True
    codes = [str(c).lower() for c in story.get("actor_codes") or []]
    if any(needle == code or code.startswith(f"{needle} ") for code in codes):
        return True
    return any(needle in str(name).lower() for name in story.get("actor_names") or [])


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
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
