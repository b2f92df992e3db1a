"""Analysis of Competing Hypotheses: questions, hypotheses, evidence and the rated matrix."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..analysis import (
    CREDIBILITY_LABELS,
    RATINGS,
    RELEVANCE_WEIGHTS,
    AchMatrix,
    accept_suggestions,
    add_evidence,
    add_hypothesis,
    clear_rating,
    create_question,
    delete_evidence,
    delete_hypothesis,
    export_csv,
    export_question,
    list_questions,
    matrix,
    rate,
    timeline,
)
from ..errors import ConfigError
from ..store import Store
from ._forms import CheckedForm, Form, current_user, see_other
from ._render import page

router = APIRouter()

# "H1: genuine readiness ..." typed as one line: the label before the colon.
_LABELLED = re.compile(r"^\s*(H\d+)\s*[:.)-]\s*(.+)$", re.IGNORECASE | re.DOTALL)
RATING_TITLES = {
    "CC": "very consistent",
    "C": "consistent",
    "N": "neutral",
    "I": "inconsistent",
    "II": "very inconsistent",
    "NA": "not applicable",
}


def _int(value: str, what: str) -> int:
    if not value.strip().isdigit():
        raise ConfigError(f"{what} must be a number, got {value!r}", code="BC509")
    return int(value)


@router.get("/ach")
@router.get("/api/ach")
def questions_page(request: Request) -> Response:
    store: Store = request.app.state.store
    questions = [q.to_dict() for q in list_questions(store)]
    return page(request, "ach_list.html", {"questions": questions}, {"user": current_user(request)})


@router.post("/ach")
def new_question(request: Request, form: CheckedForm) -> Response:
    store: Store = request.app.state.store
    user = form.get("user")
    question_id = create_question(
        store, form.get("title"), user=user, description=form.get("description") or None
    )
    return see_other(f"/ach/{question_id}", user=user)


def _candidates(store: Store, found: AchMatrix) -> list[dict[str, Any]]:
    """Ledger events to offer as evidence: those in the hypotheses' topics (else all)."""
    topics = sorted({t for score in found.hypotheses for t in score.hypothesis.topics})
    used = {row.evidence.event_id for row in found.rows if row.evidence.event_id}
    entries = {}
    for topic in topics or [None]:
        for entry in timeline(store, topic=topic):
            entries.setdefault(entry.event_id, entry)
    return [
        {
            "event_id": e.event_id,
            "choice": f"{e.sort_date or 'undated'} · {e.label} ({e.status}) — {e.sentence[:90]}",
        }
        for e in entries.values()
        if e.event_id not in used
    ]


@router.get("/ach/{question_id}")
@router.get("/api/ach/{question_id}")
def matrix_page(request: Request, question_id: int) -> Response:
    store: Store = request.app.state.store
    found = matrix(store, question_id)
    view = {
        "candidates": _candidates(store, found),
        "ratings": RATINGS,
        "rating_titles": RATING_TITLES,
        "relevances": tuple(RELEVANCE_WEIGHTS),
        "credibility_labels": CREDIBILITY_LABELS,
        "user": current_user(request),
    }
    return page(request, "ach_matrix.html", {"matrix": found.to_dict()}, view)


@router.post("/ach/{question_id}/hypotheses")
def new_hypothesis(request: Request, question_id: int, form: CheckedForm) -> Response:
    store: Store = request.app.state.store
    user, label, text = form.get("user"), form.get("label"), form.get("text")
    typed = _LABELLED.match(text)
    if not label and typed:
        label, text = typed.group(1).upper(), typed.group(2).strip()
    if not label:
        label = f"H{len(matrix(store, question_id).hypotheses) + 1}"
    add_hypothesis(store, question_id, label, text, user=user)
    return see_other(f"/ach/{question_id}", user=user)


@router.post("/ach/{question_id}/hypotheses/{hypothesis_id}/delete")
def remove_hypothesis(
    request: Request, question_id: int, hypothesis_id: int, form: CheckedForm
) -> Response:
    delete_hypothesis(request.app.state.store, hypothesis_id, user=form.get("user"))
    return see_other(f"/ach/{question_id}")


def _add_evidence_from(store: Store, question_id: int, form: Form) -> None:
    credibility = form.get("credibility")
    add_evidence(
        store,
        question_id,
        event_id=form.get("event_id") or None,
        text=form.get("text") or None,
        credibility=_int(credibility, "credibility") if credibility else None,
        relevance=form.get("relevance") or "medium",
        user=form.get("user"),
    )


@router.post("/ach/evidence")
def evidence_from_event(request: Request, form: CheckedForm) -> Response:
    """The event page's "Add to ACH question": the question comes with the form."""
    question_id = _int(form.get("question_id"), "question")
    _add_evidence_from(request.app.state.store, question_id, form)
    return see_other(f"/ach/{question_id}#evidence", user=form.get("user"))


@router.post("/ach/{question_id}/evidence")
def new_evidence(request: Request, question_id: int, form: CheckedForm) -> Response:
    _add_evidence_from(request.app.state.store, question_id, form)
    return see_other(f"/ach/{question_id}#evidence", user=form.get("user"))


@router.post("/ach/{question_id}/evidence/{evidence_id}/delete")
def remove_evidence(
    request: Request, question_id: int, evidence_id: int, form: CheckedForm
) -> Response:
    delete_evidence(request.app.state.store, evidence_id, user=form.get("user"))
    return see_other(f"/ach/{question_id}#evidence")


@router.post("/ach/{question_id}/ratings")
def save_ratings(request: Request, question_id: int, form: CheckedForm) -> Response:
    """Store every cell whose select differs from what is stored (empty: unrated)."""
    store: Store = request.app.state.store
    user = form.get("user")
    current = {
        (row.evidence.id, cell.hypothesis_id): cell.rating or ""
        for row in matrix(store, question_id).rows
        for cell in row.cells
    }
    for name, value in form.items():
        parts = name.split(":")
        if len(parts) != 3 or parts[0] != "r":
            continue
        cell = (_int(parts[1], "evidence"), _int(parts[2], "hypothesis"))
        if cell not in current or current[cell] == value.strip():
            continue
        if value.strip():
            rate(store, question_id, *cell, value.strip(), user=user)
        else:
            clear_rating(store, question_id, *cell, user=user)
    return see_other(f"/ach/{question_id}#matrix", user=user)


@router.post("/ach/{question_id}/accept")
def accept(request: Request, question_id: int, form: CheckedForm) -> Response:
    """Store the suggested ratings of unrated cells (of one row, or all)."""
    user = form.get("user")
    row = form.get("evidence_id")
    accept_suggestions(
        request.app.state.store,
        question_id,
        user=user,
        evidence_id=_int(row, "evidence") if row else None,
    )
    return see_other(f"/ach/{question_id}#matrix", user=user)


@router.get("/ach/{question_id}/export.json")
def export_json(request: Request, question_id: int) -> Response:
    data = export_question(request.app.state.store, question_id)
    return JSONResponse(
        data,
        headers={"content-disposition": f'attachment; filename="ach-{question_id}.json"'},
    )


@router.get("/ach/{question_id}/export.csv")
def export_table(request: Request, question_id: int) -> Response:
    text = export_csv(request.app.state.store, question_id)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="ach-{question_id}.csv"'},
    )
