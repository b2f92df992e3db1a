"""One article with every event found in it highlighted (where search results lead)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from ..analysis import event_detail
from ..store import Store
from ._highlight import Mark, segments
from ._render import page

router = APIRouter()


@router.get("/documents/{doc_id}")
@router.get("/api/documents/{doc_id}")
def document_page(request: Request, doc_id: str) -> Response:
    store: Store = request.app.state.store
    events = store.events(doc_id=doc_id)
    if not events:
        raise HTTPException(404, f"no article {doc_id!r} with events in the ledger")
    # The event view carries the article; any of its events leads to it.
    document = event_detail(store, events[0]["id"]).document
    marks = []
    for event in events:
        evidence, trigger = event.get("evidence") or {}, event.get("trigger") or {}
        if isinstance(evidence.get("sentence_start"), int):
            marks.append(Mark(evidence["sentence_start"], evidence["sentence_end"], "sentence"))
        if isinstance(trigger.get("start"), int):
            marks.append(Mark(trigger["start"], trigger["end"], "trigger", str(event["event"])))
    view = {"segments": segments(document.body, marks)}
    return page(request, "document.html", {"document": document.to_dict(), "events": events}, view)
