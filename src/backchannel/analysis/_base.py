"""What every analysis result shares: ``to_dict()`` for JSON, and small helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ..errors import ConfigError


class Record:
    """Mixin for result dataclasses: a JSON-ready dict of the fields, recursively."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]


def now_iso() -> str:
    """The current UTC time, to the second (how changes are stamped)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def require_user(user: str) -> str:
    """Changes are stored with who made them, so a blank user is refused."""
    name = " ".join(str(user or "").split())
    if not name:
        raise ConfigError("a user name is required for changes (--user NAME)", code="BC501")
    return name


def check_credibility(value: int | str) -> int:
    """A claim's credibility on the Admiralty scale, 1 (confirmed) to 6 (cannot be judged)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= 6:
        raise ConfigError(f"bad credibility {value!r}: expected 1 to 6", code="BC506")
    return number
