"""Date arithmetic that holds at the ends of the calendar.

Articles may state (or be given) any date from 0001-01-01 to 9999-12-31; windows and
slack around such a date must not overflow ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["shift"]


def shift(day: dt.date, delta: dt.timedelta) -> dt.date:
    """``day + delta``, held at ``date.min``/``date.max`` instead of overflowing."""
    try:
        return day + delta
    except OverflowError:
        return dt.date.max if delta > dt.timedelta(0) else dt.date.min
