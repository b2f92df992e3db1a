"""Time expressions: find them in raw text and normalize them against the publication date.

Rule-based (precompiled regexes, no model), in the spirit of HeidelTime, plus what news
about diplomacy needs: open intervals ("at least since September"), expressions anchored
on an earlier date in the text ("a year earlier"), and a weekday checked against the
date that follows it ("Tuesday (December 19, 2023)").

Values follow TIMEX3 as used in TempEval-3; every DATE/TIME also gets an inclusive
interval of ISO dates with its granularity.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from backchannel.casefold import ASCII_LOOKALIKES
from backchannel.extract._timex_calendar import (
    GRAN_RANK,
    Point,
    add_months,
    easter,
    month_end,
    nth_weekday,
    shift,
)
from backchannel.extract._timex_lexicon import (
    DAYNUM,
    DAYPART,
    DAYPART_CODE,
    DAYPART_WORDS,
    MONTH,
    MONTH_STEMS,
    NUM,
    NUM_WORD,
    ORDINALS,
    SEASON,
    SEASON_WORDS,
    SEASONS,
    UNIT,
    UNIT_STEMS,
    UNITS,
    WEEKDAY,
    WEEKDAY_NAMES,
    WEEKDAYS,
    YEAR4,
    month_number,
    parse_number,
    spelled_year,
)
from backchannel.extract._timex_prefilter import (
    DIGIT,
    Needs,
    compile_needs,
    may_match,
    present_words,
)
from backchannel.model import DateInfo, Span

__all__ = ["TimeExpression", "find_timexes", "latest_explicit_date"]


@dataclass(slots=True)
class TimeExpression:
    """One time expression with its TIMEX3 attributes and the interval it denotes."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None
    interval_start: str | None
    interval_end: str | None
    granularity: str | None
    open_start: bool = False
    open_end: bool = False
    anchor: str = "dct"  # dct | text | absolute
    signal: str | None = None  # since, until, before, after, from, between

    def to_date_info(self) -> DateInfo:
        return DateInfo(
            text=self.text,
            start=self.interval_start,
            end=self.interval_end,
            granularity=self.granularity or "unknown",
            timex=self.value,
            from_publication=False,
            open_start=self.open_start,
            open_end=self.open_end,
            mod=self.mod,
            anchor=self.anchor,
            span=Span(self.start, self.end, self.text),
        )


# --------------------------------------------------------------------------- context


_FUTURE = (
    r"will|won't|wo|'ll|shall|would|going\s+to|plans?\s+to|planning|expects?|upcoming"
    r"|intends?|set\s+to|is\s+to|are\s+to|next|should|must|(?-i:may)|might|hopes?\s+to|aims?\s+to"
    r"|effective|payable|as\s+early\s+as|as\s+soon\s+as|no\s+later\s+than|due(?!\s+to\b)"
    r"|takes?\s+effect|goes\s+into\s+effect"
    # a scheduled event in the present tense: "the offer expires Friday", "envoys meet Monday"
    r"|expires|begins|opens|starts|meets|resumes|convenes|arrives|travels"
)
# Scheduling verbs date what lies ahead when they precede the time ("is scheduled to close
# Monday", "planned to leave on Thursday"), but not when the time dates the planning itself
# ("On Friday, the government planned to ...").
_SCHED = (
    r"scheduled|slated|planned\s+to|expected\s+to"
    # an event planned as a noun: "protesters planned a large rally on Saturday"
    r"|planned\s+(?=(?:an?|another|their|its|his|her|new|more)\s)"
    r"|(?:agreed|agreement|promised|pledged|vowed|offered|decided|threatened)\s+to\s+(?!be\b)\w+"
    r"|due\s+to\s+(?:be|begin|start|open|close|end|expire|meet|arrive|leave|return|take)"
)
_PAST = (
    r"was|were|had|did|said|told|ago|last|earlier|previously|has\s+been|have\s+been"
    r"|took|came|went|gave|made|met|began|saw|got|held|left|won|lost|fell|rose|sent|led"
    r"|spoke|wrote|became|brought|thought|knew|found|paid|sold|struck|fought|fled|bought|sought"
    r"|built|spent|kept|felt|dealt|shot|stood|ran|drove|chose|broke|stole|grew|threw|drew|flew"
    r"|withdrew|took|shook|arose|told|heard|meant|did|caught|taught|sank|swore|tore|wore|rode"
    r"|\w{2,}ed"
)
_PAST_AUX = re.compile(r"\b(?:was|were|had|had\s+been)\s+$", re.I)
# The same schedule with a plural subject ("he and Arafat meet separately Monday"); after a
# modal, "to" or a negation the base form is not a present tense ("did not meet Monday").
_FUTURE_PLURAL = r"meet|begin|open|start|resume|convene|arrive|travel"
_NOT_PRESENT = re.compile(
    r"(?:\b(?:to|will|would|could|can|may|might|should|must|did|do|does|not|never|cannot|let"
    r"|help|helped|make|made)|n't|'ll)\s+$",
    re.I,
)
_CUE_RE = re.compile(
    rf"\b(?:(?P<s>{_SCHED})|(?P<f>{_FUTURE})|(?P<pl>{_FUTURE_PLURAL})|(?P<p>{_PAST}))\b", re.I
)
_NOT_PAST = frozenset(
    {"need", "indeed", "proceed", "exceed", "succeed", "feed", "seed", "speed", "bed", "red",
     "hundred", "united", "based", "scheduled", "expected", "planned", "embed", "breed",
     "agreed", "creed", "weed", "greed", "shed", "sled", "steed"}
)  # fmt: skip
_PASSIVE = re.compile(
    r"\b(?:be|been|being|is|are|am|to|get|gets|a|an|the|still|very|newly|previously|recently"
    r"|already|fully|highly|widely)\s+$|\bun$",
    re.I,
)
_DEADLINE = re.compile(
    r"\b(?:by|until|till|through)\s+(?:(?:early|mid|late|the\s+end\s+of)[\s-]+)?$", re.I
)
_FUT_SIGNAL = re.compile(
    r"\b(?:as\s+early\s+as|as\s+soon\s+as|no\s+later\s+than|starting|effective|ahead\s+of)"
    r"\s+(?:(?:on|at|in|the\s+end\s+of)\s+)?$",
    re.I,
)
_UNTIL = re.compile(r"(?-i:\buntil|\btill)\s+$")
_PAST_SIGNAL = re.compile(r"\b(?:since|ever\s+since)\s+(?:(?:on|at|in)\s+)?$", re.I)
_SENT_END = re.compile(r"[.!?](?=[\s\"'”’)]*(?:\s|$))|\n\s*\n")


def _scan_cues(text: str, start: int, stop: int) -> tuple[list[int], list[str]]:
    """Positions and kinds (sched, future, past) of the tense cues starting in [start, stop).

    The scan begins after the last sentence-final mark before ``start``: no cue holds one,
    so the cues found from there are the ones a scan of the whole text finds.
    """
    safe = max(text.rfind(".", 0, start), text.rfind("!", 0, start), text.rfind("?", 0, start))
    cue_pos: list[int] = []
    cues: list[str] = []
    for m in _CUE_RE.finditer(text, safe + 1):
        if m.start() >= stop:
            break
        if m.start() < start:
            continue
        if m.group("p") and m.group("p").lower() in _NOT_PAST:
            continue
        if m.group("p") and (
            _PASSIVE.search(text, max(0, m.start() - 12), m.start())
            or m.group("p").lower().startswith("un")
        ):
            continue  # "will be paid", "to be completed": a participle, not a past tense
        if m.group("s") and _PAST_AUX.search(text, max(0, m.start() - 16), m.start()):
            continue  # "had been due to expire Friday": the plan is reported, not ahead
        if m.group("pl") and _NOT_PRESENT.search(text, max(0, m.start() - 12), m.start()):
            continue
        cues.append(
            "sched" if m.group("s") else "future" if m.group("f") or m.group("pl") else "past"
        )
        cue_pos.append(m.start())
    return cue_pos, cues


class _Ctx:
    """What normalization needs while scanning one text."""

    __slots__ = ("_cues", "_sent_ends", "dct", "period", "quarter", "ref", "text")

    def __init__(self, text: str, dct: dt.date | None) -> None:
        self.text = text
        self.dct = dct
        self.ref: Point | None = None  # narrative reference time (last dated mention)
        self.quarter: Point | None = None  # the last quarter reported
        # what a financial "a year ago" compares: that quarter, or the months reported
        # together after it ("the first nine months"), which TIMEX3 names by their year
        self.period: Point | None = None
        # sentences and their tense cues are found when a question about tense needs them:
        # many sentences never ask one, and the cue regex is among the costliest scans
        self._sent_ends: list[int] | None = None
        self._cues: dict[int, tuple[list[int], list[str]]] = {}

    @property
    def sent_ends(self) -> list[int]:
        if self._sent_ends is None:
            self._sent_ends = [m.end() for m in _SENT_END.finditer(self.text)]
        return self._sent_ends

    def _tense_cues(self, s0: int, s1: int) -> tuple[list[int], list[str]]:
        """The cues of the sentence [s0, s1)."""
        found = self._cues.get(s0)
        if found is None:
            found = self._cues[s0] = _scan_cues(self.text, s0, s1)
        return found

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sent_ends, pos)
        start = self.sent_ends[i - 1] if i > 0 else 0
        end = self.sent_ends[i] if i < len(self.sent_ends) else len(self.text)
        return start, end

    def tense(self, start: int, end: int) -> str | None:
        """Future, past or None, from the signal just before the span or the nearest cue."""
        if _FUT_SIGNAL.search(self.text, max(0, start - 24), start):
            return "future"
        if self.text.startswith("'s", end):
            return "past"  # "Wednesday's ruling" reports something done
        if _UNTIL.search(self.text, max(0, start - 12), start):
            return "future"  # "postponed until Tuesday"; a sentence-initial "Until" is not it
        if _PAST_SIGNAL.search(self.text, max(0, start - 24), start):
            return "past"
        s0, s1 = self.sentence(start)
        cue_pos, cues = self._tense_cues(s0, s1)
        i = bisect.bisect_left(cue_pos, start)
        left: tuple[int, str] | None = None
        right: tuple[int, str] | None = None
        if i > 0 and cue_pos[i - 1] >= s0:
            left = (start - cue_pos[i - 1], cues[i - 1])
        # a plan reaches further ahead than a tense: "planned a large rally ... on Saturday"
        scheduled = left is not None and left[1] == "sched"
        if left and scheduled:
            left = (left[0], "future")
        j = i
        while j < len(cue_pos) and (cue_pos[j] < end or cues[j] == "sched"):
            j += 1
        if j < len(cue_pos) and cue_pos[j] < s1:
            right = (cue_pos[j] - end, cues[j])
        # News puts the verb before its time adverb ("said Friday that ..."): a close
        # left cue wins; otherwise the nearer one.
        if left and (left[0] <= (80 if scheduled else 40) or right is None or left[0] <= right[0]):
            return left[1]
        return right[1] if right else None

    def point_dct(self, gran: str = "day") -> Point | None:
        return Point.of_date(self.dct, gran) if self.dct else None


@dataclass(slots=True)
class _N:
    """A normalization result."""

    type: str
    value: str
    point: Point | None = None
    mod: str | None = None
    anchor: str = "dct"
    sets_ref: bool = True
    until: dt.date | None = None  # last day of a stated range ("March 3-5")


def _date_n(p: Point | None, unknown: str, anchor: str = "dct", mod: str | None = None) -> _N:
    if p is None:
        return _N("DATE", unknown, None, mod, anchor, sets_ref=False)
    return _N("TIME" if p.tod else "DATE", p.value(), p, mod, anchor)


