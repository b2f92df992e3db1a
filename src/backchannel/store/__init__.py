"""Persisting ledgers: :class:`Store` over SQLite or PostgreSQL (SQLAlchemy Core + Alembic)."""

from __future__ import annotations

from ._store import DEFAULT_URL, Store

__all__ = ["DEFAULT_URL", "Store"]
