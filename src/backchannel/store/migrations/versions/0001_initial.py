"""The initial ledger schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("published", sa.String(10)),
        sa.Column("published_how", sa.String(16), nullable=False),
        sa.Column("source_path", sa.Text),
        sa.Column("added_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_documents_published", "documents", ["published"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text),
        sa.Column("actor_name", sa.Text),
        sa.Column("actor_code", sa.String(64)),
        sa.Column("actor_role", sa.Text),
        sa.Column("country", sa.String(16)),
        sa.Column("sector", sa.String(16)),
        sa.Column("via", sa.String(32)),
        sa.Column("sentence", sa.Integer),
    )
    op.create_index("ix_mentions_doc_id", "mentions", ["doc_id"])
    op.create_index("ix_mentions_actor_code", "mentions", ["actor_code"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(32)),
        sa.Column("context", sa.JSON),
        sa.Column("cameo", sa.String(8)),
        sa.Column("cameo_name", sa.Text),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_text", sa.Text),
        sa.Column("timex", sa.String(64)),
        sa.Column("granularity", sa.String(16)),
        sa.Column("from_publication", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
        sa.Column("sentence", sa.Text),
        sa.Column("quote", sa.JSON),
        sa.Column("parent", sa.String(128)),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_events_doc_id", "events", ["doc_id"])
    op.create_index("ix_events_event", "events", ["event"])
    op.create_index("ix_events_status", "events", ["status"])
    op.create_index("ix_events_date_start", "events", ["date_start"])
    op.create_index("ix_events_date_end", "events", ["date_end"])

    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("actor_id", sa.Text),
        sa.Column("code", sa.String(64)),
        sa.Column("country", sa.String(16)),
        sa.Column("sector", sa.String(16)),
    )
    op.create_index("ix_event_actors_code", "event_actors", ["code"])
    op.create_index("ix_event_actors_country", "event_actors", ["country"])

    op.create_table(
        "attributions",
        sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("named", sa.Boolean, nullable=False),
        sa.Column("count", sa.Integer),
        sa.Column("plural", sa.Boolean, nullable=False),
        sa.Column("affiliation", sa.String(16)),
        sa.Column("former", sa.Boolean, nullable=False),
        sa.Column("access", sa.Text),
        sa.Column("cue", sa.Text),
    )

    op.create_table(
        "divergences",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor", sa.Text),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
    )
    op.create_index("ix_divergences_doc_id", "divergences", ["doc_id"])

    op.create_table(
        "divergence_events",
        sa.Column(
            "divergence_id", sa.String(128), sa.ForeignKey("divergences.id"), primary_key=True
        ),
        sa.Column("event_id", sa.String(128), primary_key=True),
    )
    op.create_index("ix_divergence_events_event_id", "divergence_events", ["event_id"])


def downgrade() -> None:
    for table in (
        "divergence_events",
        "divergences",
        "attributions",
        "event_actors",
        "events",
        "mentions",
        "documents",
    ):
        op.drop_table(table)
