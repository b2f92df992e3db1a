"""The command line: a thin Typer layer over the library.

Each command is a plain function (``analyze``, ``events``, ``export``, ``evaluate``)
returning an exit code, so scripts and tests can call it without Typer; ``app`` is
the Typer application and ``main`` the console-script entry point.
"""

from __future__ import annotations

from ._analyze import analyze
from ._app import app, exit_code, main, version
from ._divergences import divergences
from ._eval import evaluate
from ._events import events
from ._export import export
from ._ingest import ingest
from ._stories import stories

__all__ = [
    "analyze",
    "app",
    "divergences",
    "evaluate",
    "events",
    "exit_code",
    "export",
    "ingest",
    "main",
    "stories",
    "version",
]
