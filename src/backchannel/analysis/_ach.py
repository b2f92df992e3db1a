"""Analysis of Competing Hypotheses (Heuer), with Pherson's weighting.

A question has hypotheses and evidence rows (ledger events or free text); each cell
is rated CC/C/N/I/II/NA. Heuer's inconsistency score counts I as 1 and II as 2;
the weighted score multiplies each by the row's credibility and relevance weights.
Hypotheses are listed least inconsistent first; a row is diagnostic when its
ratings differ across hypotheses.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..divergence import CHALLENGE, CONFLICTUAL, COOPERATIVE
from ..errors import ConfigError, InputError
from ..store import Store
from ..store import _schema as t
from ._base import Record, check_credibility, now_iso, require_user
from ._topics import get_topic, topics

__all__ = [
    "CREDIBILITY_WEIGHTS",
    "RATINGS",
    "RATING_SCORES",
    "RELEVANCE_WEIGHTS",
    "AchCell",
    "AchEvidence",
    "AchMatrix",
    "AchQuestion",
    "AchRow",
    "Hypothesis",
    "HypothesisScore",
    "Suggestion",
    "accept_suggestions",
    "add_evidence",
    "add_hypothesis",
    "clear_rating",
    "create_question",
    "delete_evidence",
    "delete_hypothesis",
    "delete_question",
    "edit_evidence",
    "edit_hypothesis",
    "export_csv",
    "export_question",
    "get_question",
    "list_questions",
    "matrix",
    "rate",
    "suggest_ratings",
]

RATINGS = ("CC", "C", "N", "I", "II", "NA")
# Heuer: only inconsistency counts toward a hypothesis' score.
INCONSISTENCY = {"I": 1, "II": 2}
# For diagnosticity: how far apart the ratings of one row lie.
RATING_SCORES = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}
RELEVANCE_WEIGHTS = {"low": 0.5, "medium": 1.0, "high": 2.0}
# Admiralty credibility 1–6 as a weight; 6 ("cannot be judged") is neutral.
CREDIBILITY_WEIGHTS = {1: 2.0, 2: 2.0, 3: 1.0, 4: 0.5, 5: 0.5, 6: 1.0}


@dataclass(slots=True)
class AchQuestion(Record):
    id: int
    title: str
    description: str | None
    created_by: str
    created_at: str
    hypotheses: int = 0
    evidence: int = 0


@dataclass(slots=True)
class Hypothesis(Record):
    """``topics`` tie a hypothesis to named topics (for suggestions); ``stance`` is
    ``for`` when it holds that the actor means what the topic's signals say (e.g.
    genuine readiness for a ceasefire), ``against`` when it holds they do not (e.g.
    deception), ``None`` when neither."""

    id: int
    question_id: int
    label: str
    text: str
    topics: list[str]
    stance: str | None
    position: int
    created_by: str
    created_at: str


@dataclass(slots=True)
class AchEvidence(Record):
    """A row: a ledger event (``event_id``) or free text. ``credibility`` is the
    user's 1–6 when set, else (for events) the claim's computed credibility."""

    id: int
    question_id: int
    event_id: str | None
    text: str
    credibility: int | None
    relevance: str
    position: int
    created_by: str
    created_at: str


@dataclass(slots=True)
class Suggestion(Record):
    evidence_id: int
    hypothesis_id: int
    rating: str
    reason: str


@dataclass(slots=True)
class AchCell(Record):
    """``rating`` counts; ``suggestion`` is shown but does not count until accepted."""

    hypothesis_id: int
    rating: str | None
    suggestion: str | None = None
    reason: str | None = None
    rated_by: str | None = None
    rated_at: str | None = None


@dataclass(slots=True)
class AchRow(Record):
    evidence: AchEvidence
    credibility: int
    credibility_weight: float
    relevance_weight: float
    cells: list[AchCell]
    diagnosticity: int  # spread of the row's scores across hypotheses; 0: not diagnostic
    diagnostic: bool


@dataclass(slots=True)
class HypothesisScore(Record):
    hypothesis: Hypothesis
    inconsistency: int  # Heuer: I = 1, II = 2
    weighted_inconsistency: float  # × credibility weight × relevance weight
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class AchMatrix(Record):
    question: AchQuestion
    hypotheses: list[HypothesisScore]  # least inconsistent first
    rows: list[AchRow]  # in the order added


STANCES = ("for", "against")
# What a hypothesis text says about the signals of its topic.
_AGAINST = re.compile(
    r"\b(?:decepti\w*|deceiv\w*|ruse|ploy|bluff\w*|feint|stall\w*|buy(?:ing)? time|"
    r"propaganda|disinformation|insincere|not genuine|manipulat\w*|weaken\w*|divide\w*|"
    r"trap|trick\w*)\b",
    re.IGNORECASE,
)
_FOR = re.compile(
    r"\b(?:genuine\w*|sincere\w*|read(?:y|iness)|willing\w*|prepared|open(?:ness)? to|"
    r"serious\w*|real)\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|not true|untrue|incorrect|false|fiction|rejected|"
    r"rules? out|ruled out|refus\w+|dismiss\w*|will not|would not|won't|never)\b",
    re.IGNORECASE,
)


# -- validation and rows ----------------------------------------------------------------


def _rating(value: str) -> str:
    rating = str(value).strip().upper()
    if rating not in RATINGS:
        raise ConfigError(
            f"bad rating {value!r}: expected one of {', '.join(RATINGS)}", code="BC509"
        )
    return rating


def _relevance(value: str) -> str:
    relevance = str(value).strip().lower()
    if relevance not in RELEVANCE_WEIGHTS:
        raise ConfigError(f"bad relevance {value!r}: expected low, medium or high", code="BC509")
    return relevance


def _credibility(value: int | str | None) -> int | None:
    return None if value is None else check_credibility(value)


def _stance(value: str | None) -> str | None:
    if value is None:
        return None
    stance = value.strip().lower()
    if stance in ("", "none"):
        return None
    if stance not in STANCES:
        raise ConfigError(f"bad stance {value!r}: expected for, against or none", code="BC509")
    return stance


def _text(value: str | None, what: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise ConfigError(f"{what} must not be empty", code="BC509")
    return text


def _question(row: Mapping[str, Any], hypotheses: int = 0, evidence: int = 0) -> AchQuestion:
    return AchQuestion(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        hypotheses=hypotheses,
        evidence=evidence,
    )


def _hypothesis(row: Mapping[str, Any]) -> Hypothesis:
    return Hypothesis(
        id=row["id"],
        question_id=row["question_id"],
        label=row["label"],
        text=row["text"],
        topics=list(row["topics"] or []),
        stance=row["stance"],
        position=row["position"],
        created_by=row["created_by"],
        created_at=row["created_at"],
    )


def _evidence(row: Mapping[str, Any]) -> AchEvidence:
    return AchEvidence(
        id=row["id"],
        question_id=row["question_id"],
        event_id=row["event_id"],
        text=row["text"],
        credibility=row["credibility"],
        relevance=row["relevance"],
        position=row["position"],
        created_by=row["created_by"],
        created_at=row["created_at"],
    )


def _one(conn: sa.Connection, table: sa.Table, row_id: int, what: str) -> Mapping[str, Any]:
    row = conn.execute(sa.select(table).where(table.c.id == int(row_id))).mappings().first()
    if row is None:
        raise InputError(f"no {what} {row_id}", code="BC508")
    return row


def _next_position(conn: sa.Connection, table: sa.Table, question_id: int) -> int:
    query = sa.select(sa.func.max(table.c.position)).where(table.c.question_id == question_id)
    return int(conn.execute(query).scalar() or 0) + 1


# -- questions ----------------------------------------------------------------------------


def create_question(store: Store, title: str, *, user: str, description: str | None = None) -> int:
    """A new ACH question; returns its id."""
    row = {
        "title": _text(title, "a question's title"),
        "description": description,
        "created_by": require_user(user),
        "created_at": now_iso(),
    }
    with store._write() as conn:
        result = conn.execute(t.ach_questions.insert().returning(t.ach_questions.c.id), row)
        return int(result.scalar_one())


def list_questions(store: Store) -> list[AchQuestion]:
    """Every question, newest first, with counts of hypotheses and evidence."""
    q, h, e = t.ach_questions, t.ach_hypotheses, t.ach_evidence
    hypotheses = sa.select(sa.func.count()).where(h.c.question_id == q.c.id).scalar_subquery()
    evidence = sa.select(sa.func.count()).where(e.c.question_id == q.c.id).scalar_subquery()
    query = sa.select(q, hypotheses.label("n_h"), evidence.label("n_e")).order_by(q.c.id.desc())
    with store._read() as conn:
        return [_question(r, r["n_h"], r["n_e"]) for r in conn.execute(query).mappings()]


def get_question(store: Store, question_id: int) -> AchQuestion:
    """One question (InputError BC508 when unknown)."""
    found = [q for q in list_questions(store) if q.id == int(question_id)]
    if not found:
        raise InputError(f"no ACH question {question_id}", code="BC508")
    return found[0]


def delete_question(store: Store, question_id: int, *, user: str) -> None:
    """Remove a question with its hypotheses, evidence and ratings."""
    require_user(user)
    q, h, e, r = t.ach_questions, t.ach_hypotheses, t.ach_evidence, t.ach_ratings
    with store._write() as conn:
        _one(conn, q, question_id, "ACH question")
        evidence_ids = sa.select(e.c.id).where(e.c.question_id == question_id)
        conn.execute(r.delete().where(r.c.evidence_id.in_(evidence_ids)))
        conn.execute(e.delete().where(e.c.question_id == question_id))
        conn.execute(h.delete().where(h.c.question_id == question_id))
        conn.execute(q.delete().where(q.c.id == question_id))


# -- hypotheses ---------------------------------------------------------------------------


def _infer_topics(text: str) -> list[str]:
    return [name for name, topic in sorted(topics().items()) if topic.keyword_in(text)]


def _infer_stance(text: str) -> str | None:
    if _AGAINST.search(text):
        return "against"
    if _FOR.search(text):
        return "for"
    return None


def _check_topics(names: Sequence[str]) -> list[str]:
    return [get_topic(name).name for name in names]


def add_hypothesis(
    store: Store,
    question_id: int,
    label: str,
    text: str,
    *,
    user: str,
    topics: list[str] | None = None,
    stance: str | None = None,
) -> int:
    """Add a hypothesis (``H1``, ...). ``topics``/``stance`` default to what the text
    says: a named topic's keywords in it, and deception words (``against``) or
    readiness words (``for``)."""
    body = _text(text, "a hypothesis")
    row = {
        "question_id": int(question_id),
        "label": _text(label, "a hypothesis label"),
        "text": body,
        "topics": _check_topics(topics) if topics is not None else _infer_topics(body),
        "stance": _stance(stance) if stance is not None else _infer_stance(body),
        "created_by": require_user(user),
        "created_at": now_iso(),
    }
    h = t.ach_hypotheses
    with store._write() as conn:
        _one(conn, t.ach_questions, question_id, "ACH question")
        row["position"] = _next_position(conn, h, int(question_id))
        return int(conn.execute(h.insert().returning(h.c.id), row).scalar_one())


def edit_hypothesis(
    store: Store,
    hypothesis_id: int,
    *,
    user: str,
    label: str | None = None,
    text: str | None = None,
    topics: list[str] | None = None,
    stance: str | None = None,
) -> Hypothesis:
    """Change a hypothesis' label, text, topics or stance (``stance="none"`` clears it)."""
    require_user(user)
    changes: dict[str, Any] = {}
    if label is not None:
        changes["label"] = _text(label, "a hypothesis label")
    if text is not None:
        changes["text"] = _text(text, "a hypothesis")
    if topics is not None:
        changes["topics"] = _check_topics(topics)
    if stance is not None:
        changes["stance"] = _stance(stance)
    return _hypothesis(_update(store, t.ach_hypotheses, hypothesis_id, "hypothesis", changes))


