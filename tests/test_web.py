"""The web UI without a browser (FastAPI's TestClient): security, JSON twins, pages, forms.

The hostile article is analysed by the real pipeline once per module; every page is
then fetched and parsed to prove its payload is inert.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backchannel.cli import app as cli_app
from backchannel.model import Ledger
from backchannel.store import Store
from backchannel.web import CONTENT_SECURITY_POLICY, create_app, is_loopback, safe_href
from backchannel.web._highlight import Mark, segments
from backchannel.web._render import ENVIRONMENT
from backchannel.web._security import CSRF_FIELD

WEB = Path(__file__).resolve().parents[1] / "src" / "backchannel" / "web"

# Written for these tests: every field an article brings carries a payload.
HOSTILE_TITLE = "Envoys meet <script>alert(1)</script> in <img src=x onerror=alert(2)> Geneva"
HOSTILE_OUTLET = "<b onmouseover=alert(3)>Night Wire</b>"
HOSTILE_URL = "javascript:alert(4)"
HOSTILE_BODY = (
    "Russia rejected the ceasefire proposal on Monday, two Ukrainian officials said. "
    "<script>alert(5)</script>\n\n"
    "Vladimir Putin said on Tuesday he was ready for a ceasefire on the current lines "
    '<img src=x onerror="alert(6)">, according to [a leaked memo](javascript:alert(7)) '
    'and <a href="javascript:alert(8)">a cable</a>.\n\n'
    "Ukraine accused Moscow of a deception campaign <svg onload=alert(9)></svg> "
    "aimed at weakening Western support."
)
PAYLOAD_MARKERS = ("alert(1)", "alert(5)", "alert(6)")


def local_client(app: Any, **options: Any) -> TestClient:
    """A client that, like a browser on this machine, sends ``Host: 127.0.0.1``."""
    return TestClient(app, base_url="http://127.0.0.1:8765", **options)


def csrf_of(html: str) -> str:
    """The session's form token, as every page carries it (forms use the same value)."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert match, "the page carries no CSRF token"
    token = match.group(1)
    for form in re.findall(r'<form[^>]*method="post"[^>]*>(.*?)</form>', html, re.S):
        assert f'name="{CSRF_FIELD}" value="{token}"' in form, "a form lacks the session token"
    return token


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every <script> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def assert_inert(html: str, where: str) -> None:
    """No script but ours, no event handler, no javascript: URL, no injected element."""
    parser = Tags()
    parser.feed(html)
    assert not parser.script_text, f"{where}: inline script {parser.script_text[:1]}"
    for tag, attrs in parser.tags:
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), f"{where}: script {attrs}"
        assert tag not in {"img", "iframe", "object", "embed", "b"}, f"{where}: <{tag}> {attrs}"
        if tag == "svg":
            assert attrs.get("id") == "timeline-chart", f"{where}: injected <svg> {attrs}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: handler {name}={value!r} on <{tag}>"
            assert name != "style", f"{where}: inline style on <{tag}>"
            if name in {"href", "src", "action", "formaction"} and value:
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (
                    f"{where}: {name}={value!r} on <{tag}>"
                )


@pytest.fixture(scope="module")
def hostile_ledger() -> Ledger:
    from backchannel.pipeline import analyze_text

    return analyze_text(
        HOSTILE_BODY,
        title=HOSTILE_TITLE,
        outlet=HOSTILE_OUTLET,
        url=HOSTILE_URL,
        published="2024-03-06",
    )


@pytest.fixture
def filled_db(tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger) -> str:
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        store.save_ledger(other_ledger)
        store.consolidate()
    return tmp_db


@pytest.fixture
def client(filled_db: str) -> Iterator[TestClient]:
    with local_client(create_app(filled_db)) as test_client:
        yield test_client


