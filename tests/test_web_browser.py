"""The web UI in a real headless Chromium, driven as an analyst would drive it.

Uses Debian's ``chromium`` (``BACKCHANNEL_CHROMIUM`` overrides the path; never a
downloaded browser) and skips with the reason when it is missing. The server runs
uvicorn in a thread on a free loopback port, over a store built once per session from
``examples/corpus``. Each step saves a screenshot under
``$BACKCHANNEL_ARTIFACTS/screenshots`` (default ``test-artifacts/`` in the checkout).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from _corpus import corpus_copy
from backchannel.store import Store

REPO = Path(__file__).resolve().parents[1]
CORPUS = sorted((REPO / "examples" / "corpus").glob("*.md"))
CHROMIUM = os.environ.get("BACKCHANNEL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("BACKCHANNEL_ARTIFACTS") or REPO / "test-artifacts")
SCREENSHOTS = ARTIFACTS / "screenshots"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"no Chromium at {CHROMIUM}: run scripts/ensure-chromium.sh "
        "(apt-get install chromium) or set BACKCHANNEL_CHROMIUM",
    ),
    pytest.mark.skipif(not CORPUS, reason="examples/corpus is missing"),
]

H1 = "H1: genuine readiness for a ceasefire on current lines"
H2 = "H2: deception to weaken Western support"
# Written for this test: each field carries a payload that would open a dialog if it ran.
HOSTILE_ARTICLE = """---
title: "Talks resume <script>alert('title')</script><img src=x onerror=alert('img')>"
outlet: "<svg onload=alert('outlet')>Wire"
url: "javascript:alert('url')"
published: 2024-04-02
---
Russia rejected a ceasefire proposal on Monday, two Ukrainian officials said.
<script>alert('body')</script>

Vladimir Putin said on Tuesday he was ready for a ceasefire on the current lines,
according to [a memo](javascript:alert('md')) and <a href="javascript:alert('a')">a cable</a>.

Ukraine accused Moscow of a deception campaign <img src=x onerror="alert('img2')">.
"""


@contextmanager
def running_server(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on a free 127.0.0.1 port; yields its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def build_store(url: str, paths: list[Path]) -> None:
    from backchannel.model import Ledger
    from backchannel.pipeline import analyze_paths

    results = analyze_paths([str(p) for p in paths])
    failures = [r for r in results if not isinstance(r, Ledger)]
    assert not failures, failures
    with Store(url) as store:
        for ledger in results:
            store.save_ledger(ledger)
        store.consolidate()


@pytest.fixture(scope="session")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private copy of the session's analysed example corpus (the UI writes to it)."""
    return corpus_copy(tmp_path_factory, tmp_path_factory.mktemp("web-corpus"))


@pytest.fixture(scope="session")
def server(corpus_url: str) -> Iterator[str]:
    from backchannel.web import create_app

    with running_server(create_app(corpus_url)) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield launched
        launched.close()


class Watched:
    """A page with its dialogs and CSP violations recorded, and numbered screenshots."""

    def __init__(self, page: Any, prefix: str) -> None:
        self.page = page
        self.prefix = prefix
        self.dialogs: list[str] = []
        self.csp_violations: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.prefix}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.csp_violations, self.csp_violations
        assert not self.errors, self.errors


