"""``backchannel sources`` (reliability of every source) and ``backchannel grade``
(the user's overrides of reliability and credibility, kept with who and when)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..analysis import (
    GRADES_ENV,
    Credibility,
    GradeChange,
    SourceGrade,
    claim_credibility,
    clear_credibility,
    clear_reliability,
    set_credibility,
    set_reliability,
    source_grades,
)
from ..errors import ConfigError
from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors
from ._render import console as make_console
from ._render import plain

FORMATS = ("table", "json")

grade_app = typer.Typer(
    help="Override a source's reliability (A–F) or a claim's credibility (1–6).",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(grade_app, name="grade")

UserOption = Annotated[
    str | None,
    typer.Option(
        envvar="BACKCHANNEL_USER", help="Who makes the change (kept with it).", show_default=False
    ),
]
NoteOption = Annotated[
    str | None, typer.Option(help="Why (kept with the change).", show_default=False)
]
GradesOption = Annotated[
    str | None,
    typer.Option(
        "--grades",
        envvar=GRADES_ENV,
        help="YAML file of outlet and source grades.",
        show_default=False,
    ),
]


def sources_table(grades: Sequence[SourceGrade]) -> Table:
    table = Table(header_style="bold")
    table.add_column("Key", max_width=44)
    table.add_column("Source", max_width=40)
    table.add_column("Grade")
    table.add_column("Claims", justify="right")
    table.add_column("Docs", justify="right")
    table.add_column("Why", ratio=1)
    for grade in grades:
        shown = grade.reliability + ("*" if grade.override is not None else "")
        table.add_row(
            *plain(
                grade.key,
                grade.label,
                shown,
                str(grade.claims),
                str(grade.documents),
                f"{grade.reliability_label}: {grade.reason}",
            )
        )
    return table


def sources(*, grades: str | None = None, fmt: str = "table", db: str = DEFAULT_URL) -> int:
    """Print every source with its reliability; returns the exit code."""
    fmt = check_format(fmt, FORMATS)
    with Store(db, create=False) as store:
        found = source_grades(store, grades_file=grades)
    if fmt == "json":
        typer.echo(json.dumps([g.to_dict() for g in found], ensure_ascii=False, indent=2))
        return 0
    console = make_console()
    if found:
        console.print(sources_table(found))
    console.print(
        Text(f"{len(found)} source{'s' if len(found) != 1 else ''} (* set by a user)", "dim")
    )
    return 0


def _user(user: str | None) -> str:
    if not user or not user.strip():
        raise ConfigError(
            "say who makes the change: --user NAME (or BACKCHANNEL_USER)", code="BC501"
        )
    return user


def _changed(change: GradeChange) -> None:
    what = change.value if change.value is not None else "cleared (back to computed)"
    typer.echo(f"{change.target} {change.key}: {what} by {change.user} at {change.changed_at}")


def grade_source(
    key: str,
    grade: str | None,
    *,
    user: str | None,
    note: str | None = None,
    clear: bool = False,
    db: str = DEFAULT_URL,
) -> int:
    with Store(db, create=False) as store:
        if clear:
            _changed(clear_reliability(store, key, user=_user(user), note=note))
        elif grade is None:
            raise ConfigError("give a grade A–F, or --clear", code="BC506")
        else:
            _changed(set_reliability(store, key, grade, user=_user(user), note=note))
    return 0


def _show_credibility(found: Credibility, fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(f"{found.event_id}: {found.value} ({found.label})")
    for reason in found.reasons:
        typer.echo(f"  - {reason}")


def grade_claim(
    event_id: str,
    value: str | None,
    *,
    user: str | None,
    note: str | None = None,
    clear: bool = False,
    fmt: str = "table",
    db: str = DEFAULT_URL,
) -> int:
    fmt = check_format(fmt, FORMATS)
    with Store(db, create=False) as store:
        if clear:
            _changed(clear_credibility(store, event_id, user=_user(user), note=note))
        elif value is not None:
            try:
                number = int(value)
            except ValueError:
                raise ConfigError(
                    f"bad credibility {value!r}: expected 1 to 6", code="BC506"
                ) from None
            _changed(set_credibility(store, event_id, number, user=_user(user), note=note))
        else:
            _show_credibility(claim_credibility(store, event_id), fmt)
    return 0


@app.command("sources")
def sources_cli(
    grades: GradesOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = DEFAULT_URL,
) -> None:
    """List every source of the ledger with its reliability (NATO/Admiralty A–F)."""
    with handle_errors():
        code = sources(grades=grades, fmt=fmt, db=db)
    raise typer.Exit(code)


@grade_app.command("source")
def grade_source_cli(
    key: Annotated[str, typer.Argument(help="Source key, as 'backchannel sources' lists it.")],
    grade: Annotated[str | None, typer.Argument(help="A to F.", show_default=False)] = None,
    user: UserOption = None,
    note: NoteOption = None,
    clear: Annotated[bool, typer.Option("--clear", help="Back to the computed grade.")] = False,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Set a source's reliability (A–F), or --clear it."""
    with handle_errors():
        code = grade_source(key, grade, user=user, note=note, clear=clear, db=db)
    raise typer.Exit(code)


@grade_app.command("claim")
def grade_claim_cli(
    event_id: Annotated[str, typer.Argument(help="Event id.")],
    value: Annotated[
        str | None,
        typer.Argument(help="1 to 6; omit to show the credibility and why.", show_default=False),
    ] = None,
    user: UserOption = None,
    note: NoteOption = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Back to the computed credibility.")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table or json (when showing).")
    ] = "table",
    db: DbOption = DEFAULT_URL,
) -> None:
    """Set a claim's credibility (1–6), --clear it, or show it with its reasons."""
    with handle_errors():
        code = grade_claim(event_id, value, user=user, note=note, clear=clear, fmt=fmt, db=db)
    raise typer.Exit(code)
