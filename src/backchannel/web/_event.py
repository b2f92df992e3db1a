"""One event: its evidence highlighted in the article, its sources, date, story and grades."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..analysis import (
    CREDIBILITY_LABELS,
    claim_credibility,
    clear_credibility,
    event_detail,
    list_questions,
    set_credibility,
    source_grades,
)
from ..errors import ConfigError
from ..store import Store
from ._forms import CheckedForm, current_user, see_other
from ._highlight import Mark, segments
from ._render import page

router = APIRouter()


@router.get("/events/{event_id}")
@router.get("/api/events/{event_id}")
def event_page(request: Request, event_id: str) -> Response:
    store: Store = request.app.state.store
    detail = event_detail(store, event_id)
    credibility = claim_credibility(store, event_id)
    keys = {step.source_key for step in detail.attribution if step.source_key}
    grades = {g.key: g.to_dict() for g in source_grades(store) if g.key in keys}
    data: dict[str, Any] = {
        **detail.to_dict(),
        "credibility": credibility.to_dict(),
        "source_grades": grades,
    }
    marks = [Mark(h.start, h.end, h.kind, h.label or "") for h in detail.highlights]
    view = {
        "segments": segments(detail.document.body, marks),
        "questions": [q.to_dict() for q in list_questions(store)],
        "credibility_labels": CREDIBILITY_LABELS,
        "user": current_user(request),
    }
    return page(request, "event.html", data, view)


@router.post("/events/{event_id}/credibility")
def event_credibility(request: Request, event_id: str, form: CheckedForm) -> Response:
    """Override the claim's credibility (1–6), or clear the override (empty value)."""
    store: Store = request.app.state.store
    user = form.get("user")
    note = form.get("note") or None
    value = form.get("credibility")
    if value:
        if not value.isdigit():
            raise ConfigError(f"credibility must be 1–6, got {value!r}", code="BC506")
        set_credibility(store, event_id, int(value), user=user, note=note)
    else:
        clear_credibility(store, event_id, user=user, note=note)
    return see_other(f"/events/{quote(event_id, safe='')}#credibility", user=user)
