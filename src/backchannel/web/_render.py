"""Rendering: one Jinja2 environment (autoescape always on) and a page-or-JSON response.

Every page is computed as a JSON-ready ``data`` dict first; the HTML page renders that
dict, and the page's JSON twin (``/api/...`` or ``?format=json``) returns it as is.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader

from ._security import CSRF_FIELD, csrf_token, safe_href, session_of

NAV: tuple[tuple[str, str], ...] = (
    ("/", "Timeline"),
    ("/stories", "Stories"),
    ("/divergences", "Divergences"),
    ("/sources", "Sources"),
    ("/ach", "Hypotheses"),
    ("/search", "Search"),
)


def _environment() -> Environment:
    # autoescape=True for every template whatever its name: source text is hostile.
    env = Environment(
        loader=PackageLoader("backchannel.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_href"] = safe_href
    env.filters["when"] = when
    env.filters["anchor"] = anchor
    env.globals["nav"] = NAV
    env.globals["csrf_field"] = CSRF_FIELD
    return env


def when(start: str | None, end: str | None = None) -> str:
    """``2023-09-01 – 2023-11-30``, one date when both are equal, ``…`` for an open end."""
    if start and start == end:
        return start
    if not start and not end:
        return "undated"
    return f"{start or '…'} – {end or '…'}"


def anchor(key: object) -> str:
    """A stable HTML id for a free-form key (source keys hold spaces and punctuation)."""
    return "k-" + hashlib.sha1(str(key).encode()).hexdigest()[:12]


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.query_params.get("format") == "json"


def render_html(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    secret: bytes = request.app.state.secret
    html = ENVIRONMENT.get_template(template).render(
        request=request,
        path=request.url.path,
        csrf=csrf_token(secret, session_of(request)),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def page(
    request: Request,
    template: str,
    data: dict[str, Any],
    view: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The JSON twin of ``data``, or the page: ``data`` plus view-only extras (``view``)."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    return render_html(request, template, {"data": data, **(view or {})}, status)


ENVIRONMENT = _environment()
