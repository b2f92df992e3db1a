"""Timelines, topics and event detail: on a hand-built ledger and on the example corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from _corpus import corpus_db
from backchannel.analysis import corpus_divergences, event_detail, get_topic, timeline, topics
from backchannel.errors import ConfigError, InputError
from backchannel.model import Ledger
from backchannel.store import Store


@pytest.fixture
def store(tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger) -> Store:
    with Store(tmp_db) as opened:
        opened.save_ledger(sample_ledger)
        opened.save_ledger(other_ledger)
        opened.consolidate()
        yield opened


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Store:
    with Store(corpus_db(tmp_path_factory), create=False) as opened:
        yield opened


# -- the hand-built ledger ---------------------------------------------------------------


def test_entries_are_ordered_by_event_date_not_publication(store: Store) -> None:
    entries = timeline(store)
    keys = [(e.start or e.end or e.published) for e in entries]
    assert keys == sorted(keys)
    # "since January" (2024-01-01, open end) comes before the March 4 statement,
    # although both documents were published on March 6.
    first_signal = next(e for e in entries if e.event == "AGREE")
    statement = next(e for e in entries if e.event == "THREATEN")
    assert entries.index(first_signal) < entries.index(statement)
    assert first_signal.open_end and first_signal.end is None and not first_signal.date_fallback


def test_fallback_and_undated_events_are_flagged(store: Store) -> None:
    entries = {e.event: e for e in timeline(store)}
    assert entries["REJECT"].date_fallback  # dated by its publication
    assert entries["THREATEN"].date_fallback is False
    undated = entries["ACCUSE"]
    assert undated.date_fallback and undated.start is None and undated.sort_date == "2024-03-06"


def test_actor_dyad_type_status_and_period_filters(store: Store) -> None:
    assert {e.event for e in timeline(store, actor="putin")} == {
        "THREATEN",
        "AGREE",
        "REJECT",
        "ACCUSE",
    }
    assert {e.event for e in timeline(store, actor="UKR GOV")} == {"REJECT"}
    # Either direction: the ministry rejects Putin's signal.
    assert {e.event for e in timeline(store, dyad=("RUS", "UKR"))} == {"REJECT"}
    assert {e.event for e in timeline(store, dyad=("UKR", "RUS"))} == {"REJECT"}
    assert {e.status for e in timeline(store, statuses=["denied"])} == {"denied"}
    assert {e.event for e in timeline(store, types=["agree", "REJECT"])} == {"AGREE", "REJECT"}
    # The open-ended signal overlaps any later period; the March 4 statement does not.
    late = {e.event for e in timeline(store, start="2024-03-05")}
    assert "AGREE" in late and "THREATEN" not in late
    with pytest.raises(ConfigError):
        timeline(store, start="2024-05", end="2024-01")
    with pytest.raises(ConfigError):
        timeline(store, dyad=("RUS",))


def test_topic_matches_type_and_keyword(store: Store) -> None:
    ceasefire = get_topic("ceasefire")
    entries = timeline(store, topic="ceasefire")
    # The signal mentions a ceasefire, the rejection a freeze; the threat is not about it.
    assert {e.event for e in entries} == {"AGREE", "REJECT"}
    assert all("ceasefire" in e.topics for e in entries)
    assert not ceasefire.matches({"event": "ASSAULT", "event_text": "a ceasefire collapsed"})
    with pytest.raises(ConfigError, match="unknown topic"):
        timeline(store, topic="weather")


def test_user_topics_file_is_added(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "topics.yaml"
    extra.write_text(
        "topics:\n  grain:\n    events: [AGREE, REJECT]\n    keywords: [grain, wheat]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BACKCHANNEL_TOPICS", str(extra))
    assert "grain" in topics() and "ceasefire" in topics()
    assert topics()["grain"].matches({"event": "AGREE", "event_text": "a deal on wheat exports"})
    broken = tmp_path / "broken.yaml"
    broken.write_text("topics: [not, a, mapping]\n", encoding="utf-8")
    monkeypatch.setenv("BACKCHANNEL_TOPICS", str(broken))
    with pytest.raises(ConfigError, match="expected a mapping"):
        topics()
    monkeypatch.setenv("BACKCHANNEL_TOPICS", str(tmp_path / "missing.yaml"))
    with pytest.raises(ConfigError, match="cannot read"):
        topics()


def test_event_detail_spans_chain_date_and_story(store: Store, sample_ledger: Ledger) -> None:
    signal = sample_ledger.events[1]
    detail = event_detail(store, signal.id)
    body = detail.document.body
    assert body == sample_ledger.document.body
    for mark in detail.highlights:
        assert body[mark.start : mark.end] == mark.text
    kinds = {mark.kind for mark in detail.highlights}
    assert {"sentence", "trigger"} <= kinds
    trigger = next(m for m in detail.highlights if m.kind == "trigger")
    assert trigger.text == "signalling"
    assert [step.role for step in detail.attribution] == ["outlet", "cited_outlet", "source"]
    anonymous = detail.attribution[2]
    assert not anonymous.named and anonymous.count == 2 and anonymous.former
    assert anonymous.source_key == "anonymous:two former senior russian officials"
    assert detail.date.open_end and "publication date" in detail.date.explanation
    assert detail.story is not None and detail.story.reports
    assert signal.id in {r.event_id for r in detail.story.reports}
    # The divergences it takes part in, as the listing shows them.
    listed = {d.id: d for d in corpus_divergences(store)}
    assert detail.divergence_ids
    assert all(signal.id in listed[i].event_ids for i in detail.divergence_ids)
    assert detail.to_dict()["document"]["id"] == sample_ledger.document.id
    with pytest.raises(InputError):
        event_detail(store, "ev-nope")


# -- the example corpus ------------------------------------------------------------------


def test_corpus_ceasefire_timeline_runs_from_2022_overture_to_later_reports(corpus: Store) -> None:
    entries = timeline(corpus, topic="ceasefire")
    days = [e.sort_date or "" for e in entries]
    assert days == sorted(days)

    def first(condition) -> int:  # type: ignore[no-untyped-def]
        return next(i for i, e in enumerate(entries) if condition(e))

    istanbul_2022 = first(
        lambda e: (e.sort_date or "").startswith("2022") and "Istanbul" in e.title
    )
    signals_2023 = first(
        lambda e: (
            e.event == "AGREE"
            and (e.start or "").startswith("2023")
            and "intermediar" in e.sentence
        )
    )
    reports_2024 = first(lambda e: (e.sort_date or "") >= "2024")
    reports_2025 = first(lambda e: (e.sort_date or "") >= "2025")
    assert istanbul_2022 < signals_2023 < reports_2024 < reports_2025
    # Event dates, not publication: the signals reported in December 2023 are placed
    # at September 2023, before the December 14 news conference reported that day.
    signal = entries[signals_2023]
    assert signal.start == "2023-09-01" and signal.published == "2023-12-23"
    conference = first(lambda e: e.published == "2023-12-14")
    assert signals_2023 < conference
    # "a comparable offer ... in the fall of 2022" names the ceasefire only through the
    # sentence before it; the topic still holds it, placed in the fall of 2022.
    overture_2022 = first(lambda e: "comparable offer" in e.sentence)
    assert entries[overture_2022].start == "2022-09-01"
    assert overture_2022 < signals_2023


def test_corpus_dyad_timeline_has_both_directions(corpus: Store) -> None:
    entries = timeline(corpus, dyad=("RUS", "UKR"))
    directions = set()
    for entry in entries:
        actors = {a.country for a in entry.actors}
        recipients = {r.country for r in entry.recipients}
        assert ("RUS" in actors and "UKR" in recipients) or (
            "UKR" in actors and "RUS" in recipients
        )
        directions.add("RUS" in actors)
    assert directions == {True, False}
