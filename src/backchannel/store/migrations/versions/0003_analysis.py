"""Analysis: grade overrides, ACH questions, and (SQLite only) the FTS5 search index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What an event is found by: its type, summary, sentence, trigger and the names of
# its actors and recipients (taken from the stored record, so it is there at insert).
_NAMES = (
    "(SELECT group_concat(coalesce(json_extract(value, '$.name'), '') || ' ' || "
    "coalesce(json_extract(value, '$.text'), ''), ' ') FROM json_each({row}.record, '$.{role}'))"
)
_EVENT_TEXT = (
    "{row}.event || ' ' || coalesce(json_extract({row}.record, '$.summary'), '') || ' ' || "
    "coalesce({row}.sentence, '') || ' ' || "
    "coalesce(json_extract({row}.record, '$.trigger.text'), '') || ' ' || "
    f"coalesce({_NAMES.format(row='{row}', role='actor')}, '') || ' ' || "
    f"coalesce({_NAMES.format(row='{row}', role='recipient')}, '')"
)
_TOKENIZER = "unicode61 remove_diacritics 2"


def _fts5_available(bind: sa.Connection) -> bool:
    try:
        return bool(
            bind.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar()
        )
    except sa.exc.DBAPIError:
        return False


def _create_search_index() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_documents USING fts5("
        f"doc_id UNINDEXED, title, body, tokenize = '{_TOKENIZER}')"
    )
    op.execute(
        "CREATE VIRTUAL TABLE search_events USING fts5("
        f"event_id UNINDEXED, doc_id UNINDEXED, text, tokenize = '{_TOKENIZER}')"
    )
    op.execute(
        "INSERT INTO search_documents (doc_id, title, body) SELECT id, title, body FROM documents"
    )
    op.execute(
        "INSERT INTO search_events (event_id, doc_id, text) "
        f"SELECT e.id, e.doc_id, {_EVENT_TEXT.format(row='e')} FROM events e"
    )
    op.execute(
        "CREATE TRIGGER search_documents_insert AFTER INSERT ON documents BEGIN "
        "INSERT INTO search_documents (doc_id, title, body) VALUES (new.id, new.title, new.body); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER search_documents_delete AFTER DELETE ON documents BEGIN "
        "DELETE FROM search_documents WHERE doc_id = old.id; END"
    )
    op.execute(
        "CREATE TRIGGER search_events_insert AFTER INSERT ON events BEGIN "
        "INSERT INTO search_events (event_id, doc_id, text) "
        f"VALUES (new.id, new.doc_id, {_EVENT_TEXT.format(row='new')}); END"
    )
    op.execute(
        "CREATE TRIGGER search_events_delete AFTER DELETE ON events BEGIN "
        "DELETE FROM search_events WHERE event_id = old.id; END"
    )


def upgrade() -> None:
    op.create_table(
        "grade_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("value", sa.String(8)),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("changed_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_grade_changes_target_key", "grade_changes", ["target", "key"])
    op.create_table(
        "ach_questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "ach_hypotheses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("ach_questions.id"), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("stance", sa.String(16)),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_ach_hypotheses_question_id", "ach_hypotheses", ["question_id"])
    op.create_table(
        "ach_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("ach_questions.id"), nullable=False),
        sa.Column("event_id", sa.String(128)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("credibility", sa.Integer),
        sa.Column("relevance", sa.String(8), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_ach_evidence_question_id", "ach_evidence", ["question_id"])
    op.create_table(
        "ach_ratings",
        sa.Column("evidence_id", sa.Integer, sa.ForeignKey("ach_evidence.id"), primary_key=True),
        sa.Column(
            "hypothesis_id", sa.Integer, sa.ForeignKey("ach_hypotheses.id"), primary_key=True
        ),
        sa.Column("rating", sa.String(4), nullable=False),
        sa.Column("rated_by", sa.Text, nullable=False),
        sa.Column("rated_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_ach_ratings_hypothesis_id", "ach_ratings", ["hypothesis_id"])

    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and _fts5_available(bind):
        _create_search_index()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in (
            "search_documents_insert",
            "search_documents_delete",
            "search_events_insert",
            "search_events_delete",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_documents")
        op.execute("DROP TABLE IF EXISTS search_events")
    for table in ("ach_ratings", "ach_evidence", "ach_hypotheses", "ach_questions"):
        op.drop_table(table)
    op.drop_table("grade_changes")