@pytest.fixture
def watched(browser: Any) -> Iterator[Callable[[str], Watched]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    # A CI box running two suites at once can be slow; waits still end on their own.
    context.set_default_timeout(90_000)
    context.set_default_navigation_timeout(90_000)
    yield lambda prefix: Watched(context.new_page(), prefix)
    context.close()


def nav(page: Any, name: str) -> None:
    """Follow a link of the main navigation bar."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def table_rows(page: Any) -> list[dict[str, str]]:
    """The timeline table as a person reads it: when, event, evidence, link."""
    rows = []
    for row in page.locator("#timeline-table tbody tr").all():
        cells = row.locator("td")
        if cells.count() < 6:
            continue
        rows.append(
            {
                "when": cells.nth(0).inner_text(),
                "event": cells.nth(2).inner_text(),
                "evidence": cells.nth(4).inner_text(),
                "href": cells.nth(4).locator("a").get_attribute("href") or "",
            }
        )
    return rows


def first_day(text: str) -> str:
    match = re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert match, text
    return match.group(0)


def read_timeline(page: Any) -> tuple[list[str], list[dict[str, str]]]:
    """The table's rows with their first day, checked against the chart and date order."""
    page.locator("#timeline-chart a").first.wait_for()
    rows = table_rows(page)
    days = [first_day(r["when"]) for r in rows]
    assert days == sorted(days), "the table is not in date order"
    assert page.locator("#timeline-chart a").count() == len(rows), "chart and table disagree"
    return days, rows


def position(days: list[str], rows: list[dict[str, str]], when: str, pattern: str) -> int:
    """The first row dated ``when...`` whose evidence matches ``pattern``."""
    for index, (day, row) in enumerate(zip(days, rows, strict=True)):
        if day.startswith(when) and re.search(pattern, row["evidence"], re.I):
            return index
    raise AssertionError(f"no row of {when} matching {pattern!r}")


def test_timeline_filtered_to_ceasefire_reads_in_date_order(server: str, watched: Any):
    view = watched("01-timeline")
    page = view.page
    page.goto(server + "/")
    page.get_by_role("heading", name="Timeline").wait_for()
    page.locator("#timeline-chart a").first.wait_for()
    view.shot("all-events")

    page.get_by_label("Topic", exact=True).select_option("ceasefire")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"topic=ceasefire"))
    days, rows = read_timeline(page)
    view.shot("ceasefire")
    assert len(rows) >= 10
    assert {row["event"].split()[0] for row in rows} >= {"AGREE", "REJECT"}
    signals_2023 = position(days, rows, "2023-09", r"through intermediaries")
    denial_2023 = position(days, rows, "2023-12", r"Peskov")
    later_2024 = position(days, rows, "2024", r"ceasefire|halt|freeze")
    later_2025 = position(days, rows, "2025", r"ceasefire|halt")
    assert signals_2023 < denial_2023 < later_2024 < later_2025
    assert "publication date" in page.locator("#timeline-table").inner_text()
    assert "open end" in page.locator("#timeline-table").inner_text()

    # Putin's own signals: the fall-2022 overture comes first, on its own dates.
    page.get_by_label("Topic", exact=True).select_option("")
    page.get_by_label("Actor", exact=True).fill("putin")
    page.get_by_label("Event type", exact=True).select_option("AGREE")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"actor=putin.*type=AGREE"))
    days, rows = read_timeline(page)
    view.shot("putin-signals")
    overture_2022 = position(days, rows, "2022-09", r"offer|overture|feelers")
    assert "2022-11-30" in rows[overture_2022]["when"]  # the fall: an interval, not a day
    signals_2023 = position(days, rows, "2023-09", r"through intermediaries")
    reports_2024 = position(days, rows, "2024", r"signal|freeze|ready|ceasefire")
    assert overture_2022 < signals_2023 < reports_2024
    view.assert_clean()


def test_page_through_a_filtered_timeline_and_back(server: str, watched: Any):
    """Five events a page: Next and Previous keep the topic and status filters, the
    pages continue in date order, and the chart draws the page the table shows."""
    view = watched("01b-timeline-pages")
    page = view.page
    page.goto(server + "/timeline?limit=5")
    page.get_by_label("Topic", exact=True).select_option("ceasefire")
    page.get_by_label("reported").check()
    page.get_by_label("hedged").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"topic=ceasefire"))
    first_days, first_rows = read_timeline(page)
    pager = page.locator("#pager")
    total = int(re.search(r"1–5 of (\d+) events", pager.inner_text()).group(1))
    assert total > 10 and len(first_rows) == 5
    view.shot("page-1")

    pager.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    second_days, second_rows = read_timeline(page)
    view.shot("page-2")
    assert f"6–10 of {total} events" in page.locator("#pager").inner_text()
    assert len(second_rows) == 5 and first_days[-1] <= second_days[0]
    assert not {r["href"] for r in first_rows} & {r["href"] for r in second_rows}
    # The filters are still applied, and still shown in the form.
    assert page.get_by_label("Topic", exact=True).input_value() == "ceasefire"
    assert page.get_by_label("reported").is_checked() and page.get_by_label("hedged").is_checked()
    assert not page.get_by_label("denied").is_checked()
    statuses = page.locator("#timeline-table tbody td:nth-child(4)").all_inner_texts()
    assert statuses and {s.strip() for s in statuses} <= {"reported", "hedged"}

    page.locator("#pager").get_by_role("link", name="Previous").click()
    page.wait_for_url(lambda url: "page=" not in url and "topic=ceasefire" in url)
    _, again = read_timeline(page)
    assert [r["href"] for r in again] == [r["href"] for r in first_rows]
    # Filtering anew starts from the first page, at the same page size.
    page.get_by_label("Event type", exact=True).select_option("AGREE")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"type=AGREE"))
    assert "page=" not in page.url and "limit=5" in page.url
    assert re.search(r"1–\d of \d+ events", page.locator("#pager").inner_text())
    view.assert_clean()


