"""Bring a store's ACH question to a fixed state, one edit (one transaction) at a time.

    python tests/_ach_edits.py DATABASE_URL

Idempotent: a run killed part-way is completed by running again. Prints ``start``
before its first edit and ``done`` at the end. ``state(url)`` is what the edits leave,
without ids and timestamps, for comparing a resumed run with an uninterrupted one.
"""

from __future__ import annotations

import sys
from typing import Any

import sqlalchemy as sa

from backchannel.analysis import add_evidence, add_hypothesis, create_question, rate
from backchannel.store import Store
from backchannel.store import _schema as t

USER = "fault-test"
TITLE = "Is the ceasefire offer meant seriously?"
HYPOTHESES = {
    "H1": "The offer is a real opening for talks.",
    "H2": "The offer is meant to divide the allies.",
    "H3": "The offer is noise from a single official.",
}
EVIDENCE = (
    "Envoys met twice in a neutral capital.",
    "State media denied any contact.",
    "Troop rotations continued along the front.",
    "A second official repeated the offer a week later.",
)
RATINGS = ("C", "I", "N", "CC", "II", "NA")


def _rows(store: Store, table: sa.Table, question_id: int, key: str) -> dict[str, int]:
    query = sa.select(table.c.id, table.c[key]).where(table.c.question_id == question_id)
    with store.engine.connect() as conn:
        return {row[1]: row[0] for row in conn.execute(query)}


def build(url: str) -> None:
    with Store(url) as store:
        print("start", flush=True)
        with store.engine.connect() as conn:
            query = sa.select(t.ach_questions.c.id).where(t.ach_questions.c.title == TITLE)
            question = conn.execute(query).scalar()
        if question is None:
            question = create_question(store, TITLE, user=USER)
        hypotheses = _rows(store, t.ach_hypotheses, question, "label")
        for label, text in HYPOTHESES.items():
            if label not in hypotheses:
                hypotheses[label] = add_hypothesis(store, question, label, text, user=USER)
        evidence = _rows(store, t.ach_evidence, question, "text")
        for text in EVIDENCE:
            if text not in evidence:
                evidence[text] = add_evidence(store, question, text=text, user=USER)
        for row, text in enumerate(EVIDENCE):
            for column, label in enumerate(HYPOTHESES):
                rating = RATINGS[(row + column) % len(RATINGS)]
                rate(store, question, evidence[text], hypotheses[label], rating, user=USER)
        print("done", flush=True)


def state(url: str) -> dict[str, Any]:
    q, h, e, r = t.ach_questions, t.ach_hypotheses, t.ach_evidence, t.ach_ratings
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        found = {
            "questions": sorted(conn.execute(sa.select(q.c.title)).scalars()),
            "hypotheses": sorted(map(tuple, conn.execute(sa.select(h.c.label, h.c.text)))),
            "evidence": sorted(conn.execute(sa.select(e.c.text)).scalars()),
            "ratings": sorted(
                map(
                    tuple,
                    conn.execute(
                        sa.select(e.c.text, h.c.label, r.c.rating)
                        .join(e, e.c.id == r.c.evidence_id)
                        .join(h, h.c.id == r.c.hypothesis_id)
                    ),
                )
            ),
        }
    engine.dispose()
    return found


if __name__ == "__main__":
    build(sys.argv[1])