@pytest.fixture
def hostile_client(tmp_db: str, hostile_ledger: Ledger, sample_ledger: Ledger) -> Iterator[Any]:
    with Store(tmp_db) as store:
        store.save_ledger(hostile_ledger)
        store.save_ledger(sample_ledger)
        store.consolidate()
    with local_client(create_app(tmp_db)) as test_client:
        yield test_client, hostile_ledger


# -- headers, errors --------------------------------------------------------------


def test_every_response_carries_the_security_headers(client: TestClient):
    page = client.get("/timeline")
    form_token = csrf_of(page.text)
    responses = [
        page,
        client.get("/static/app.css"),
        client.get("/static/timeline.js"),
        client.get("/api/timeline"),
        client.get("/no/such/page"),
        client.post("/ach", data={"title": "x", "user": "ann"}),  # no CSRF token: 403
        client.get("/timeline?from=not-a-date"),  # a user error: 400
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 404, 403, 400]
    assert form_token
    for response in responses:
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


def test_head_answers_like_get_without_a_body(client: TestClient):
    for path in ("/timeline", "/api/timeline", "/static/app.css", "/no/such/page"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert client.head("/ach", headers={"accept": "text/html"}).status_code == 200


def test_a_server_error_is_a_page_without_traceback(
    filled_db: str, monkeypatch: pytest.MonkeyPatch
):
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr("backchannel.web._stories.Store.stories", broken)
    with local_client(create_app(filled_db), raise_server_exceptions=False) as client:
        page = client.get("/stories")
        api = client.get("/api/stories")
    assert page.status_code == 500 and api.status_code == 500
    assert "Traceback" not in page.text and "secret internals" not in page.text
    assert "<h1>" in page.text and "went wrong" in page.text
    assert api.json()["status"] == 500 and "secret" not in api.text
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_user_errors_are_pages_with_one_clear_message(client: TestClient):
    bad = client.get("/timeline?from=2024-13-45")
    assert bad.status_code == 400 and "BC203" in bad.text and "Traceback" not in bad.text
    assert client.get("/api/timeline?topic=nonsense-topic").json()["status"] == 400


def test_unknown_things_are_404_pages_and_json(client: TestClient):
    assert client.get("/nowhere").status_code == 404
    missing = client.get("/events/ev-does-not-exist")
    assert missing.status_code == 404 and "ev-does-not-exist" in missing.text
    api = client.get("/api/events/ev-does-not-exist")
    assert api.status_code == 404 and api.json()["status"] == 404
    assert client.get("/documents/no-such-document").status_code == 404
    assert client.get("/api/ach/424242").status_code == 404


# -- CSRF ------------------------------------------------------------------------


def post_routes() -> list[str]:
    """Every POST path of the UI's routers, with ``1`` for each path parameter."""
    from backchannel.web._app import ROUTERS

    return [
        re.sub(r"\{[^}]+\}", "1", route.path)
        for router in ROUTERS
        for route in router.routes
        if "POST" in getattr(route, "methods", set())
    ]


def test_every_post_route_refuses_a_missing_or_foreign_csrf_token(client: TestClient):
    paths = post_routes()
    assert len(paths) >= 8, paths  # the form routes exist
    client.get("/")  # a session cookie
    for path in paths:
        missing = client.post(path, data={"user": "ann", "title": "t"})
        assert missing.status_code == 403, path
        forged = client.post(path, data={CSRF_FIELD: "0" * 64, "user": "ann"})
        assert forged.status_code == 403, path
        as_json = client.post(path, json={CSRF_FIELD: "0" * 64})
        assert as_json.status_code == 403, path


def test_a_token_from_another_session_is_refused(filled_db: str):
    app = create_app(filled_db)
    with local_client(app) as alice, local_client(app) as mallory:
        alice_token = csrf_of(alice.get("/timeline").text)
        mallory.get("/timeline")
        stolen = mallory.post("/ach", data={CSRF_FIELD: alice_token, "title": "x", "user": "m"})
        assert stolen.status_code == 403


def test_a_valid_form_passes_the_csrf_check(client: TestClient):
    token = csrf_of(client.get("/ach").text)
    created = client.post(
        "/ach",
        data={CSRF_FIELD: token, "title": "Is a freeze on the table?", "user": "ann"},
        follow_redirects=False,
    )
    assert created.status_code == 303 and created.headers["location"].startswith("/ach/")


# -- token mode and binding ---------------------------------------------------------


def test_token_mode_needs_the_token_on_every_request(filled_db: str):
    token = "correct-horse-battery"
    with TestClient(create_app(filled_db, token=token)) as client:
        for path in ("/", "/api/timeline", "/static/app.css", "/nowhere"):
            refused = client.get(path)
            assert refused.status_code == 401, path
            assert refused.headers["x-frame-options"] == "DENY"
        assert client.get("/?token=wrong-token-value").status_code == 401
        assert client.get("/", headers={"Authorization": "Bearer nope"}).status_code == 401
        bearer = client.get("/api/stories", headers={"Authorization": f"Bearer {token}"})
        assert bearer.status_code == 200 and "stories" in bearer.json()

        once = client.get(f"/stories?min_reports=1&token={token}", follow_redirects=False)
        assert once.status_code == 303
        assert once.headers["location"] == "/stories?min_reports=1"
        cookie = next(
            c for c in once.headers.get_list("set-cookie") if c.startswith("backchannel_token=")
        )
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert client.get("/stories").status_code == 200  # the cookie now carries it
        assert client.get("/static/app.css").status_code == 200


def test_without_a_token_only_loopback_host_names_are_answered(filled_db: str):
    with TestClient(create_app(filled_db)) as client:
        for host in ("127.0.0.1:8765", "localhost", "[::1]:8765"):
            assert client.get("/stories", headers={"host": host}).status_code == 200, host
        for host in ("attacker.example", "attacker.example:8765", "192.168.1.9:8765", ""):
            refused = client.get("/api/stories", headers={"host": host})
            assert refused.status_code == 421, host
            assert "stories" not in refused.text
    # With a token, the token is the gate and any name may reach the server.
    with TestClient(create_app(filled_db, token="a-long-enough-token")) as client:
        headers = {"host": "ledger.team.example", "authorization": "Bearer a-long-enough-token"}
        assert client.get("/api/stories", headers=headers).status_code == 200


def test_serve_refuses_a_non_loopback_address_without_a_token(filled_db: str):
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--db", filled_db])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error[BC240]:") and "--token" in lines[0]
    assert "Traceback" not in result.output


