"""``backchannel ach``: Analysis of Competing Hypotheses, from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..analysis import (
    AchMatrix,
    accept_suggestions,
    add_evidence,
    add_hypothesis,
    create_question,
    delete_evidence,
    delete_hypothesis,
    delete_question,
    edit_evidence,
    edit_hypothesis,
    export_csv,
    export_question,
    list_questions,
    matrix,
    rate,
    suggest_ratings,
)
from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors
from ._render import console as make_console
from ._render import plain, trim
from ._sources import UserOption, _user

ach_app = typer.Typer(
    help="Analysis of Competing Hypotheses: questions, hypotheses, evidence, ratings.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(ach_app, name="ach")

FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or json.")]


def matrix_table(scored: AchMatrix) -> Table:
    """Hypotheses as columns, least inconsistent first; a suggestion shows as ``(C)``."""
    table = Table(show_lines=True, header_style="bold", title=scored.question.title)
    table.add_column("#", justify="right")
    table.add_column("Evidence", ratio=1)
    table.add_column("Cred", justify="right")
    table.add_column("Rel")
    table.add_column("Diag", justify="right")
    for score in scored.hypotheses:
        table.add_column(f"{score.hypothesis.label} ({score.hypothesis.id})", justify="center")
    order = [score.hypothesis.id for score in scored.hypotheses]
    for row in scored.rows:
        cells = {cell.hypothesis_id: cell for cell in row.cells}
        shown = []
        for hypothesis_id in order:
            cell = cells[hypothesis_id]
            shown.append(cell.rating or (f"({cell.suggestion})" if cell.suggestion else "·"))
        table.add_row(
            *plain(
                str(row.evidence.id),
                trim(row.evidence.text, 120),
                str(row.credibility),
                row.evidence.relevance,
                str(row.diagnosticity),
                *shown,
            )
        )
    table.add_row(
        *plain(
            "",
            "Inconsistency (Heuer) / weighted",
            "",
            "",
            "",
            *(f"{s.inconsistency} / {s.weighted_inconsistency:g}" for s in scored.hypotheses),
        )
    )
    return table


def _run(action: Callable[[], None]) -> None:
    """Run a command body under the one-line error handler."""
    with handle_errors():
        action()


@ach_app.command("new")
def new_cli(
    title: Annotated[str, typer.Argument(help="The question, e.g. 'Is Moscow ready for a truce?'")],
    user: UserOption = None,
    description: Annotated[
        str | None, typer.Option(help="Longer text.", show_default=False)
    ] = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Create a question; prints its id."""

    def body() -> None:
        with Store(db, create=False) as store:
            typer.echo(create_question(store, title, user=_user(user), description=description))

    _run(body)


@ach_app.command("list")
def list_cli(fmt: FormatOption = "table", db: DbOption = DEFAULT_URL) -> None:
    """List questions, newest first."""

    def body() -> None:
        chosen = check_format(fmt, ("table", "json"))
        with Store(db, create=False) as store:
            found = list_questions(store)
        if chosen == "json":
            typer.echo(json.dumps([q.to_dict() for q in found], ensure_ascii=False, indent=2))
            return
        for q in found:
            typer.echo(f"{q.id}\t{q.title}\t{q.hypotheses} hypotheses, {q.evidence} evidence")

    _run(body)


@ach_app.command("hypothesis")
def hypothesis_cli(
    question_id: Annotated[int, typer.Argument(help="Question id.")],
    label: Annotated[str, typer.Argument(help="Short label, e.g. H1.")],
    text: Annotated[str, typer.Argument(help="The hypothesis.")],
    user: UserOption = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(help="Named topic (default: from the text).", show_default=False),
    ] = None,
    stance: Annotated[
        str | None,
        typer.Option(
            help="for / against the topic's signals (default: from the text).", show_default=False
        ),
    ] = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Add a hypothesis; prints its id."""

    def body() -> None:
        with Store(db, create=False) as store:
            typer.echo(
                add_hypothesis(
                    store, question_id, label, text, user=_user(user), topics=topic, stance=stance
                )
            )

    _run(body)


@ach_app.command("evidence")
def evidence_cli(
    question_id: Annotated[int, typer.Argument(help="Question id.")],
    event: Annotated[
        str | None, typer.Option(help="A ledger event id.", show_default=False)
    ] = None,
    text: Annotated[
        str | None, typer.Option(help="Free text (or the event's label).", show_default=False)
    ] = None,
    credibility: Annotated[
        int | None,
        typer.Option(help="1–6 (default: the claim's computed credibility).", show_default=False),
    ] = None,
    relevance: Annotated[str, typer.Option(help="low, medium or high.")] = "medium",
    user: UserOption = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Add an evidence row (a ledger event or free text); prints its id."""

    def body() -> None:
        with Store(db, create=False) as store:
            typer.echo(
                add_evidence(
                    store,
                    question_id,
                    event_id=event,
                    text=text,
                    credibility=credibility,
                    relevance=relevance,
                    user=_user(user),
                )
            )

    _run(body)


