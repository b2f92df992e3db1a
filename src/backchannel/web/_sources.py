"""Sources with their Admiralty reliability (A–F), editable with who changed them."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..analysis import (
    DEFAULT_LIMIT,
    RELIABILITY_LABELS,
    clear_reliability,
    paginate,
    set_reliability,
    source_grades,
)
from ..store import Store
from ._forms import CheckedForm, current_user, see_other
from ._paging import page_links
from ._render import anchor, page

router = APIRouter()


@router.get("/sources")
@router.get("/api/sources")
def sources_page(
    request: Request,
    kind: str = "",
    page_number: Annotated[int, Query(alias="page")] = 1,
    limit: int = DEFAULT_LIMIT,
) -> Response:
    store: Store = request.app.state.store
    every = source_grades(store)
    shown, where = paginate([g for g in every if not kind or g.kind == kind], page_number, limit)
    view = {
        "reliability_labels": RELIABILITY_LABELS,
        "kinds": sorted({g.kind for g in every}),
        "user": current_user(request),
        "default_limit": DEFAULT_LIMIT,
    }
    data = {
        "filters": {"kind": kind},
        "sources": [g.to_dict() for g in shown],
        "page": page_links(request, where),
    }
    return page(request, "sources.html", data, view)


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
    # Back to the page the form was on (its kind, page and page size), at the source.
    back = [(name, form.get(name)) for name in ("kind", "page", "limit") if form.get(name)]
    query = f"?{urlencode(back)}" if back else ""
    return see_other(f"/sources{query}#{anchor(key)}", user=user)
