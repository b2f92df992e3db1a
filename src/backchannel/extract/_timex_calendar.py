"""Calendar arithmetic for the time-expression normalizer.

A :class:`Point` is a calendar unit at some granularity (a day, an ISO week, a
season, a decade ...). It knows its TIMEX3 value and its inclusive interval.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

# Seasons as TIMEX3 codes -> (first month, number of months); winter crosses the year.
SEASON_MONTHS: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

# Granularity ranks, fine to coarse, used when combining expressions.
GRAN_RANK: dict[str, int] = {
    "time": 0,
    "day": 1,
    "weekend": 2,
    "week": 3,
    "month": 4,
    "season": 5,
    "quarter": 5,
    "half": 6,
    "year": 7,
    "decade": 8,
    "century": 9,
}


def month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def easter(year: int) -> dt.date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) given weekday (Monday=0) of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        offset = (weekday - first.weekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (n - 1))
    last = dt.date(year, month, month_end(year, month))
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


@dataclass(slots=True, frozen=True)
class Point:
    """A calendar unit; fields not used by ``gran`` stay None."""

    gran: str
    year: int | None = None  # None: year unknown (no DCT)
    month: int | None = None
    day: int | None = None
    week: int | None = None  # ISO week (its year is ``year``)
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    decade: int | None = None  # 199 for the 1990s
    century: int | None = None  # 19 for the 1900s
    tod: str | None = None  # time-of-day suffix: "T22:00", "TNI", ...

    # -- constructors -------------------------------------------------
    @staticmethod
    def of_date(d: dt.date, gran: str = "day") -> Point:
        if gran == "day":
            return Point("day", d.year, d.month, d.day)
        if gran in ("week", "weekend"):
            iy, iw, _ = d.isocalendar()
            return Point(gran, iy, week=iw)
        if gran == "month":
            return Point("month", d.year, d.month)
        if gran == "quarter":
            return Point("quarter", d.year, quarter=(d.month - 1) // 3 + 1)
        if gran == "half":
            return Point("half", d.year, half=1 if d.month <= 6 else 2)
        if gran == "season":
            # Dec belongs to that year's winter; Jan/Feb to the previous year's.
            m = d.month
            if m in (12, 1, 2):
                return Point("season", d.year if m == 12 else d.year - 1, season="WI")
            code = "SP" if m <= 5 else "SU" if m <= 8 else "FA"
            return Point("season", d.year, season=code)
        if gran == "decade":
            return Point("decade", decade=d.year // 10)
        if gran == "century":
            return Point("century", century=d.year // 100)
        return Point("year", d.year)

    # -- TIMEX3 value -------------------------------------------------
    def value(self) -> str:
        y = "XXXX" if self.year is None else f"{self.year:04d}"
        g = self.gran
        if g == "century":
            return "XX" if self.century is None else f"{self.century:02d}"
        if g == "decade":
            return "XXX" if self.decade is None else f"{self.decade:03d}"
        if g == "year":
            return y
        if g == "half":
            return f"{y}-H{self.half}"
        if g == "quarter":
            return f"{y}-Q{self.quarter if self.quarter else 'X'}"
        if g == "season":
            return f"{y}-{self.season}"
        if g == "month":
            return f"{y}-{self.month:02d}" if self.month else f"{y}-XX"
        if g in ("week", "weekend"):
            w = "WXX" if self.week is None else f"W{self.week:02d}"
            return f"{y}-{w}" + ("-WE" if g == "weekend" else "")
        month = f"{self.month:02d}" if self.month else "XX"
        day = f"{self.day:02d}" if self.day else "XX"
        return f"{y}-{month}-{day}" + (self.tod or "")

    # -- interval -----------------------------------------------------
    def interval(self) -> tuple[dt.date, dt.date] | None:
        """Inclusive first and last day, or None when not fully known."""
        g = self.gran
        try:
            if g == "century" and self.century is not None:
                c = self.century * 100
                return dt.date(max(c, 1), 1, 1), dt.date(c + 99, 12, 31)
            if g == "decade" and self.decade is not None:
                d = self.decade * 10
                return dt.date(max(d, 1), 1, 1), dt.date(d + 9, 12, 31)
            y = self.year
            if y is None:
                return None
            if g == "year":
                return dt.date(y, 1, 1), dt.date(y, 12, 31)
            if g == "half" and self.half:
                m0 = 1 if self.half == 1 else 7
                return dt.date(y, m0, 1), dt.date(y, m0 + 5, month_end(y, m0 + 5))
            if g == "quarter" and self.quarter:
                m0 = 3 * (self.quarter - 1) + 1
                return dt.date(y, m0, 1), dt.date(y, m0 + 2, month_end(y, m0 + 2))
            if g == "season" and self.season:
                m0 = SEASON_MONTHS[self.season]
                y2, m2 = add_months(y, m0, 2)
                return dt.date(y, m0, 1), dt.date(y2, m2, month_end(y2, m2))
            if g == "month" and self.month:
                return dt.date(y, self.month, 1), dt.date(y, self.month, month_end(y, self.month))
            if g in ("week", "weekend") and self.week:
                if g == "weekend":
                    return dt.date.fromisocalendar(y, self.week, 6), dt.date.fromisocalendar(
                        y, self.week, 7
                    )
                return dt.date.fromisocalendar(y, self.week, 1), dt.date.fromisocalendar(
                    y, self.week, 7
                )
            if g == "day" and self.month and self.day:
                d = dt.date(y, self.month, self.day)
                return d, d
        except ValueError:
            return None
        return None

    def start_date(self) -> dt.date | None:
        iv = self.interval()
        return iv[0] if iv else None

    def with_tod(self, tod: str | None) -> Point:
        return replace(self, tod=tod)


def shift(p: Point, n: int, unit: str) -> Point | None:
    """Move a point by ``n`` units, keeping its granularity where that is meaningful."""
    start = p.start_date()
    if start is None:
        return None
    g = p.gran
    if unit == "year":
        if g == "century":
            return Point("century", century=(p.century or 0) + n // 100) if n % 100 == 0 else None
        if g == "decade":
            return Point("decade", decade=(p.decade or 0) + n // 10) if n % 10 == 0 else None
        if g in ("year", "half", "quarter", "season", "month") and p.year is not None:
            return replace(p, year=p.year + n)
        if g == "day":
            y = start.year + n
            day = min(start.day, month_end(y, start.month))
            return Point.of_date(dt.date(y, start.month, day), "day")
        return Point.of_date(start.replace(year=start.year + n), g)
    if unit in ("month", "quarter", "half"):
        months = n * {"month": 1, "quarter": 3, "half": 6}[unit]
        y, m = add_months(start.year, start.month, months)
        if g == "day":
            return Point.of_date(dt.date(y, m, min(start.day, month_end(y, m))), "day")
        tgt = g if g in ("month", "quarter", "half", "season", "year") else "month"
        return Point.of_date(dt.date(y, m, 1), tgt)
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        return Point.of_date(start + dt.timedelta(days=days), g if g in ("day", "week") else "day")
    if unit == "decade":
        return shift(p, 10 * n, "year")
    if unit == "century":
        return shift(p, 100 * n, "year")
    return None


def coarsen(p: Point, gran: str) -> Point:
    """Re-express a point at a coarser granularity (used for ``a year ago``)."""
    start = p.start_date()
    if start is None or GRAN_RANK.get(gran, 0) <= GRAN_RANK.get(p.gran, 0):
        return p
    return Point.of_date(start, gran)