def test_serve_refuses_a_missing_database_in_one_line(tmp_path: Path):
    missing = tmp_path / "absent.db"
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(missing)])
    assert result.exit_code != 0 and result.output.count("\n") == 1
    assert result.output.startswith("error[BC303]")


def test_binding_rules():
    from backchannel.cli._serve import check_bind
    from backchannel.errors import ConfigError

    for host in ("127.0.0.1", "127.8.0.2", "::1", "[::1]", "localhost"):
        assert is_loopback(host), host
        check_bind(host, None)
    for host in ("0.0.0.0", "::", "192.168.1.20", "example.org", "10.0.0.1"):
        assert not is_loopback(host), host
        with pytest.raises(ConfigError):
            check_bind(host, None)
        check_bind(host, "a-long-enough-token")
    with pytest.raises(ConfigError):
        check_bind("0.0.0.0", "short")


# -- links, escaping, highlighting ----------------------------------------------------


def test_only_absolute_http_links_are_rendered():
    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_href("http://example.org") == "http://example.org"
    for url in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<b>x</b>",
        "vbscript:msgbox",
        "//example.org/no-scheme",
        "/relative",
        "https:///no-host",
        "",
        None,
        42,
    ):
        assert safe_href(url) is None, url


def test_autoescape_is_on_and_no_template_trusts_text():
    assert ENVIRONMENT.autoescape is True
    hostile = "<script>alert(1)</script>"
    rendered = ENVIRONMENT.from_string("{{ value }}").render(value=hostile)
    assert rendered == "&lt;script&gt;alert(1)&lt;/script&gt;"
    for template in (WEB / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", text), f"{template.name} uses |safe"
        assert "Markup(" not in text and "autoescape false" not in text, template.name
        assert not re.search(r"\sstyle=", text), f"{template.name}: inline style"
        assert not re.search(r"\son[a-z]+=", text), f"{template.name}: inline handler"
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), f"{template.name}: inline script"
    for module in WEB.glob("*.py"):
        assert "Markup" not in module.read_text(encoding="utf-8"), module.name


