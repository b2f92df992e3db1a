"""Search over documents and events (the library picks SQLite FTS5 or LIKE)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..analysis import search
from ..store import Store
from ._render import page

router = APIRouter()


@router.get("/search")
@router.get("/api/search")
def search_page(request: Request, q: str = "", advanced: bool = False) -> Response:
    store: Store = request.app.state.store
    results = search(store, q, advanced=advanced).to_dict() if q.strip() else None
    data = {"query": q, "advanced": advanced, "results": results}
    return page(request, "search.html", data)
