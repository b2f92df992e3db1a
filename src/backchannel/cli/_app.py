"""The Typer application, error reporting and the console-script entry point."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from typing import Annotated

import typer

from ..errors import BackchannelError, ConfigError

app = typer.Typer(
    name="backchannel",
    help="A sourced, dated ledger of who signaled what to whom, from news articles.",
    no_args_is_help=True,
    add_completion=False,
    # User errors are reported in one line; anything else is a bug and keeps its
    # traceback, but never with local variables (they hold article text).
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    help="Score an extractor on gold data.", no_args_is_help=True, add_completion=False
)
app.add_typer(eval_app, name="eval")

# Options shared by several commands, declared once.
DbOption = Annotated[
    str, typer.Option(envvar="BACKCHANNEL_DB", help="Database URL or SQLite file.")
]
ModelOption = Annotated[
    str | None, typer.Option(help="spaCy pipeline package to use.", show_default=False)
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(
        help="Ray cluster to use with --engine ray (default: a local Ray).",
        show_default=False,
    ),
]

# Codes that are the user's configuration rather than bad input (exit 2).
_USAGE_CODES = frozenset({"BC301"})


def version() -> str:
    try:
        return metadata.version("backchannel")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def exit_code(exc: BackchannelError) -> int:
    """2 for usage and configuration errors (BC2xx, bad database URL), 1 otherwise."""
    usage = isinstance(exc, ConfigError) or exc.code.startswith("BC2")
    return 2 if usage or exc.code in _USAGE_CODES else 1


def report(code: str, message: str) -> None:
    """One ``error[CODE]: message`` line on stderr (plain echo: Rich would wrap it)."""
    typer.echo(f"error[{code}]: {' '.join(message.split())}", err=True)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn a :class:`BackchannelError` into its one-line report and exit code."""
    try:
        yield
    except BackchannelError as exc:
        report(exc.code, str(exc))
        raise typer.Exit(exit_code(exc)) from None


def check_format(fmt: str, choices: Sequence[str]) -> str:
    value = fmt.strip().lower()
    if value not in choices:
        raise ConfigError(
            f"unknown format {fmt!r}; choose one of: {', '.join(choices)}", code="BC204"
        )
    return value


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"backchannel {version()}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A sourced, dated ledger of who signaled what to whom, from news articles."""


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="backchannel")
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