# --------------------------------------------------------------------------- resolution


def _pick_year(
    ctx: _Ctx, month: int, day: int | None, start: int, end: int, weekday: int | None = None
) -> int | None:
    """Year for a yearless month (and day), by weekday, then tense, then nearness to the DCT."""
    if ctx.dct is None:
        return None
    y0 = ctx.dct.year
    cands: list[tuple[int, dt.date]] = []
    for y in (y0 - 1, y0, y0 + 1):
        try:
            d = dt.date(y, month, day or 1)
        except ValueError:
            continue
        if weekday is not None and day is not None and d.weekday() != weekday:
            continue
        cands.append((y, d))
    if not cands:
        return None if weekday is not None else y0
    if weekday is not None and day is not None:
        return min(cands, key=lambda c: abs((c[1] - ctx.dct).days))[0]  # type: ignore[operator]
    ref = ctx.dct if day else ctx.dct.replace(day=1)
    tense = ctx.tense(start, end)
    if _DEADLINE.search(ctx.text, max(0, start - 24), start):
        # "by February", "through January": a deadline ahead, unless a past-tense sentence
        # reports a period that ended lately ("had bought shares through Sept. 29").
        if tense == "past":
            for y, d in reversed(cands):
                last = d if day else d.replace(day=month_end(y, month))
                if dt.timedelta(0) <= ref - last <= dt.timedelta(days=62):
                    return y
        tense = "future"
    # Slack: deadlines a few weeks ahead are stated in past-tense sentences too
    # ("the offer was extended to Nov. 16").
    if tense == "future":
        fut = [c for c in cands if c[1] >= ref - dt.timedelta(days=14)]
        if fut:
            return fut[0][0]
    elif tense == "past" or (tense is None and not day):
        # News reports what happened: a bare month with no tense cue is the nearest past one.
        past = [c for c in cands if c[1] <= ref + dt.timedelta(days=45 if day else 31)]
        if past:
            return past[-1][0]
    return min(cands, key=lambda c: abs((c[1] - ref).days))[0]


def _weekday_date(ctx: _Ctx, wd: int, rel: str | None, start: int, end: int) -> dt.date | None:
    if ctx.dct is None:
        return None
    dct = ctx.dct
    back = (dct.weekday() - wd) % 7
    fwd = (wd - dct.weekday()) % 7
    if rel in ("last", "this past", "past", "previous", "the previous"):
        return dct - dt.timedelta(days=back or 7)
    if rel in ("next", "this coming", "coming", "the following", "following"):
        return dct + dt.timedelta(days=fwd or 7)
    tense = ctx.tense(start, end)
    if tense == "future":
        return dct + dt.timedelta(days=fwd)
    return dct - dt.timedelta(days=back)


def _unit_point(ctx: _Ctx, unit: str, offset: int, base: Point | None = None) -> Point | None:
    """The unit (week, month, year ...) containing ``base`` (default the DCT), moved."""
    if base is None:
        if ctx.dct is None:
            return None
        base = Point.of_date(ctx.dct, "day")
    start = base.start_date()
    if start is None:
        return None
    gran = {"fiscal year": "year", "period": "quarter"}.get(unit, unit)
    if gran not in GRAN_RANK:
        return None
    p = Point.of_date(start, gran)
    if offset == 0:
        return p
    if gran in ("week", "weekend", "day"):
        return Point.of_date(start + dt.timedelta(days=7 * offset), gran)
    if gran == "decade":
        return Point("decade", decade=(p.decade or 0) + offset)
    if gran == "century":
        return Point("century", century=(p.century or 0) + offset)
    months = {"month": 1, "quarter": 3, "season": 3, "half": 6, "year": 12}[gran]
    y, m = add_months(start.year, start.month, months * offset)
    return Point.of_date(dt.date(y, m, 1), gran)


# --------------------------------------------------------------------------- rules

_Handler = Callable[[re.Match[str], _Ctx], "_N | None"]


class _Rule(NamedTuple):
    name: str
    rx: re.Pattern[str]
    fn: _Handler
    needs: tuple[frozenset[str], ...]  # words it cannot match without (see _timex_prefilter)


_RULES: list[_Rule] = []


def _rule(name: str, pattern: str, needs: Needs) -> Callable[[_Handler], _Handler]:
    compiled = re.compile(rf"(?<!\w)(?:{pattern})", re.I)

    def deco(fn: _Handler) -> _Handler:
        _RULES.append(_Rule(name, compiled, fn, compile_needs(needs)))
        return fn

    return deco


def _g(m: re.Match[str], name: str) -> str | None:
    v = m.group(name)
    return " ".join(v.lower().split()) if v else None


_WD_PREFIX = rf"(?:(?P<wd>{WEEKDAY})(?:'s)?\s*,?\s*(?P<open>\(\s*)?)?"
_CLOSE = r"(?(open)\s*\))"


def _full_date(m: re.Match[str], ctx: _Ctx) -> _N | None:
    n = _full_date_core(m, ctx)
    day2 = m.groupdict().get("day2")
    if n is not None and n.point is not None and day2 and n.point.year and n.point.month:
        try:
            n.until = dt.date(n.point.year, n.point.month, int(re.sub(r"\D", "", day2)))
        except ValueError:
            return None
    return n


def _full_date_core(m: re.Match[str], ctx: _Ctx) -> _N | None:
    month = month_number(m.group("mon"))
    day = int(re.sub(r"\D", "", m.group("day")))
    gd = m.groupdict()
    wd = WEEKDAYS[gd["wd"].lower()] if gd.get("wd") else None
    year_txt = m.group("year")
    if year_txt:
        try:
            d = dt.date(int(year_txt), month, day)
        except ValueError:
            return None
        return _date_n(Point.of_date(d), "", "absolute")
    try:
        dt.date(2000, month, day)  # leap year: any valid month/day
    except ValueError:
        return None
    y = _pick_year(ctx, month, day, m.start(), m.end(), wd)
    if y is None and ctx.dct is not None:
        y = _pick_year(ctx, month, day, m.start(), m.end())  # weekday did not fit any year
    p = Point("day", y, month, day)
    return _N("DATE", p.value(), p if y else None,
              anchor="dct", sets_ref=y is not None)  # fmt: skip


_rule(
    "mdy",
    rf"(?:(?:last|this|next|this\s+past|this\s+coming)\s+(?=(?:{MONTH})\s*\d))?{_WD_PREFIX}(?P<mon>{MONTH})\s*(?P<day>{DAYNUM})(?:\s*[-–]\s*(?P<day2>{DAYNUM}))?"
    rf"(?:(?:\s*,\s*|\s+)(?P<year>{YEAR4}))?{_CLOSE}",
    needs=(MONTH_STEMS, (DIGIT,)),
)(_full_date)
_rule(
    "dmy",
    rf"{_WD_PREFIX}(?:the\s+)?(?P<day>{DAYNUM})(?:\s*[-–]\s*(?P<day2>{DAYNUM}))?\s+(?:of\s+)?(?P<mon>{MONTH})"
    rf"(?:,?\s*(?P<year>{YEAR4}))?{_CLOSE}",
    needs=(MONTH_STEMS, (DIGIT,)),
)(_full_date)


_AND_DAY_LEFT = re.compile(
    rf"(?P<mon>{MONTH})\s*{DAYNUM}(?:,?\s*{YEAR4})?\s+(?:and|or|to|through)\s+$", re.I
)
_AND_DAY_RIGHT = re.compile(
    r"\s*(?:[,.;:)]|$)|\s+(?:in|at|on|for|when|with|respectively|this|last|next|near|outside"
    r"|around|along|across|amid|as)\b",
    re.I,
)


@_rule("and_day", rf"(?P<day>{DAYNUM})", needs=(MONTH_STEMS, (DIGIT,)))
def _and_day(m: re.Match[str], ctx: _Ctx) -> _N | None:
    """The second day of "April 24 and 25": the month and year of the first."""
    left = _AND_DAY_LEFT.search(ctx.text, max(0, m.start() - 30), m.start())
    if left is None or not _AND_DAY_RIGHT.match(ctx.text, m.end()):
        return None
    day = int(re.sub(r"\D", "", m.group("day")))
    month = month_number(left.group("mon"))
    ref = ctx.ref
    if ref is None or ref.gran != "day" or ref.month != month or ref.year is None:
        return _N("DATE", f"XXXX-{month:02d}-{day:02d}", None, sets_ref=False)
    return _date_n(Point.of_date(dt.date(ref.year, month, day)), "", "text")


@_rule(
    "week_of",
    rf"(?:the\s+)?week\s+of\s+(?P<mon>{MONTH})\s*(?P<day>{DAYNUM})(?:,?\s*(?P<year>{YEAR4}))?",
    needs=(("week",), MONTH_STEMS, (DIGIT,)),
)
def _week_of(m: re.Match[str], ctx: _Ctx) -> _N | None:
    n = _full_date(m, ctx)
    if n is None or n.point is None:
        return n
    start = n.point.start_date()
    assert start is not None
    return _date_n(Point.of_date(start, "week"), "", n.anchor)


@_rule(
    "iso",
    r"(?<![\d/-])(?P<y>(?:1[89]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])",
    needs=((DIGIT,), ("-",)),
)
def _iso(m: re.Match[str], ctx: _Ctx) -> _N | None:
    try:
        d = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    return _date_n(Point.of_date(d), "", "absolute")


@_rule(
    "numeric",
    r"(?<![\d/.])(?P<m>3[01]|[12]\d|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)?\d\d)(?![\d/])",
    needs=((DIGIT,), ("/",)),
)
def _numeric(m: re.Match[str], ctx: _Ctx) -> _N | None:
    try:
        d = _numeric_date(m.groupdict())
    except ValueError:
        return None
    return _date_n(Point.of_date(d), "", "absolute")


def _numeric_date(gd: dict[str, str | None]) -> dt.date:
    """Month first ("3/21/13"), unless the first number cannot be a month ("21/03/2013")."""
    y = int(gd["y"] or "")
    if y < 100:
        y += 1900 if y > 40 else 2000
    month, day = int(gd["m"] or ""), int(gd["d"] or "")
    if month > 12:
        month, day = day, month
    return dt.date(y, month, day)


_SPELLED_YEAR = (
    rf"(?:nineteen|eighteen)[\s-]+(?:{NUM_WORD}|hundred)"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{NUM_WORD}))?"
)


@_rule(
    "month_year",
    rf"(?P<mon>{MONTH}),?\s*(?:of\s+)?(?:(?P<year>{YEAR4})|'(?P<yy>\d\d)(?![\d%])|(?P<sp>{_SPELLED_YEAR}))",
    needs=(MONTH_STEMS,),
)
def _month_year(m: re.Match[str], ctx: _Ctx) -> _N | None:
    if m.group("year"):
        y: int | None = int(m.group("year"))
    elif m.group("yy"):
        yy = int(m.group("yy"))
        y = (1900 if yy > 40 else 2000) + yy
    else:
        y = spelled_year(m.group("sp"))
    if y is None:
        return None
    return _date_n(Point("month", y, month_number(m.group("mon"))), "", "absolute")


# Words before a bare month that make it a date rather than the verb/name ("May", "March").
_MONTH_LEFT = re.compile(
    r"(?:\b(?:in|since|until|till|by|of|early|late|mid|through|before|after|from|to|during|between"
    r"|and|or|last|next|this|that|each|every|around|on|as|for|since|late-|mid-|until|the)\s*-?\s*)$",
    re.I,
)


_ABBREVIATIONS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)


