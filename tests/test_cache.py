"""Whole-store results kept per store revision; lookups by event; timelines narrowed in SQL.

Each cached or narrowed answer is checked against the answer computed the old way
(every divergence scanned, every event filtered in Python).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from _corpus import corpus_db
from backchannel.analysis import (
    _divergences,
    _grading,
    _timeline,
    claim_credibility,
    corpus_divergences,
    event_detail,
    set_reliability,
    source_grades,
    timeline,
)
from backchannel.analysis._grading import claim_credibilities
from backchannel.model import Ledger
from backchannel.store import Store


@pytest.fixture
def store(tmp_db: str, sample_ledger: Ledger) -> Iterator[Store]:
    with Store(tmp_db) as opened:
        opened.save_ledger(sample_ledger)
        opened.consolidate()
        yield opened


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(corpus_db(tmp_path_factory), create=False) as opened:
        yield opened


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


# -- the store revision --------------------------------------------------------------------


def test_revision_follows_documents_and_consolidations_only(
    store: Store, other_ledger: Ledger, make_db: Callable[[str], str]
) -> None:
    first = store.content_revision()
    assert first == store.content_revision()
    event_id = store.events()[0]["id"]
    set_reliability(store, "outlet:Northern Courier", "B", user="ana")
    claim_credibility(store, event_id)
    assert store.content_revision() == first  # nothing cached depends on overrides
    store.save_ledger(other_ledger)
    stored = store.content_revision()
    assert stored != first
    store.consolidate()
    consolidated = store.content_revision()
    assert consolidated not in (first, stored)
    store.consolidate()  # the same stories, written again: still a new mark
    assert store.content_revision() != consolidated
    with Store(make_db("another")) as other:
        assert other.content_revision()[0] not in (None, first[0])  # its own database mark


# -- divergences computed once per revision ------------------------------------------------


def test_event_pages_share_one_divergence_computation(
    store: Store, other_ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = _counting(monkeypatch, _divergences, "_find")
    usage = _counting(monkeypatch, _grading, "_source_usage")
    event_ids = [e["id"] for e in store.events()]
    for event_id in event_ids * 2:
        event_detail(store, event_id)
        claim_credibility(store, event_id)
        source_grades(store)
    corpus_divergences(store, scope="corpus")
    assert (len(computed), len(usage)) == (1, 1)

    store.save_ledger(other_ledger)  # a new document: computed again
    detail = event_detail(store, event_ids[0])
    assert len(computed) == 2
    assert detail.story is not None and len(detail.story.reports) == 1  # not merged yet
    store.consolidate()  # new stories: again, and the page shows them
    merged = event_detail(store, event_ids[0]).story
    assert merged is not None and len(merged.reports) == 2
    assert len(computed) == 3
    source_grades(store)
    assert len(usage) == 2  # once for the first revision, once for this one

    # Other topics, other divergences: not the kept ones.
    before = [d.topic for d in corpus_divergences(store)]
    assert "ceasefire" in before
    extra = tmp_path / "topics.yaml"
    extra.write_text(
        "topics:\n  ceasefire:\n    events: [AGREE, REJECT]\n    keywords: [wheat]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BACKCHANNEL_TOPICS", str(extra))
    after = [d.topic for d in corpus_divergences(store)]
    assert len(computed) == 4 and "ceasefire" not in after
    corpus_divergences(store)
    assert len(computed) == 4


def test_scopes_do_not_leak_into_each_other(corpus: Store) -> None:
    for _ in range(2):  # the second time from the kept results
        listed = corpus_divergences(corpus)
        merged = [d for d in listed if d.merged_ids]
        assert merged, "the corpus has stored divergences folded into corpus ones"
        assert all(not d.merged_ids for d in corpus_divergences(corpus, scope="corpus"))
        listed.clear()  # a caller's own list


def test_lookups_by_event_equal_scanning_every_divergence(
    corpus: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = corpus_divergences(corpus)
    event_ids = [e["id"] for e in corpus.events()]
    involved = {i for d in listed for i in d.event_ids}
    assert len(involved) > 10
    for event_id in event_ids:
        scanned = [d.id for d in listed if event_id in d.event_ids]
        assert event_detail(corpus, event_id).divergence_ids == scanned
    by_index = claim_credibilities(corpus, event_ids)
    # As before: every divergence of the store looked at for every claim.
    monkeypatch.setattr(_divergences, "event_divergences", lambda store, _ids: listed)
    assert claim_credibilities(corpus, event_ids) == by_index
    assert any(c.contradicting_event_ids for c in by_index.values())


# -- timelines narrowed in SQL ----------------------------------------------------------------

FILTERS: list[dict[str, Any]] = [
    {},
    {"actor": "putin"},
    {"actor": "RUS"},
    {"actor": "rus gov"},
    {"actor": "Ukraine"},
    {"actor": "ukr"},
    {"actor": "kremlin"},
    {"actor": "   "},
    {"actor": "%"},
    {"actor": "_"},
    {"actor": "nobody at all"},
    {"dyad": ("RUS", "UKR")},
    {"dyad": ("usa", "rus")},
    {"topic": "ceasefire"},
    {"topic": "ceasefire", "types": ["agree", "ASSAULT"]},
    {"types": ["AGREE", "reject"], "statuses": ["Reported", "asserted"]},
    {"statuses": ["denied"]},
    {"start": "2023"},
    {"end": "2023-12"},
    {"start": "2024-01-15", "end": "2024-02-10"},
    {"start": "2024-03", "end": "2024-03", "actor": "RUS"},
    {"start": "1999", "end": "1999"},
    {"topic": "ceasefire", "start": "2023-12", "dyad": ("RUS", "USA")},
]


def _unnarrowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_timeline, "_narrowing", lambda *args, **kwargs: [])


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f) or "all")
def test_narrowed_timeline_equals_filtering_every_event(
    corpus: Store, filters: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    narrowed = timeline(corpus, **filters)
    _unnarrowed(monkeypatch)
    assert narrowed == timeline(corpus, **filters)


def test_narrowed_timeline_on_this_backend(
    store: Store, other_ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_ledger(other_ledger)
    narrowed = {repr(f): timeline(store, **f) for f in FILTERS}
    assert sum(1 for entries in narrowed.values() if entries) >= 8
    _unnarrowed(monkeypatch)
    assert narrowed == {repr(f): timeline(store, **f) for f in FILTERS}


def test_narrowed_timeline_at_the_edges_of_the_period(
    corpus: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Periods that begin or end on the very day an event (or, undated, its
    # publication) begins or ends: the open and closed ends must agree to the day.
    days = set()
    for entry in timeline(corpus):
        days.update(day for day in (entry.start, entry.end, entry.published) if day)
    edges = sorted(days)[::2]  # every other day keeps the test short; both kinds of end
    periods = [{"start": day} for day in edges] + [{"end": day} for day in edges]
    narrowed = [timeline(corpus, **period) for period in periods]
    _unnarrowed(monkeypatch)
    assert narrowed == [timeline(corpus, **period) for period in periods]
