"""Stories: one happening across reports, with outlets and independent origins."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..store import Store
from ._render import page

router = APIRouter()


@router.get("/stories")
@router.get("/api/stories")
def stories_page(
    request: Request,
    actor: str = "",
    type: str = "",
    min_reports: int = 1,
) -> Response:
    store: Store = request.app.state.store
    found = store.stories(
        actor=actor or None, event_type=type or None, min_reports=max(1, min_reports)
    )
    filters = {"actor": actor, "type": type, "min_reports": max(1, min_reports)}
    return page(request, "stories.html", {"filters": filters, "stories": found})