@_rule(
    "month",
    rf"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|coming|past)\s+)?(?P<mon>{MONTH})"
    r"(?:\s+(?P<rel2>this|last|next)\s+year)?",
    needs=(MONTH_STEMS,),
)
def _month(m: re.Match[str], ctx: _Ctx) -> _N | None:
    word = m.group("mon")
    month = month_number(word)
    rel = _g(m, "rel") or ""
    rel2 = _g(m, "rel2")
    if not rel and not rel2 and word.lower() in _ABBREVIATIONS:
        return None  # "Jan Kavan": a bare abbreviation without its dot is a name
    if not rel and not rel2 and word in ("May", "March"):
        left = ctx.text[max(0, m.start() - 12) : m.start()]
        if not _MONTH_LEFT.search(left):
            return None
    if ctx.dct is None:
        return _N("DATE", f"XXXX-{month:02d}", None, sets_ref=False)
    dct = ctx.dct
    if rel2:
        y = dct.year + {"this": 0, "last": -1, "next": 1}[rel2]
    elif rel in ("last", "this past", "past"):
        y = dct.year if month < dct.month else dct.year - 1
        if rel == "last" and month == dct.month - 1:
            y -= 1  # the month just ended is "last month": "last February" in March is a year back
    elif rel in ("next", "this coming", "coming"):
        y = dct.year if month > dct.month else dct.year + 1
    elif rel == "this":
        y = dct.year
    else:
        y = _pick_year(ctx, month, None, m.start(), m.end()) or dct.year
    return _date_n(Point("month", y, month), "")


_SHARED_PLURAL_PART = re.compile(
    rf"\s+(?:and|or)\s+{WEEKDAY}\s+(?P<part>morning|afternoon|evening|night)s(?!\w)", re.I
)


@_rule(
    "weekday",
    r"(?:(?P<rel>last|this\s+coming|this\s+past|this|next|coming|the\s+previous|the\s+following)\s+)?"
    rf"(?P<wd>{WEEKDAY})(?:\s+(?P<part>{DAYPART})(?P<pl>s)?(?!\w))?",
    needs=(WEEKDAY_NAMES,),
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _N | None:
    wd = WEEKDAYS[m.group("wd").lower()]
    rel = _g(m, "rel")
    part = _g(m, "part")
    tod = DAYPART_CODE[part] if part else None
    if m.group("pl") and not rel:
        return _N("SET", f"XXXX-WXX-{wd + 1}{tod}", None, sets_ref=False)  # "Tuesday nights"
    shared = None if (rel or part) else _SHARED_PLURAL_PART.match(ctx.text, m.end())
    if shared:  # "on Monday and Tuesday nights": the plural part of day is Monday's too
        code = DAYPART_CODE[shared.group("part").lower()]
        return _N("SET", f"XXXX-WXX-{wd + 1}{code}", None, sets_ref=False)
    if rel in ("the previous", "the following") and ctx.ref is not None and ctx.ref.gran == "day":
        base = ctx.ref.start_date()
        assert base is not None
        if rel == "the previous":
            d = base - dt.timedelta(days=(base.weekday() - wd) % 7 or 7)
        else:
            d = base + dt.timedelta(days=(wd - base.weekday()) % 7 or 7)
        return _date_n(Point.of_date(d).with_tod(tod), "", "text")
    d = _weekday_date(ctx, wd, rel, m.start(), m.end())
    if d is None:
        return _N("DATE", f"XXXX-WXX-{wd + 1}", None, sets_ref=False)
    # "Friday night" and "Friday morning" stay a DATE: TimeBank mostly annotates the day,
    # and the day is the granularity events are dated at. "Friday evening" is annotated
    # as the evening (TEV) throughout TBAQ, as the TimeML guidelines ask for every part.
    return _date_n(Point.of_date(d).with_tod("TEV" if tod == "TEV" else None), "")


_GENERIC_TODAY = re.compile(
    r"\s+(?:world|youth|society|generation|young|children|kids|teenagers|students|economy|"
    r"culture|standards|technology|politics|environment|climate|families|women|men|people)\b",
    re.I,
)


@_rule(
    "dayword",
    r"(?:(?P<pre>early|late|earlier|later|the\s+day\s+before|the\s+day\s+after)\s+)?"
    rf"(?P<w>today|yesterday|tomorrow|tonight)(?:\s+(?P<part>{DAYPART}))?",
    needs=(("today", "yesterday", "tomorrow", "tonight"),),
)
def _dayword(m: re.Match[str], ctx: _Ctx) -> _N | None:
    w = _g(m, "w")
    pre = _g(m, "pre")
    part = _g(m, "part")
    if ctx.text.startswith("'s", m.end()) and (
        part
        or _GENERIC_TODAY.match(ctx.text, m.end() + 2)
        or re.search(r"\bof\s+$", ctx.text[max(0, m.start() - 4) : m.start()])
    ):
        return None  # "today's world", "many of today's computers": the present era, generic
    if (
        w == "tomorrow"
        and not pre
        and re.search(r"\bof\s+$", ctx.text[max(0, m.start() - 4) : m.start()])
    ):
        return None  # "the leaders of tomorrow": the future at large, not the next day
    off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w or "today"]
    if pre == "the day before":
        off -= 1
    elif pre == "the day after":
        off += 1
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END"}.get(pre or "")
    tod = DAYPART_CODE[part] if part else ("TNI" if w == "tonight" else None)
    if ctx.dct is None:
        return _N("TIME" if tod else "DATE", "XXXX-XX-XX" + (tod or ""), None, mod, sets_ref=False)
    d = ctx.dct + dt.timedelta(days=off)
    return _date_n(Point.of_date(d).with_tod(tod), "", mod=mod)


@_rule(
    "daypart",
    rf"(?:(?P<mid>mid|early|late)[\s-]*)?(?:(?P<rel>this|last|yesterday|tomorrow)\s+(?P<part>{DAYPART})"
    rf"|(?P<part2>morning|afternoon|evening)\s+(?P<rel2>yesterday|today|tomorrow))|(?P<ov>overnight)"
    r"|(?P<mid3>mid)[\s-]*(?P<part3>morning|afternoon|evening)",
    needs=(DAYPART_WORDS,),
)
def _daypart(m: re.Match[str], ctx: _Ctx) -> _N | None:
    rel = _g(m, "rel") or _g(m, "rel2")
    mod = {"mid": "MID", "early": "START", "late": "END"}.get(_g(m, "mid") or _g(m, "mid3") or "")
    if m.group("ov"):
        rel, part = "last", "night"
    else:
        part = _g(m, "part") or _g(m, "part2") or _g(m, "part3") or "night"
    if rel == "today":
        rel = "this"
    off = {"this": 0, "last": -1 if part == "night" else 0, "yesterday": -1, "tomorrow": 1}[
        rel or "this"
    ]
    if rel == "last" and part != "night":
        off = -1
    tod = DAYPART_CODE[part]
    if m.group("ov") and ctx.ref is not None and ctx.ref.gran == "day" and not ctx.ref.tod:
        # "overnight" in a story about last Friday: the night before that Friday
        ref_day = ctx.ref.start_date()
        if ref_day is not None and ctx.dct and 0 < (ctx.dct - ref_day).days <= 7:
            p = Point.of_date(ref_day - dt.timedelta(days=1)).with_tod(tod)
            return _N("TIME", p.value(), p, mod, "text", sets_ref=False)
    if ctx.dct is None:
        return _N("TIME", "XXXX-XX-XX" + tod, None, mod, sets_ref=False)
    return _date_n(Point.of_date(ctx.dct + dt.timedelta(days=off)).with_tod(tod), "", mod=mod)


@_rule(
    "daypart_in",
    r"(?<=\bin\s)the\s+(?P<part>morning|afternoon|evening)(?!\s+of\b)",
    needs=(("morning", "afternoon", "evening"),),
)
def _daypart_in(m: re.Match[str], ctx: _Ctx) -> _N | None:
    """'in the morning': of the day the narrative is at, else of the publication date."""
    tod = DAYPART_CODE[_g(m, "part") or "morning"]
    if ctx.ref is not None and ctx.ref.gran == "day" and ctx.ref.year is not None:
        return _N("TIME", ctx.ref.with_tod(tod).value(), ctx.ref.with_tod(tod), anchor="text",
                  sets_ref=False)  # fmt: skip
    if ctx.dct is None:
        return _N("TIME", "XXXX-XX-XX" + tod, None, sets_ref=False)
    p = Point.of_date(ctx.dct).with_tod(tod)
    return _N("TIME", p.value(), p, sets_ref=False)


_CLOCK = (
    r"(?:(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)"
    r"|(?P<h2>[01]?\d|2[0-3]):(?P<min2>[0-5]\d)(?!\d)"
    r"|(?P<h3>[01]?\d|2[0-3])\s+o'clock"
    r"|(?<![\w-])(?<!high\s)(?<!High\s)(?P<named>noon|midnight|midday)"
    r"|(?P<h4>\d{1,2})\s+in\s+the\s+(?P<part4>morning|afternoon|evening))"
)


@_rule(
    "clock",
    rf"{_CLOCK}(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local\s+time))?"
    rf"(?:,?\s+(?:on\s+)?(?P<dday>{WEEKDAY}|today|yesterday|tomorrow|(?P<mon>{MONTH})\s*(?P<day>{DAYNUM})))?",
    needs=((DIGIT, "noon", "midnight", "midday"),),
)
def _clock(m: re.Match[str], ctx: _Ctx) -> _N | None:
    if m.group("named"):
        hh, mm = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[_g(m, "named") or ""]
    else:
        h = m.group("h") or m.group("h2") or m.group("h3") or m.group("h4")
        hh = int(h)
        mm = int(m.group("min") or m.group("min2") or 0)
        ampm = (m.group("ampm") or "").lower()
        part4 = _g(m, "part4")
        if hh > 12 and (ampm or part4):
            return None
        if (ampm.startswith("p") or part4 in ("afternoon", "evening")) and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
    day: Point | None = None
    anchor = "dct"
    dday = _g(m, "dday")
    if m.group("mon"):
        month = month_number(m.group("mon"))
        dnum = int(re.sub(r"\D", "", m.group("day")))
        y = _pick_year(ctx, month, dnum, m.start(), m.end())
        day = Point("day", y, month, dnum) if y else None
    elif dday in WEEKDAYS:
        d = _weekday_date(ctx, WEEKDAYS[dday], None, m.start(), m.end())
        day = Point.of_date(d) if d else None
    elif dday:
        off = {"today": 0, "yesterday": -1, "tomorrow": 1}[dday]
        day = Point.of_date(ctx.dct + dt.timedelta(days=off)) if ctx.dct else None
    elif ctx.ref is not None and ctx.ref.gran == "day":
        day, anchor = Point("day", ctx.ref.year, ctx.ref.month, ctx.ref.day), "text"
    elif ctx.dct:
        day = Point.of_date(ctx.dct)
    tod = f"T{hh:02d}:{mm:02d}"
    if day is None:
        return _N("TIME", "XXXX-XX-XX" + tod, None, sets_ref=False)
    return _N("TIME", day.with_tod(tod).value(), day.with_tod(tod), anchor=anchor)


# A capitalized word in mid-sentence right before a year makes the year part of a name;
# months, seasons and holidays before a year are found by their own, longer rules.
_NAME_BEFORE_YEAR = re.compile(
    r"(?<=[a-z,;])\s+(?!(?:In|On|By|Of|Since|Until|Through|From|To|And|Or|For|During|After"
    r"|Before|Between|Fiscal|Calendar|Model|Year|Mid|Early|Late)\s)[A-Z][a-z]+\s+$"
)


