"""The application factory: the store, the security layer, the pages and error pages."""

from __future__ import annotations

import getpass
import logging
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import BackchannelError, StoreError
from ..store import Store
from . import _ach, _divergences, _documents, _event, _search, _sources, _stories, _timeline
from ._head import HeadAsGet
from ._render import render_html, wants_json
from ._security import SECURITY_HEADERS, SecurityMiddleware

log = logging.getLogger("backchannel.web")

# Library errors that mean "no such thing" (unknown event; unknown ACH question, row, cell).
NOT_FOUND_CODES = frozenset({"BC502", "BC508"})

ROUTERS = (
    _timeline.router,
    _event.router,
    _documents.router,
    _stories.router,
    _divergences.router,
    _sources.router,
    _ach.router,
    _search.router,
)


def create_app(store_url: str, *, token: str | None = None) -> FastAPI:
    """The web UI over the ledger at ``store_url``; with ``token`` every request needs it.

    Raises :class:`~backchannel.errors.StoreError` when the database cannot be opened.
    """
    store = Store(store_url, create=False)
    if not store.has_consolidation():
        # A database filled before stories existed; a read-only one stays as it is.
        with suppress(StoreError):
            store.consolidate()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="backchannel",
        docs_url=None,  # the interactive docs load scripts from a CDN, which the CSP forbids
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.secret = secrets.token_bytes(32)
    app.state.default_user = default_user()
    static = resources.files("backchannel.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for router in ROUTERS:
        app.include_router(router)
    _add_error_pages(app)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityMiddleware, token=token)
    return app


def default_user() -> str:
    """Whose name changes carry until a form says otherwise: ``BACKCHANNEL_USER`` or the login."""
    configured = os.environ.get("BACKCHANNEL_USER", "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return ""


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        response: Response = JSONResponse({"error": message, "status": status}, status_code=status)
    else:
        response = render_html(
            request, "error.html", {"status": status, "message": message}, status
        )
    # A 500 is answered outside the security middleware, so it brings its own headers.
    response.headers.update(dict(SECURITY_HEADERS))
    return response


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no such page."
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        fields = ", ".join(
            str(error.get("loc", ["?"])[-1]) for error in exc.errors() if error.get("loc")
        )
        return error_response(request, 400, f"invalid value for: {fields or 'the request'}")

    @app.exception_handler(BackchannelError)
    async def user_error(request: Request, exc: BackchannelError) -> Response:
        status = 404 if exc.code in NOT_FOUND_CODES else 400
        return error_response(request, status, f"{exc} [{exc.code}]")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return error_response(request, 500, "Something went wrong on the server.")
