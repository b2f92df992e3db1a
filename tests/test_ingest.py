"""``backchannel ingest``: every input kind, idempotence, bad inputs, failures and retry.

Feeds and pages are served from loopback by ``http.server`` in a thread; nothing here
touches the network.
"""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from backchannel.cli import app
from backchannel.errors import ConfigError
from backchannel.ingest import (
    FetchSettings,
    ingest,
    iter_inputs,
    parse_mapping,
    read_failures,
    write_failures,
)
from backchannel.pipeline import Failure
from backchannel.store import Store

runner = CliRunner()


def article(n: int, topic: str = "a ceasefire") -> str:
    """A short English article, different for each ``n``."""
    return (
        f"Officials in the capital said on Monday that talks on {topic} would resume, "
        f"the {n}th round since the war began. The foreign minister told reporters that "
        f"the delegation was ready to meet again and that it had proposed item {n}."
    )


SPANISH = (
    "El gobierno de la capital anunció el lunes que las conversaciones sobre un alto el "
    "fuego se reanudarán la próxima semana, según fuentes oficiales del ministerio."
)


@pytest.fixture
def store(tmp_db: str) -> Iterator[Store]:
    with Store(tmp_db) as s:
        yield s


def titles(store: Store) -> list[str]:
    return sorted(d["title"] for d in store.documents())


# -- inputs -------------------------------------------------------------------------


def test_folder_recursive_text_markdown_html(tmp_path: Path, store: Store) -> None:
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(f"Talks resume\n\n{article(1)}", encoding="utf-8")
    (root / "sub" / "b.md").write_text(
        f"---\ntitle: Envoys meet\noutlet: Harbor Times\npublished: 2024-03-02\n---\n{article(2)}",
        encoding="utf-8",
    )
    (root / "sub" / "deeper" / "c.html").write_text(
        "<html><head><title>Envoys agree</title></head><body><article><h1>Envoys agree</h1>"
        f"<p>{article(3)}</p></article></body></html>",
        encoding="utf-8",
    )
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")  # not an article kind
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text(article(9), encoding="utf-8")

    report = ingest([str(root)], store, workers=1)
    assert (report.ingested, report.duplicates, report.failed) == (3, 0, 0)
    docs = {d["title"]: d for d in store.documents()}
    assert set(docs) == {"Talks resume", "Envoys meet", "Envoys agree"}
    assert docs["Envoys meet"]["outlet"] == "Harbor Times"
    assert docs["Envoys meet"]["published"]["date"] == "2024-03-02"


def test_defaults_fill_only_what_inputs_do_not_state(tmp_path: Path, store: Store) -> None:
    (tmp_path / "a.md").write_text(
        f"---\ntitle: Stated\noutlet: Own Outlet\npublished: 2024-01-05\n---\n{article(1)}",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(f"Unstated\n\n{article(2)}", encoding="utf-8")
    ingest([str(tmp_path)], store, workers=1, outlet="Default", published="2024-02-01")
    docs = {d["title"]: d for d in store.documents()}
    assert docs["Stated"]["outlet"] == "Own Outlet"
    assert docs["Stated"]["published"]["date"] == "2024-01-05"
    assert docs["Unstated"]["outlet"] == "Default"
    assert docs["Unstated"]["published"] == {
        "date": "2024-02-01",
        "inferred": False,
        "how": "given",
    }


def test_jsonl_with_default_columns_and_bad_lines(tmp_path: Path, store: Store) -> None:
    batch = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {"title": "One", "body": article(1), "outlet": "Wire", "published": "2024-05-01"}
        ),
        json.dumps({"title": "Two", "text": article(2), "url": "https://example.org/2"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "No body"}),
        "",
    ]
    batch.write_text("\n".join(lines), encoding="utf-8")
    report = ingest([str(batch)], store, workers=1)
    assert report.ingested == 2
    assert {(f.path, f.code) for f in report.failures} == {
        (f"{batch}:3", "BC108"),
        (f"{batch}:4", "BC108"),
        (f"{batch}:5", "BC102"),
    }
    docs = {d["title"]: d for d in store.documents()}
    assert docs["One"]["outlet"] == "Wire" and docs["One"]["published"]["date"] == "2024-05-01"
    assert docs["Two"]["url"] == "https://example.org/2"