def test_highlight_segments_cover_the_text_once_and_keep_overlaps():
    text = "Putin said on Monday that he was ready for a ceasefire."
    marks = [
        Mark(0, len(text), "sentence"),
        Mark(text.index("ready"), text.index("ready") + 5, "trigger", "AGREE"),
        Mark(text.index("Monday"), text.index("Monday") + 6, "date"),
        Mark(40, 500, "source"),  # out of range: ignored
        Mark(3, 5, "bad kind!"),  # not a CSS-safe kind: ignored
    ]
    parts = segments(text, marks)
    assert "".join(p.text for p in parts) == text
    ready = next(p for p in parts if p.text == "ready")
    assert ready.kinds == ("sentence", "trigger") and ready.labels == ("AGREE",)
    assert next(p for p in parts if p.text == "Monday").kinds == ("sentence", "date")
    assert all("bad" not in p.css and "source" not in p.css for p in parts)


def test_hostile_article_is_inert_on_every_page(hostile_client: Any):
    client, ledger = hostile_client
    pages = {
        "/": client.get("/"),
        "/timeline?topic=ceasefire": client.get("/timeline?topic=ceasefire"),
        "/stories": client.get("/stories"),
    }
    reflected = "<script>alert(10)</script>"
    pages["/search"] = client.get("/search", params={"q": reflected})
    pages["/search?q=ceasefire"] = client.get("/search", params={"q": "ceasefire"})
    assert "&lt;script&gt;alert(10)&lt;/script&gt;" in pages["/search"].text
    for event in ledger.events:
        pages[f"/events/{event.id}"] = client.get(f"/events/{event.id}")
    pages["/documents"] = client.get(f"/documents/{ledger.document.id}")
    pages["/sources"] = client.get("/sources")
    pages["/divergences"] = client.get("/divergences")
    token = csrf_of(pages["/"].text)
    created = client.post(
        "/ach",
        data={CSRF_FIELD: token, "title": f"Q {reflected}", "user": "<i>ann</i>"},
        follow_redirects=False,
    )
    matrix_url = created.headers["location"]
    client.post(
        f"{matrix_url}/hypotheses",
        data={CSRF_FIELD: token, "text": f"H1: ready {HOSTILE_TITLE}", "user": "ann"},
    )
    client.post(
        f"{matrix_url}/evidence",
        data={CSRF_FIELD: token, "event_id": ledger.events[0].id, "user": "ann"},
    )
    client.post(f"{matrix_url}/evidence", data={CSRF_FIELD: token, "text": reflected, "user": "a"})
    pages["/ach"] = client.get("/ach")
    pages[matrix_url] = client.get(matrix_url)

    assert ledger.events, "the hostile article yields events"
    for path, response in pages.items():
        assert response.status_code == 200, path
        assert_inert(response.text, path)
    # The payload is shown as text, not dropped: escaped where it appears.
    event_page = pages[f"/events/{ledger.events[0].id}"].text
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in pages["/documents"].text
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in event_page
    assert "&lt;b onmouseover=alert(3)&gt;Night Wire&lt;/b&gt;" in event_page
    assert "javascript:alert(4)" in event_page  # the URL, as text
    timeline_page = pages["/timeline?topic=ceasefire"].text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in timeline_page  # the title, as a tooltip
    assert "&lt;b onmouseover=alert(3)&gt;Night Wire&lt;/b&gt;" in timeline_page
    assert "&lt;script&gt;alert(10)&lt;/script&gt;" in pages[matrix_url].text
    # JSON twins are JSON, never HTML a browser would render.
    for api in ("/api/timeline", f"/api/events/{ledger.events[0].id}", "/api/stories"):
        response = client.get(api)
        assert response.headers["content-type"].startswith("application/json"), api


