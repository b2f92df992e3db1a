"""Sources with their Admiralty reliability (A–F), editable with who changed them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..analysis import RELIABILITY_LABELS, clear_reliability, set_reliability, source_grades
from ..store import Store
from ._forms import CheckedForm, current_user, see_other
from ._render import anchor, page

router = APIRouter()


@router.get("/sources")
@router.get("/api/sources")
def sources_page(request: Request, kind: str = "") -> Response:
    store: Store = request.app.state.store
    every = source_grades(store)
    grades = [g.to_dict() for g in every if not kind or g.kind == kind]
    view = {
        "reliability_labels": RELIABILITY_LABELS,
        "kinds": sorted({g.kind for g in every}),
        "user": current_user(request),
    }
    return page(request, "sources.html", {"filters": {"kind": kind}, "sources": grades}, view)


@router.post("/sources/grade")
def grade_source(request: Request, form: CheckedForm) -> Response:
    """Set a source's reliability, or back to the computed grade (empty value)."""
    store: Store = request.app.state.store
    key, grade, user = form.get("key"), form.get("reliability"), form.get("user")
    note = form.get("note") or None
    if grade:
        set_reliability(store, key, grade, user=user, note=note)
    else:
        clear_reliability(store, key, user=user, note=note)
    return see_other(f"/sources#{anchor(key)}", user=user)