def delete_hypothesis(store: Store, hypothesis_id: int, *, user: str) -> None:
    """Remove a hypothesis and its ratings."""
    require_user(user)
    _delete_rated(store, t.ach_hypotheses, hypothesis_id, "hypothesis", "hypothesis_id")


def _update(
    store: Store, table: sa.Table, row_id: int, what: str, changes: dict[str, Any]
) -> Mapping[str, Any]:
    """Apply ``changes`` to one row (which must exist) and return it as it now is."""
    with store._write() as conn:
        _one(conn, table, row_id, what)
        if changes:
            conn.execute(table.update().where(table.c.id == int(row_id)).values(**changes))
        return _one(conn, table, row_id, what)


def _delete_rated(store: Store, table: sa.Table, row_id: int, what: str, rated_by: str) -> None:
    """Delete a hypothesis or evidence row together with the ratings of its cells."""
    r = t.ach_ratings
    with store._write() as conn:
        _one(conn, table, row_id, what)
        conn.execute(r.delete().where(r.c[rated_by] == int(row_id)))
        conn.execute(table.delete().where(table.c.id == int(row_id)))


# -- evidence ---------------------------------------------------------------------------


def add_evidence(
    store: Store,
    question_id: int,
    *,
    event_id: str | None = None,
    text: str | None = None,
    credibility: int | None = None,
    relevance: str = "medium",
    user: str,
) -> int:
    """Add an evidence row: a ledger event (its summary or sentence becomes the
    text unless ``text`` is given) or free text. ``credibility`` 1–6 overrides the
    claim's computed credibility for this row; ``relevance`` low/medium/high."""
    if event_id is None and not (text or "").strip():
        raise ConfigError("evidence needs an event id or a text", code="BC509")
    row: dict[str, Any] = {
        "question_id": int(question_id),
        "event_id": event_id,
        "credibility": _credibility(credibility),
        "relevance": _relevance(relevance),
        "created_by": require_user(user),
        "created_at": now_iso(),
    }
    e = t.ach_evidence
    with store._write() as conn:
        _one(conn, t.ach_questions, question_id, "ACH question")
        if event_id is not None:
            found = conn.execute(
                sa.select(t.events.c.sentence, t.events.c.record).where(t.events.c.id == event_id)
            ).first()
            if found is None:
                raise InputError(f"no event {event_id!r} in the ledger", code="BC502")
            default = found.sentence or (found.record or {}).get("summary") or event_id
            row["text"] = _text(text or default, "evidence")
        else:
            row["text"] = _text(text, "evidence")
        row["position"] = _next_position(conn, e, int(question_id))
        return int(conn.execute(e.insert().returning(e.c.id), row).scalar_one())