def test_csv_with_column_mapping(tmp_path: Path, store: Store) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_text(
        "headline,content,source,date\n"
        f'"First, with a comma","{article(1)}",Courier,2024-06-01\n'
        f"Second,{article(2).replace(',', '')},Courier,2024-06-02\n",
        encoding="utf-8",
    )
    mapping = parse_mapping(["headline=title", "content=body", "source=outlet", "date=published"])
    report = ingest([str(batch)], store, workers=1, mapping=mapping)
    assert (report.ingested, report.failed) == (2, 0)
    docs = {d["title"]: d for d in store.documents()}
    assert docs["First, with a comma"]["outlet"] == "Courier"
    assert docs["Second"]["published"]["date"] == "2024-06-02"


def test_parse_mapping_rejects_unknown_fields() -> None:
    assert parse_mapping(["a=text"]) == {"a": "body"}
    with pytest.raises(ConfigError, match="FIELD must be one of"):
        parse_mapping(["a=author"])
    with pytest.raises(ConfigError, match="COLUMN=FIELD"):
        parse_mapping(["nonsense"])


def test_stdin_text_and_jsonl(store: Store) -> None:
    text = f"---\ntitle: From a pipe\noutlet: Pipe News\n---\n{article(1)}"
    report = ingest(["-"], store, workers=1, stdin=io.StringIO(text))
    assert report.ingested == 1
    rows = "\n".join(json.dumps({"title": f"Row {n}", "body": article(n)}) for n in (2, 3))
    report = ingest(["-"], store, workers=1, stdin=io.StringIO(rows))
    assert report.ingested == 2
    assert titles(store) == ["From a pipe", "Row 2", "Row 3"]


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Loopback Wire</title>
<item><title>Item one</title><link>{base}/one.html</link>
<pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate><description>{summary1}</description></item>
<item><title>Item two</title><link>{base}/missing.html</link>
<pubDate>Wed, 03 Jan 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{summary2}&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Atom item</title><link href="{base}/nowhere"/>
<updated>2024-02-10T08:00:00Z</updated>
<summary>{summary}</summary></entry></feed>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[str, bytes]]] = {}
    user_agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        page = self.pages.get(self.path)
        if page is None:
            self.send_response(404)
            self.end_headers()
            return
        kind, body = page
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.pages = {
        "/one.html": (
            "text/html; charset=utf-8",
            (
                "<html><head><title>Item one, full page</title></head><body><article>"
                f"<h1>Item one, full page</h1><p>{article(11)}</p><p>{article(12)}</p>"
                "</article></body></html>"
            ).encode(),
        ),
        "/feed.xml": (
            "application/rss+xml",
            RSS.format(base=base, summary1=article(13), summary2=article(14)).encode(),
        ),
        "/story.html": (
            "text/html; charset=utf-8",
            (
                "<html><head><title>A page by URL</title></head><body><article>"
                f"<h1>A page by URL</h1><p>{article(15)}</p></article></body></html>"
            ).encode(),
        ),
        "/huge.html": ("text/html", b"<html>" + b"x" * 3000 + b"</html>"),
    }
    _Handler.user_agents = []
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_rss_url_fetches_items_and_falls_back_to_summary(server: str, store: Store) -> None:
    report = ingest([f"{server}/feed.xml"], store, workers=1)
    assert (report.ingested, report.failed, report.from_feed_summary) == (2, 0, 1)
    docs = {d["title"]: d for d in store.documents()}
    full = docs["Item one, full page"]  # the linked page, fetched
    assert "12th round" in full["body"] and full["url"] == f"{server}/one.html"
    assert full["outlet"] == "Loopback Wire"
    fallback = docs["Item two"]  # the link is a 404: the item's own summary, tags stripped
    assert fallback["body"].startswith("Officials") and "<p>" not in fallback["body"]
    assert fallback["published"]["date"] == "2024-01-03"
    assert all(agent.startswith("backchannel/") for agent in _Handler.user_agents)


