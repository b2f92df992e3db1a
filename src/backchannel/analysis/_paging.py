"""Pages of a long listing: a stable slice, with the total it was cut from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import ConfigError
from ._base import Record

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Page", "check_page", "paginate"]

DEFAULT_LIMIT = 200  # rows a person scrolls through; a corpus has tens of thousands
MAX_LIMIT = 5000  # one request cannot ask for the whole ledger again

Item = TypeVar("Item")


@dataclass(slots=True)
class Page(Record):
    """Where a page sits in its listing: ``page`` (from 1) of ``pages``, ``limit`` rows each.

    ``first``/``last`` number the rows shown (1-based; both 0 on an empty page) out
    of ``total``.
    """

    page: int
    limit: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    @property
    def first(self) -> int:
        return self.offset + 1 if self.offset < self.total else 0

    @property
    def last(self) -> int:
        return min(self.offset + self.limit, self.total)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "limit": self.limit,
            "total": self.total,
            "pages": self.pages,
            "first": self.first,
            "last": self.last,
            "has_previous": self.has_previous,
            "has_next": self.has_next,
        }


def check_page(page: int | str, limit: int | str) -> tuple[int, int]:
    """``(page, limit)`` as numbers, or a one-line error: pages count from 1,
    limits run from 1 to :data:`MAX_LIMIT`."""
    try:
        number, size = int(str(page).strip()), int(str(limit).strip())
    except ValueError:
        raise ConfigError(
            f"page and limit are whole numbers, got page={page!r} limit={limit!r}", code="BC511"
        ) from None
    if number < 1:
        raise ConfigError(f"pages count from 1, got {number}", code="BC511")
    if not 1 <= size <= MAX_LIMIT:
        raise ConfigError(f"limit runs from 1 to {MAX_LIMIT}, got {size}", code="BC511")
    return number, size


def paginate(
    items: Sequence[Item], page: int | str = 1, limit: int | str = DEFAULT_LIMIT
) -> tuple[list[Item], Page]:
    """The ``page``-th slice of ``limit`` items (an empty slice past the end) and its place."""
    number, size = check_page(page, limit)
    where = Page(page=number, limit=size, total=len(items))
    return list(items[where.offset : where.offset + size]), where
