"""Divergences from hand-built events: no spaCy needed."""

from __future__ import annotations

from backchannel.divergence import find_divergences, link_challenges, overlaps
from backchannel.model import (
    Actor,
    AttributionLink,
    DateInfo,
    Event,
    Evidence,
    Mention,
    Span,
)

PUTIN = Actor(id="putin", name="Vladimir Putin", code="RUS GOV", country="RUS", sector="GOV")
KREMLIN = Actor(id="RUS", name="Russia", code="RUS GOV", country="RUS", sector="GOV")


def make_event(
    eid: str,
    kind: str,
    sentence: str,
    start: str | None,
    end: str | None,
    *,
    status: str = "asserted",
    anonymous_source: bool = False,
    recipient: Actor | None = None,
    aux: tuple[str, ...] = (),
) -> Event:
    attribution = (
        [AttributionLink(role="source", text="officials", named=False, plural=True)]
        if anonymous_source
        else []
    )
    return Event(
        id=eid,
        doc_id="d",
        event=kind,
        mode=None,
        context=[],
        cameo=None,
        cameo_name=None,
        actor=[Mention(0, 5, "Putin", PUTIN)],
        recipient=[Mention(0, 5, "Moscow", recipient)] if recipient else [],
        trigger=Span(0, 5, sentence.split()[1]),
        evidence=Evidence("d", 0, len(sentence), sentence, 0, len(sentence)),
        date=DateInfo(text=None, start=start, end=end, granularity="day", timex=start),
        status=status,  # type: ignore[arg-type]
        attribution=attribution,
        aux_modes=list(aux),
    )


def test_public_threat_vs_private_offer_in_one_period():
    boast = make_event(
        "a",
        "THREATEN",
        "Putin boasted that his forces can do anything.",
        "2023-12-19",
        "2023-12-19",
    )
    offer = make_event(
        "b",
        "AGREE",
        "Putin signaled through intermediaries he wants a truce.",
        "2023-09-01",
        None,
        status="reported",
        anonymous_source=True,
    )
    (div,) = find_divergences([boast, offer])
    assert div.kind == "public_vs_private" and div.events == ["a", "b"] and div.actor == "putin"


def test_no_divergence_when_periods_are_years_apart():
    boast = make_event("a", "THREATEN", "Putin boasted in public.", "2019-01-01", "2019-01-01")
    offer = make_event(
        "b",
        "AGREE",
        "Putin privately offered talks.",
        "2023-09-01",
        "2023-09-30",
        status="reported",
        anonymous_source=True,
    )
    assert not overlaps(boast, offer)
    assert find_divergences([boast, offer]) == []


def test_same_polarity_is_no_divergence():
    a = make_event("a", "AGREE", "Putin publicly offered talks.", "2023-09-01", "2023-09-01")
    b = make_event(
        "b",
        "AGREE",
        "Putin privately offered talks.",
        "2023-09-02",
        "2023-09-02",
        status="reported",
        anonymous_source=True,
    )
    assert find_divergences([a, b]) == []


def test_deception_warning_links_to_the_private_signal_and_is_contested():
    offer = make_event(
        "s",
        "AGREE",
        "Putin signaled through intermediaries he wants a truce.",
        "2023-09-01",
        None,
        status="reported",
        anonymous_source=True,
    )
    public = make_event(
        "p", "AGREE", "Putin publicly called for talks.", "2023-06-01", "2023-06-01"
    )
    warning = make_event(
        "w",
        "ACCUSE",
        "Officials suggest this could be a deception effort.",
        "2023-12-25",
        "2023-12-25",
        status="speculative",
        recipient=KREMLIN,
    )
    events = [public, offer, warning]
    link_challenges(events)
    assert warning.related == ["s"]
    kinds = {d.kind for d in find_divergences(events)}
    assert "contested" in kinds


def test_claim_against_denial():
    claim = make_event(
        "c",
        "AGREE",
        "Putin offered a ceasefire, officials said.",
        "2023-09-01",
        "2023-09-30",
        status="reported",
        anonymous_source=True,
    )
    denial = make_event(
        "n",
        "AGREE",
        "The Kremlin said Putin made no such offer.",
        "2023-09-01",
        "2023-09-30",
        status="denied",
    )
    assert any(d.kind == "claim_vs_denial" for d in find_divergences([claim, denial]))
