"""Paging long listings: the slice arithmetic, and timeline pages against the whole timeline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from _corpus import corpus_db
from backchannel.analysis import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    paginate,
    timeline,
    timeline_page,
)
from backchannel.errors import ConfigError
from backchannel.store import Store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(corpus_db(tmp_path_factory), create=False) as opened:
        yield opened


# -- the arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "page", "limit", "shown", "first", "last", "pages"),
    [
        (10, 1, 4, [0, 1, 2, 3], 1, 4, 3),
        (10, 3, 4, [8, 9], 9, 10, 3),  # the last page is short
        (10, 4, 4, [], 0, 10, 3),  # past the end: empty, not an error
        (8, 2, 4, [4, 5, 6, 7], 5, 8, 2),  # an exact fit has no empty page after it
        (0, 1, 4, [], 0, 0, 1),  # nothing to show is still one page
    ],
)
def test_a_page_is_its_slice_and_knows_its_place(
    total: int, page: int, limit: int, shown: list[int], first: int, last: int, pages: int
) -> None:
    items, where = paginate(list(range(total)), page, limit)
    assert items == shown
    assert (where.first, where.last, where.total, where.pages) == (first, last, total, pages)
    assert where.has_previous is (page > 1)
    assert where.has_next is (page * limit < total)


def test_the_to_dict_twin_carries_what_links_need() -> None:
    _, where = paginate(list(range(450)), 2)
    assert where.to_dict() == {
        "page": 2,
        "limit": DEFAULT_LIMIT,
        "total": 450,
        "pages": 3,
        "first": DEFAULT_LIMIT + 1,
        "last": 2 * DEFAULT_LIMIT,
        "has_previous": True,
        "has_next": True,
    }


@pytest.mark.parametrize(
    ("page", "limit"), [(0, 10), (-1, 10), (1, 0), (1, MAX_LIMIT + 1), ("two", 10), (1, "1.5")]
)
def test_bad_pages_and_limits_are_one_line_errors(page: object, limit: object) -> None:
    with pytest.raises(ConfigError) as caught:
        paginate([1, 2, 3], page, limit)  # type: ignore[arg-type]
    assert caught.value.code == "BC511" and "\n" not in str(caught.value)


# -- timeline pages ------------------------------------------------------------------------


def test_timeline_pages_partition_the_whole_timeline_in_order(corpus: Store) -> None:
    whole = [e.event_id for e in timeline(corpus)]
    assert len(whole) > 12, "the example corpus should need several pages of 5"
    paged: list[str] = []
    number = 1
    while True:
        found = timeline_page(corpus, page=number, limit=5)
        assert found.page.total == len(whole)
        paged.extend(e.event_id for e in found.entries)
        if not found.page.has_next:
            break
        number += 1
    assert number == found.page.pages == -(-len(whole) // 5)
    assert paged == whole  # nothing skipped or repeated between pages


def test_timeline_pages_keep_the_filters(corpus: Store) -> None:
    filters = {"topic": "ceasefire", "statuses": ["reported", "hedged", "asserted"]}
    whole = timeline(corpus, **filters)
    assert len(whole) > 3
    second = timeline_page(corpus, page=2, limit=3, **filters)
    assert second.page.total == len(whole)
    assert [e.to_dict() for e in second.entries] == [e.to_dict() for e in whole[3:6]]
    assert all("ceasefire" in e.topics and e.status != "denied" for e in second.entries)


def test_the_same_page_twice_is_the_same_page(corpus: Store) -> None:
    first = timeline_page(corpus, page=2, limit=4)
    again = timeline_page(corpus, page=2, limit=4)
    assert first.to_dict() == again.to_dict()


def test_timeline_page_refuses_a_bad_page(corpus: Store) -> None:
    with pytest.raises(ConfigError, match="pages count from 1"):
        timeline_page(corpus, page=0)


@pytest.mark.parametrize(
    "filters",
    [
        {"statuses": ["reported", "hedged"]},
        {"types": ["AGREE", "REJECT"], "start": "2023-09"},
        {"end": "2024-06"},
        {"actor": "putin"},  # decided in Python: the other way of paging
    ],
)
def test_every_page_of_a_filtered_timeline_is_its_slice(corpus: Store, filters: dict) -> None:
    whole = [e.to_dict() for e in timeline(corpus, **filters)]
    assert len(whole) > 3, filters
    for number in range(1, -(-len(whole) // 3) + 2):  # one past the end as well
        found = timeline_page(corpus, page=number, limit=3, **filters)
        assert found.page.total == len(whole)
        expected = whole[(number - 1) * 3 : number * 3]
        assert [e.to_dict() for e in found.entries] == expected