def test_zoom_to_a_period_by_dragging_across_the_chart(server: str, watched: Any):
    view = watched("02-zoom")
    page = view.page
    page.goto(server + "/timeline?topic=ceasefire")
    chart = page.locator("#timeline-chart")
    page.locator("#timeline-chart a").first.wait_for()
    before = len(table_rows(page))
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    y = min(box["y"] + box["height"] / 2, page.viewport_size["height"] - 20)
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=8)
    page.mouse.up()
    page.wait_for_url(re.compile(r"from=\d{4}-\d{2}-\d{2}.*to=\d{4}-\d{2}-\d{2}"))
    page.locator("#timeline-table").wait_for()
    start = page.get_by_label("From", exact=True).input_value()
    end = page.get_by_label("To", exact=True).input_value()
    rows = table_rows(page)
    assert start < end and 0 < len(rows) < before
    view.shot("zoomed")
    page.get_by_role("link", name="Zoom out").click()
    page.wait_for_url(lambda url: "topic=ceasefire" in url and "from=" not in url)
    assert len(read_timeline(page)[1]) == before
    view.assert_clean()


def test_event_page_shows_highlighted_evidence_and_its_sources(server: str, watched: Any):
    view = watched("03-event")
    page = view.page
    page.goto(server + "/timeline?topic=ceasefire")
    link = page.locator("#timeline-table a", has_text="through intermediaries").first
    link.click()
    page.wait_for_url(re.compile(r"/events/ev-"))
    trigger = page.locator("article.source-text mark.hl-trigger").first
    trigger.wait_for()
    assert trigger.is_visible()
    sentence = page.locator("article.source-text mark.hl-sentence")
    assert "intermediaries" in " ".join(sentence.all_inner_texts())
    chain = page.locator("ol.chain").inner_text()
    assert "two former senior Russian officials" in chain
    assert "anonymous" in chain
    assert page.get_by_role("heading", name=re.compile(r"The story")).is_visible()
    assert page.get_by_role("heading", name="Credibility").is_visible()
    trigger.scroll_into_view_if_needed()
    view.shot("evidence")
    view.assert_clean()


def scores(page: Any) -> dict[str, float]:
    return {
        cell.get_attribute("data-hypothesis"): float(cell.inner_text())
        for cell in page.locator("tfoot td.weighted").all()
    }


def test_ach_two_hypotheses_rated_evidence_changes_the_scores(server: str, watched: Any):
    view = watched("04-ach")
    page = view.page
    page.goto(server + "/")
    nav(page, "Hypotheses")
    page.get_by_role("textbox", name="Question", exact=True).fill(
        "Is Moscow ready for a ceasefire on the current lines?"
    )
    page.get_by_role("button", name="Create question").click()
    page.wait_for_url(re.compile(r"/ach/\d+"))
    question_url = page.url
    for text in (H1, H2):
        page.get_by_label("Hypothesis", exact=True).fill(text)
        page.get_by_role("button", name="Add hypothesis").click()
        page.wait_for_load_state()
    headers = page.locator("table.matrix thead th.hyp").all_inner_texts()
    assert any(h.startswith("H1") for h in headers) and any(h.startswith("H2") for h in headers)
    view.shot("hypotheses")

    # Evidence from the ledger: the picker lists ceasefire events.
    picker = page.get_by_label("Event from the ledger")
    signal = picker.locator("option", has_text="intermediaries").first.get_attribute("value")
    picker.select_option(signal)
    page.get_by_role("button", name="Add evidence").click()
    page.wait_for_load_state()
    # ... and from an event page, with its "Add to ACH question" control.
    page.goto(server + "/timeline?topic=ceasefire&status=denied")
    page.locator("#timeline-table tbody a").first.click()
    page.get_by_role("button", name="Add as evidence").click()
    page.wait_for_url(re.compile(r"/ach/\d+"))
    # ... and free text.
    page.get_by_label("Or free text").fill("Russian units keep advancing near the front.")
    page.get_by_role("button", name="Add evidence").click()
    page.wait_for_load_state()
    rows = page.locator("table.matrix tbody tr")
    assert rows.count() == 3
    view.shot("evidence")

    before = scores(page)
    first = page.locator("table.matrix tbody tr").first.locator("th .muted").first.inner_text()
    select = page.get_by_label(f"Rating of {first} for H1")
    with page.expect_navigation():
        select.select_option("II")  # the page saves a rating as soon as it changes
    after = scores(page)
    assert after["H1"] > before["H1"] and after["H2"] == before["H2"]
    assert page.get_by_label(f"Rating of {first} for H1").input_value() == "II"
    with page.expect_navigation():
        page.get_by_label(f"Rating of {first} for H2").select_option("C")
    leader = page.locator("table.matrix thead th.leader")
    assert leader.inner_text().startswith("H2"), "the least inconsistent hypothesis leads"
    view.shot("rated")
    csv_link = page.get_by_role("link", name="CSV").get_attribute("href") or ""
    assert csv_link == question_url.removeprefix(server) + "/export.csv"
    view.assert_clean()