@_rule(
    "year",
    r"(?:(?P<fisc>fiscal(?:\s+year)?|FY|the\s+year|calendar(?:\s+year)?|(?:the\s+)?(?:fiscal|model)\s+year)\s*)?"
    rf"(?:(?P<pp>post|pre)-)?(?<![\d,.$£€#/])(?P<year>{YEAR4})"
    r"(?!(?:,\d|\.\d|\s*(?:percent|per\s+cent|%)))",
    needs=((DIGIT,),),
)
def _year(m: re.Match[str], ctx: _Ctx) -> _N | None:
    y = int(m.group("year"))
    ys = m.start("year")
    # "mid-1996", "1990-1995" are dates; "F-2000", "ISO-9001" are not
    if (
        not m.group("pp")
        and ys > 0
        and ctx.text[ys - 1] == "-"
        and not re.search(r"(?:\b(?:mid|early|late)|\d{4})-$", ctx.text[max(0, ys - 6) : ys], re.I)
    ):
        return None
    left = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(
        r"(?:no\.|number|flight|route|room|page|\$|us\$|£|€|about|nearly|some|over)\s*$", left
    ):
        return None
    if not m.group("fisc") and _NAME_BEFORE_YEAR.search(
        ctx.text, max(0, m.start() - 40), m.start()
    ):
        return None  # "a venture called Orion 1980", "Agenda 2000": a year inside a name
    right = ctx.text[m.end() : m.end() + 16].lower()
    if re.match(r"\s*(?:people|persons|troops|soldiers|men|women|shares|dollars|years|tons|feet|"
                r"meters|miles|km|kilometers|cases|votes|units|yards)\b", right):  # fmt: skip
        return None
    pp = _g(m, "pp")
    return _date_n(
        Point("year", y), "", "absolute", {"post": "AFTER", "pre": "BEFORE"}.get(pp or "")
    )


@_rule(
    "spelled_year",
    rf"(?:the\s+year\s+)?(?:{_SPELLED_YEAR})",
    needs=(("nineteen", "eighteen", "thousand"),),
)
def _spelled(m: re.Match[str], ctx: _Ctx) -> _N | None:
    text = re.sub(r"^the\s+year\s+", "", m.group(0), flags=re.I)
    y = spelled_year(text)
    if y is None or not (1800 <= y <= 2100):
        return None
    if not m.group(0).lower().startswith("the year") and y >= 2000:
        return None  # "two thousand" is more often a quantity
    return _date_n(Point("year", y), "", "absolute")


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}  # fmt: skip


@_rule(
    "decade",
    r"(?:(?P<the>the)\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?"
    r"(?:(?P<full>1[5-9]\d0|20\d0)'?s|'(?P<short>\d0)'?s|(?P<word>twenties|thirties|forties|fifties"
    r"|sixties|seventies|eighties|nineties))(?!\w)",
    needs=((DIGIT, "ties"),),
)
def _decade(m: re.Match[str], ctx: _Ctx) -> _N | None:
    if m.group("full"):
        dec = int(m.group("full")) // 10
    else:
        if not m.group("the") and m.group("word"):
            return None  # "in his sixties" is an age
        tens = (
            int(m.group("short")) // 10 if m.group("short") else _DECADE_WORDS[_g(m, "word") or ""]
        )
        cur = (ctx.dct.year if ctx.dct else 2000) % 100 // 10
        century = (ctx.dct.year if ctx.dct else 2000) // 100
        dec = century * 10 + tens if tens <= cur else (century - 1) * 10 + tens
    mod = {"early": "START", "mid": "MID", "late": "END"}.get(_g(m, "mod") or "")
    return _date_n(Point("decade", decade=dec), "", "absolute", mod)


@_rule(
    "century",
    r"(?:the\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|twentieth|twenty-first|21st)[\s-]+century",
    needs=(("century",),),
)
def _century(m: re.Match[str], ctx: _Ctx) -> _N | None:
    o = _g(m, "ord") or ""
    n = int(o[:-2]) if o[:1].isdigit() else ORDINALS.get(o)
    if not n:
        return None
    return _date_n(Point("century", century=n - 1), "", "absolute")


@_rule(
    "season",
    r"(?:(?P<the>the)\s+)?(?:(?P<rel>last|this\s+past|this\s+coming|this|next|past|coming|previous|"
    r"following|that|early|late|mid|middle\s+of\s+the|end\s+of\s+the|beginning\s+of\s+the)[\s-]+)?"
    rf"(?P<season>{SEASON})(?!\w)(?:\s+(?:of\s+)?(?:(?P<year>{YEAR4})|(?P<sp>{_SPELLED_YEAR})))?",
    needs=(SEASON_WORDS,),
)
def _season(m: re.Match[str], ctx: _Ctx) -> _N | None:
    code = SEASONS[_g(m, "season") or ""]
    rel = _g(m, "rel")
    year: str | int | None = m.group("year")
    if m.group("sp"):
        year = spelled_year(m.group("sp"))
    word = _g(m, "season")
    if word in ("fall", "spring") and not (rel or year):
        left = ctx.text[max(0, m.start() - 6) : m.start()].lower()
        right = ctx.text[m.end() : m.end() + 8].lower()
        if not (m.group("the") or re.search(r"\b(?:in|this|last|next|by)\s+$", left)):
            return None
        if re.match(r"\s+(?:of|in|to|from|by|on|for)\b", right) or re.match(r"-", right):
            return None
    mod = {"early": "START", "late": "END", "mid": "MID", "middle of the": "MID",
           "end of the": "END", "beginning of the": "START"}.get(rel or "")  # fmt: skip
    if year:
        return _date_n(Point("season", int(year), season=code), "", "absolute", mod)
    if ctx.dct is None:
        return _N("DATE", f"XXXX-{code}", None, mod, sets_ref=False)
    cur = Point.of_date(ctx.dct, "season")
    assert cur.year is not None
    if rel == "that" and ctx.ref is not None and ctx.ref.year is not None:
        return _date_n(Point("season", ctx.ref.year, season=code), "", "text", mod)
    order = ["WI", "SP", "SU", "FA"]
    # Seasons as (year, index) so that winter 2023 (Dec 2023-Feb 2024) sorts after fall 2023.
    ci = (cur.year, order.index(cur.season or "WI") if cur.season != "WI" else 4)
    cands = [(y, order.index(code) if code != "WI" else 4) for y in (cur.year - 1, cur.year,
                                                                        cur.year + 1)]  # fmt: skip
    if rel in ("last", "past", "previous", "this past"):
        pick = max(c for c in cands if c < ci)
    elif rel in ("next", "coming", "this coming", "following"):
        pick = min(c for c in cands if c > ci)
    else:
        tense = ctx.tense(m.start(), m.end())
        if tense == "future":
            pick = min(c for c in cands if c >= ci)
        elif tense == "past" and rel != "this":
            pick = max(c for c in cands if c <= ci)
        else:
            # "this fall" / bare season: the one of the current year
            pick = (cur.year, cands[1][1])
    return _date_n(Point("season", pick[0], season=code), "", mod=mod)


@_rule(
    "season_plural",
    r"(?:(?P<span>the\s+(?:past|last|previous|next|coming)\s+(?:\d+|"
    rf"{NUM_WORD}|few|several))\s+)?(?P<season>summers|winters|autumns|springs|falls)(?!\w)",
    needs=(SEASON_WORDS,),
)
def _season_plural(m: re.Match[str], ctx: _Ctx) -> _N | None:
    """'the past three summers', 'winters': the season recurring, as TimeBank marks it (SET)."""
    word = _g(m, "season") or ""
    if word in ("springs", "falls") and not m.group("span"):
        return None  # "hot springs", "prices falls": a noun or a verb
    return _N("SET", f"XXXX-{SEASONS[word[:-1]]}", None, sets_ref=False)


_QORD = r"first|second|third|fourth|1st|2nd|3rd|4th|final|last"
_OF_DECADE = re.compile(r"\s+of\s+(?:the\s+)?(?:'\d0s|\d{3}0s|twenties|thirties|forties|fifties"
                        r"|sixties|seventies|eighties|nineties)\b", re.I)  # fmt: skip
_YREL = r"this\s+year|last\s+year|next\s+year|the\s+year|the\s+fiscal\s+year|the\s+current\s+year"


@_rule(
    "quarter",
    r"(?:(?P<det>the|its|this\s+year's|last\s+year's|next\s+year's|year-ago|year-earlier|"
    r"this|that|last|next)\s+)?(?:(?P<y1>" + YEAR4 + r")\s+)?(?:(?:fiscal|calendar)[\s-]+)?"
    rf"(?P<ord>{_QORD})[\s-]+(?:(?:fiscal|calendar)[\s-]+)?(?P<unit>quarter|half)(?!\w)"
    rf"(?:\s+(?:of\s+)?(?:(?:fiscal|calendar)(?:\s+year)?\s+)?(?P<y2>{YEAR4}|{_YREL}))?"
    rf"|(?P<qn>Q[1-4])(?:\s+(?P<y3>{YEAR4}))?"
    rf"|(?:the\s+)?(?P<y5>{YEAR4}|last\s+year's|this\s+year's)\s+(?:period|quarter)(?!\w)"
    rf"|(?:the\s+)?first\s+(?P<nq>two|three)\s+quarters(?:\s+of\s+(?P<y4>{YEAR4}))?",
    needs=(("quarter", "half", "period", "q1", "q2", "q3", "q4"),),
)
def _quarter(m: re.Match[str], ctx: _Ctx) -> _N | None:
    if m.group("y5"):
        # "the 1988 period": the quarter under discussion, in that year
        y5 = _g(m, "y5") or ""
        if y5[:1].isdigit():
            yy: int | None = int(y5)
        elif ctx.dct is not None:
            yy = ctx.dct.year - (1 if y5.startswith("last") else 0)
        else:
            yy = None
        talked_of = ctx.quarter if m.group(0).lower().endswith("quarter") else ctx.period
        q = talked_of.quarter if talked_of is not None else None
        if q is None:
            return _date_n(Point("year", yy) if yy else None, "XXXX", "absolute")
        return _N(
            "DATE",
            Point("quarter", yy, quarter=q).value(),
            Point("quarter", yy, quarter=q) if yy else None,
            anchor="text",
            sets_ref=False,
        )
    if m.group("qn"):
        unit, n = "quarter", int(m.group("qn")[1])
        ytxt = m.group("y3")
    elif m.group("nq"):
        if _g(m, "nq") == "three":
            return _N("DURATION", "P9M", None)
        unit, n, ytxt = "half", 1, m.group("y4")
    else:
        unit = _g(m, "unit") or "quarter"
        o = _g(m, "ord") or ""
        n = ORDINALS.get(o, 4)
        if unit == "half":
            n = 1 if n == 1 else 2
        ytxt = m.group("y1") or m.group("y2")
        if unit == "half" and not (m.group("det") or ytxt):
            return None  # "second half" of a match
        if unit == "half" and not ytxt and _OF_DECADE.match(ctx.text, m.end()):
            return None  # "the last half of the '80s": the decade, with a modifier
    det = _g(m, "det") or ""
    if ytxt and ytxt[:1].isdigit():
        y: int | None = int(ytxt)
        anchor = "absolute"
    else:
        anchor = "dct"
        rel = " ".join((ytxt or "").lower().split())
        if ctx.dct is None:
            y = None
        elif "last" in rel or det.startswith("last") or det in ("year-ago", "year-earlier"):
            y = ctx.dct.year - 1
        elif "next" in rel or det.startswith("next"):
            y = ctx.dct.year + 1
        else:
            y = ctx.dct.year
            cur_q = (ctx.dct.month - 1) // 3 + 1
            if unit == "quarter" and n > cur_q and ctx.tense(m.start(), m.end()) == "past":
                y -= 1
    if unit == "half":
        p = Point("half", y, half=n)
    else:
        p = Point("quarter", y, quarter=n)
        ended = _quarter_ended(ctx, m.end())
        if ended is not None and anchor != "absolute" and not ytxt:
            p = Point("quarter", ended.year, quarter=n)  # fiscal quarters: the year it ended
    return _date_n(p if y is not None else None, p.value(), anchor)


