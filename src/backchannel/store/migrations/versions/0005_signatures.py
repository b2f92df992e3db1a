"""Derived data kept between runs: document MinHash signatures, the consolidation mark.

``doc_signatures`` keeps each document's MinHash, so a consolidation hashes
only the documents stored since the last one (it is filled by the next
consolidation, not here). ``store_state`` holds named marks: ``database``, made
here, tells this database from another at the same address (a file deleted and
made again); ``consolidation`` changes whenever stories are rewritten. With the
document count they are how cached analysis results (corpus divergences) know
they are stale.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Text rather than VARCHAR on PostgreSQL too (see 0004); SQLite ignores lengths.
    op.create_table(
        "doc_signatures",
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("scheme", sa.Text, nullable=False),
        sa.Column("minhash", sa.LargeBinary),
    )
    state = op.create_table(
        "store_state",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(state, [{"name": "database", "value": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("store_state")
    op.drop_table("doc_signatures")