def edit_evidence(
    store: Store,
    evidence_id: int,
    *,
    user: str,
    text: str | None = None,
    credibility: int | None = None,
    relevance: str | None = None,
) -> AchEvidence:
    """Change an evidence row's text, credibility (1–6) or relevance."""
    require_user(user)
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = _text(text, "evidence")
    if credibility is not None:
        changes["credibility"] = _credibility(credibility)
    if relevance is not None:
        changes["relevance"] = _relevance(relevance)
    return _evidence(_update(store, t.ach_evidence, evidence_id, "evidence row", changes))


def delete_evidence(store: Store, evidence_id: int, *, user: str) -> None:
    """Remove an evidence row and its ratings."""
    require_user(user)
    _delete_rated(store, t.ach_evidence, evidence_id, "evidence row", "evidence_id")


# -- ratings ------------------------------------------------------------------------------


def _check_cell(
    conn: sa.Connection, question_id: int, evidence_id: int, hypothesis_id: int
) -> None:
    evidence = _one(conn, t.ach_evidence, evidence_id, "evidence row")
    hypothesis = _one(conn, t.ach_hypotheses, hypothesis_id, "hypothesis")
    if evidence["question_id"] != int(question_id) or hypothesis["question_id"] != int(question_id):
        raise InputError(
            f"evidence {evidence_id} and hypothesis {hypothesis_id} are not both in "
            f"question {question_id}",
            code="BC508",
        )


