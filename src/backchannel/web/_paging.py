"""Links between the pages of a listing that keep the listing's filters."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from ..analysis import Page


def page_links(request: Request, where: Page) -> dict[str, Any]:
    """The page's place (``first``/``last``/``total``...) plus ``previous_url`` and
    ``next_url`` (None at either end): the same path and query, another ``page``."""
    return {
        **where.to_dict(),
        "previous_url": _with_page(request, where.page - 1) if where.has_previous else None,
        "next_url": _with_page(request, where.page + 1) if where.has_next else None,
    }


def _with_page(request: Request, number: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    if number > 1:  # page 1 is the listing's plain address
        params.append(("page", str(number)))
    return request.url.path + (f"?{urlencode(params)}" if params else "")