_REL_DET = (
    r"the\s+(?:past|last|previous|prior|next|coming|following|current|latest|same|preceding|"
    r"present|upcoming)|this|last|next|past|coming|that\s+same|that|current|the"
)


_REL_UNIT_WORDS = (
    "week", "month", "year", "quarter", "decade", "century", "day", "morning", "afternoon",
    "evening", "period"
)  # fmt: skip


@_rule(
    "rel_unit",
    r"(?:(?P<pre>early|late|earlier|later|mid)(?:\s+(?:in|on))?[\s-]+)?"
    rf"(?P<det>{_REL_DET})\s+(?:(?P<fisc>fiscal|calendar|full)\s+)?"
    r"(?P<unit>week|weekend|month|year|quarter|decade|century|day|morning|afternoon|evening|period)"
    r"(?!-|\w)",
    needs=(_REL_UNIT_WORDS,),
)
def _rel_unit(m: re.Match[str], ctx: _Ctx) -> _N | None:
    det = _g(m, "det") or ""
    if det == "that same":
        det = "the same"
    unit = _g(m, "unit") or ""
    pre = _g(m, "pre")
    if m.group("unit")[0].isupper() and m.group("det")[0].isupper():
        return None  # a title: ABC's "This Week"
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END", "mid": "MID"}.get(
        pre or ""
    )
    right = ctx.text[m.end() : m.end() + 12].lower()
    if unit in ("day", "morning", "afternoon", "evening"):
        if det not in ("the next", "the following", "the previous", "the prior", "that",
                       "the same", "the preceding"):  # fmt: skip
            return None
        base = ctx.ref if ctx.ref is not None and ctx.ref.gran == "day" else None
        if base is None:
            # a day of the month the story is in ("in October ... that same day"): 1998-10-XX
            month = ctx.ref if ctx.ref is not None and ctx.ref.gran == "month" else None
            unknown = f"{month.value()}-XX" if month is not None else "XXXX-XX-XX"
            return _N("DATE", unknown, None, mod, "text", sets_ref=False)
        off = {"the next": 1, "the following": 1, "the previous": -1, "the prior": -1,
               "the preceding": -1}.get(det, 0)  # fmt: skip
        start = base.start_date()
        assert start is not None
        tod = DAYPART_CODE.get(unit)
        p = Point.of_date(start + dt.timedelta(days=off)).with_tod(tod)
        return _date_n(p, "", "text", mod)
    if det == "the" and unit not in ("year", "quarter", "week", "weekend"):
        return None
    if re.match(r"\s*(?:-|old|long|or\s+two|and\s+a\s+half|'s\s+end)", right):
        return None
    if (
        unit == "year"
        and det in ("the", "the current", "this")
        and re.match(r"\s+(?:ended|ending|to\s+date)\b", right)
    ):
        return _N("DURATION", "P1Y", None, sets_ref=False)  # "for the year ended Sept. 30"
    if unit in ("quarter", "period") and det in ("the", "the latest", "the same"):
        # Financial reports: "the quarter ended Sept. 30" names it; "the latest quarter" is
        # the last completed one; "the quarter" is the one under discussion.
        p = _quarter_ended(ctx, m.end())
        if p is None and det == "the latest":
            p = ctx.quarter or _unit_point(ctx, "quarter", -1)
        if p is None:
            talked_of = ctx.quarter if unit == "quarter" else ctx.period
            p = talked_of or _unit_point(ctx, "quarter", -1)
        return _date_n(p, "XXXX-QX", "text" if ctx.quarter else "dct", mod)
    if unit == "period":
        return None
    text_rel = det in ("that", "the same", "the following", "the previous", "the prior",
                       "the preceding")  # fmt: skip
    if det in ("this", "current", "the current", "the present", "the same", "that"):
        off = 0
    elif det in ("last", "the last", "past", "the past", "the previous", "the prior",
                 "the preceding", "the latest"):  # fmt: skip
        off = -1
    elif det in ("next", "the next", "coming", "the coming", "the following", "upcoming",
                 "the upcoming"):  # fmt: skip
        off = 1
    elif det == "the" and unit == "weekend":
        off = 0 if ctx.tense(m.start(), m.end()) == "future" else -1
        if ctx.dct is not None and ctx.dct.weekday() >= 5:
            off = 0
    else:
        off = 0
    if unit == "quarter" and det in ("the latest", "the last"):
        off = -1
    gran = "year" if unit == "fiscal year" else unit
    if text_rel and ctx.ref is not None:
        base_gran = ctx.ref.gran
        p = _unit_point(ctx, gran, off, ctx.ref)
        if p is not None and GRAN_RANK.get(base_gran, 0) <= GRAN_RANK.get(gran, 0):
            return _date_n(p, "", "text", mod)
    p = _unit_point(ctx, gran, off)
    unknowns = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
               "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}  # fmt: skip
    return _date_n(p, unknowns.get(gran, "XXXX"), "dct", mod)


_ENDED = re.compile(
    rf"\s+(?:ended|ending|that\s+ended)\s+(?P<mon>{MONTH})\s*(?P<day>{DAYNUM})?", re.I
)