def _store_ratings(conn: sa.Connection, cells: Sequence[tuple[int, int, str]], user: str) -> None:
    r = t.ach_ratings
    now = now_iso()
    for evidence_id, hypothesis_id, rating in cells:
        conn.execute(
            r.delete().where(r.c.evidence_id == evidence_id, r.c.hypothesis_id == hypothesis_id)
        )
        conn.execute(
            r.insert(),
            {
                "evidence_id": evidence_id,
                "hypothesis_id": hypothesis_id,
                "rating": rating,
                "rated_by": user,
                "rated_at": now,
            },
        )


def rate(
    store: Store, question_id: int, evidence_id: int, hypothesis_id: int, rating: str, *, user: str
) -> None:
    """Rate one cell CC, C, N, I, II or NA (stored with who and when)."""
    value, name = _rating(rating), require_user(user)
    with store._write() as conn:
        _check_cell(conn, question_id, evidence_id, hypothesis_id)
        _store_ratings(conn, [(int(evidence_id), int(hypothesis_id), value)], name)


def clear_rating(
    store: Store, question_id: int, evidence_id: int, hypothesis_id: int, *, user: str
) -> None:
    """Unrate a cell (its suggestion shows again)."""
    require_user(user)
    r = t.ach_ratings
    with store._write() as conn:
        _check_cell(conn, question_id, evidence_id, hypothesis_id)
        conn.execute(
            r.delete().where(
                r.c.evidence_id == int(evidence_id), r.c.hypothesis_id == int(hypothesis_id)
            )
        )


