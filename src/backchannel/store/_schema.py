"""Table definitions for SQLAlchemy Core queries.

Migrations under ``migrations/versions`` create these tables and are the source of
truth for the database; this module mirrors the latest revision for query building.
Dates are ISO strings (``YYYY-MM-DD``): they sort and compare correctly as text on
SQLite and PostgreSQL alike, and Datasette shows them as written. String lengths
document the expected values but limit nothing: SQLite ignores them, and migration
0004 makes them TEXT on PostgreSQL, so both backends store the same values.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
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

mentions = sa.Table(
    "mentions",
    metadata,
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

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("event", sa.String(32), nullable=False),
    sa.Column("mode", sa.String(32)),
    sa.Column("context", sa.JSON(none_as_null=True)),
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
    sa.Column("quote", sa.JSON(none_as_null=True)),
    sa.Column("parent", sa.String(128)),
    sa.Column("record", sa.JSON, nullable=False),
)

event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),  # actor | recipient
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("name", sa.Text),
    sa.Column("actor_id", sa.Text),
    sa.Column("code", sa.String(64)),
    sa.Column("country", sa.String(16)),
    sa.Column("sector", sa.String(16)),
)

attributions = sa.Table(
    "attributions",
    metadata,
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

divergences = sa.Table(
    "divergences",
    metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("actor", sa.Text),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("record", sa.JSON, nullable=False),
)

# event_id is not a foreign key: a divergence may later pair events of two documents.
divergence_events = sa.Table(
    "divergence_events",
    metadata,
    sa.Column("divergence_id", sa.String(128), sa.ForeignKey("divergences.id"), primary_key=True),
    sa.Column("event_id", sa.String(128), primary_key=True),
)

copies = sa.Table(
    "copies",
    metadata,
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("original_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("jaccard", sa.Float, nullable=False),
)

# Recomputed as a whole by Store.consolidate(); "actors"/"recipients" are country
# codes joined by spaces, for filtering.
stories = sa.Table(
    "stories",
    metadata,
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

story_events = sa.Table(
    "story_events",
    metadata,
    sa.Column("event_id", sa.String(128), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("origin_how", sa.String(16), nullable=False),
)

sa.Index("ix_documents_published", documents.c.published)
sa.Index("ix_mentions_doc_id", mentions.c.doc_id)
sa.Index("ix_mentions_actor_code", mentions.c.actor_code)
sa.Index("ix_events_doc_id", events.c.doc_id)
sa.Index("ix_events_event", events.c.event)
sa.Index("ix_events_status", events.c.status)
sa.Index("ix_events_date_start", events.c.date_start)
sa.Index("ix_events_date_end", events.c.date_end)
sa.Index("ix_event_actors_code", event_actors.c.code)
sa.Index("ix_event_actors_country", event_actors.c.country)
sa.Index("ix_divergences_doc_id", divergences.c.doc_id)
sa.Index("ix_divergence_events_event_id", divergence_events.c.event_id)
sa.Index("ix_copies_original_id", copies.c.original_id)
sa.Index("ix_stories_event", stories.c.event)
sa.Index("ix_stories_date_start", stories.c.date_start)
sa.Index("ix_story_events_story_id", story_events.c.story_id)

# -- analysis (migration 0003) ----------------------------------------------------

# User overrides of grades; history kept, the latest row per (target, key) wins and
# a NULL value reverts to the computed grade.
grade_changes = sa.Table(
    "grade_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("target", sa.String(16), nullable=False),  # source | claim
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("value", sa.String(8)),
    sa.Column("changed_by", sa.Text, nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("changed_at", sa.String(32), nullable=False),
)

ach_questions = sa.Table(
    "ach_questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
)

ach_hypotheses = sa.Table(
    "ach_hypotheses",
    metadata,
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

# event_id is not a foreign key: a question outlives a re-built ledger.
ach_evidence = sa.Table(
    "ach_evidence",
    metadata,
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

ach_ratings = sa.Table(
    "ach_ratings",
    metadata,
    sa.Column("evidence_id", sa.Integer, sa.ForeignKey("ach_evidence.id"), primary_key=True),
    sa.Column("hypothesis_id", sa.Integer, sa.ForeignKey("ach_hypotheses.id"), primary_key=True),
    sa.Column("rating", sa.String(4), nullable=False),
    sa.Column("rated_by", sa.Text, nullable=False),
    sa.Column("rated_at", sa.String(32), nullable=False),
)

sa.Index("ix_grade_changes_target_key", grade_changes.c.target, grade_changes.c.key)
sa.Index("ix_ach_hypotheses_question_id", ach_hypotheses.c.question_id)
sa.Index("ix_ach_evidence_question_id", ach_evidence.c.question_id)
sa.Index("ix_ach_ratings_hypothesis_id", ach_ratings.c.hypothesis_id)

# -- derived data kept between runs (migration 0005) --------------------------------

# A document's MinHash (consolidate.text_signature) by the scheme it was computed
# with; NULL for a text without words. Documents never change, so it is computed once.
doc_signatures = sa.Table(
    "doc_signatures",
    metadata,
    sa.Column("doc_id", sa.String(64), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("scheme", sa.Text, nullable=False),
    sa.Column("minhash", sa.LargeBinary),
)

# Named marks of the store's state: "consolidation" holds a fresh token each time a
# consolidation is written, so readers can tell their cached results are stale.
store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
