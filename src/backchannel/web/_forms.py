"""Posted forms: parsed here (urlencoded only, size-capped) and checked for their CSRF token.

FastAPI's ``Form()`` needs python-multipart; the UI's forms are plain urlencoded, so the
standard library parses them and the package gains no dependency.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, quote, unquote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from ._security import CSRF_FIELD, csrf_valid, session_of

MAX_FORM_BYTES = 256 * 1024


class Form:
    """A posted form: the first value of a field, or all of them."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._pairs = pairs

    def get(self, name: str, default: str = "") -> str:
        for key, value in self._pairs:
            if key == name:
                return value.strip()
        return default

    def getlist(self, name: str) -> list[str]:
        return [value.strip() for key, value in self._pairs if key == name]

    def items(self) -> list[tuple[str, str]]:
        return list(self._pairs)


async def checked_form(request: Request) -> Form:
    """The posted form, or 403 when its CSRF token is not this session's (a dependency)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "form too large")
    # Any other encoding carries no token we read, so it fails the check below.
    pairs = []
    if content_type == "application/x-www-form-urlencoded":
        pairs = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    form = Form(pairs)
    secret: bytes = request.app.state.secret
    if not csrf_valid(secret, session_of(request), form.get(CSRF_FIELD) or None):
        raise HTTPException(
            403, "this form has expired or did not come from this site; reload the page"
        )
    return form


USER_COOKIE = "backchannel_user"


def current_user(request: Request) -> str:
    """Who is making changes: the name last entered in a form, else the server's default."""
    remembered = unquote(request.cookies.get(USER_COOKIE, "")).strip()
    return remembered or str(request.app.state.default_user)


def see_other(url: str, *, user: str | None = None) -> RedirectResponse:
    """The redirect after a successful POST; remembers the user name for the next form."""
    response = RedirectResponse(url, status_code=303)
    if user:
        response.set_cookie(USER_COOKIE, quote(user), httponly=True, samesite="strict")
    return response


# A route parameter of this type receives the posted form, CSRF-checked.
CheckedForm = Annotated[Form, Depends(checked_form)]