# -- suggestions --------------------------------------------------------------------------


def _reading(text: str, record: Mapping[str, Any] | None) -> str | None:
    """What an evidence row says about its topic's signals: ``challenge`` (they may
    be a deception), ``rejection`` (a refusal or denial) or ``signal`` (an offer,
    agreement or request); None when it says none of these."""
    if CHALLENGE.search(text):
        return "challenge"
    if record is not None:
        event = str(record.get("event") or "")
        negated = "negated" in (record.get("aux_modes") or []) or record.get("status") == "denied"
        if event == "REJECT" or (event in CONFLICTUAL and event != "ACCUSE") or negated:
            return "rejection"
        if event in COOPERATIVE or event in ("CONCEDE", "REQUEST"):
            return "signal"
        return None
    return "rejection" if _DENIAL.search(text) else None


# reading -> stance -> (rating, why)
_SUGGESTED = {
    ("challenge", "for"): ("I", "questions whether the signals are genuine"),
    ("challenge", "against"): ("C", "says the signals may be a deception"),
    ("rejection", "for"): ("I", "a refusal or denial on this topic"),
    ("rejection", "against"): ("C", "a public hard line fits signals that are not meant"),
    ("signal", "for"): ("C", "a signal of readiness on this topic"),
    ("signal", "against"): ("N", "a deception would send such signals too"),
}


_NAME = re.compile(r"\b[A-Z][\w'’-]+")


def question_countries(texts: Sequence[str]) -> set[str]:
    """Countries of the actors a question names ("Is Putin ready ...?" -> RUS)."""
    from ..actors import ActorDictionary

    actors = ActorDictionary.load()
    found = set()
    for text in texts:
        for word in _NAME.findall(text):
            actor = actors.lookup(word)
            if actor is not None and actor.country:
                found.add(actor.country)
    return found


def _effective_topics(hypothesis: Hypothesis, hypotheses: Sequence[Hypothesis]) -> list[str]:
    """A hypothesis' own topics, else those of its rivals: competing hypotheses
    answer one question ("deception" competes with "readiness for a ceasefire")."""
    if hypothesis.topics:
        return hypothesis.topics
    return sorted({name for other in hypotheses for name in other.topics})


def _on_topic(names: Sequence[str], text: str, record: Mapping[str, Any] | None) -> str | None:
    for name in names:
        topic = get_topic(name)
        if (record is not None and topic.matches(record)) or topic.keyword_in(text):
            return name
    return None


def _about(record: Mapping[str, Any] | None, countries: set[str]) -> bool:
    """Whether an event is by the side the question is about (any, if it names none)."""
    if record is None or not countries:
        return True
    return any(a.get("country") in countries for a in record.get("actor") or [])