def _quarter_ended(ctx: _Ctx, pos: int) -> Point | None:
    """The quarter that 'ended Sept. 30' right after ``pos`` names, if any."""
    m = _ENDED.match(ctx.text, pos)
    if m is None or ctx.dct is None:
        return None
    month = month_number(m.group("mon"))
    y = ctx.dct.year if month <= ctx.dct.month else ctx.dct.year - 1
    # Three months ending in ``month``: named by the calendar quarter holding most of them,
    # the middle one ("ended July 31" is May-July, the second quarter).
    middle = (month - 2) % 12 + 1
    if middle > month:
        y -= 1  # "ended Jan. 31" is Nov-Jan: last year's fourth quarter
    return Point("quarter", y, quarter=(middle - 1) // 3 + 1)


@_rule(
    "unit_edge",
    r"(?:the\s+)?(?P<which>end|beginning|start|middle|close|turn)\s+of\s+(?:the\s+|this\s+)"
    r"(?P<unit>year|month|week|quarter|decade|century)"
    r"|(?P<ye>year[-\s]end|year's\s+end|month[-\s]end|the\s+year[-\s]end)(?!\w)",
    needs=(("year", "month", "week", "quarter", "decade", "century"),),
)
def _unit_edge(m: re.Match[str], ctx: _Ctx) -> _N | None:
    if m.group("ye"):
        unit = "month" if "month" in m.group("ye").lower() else "year"
        mod = "END"
    else:
        unit = _g(m, "unit") or "year"
        mod = {"end": "END", "close": "END", "beginning": "START", "start": "START",
               "turn": "START", "middle": "MID"}[_g(m, "which") or "end"]  # fmt: skip
    p = _unit_point(ctx, unit, 0)
    return _date_n(p, "XXXX", "dct", mod)


@_rule(
    "fin_ago",
    r"(?:the\s+)?(?:year[-\s]ago|year[-\s]earlier|prior[-\s]year|comparable|corresponding|"
    r"year-before)(?:\s+(?:first|second|third|fourth))?\s+(?:quarter|period|nine\s+months|"
    r"six\s+months|first\s+half)(?!\w)|(?:the\s+)?(?:same|comparable|corresponding)\s+(?:quarter|period)"
    r"\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year)|(?<![\w-])year[-\s](?:ago|earlier)(?![\w-])"
    r"|the\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)",
    needs=(("quarter", "period", "months", "half", "year"),),
)
def _fin_ago(m: re.Match[str], ctx: _Ctx) -> _N | None:
    t = m.group(0).lower()
    if "months" in t:
        n = 9 if "nine" in t else 6
        return _N("DURATION", f"P{n}M", None)
    base = ctx.quarter if "quarter" in t else ctx.period
    if base is None:
        base = _unit_point(ctx, "quarter", -1) if ("quarter" in t or "period" in t) else None
        if base is None:
            p = _unit_point(ctx, "year", -1)
            return _date_n(p, "XXXX", "dct")
        anchor = "dct"
    else:
        anchor = "text"
    p = shift(base, -1, "year")
    return _N("DATE", p.value() if p else "XXXX", p, anchor=anchor, sets_ref=False)


# ------------------------------------------------------------------ durations and offsets


def _duration_value(n: float | None, code: str) -> str:
    """P3Y, PT5H, PXD, P2Y6M ..."""
    t = "T" if code in ("H", "S") or code == "MIN" else ""
    unit = {"MIN": "M", "DE": "Y", "CE": "Y"}.get(code, code)
    mult = {"DE": 10, "CE": 100}.get(code, 1)
    if n is None:
        # "for centuries": TimeBank writes an unknown number of centuries with its own unit
        # (PXC); unknown decades stay in years (PXY), as it writes "decades-long"
        vague = {"DE": "Y", "CE": "C", "WE": "WE"}.get(code, unit)
        return f"P{t}X{vague}"
    n *= mult
    if code == "WE":
        return f"P{int(n)}WE"
    if n == int(n):
        return f"P{t}{int(n)}{unit}"
    whole, frac = int(n), n - int(n)
    sub = {"Y": (12, "M"), "D": (24, "H"), "H": (60, "M"), "MIN": (60, "S")}.get(code)
    if sub and (frac * sub[0]) == int(frac * sub[0]):
        t2 = "T" if code == "D" else t
        head = f"{whole}{unit}" if whole else ""
        lead, mid = (t, "") if code != "D" else ("", t2)
        return f"P{lead}{head}{mid}{int(frac * sub[0])}{sub[1]}"
    return f"P{t}{n:g}{unit}"


def _unit_code(word: str) -> str:
    w = word.lower().rstrip("s")
    if w == "minute":
        return "MIN"
    if w == "centurie":
        w = "century"
    return UNITS.get(w, "D")


_DUR_PRE = r"(?:the|a|an|its|their|his|her|our|this|another)"
_DUR_RANGE = (
    r"past|last|next|first|coming|previous|final|remaining|latest|following|initial|recent|"
    r"preceding|last\s+few|past\s+few|next\s+few|coming\s+few|several|few"
)


@_rule(
    "offset",
    rf"(?P<num>{NUM})(?:[\s-]+(?:more|additional|full|calendar|trading|business|working))?"
    rf"[\s-]+(?P<unit>{UNIT})(?P<orso>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|back|hence|from\s+now|"
    r"previously|since|prior|afterward|afterwards|on)(?!\w)",
    needs=(UNIT_STEMS,),
)
def _offset(m: re.Match[str], ctx: _Ctx) -> _N | None:
    direction = _g(m, "dir") or ""
    right = ctx.text[m.end() : m.end() + 3]
    if direction in ("before", "after", "prior", "since", "on") and not re.match(
        r"\s*(?:[,.;:)]|$)", right
    ):
        return None  # "two days after the vote": the duration alone is the timex
    numtxt = _g(m, "num") or "a"
    n = parse_number(numtxt)
    code = _unit_code(m.group("unit"))
    sign = -1 if direction in ("ago", "earlier", "before", "back", "previously", "prior") else 1
    use_ref = direction not in ("ago", "back", "hence", "from now")
    if n is None:
        if use_ref:
            # "a few days later": some days after the story's last date, neither past nor
            # future of the publication; only the stretch of time can be stated
            return None
        return _N("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None, sets_ref=False)
    k = int(n)
    gran = {"Y": "year", "M": "month", "W": "week", "D": "day", "DE": "year", "CE": "year",
            "Q": "quarter", "H": "time", "MIN": "time", "S": "time",
            "WE": "week"}[code]  # fmt: skip
    unit = {"Y": "year", "M": "month", "W": "week", "D": "day", "DE": "decade",
            "CE": "century", "Q": "quarter", "WE": "week"}.get(code)  # fmt: skip
    if unit is None:
        # hours/minutes: "three hours later" is a time we cannot pin without a clock
        return _N("DURATION", _duration_value(n, code), None, sets_ref=False)
    base: Point | None
    anchor = "dct"
    if use_ref and ctx.ref is not None and ctx.ref.year is not None:
        base, anchor = ctx.ref, "text"
    else:
        base = Point.of_date(ctx.dct) if ctx.dct else None
    if code == "Y" and k == 1 and ctx.period is not None and n == 1:
        # financial "a year ago" compares like periods: the quarter just discussed
        p = shift(ctx.period, sign, "year")
        return _N("DATE", p.value() if p else "XXXX", p, anchor="text", sets_ref=False)
    if base is None:
        return _N("DATE", "XXXX-XX-XX" if gran == "day" else "XXXX", None, sets_ref=False)
    p = shift(base, sign * k, unit)
    if p is None:
        return _N("DATE", "XXXX", None, sets_ref=False)
    if (
        gran != "time"
        and p.gran != gran
        and base.gran not in ("quarter", "half", "season")
        and GRAN_RANK.get(base.gran, 0) <= GRAN_RANK.get(gran, 0)
    ):
        # "two months ago" is a month, "a year earlier" a year: the unit sets the granularity
        start = p.start_date()
        if start is not None:
            p = Point.of_date(start, gran)
    return _N("DATE", p.value(), p, "APPROX" if m.group("orso") else None, anchor, sets_ref=False)


@_rule(
    "duration",
    rf"(?:(?P<det>{_DUR_PRE})\s+)?(?:(?P<rng>{_DUR_RANGE})\s+)?(?P<num>{NUM})"
    r"(?:\s+(?:to|or)\s+(?P<num2>" + NUM + r"))?"
    r"(?:[\s-]+(?:more|additional|further|full|straight|consecutive|trading|business|calendar|"
    r"working|long))?"
    rf"[\s-]+(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?P<long>[\s-]+(?:long|old))?(?!\w|-\w)",
    needs=(UNIT_STEMS,),
)
def _duration(m: re.Match[str], ctx: _Ctx) -> _N | None:
    unit_word = m.group("unit").lower()
    numtxt = _g(m, "num") or "a"
    right = ctx.text[m.end() : m.end() + 6].lower()
    if numtxt in ("a", "an") and unit_word == "second":
        return None  # "a second term"
    if _ROUND_THE_CLOCK.match(ctx.text, m.start()) or _ROUND_THE_CLOCK_TAIL.search(
        ctx.text, max(0, m.start() - 24), m.end()
    ):
        return None  # "24 hours a day": an idiom for "always", neither a span nor a rate
    if _WORTH_OF_PAY.match(ctx.text, m.end()):
        return None  # "a bonus equal to six months of base pay": an amount of money
    if numtxt in ("a", "an") and (unit_word.endswith("s") or m.group("long")):
        return None  # "a decades-long feud", "an hour-long speech": the article is the noun's
    if (
        numtxt in ("one", "some")
        and unit_word == "day"
        and not m.group("det")
        and _MODAL_LEFT.search(ctx.text, max(0, m.start() - 12), m.start())
    ):
        return _N("DATE", "FUTURE_REF", None, sets_ref=False)  # "they will one day return"
    if unit_word.startswith("quarter") and right.startswith(" of"):
        return None  # "a quarter of the country"
    if numtxt in ("some", "many") and not unit_word.endswith("s"):
        return None
    if m.group("long") and "old" in m.group("long").lower():
        return None  # ages ("a 44-year-old protester") are not time expressions
    n = parse_number(numtxt)
    if numtxt in ("a", "an") and unit_word in ("day", "night", "week", "month", "year", "hour"):
        if _FREQUENCY_LEFT.search(ctx.text, max(0, m.start() - 16), m.start()):
            return _N("SET", _duration_value(1, _unit_code(unit_word)), None, sets_ref=False)
        if _QUANTITY_LEFT.search(ctx.text, max(0, m.start() - 48), m.start()):
            return None  # "$2 million a year", "four flights a week": a rate of something else
    if m.group("num2"):
        n = None  # "two to three weeks": a range
    elif n is not None and m.group("half"):
        n += 0.5  # "a minute and a half"
    code = _unit_code(unit_word)
    return _N("DURATION", _duration_value(n, code), None, sets_ref=False)


_ROUND_THE_CLOCK = re.compile(
    r"(?:24|twenty-four)\s+hours\s+a\s+day|seven\s+days\s+a\s+week|365\s+days\s+a\s+year", re.I
)
_ROUND_THE_CLOCK_TAIL = re.compile(rf"(?:{_ROUND_THE_CLOCK.pattern})$", re.I)
_WORTH_OF_PAY = re.compile(
    r"(?:\s+of|'s?)\s+(?:(?:his|her|their|its|base|basic|annual|full)\s+)?"
    r"(?:pay|salary|salaries|wages?|severance|earnings)\b",
    re.I,
)
# "twice a week" counts occurrences in time (a SET); "$2 million a year" or "four flights a
# week" is a rate of money or things per unit of time, which TimeBank mostly leaves unmarked.
_FREQUENCY_LEFT = re.compile(r"\b(?:twice|once|thrice|times)\s+$", re.I)
_QUANTITY_LEFT = re.compile(
    rf"(?:\$\s*\d[\d,.]*|(?<![\w$.,])(?!(?:1[89]|20)\d\d\b)\d[\d,.]*|\b(?:{NUM_WORD}))"
    r"(?:\s+(?:thousand|million|billion))?\s*(?:%|percent)?(?:\s+(?:and|to|or)\s+\$?\d[\d,.]*)?"
    # then the plural noun counted ("seats", "Canadian dollars"), not a clause
    r"(?:(?:\s+(?!(?:the|an?|for|in|on|at|of|over|within|during|after|before|about|and|or|but"
    r"|than)\b)[a-z]+){0,2}\s+[a-z]+s)?\s+$",
    re.I,
)


# "a few weeks", "a couple of days": the article belongs to the quantity.
_ARTICLE_QUANTITY = re.compile(r"an?\s+(?:few|couple|dozen|half)\b", re.I)
_MODAL_LEFT = re.compile(
    r"\b(?:will|would|could|can|may|might|should|must|to|not|'ll|cannot)\s+$", re.I
)


def _adjectival(m: re.Match[str]) -> bool:
    """'the two-year-long war': the determiner belongs to the noun, not the duration."""
    return bool(m.group("long")) or "-" in m.string[m.start("num") : m.start("unit")]


@_rule(
    "unit_long",
    r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries"
    r"|century)-long(?![\w-])",
    needs=(("-long",),),
)
def _unit_long(m: re.Match[str], ctx: _Ctx) -> _N | None:
    """'a day-long meeting' lasts one day; 'a decades-long feud' an unknown number of them."""
    word = m.group("unit").lower()
    plural = word.endswith("s")
    return _N("DURATION", _duration_value(None if plural else 1, _unit_code(word)), None,
              sets_ref=False)  # fmt: skip


@_rule(
    "vague_dur",
    r"(?P<w>a\s+while|some\s+time|a\s+long\s+time|a\s+(?:fairly\s+)?(?:long|lengthy|short)\s+(?:time|period))",
    needs=(("while", "time", "period"),),
)
def _vague_dur(m: re.Match[str], ctx: _Ctx) -> _N | None:
    left = ctx.text[max(0, m.start() - 8) : m.start()].lower()
    if not re.search(r"\b(?:for|in|after|within|take|took|takes)\s+$", left):
        return None
    return _N("DURATION", "PXX", None, sets_ref=False)


# Words after which a bare plural unit is a stretch of time ("lasted decades").
_SPAN_VERB = re.compile(
    r"\b(?:for|within|over|in|after|took|take|takes|taking|lasted|lasts|lasting|spent|spend"
    r"|spanned|spanning|spans)\s+$"
)


@_rule(
    "vague_plural",
    r"(?:(?P<the>the)\s+)?(?:(?P<q>recent|coming|past|next|last|several|few|many|previous|ensuing"
    r"|following)\s+)?(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries|quarters)"
    r"(?:\s+ahead)?",
    needs=(UNIT_STEMS,),
)
def _vague_plural(m: re.Match[str], ctx: _Ctx) -> _N | None:
    q = _g(m, "q")
    left = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if not q and not _SPAN_VERB.search(left):
        return None
    if q in ("next", "last", "past", "previous", "following") and not m.group("the"):
        return None
    right = ctx.text[m.end() : m.end() + 6].lower()
    if re.match(r"\s*(?:of|'|-)", right):
        return None
    code = _unit_code(m.group("unit"))
    if q == "recent" and code == "Y":
        return _N("DATE", "PAST_REF", None, sets_ref=False)  # TimeBank's reading of "recent years"
    return _N("DURATION", _duration_value(None, code), None, sets_ref=False)


# ------------------------------------------------------------------ sets and generic refs

_SET_WORDS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M", "biweekly": "P2W",
    "semiannually": "P6M", "annual": "P1Y",
}  # fmt: skip


@_rule(
    "set_word",
    r"(?<![\w-])(?:daily|weekly|monthly|yearly|hourly|nightly|biweekly)(?![\w-])",
    needs=(("daily", "weekly", "monthly", "yearly", "hourly", "nightly"),),
)
def _set_word(m: re.Match[str], ctx: _Ctx) -> _N | None:
    return _N("SET", _SET_WORDS[m.group(0).lower()], None, sets_ref=False)


@_rule(
    "set_every",
    rf"(?:every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{NUM})\s+)?"
    rf"(?:(?P<unit>{UNIT})|(?P<wd>{WEEKDAY})|(?P<mon>{MONTH})|(?P<season>{SEASON}))(?![\w-])"
    rf"|(?P<wds>(?-i:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays))"
    rf"(?:\s+(?P<part>mornings|afternoons|evenings|nights))?",
    needs=(("every", "each", "per", "days"),),
)
def _set_every(m: re.Match[str], ctx: _Ctx) -> _N | None:
    if (
        m.group(0)[:3].lower() == "per"
        and not _FREQUENCY_LEFT.search(ctx.text, max(0, m.start() - 16), m.start())
        and _QUANTITY_LEFT.search(ctx.text, max(0, m.start() - 48), m.start())
    ):
        return None  # "15 million instructions per second": a speed, not a frequency
    if m.group("wds"):
        wd = WEEKDAYS[m.group("wds").lower()[:-1]]
        part = _g(m, "part")
        tod = DAYPART_CODE[part[:-1]] if part else ""
        return _N("SET", f"XXXX-WXX-{wd + 1}{tod}", None, sets_ref=False)
    if m.group("wd"):
        return _N("SET", f"XXXX-WXX-{WEEKDAYS[m.group('wd').lower()] + 1}", None, sets_ref=False)
    if m.group("mon"):
        return _N("SET", f"XXXX-{month_number(m.group('mon')):02d}", None, sets_ref=False)
    if m.group("season"):
        return _N("SET", f"XXXX-{SEASONS[_g(m, 'season') or 'summer']}", None, sets_ref=False)
    n = parse_number(_g(m, "num") or "1") or 1
    if m.group("other"):
        n *= 2
    code = _unit_code(m.group("unit"))
    return _N("SET", _duration_value(n, code), None, sets_ref=False)


_REFS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "at present": "PRESENT_REF", "these days": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "for the time being": "PRESENT_REF", "current": "PRESENT_REF",
    "presently": "PRESENT_REF", "recently": "PAST_REF", "lately": "PAST_REF",
    "previously": "PAST_REF", "the past": "PAST_REF",
    "more recently": "PAST_REF", "until recently": "PAST_REF", "once": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "soon": "FUTURE_REF",
    "shortly": "FUTURE_REF", "the coming days": "FUTURE_REF", "a later date": "FUTURE_REF",
    "the long run": "FUTURE_REF", "the short run": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
    "recent": "PAST_REF", "earlier": "PAST_REF", "the time": "PAST_REF",
    "the foreseeable future": "FUTURE_REF", "the distant future": "FUTURE_REF",
    "the immediate future": "FUTURE_REF", "the recent past": "PAST_REF",
    "the distant past": "PAST_REF", "the present": "PRESENT_REF",
    "then current": "PAST_REF", "then-current": "PAST_REF",
}  # fmt: skip


