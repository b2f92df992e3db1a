"""The timeline: events on their own dates, as a chart (drawn by timeline.js) and a table."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..analysis import timeline, topics
from ..store import Store
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
def timeline_page(
    request: Request,
    actor: str = "",
    topic: str = "",
    type: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
    status: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
    start: Annotated[str, Query(alias="from")] = "",
    end: Annotated[str, Query(alias="to")] = "",
) -> Response:
    store: Store = request.app.state.store
    types, statuses = _clean(type), _clean(status)
    entries = timeline(
        store,
        actor=actor.strip() or None,
        topic=topic.strip() or None,
        types=types or None,
        statuses=statuses or None,
        start=start.strip() or None,
        end=end.strip() or None,
    )
    events: list[dict[str, Any]] = [{**e.to_dict(), "label": e.label} for e in entries]
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
    }
    return page(request, "timeline.html", {"filters": filters, "events": events}, view)


def _json_url(request: Request) -> str:
    query = request.url.query
    return "/api/timeline" + (f"?{query}" if query else "")


def _without_period(request: Request) -> str | None:
    """The same view over all dates, when a period is set."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("from", "to")]
    if len(params) == len(request.query_params.multi_items()):
        return None
    return "/timeline" + (f"?{urlencode(params)}" if params else "")