def _suggestions(
    question: AchQuestion,
    hypotheses: Sequence[Hypothesis],
    evidence: Sequence[AchEvidence],
    records: Mapping[str, Mapping[str, Any]],
    rated: set[tuple[int, int]],
) -> list[Suggestion]:
    countries = question_countries([question.title, *(h.text for h in hypotheses)])
    out = []
    for row in evidence:
        record = records.get(row.event_id) if row.event_id else None
        text = str(record.get("event_text") or row.text) if record is not None else row.text
        reading = _reading(text, record)
        # A challenge may come from anyone; a refusal or a signal counts only when
        # it is the questioned side's own.
        if reading is None or (reading != "challenge" and not _about(record, countries)):
            continue
        for hypothesis in hypotheses:
            if (row.id, hypothesis.id) in rated or hypothesis.stance is None:
                continue
            names = _effective_topics(hypothesis, hypotheses)
            topic = _on_topic(names, text, record)
            if topic is None and reading == "challenge" and record is not None:
                # "this may be a deception" is about the signals it questions.
                for related in record.get("related") or []:
                    other = records.get(related)
                    if other is not None:
                        topic = topic or _on_topic(names, str(other.get("event_text")), other)
            if topic is None:
                continue
            rating, why = _SUGGESTED[(reading, hypothesis.stance)]
            out.append(
                Suggestion(
                    evidence_id=row.id,
                    hypothesis_id=hypothesis.id,
                    rating=rating,
                    reason=f"{topic}: {why}; hypothesis is {hypothesis.stance} the signals",
                )
            )
    return out


def suggest_ratings(store: Store, question_id: int) -> list[Suggestion]:
    """Suggestions for unrated cells, each with its reason (see ``docs/analysis.md``)."""
    state = _State.load(store, question_id)
    return _suggestions(
        state.question, state.hypotheses, state.evidence, state.records, set(state.ratings)
    )


def accept_suggestions(
    store: Store, question_id: int, *, user: str, evidence_id: int | None = None
) -> int:
    """Store the suggestions for unrated cells (of one row, or all) as ratings;
    returns how many were stored."""
    name = require_user(user)
    chosen = [
        s
        for s in suggest_ratings(store, question_id)
        if evidence_id is None or s.evidence_id == int(evidence_id)
    ]
    with store._write() as conn:
        _store_ratings(conn, [(s.evidence_id, s.hypothesis_id, s.rating) for s in chosen], name)
    return len(chosen)


# -- the matrix -------------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    question: AchQuestion
    hypotheses: list[Hypothesis]
    evidence: list[AchEvidence]
    ratings: dict[tuple[int, int], Mapping[str, Any]]
    records: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, store: Store, question_id: int) -> _State:
        question = get_question(store, question_id)
        h, e, r = t.ach_hypotheses, t.ach_evidence, t.ach_ratings
        with store._read() as conn:
            hypotheses = [
                _hypothesis(row)
                for row in conn.execute(
                    sa.select(h).where(h.c.question_id == question.id).order_by(h.c.position)
                ).mappings()
            ]
            evidence = [
                _evidence(row)
                for row in conn.execute(
                    sa.select(e).where(e.c.question_id == question.id).order_by(e.c.position)
                ).mappings()
            ]
            ids = [row.id for row in evidence]
            ratings = {
                (row["evidence_id"], row["hypothesis_id"]): row
                for row in conn.execute(sa.select(r).where(r.c.evidence_id.in_(ids))).mappings()
            }
            records = _records(conn, {row.event_id for row in evidence if row.event_id})
            # ... and the events they question (a challenge is about its targets' topic).
            related = {r for record in records.values() for r in record.get("related") or []}
            records.update(_records(conn, related - set(records)))
        return cls(question, hypotheses, evidence, ratings, records)


def _records(conn: sa.Connection, event_ids: set[str]) -> dict[str, dict[str, Any]]:
    e = t.events
    query = sa.select(e.c.id, e.c.record).where(e.c.id.in_(sorted(event_ids)))
    return {row.id: dict(row.record) for row in conn.execute(query)}