def test_rss_and_atom_files_without_fetching(tmp_path: Path, store: Store) -> None:
    base = "http://127.0.0.1:9"  # never contacted: --no-fetch
    (tmp_path / "feed.rss").write_text(
        RSS.format(base=base, summary1=article(21), summary2=article(22)), encoding="utf-8"
    )
    (tmp_path / "desk.atom").write_text(
        ATOM.format(base=base, summary=article(23)), encoding="utf-8"
    )
    report = ingest([str(tmp_path)], store, workers=1, fetch=FetchSettings(enabled=False))
    assert (report.ingested, report.failed) == (3, 0)
    docs = {d["title"]: d for d in store.documents()}
    assert docs["Atom item"]["outlet"] == "Atom Desk"
    assert docs["Atom item"]["published"]["date"] == "2024-02-10"
    assert docs["Item one"]["url"] == f"{base}/one.html"


def test_article_url_and_fetch_failures(server: str, store: Store) -> None:
    settings = FetchSettings(max_bytes=2000)
    report = ingest(
        [f"{server}/story.html", f"{server}/gone.html", f"{server}/huge.html"],
        store,
        workers=1,
        fetch=settings,
    )
    assert report.ingested == 1
    assert titles(store) == ["A page by URL"]
    reasons = {f.path: (f.code, f.reason) for f in report.failures}
    assert reasons[f"{server}/gone.html"] == ("BC110", f"{server}/gone.html: HTTP 404")
    assert reasons[f"{server}/huge.html"][0] == "BC105"


def test_unreachable_url_times_out_quickly(store: Store) -> None:
    import socket

    with socket.socket() as sock:  # a port that accepts nothing
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    report = ingest([f"http://127.0.0.1:{port}/x"], store, workers=1)
    assert report.failed == 1 and report.failures[0].code == "BC110"


# -- idempotence and bad inputs --------------------------------------------------------


