"""The time-expression stage: finding and normalizing dates, durations and sets."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backchannel.casefold import ASCII_LOOKALIKES
from backchannel.eval.timex import load_tml
from backchannel.extract import timex
from backchannel.extract._timex_prefilter import DIGIT, present_words
from backchannel.extract.timex import (
    _GATE_WORDS,
    TimeExpression,
    find_timexes,
    latest_explicit_date,
)
from backchannel.model import DateInfo

DCT = dt.date(2023, 12, 25)  # a Monday


def one(text: str, phrase: str, dct: dt.date | None = DCT) -> TimeExpression:
    """The expression that covers ``phrase`` in ``text``."""
    start = text.index(phrase)
    found = [t for t in find_timexes(text, dct) if t.start <= start < t.end]
    assert found, f"no time expression at {phrase!r}: {find_timexes(text, dct)}"
    return found[0]


# --- the required cases (publication date 2023-12-25) ------------------------------


def test_weekday_with_explicit_date() -> None:
    text = "The general spoke to troops on Tuesday (December 19, 2023) near the front."
    tx = one(text, "Tuesday")
    assert tx.text == "Tuesday (December 19, 2023)"
    assert (tx.type, tx.value) == ("DATE", "2023-12-19")
    assert (tx.interval_start, tx.interval_end, tx.granularity) == (
        "2023-12-19",
        "2023-12-19",
        "day",
    )
    assert tx.anchor == "absolute"


def test_weekday_with_yearless_date() -> None:
    text = "The paper reported on Sunday (December 24) that talks had stalled."
    tx = one(text, "Sunday")
    assert tx.text == "Sunday (December 24)"
    assert tx.value == "2023-12-24"


def test_open_interval_since() -> None:
    text = "He has been sending signals through go-betweens, at least since September, aides said."
    tx = one(text, "September")
    assert tx.value == "2023-09"
    assert tx.interval_start == "2023-09-01"
    assert tx.interval_end is None
    assert tx.open_end and not tx.open_start
    assert tx.signal == "since"


def test_year_earlier_in_apposition_to_a_season() -> None:
    text = (
        "Officials said the offer came on December 19, 2023. "
        "He had made a similar offer a year earlier, in the fall of 2022, they said."
    )
    tx = one(text, "a year earlier")
    assert tx.text == "a year earlier, in the fall of 2022"
    assert tx.value == "2022-FA"
    assert (tx.interval_start, tx.interval_end, tx.granularity) == (
        "2022-09-01",
        "2022-11-30",
        "season",
    )


def test_this_fall() -> None:
    tx = one("A diplomat who met his counterparts this fall was sceptical.", "this fall")
    assert tx.value == "2023-FA"
    assert (tx.interval_start, tx.interval_end) == ("2023-09-01", "2023-11-30")


def test_hyphenated_duration() -> None:
    tx = one("The two-year-long blockade has emptied the port.", "two-year")
    assert tx.text == "two-year-long"
    assert (tx.type, tx.value) == ("DURATION", "P2Y")
    assert tx.interval_start is None


# --- explicit and partial dates -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The treaty was signed on 8 March 2014 in Minsk.", "8 March 2014", "2014-03-08"),
        ("Shelling resumed on 2022-02-24, officials said.", "2022-02-24", "2022-02-24"),
        ("The envoy arrived in Feb. 2021 with a letter.", "Feb. 2021", "2021-02"),
        ("The accord dates from 1994.", "1994", "1994"),
        ("Relations thawed in the 1990s.", "1990s", "199"),
        ("Borders were redrawn in the 20th century.", "20th century", "19"),
    ],
)
def test_absolute_dates(text: str, phrase: str, value: str) -> None:
    tx = one(text, phrase)
    assert tx.value == value
    assert tx.anchor == "absolute"


def test_month_without_year_is_the_last_one_in_past_tense() -> None:
    tx = one("The ministers met in October to prepare the summit.", "October")
    assert tx.value == "2023-10"


def test_month_without_year_is_ahead_when_future() -> None:
    tx = one("The ministers will meet in March to prepare the summit.", "March")
    assert tx.value == "2024-03"
    assert (tx.interval_start, tx.interval_end) == ("2024-03-01", "2024-03-31")


def test_bare_may_is_a_verb() -> None:
    assert all(t.text != "May" for t in find_timexes("Talks May resume, he said.", DCT))
    assert one("The vote is due in May.", "May").value == "2024-05"


# --- weekdays -------------------------------------------------------------------------


def test_bare_weekday_in_past_sentence_is_the_last_one() -> None:
    tx = one("The foreign minister said Thursday that no deal was near.", "Thursday")
    assert tx.value == "2023-12-21"


def test_weekday_in_future_sentence_is_the_next_one() -> None:
    tx = one("The delegations will meet again on Thursday in Doha.", "Thursday")
    assert tx.value == "2023-12-28"


def test_weekday_that_contradicts_its_date_keeps_the_date() -> None:
    tx = one("He spoke on Friday (December 19, 2023).", "Friday")
    assert tx.value == "2023-12-19"


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("last Friday", "2023-12-22"), ("next Tuesday", "2023-12-26")],
)
def test_last_and_next_weekday(phrase: str, value: str) -> None:
    assert one(f"The envoys met {phrase} in Vienna.", phrase).value == value


# --- last / this / next + unit, seasons, quarters, halves, fiscal years -------------


@pytest.mark.parametrize(
    ("phrase", "value", "start", "end"),
    [
        ("last year", "2022", "2022-01-01", "2022-12-31"),
        ("this month", "2023-12", "2023-12-01", "2023-12-31"),
        ("next week", "2024-W01", "2024-01-01", "2024-01-07"),
        ("last week", "2023-W51", "2023-12-18", "2023-12-24"),
        ("next month", "2024-01", "2024-01-01", "2024-01-31"),
        ("yesterday", "2023-12-24", "2023-12-24", "2023-12-24"),
    ],
)
def test_relative_units(phrase: str, value: str, start: str, end: str) -> None:
    tx = one(f"The ceasefire proposal surfaced {phrase}, officials said.", phrase)
    assert (tx.value, tx.interval_start, tx.interval_end) == (value, start, end)
    assert tx.anchor == "dct"


def test_seasons() -> None:
    assert one("The offensive stalled last spring.", "last spring").value == "2023-SP"
    assert one("A new push is expected next summer.", "next summer").value == "2024-SU"
    winter = one("Fighting eased during the winter of 2022.", "winter of 2022")
    assert winter.value == "2022-WI"
    assert (winter.interval_start, winter.interval_end) == ("2022-12-01", "2023-02-28")


def test_fall_as_a_noun_is_not_a_season() -> None:
    texts = [t.text for t in find_timexes("The fall of the city shocked Kyiv.", DCT)]
    assert "fall" not in " ".join(texts)


def test_quarters_and_halves() -> None:
    q = one("Exports fell in the third quarter of 2023.", "third quarter")
    assert (q.value, q.interval_start, q.interval_end) == ("2023-Q3", "2023-07-01", "2023-09-30")
    h = one("Aid deliveries doubled in the first half of 2022.", "first half")
    assert (h.value, h.interval_end, h.granularity) == ("2022-H1", "2022-06-30", "half")
    assert one("Deliveries resume in Q2 2024.", "Q2 2024").value == "2024-Q2"


def test_fiscal_year() -> None:
    tx = one("The ministry's budget for fiscal 2024 is larger.", "fiscal 2024")
    assert tx.value == "2024"


def test_early_mid_late_and_decades() -> None:
    early = one("Talks collapsed in early 2022.", "2022")
    assert (early.text, early.value, early.mod) == ("early 2022", "2022", "START")
    late = one("The war began in late February.", "February")
    assert (late.text, late.value, late.mod) == ("late February", "2023-02", "END")
    mid = one("It has been a pattern since the mid-1990s.", "1990s")
    assert (mid.value, mid.mod) == ("199", "MID")


# --- durations and sets -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The siege lasted three months.", "three months", "P3M"),
        ("A 30-day truce was proposed.", "30-day", "P30D"),
        ("Negotiators talked for 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
        ("The occupation has lasted two decades.", "two decades", "P20Y"),
        ("Reinforcements could take several weeks to arrive.", "several weeks", "PXW"),
    ],
)
def test_durations(text: str, phrase: str, value: str) -> None:
    tx = one(text, phrase)
    assert (tx.type, tx.value) == ("DURATION", value)


def test_duration_modifier() -> None:
    tx = one("The convoy waited for more than four hours at the border.", "four hours")
    assert (tx.text, tx.value, tx.mod) == ("more than four hours", "PT4H", "MORE_THAN")


def test_ages_are_not_durations() -> None:
    assert find_timexes("A 44-year-old soldier was detained.", DCT) == []


def test_sets() -> None:
    assert one("The ministry briefs reporters daily.", "daily").type == "SET"
    tx = one("Monitors visit the plant every Thursday.", "every Thursday")
    assert (tx.type, tx.value) == ("SET", "XXXX-WXX-4")


# --- ago / earlier / later and the narrative reference time ------------------------


def test_ago_is_relative_to_publication() -> None:
    tx = one("The exchange was first proposed two months ago.", "two months ago")
    assert (tx.value, tx.anchor) == ("2023-10", "dct")


def test_earlier_is_relative_to_the_last_date_in_the_text() -> None:
    text = "The pipeline was sabotaged on March 3, 2019. Two days earlier, divers were seen nearby."
    tx = one(text, "Two days earlier")
    assert (tx.value, tx.anchor) == ("2019-03-01", "text")


def test_later_with_a_month_reference() -> None:
    text = "Troops crossed the border in February 2022. A month later, talks began."
    tx = one(text, "A month later")
    assert (tx.value, tx.anchor) == ("2022-03", "text")


def test_a_vague_count_after_the_story_date_is_only_a_stretch_of_time() -> None:
    text = "The envoy resigned in May. A few days later, the talks collapsed."
    tx = one(text, "A few days")
    assert (tx.text, tx.type, tx.value) == ("A few days", "DURATION", "PXD")
    tx = one("Several weeks earlier, the army had massed troops.", "Several weeks")
    assert (tx.text, tx.type, tx.value) == ("Several weeks", "DURATION", "PXW")
    # counted back from the publication date it is still the past
    assert one("The plan was floated a few years ago.", "few").value == "PAST_REF"


def test_generic_references() -> None:
    assert one("The front is now quiet.", "now").value == "PRESENT_REF"
    assert one("The envoy recently met the minister.", "recently").value == "PAST_REF"
    assert one("Sanctions may ease in the near future.", "near future").value == "FUTURE_REF"


@pytest.mark.parametrize(
    "text",
    [
        "Now, the mediator said, both sides must show restraint.",
        "The truce held for a week. Now, after the shelling, it is gone.",
        'The envoy paused. "Now, we wait for Moscow," he said.',
    ],
)
def test_now_with_a_comma_opening_a_sentence_is_a_discourse_marker(text: str) -> None:
    assert [t.text for t in find_timexes(text, DCT) if t.text.lower() == "now"] == []


def test_now_elsewhere_is_the_present() -> None:
    assert one("Now the border is closed.", "Now").value == "PRESENT_REF"
    assert one("The army is now, by all accounts, exhausted.", "now").value == "PRESENT_REF"
    assert one("Until now, nobody had crossed.", "now").value == "PRESENT_REF"


# --- since / until / between / from ... to ------------------------------------------


def test_until_closes_the_start() -> None:
    tx = one("The corridor stays open until January 15, 2024.", "January 15")
    assert (tx.open_start, tx.interval_start, tx.interval_end) == (True, None, "2024-01-15")


def test_from_to_range() -> None:
    text = "Inspectors worked there from March 2022 to June 2022."
    first = one(text, "March 2022")
    second = one(text, "June 2022")
    assert (first.interval_start, first.interval_end) == ("2022-03-01", "2022-06-30")
    assert (second.interval_start, second.interval_end) == ("2022-03-01", "2022-06-30")


def test_between_and_range() -> None:
    text = "Contacts took place between 2019 and 2021."
    tx = one(text, "2019")
    assert (tx.interval_start, tx.interval_end, tx.signal) == (
        "2019-01-01",
        "2021-12-31",
        "between",
    )


# --- without a publication date ------------------------------------------------------


def test_no_dct_keeps_absolute_and_marks_relative_unknown() -> None:
    text = "On Tuesday (December 19, 2023) he spoke; last year he had been silent."
    absolute = one(text, "Tuesday", dct=None)
    assert absolute.value == "2023-12-19"
    relative = one(text, "last year", dct=None)
    assert relative.value == "XXXX"
    assert relative.interval_start is None and relative.granularity is None
    assert one("It happened on December 24.", "December 24", dct=None).value == "XXXX-12-24"


# --- API details ---------------------------------------------------------------------


def test_offsets_point_into_the_text() -> None:
    text = "Strikes hit the port on Friday and again on Sunday night."
    for tx in find_timexes(text, DCT):
        assert text[tx.start : tx.end] == tx.text


def test_to_date_info() -> None:
    tx = one("Talks resumed in the fall of 2022.", "fall of 2022")
    info = tx.to_date_info()
    assert isinstance(info, DateInfo)
    assert (info.start, info.end, info.granularity, info.timex) == (
        "2022-09-01",
        "2022-11-30",
        "season",
        "2022-FA",
    )
    assert info.span is not None and info.span.text == tx.text
    assert not info.from_publication


def test_empty_and_plain_text() -> None:
    assert find_timexes("", DCT) == []
    assert find_timexes("The delegation left without comment.", DCT) == []


def test_latest_explicit_date_resolves_yearless_dates() -> None:
    text = (
        "The leader spoke on Tuesday (December 19, 2023). "
        "A newspaper reported on Sunday (December 24) that he wanted talks."
    )
    assert latest_explicit_date(text) == dt.date(2023, 12, 24)
    assert latest_explicit_date("No dates at all.") is None
    assert latest_explicit_date("Signed 2021-06-01 and again on June 3.") == dt.date(2021, 6, 3)


# --- tense, deadlines and small vocabulary (TempEval-3 error groups) ---------------


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        # a scheduling verb before the weekday points ahead of the DCT (Monday 2023-12-25)
        ("The merger is scheduled to close Thursday, the bank said.", "Thursday", "2023-12-28"),
        ("The envoys planned to leave Ankara on Wednesday for talks.", "Wednesday", "2023-12-27"),
        ("The court has scheduled a hearing Friday on the appeal.", "Friday", "2023-12-29"),
        # ... but a weekday that dates the planning itself stays in the past
        ("On Friday, the ministry planned to publish the list.", "Friday", "2023-12-22"),
        ("The cabinet plans to vote Tuesday on the budget.", "Tuesday", "2023-12-26"),
    ],
)
def test_scheduling_verbs_and_weekdays(text: str, phrase: str, value: str) -> None:
    assert one(text, phrase).value == value


def test_deadline_in_a_past_sentence_reports_a_period_just_ended() -> None:
    text = "The fund had bought 20,000 shares through Nov. 29, a filing showed."
    assert one(text, "Nov. 29").value == "2023-11-29"
    text = "Sales were flat this year through October, the company said."
    assert one(text, "October").value == "2023-10"
    # a deadline months away stays ahead even in a past-tense sentence
    text = "The lenders said the company had to repay the loan by May."
    assert one(text, "May").value == "2024-05"
    assert one("The ceasefire will hold through January.", "January").value == "2024-01"


def test_last_month_name_for_the_month_just_ended_is_a_year_back() -> None:
    dct = dt.date(2024, 3, 4)
    assert one("Two helicopters collided last February.", "February", dct).value == "2023-02"
    assert one("The talks stalled last November.", "November", dct).value == "2023-11"
    # "last Oct. 23" is one date, not "last Oct." plus a stray number
    tx = one("He was arrested last Oct. 23 at his home.", "Oct.")
    assert (tx.text, tx.value) == ("last Oct. 23", "2023-10-23")


def test_possessive_daywords() -> None:
    tx = one("Analysts expect tomorrow's vote to be close.", "tomorrow")
    assert (tx.text, tx.value) == ("tomorrow", "2023-12-26")
    assert one("Investors shrugged off yesterday's report.", "yesterday").value == "2023-12-24"
    assert one("It ran in today's editions of the paper.", "today").value == "2023-12-25"
    # generic "today's": the present era, not the day
    for text in ("Few jobs are safe in today's world.", "Many of today's phones use it."):
        assert not [t for t in find_timexes(text, DCT) if t.text.lower().startswith("today")]


def test_soon_is_a_future_reference() -> None:
    tx = one("Prosecutors may soon seek an indictment.", "soon")
    assert (tx.type, tx.value) == ("DATE", "FUTURE_REF")
    for text in (
        "Troops left as soon as the order came.",
        "He was detained soon after the rally.",
        "A trickle of refugees soon became a flood.",
    ):
        assert not [t for t in find_timexes(text, DCT) if t.text.lower() == "soon"]


def test_idioms_are_not_time_expressions() -> None:
    assert find_timexes("Sanctions will hurt them in the long run.", DCT) == []
    assert find_timexes("The short run matters less.", DCT) == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The crown has ruled for almost a hundred years.", "a hundred years", "P100Y"),
        ("Over the next couple of years prices may rise.", "couple of years", "P2Y"),
        ("But a minute and a half later the pilot called.", "a minute and a half", "PT1M30S"),
        ("Margins shrank over several quarters.", "several quarters", "PXQ"),
    ],
)
def test_duration_amounts(text: str, phrase: str, value: str) -> None:
    tx = one(text, phrase)
    assert (tx.type, tx.value) == ("DURATION", value)


def test_day_before_a_stated_day() -> None:
    tx = one("The day before last Tuesday's hearing, he flew home.", "Tuesday")
    assert (tx.text, tx.value) == ("day before last Tuesday", "2023-12-18")
    tx = one("They met the day after Dec. 3, 2023, in Doha.", "Dec. 3")
    assert (tx.text, tx.value) == ("day after Dec. 3, 2023", "2023-12-04")


def test_weekday_with_plural_day_part_is_a_set() -> None:
    tx = one("Flights leave on Tuesday nights from March.", "Tuesday")
    assert (tx.text, tx.type, tx.value) == ("Tuesday nights", "SET", "XXXX-WXX-2TNI")


def test_a_reported_schedule_does_not_point_ahead() -> None:
    # "had been due to expire Friday": the Friday already passed (DCT Monday 2023-12-25)
    text = "The bid was extended to Jan. 16. It had been due to expire Friday evening."
    assert one(text, "Friday").value == "2023-12-22TEV"


def test_weekday_evening_keeps_the_part_of_day() -> None:
    tx = one("Protesters gathered Thursday evening outside the ministry.", "Thursday")
    assert (tx.text, tx.type, tx.value) == ("Thursday evening", "TIME", "2023-12-21TEV")
    assert tx.interval_start == tx.interval_end == "2023-12-21"
    # TimeBank dates "Friday night" and "Friday morning" at the day
    assert one("Shells fell Friday night on the port.", "Friday").value == "2023-12-22"


def test_tomorrow_alone_in_a_sentence() -> None:
    assert one("The vote is tomorrow.", "tomorrow").value == "2023-12-26"


# --- tense cues, parts of day, vague quantities --------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        # a commitment to act points ahead: the month is the next one (DCT 2023-12-25)
        ("The ministry agreed to buy the radar systems in October.", "October", "2024-10"),
        ("They reached an agreement to swap detainees in September.", "September", "2024-09"),
        ("The two armies are expected to withdraw in August.", "August", "2024-08"),
        ("The final payment is due in July.", "July", "2024-07"),
        # no tense cue at all: news reports the past, so the nearest past month
        ("In March, a week after the border incident, shells hit the depot.", "March", "2023-03"),
        # "was expected to" reports an expectation already overtaken
        ("The convoy was expected to arrive in November.", "November", "2023-11"),
    ],
)
def test_tense_cues_for_yearless_months(text: str, phrase: str, value: str) -> None:
    assert one(text, phrase).value == value


def test_capitalized_may_is_not_a_future_cue() -> None:
    # "May" the month must not read as the modal and drag "October" into next year
    text = "Inspectors visited the site in May and again in October."
    assert one(text, "October").value == "2023-10"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The foreign minister landed this morning.", "this morning", "2023-12-25TMO"),
        ("Envoys met this afternoon in Doha.", "this afternoon", "2023-12-25TAF"),
        ("The cabinet convened this evening.", "this evening", "2023-12-25TEV"),
    ],
)
def test_parts_of_today_without_any_digit(text: str, phrase: str, value: str) -> None:
    tx = one(text, phrase)
    assert (tx.text, tx.type, tx.value) == (phrase, "TIME", value)


def test_in_the_morning_takes_the_day_the_narrative_is_at() -> None:
    text = "The ceasefire held on Friday. Sirens sounded in the morning near the port."
    tx = one(text, "the morning")
    assert (tx.text, tx.type, tx.value, tx.anchor) == (
        "the morning", "TIME", "2023-12-22TMO", "text",
    )  # fmt: skip
    alone = one("Sirens sounded in the evening near the port.", "the evening")
    assert alone.value == "2023-12-25TEV"


@pytest.mark.parametrize(
    ("text", "phrase", "extent", "value"),
    [
        ("A deal could take a few weeks, officials said.", "few", "a few weeks", "PXW"),
        ("Talks may last a couple of days.", "couple", "a couple of days", "P2D"),
        ("The siege lasted decades before it ended.", "decades", "decades", "PXY"),
        ("The valley was fought over for centuries.", "centuries", "centuries", "PXC"),
        ("Both sides spent months drafting the text.", "months", "months", "PXM"),
    ],
)
def test_vague_durations_keep_their_quantity(
    text: str, phrase: str, extent: str, value: str
) -> None:
    tx = one(text, phrase)
    assert (tx.text, tx.type, tx.value) == (extent, "DURATION", value)


def test_half_of_a_decade_is_the_decade_with_a_modifier() -> None:
    tx = one("Exports stagnated in the last half of the '70s, the report said.", "half")
    assert (tx.text, tx.value, tx.mod) == ("the last half of the '70s", "197", "END")
    assert one("Exports rose in the second half of the year.", "half").value == "2023-H2"


def test_one_day_after_a_modal_is_the_future() -> None:
    tx = one("The refugees hope they will one day return home.", "one day")
    assert (tx.type, tx.value) == ("DATE", "FUTURE_REF")
    assert one("The truce lasted one day.", "one day").value == "P1D"


@pytest.mark.parametrize(
    ("text", "phrase", "extent", "value"),
    [
        ("The decades-long feud over the strait flared again.", "decades", "decades-long", "PXY"),
        ("A centuries-long rivalry shaped the border.", "centuries", "centuries-long", "PXC"),
        ("Envoys left their second day-long session in Oman.", "day-long", "day-long", "P1D"),
        ("He gave an hour-long speech on the truce.", "hour", "hour-long", "PT1H"),
        ("A year-long truce ended in May.", "year-long", "year-long", "P1Y"),
    ],
)
def test_unit_long_adjectives_are_durations(
    text: str, phrase: str, extent: str, value: str
) -> None:
    tx = one(text, phrase)
    assert (tx.text, tx.type, tx.value) == (extent, "DURATION", value)


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        # a scheduled event in the present tense lies ahead (DCT Monday 2023-12-25)
        ("The ultimatum expires at 5 p.m. Friday.", "5 p.m.", "2023-12-29T17:00"),
        ("The ceasefire begins Sunday, both sides said.", "Sunday", "2023-12-31"),
        ("The assembly convenes Thursday in Vienna.", "Thursday", "2023-12-28"),
        # ... with a plural subject too, but not after "to", a modal or a negation
        ("The two envoys meet separately Wednesday in Doha.", "Wednesday", "2023-12-27"),
        ("Both delegations arrive Friday, officials said.", "Friday", "2023-12-29"),
        ("The envoys did not meet Wednesday, officials said.", "Wednesday", "2023-12-20"),
        # an event planned as a noun lies ahead, even with a past verb after the weekday
        (
            "Exiles planned a large march through the old town on Saturday and were hoping "
            "for calm weather.",
            "Saturday",
            "2023-12-30",
        ),
    ],
)
def test_present_tense_schedules_point_ahead(text: str, phrase: str, value: str) -> None:
    assert one(text, phrase).value == value


def test_taking_effect_lies_ahead() -> None:
    # DCT Monday 2023-12-25: a rule that "takes effect" on a weekday has not yet done so
    assert one("The new tariff takes effect Thursday.", "Thursday").value == "2023-12-28"
    assert one("The new tariff took effect Thursday.", "Thursday").value == "2023-12-21"


@pytest.mark.parametrize(
    "text",
    [
        "The minister repeated the claim on the network's ''90 Minutes'' programme.",
        "Listeners heard the interview first on Radio Free Today.",
        "Her memoir, Forty Years, was published in Paris.",
    ],
)
def test_capitalized_time_words_inside_a_sentence_are_titles(text: str) -> None:
    assert find_timexes(text, DCT) == []


def test_sentence_initial_and_holiday_capitals_are_still_times() -> None:
    assert one("Today, the envoys meet again.", "Today").value == "2023-12-25"
    assert one("Shelling resumed on Christmas Day.", "Christmas Day").value == "2023-12-25"
    assert one("The vote was held on Election Day.", "Election Day").value == "2023-11-07"
    assert one("She told reporters: Two Days of talks remain.", "Two Days").value == "P2D"
    assert one('The envoy said, "Today we sign."', "Today").value == "2023-12-25"
    assert one("The talks (Tomorrow at the earliest) may resume.", "Tomorrow").value == "2023-12-26"


def test_an_offset_from_a_coarser_date_keeps_that_granularity() -> None:
    # "three months later" than "2008" cannot be pinned to a month: not January 2008
    text = "The militia disbanded in 2008. Three months later, fighting returned."
    tx = one(text, "Three months later")
    assert (tx.value, tx.anchor) == ("2008", "text")
    text = "The militia disbanded in March 2008. Three months later, fighting returned."
    assert one(text, "Three months later").value == "2008-06"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The memo, dated 12/19/2023, was leaked.", "12/19/2023", "2023-12-19"),
        ("The memo, dated 19/12/2023, was leaked.", "19/12/2023", "2023-12-19"),
        ("The memo, dated 4/7/23, was leaked.", "4/7/23", "2023-04-07"),  # month first
    ],
)
def test_numeric_dates_read_day_first_only_when_they_must(
    text: str, phrase: str, value: str
) -> None:
    assert one(text, phrase).value == value
    assert latest_explicit_date(text) == dt.date.fromisoformat(value)


def test_holiday_week_is_the_calendar_week_of_the_holiday() -> None:
    # DCT Monday 2000-04-17; Easter 2000 fell on Sunday, April 23
    text = "Pilgrims filled the old city as Holy Saturday neared and Easter week began."
    tx = one(text, "Easter week", dct=dt.date(2000, 4, 17))
    assert (tx.value, tx.interval_start, tx.interval_end) == (
        "2000-W16",
        "2000-04-17",
        "2000-04-23",
    )
    assert (
        one("Markets close for Easter.", "Easter", dct=dt.date(2000, 4, 17)).value == "2000-04-23"
    )


def test_that_same_day_follows_the_narrative_day_or_month() -> None:
    text = "The envoy landed on June 4, 2021. That same day the border reopened."
    assert one(text, "That same day").value == "2021-06-04"
    text = "The envoy landed in June 2021 and the border reopened that same day."
    tx = one(text, "that same day")
    assert (tx.value, tx.anchor, tx.interval_start) == ("2021-06-XX", "text", None)


def test_overnight_in_a_story_about_a_recent_day() -> None:
    # DCT Monday 2023-12-25: the story is about Friday, so "overnight" is Thursday night
    text = "Bond prices slid on Friday. Traders blamed overnight losses in Tokyo."
    tx = one(text, "overnight")
    assert (tx.type, tx.value, tx.anchor) == ("TIME", "2023-12-21TNI", "text")
    alone = one("Traders blamed overnight losses in Tokyo.", "overnight")
    assert alone.value == "2023-12-24TNI"


def test_a_forecast_quarter_does_not_become_the_compared_period() -> None:
    text = (
        "Third-quarter profit at the shipyard rose 8%. It expects a fourth-quarter charge "
        "for the strike. Orders climbed from $40 million a year ago."
    )
    tx = one(text, "a year ago", dct=dt.date(2023, 11, 2))
    assert tx.value == "2022-Q3"


def test_after_the_nine_months_a_year_earlier_is_last_year() -> None:
    text = (
        "Third-quarter profit at the shipyard rose 8% from a year earlier. For the first "
        "nine months, profit fell to $9 million from $12 million a year earlier. In the 2022 "
        "period, orders were weak. In the year-ago quarter, the yard was shut. Third-quarter "
        "sales climbed from $40 million a year ago."
    )
    dct = dt.date(2023, 11, 2)
    found = [(t.text, t.value) for t in find_timexes(text, dct)]
    assert found == [
        ("Third-quarter", "2023-Q3"),
        ("a year earlier", "2022-Q3"),
        ("the first nine months", "P9M"),
        ("a year earlier", "2022"),
        ("the 2022 period", "2022"),
        ("the year-ago quarter", "2022-Q3"),
        ("Third-quarter", "2023-Q3"),
        ("a year ago", "2022-Q3"),
    ]


def test_the_latest_period_is_the_quarter_being_reported() -> None:
    dct = dt.date(2023, 11, 2)
    text = "The mill posted fiscal second-quarter profit. The latest period included a gain."
    assert one(text, "The latest period", dct=dct).value == "2023-Q2"
    # with no quarter reported, the last one completed
    assert one("Sales rose in the latest quarter.", "the latest", dct=dct).value == "2023-Q3"


def test_then_current_is_the_past() -> None:
    tx = one("Bondholders could convert at the then-current exchange rate.", "then")
    assert (tx.text, tx.value) == ("then-current", "PAST_REF")
    assert one("The current ceasefire is fragile.", "current").value == "PRESENT_REF"


def test_quarter_words_stop_at_the_word_boundary() -> None:
    text = "After its first quarterly deficit the fund returned to profit."
    assert not [t for t in find_timexes(text, DCT) if "quarter" in t.text]
    text = "Exports outpaced comparable periods of 2022, the ministry said."
    assert not [t for t in find_timexes(text, DCT) if "period" in t.text]


def test_a_quarter_ended_mid_quarter_is_named_by_most_of_its_months() -> None:
    # three months to July 31 are May-July: the second quarter; to Jan. 31, Nov-Jan
    text = "In the quarter ended July 31, the airline lost money."
    assert one(text, "the quarter").value == "2023-Q2"
    text = "In the quarter ended Jan. 31, the airline lost money."
    assert one(text, "the quarter", dct=dt.date(2024, 3, 1)).value == "2023-Q4"
    text = "In the quarter ended Sept. 30, the airline lost money."
    assert one(text, "the quarter").value == "2023-Q3"


def test_plural_seasons_recur() -> None:
    text = "Riots have marred the marching season for the past four summers."
    tx = one(text, "summers")
    assert (tx.text, tx.type, tx.value) == ("the past four summers", "SET", "XXXX-SU")
    assert one("Winters here are harsh, villagers said.", "Winters").value == "XXXX-WI"
    assert find_timexes("The town is famous for its hot springs.", DCT) == []


def test_a_plural_part_of_day_is_shared_by_a_coordinated_weekday() -> None:
    text = "The ferry will sail on Monday and Thursday nights from April."
    tx = one(text, "Monday")
    assert (tx.text, tx.type, tx.value) == ("Monday", "SET", "XXXX-WXX-1TNI")
    assert one(text, "Thursday").value == "XXXX-WXX-4TNI"
    assert one("Talks resume Monday and Thursday.", "Monday").type == "DATE"


@pytest.mark.parametrize(
    "text",
    [
        "The new processor runs 40 million operations per second, engineers said.",
        "Guards watched the embassy 24 hours a day after the threat.",
        "Departing staff will get a payment equal to three months of base pay.",
        "He was replaced by the envoy's deputy, formerly the consul in Basra.",
        "She said the negotiators of tomorrow would inherit the dispute.",
        "Both sides called the deal vital to the future of the region.",
        "The drone was built by a start-up called Falcon 2010, officials said.",
    ],
)
def test_expressions_timeml_does_not_mark(text: str) -> None:
    # speeds, "round the clock", amounts of pay, "formerly", generic "tomorrow",
    # "the future of X" and years inside names are not time expressions
    assert find_timexes(text, DCT) == []


@pytest.mark.parametrize(
    "text",
    [
        "The rebels collect $3 million a year from the border crossing.",
        "The port handles 300 ships a week, up from 200.",
        "Rooms cost between $40 and $60 a night during the summit.",
        "The gun fires 600 rounds per minute, the manufacturer said.",
    ],
)
def test_a_rate_of_money_or_things_is_not_a_set(text: str) -> None:
    assert find_timexes(text, DCT) == []


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Patrols pass the checkpoint twice a day.", "a day", "P1D"),
        ("The envoys speak three times a week.", "a week", "P1W"),
        ("The envoys speak three times per week.", "per week", "P1W"),
        ("He visits his brother once a month.", "a month", "P1M"),
    ],
)
def test_a_count_of_occurrences_is_a_set(text: str, phrase: str, value: str) -> None:
    tx = one(text, phrase)
    assert (tx.type, tx.value) == ("SET", value)


def test_the_unmarked_readings_keep_their_neighbours() -> None:
    assert one("The ship checks its position twice per hour.", "per hour").type == "SET"
    assert one("The siege lasted a week.", "a week").type == "DURATION"
    assert one("In 2003 the siege lasted a year.", "a year").type == "DURATION"
    assert one("The two leaders spend a week in talks.", "a week").type == "DURATION"
    assert one("The deal was signed in 2010, officials said.", "2010").value == "2010"
    assert one("Both sides will decide in the future.", "future").value == "FUTURE_REF"
    assert one("Monitors stayed for 24 hours after the vote.", "24 hours").value == "PT24H"
    assert one("He returns tomorrow, his office said.", "tomorrow").value == "2023-12-26"


_VOCAB = (
    *("on", "since", "until", "between", "and", "from", "to", "ago", "later", "last", "next"),
    *("this", "fall", "spring", "a year earlier", "Tuesday (December 19, 2023)", "Q4"),
    *("Sunday (February 30)", "1990s", "'80s", "mid-", "early", "late", "10:35 p.m.", "noon"),
    *("two-year-long", "three months", "the week of Dec. 31", "fiscal 2024", "quarter"),
    *("twenty-five centuries", "half", "2 1/2 days", ",", ".", "(", ")"),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCAB), max_size=16).map(" ".join),
    st.one_of(st.none(), st.dates()),
)
def test_never_fails_and_offsets_hold(text: str, dct: dt.date | None) -> None:
    for tx in find_timexes(text, dct):
        assert text[tx.start : tx.end] == tx.text
        if tx.interval_start and tx.interval_end:
            assert tx.interval_start <= tx.interval_end
        tx.to_date_info()


# --- shortcuts that must not change the output: rules skipped when a text has none of
# their trigger words, tense cues scanned only in the sentences that ask for them ---------

_TEMPEVAL = Path(__file__).parents[1].parent / "shared" / "data" / "tempeval3" / "TBAQ-cleaned"

# Words of time expressions and their neighbours, with the characters that a case-blind
# regex reads as ASCII letters ("ſ" is an s, "K" the Kelvin sign a k).
_TRIGGER_VOCAB = (
    *("on", "since", "the", "last", "next", "this", "ago", "later", "earlier", "a", "few", "per"),
    *("Monday", "FRIDAY", "Mondays", "March", "MAY", "may", "Sept.", "Dec", "Q3", "fiscal"),
    *("3", "10", "1989", "3/4/89", "1990-05-01", "'80s", "1990s", "sixties", "20th", "century"),
    *("nineteen", "ninety-one", "two thousand", "10:35", "p.m.", "noon", "o'clock", "in"),
    *("morning", "tonight", "overnight", "spring", "falls", "quarter", "half", "period"),
    *("year", "years", "week-long", "days", "weekend", "fortnight", "decades", "every"),
    *("now", "currently", "recent", "lately", "future", "past", "term", "soon", "a while"),
    *("Christmas", "New Year's", "Election Day", "daily", "monthly", "-", ",", ".", "("),
    *("ſummer", "WEEK", "NOW", "ıt", "K", "SPRİNG", "٣", "pm", "ago.", "and", "to"),
    *("will", "said", "met", "going", "as soon as", "is scheduled to", "\n\n", "!", "?"),
)


def test_ascii_lookalikes_are_every_character_a_case_blind_regex_reads_as_ascii() -> None:
    letters = re.compile("[a-z]", re.I)
    found = {chr(cp) for cp in range(128, sys.maxunicode + 1) if letters.fullmatch(chr(cp))}
    assert found == {chr(cp) for cp in ASCII_LOOKALIKES}


def _with_and_without_shortcuts(text: str, dct: dt.date | None) -> tuple[list, list]:
    """Expressions found as shipped, and with every rule run and every tense cue scanned."""
    fast = find_timexes(text, dct)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timex, "may_match", lambda needs, present: True)
        mp.setattr(
            timex._Ctx,
            "_tense_cues",
            lambda ctx, s0, s1: timex._scan_cues(ctx.text, 0, len(ctx.text)),
        )
        slow = find_timexes(text, dct)
    return fast, slow


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_TRIGGER_VOCAB), max_size=14).map(" ".join),
    st.sampled_from([None, DCT, dt.date(1989, 10, 30)]),
)
def test_skipped_rules_and_unscanned_sentences_would_have_changed_nothing(
    text: str, dct: dt.date | None
) -> None:
    fast, slow = _with_and_without_shortcuts(text, dct)
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TRIGGER_VOCAB), max_size=14).map(" ".join))
def test_the_word_gate_is_the_regex_it_replaced(text: str) -> None:
    gate = re.compile("|".join(w if w == DIGIT else re.escape(w) for w in _GATE_WORDS), re.I)
    passes = not present_words(text, _GATE_WORDS).isdisjoint(_GATE_WORDS)
    assert passes == bool(gate.search(text))


def test_look_alike_letters_are_read_as_ascii_and_reported_as_written() -> None:
    text = "The ſummer offensive began three dayſ ago."
    found = {t.text: t.value for t in find_timexes(text, DCT)}
    assert found == {"The ſummer": "2023-SU", "three dayſ ago": "2023-12-22"}


def test_shortcuts_change_nothing_on_real_news() -> None:
    if not _TEMPEVAL.is_dir():
        pytest.skip(f"TempEval-3 gold not present: {_TEMPEVAL}")
    files = sorted(_TEMPEVAL.rglob("*.tml"))[::5]
    for f in files:
        doc = load_tml(f)
        fast, slow = _with_and_without_shortcuts(doc.text, doc.dct)
        assert fast == slow, f.name