def score_matrix(
    question: AchQuestion,
    hypotheses: Sequence[Hypothesis],
    rows: Sequence[tuple[AchEvidence, int]],
    ratings: Mapping[tuple[int, int], Mapping[str, Any]],
    suggestions: Sequence[Suggestion] = (),
) -> AchMatrix:
    """Score a matrix (pure: no database). ``rows`` pairs each evidence row with the
    credibility (1–6) it counts with; ``ratings`` maps ``(evidence id, hypothesis id)``
    to a mapping with ``rating`` (and optionally ``rated_by``/``rated_at``)."""
    suggested = {(s.evidence_id, s.hypothesis_id): s for s in suggestions}
    scores = {h.id: HypothesisScore(h, 0, 0.0, {r: 0 for r in RATINGS}) for h in hypotheses}
    out_rows = []
    for evidence, credibility in rows:
        weight_c = CREDIBILITY_WEIGHTS[credibility]
        weight_r = RELEVANCE_WEIGHTS[evidence.relevance]
        cells, values = [], []
        for hypothesis in hypotheses:
            rated = ratings.get((evidence.id, hypothesis.id))
            hint = suggested.get((evidence.id, hypothesis.id))
            rating = str(rated["rating"]) if rated is not None else None
            cells.append(
                AchCell(
                    hypothesis_id=hypothesis.id,
                    rating=rating,
                    suggestion=hint.rating if hint is not None and rating is None else None,
                    reason=hint.reason if hint is not None and rating is None else None,
                    rated_by=rated.get("rated_by") if rated is not None else None,
                    rated_at=rated.get("rated_at") if rated is not None else None,
                )
            )
            if rating is None:
                continue
            score = scores[hypothesis.id]
            score.counts[rating] += 1
            score.inconsistency += INCONSISTENCY.get(rating, 0)
            score.weighted_inconsistency += INCONSISTENCY.get(rating, 0) * weight_c * weight_r
            if rating in RATING_SCORES:
                values.append(RATING_SCORES[rating])
        spread = max(values) - min(values) if values else 0
        out_rows.append(
            AchRow(evidence, credibility, weight_c, weight_r, cells, spread, spread > 0)
        )
    ordered = sorted(
        scores.values(),
        key=lambda s: (s.weighted_inconsistency, s.inconsistency, s.hypothesis.position),
    )
    return AchMatrix(question=question, hypotheses=ordered, rows=out_rows)


def matrix(store: Store, question_id: int) -> AchMatrix:
    """The scored matrix: hypotheses least inconsistent first (weighted score, then
    Heuer's count, then the order added), rows with their diagnosticity and the
    suggestions for unrated cells."""
    from ._grading import claim_credibilities

    state = _State.load(store, question_id)
    computed_for = [
        row.event_id
        for row in state.evidence
        if row.credibility is None and row.event_id in state.records
    ]
    computed = claim_credibilities(store, computed_for) if computed_for else {}
    rows = [
        (
            row,
            row.credibility
            if row.credibility is not None
            else (computed[row.event_id].value if row.event_id in computed else 6),
        )
        for row in state.evidence
    ]
    suggestions = _suggestions(
        state.question, state.hypotheses, state.evidence, state.records, set(state.ratings)
    )
    return score_matrix(state.question, state.hypotheses, rows, state.ratings, suggestions)


def export_question(store: Store, question_id: int) -> dict[str, Any]:
    """The whole question as JSON-ready data (hypotheses, evidence, ratings, scores)."""
    scored = matrix(store, question_id)
    data = scored.to_dict()
    data["format"] = "backchannel-ach/1"
    return data


def export_csv(store: Store, question_id: int) -> str:
    """The matrix as CSV: one row per evidence, one column per hypothesis (its rating,
    empty when unrated), then the two score rows."""
    scored = matrix(store, question_id)
    hypotheses = sorted((s.hypothesis for s in scored.hypotheses), key=lambda h: h.position)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "evidence_id",
            "event_id",
            "evidence",
            "credibility",
            "relevance",
            "diagnosticity",
            *(f"{h.label}: {h.text}" for h in hypotheses),
        ]
    )
    for row in scored.rows:
        ratings = {cell.hypothesis_id: cell.rating or "" for cell in row.cells}
        writer.writerow(
            [
                row.evidence.id,
                row.evidence.event_id or "",
                row.evidence.text,
                row.credibility,
                row.evidence.relevance,
                row.diagnosticity,
                *(ratings[h.id] for h in hypotheses),
            ]
        )
    by_id = {s.hypothesis.id: s for s in scored.hypotheses}
    blank = [""] * 5
    writer.writerow(["inconsistency", *blank, *(by_id[h.id].inconsistency for h in hypotheses)])
    writer.writerow(
        [
            "weighted_inconsistency",
            *blank,
            *(f"{by_id[h.id].weighted_inconsistency:g}" for h in hypotheses),
        ]
    )
    return buffer.getvalue()
