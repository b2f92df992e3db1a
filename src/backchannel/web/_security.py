"""What every response and every request goes through: headers, the access token, CSRF.

The middleware is plain ASGI (not Starlette's ``BaseHTTPMiddleware``) so it sees every
response, including static files and error pages, and never buffers a body.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
)
TOKEN_COOKIE = "backchannel_token"
SESSION_COOKIE = "backchannel_session"
CSRF_FIELD = "csrf_token"
LINK_SCHEMES = frozenset({"http", "https"})


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.1``, ``::1``)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def safe_href(url: object) -> str | None:
    """``url`` when it is an absolute http(s) link, else None (shown as text, never linked)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    # Browsers ignore tabs and newlines inside a scheme ("java\tscript:"); refuse them.
    if not text or any(ch.isspace() or ord(ch) < 32 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return text


def csrf_token(secret: bytes, session: str) -> str:
    """The form token of one browser session: an HMAC of its session id."""
    return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret: bytes, session: str | None, submitted: str | None) -> bool:
    if not session or not submitted:
        return False
    return hmac.compare_digest(csrf_token(secret, session), submitted)


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is the client's problem
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def _header(scope: Scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return None


def _cookie_header(name: str, value: str) -> tuple[bytes, bytes]:
    return (
        b"set-cookie",
        f"{name}={value}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1"),
    )


class SecurityMiddleware:
    """Security headers on every response, the token gate, and the session cookie.

    Without a token, requests must name a loopback host (against DNS rebinding).

    With a ``token``, a request passes with ``Authorization: Bearer <token>``, with the
    token cookie, or with ``?token=<token>`` once: that answer sets the cookie and
    redirects to the same URL without the token, so it leaves the address bar.
    """

    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        extra: list[tuple[bytes, bytes]] = []
        session = cookies.get(SESSION_COOKIE)
        if not session:
            session = secrets.token_urlsafe(32)
            extra.append(_cookie_header(SESSION_COOKIE, session))
        scope.setdefault("state", {})["session"] = session

        if self.token is None and not is_loopback(_host_name(_header(scope, b"host") or "")):
            # Without a token only this machine may ask: a page elsewhere that rebinds its
            # DNS name to 127.0.0.1 still sends its own name as Host, and is refused.
            await _send_plain(send, 421, b"This server answers only to localhost.\n", extra)
            return
        if self.token is not None:
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
            offered = dict(query).get("token")
            if offered is not None and _same(offered, self.token):
                rest = urlencode([(k, v) for k, v in query if k != "token"])
                location = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
                extra.append(_cookie_header(TOKEN_COOKIE, self.token))
                await _send_plain(send, 303, b"", [*extra, (b"location", location.encode())])
                return
            if not self._authorized(scope, cookies):
                await _send_plain(
                    send,
                    401,
                    b"This backchannel server needs its access token: open the URL printed "
                    b"by 'backchannel serve' (it carries ?token=...).\n",
                    [*extra, (b"www-authenticate", b"Bearer")],
                )
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [
                    (name.encode(), value.encode())
                    for name, value in SECURITY_HEADERS
                    if name.encode() not in present
                ]
                message["headers"] = headers + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _authorized(self, scope: Scope, cookies: dict[str, str]) -> bool:
        assert self.token is not None
        authorization = _header(scope, b"authorization") or ""
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and _same(credentials.strip(), self.token):
            return True
        return _same(cookies.get(TOKEN_COOKIE, ""), self.token)


def _host_name(host: str) -> str:
    """``127.0.0.1:8765`` -> ``127.0.0.1``; ``[::1]:8765`` -> ``::1``."""
    host = host.strip()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same(offered: str, expected: str) -> bool:
    return hmac.compare_digest(offered.encode(), expected.encode())


async def _send_plain(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    base = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *((name.encode(), value.encode()) for name, value in SECURITY_HEADERS),
    ]
    await send({"type": "http.response.start", "status": status, "headers": base + headers})
    await send({"type": "http.response.body", "body": body})


def session_of(request: Request) -> str:
    return str(request.scope.get("state", {}).get("session", ""))