@ach_app.command("rate")
def rate_cli(
    question_id: Annotated[int, typer.Argument(help="Question id.")],
    evidence_id: Annotated[int, typer.Argument(help="Evidence row id.")],
    hypothesis_id: Annotated[int, typer.Argument(help="Hypothesis id.")],
    rating: Annotated[str, typer.Argument(help="CC, C, N, I, II or NA.")],
    user: UserOption = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Rate one cell of the matrix."""

    def body() -> None:
        with Store(db, create=False) as store:
            rate(store, question_id, evidence_id, hypothesis_id, rating, user=_user(user))

    _run(body)


@ach_app.command("suggest")
def suggest_cli(
    question_id: Annotated[int, typer.Argument(help="Question id.")],
    accept: Annotated[
        bool, typer.Option("--accept", help="Store the suggestions as ratings.")
    ] = False,
    user: UserOption = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Show the system's suggestions for unrated cells (with reasons), or accept them."""

    def body() -> None:
        with Store(db, create=False) as store:
            if accept:
                count = accept_suggestions(store, question_id, user=_user(user))
                typer.echo(f"{count} rating{'s' if count != 1 else ''} stored")
                return
            for s in suggest_ratings(store, question_id):
                cell = f"evidence {s.evidence_id} × hypothesis {s.hypothesis_id}"
                typer.echo(f"{cell}: {s.rating} — {s.reason}")

    _run(body)


@ach_app.command("show")
def show_cli(
    question_id: Annotated[int, typer.Argument(help="Question id.")],
    fmt: FormatOption = "table",
    db: DbOption = DEFAULT_URL,
) -> None:
    """Show the scored matrix, least inconsistent hypothesis first."""

    def body() -> None:
        chosen = check_format(fmt, ("table", "json"))
        with Store(db, create=False) as store:
            scored = matrix(store, question_id)
        if chosen == "json":
            typer.echo(json.dumps(scored.to_dict(), ensure_ascii=False, indent=2))
            return
        console = make_console()
        console.print(matrix_table(scored))
        for score in scored.hypotheses:
            console.print(Text(f"{score.hypothesis.label}: {score.hypothesis.text}", "dim"))

    _run(body)


@ach_app.command("export")
def export_cli(
    question_id: Annotated[int, typer.Argument(help="Question id.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json or csv.")] = "json",
    db: DbOption = DEFAULT_URL,
) -> None:
    """Export a question (JSON: everything; CSV: the matrix)."""

    def body() -> None:
        chosen = check_format(fmt, ("json", "csv"))
        with Store(db, create=False) as store:
            if chosen == "csv":
                typer.echo(export_csv(store, question_id), nl=False)
            else:
                data = export_question(store, question_id)
                typer.echo(json.dumps(data, ensure_ascii=False, indent=2))

    _run(body)


@ach_app.command("edit")
def edit_cli(
    what: Annotated[str, typer.Argument(help="hypothesis or evidence.")],
    item_id: Annotated[int, typer.Argument(help="Its id.")],
    label: Annotated[
        str | None, typer.Option(help="A hypothesis' label.", show_default=False)
    ] = None,
    text: Annotated[str | None, typer.Option(help="New text.", show_default=False)] = None,
    topic: Annotated[
        list[str] | None, typer.Option(help="A hypothesis' topics.", show_default=False)
    ] = None,
    stance: Annotated[
        str | None, typer.Option(help="for, against or none.", show_default=False)
    ] = None,
    credibility: Annotated[
        int | None, typer.Option(help="An evidence row's credibility, 1–6.", show_default=False)
    ] = None,
    relevance: Annotated[
        str | None, typer.Option(help="An evidence row's relevance.", show_default=False)
    ] = None,
    user: UserOption = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Change a hypothesis (label, text, topics, stance) or an evidence row (text,
    credibility, relevance)."""

    def body() -> None:
        from ..errors import ConfigError

        with Store(db, create=False) as store:
            if what == "hypothesis":
                changed: object = edit_hypothesis(
                    store,
                    item_id,
                    user=_user(user),
                    label=label,
                    text=text,
                    topics=topic,
                    stance=stance,
                )
            elif what == "evidence":
                changed = edit_evidence(
                    store,
                    item_id,
                    user=_user(user),
                    text=text,
                    credibility=credibility,
                    relevance=relevance,
                )
            else:
                raise ConfigError(f"edit what? {what!r}: hypothesis or evidence", code="BC509")
        typer.echo(json.dumps(changed.to_dict(), ensure_ascii=False))  # type: ignore[attr-defined]

    _run(body)


@ach_app.command("delete")
def delete_cli(
    what: Annotated[str, typer.Argument(help="question, hypothesis or evidence.")],
    item_id: Annotated[int, typer.Argument(help="Its id.")],
    user: UserOption = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Delete a question, a hypothesis or an evidence row (with their ratings)."""

    def body() -> None:
        from ..errors import ConfigError

        actions = {
            "question": delete_question,
            "hypothesis": delete_hypothesis,
            "evidence": delete_evidence,
        }
        if what not in actions:
            raise ConfigError(
                f"delete what? {what!r}: question, hypothesis or evidence", code="BC509"
            )
        with Store(db, create=False) as store:
            actions[what](store, item_id, user=_user(user))
        typer.echo(f"deleted {what} {item_id}")

    _run(body)
