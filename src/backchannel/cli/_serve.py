"""``backchannel serve``: the local web UI (uvicorn), on 127.0.0.1 unless given a token."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from ..errors import ConfigError
from ..store import DEFAULT_URL
from ._app import DbOption, app, handle_errors

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token (BC240)."""
    from ..web import is_loopback

    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to serve on {host}, which other machines can reach, without --token; "
            f"pass --token SECRET (e.g. --token {secrets.token_urlsafe(16)}) or use --host "
            f"{DEFAULT_HOST}",
            code="BC240",
        )
    if token is not None and len(token) < 8:
        raise ConfigError("--token must be at least 8 characters", code="BC241")


def serve(
    *,
    db: str = DEFAULT_URL,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
) -> int:
    """Serve the web UI until interrupted; returns the exit code."""
    import uvicorn

    from ..web import create_app

    check_bind(host, token)
    if not 0 < port < 65536:
        raise ConfigError(f"--port must be 1–65535, got {port}", code="BC241")
    web_app = create_app(db, token=token)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    typer.echo(f"backchannel: serving {url}" + (f"?token={token}" if token else ""), err=True)
    uvicorn.run(web_app, host=host, port=port, log_level="warning", server_header=False)
    return 0


@app.command("serve")
def serve_cli(
    db: DbOption = DEFAULT_URL,
    host: Annotated[
        str, typer.Option(help="Address to listen on; a non-loopback address needs --token.")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_PORT,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="BACKCHANNEL_TOKEN",
            help="Access token every request must carry (required off loopback).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the web UI: timeline, events, stories, sources, divergences, ACH, search."""
    with handle_errors():
        code = serve(db=db, host=host, port=port, token=token)
    raise typer.Exit(code)
