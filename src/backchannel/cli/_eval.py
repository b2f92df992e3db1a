"""``backchannel eval ...``: score extractors on gold data (the scorers live in
``backchannel.eval``; imported only when asked for)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EvalError
from ._app import check_format, eval_app, handle_errors

FORMATS = ("table", "json")
KINDS = ("timex", "attribution", "events", "quad", "roles")


def evaluate(kind: str, path: str | Path, *, fmt: str = "table", show_errors: bool = False) -> int:
    """Run ``backchannel.eval.<kind>.run(path, fmt, show_errors)``; returns its exit code."""
    fmt = check_format(fmt, FORMATS)
    if kind not in KINDS:
        raise EvalError(f"unknown evaluation {kind!r}; choose one of: {', '.join(KINDS)}")
    module_name = f"backchannel.eval.{kind}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise EvalError(f"the {kind} evaluation is not available", code="BC401") from None
    return int(module.run(Path(path), fmt, show_errors) or 0)


FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
ErrorsOption = Annotated[bool, typer.Option("--errors", help="List every miss and false alarm.")]


@eval_app.command("timex")
def eval_timex_cli(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="TimeML gold files.")],
    fmt: FormatOption = "table",
    errors: ErrorsOption = False,
) -> None:
    """Score time-expression normalization (TIMEX3 value F1)."""
    with handle_errors():
        code = evaluate("timex", directory, fmt=fmt, show_errors=errors)
    raise typer.Exit(code)


@eval_app.command("attribution")
def eval_attribution_cli(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Attribution gold files.")],
    fmt: FormatOption = "table",
    errors: ErrorsOption = False,
) -> None:
    """Score attribution extraction (cue, source and content F1)."""
    with handle_errors():
        code = evaluate("attribution", directory, fmt=fmt, show_errors=errors)
    raise typer.Exit(code)


@eval_app.command("events")
def eval_events_cli(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Gold event records.")],
    fmt: FormatOption = "table",
    errors: ErrorsOption = False,
) -> None:
    """Score event coding (PLOVER type, mode and actors)."""
    with handle_errors():
        code = evaluate("events", file, fmt=fmt, show_errors=errors)
    raise typer.Exit(code)


@eval_app.command("quad")
def eval_quad_cli(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="sentence<TAB>label 0-4 lines.")],
    fmt: FormatOption = "table",
    errors: ErrorsOption = False,
) -> None:
    """Score event classes (QuadClass: neutral, verbal/material cooperation/conflict)."""
    with handle_errors():
        code = evaluate("quad", file, fmt=fmt, show_errors=errors)
    raise typer.Exit(code)


@eval_app.command("roles")
def eval_roles_cli(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="BIO file with S/T/R spans.")],
    fmt: FormatOption = "table",
    errors: ErrorsOption = False,
) -> None:
    """Score who did what to whom (source and target spans of the main event)."""
    with handle_errors():
        code = evaluate("roles", file, fmt=fmt, show_errors=errors)
    raise typer.Exit(code)