@_rule(
    "ref",
    r"(?<![\w-])(?:right\s+now|now|currently|at\s+present|these\s+days|nowadays|"
    r"(?:more\s+|until\s+)?recently|lately|"
    r"the\s+(?:near\s+|foreseeable\s+|distant\s+|immediate\s+)?future|the\s+(?:recent\s+|distant\s+)?past|"
    r"the\s+(?:near|short|long)\s+term|a\s+later\s+date|"
    r"as\s+soon\s+as\s+possible|recent|the\s+present|(?:then[\s-])?current|(?<!as\s)soon)(?![\w-])",
    needs=(
        ("now", "current", "present", "days", "recent", "late", "future", "past", "term", "soon"),
    ),
)
def _ref(m: re.Match[str], ctx: _Ctx) -> _N | None:
    key = " ".join(m.group(0).lower().split())
    right = ctx.text[m.end() : m.end() + 20].lower()
    if key == "soon" and re.match(
        r"\s+(?:as|after|afterwards?|thereafter|became|began|\w+ed)\b", right
    ):
        return None  # "as soon as", "soon after the vote", "soon became": not a future reference
    if key.endswith("current") and re.match(r"\s+(?:account|accounts|affairs|events)\b|-", right):
        return None  # "current account": economics, not time
    if key == "recent":
        if not re.match(r"\s+(?:days|weeks|months|years|times|history|decades|past|period|"
                        r"session|sessions|trading)\b", right):  # fmt: skip
            return None
        if re.match(r"\s+(?:days|weeks|months|years|decades|past)", right):
            return None  # handled as a vague plural or "the recent past"
    if key in ("the past", "the future") and re.match(
        r"\s+(?:year|month|week|few|\d|two|three|several|decade|quarter)", right
    ):
        return None
    if key == "the future" and re.match(r"\s+of\b", right):
        return None  # "the future of the alliance": what becomes of it, not a time
    if (
        key == "now"
        and right.startswith(",")
        and _SENTENCE_OPENING.search(ctx.text, max(0, m.start() - 12), m.start())
    ):
        return None  # "Now, the envoy said, ...": a discourse marker turning the story
    return _N("DATE", _REFS[key], None, sets_ref=False)


# Where a sentence (or a quotation inside one) begins.
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;]\s*|\n)[\s\"'`“‘(]*$")


@_rule(
    "holiday",
    r"(?:(?P<rel>last|this|next)\s+)?(?-i:(?P<h>Christmas(?:\s+Eve|\s+Day)?|New\s+Year's(?:\s+Eve|\s+Day)?"
    r"|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday|\s+Monday)?|Independence\s+Day|Halloween|Labor\s+Day"
    r"|Memorial\s+Day|Election\s+Day|Valentine's\s+Day|Good\s+Friday|Veterans\s+Day|Boxing\s+Day)(?!\w))"
    rf"(?P<week>\s+week(?!\w))?(?:\s+(?P<year>{YEAR4}))?",
    needs=(("christmas", "year", "thanksgiving", "easter", "day", "halloween"),),
)
def _holiday(m: re.Match[str], ctx: _Ctx) -> _N | None:
    name = " ".join(m.group("h").split())

    def on(y: int) -> dt.date:
        fixed = {"Christmas": (12, 25), "Christmas Day": (12, 25), "Christmas Eve": (12, 24),
                 "New Year's": (1, 1), "New Year's Day": (1, 1), "New Year's Eve": (12, 31),
                 "Independence Day": (7, 4), "Halloween": (10, 31), "Valentine's Day": (2, 14),
                 "Veterans Day": (11, 11), "Boxing Day": (12, 26)}  # fmt: skip
        if name in fixed:
            return dt.date(y, *fixed[name])
        if name.startswith("Thanksgiving"):
            return nth_weekday(y, 11, 3, 4)
        if name == "Labor Day":
            return nth_weekday(y, 9, 0, 1)
        if name == "Memorial Day":
            return nth_weekday(y, 5, 0, -1)
        if name == "Election Day":
            return nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1)
        e = easter(y)
        return e + dt.timedelta(days={"Easter Monday": 1, "Good Friday": -2}.get(name, 0))

    # "Easter week": the calendar week that holds the holiday
    gran = "week" if m.group("week") else "day"
    if m.group("year"):
        return _date_n(Point.of_date(on(int(m.group("year"))), gran), "", "absolute")
    if ctx.dct is None:
        return _N("DATE", "XXXX-WXX" if gran == "week" else "XXXX-XX-XX", None, sets_ref=False)
    y0 = ctx.dct.year
    spans = [Point.of_date(on(y), gran).interval() for y in (y0 - 1, y0, y0 + 1)]
    rel = _g(m, "rel")
    tense = ctx.tense(m.start(), m.end())
    if rel == "last" or (rel is None and tense == "past"):
        pick = max(first for first, _ in spans if first <= ctx.dct)  # it has begun
    elif rel == "next" or (rel is None and tense == "future"):
        pick = min(first for first, last in spans if last >= ctx.dct)  # it has not ended
    else:
        pick = spans[1][0]
    return _date_n(Point.of_date(pick, gran), "")


# --------------------------------------------------------------------------- assembly

_PRE_MOD = re.compile(
    r"(?:\b(?P<the>the\s+)?(?P<w>very\s+early|early|late|earlier|later|mid|middle\s+of|end\s+of|beginning\s+of|"
    r"start\s+of|close\s+of|turn\s+of|(?:first|second|latter|last)\s+half\s+of)(?:\s+the)?[\s-]*)$",
    re.I,
)
_PRE_MOD_VALUE = {
    "very early": "START", "early": "START", "late": "END", "mid": "MID", "earlier": "START",
    "later": "END", "middle of": "MID",
    "end of": "END", "beginning of": "START", "start of": "START", "close of": "END",
    "turn of": "START", "first half of": "START", "second half of": "END", "latter half of": "END",
    "last half of": "END",
}  # fmt: skip
_QTY_MOD = re.compile(
    r"(?:\b(?P<w>about|around|approximately|roughly|nearly|almost|some|more\s+than|over|"
    r"less\s+than|under|at\s+least|at\s+most|up\s+to|within|no\s+more\s+than|fewer\s+than|"
    r"just\s+over|just\s+under|well\s+over|upwards\s+of|no\s+less\s+than|close\s+to)\s+)$",
    re.I,
)
_QTY_MOD_VALUE = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "close to": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "just over": "MORE_THAN",
    "well over": "MORE_THAN", "upwards of": "MORE_THAN", "less than": "LESS_THAN",
    "under": "LESS_THAN", "fewer than": "LESS_THAN", "just under": "LESS_THAN",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
}  # fmt: skip
_POST_MOD = re.compile(
    r"\s+(?P<w>or\s+so|or\s+more|or\s+less|or\s+later|or\s+earlier|and\s+beyond|onwards?)(?!\w)",
    re.I,
)
_POST_MOD_VALUE = {
    "or so": "APPROX", "or more": "EQUAL_OR_MORE", "or less": "EQUAL_OR_LESS",
    "or later": "ON_OR_AFTER", "or earlier": "ON_OR_BEFORE", "and beyond": "ON_OR_AFTER",
    "onward": "ON_OR_AFTER", "onwards": "ON_OR_AFTER",
}  # fmt: skip
_SIGNAL = re.compile(
    r"(?:\b(?P<w>ever\s+since|since|until|till|through|before|after|prior\s+to|from|between|"
    r"starting(?:\s+in|\s+on)?|beginning(?:\s+in|\s+on)?|as\s+of|by|as\s+early\s+as|"
    r"no\s+later\s+than|not\s+before|not\s+until)\s+(?:(?:in|on|at|about|around)\s+)?)$",
    re.I,
)
_DAY_BEFORE = re.compile(r"\b(?:the\s+)?(?P<d>day\s+(?P<w>before|after))\s+$", re.I)
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|and|-|–|—)\s*$", re.I)
_APPOSITION = re.compile(r"^\s*,\s*(?:in|on|during|around|or|that\s+is,?)?\s*$", re.I)
# A cheap gate: texts without a digit, a month name or any of these words cannot contain a
# time expression (looked up with the rules' trigger words, in one pass over the text).
_GATE_WORDS = frozenset(
    {
        "day", "week", "month", "year", "quarter", "half", "season", "spring", "summer", "fall",
        "autumn", "winter", "now", "current", "recent", "previous", "future", "past", "soon",
        "shortly", "earlier", "lately", "term", "run", "decade", "centur", "hour", "minute",
        "second", "night", "noon", "ties", "time", "christmas", "easter", "thanksgiving",
        "halloween", "once", "nowadays", "tomorrow", "morning", "afternoon", "evening", "while",
        "fortnight", "present", "daily", "weekly", "monthly", "annually", "yearly", "hourly",
        "nineteen", "thousand",
        DIGIT,
    }
)  # fmt: skip
_GATE_MONTH = re.compile(MONTH)  # case-sensitive: "may" and "march" are verbs


def _apply(idx: int, m: re.Match[str], ctx: _Ctx) -> _N | None:
    try:
        return _RULES[idx].fn(m, ctx)
    except (ValueError, OverflowError):
        return None  # arithmetic beyond the calendar ("twenty-five centuries ago" in year 1)


# Time words that are lowercase in running text; capitalized inside a sentence they are
# part of a name ("CBS's 60 Minutes", "This is VOA Today").
_TITLE_WORD = re.compile(
    r"(?-i:Today|Tonight|Tomorrow|Yesterday|Days|(?:Second|Minute|Hour|Night|Week|Month|Year)s?)\b"
)  # not "Day": holidays are capitalized ("Election Day")


def _title_case(text: str, start: int, end: int) -> bool:
    """A capitalized time word inside a sentence: a programme or a title, not a time."""
    if not _TITLE_WORD.search(text, start, end):
        return False
    before = text[max(0, start - 40) : start].rstrip(" \t")
    if before.endswith("("):
        return False  # a parenthesis opens a phrase of its own
    quoted = before.rstrip("'\"`‘’“”")
    # after an opening quote a comma or colon starts a quotation ('he said, "Today ...'),
    # while a word before it names the quoted title ('on CBS's "60 Minutes"')
    starts = ".!?:;\n-_" + (",\t " if len(quoted) < len(before) else "")
    return bool(quoted.rstrip()) and quoted.rstrip()[-1] not in starts