def test_second_run_skips_everything_before_analysis(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Article {n}\n\n{article(n)}", encoding="utf-8")
    (tmp_path / "copy.txt").write_text(f"Article 0\n\n{article(0)}", encoding="utf-8")
    first = ingest([str(tmp_path)], store, workers=1)
    assert (first.ingested, first.duplicates) == (3, 1)  # the same text twice: one document
    counts = store.counts()

    from backchannel import pipeline

    def no_spacy(self: object) -> None:
        raise AssertionError("spaCy must not run when everything is stored")

    monkeypatch.setattr(pipeline.ExtractStage, "setup", no_spacy)
    second = ingest([str(tmp_path)], store, workers=1)
    assert (second.ingested, second.duplicates, second.failed) == (0, 4, 0)
    assert store.counts() == counts


def test_bad_inputs_get_reasons_and_the_run_goes_on(tmp_path: Path, store: Store) -> None:
    (tmp_path / "good.txt").write_text(f"Good\n\n{article(1)}", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "latin1.txt").write_bytes(
        f"Caf\xe9 talks\n\n{article(2)} caf\xe9".encode("latin-1")
    )
    (tmp_path / "huge.txt").write_bytes(b"word " * 1_100_000)
    (tmp_path / "spanish.txt").write_text(f"Alto el fuego\n\n{SPANISH}", encoding="utf-8")
    (tmp_path / "declared.md").write_text(
        f"---\ntitle: Declared\nlanguage: ru\n---\n{article(3)}", encoding="utf-8"
    )
    report = ingest([str(tmp_path), str(tmp_path / "missing.txt")], store, workers=1)
    assert report.ingested == 1
    codes = {Path(f.path).name: f.code for f in report.failures}
    assert codes == {
        "empty.txt": "BC102",
        "binary.txt": "BC103",
        "latin1.txt": "BC104",
        "huge.txt": "BC105",
        "spanish.txt": "BC107",
        "declared.md": "BC107",
        "missing.txt": "BC101",
    }
    for failure in report.failures:
        assert failure.reason.startswith(failure.path) and "\n" not in failure.reason


def test_failures_file_round_trip_and_retry(tmp_path: Path, store: Store) -> None:
    fixed = tmp_path / "later.txt"
    fixed.write_text("", encoding="utf-8")
    batch = tmp_path / "rows.jsonl"
    batch.write_text(
        json.dumps({"title": "Row ok", "body": article(1)}) + "\n" + json.dumps({"title": "x"}),
        encoding="utf-8",
    )
    report = ingest([str(fixed), str(batch)], store, workers=1)
    failures_file = tmp_path / "failures.jsonl"
    assert write_failures(report.failures, failures_file) == 2
    lines = [json.loads(line) for line in failures_file.read_text().splitlines()]
    assert [set(line) for line in lines] == [{"source", "code", "reason"}] * 2
    assert read_failures(failures_file) == [str(fixed), f"{batch}:2"]

    fixed.write_text(f"Later\n\n{article(2)}", encoding="utf-8")
    batch.write_text(
        json.dumps({"title": "Row ok", "body": article(1)})
        + "\n"
        + json.dumps({"title": "Row fixed", "body": article(3)}),
        encoding="utf-8",
    )
    retried = ingest(read_failures(failures_file), store, workers=1)
    assert (retried.ingested, retried.failed) == (2, 0)  # only row 2 of the batch again
    assert titles(store) == ["Later", "Row fixed", "Row ok"]


def test_read_failures_rejects_stdin_and_junk(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    write_failures([Failure("<stdin>:3", "BC108", "bad")], path)
    with pytest.raises(ConfigError, match="standard input"):
        read_failures(path)
    path.write_text("not json\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1"):
        read_failures(path)


def test_iter_inputs_names_every_source(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    records = list(iter_inputs([str(tmp_path / "a.txt"), str(tmp_path / "nope.md")]))
    assert [r["source"] for r in records] == [str(tmp_path / "a.txt"), str(tmp_path / "nope.md")]
    assert records[1]["failure"].code == "BC101"


# -- the command -------------------------------------------------------------------


def test_cli_ingest_summary_errors_failures_file_and_retry(tmp_path: Path, tmp_db: str) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text(f"Good\n\n{article(1)}", encoding="utf-8")
    (corpus / "empty.txt").write_text(" ", encoding="utf-8")
    failures = tmp_path / "failed.jsonl"
    result = runner.invoke(
        app,
        ["ingest", str(corpus), "--db", tmp_db, "--workers", "1", "--failures", str(failures)],
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error[BC102]: {corpus / 'empty.txt'}: file is empty"
    ]
    assert result.stdout.startswith("ingested 1, skipped 0 as duplicates, failed 1")
    assert f"--retry {failures}" in result.stdout

    (corpus / "empty.txt").write_text(f"Now full\n\n{article(2)}", encoding="utf-8")
    again = runner.invoke(
        app,
        [
            "ingest",
            "--retry",
            str(failures),
            "--db",
            tmp_db,
            "--workers",
            "1",
            "--failures",
            str(failures),
        ],
    )
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("ingested 1, skipped 0 as duplicates, failed 0")
    assert failures.read_text() == ""
    with Store(tmp_db) as store:
        assert titles(store) == ["Good", "Now full"]


def test_cli_ingest_usage_errors(tmp_db: str) -> None:
    result = runner.invoke(app, ["ingest", "--db", tmp_db])
    assert result.exit_code == 2
    assert result.stderr.startswith("error[BC210]: nothing to ingest")
    result = runner.invoke(app, ["ingest", "x", "--map", "a=b", "--db", tmp_db])
    assert result.exit_code == 2 and result.stderr.startswith("error[BC207]")
    result = runner.invoke(app, ["ingest", "x", "--workers", "0", "--db", tmp_db])
    assert result.exit_code == 2 and result.stderr.startswith("error[BC209]")


def test_cli_function_with_progress_bar(tmp_path: Path, tmp_db: str, capsys) -> None:
    from backchannel.cli import ingest as ingest_command

    (tmp_path / "a.txt").write_text(f"Shown\n\n{article(1)}", encoding="utf-8")
    code = ingest_command([str(tmp_path)], db=tmp_db, workers=1, progress=True)
    out = capsys.readouterr()
    assert code == 0
    assert out.out.startswith("ingested 1, skipped 0 as duplicates, failed 0")


def test_bad_batch_rows_are_checked_like_files(tmp_path: Path, store: Store) -> None:
    batch = tmp_path / "rows.jsonl"
    rows = [
        {"title": "Binary", "body": "\x01\x02\x03\x04" * 100},
        {"title": "Huge", "body": "word " * 1_100_000},
        {"title": "Spanish", "body": SPANISH},
        {"title": "Fine", "body": article(1)},
    ]
    batch.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = ingest([str(batch)], store, workers=1)
    assert report.ingested == 1
    assert [(f.path, f.code) for f in report.failures] == [
        (f"{batch}:1", "BC103"),
        (f"{batch}:2", "BC105"),
        (f"{batch}:3", "BC107"),
    ]
