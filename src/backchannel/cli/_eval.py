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


def evaluate(kind: str, path: str | Path, *, fmt: str = "table", show_errors: bool = False) -> int:
    """Run ``backchannel.eval.<kind>.run(path, fmt, show_errors)``; returns its exit code."""
    fmt = check_format(fmt, FORMATS)
    if kind not in COMMANDS:
        raise EvalError(f"unknown evaluation {kind!r}; choose one of: {', '.join(COMMANDS)}")
    module_name = f"backchannel.eval.{kind}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise EvalError(f"the {kind} evaluation is not available", code="BC401") from None
    return int(module.run(Path(path), fmt, show_errors) or 0)


# kind: (argument name, argument help, command help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "timex": (
        "DIR",
        "TimeML gold files.",
        "Score time-expression normalization (TIMEX3 value F1).",
    ),
    "attribution": (
        "DIR",
        "Attribution gold files.",
        "Score attribution extraction (cue, source and content F1).",
    ),
    "events": ("FILE", "Gold event records.", "Score event coding (PLOVER type, mode and actors)."),
    "quad": (
        "FILE",
        "sentence<TAB>label 0-4 lines.",
        "Score event classes (QuadClass: neutral, verbal/material cooperation/conflict).",
    ),
    "roles": (
        "FILE",
        "BIO file with S/T/R spans.",
        "Score who did what to whom (source and target spans of the main event).",
    ),
}


FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
ErrorsOption = Annotated[bool, typer.Option("--errors", help="List every miss and false alarm.")]


def _register(kind: str, metavar: str, argument_help: str, command_help: str) -> None:
    def command(path: Path, fmt: str = "table", errors: bool = False) -> None:
        with handle_errors():
            code = evaluate(kind, path, fmt=fmt, show_errors=errors)
        raise typer.Exit(code)

    # Real objects, not the module's postponed strings: the argument's help differs per kind.
    command.__annotations__ = {
        "path": Annotated[Path, typer.Argument(metavar=metavar, help=argument_help)],
        "fmt": FormatOption,
        "errors": ErrorsOption,
        "return": None,
    }
    command.__doc__ = command_help
    eval_app.command(kind)(command)


for _kind, (_metavar, _argument_help, _command_help) in COMMANDS.items():
    _register(_kind, _metavar, _argument_help, _command_help)
