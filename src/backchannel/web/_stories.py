"""Stories: one happening across reports, with outlets and independent origins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..analysis import DEFAULT_LIMIT, paginate
from ..store import Store
from ._paging import page_links
from ._render import page

router = APIRouter()


@router.get("/stories")
@router.get("/api/stories")
def stories_page(
    request: Request,
    actor: str = "",
    type: str = "",
    min_reports: int = 1,
    page_number: Annotated[int, Query(alias="page")] = 1,
    limit: int = DEFAULT_LIMIT,
) -> Response:
    store: Store = request.app.state.store
    every = store.stories(
        actor=actor or None, event_type=type or None, min_reports=max(1, min_reports)
    )
    found, where = paginate(every, page_number, limit)
    filters = {"actor": actor, "type": type, "min_reports": max(1, min_reports)}
    data = {"filters": filters, "stories": found, "page": page_links(request, where)}
    return page(request, "stories.html", data, {"default_limit": DEFAULT_LIMIT})
