"""PostgreSQL: text columns without a length limit, as on SQLite.

SQLite ignores VARCHAR lengths; PostgreSQL enforces them, so a long value (a
front-matter ``language`` of 40 characters, an unusual actor code) was stored on one
backend and refused on the other. Every VARCHAR column becomes TEXT on PostgreSQL
(binary-compatible: no table rewrite, indexes kept); SQLite needs nothing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _varchar_columns() -> list[tuple[str, str]]:
    """(table, column) of every VARCHAR column with a length, in our tables."""
    inspector = sa.inspect(op.get_bind())
    found = []
    for table in inspector.get_table_names():
        if table == "alembic_version":
            continue
        for column in inspector.get_columns(table):
            if isinstance(column["type"], sa.String) and column["type"].length is not None:
                found.append((table, column["name"]))
    return found


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _varchar_columns():
        op.alter_column(table, column, type_=sa.Text())


def downgrade() -> None:
    # Lengths are not restored: values longer than the old limits may be stored now.
    pass