# -- pages and their JSON twins --------------------------------------------------------


def test_timeline_json_twin_matches_the_table_in_date_order(client: TestClient):
    data = client.get("/api/timeline").json()
    assert data == client.get("/timeline?format=json").json()
    ids = [e["event_id"] for e in data["events"]]
    table = client.get("/timeline").text
    linked = re.findall(r'<a href="/events/([^"]+)">', table)
    assert linked == ids and len(ids) >= 4
    dates = [e["sort_date"] for e in data["events"] if e["sort_date"]]
    assert dates == sorted(dates)


def test_timeline_filters_by_topic_status_type_and_period(client: TestClient):
    everything = client.get("/api/timeline").json()["events"]
    ceasefire = client.get("/api/timeline?topic=ceasefire").json()["events"]
    assert ceasefire and len(ceasefire) < len(everything)
    assert all("ceasefire" in e["topics"] for e in ceasefire)
    denied = client.get("/api/timeline?status=denied").json()["events"]
    assert denied and {e["status"] for e in denied} == {"denied"}
    two = client.get("/api/timeline?type=AGREE&type=REJECT").json()["events"]
    assert {e["event"] for e in two} == {"AGREE", "REJECT"}
    march = client.get("/api/timeline?from=2024-03-01&to=2024-03-31").json()
    assert march["filters"]["from"] == "2024-03-01"
    assert march["events"]
    for entry in march["events"]:  # overlapping the period; an open end overlaps it
        assert entry["end"] is None or entry["end"] >= "2024-03-01"
        assert (entry["start"] or entry["sort_date"]) <= "2024-03-31"
    # The shareable GET form keeps its values.
    page = client.get("/timeline?topic=ceasefire&status=denied").text
    assert '<option value="ceasefire" selected>' in page
    assert 'value="denied" checked' in page


def test_timeline_marks_open_ends_and_publication_date_fallback(client: TestClient):
    events = client.get("/api/timeline").json()["events"]
    assert any(e["open_end"] for e in events)
    assert any(e["date_fallback"] for e in events)
    page = client.get("/timeline").text
    assert "open end" in page and "publication date" in page


def test_stories_page_and_twin(client: TestClient):
    data = client.get("/api/stories").json()
    assert data["stories"] and all("independent_origins" in s for s in data["stories"])
    page = client.get("/stories")
    assert page.status_code == 200 and "Stories" in page.text
    assert client.get("/api/stories?min_reports=2").json()["filters"]["min_reports"] == 2


def test_event_page_highlights_evidence_and_shows_its_sources(
    client: TestClient, sample_ledger: Ledger
):
    event = sample_ledger.events[1]  # the reported AGREE with an anonymous source
    page = client.get(f"/events/{event.id}")
    assert page.status_code == 200
    marked = re.findall(r'<mark class="([^"]*)"[^>]*>([^<]*)</mark>', page.text)
    assert any("hl-trigger" in css and text == "signalling" for css, text in marked)
    assert any("hl-sentence" in css for css, _ in marked)
    assert "two former senior Russian officials" in page.text
    assert "anonymous" in page.text and "the Northern Courier" in page.text
    twin = client.get(f"/api/events/{event.id}").json()
    assert twin["entry"]["event_id"] == event.id
    assert [step["role"] for step in twin["attribution"]] == ["outlet", "cited_outlet", "source"]
    assert twin["story"] is not None and len(twin["story"]["reports"]) >= 1
    article = client.get(f"/api/documents/{sample_ledger.document.id}").json()
    assert {e["id"] for e in article["events"]} == {e.id for e in sample_ledger.events}
    assert article["document"]["body"] == sample_ledger.document.body