_TRIGGER_WORDS = frozenset(w for rule in _RULES for group in rule.needs for w in group)
_LOOKED_UP = _TRIGGER_WORDS | _GATE_WORDS


def _select(
    text: str, ctx: _Ctx, present: frozenset[str]
) -> list[tuple[int, int, int, re.Match[str]]]:
    """Candidate matches of the rules that may match (``present``: their trigger words)."""
    cands: list[tuple[int, int, int, re.Match[str]]] = []
    for idx, rule in enumerate(_RULES):
        if not may_match(rule.needs, present):
            continue
        for m in rule.rx.finditer(text):
            if m.end() > m.start():
                cands.append((m.start(), m.end(), idx, m))
    # Longest first, then earlier rules win ties; keep non-overlapping candidates that
    # their rule accepts (a rejected long match must not hide a shorter good one).
    cands.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int, int, re.Match[str]]] = []
    for c in cands:
        if (
            all(c[1] <= t[0] or c[0] >= t[1] for t in taken)
            and not _title_case(text, c[0], c[1])
            and _apply(c[2], c[3], ctx)
        ):
            taken.append(c)
    taken.sort()
    return taken


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    while start < end and text[start] in " \t\n":
        start += 1
    return start, end


def _build(text: str, start: int, end: int, n: _N) -> TimeExpression:
    iv = n.point.interval() if (n.point is not None and n.type in ("DATE", "TIME")) else None
    if iv and n.until and n.until > iv[1]:
        iv = (iv[0], n.until)
    return TimeExpression(
        start=start,
        end=end,
        text=text[start:end],
        type=n.type,
        value=n.value,
        mod=n.mod,
        interval_start=iv[0].isoformat() if iv else None,
        interval_end=iv[1].isoformat() if iv else None,
        granularity=(n.point.gran if n.point.gran != "day" or not n.point.tod else "time")
        if (n.point is not None and iv)
        else None,
        anchor="absolute" if n.type in ("DURATION", "SET") else n.anchor,
    )


def find_timexes(text: str, dct: dt.date | None) -> list[TimeExpression]:
    """Find and normalize time expressions in ``text`` against the creation date ``dct``."""
    if isinstance(dct, dt.datetime):
        dct = dct.date()
    if not text:
        return []
    if text.isascii():
        return _find(text, dct)
    # The rules match case-insensitively, which lets "ſ" (long s) match "s" and so on; their
    # word tables are ASCII, so they read the text with those few look-alikes spelled in
    # ASCII (one character each: offsets hold) and report the original words.
    found = _find(text.translate(ASCII_LOOKALIKES), dct)
    for tx in found:
        tx.text = text[tx.start : tx.end]
    return found


def _find(text: str, dct: dt.date | None) -> list[TimeExpression]:
    present = present_words(text, _LOOKED_UP)
    if present.isdisjoint(_GATE_WORDS) and not _GATE_MONTH.search(text):
        return []
    ctx = _Ctx(text, dct)
    out: list[TimeExpression] = []
    norms: list[_N] = []
    for start, end, idx, m in _select(text, ctx, present):
        n = _apply(idx, m, ctx)
        if n is None:
            continue
        if (
            _RULES[idx].name == "duration"
            and m.group("det")
            and not m.group("rng")
            and (_adjectival(m) or m.group("det").lower() != "the")
            and not _ARTICLE_QUANTITY.match(text, m.start("det"))
        ):
            start = m.start("num")  # "a two-day visit", "its 10-year plan": not the article
        elif (
            _RULES[idx].name == "duration"
            and not m.group("det")
            and (m.group("rng") or "").lower() == "last"
            and _MODAL_LEFT.search(text, max(0, start - 12), start)
        ):
            start = m.start("num")  # "talks may last two weeks": the verb, not "the last"
        elif _RULES[idx].name == "quarter" and m.group("det") and m.group("ord"):
            det = m.group("det").lower()
            hyphen = "-" in text[m.end("ord") : m.start("unit")]
            if det in ("its", "that") or (det == "the" and hyphen):
                start = m.end("det")  # "its third-quarter loss": the quarter alone
        s, e = _trim(text, start, end)
        if e <= s:
            continue
        # Modifiers around the core: "early", "the end of", "about", "or so".
        if n.type in ("DATE", "TIME"):
            pm = _PRE_MOD.search(text, max(0, s - 24), s)
            if pm and n.mod is None and pm.end() == s:
                n.mod = _PRE_MOD_VALUE[" ".join(pm.group("w").lower().split())]
                s = pm.start()
        qm = _QTY_MOD.search(text, max(0, s - 16), s)
        if qm and text[s : s + 4].lower() == "the ":
            qm = None  # "over the past decade": a preposition
        if qm and qm.end() == s and (n.type == "DURATION" or re.search(r"\d|\b(?:ago|earlier|"
                                     r"later)\b", text[s:e], re.I)):  # fmt: skip
            w = " ".join(qm.group("w").lower().split())
            if not (w == "some" and n.type != "DURATION") and not (
                w == "over" and n.type != "DURATION"
            ):
                n.mod = n.mod or _QTY_MOD_VALUE[w]
                if w not in ("within", "about", "over"):
                    s = qm.start()  # TimeBank leaves these prepositions outside the extent
        db = _DAY_BEFORE.search(text, max(0, s - 20), s)
        if db and db.end() == s and n.type == "DATE" and n.point is not None:
            # "the day before last Tuesday's hearing": a day next to a stated day
            day = n.point.start_date() if n.point.gran == "day" and not n.point.tod else None
            if day is not None:
                day += dt.timedelta(days=-1 if db.group("w").lower() == "before" else 1)
                n = _N("DATE", Point.of_date(day).value(), Point.of_date(day), n.mod, n.anchor)
                s = db.start("d")
        post = _POST_MOD.match(text, e)
        if post:
            n.mod = n.mod or _POST_MOD_VALUE[" ".join(post.group("w").lower().split())]
            e = post.end()
        if out and s < out[-1].end:
            continue  # a modifier grew into the previous expression
        tx = _build(text, s, e, n)
        out.append(tx)
        norms.append(n)
        if n.sets_ref and n.point is not None and n.type in ("DATE", "TIME"):
            ctx.ref = n.point
        if n.point is not None and n.point.gran == "quarter" and n.anchor != "text":
            q_end = n.point.interval()[1] if n.point.year else None
            if ctx.dct is None or q_end is None or q_end < ctx.dct:
                ctx.quarter = ctx.period = n.point  # a reported quarter, not a forecast one
        elif n.type == "DURATION" and _REPORTED_MONTHS.fullmatch(tx.text):
            # "For the nine months, ... a year earlier": the same months a year before
            year = ctx.quarter.year if ctx.quarter is not None else None
            year = year or (ctx.dct.year if ctx.dct is not None else None)
            ctx.period = Point("year", year) if year else None
    _apply_signals(text, out)
    return _merge_appositions(text, out)


# The months a company reports on together: "the first nine months", "the six months".
_REPORTED_MONTHS = re.compile(r"the\s+(?:(?:first|latest|past)\s+)?(?:nine|six)\s+months", re.I)


def _apply_signals(text: str, out: list[TimeExpression]) -> None:
    """Open and bounded intervals from the words around an expression (not part of its extent)."""
    for i, tx in enumerate(out):
        if tx.type not in ("DATE", "TIME") or tx.interval_start is None:
            continue
        sig = _SIGNAL.search(text, max(0, tx.start - 30), tx.start)
        if not sig or sig.end() != tx.start:
            continue
        w = " ".join(sig.group("w").lower().split())
        if w in ("since", "ever since", "starting", "starting in", "starting on", "beginning",
                 "beginning in", "beginning on", "as early as", "not before"):  # fmt: skip
            tx.signal, tx.open_end, tx.interval_end = "since", True, None
        elif w in ("until", "till", "through", "by", "no later than", "not until"):
            tx.signal, tx.open_start, tx.interval_start = "until", True, None
        elif w in ("before", "prior to") and tx.interval_start > "0001-01-01":
            d = dt.date.fromisoformat(tx.interval_start) - dt.timedelta(days=1)
            tx.signal, tx.open_start = "before", True
            tx.interval_start, tx.interval_end = None, d.isoformat()
        elif w == "after" and tx.interval_end is not None and tx.interval_end < "9999-12-31":
            d = dt.date.fromisoformat(tx.interval_end) + dt.timedelta(days=1)
            tx.signal, tx.open_end = "after", True
            tx.interval_start, tx.interval_end = d.isoformat(), None
        elif w in ("from", "between") and i + 1 < len(out):
            nxt = out[i + 1]
            if nxt.interval_end and _RANGE_JOIN.match(text[tx.end : nxt.start] + " "):
                joined = text[tx.end : nxt.start]
                if (w == "between") == bool(re.search(r"\band\b", joined, re.I)) or w == "from":
                    for t in (tx, nxt):
                        t.signal = w
                        t.interval_start, t.interval_end = tx.interval_start, nxt.interval_end


def _merge_appositions(text: str, out: list[TimeExpression]) -> list[TimeExpression]:
    """'a year earlier, in the fall of 2022' is one date: the explicit part wins."""
    merged: list[TimeExpression] = []
    for tx in out:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.type == "DATE"
            and tx.type == "DATE"
            and tx.anchor == "absolute"
            and re.search(r"\b(?:earlier|later|ago)$", prev.text, re.I)
            and _APPOSITION.match(text[prev.end : tx.start])
        ):
            assert prev is not None
            tx.start, tx.text = prev.start, text[prev.start : tx.end]
            merged[-1] = tx
            continue
        merged.append(tx)
    return merged


# --------------------------------------------------------------------------- publication date

_YEAR_ANY = re.compile(rf"(?<![\d,.$])({YEAR4})")


def latest_explicit_date(text: str) -> dt.date | None:
    """The latest day-granular date the text states.

    A yearless "December 24" takes the year of the nearest stated full date (or bare
    year), or a neighbouring year when a stated weekday needs it.
    """
    found: list[tuple[int, dt.date | None, int, int, int | None]] = []
    for rx_name in ("mdy", "dmy", "iso", "numeric"):
        rx = next(rule.rx for rule in _RULES if rule.name == rx_name)
        for m in rx.finditer(text):
            gd = m.groupdict()
            try:
                if rx_name in ("mdy", "dmy"):
                    month = month_number(gd["mon"])
                    day = int(re.sub(r"\D", "", gd["day"]))
                    wd = WEEKDAYS[gd["wd"].lower()] if gd.get("wd") else None
                    if gd.get("year"):
                        found.append((m.start(), dt.date(int(gd["year"]), month, day), 0, 0, None))
                    else:
                        found.append((m.start(), None, month, day, wd))
                else:
                    found.append((m.start(), _numeric_date(gd), 0, 0, None))
            except ValueError:
                continue
    full = [(pos, d) for pos, d, *_ in found if d is not None]
    years = [(m.start(), int(m.group(1))) for m in _YEAR_ANY.finditer(text)]
    best: dt.date | None = None
    for pos, d, month, day, wd in found:
        if d is None:
            if full:
                y0 = min(full, key=lambda f: abs(f[0] - pos))[1].year
            elif years:
                y0 = min(years, key=lambda f: abs(f[0] - pos))[1]
            else:
                continue
            d = None
            for y in (y0, y0 + 1, y0 - 1):
                try:
                    c = dt.date(y, month, day)
                except ValueError:
                    continue
                if wd is None or c.weekday() == wd:
                    d = c
                    break
            if d is None:
                continue
        if best is None or d > best:
            best = d
    return best
