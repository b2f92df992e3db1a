"""The timeline: events on their own dates, as a chart (drawn by timeline.js) and a table."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..analysis import DEFAULT_LIMIT, timeline_page, topics
from ..store import Store
from ._paging import page_links
from ._render import page

router = APIRouter()

STATUSES = ("asserted", "reported", "hedged", "speculative", "denied")
# PLOVER 2.0's event types, offered in the filter.
EVENT_TYPES = (
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
)  # fmt: skip


def _clean(values: list[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


@router.get("/")
@router.get("/timeline")
@router.get("/api/timeline")
def timeline_view(
    request: Request,
    actor: str = "",
    topic: str = "",
    type: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
    status: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
    start: Annotated[str, Query(alias="from")] = "",
    end: Annotated[str, Query(alias="to")] = "",
    page_number: Annotated[int, Query(alias="page")] = 1,
    limit: int = DEFAULT_LIMIT,
) -> Response:
    store: Store = request.app.state.store
    types, statuses = _clean(type), _clean(status)
    found = timeline_page(
        store,
        page=page_number,
        limit=limit,
        actor=actor.strip() or None,
        topic=topic.strip() or None,
        types=types or None,
        statuses=statuses or None,
        start=start.strip() or None,
        end=end.strip() or None,
    )
    events: list[dict[str, Any]] = [{**e.to_dict(), "label": e.label} for e in found.entries]
    filters = {
        "actor": actor,
        "topic": topic,
        "type": types,
        "status": statuses,
        "from": start,
        "to": end,
    }
    view = {
        "topic_choices": sorted(topics()),
        "status_choices": STATUSES,
        "type_choices": EVENT_TYPES,
        "json_url": _json_url(request),
        "zoom_out_url": _without_period(request),
        "default_limit": DEFAULT_LIMIT,
    }
    data = {"filters": filters, "events": events, "page": page_links(request, found.page)}
    return page(request, "timeline.html", data, view)


def _json_url(request: Request) -> str:
    query = request.url.query
    return "/api/timeline" + (f"?{query}" if query else "")


def _without_period(request: Request) -> str | None:
    """The same view over all dates (from its first page), when a period is set."""
    if not {"from", "to"} & set(request.query_params):
        return None
    params = [
        (k, v) for k, v in request.query_params.multi_items() if k not in ("from", "to", "page")
    ]
    return "/timeline" + (f"?{urlencode(params)}" if params else "")