def test_sources_are_graded_with_the_users_name(client: TestClient):
    sources = client.get("/api/sources").json()["sources"]
    outlet = next(s for s in sources if s["kind"] == "outlet")
    token = csrf_of(client.get("/sources").text)
    saved = client.post(
        "/sources/grade",
        data={CSRF_FIELD: token, "key": outlet["key"], "reliability": "B", "user": "Ann Analyst"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    after = {s["key"]: s for s in client.get("/api/sources").json()["sources"]}
    assert after[outlet["key"]]["reliability"] == "B"
    assert after[outlet["key"]]["override"]["user"] == "Ann Analyst"
    assert "Ann Analyst" in client.get("/sources").text
    bad = client.post(
        "/sources/grade",
        data={CSRF_FIELD: token, "key": outlet["key"], "reliability": "Z", "user": "Ann"},
    )
    assert bad.status_code == 400


def test_ach_question_hypotheses_evidence_and_scores(client: TestClient, sample_ledger: Ledger):
    token = csrf_of(client.get("/ach").text)
    created = client.post(
        "/ach",
        data={CSRF_FIELD: token, "title": "Is Moscow ready for a freeze?", "user": "ann"},
        follow_redirects=False,
    )
    url = created.headers["location"]
    for text in (
        "H1: genuine readiness for a ceasefire on current lines",
        "H2: deception to weaken Western support",
    ):
        client.post(f"{url}/hypotheses", data={CSRF_FIELD: token, "text": text, "user": "ann"})
    agree = sample_ledger.events[1]
    client.post(
        "/ach/evidence",
        data={
            CSRF_FIELD: token,
            "question_id": url.rsplit("/", 1)[1],
            "event_id": agree.id,
            "user": "ann",
        },
    )
    client.post(
        f"{url}/evidence",
        data={CSRF_FIELD: token, "text": "Troops dig in along the line.", "user": "ann"},
    )
    data = client.get(f"/api{url}").json()["matrix"]
    labels = sorted(s["hypothesis"]["label"] for s in data["hypotheses"])
    assert labels == ["H1", "H2"]
    assert {row["evidence"]["event_id"] for row in data["rows"]} == {agree.id, None}
    h1 = next(s["hypothesis"]["id"] for s in data["hypotheses"] if s["hypothesis"]["label"] == "H1")
    row = next(r["evidence"]["id"] for r in data["rows"] if r["evidence"]["event_id"])
    before = {s["hypothesis"]["label"]: s["inconsistency"] for s in data["hypotheses"]}
    assert "least inconsistent</span>" not in client.get(url).text  # a tie has no leader
    client.post(f"{url}/ratings", data={CSRF_FIELD: token, f"r:{row}:{h1}": "II", "user": "ann"})
    after_data = client.get(f"/api{url}").json()["matrix"]
    after = {s["hypothesis"]["label"]: s["inconsistency"] for s in after_data["hypotheses"]}
    assert after["H1"] == before["H1"] + 2 and after["H2"] == before["H2"]
    assert after_data["hypotheses"][0]["hypothesis"]["label"] == "H2"  # least inconsistent
    page = client.get(url).text
    assert re.search(r'class="hyp leader"[^>]*>H2', page)
    assert re.search(rf'name="r:{row}:{h1}"[^>]*>.*?<option value="II"[^>]*selected', page, re.S)
    exported = client.get(f"{url}/export.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert "H1" in exported.text
    assert client.get(f"{url}/export.json").json()
    assert client.get("/ach/9999").status_code == 404


def test_an_empty_ledger_still_has_pages(tmp_db: str):
    Store(tmp_db).close()
    with local_client(create_app(tmp_db)) as client:
        page = client.get("/timeline")
        assert page.status_code == 200 and "No events match" in page.text
        assert client.get("/api/timeline").json()["events"] == []
        assert client.get("/stories").status_code == 200
