"""Divergences: report vs denial, public stance vs private signal, contradictions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..analysis import DEFAULT_LIMIT, corpus_divergences, paginate
from ..store import Store
from ._paging import page_links
from ._render import page

router = APIRouter()

# Headings in the order an analyst reads them; unknown kinds follow under their own name.
KIND_TITLES = {
    "report_vs_denial": "Reports vs on-record denials",
    "public_vs_private": "Public stance vs private signals",
    "contradiction": "Reports that contradict each other",
    "claim_vs_denial": "Claims denied within one article",
    "contested": "Contested within one article",
}
SCOPES = ("all", "corpus", "document")


@router.get("/divergences")
@router.get("/api/divergences")
def divergences_page(
    request: Request,
    scope: str = "all",
    kind: str = "",
    page_number: Annotated[int, Query(alias="page")] = 1,
    limit: int = DEFAULT_LIMIT,
) -> Response:
    store: Store = request.app.state.store
    found = corpus_divergences(store, scope=scope if scope in SCOPES else "all")
    if kind:
        found = [d for d in found if d.kind == kind]
    shown, where = paginate(found, page_number, limit)
    records = [d.to_dict() for d in shown]
    groups: dict[str, list[dict[str, Any]]] = {k: [] for k in KIND_TITLES}
    for record in records:
        groups.setdefault(str(record["kind"]), []).append({**record, "sides": _sides(record)})
    view = {
        "groups": [(k, KIND_TITLES.get(k, k.replace("_", " ")), v) for k, v in groups.items() if v],
        "kind_titles": KIND_TITLES,
        "scopes": SCOPES,
        "default_limit": DEFAULT_LIMIT,
    }
    filters = {"scope": scope, "kind": kind}
    data = {"filters": filters, "divergences": records, "page": page_links(request, where)}
    return page(request, "divergences.html", data, view)


def _sides(record: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The divergence's evidence by side (report | denial, public | private), in order."""
    sides: dict[str, list[dict[str, Any]]] = {}
    for evidence in record.get("evidence") or []:
        sides.setdefault(str(evidence.get("side")), []).append(evidence)
    return list(sides.items())
