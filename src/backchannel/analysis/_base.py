"""What every analysis result shares: ``to_dict()`` for JSON, and small helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any


class Record:
    """Mixin for result dataclasses: a JSON-ready dict of the fields, recursively."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]


def now_iso() -> str:
    """The current UTC time, to the second (how changes are stamped)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def require_user(user: str) -> str:
    """Changes are stored with who made them, so a blank user is refused."""
    from ..errors import ConfigError

    name = " ".join(str(user or "").split())
    if not name:
        raise ConfigError("a user name is required for changes (--user NAME)", code="BC501")
    return name
