"""One article with every event found in it highlighted (where search results lead)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from ..analysis import document_view
from ..store import Store
from ._highlight import Mark, segments
from ._render import page

router = APIRouter()


@router.get("/documents/{doc_id}")
@router.get("/api/documents/{doc_id}")
def document_page(request: Request, doc_id: str) -> Response:
    store: Store = request.app.state.store
    document = document_view(store, doc_id)
    if document is None:  # an article without events is still shown: search finds it
        raise HTTPException(404, f"no article {doc_id!r} in the ledger")
    events = store.events(doc_id=doc_id)
    marks = []
    for event in events:
        evidence, trigger = event.get("evidence") or {}, event.get("trigger") or {}
        if isinstance(evidence.get("sentence_start"), int):
            marks.append(Mark(evidence["sentence_start"], evidence["sentence_end"], "sentence"))
        if isinstance(trigger.get("start"), int):
            marks.append(Mark(trigger["start"], trigger["end"], "trigger", str(event["event"])))
    view = {"segments": segments(document.body, marks)}
    return page(request, "document.html", {"document": document.to_dict(), "events": events}, view)
