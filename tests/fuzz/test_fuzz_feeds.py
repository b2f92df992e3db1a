"""Properties of the RSS/Atom reader: entities, missing fields and hostile links.

No entity reaches a local file (XXE), entity expansion is bounded, an item's link is
fetched or names the item only when it is an http(s) URL, and every item ends as a
document or a failure with a code.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from _fuzz import attempt, budget, check_document, check_records, read_records, record_outcome
from _strategies import NEWS_SENTENCES, hostile_text
from hypothesis import given
from hypothesis import strategies as st

from backchannel import ingest
from backchannel.errors import BackchannelError
from backchannel.ingest import Fetched, FetchError, FetchSettings

# feedparser warns about its own date-field fallback on items without a date.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")

SECRET = "TOP-SECRET-MARKER-7f3a"
LINKS = (
    "https://news.example/a",
    "http://news.example/b?x=1&amp;y=2",
    "../../escape.txt",
    "/etc/passwd",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "ftp://news.example/c",
    "//news.example/d",
    "",
    "h" * 5000,
)
DATES = ("Mon, 04 Mar 2024 10:00:00 GMT", "2024-02-30", "Fri, 31 Feb 99999 99:99:99", "", "x")


def doctype(secret_path: Path, kind: str) -> str:
    if kind == "external":
        return f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "file://{secret_path}">]>'
    if kind == "laughs":
        levels = ['<!ENTITY l0 "lol">'] + [
            f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
        ]
        return "<!DOCTYPE rss [" + "".join(levels) + "]>"
    if kind == "parameter":
        return f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{secret_path}"> %p;]>'
    return ""


ENTITY_USES = {"external": "&ext;", "laughs": "&l9;", "parameter": "", "": ""}


@st.composite
def feeds(draw: st.DrawFn, secret_path: Path) -> bytes:
    kind = draw(st.sampled_from(("", "", "", "", "external", "laughs", "parameter")))
    use = ENTITY_USES[kind]
    atom = draw(st.booleans())
    items = []
    for _ in range(draw(st.integers(0, 4))):
        title = draw(st.one_of(st.sampled_from(("../x", use, "")), st.sampled_from(NEWS_SENTENCES)))
        text = draw(st.one_of(st.sampled_from(NEWS_SENTENCES), hostile_text.map(html.escape)))
        summary = draw(
            st.sampled_from(
                (
                    text,
                    f"<![CDATA[<p>{text}</p>]]>",
                    f"<![CDATA[{'<div><b>' * 3000}{text}<script>x</script>]]>",
                    f"&lt;p&gt;{text}&lt;br&gt;&lt;/i&gt;",
                    use + text,
                    "",
                )
            )
        )
        link = html.escape(draw(st.sampled_from(LINKS)), quote=True)
        date = draw(st.sampled_from(DATES))
        if atom:
            items.append(
                f'<entry><title>{title}</title><link href="{link}"/><updated>{date}</updated>'
                f"<summary>{summary}</summary></entry>"
            )
        else:
            items.append(
                f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
                f"<description>{summary}</description></item>"
            )
    if atom:
        body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire{use}</title>{"".join(items)}'
        body += draw(st.sampled_from(("</feed>", "", "</rss>")))
    else:
        body = f'<rss version="2.0"><channel><title>Wire{use}</title>{"".join(items)}'
        body += draw(st.sampled_from(("</channel></rss>", "", "<item><title>")))
    head = draw(
        st.sampled_from(('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>', ""))
    )
    return (head + doctype(secret_path, kind) + body).encode("utf-8", "surrogatepass")


@pytest.fixture
def secret_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text(f"{SECRET} Putin said the secret file must never be read.", encoding="utf-8")
    return path


def read_feed(path: Path, fetch: FetchSettings) -> list[dict[str, Any]]:
    return read_records(list(ingest.iter_inputs([str(path)], fetch=fetch)))


@budget(120)
@given(data=st.data())
def test_feed_items_end_in_documents_or_failures_and_never_read_local_files(
    tmp_path: Path, secret_path: Path, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[str] = []

    def no_network(url: str, settings: FetchSettings) -> Any:
        fetched.append(url)
        raise FetchError(f"{url}: no network in tests")

    monkeypatch.setattr(ingest, "fetch_url", no_network)
    path = tmp_path / "feed.xml"
    path.write_bytes(data.draw(feeds(secret_path)))
    done = attempt("RSS/Atom", lambda: read_feed(path, FetchSettings(parallel=2)))
    assert not isinstance(done, BackchannelError), "a bad feed is a failure record"
    assert all(url.startswith(("http://", "https://")) for url in fetched), fetched
    for record in done:
        source = record["source"]
        assert source.startswith((str(path), "http://", "https://")), source
        assert "path" not in record
        assert SECRET not in repr(record), "an external entity was read"
        if "failure" in record:
            record_outcome("RSS/Atom", f"item {record['failure'].code}")
            assert "\n" not in record["failure"].reason
        else:
            document = record["document"]
            check_document(document)
            assert document.url is None or document.url.startswith(("http://", "https://"))
            record_outcome("RSS/Atom", "item ok")


# -- what a server sends back ------------------------------------------------------

CHARSETS = (None, "utf-8", "utf-16", "latin-1", "zlib", "base64", "idna", "punycode", "bogus")
CONTENT_TYPES = ("text/html", "text/plain", "application/rss+xml", "application/octet-stream", "")


@budget(80)
@given(data=st.data())
def test_any_server_response_ends_in_documents_or_failures(
    tmp_path: Path, secret_path: Path, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = data.draw(
        st.one_of(
            feeds(secret_path),
            hostile_text.map(
                lambda t: f"<html><body><p>{t}</p></body></html>".encode("utf-8", "surrogatepass")
            ),
            st.binary(max_size=2000),
            st.sampled_from(NEWS_SENTENCES).map(lambda s: s.encode("utf-16")),
            st.just(b"<p>Talks went on; see xn--a-" + b"9" * 50 + b"</p>"),  # bad punycode
        )
    )
    charset = data.draw(st.sampled_from(CHARSETS))
    content_type = data.draw(st.sampled_from(CONTENT_TYPES))
    fetched: list[str] = []

    def serve(url: str, settings: FetchSettings) -> Fetched:
        fetched.append(url)
        return Fetched(url, page, f"{content_type}; charset={charset}", charset)

    monkeypatch.setattr(ingest, "fetch_url", serve)
    done = attempt(
        "fetched pages",
        lambda: read_records(list(ingest.iter_inputs(["https://news.example/page"]))),
    )
    assert not isinstance(done, BackchannelError)
    assert all(url.startswith(("http://", "https://")) for url in fetched), fetched
    check_records(done, "fetched pages", [r["source"] for r in done])
