"""``--limit``/``--page`` for the listing commands, and the count line under a listing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, TypeVar

import typer
from rich.text import Text

from ..analysis import Page, paginate
from ..errors import ConfigError

Item = TypeVar("Item")

LimitOption = Annotated[
    int | None,
    typer.Option(help="Show this many per page (default: all).", show_default=False),
]
PageOption = Annotated[int, typer.Option(help="Which page of --limit rows, from 1.")]


def check_paging(page: int, limit: int | None) -> None:
    """A page past the first means nothing without a page size."""
    if limit is None and page != 1:
        raise ConfigError("--page needs --limit (rows per page)", code="BC511")


def page_of(
    items: Sequence[Item], page: int = 1, limit: int | None = None
) -> tuple[list[Item], Page | None]:
    """The rows to print and, when paged, where they sit (None: all of them)."""
    check_paging(page, limit)
    if limit is None:
        return list(items), None
    return paginate(items, page, limit)


def count_line(shown: int, where: Page | None, singular: str, plural: str) -> Text:
    """``3 events``, or ``201-400 of 16478 events (page 2 of 83)`` for a page."""
    if where is None:
        return Text(f"{shown} {singular if shown == 1 else plural}", "dim")
    noun = singular if where.total == 1 else plural
    if not shown:
        return Text(f"none of {where.total} {noun} on page {where.page} of {where.pages}", "dim")
    return Text(
        f"{where.first}-{where.last} of {where.total} {noun} (page {where.page} of {where.pages})",
        "dim",
    )