def test_divergences_page_lists_report_vs_denial_pairs(server: str, watched: Any):
    view = watched("05-divergences")
    page = view.page
    page.goto(server + "/")
    nav(page, "Divergences")
    heading = page.get_by_role("heading", name=re.compile("Reports vs on-record denials"))
    heading.wait_for()
    section = page.locator("section", has=heading)
    pairs = section.locator(".divergence")
    assert pairs.count() >= 1
    first = pairs.first
    sides = first.locator(".badge[class*=side-]").all_inner_texts()
    assert "report" in sides and "denial" in sides
    evidence = first.locator("a[href^='/events/']")
    assert evidence.count() >= 2
    view.shot("pairs")
    evidence.first.click()
    page.wait_for_url(re.compile(r"/events/ev-"))
    view.assert_clean()


def test_grade_a_source_and_search_the_ledger(server: str, watched: Any):
    view = watched("07-sources")
    page = view.page
    page.goto(server + "/")
    nav(page, "Sources")
    grade = page.get_by_label("Reliability of The New York Times", exact=True)
    row = page.locator("tr", has=grade)
    grade.select_option("B")
    row.get_by_label("Your name").fill("Ann Analyst")
    row.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    row = page.locator("tr", has=page.get_by_label("Reliability of The New York Times"))
    assert row.locator(".grade").inner_text() == "B"
    assert "set by Ann Analyst" in row.inner_text()
    row.scroll_into_view_if_needed()
    view.shot("graded")

    nav(page, "Search")
    page.get_by_label("Words to find").fill("current lines")
    page.get_by_role("button", name="Search").click()
    hits = page.locator("ol.hits a")
    assert hits.count() >= 2
    assert "current" in page.locator("ol.hits").first.inner_text().lower()
    view.shot("search")
    page.locator("ol.hits a[href^='/documents/']").first.click()
    page.locator("article.source-text mark.hl-sentence").first.wait_for()
    view.shot("article")
    view.assert_clean()


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    article = folder / "hostile.md"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    url = f"sqlite:///{folder / 'hostile.db'}"
    build_store(url, [article])
    return url


@pytest.fixture(scope="module")
def hostile_server(hostile_url: str) -> Iterator[str]:
    from backchannel.web import create_app

    with running_server(create_app(hostile_url)) as base:
        yield base


def test_hostile_article_runs_no_script_in_the_browser(hostile_server: str, watched: Any):
    view = watched("06-hostile")
    page = view.page
    page.goto(hostile_server + "/timeline")
    links = page.locator("#timeline-table tbody a")
    assert links.count() >= 1
    event_urls = [hostile_server + (a.get_attribute("href") or "") for a in links.all()]
    view.shot("timeline")
    for url in event_urls:
        page.goto(url)
        page.locator("article.source-text").wait_for()
    assert "<script>alert('body')</script>" in page.locator("article.source-text").inner_text()
    unlinked = page.locator(".unlinked", has_text="javascript:")
    assert unlinked.count() >= 1 and page.locator("a[href^='javascript:']").count() == 0
    view.shot("event")
    for path in ("/stories", "/sources", "/divergences", "/ach", "/search?q=ceasefire"):
        page.goto(hostile_server + path)
        page.wait_for_load_state("load")
    page.goto(hostile_server + "/search?q=%3Cscript%3Ealert('q')%3C/script%3E")
    view.shot("search")
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    view.assert_clean()
