"""Consolidation: copies of documents, stories and the reports they merge.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "copies",
        sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("original_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("jaccard", sa.Float, nullable=False),
    )
    op.create_index("ix_copies_original_id", "copies", ["original_id"])

    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("recipients", sa.Text, nullable=False),
        sa.Column("polarity", sa.String(16), nullable=False),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("reports", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("origins", sa.Integer, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_stories_event", "stories", ["event"])
    op.create_index("ix_stories_date_start", "stories", ["date_start"])

    op.create_table(
        "story_events",
        sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
        sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("origin_how", sa.String(16), nullable=False),
    )
    op.create_index("ix_story_events_story_id", "story_events", ["story_id"])


def downgrade() -> None:
    for table in ("story_events", "stories", "copies"):
        op.drop_table(table)
