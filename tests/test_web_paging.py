"""Paged listings in the web UI (TestClient): timeline, stories and divergences pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from _corpus import corpus_copy, corpus_db
from backchannel.analysis import DEFAULT_LIMIT
from backchannel.web import create_app
from backchannel.web._security import CSRF_FIELD


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(f"sqlite:///{corpus_db(tmp_path_factory)}")
    with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def _ids(payload: dict) -> list[str]:
    return [e["event_id"] for e in payload["events"]]


def test_api_timeline_pages_add_up_to_the_whole_timeline(client: TestClient) -> None:
    whole = client.get("/api/timeline?limit=5000").json()
    total = whole["page"]["total"]
    assert total == len(whole["events"]) > 10 and not whole["page"]["has_next"]
    seen: list[str] = []
    url: str | None = "/api/timeline?limit=4"
    while url:
        payload = client.get(url).json()
        assert payload["page"]["total"] == total
        seen.extend(_ids(payload))
        url = payload["page"]["next_url"]
    assert seen == _ids(whole)


def test_the_default_page_is_bounded(client: TestClient) -> None:
    payload = client.get("/api/timeline").json()
    assert payload["page"]["limit"] == DEFAULT_LIMIT
    assert len(payload["events"]) == min(DEFAULT_LIMIT, payload["page"]["total"])


def test_next_and_previous_keep_every_filter(client: TestClient) -> None:
    query = "topic=ceasefire&status=reported&status=hedged&status=asserted&from=2023&limit=2"
    first = client.get(f"/api/timeline?{query}").json()["page"]
    assert first["has_next"], "the filtered view should span more than one page of 2"
    following = urlsplit(first["next_url"])
    params = parse_qs(following.query)
    assert following.path == "/api/timeline"
    assert params["topic"] == ["ceasefire"] and params["from"] == ["2023"]
    assert params["status"] == ["reported", "hedged", "asserted"]
    assert params["limit"] == ["2"] and params["page"] == ["2"]
    second = client.get(first["next_url"]).json()
    assert second["page"]["previous_url"] and "page=" not in second["page"]["previous_url"]
    assert parse_qs(urlsplit(second["page"]["previous_url"]).query)["topic"] == ["ceasefire"]
    assert client.get(second["page"]["previous_url"]).json()["page"]["page"] == 1


def test_the_html_page_shows_its_place_and_links_onwards(client: TestClient) -> None:
    total = client.get("/api/timeline?topic=ceasefire").json()["page"]["total"]
    response = client.get("/timeline?topic=ceasefire&limit=3&page=2")
    html = response.text
    assert f"4–6 of {total} events" in html
    rows = re.findall(r'<a href="/events/[^"]+">', html.split('id="timeline-table"')[1])
    assert len(rows) == 3
    links = {
        unescape(m[0]): unescape(m[1]) for m in re.findall(r'rel="(\w+)" href="([^"]+)"', html)
    }
    assert parse_qs(urlsplit(links["next"]).query) == {
        "topic": ["ceasefire"],
        "limit": ["3"],
        "page": ["3"],
    }
    assert parse_qs(urlsplit(links["prev"]).query) == {"topic": ["ceasefire"], "limit": ["3"]}
    # The filter form keeps the page size; submitting it starts again at page 1.
    assert '<input type="hidden" name="limit" value="3">' in html
    assert "Content-Security-Policy" in response.headers
    assert "<script>" not in html  # the chart's script is a file, never inline


def test_a_page_past_the_end_is_empty_and_links_back(client: TestClient) -> None:
    payload = client.get("/api/timeline?limit=3&page=999").json()
    assert payload["events"] == [] and payload["page"]["has_previous"]
    assert not payload["page"]["has_next"]


@pytest.mark.parametrize("query", ["page=0", "limit=0", "limit=100000", "page=x"])
def test_bad_paging_is_a_400_with_one_line(client: TestClient, query: str) -> None:
    response = client.get(f"/api/timeline?{query}")
    assert response.status_code == 400
    assert "\n" not in response.json()["error"]


@pytest.mark.parametrize(
    ("path", "key"), [("/stories", "stories"), ("/divergences", "divergences")]
)
def test_stories_and_divergences_are_paged_too(client: TestClient, path: str, key: str) -> None:
    whole = client.get(f"/api{path}?limit=5000").json()
    total = len(whole[key])
    assert total >= 2 and whole["page"]["total"] == total
    halves = [client.get(f"/api{path}?limit={total - 1}&page={n}").json() for n in (1, 2)]
    assert [len(h[key]) for h in halves] == [total - 1, 1]
    assert [*halves[0][key], *halves[1][key]] == whole[key]
    html = client.get(f"{path}?limit=1&page=2").text
    assert f"2–2 of {total} {key}" in html and 'rel="prev"' in html


@pytest.fixture
def writable_client(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[TestClient]:
    app = create_app(corpus_copy(tmp_path_factory, tmp_path))
    with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def test_sources_are_paged_and_grading_returns_to_the_same_page(
    writable_client: TestClient,
) -> None:
    client = writable_client
    whole = client.get("/api/sources?kind=outlet&limit=5000").json()["sources"]
    assert len(whole) >= 4
    second = client.get("/api/sources?kind=outlet&limit=2&page=2").json()
    assert second["sources"] == whole[2:4] and second["page"]["total"] == len(whole)
    html = client.get("/sources?kind=outlet&limit=2&page=2").text
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert match and f"3–4 of {len(whole)} sources" in html
    # The page's grade form carries where it was, so saving lands back on it.
    form = re.search(r'<form method="post" action="/sources/grade".*?</form>', html, re.S)
    assert form is not None
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))
    assert {k: hidden[k] for k in ("kind", "page", "limit")} == {
        "kind": "outlet",
        "page": "2",
        "limit": "2",
    }
    saved = client.post(
        "/sources/grade",
        data={
            CSRF_FIELD: match.group(1),
            "key": unescape(hidden["key"]),
            "reliability": "B",
            "user": "Ann Analyst",
            **{k: hidden[k] for k in ("kind", "page", "limit")},
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    back = urlsplit(saved.headers["location"])
    assert back.path == "/sources" and back.fragment.startswith("k-")
    assert parse_qs(back.query) == {"kind": ["outlet"], "page": ["2"], "limit": ["2"]}
    after = client.get(f"/api/sources?{back.query}").json()["sources"]
    assert {s["key"]: s["reliability"] for s in after}[unescape(hidden["key"])] == "B"
