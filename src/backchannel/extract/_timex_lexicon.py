"""Word lists and regex fragments for the time-expression finder."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7,
    "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
    "eleventh": 11, "11th": 11, "twelfth": 12, "12th": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
    "final": 4, "last": 4,
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a": 1, "an": 1, "single": 1, "dozen": 12, "hundred": 100, "thousand": 1000,
    "couple": 2, "a couple of": 2, "couple of": 2, "a dozen": 12, "a hundred": 100,
    "a thousand": 1000,
}  # fmt: skip

# Vague quantities give an X in the value (PXY).
VAGUE_NUMBERS = frozenset({"a few", "few", "several", "some", "many", "a number of", "numerous"})

UNITS: dict[str, str] = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE", "centurie": "CE", "weekend": "WE", "semester": "M",
}  # fmt: skip

UNIT_GRAN: dict[str, str] = {
    "D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "decade",
    "CE": "century", "WE": "weekend",
}  # fmt: skip

# --- regex fragments (compiled into bigger patterns in timex.py) -------------

_UNITS_1 = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUM_WORD = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS_1}))?|{_TEENS}|{_UNITS_1})"
NUM = (
    rf"(?<![\w.,])(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?(?!\d)(?:\s+1/2)?|{NUM_WORD}(?:\s+(?:hundred|thousand))?(?:\s+and\s+a\s+half)?"
    r"|a\s+couple\s+of|a\s+couple|couple\s+of|a\s+dozen|a\s+hundred|a\s+thousand|dozens\s+of|hundreds\s+of|a\s+few|few|several"
    r"|some|many|a\s+number\s+of|numerous|a|an|a\s+half|half\s+a|one\s+and\s+a\s+half)"
)
UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|centuries|century|weekends?)"
)
# Month names are case-sensitive so that "may" and "march" stay verbs.
MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER"
    r"|NOVEMBER|DECEMBER|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w'])"
)
WEEKDAY = (
    r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)(?!\w)"
)
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR4 = r"(?:1[6-9]\d\d|20\d\d)(?![\d%])"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
DAYPART = r"(?:morning|afternoon|evening|night|overnight)"
DAYPART_CODE = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI",
                "overnight": "TNI"}  # fmt: skip


# --- words each fragment cannot match without (lowercase; see _timex_prefilter) ----------

MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAY_NAMES = tuple(WEEKDAYS)
SEASON_WORDS = ("spring", "summer", "fall", "autumn", "winter")
DAYPART_WORDS = ("morning", "afternoon", "evening", "night")  # "overnight" holds "night"
# UNIT: "fortnight" holds "night", "weekend" holds "week", "centuries" holds "centur"
UNIT_STEMS = ("second", "minute", "hour", "day", "night", "week", "month", "quarter", "year",
              "decade", "centur")  # fmt: skip


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


_NUM_SPLIT = re.compile(r"[\s-]+")


def parse_number(text: str) -> float | None:
    """Parse '3', 'three', 'twenty-four', 'two and a half', '2 1/2'; None if vague."""
    t = " ".join(text.lower().split())
    if t in VAGUE_NUMBERS or t in ("dozens of", "hundreds of"):
        return None
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    if t in ("a half", "half a"):
        return 0.5
    half = 0.0
    for suffix in (" and a half", " 1/2"):
        if t.endswith(suffix):
            t, half = t[: -len(suffix)], 0.5
    t = t.replace(",", "")
    try:
        return float(t) + half
    except ValueError:
        pass
    total = 0.0
    for w in _NUM_SPLIT.split(t):
        if w in ("hundred", "thousand"):
            total = max(total, 1) * NUMBER_WORDS[w]
        elif w in NUMBER_WORDS:
            total += NUMBER_WORDS[w]
        else:
            return None
    return total + half


def spelled_year(text: str) -> int | None:
    """'nineteen ninety-seven' -> 1997; 'two thousand' -> 2000."""
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(words[2:]).replace("and ", "")) if len(words) > 2 else 0
        return None if rest is None else 2000 + int(rest)
    if len(words) >= 2 and words[0] in NUMBER_WORDS:
        hi = NUMBER_WORDS[words[0]]
        lo = parse_number(" ".join(words[1:]))
        if 10 <= hi <= 20 and lo is not None and lo < 100:
            return hi * 100 + int(lo)
    return None
