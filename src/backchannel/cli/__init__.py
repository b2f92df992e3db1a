"""The command line: a thin Typer layer over the library.

Each command is a plain function (``analyze``, ``events``, ``export``, ``evaluate``)
returning an exit code, so scripts and tests can call it without Typer; ``app`` is
the Typer application and ``main`` the console-script entry point.
"""

from __future__ import annotations

from ._ach import ach_app
from ._analyze import analyze
from ._app import app, exit_code, main, version
from ._db import db_backup, db_copy, db_info, db_upgrade
from ._divergences import divergences
from ._eval import evaluate
from ._events import events
from ._export import export
from ._ingest import ingest
from ._search import search
from ._serve import serve
from ._sources import grade_app, sources
from ._stories import stories
from ._timeline import timeline_command

__all__ = [
    "ach_app",
    "analyze",
    "app",
    "db_backup",
    "db_copy",
    "db_info",
    "db_upgrade",
    "divergences",
    "evaluate",
    "events",
    "exit_code",
    "export",
    "grade_app",
    "ingest",
    "main",
    "search",
    "serve",
    "sources",
    "stories",
    "timeline_command",
    "version",
]
