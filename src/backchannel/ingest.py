"""Corpus ingestion: many inputs of many kinds into the store, resumably.

Inputs are files, folders (recursive), RSS/Atom feeds (files or URLs), JSONL and CSV
batches, article URLs and ``-`` (standard input). Each becomes plain records for the
``read`` stage; documents already stored (by content hash) are skipped before spaCy
sees them; the ``extract`` stage runs in this process or in worker processes; every
finished document is committed on its own, so a killed run re-run picks up where it
stopped without duplicates. Bad inputs become :class:`~backchannel.pipeline.Failure`
records with a reason, and the run goes on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from .documents import MAX_FIELD_CHARS, web_charset
from .errors import BackchannelError, ConfigError, InputError
from .pipeline import (
    ENGINES,
    Failure,
    Record,
    default_workers,
    import_ray,
    make_executor,
    make_stage,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "BATCH_FIELDS",
    "USER_AGENT",
    "FetchSettings",
    "IngestProgress",
    "IngestReport",
    "ingest",
    "iter_inputs",
    "parse_mapping",
    "read_failures",
    "write_failures",
]

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
BATCH_FIELDS: tuple[str, ...] = ("title", "body", "outlet", "url", "published")
# Column names tried for each field when no --map says otherwise.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "body": ("body", "text"),
    "outlet": ("outlet",),
    "url": ("url",),
    "published": ("published",),
}
USER_AGENT = "backchannel/0.1 (news event ledger; polite fetcher; one request at a time per item)"
STDIN = "<stdin>"
# Size limits (docs/limits.md); exceeding one is BC105.
MAX_BATCH_BYTES = 2_000_000_000  # one JSONL or CSV file
MAX_RECORD_CHARS = 5_000_000  # one JSONL line or one CSV field
MAX_FEED_BYTES = 20_000_000  # one RSS/Atom file or fetched feed
SMALL_RUN = 8  # fewer inputs than this run in-process unless workers are asked for

_ROW_SOURCE = re.compile(r"(?P<path>.+):(?P<row>\d+)")
_FEED_HEAD = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
# "<!ENTITY" in each encoding an XML parser detects on its own.
_ENTITY_DECLARATIONS = tuple(
    "<!ENTITY".encode(codec)
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


@dataclass(slots=True)
class FetchSettings:
    """How URLs are fetched: timeouts (s), a size limit (bytes) and the user agent."""

    enabled: bool = True
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_bytes: int = 5_000_000
    user_agent: str = USER_AGENT
    parallel: int = 2  # feed items fetched at once (per run, not per host)


@dataclass(slots=True)
class IngestReport:
    """What a run did: documents stored, skipped as duplicates, and failures."""

    ingested: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    from_feed_summary: int = 0  # feed items stored from the feed's own text
    events: int = 0
    seconds: float = 0.0
    consolidation: dict[str, int] | None = None  # Store.consolidate()'s counts, when run

    @property
    def failed(self) -> int:
        return len(self.failures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "from_feed_summary": self.from_feed_summary,
            "events": self.events,
            "seconds": round(self.seconds, 3),
            "consolidation": self.consolidation,
            "failures": [asdict(f) for f in self.failures],
        }


class IngestProgress(Protocol):
    """Progress callbacks (the CLI's Rich bar implements them)."""

    def start(self, total: int) -> None: ...

    def advance(self, outcome: str) -> None: ...


# -- inputs ------------------------------------------------------------------


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["headline=title", "content=body"]`` -> ``{"headline": "title", ...}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        column, target = column.strip(), target.strip().lower()
        if not sep or not column or not target:
            raise ConfigError(f"bad --map {pair!r}: expected COLUMN=FIELD", code="BC207")
        if target == "text":
            target = "body"
        if target not in BATCH_FIELDS:
            raise ConfigError(
                f"bad --map {pair!r}: FIELD must be one of {', '.join(BATCH_FIELDS)}",
                code="BC207",
            )
        mapping[column] = target
    return mapping


def iter_inputs(
    inputs: Sequence[str],
    *,
    mapping: Mapping[str, str] | None = None,
    fetch: FetchSettings | None = None,
    stdin: TextIO | None = None,
) -> Iterator[Record]:
    """Records for the ``read`` stage, one per article, in input order.

    A record carries ``source`` (what to name in messages and failures files) and
    ``path``, ``text`` or ``title``/``body``; an input that cannot be used yields a
    record with a ``failure`` instead.
    """
    mapping = dict(mapping or {})
    fetch = fetch or FetchSettings()
    for item in inputs:
        if item == "-":
            yield from _stdin_records(stdin if stdin is not None else sys.stdin, mapping)
        elif item.startswith(("http://", "https://")):
            yield from _url_records(item, fetch)
        else:
            yield from _path_records(Path(item), mapping, fetch)


def _fail(source: str, exc: BackchannelError) -> Record:
    return {"source": source, "failure": Failure(source, exc.code, str(exc))}


def _path_records(path: Path, mapping: dict[str, str], fetch: FetchSettings) -> Iterator[Record]:
    row = _ROW_SOURCE.fullmatch(str(path))
    if not path.exists() and row and Path(row["path"]).is_file():
        # "batch.jsonl:12" from a failures file: that one row again.
        yield from _batch_records(Path(row["path"]), mapping, only=int(row["row"]))
        return
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
            and p.suffix.lower() in ARTICLE_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES
        )
        for file in files:
            yield from _file_records(file, mapping, fetch)
        return
    if not path.exists():
        yield _fail(str(path), InputError(f"{path}: no such file or folder", code="BC101"))
        return
    yield from _file_records(path, mapping, fetch)


def _file_records(path: Path, mapping: dict[str, str], fetch: FetchSettings) -> Iterator[Record]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES or suffix in CSV_SUFFIXES:
        yield from _batch_records(path, mapping)
    elif suffix in FEED_SUFFIXES:
        try:
            if path.stat().st_size > MAX_FEED_BYTES:
                raise InputError(
                    f"{path}: feed file larger than the {MAX_FEED_BYTES:,}-byte limit",
                    code="BC105",
                )
            data = path.read_bytes()
        except OSError as exc:
            err = InputError(f"{path}: cannot read: {exc.strerror or exc}", code="BC101")
            yield _fail(str(path), err)
            return
        except InputError as exc:
            yield _fail(str(path), exc)
            return
        yield from _feed_records(str(path), data, fetch)
    else:
        yield {"source": str(path), "path": str(path)}


def _batch_records(
    path: Path, mapping: dict[str, str], only: int | None = None
) -> Iterator[Record]:
    source = str(path)
    try:
        if path.stat().st_size > MAX_BATCH_BYTES:
            raise InputError(f"{path}: batch file larger than 2 GB", code="BC105")
        raw = path.read_bytes()
    except OSError as exc:
        yield _fail(source, InputError(f"{path}: cannot read: {exc.strerror or exc}", code="BC101"))
        return
    except InputError as exc:
        yield _fail(source, exc)
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        err = InputError(f"{path}: batch file is not UTF-8 (byte {exc.start})", code="BC104")
        yield _fail(source, err)
        return
    rows = _csv_rows(text) if path.suffix.lower() in CSV_SUFFIXES else _jsonl_rows(text)
    for number, row in rows:
        if only is not None and number != only:
            continue
        yield _row_record(f"{path}:{number}", row, mapping)


def _jsonl_lines(text: str) -> list[str]:
    # Only "\n" ends a JSON Lines record: str.splitlines() would also split inside
    # strings holding U+2028, U+0085 or \x1e, which JSON allows unescaped.
    return text.replace("\r\n", "\n").split("\n")


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | BackchannelError]]:
    for number, line in enumerate(_jsonl_lines(text), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_RECORD_CHARS:
            yield (
                number,
                InputError(
                    f"line {number}: record of {len(line):,} characters is more than the "
                    f"{MAX_RECORD_CHARS:,}-character limit",
                    code="BC105",
                ),
            )
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, InputError(f"line {number}: not valid JSON ({exc.msg})", code="BC108")
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number; deep nesting
            reason = "nested too deeply" if isinstance(exc, RecursionError) else "number too long"
            yield number, InputError(f"line {number}: not usable JSON ({reason})", code="BC108")
            continue
        if not isinstance(value, dict):
            yield number, InputError(f"line {number}: not a JSON object", code="BC108")
            continue
        yield number, value


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | BackchannelError]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    # The csv module's field limit is process-wide; ours holds only while we read.
    previous_limit = csv.field_size_limit(MAX_RECORD_CHARS)
    try:
        for row in reader:
            # The row's line number (header = line 1), so "file.csv:N" points at it.
            yield reader.line_num, {k: v for k, v in row.items() if k is not None}
    except csv.Error as exc:
        number = reader.line_num
        if "field larger than field limit" in str(exc):
            message = f"line {number}: a field is over the {MAX_RECORD_CHARS:,}-character limit"
            yield number, InputError(message, code="BC105")
        else:
            yield number, InputError(f"line {number}: bad CSV ({exc})", code="BC108")
    finally:
        csv.field_size_limit(previous_limit)


def _row_record(
    source: str, row: dict[str, Any] | BackchannelError, mapping: dict[str, str]
) -> Record:
    if isinstance(row, BackchannelError):
        return _fail(source, InputError(f"{source.rsplit(':', 1)[0]}: {row}", code=row.code))
    fields: dict[str, Any] = {}
    for column, target in mapping.items():
        if row.get(column) not in (None, ""):
            fields[target] = row[column]
    for target, columns in DEFAULT_COLUMNS.items():
        if target in fields or target in mapping.values():
            continue
        for column in columns:
            if row.get(column) not in (None, ""):
                fields[target] = row[column]
                break
    for target, value in fields.items():
        if not isinstance(value, str | int | float):
            kind = type(value).__name__
            message = f"{source}: {target} must be text or a number, not a JSON {kind}"
            return _fail(source, InputError(message, code="BC108"))
    body = fields.get("body")
    if not isinstance(body, str) or not body.strip():
        columns = _column_list(row)
        return _fail(
            source,
            InputError(
                f"{source}: no article text (columns: {columns}); name it with --map COLUMN=body",
                code="BC102",
            ),
        )
    record: Record = {"source": source, "title": str(fields.get("title") or ""), "body": body}
    record["row_defaults"] = {
        k: str(fields[k]) for k in ("outlet", "url", "published") if k in fields
    }
    return record


def _column_list(row: Mapping[str, Any], shown: int = 12, width: int = 40) -> str:
    """A row's column names for a message: a few, each cut short (rows are input)."""
    names = sorted(name if len(name) <= width else f"{name[:width]}…" for name in map(str, row))
    more = f", and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more if names else "none"


def _stdin_records(stream: TextIO, mapping: dict[str, str]) -> Iterator[Record]:
    text = stream.read()
    lines = [line for line in _jsonl_lines(text) if line.strip()]
    if lines and all(line.lstrip().startswith("{") for line in lines):
        for number, row in _jsonl_rows(text):
            yield _row_record(f"{STDIN}:{number}", row, mapping)
        return
    yield {"source": STDIN, "text": text}


# -- the network ---------------------------------------------------------------


class FetchError(InputError):
    code = "BC110"


@dataclass(slots=True)
class Fetched:
    url: str
    content: bytes
    content_type: str
    charset: str | None


def fetch_url(url: str, settings: FetchSettings) -> Fetched:
    """GET ``url`` with timeouts, a size limit and a polite user agent."""
    import httpx

    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    headers = {"User-Agent": settings.user_agent, "Accept": "text/html, application/xml;q=0.9"}
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > settings.max_bytes:
                raise FetchError(
                    f"{url}: {int(declared):,} bytes is more than the "
                    f"{settings.max_bytes:,}-byte limit",
                    code="BC105",
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.max_bytes:
                    raise FetchError(
                        f"{url}: more than the {settings.max_bytes:,}-byte limit", code="BC105"
                    )
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "")
            return Fetched(
                str(response.url), b"".join(chunks), content_type, response.charset_encoding
            )
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None


def _decode_fetched(fetched: Fetched) -> str:
    # The server names the charset: only a real text encoding is tried (a "punycode"
    # one would take quadratic time, an "idna" one raises UnicodeError).
    for codec in filter(None, (web_charset(fetched.charset), "utf-8")):
        try:
            return fetched.content.decode(codec)
        except UnicodeError:
            continue
    if b"<meta" in fetched.content[:4096].lower():
        return fetched.content.decode("cp1252", errors="replace")  # documents sniffs <meta>
    raise InputError(f"{fetched.url}: page is not UTF-8 and names no charset", code="BC104")


def _is_feed(fetched: Fetched) -> bool:
    kind = fetched.content_type.split(";")[0].strip().lower()
    if kind in {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}:
        return True
    return bool(_FEED_HEAD.search(fetched.content[:2048]))


def _url_records(url: str, settings: FetchSettings) -> Iterator[Record]:
    try:
        fetched = fetch_url(url, settings)
        if _is_feed(fetched):
            yield from _feed_records(url, fetched.content, settings)
            return
        text = _decode_fetched(fetched)
    except BackchannelError as exc:
        yield _fail(url, exc)
        return
    html = "html" in fetched.content_type.lower() or None
    yield {"source": url, "text": text, "html": html, "url": fetched.url}


def _feed_records(source: str, data: bytes, settings: FetchSettings) -> Iterator[Record]:
    import feedparser

    if len(data) > MAX_FEED_BYTES:
        err = InputError(
            f"{source}: feed larger than the {MAX_FEED_BYTES:,}-byte limit", code="BC105"
        )
        yield _fail(source, err)
        return
    if any(declaration in data for declaration in _ENTITY_DECLARATIONS):
        # Feeds never need their own entities; expanding nested ones (a "billion
        # laughs") costs seconds of parsing before expat's own limit stops it.
        err = InputError(f"{source}: feed declares XML entities; refused", code="BC109")
        yield _fail(source, err)
        return
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser's fallback parsers raise assorted errors on junk
        err = InputError(f"{source}: not an RSS or Atom feed ({type(exc).__name__})", code="BC109")
        yield _fail(source, err)
        return
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            err = InputError(f"{source}: not an RSS or Atom feed", code="BC109")
        else:
            err = InputError(f"{source}: feed has no items", code="BC102")
        yield _fail(source, err)
        return
    outlet = (parsed.get("feed") or {}).get("title") or None
    items = [_feed_item(source, number, entry, outlet) for number, entry in enumerate(entries, 1)]
    if not settings.enabled:
        yield from (_item_fallback(item, None) for item in items)
        return
    with ThreadPoolExecutor(max_workers=max(1, settings.parallel)) as pool:
        yield from pool.map(lambda item: _item_record(item, settings), items)


def _feed_item(source: str, number: int, entry: Any, outlet: str | None) -> dict[str, Any]:
    link = entry.get("link") or None
    # Only a web link names or locates an item: a relative or file: link written by
    # whoever made the feed must never become a path we read (e.g. on a retry).
    web = isinstance(link, str) and link.startswith(("http://", "https://"))
    if not web or len(link) > MAX_FIELD_CHARS:
        link = None
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = _feed_date(stamp)
    summary = entry.get("summary") or ""
    contents = entry.get("content") or []
    if contents and len(contents[0].get("value") or "") > len(summary):
        summary = contents[0]["value"]
    return {
        "source": link or f"{source}#{number}",
        "link": link,
        "title": entry.get("title") or "",
        "summary": _strip_tags(summary),
        "published": published,
        "outlet": outlet,
    }


def _feed_date(stamp: Any) -> str | None:
    """An item's date as YYYY-MM-DD, or None when the feed's date is not a real one."""
    if not stamp:
        return None
    try:
        return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat()
    except (ValueError, TypeError, AttributeError):
        return None


def _item_record(item: dict[str, Any], settings: FetchSettings) -> Record:
    link = item["link"]
    if not isinstance(link, str) or not link.startswith(("http://", "https://")):
        return _item_fallback(item, None)
    try:
        fetched = fetch_url(link, settings)
        text = _decode_fetched(fetched)
    except BackchannelError as exc:
        return _item_fallback(item, exc)
    return {
        "source": item["source"],
        "text": text,
        "html": "html" in fetched.content_type.lower() or None,
        "url": fetched.url,
        # The feed's title names the outlet better than a page's host name does.
        "outlet": item["outlet"],
        "row_defaults": _item_defaults(item),
        # If the page yields nothing usable, the feed's own text still can.
        "fallback": {"title": item["title"], "body": item["summary"]},
    }


def _item_defaults(item: dict[str, Any]) -> dict[str, str]:
    out = {"url": item["link"], "outlet": item["outlet"], "published": item["published"]}
    return {k: v for k, v in out.items() if isinstance(v, str) and v}


def _item_fallback(item: dict[str, Any], error: BackchannelError | None) -> Record:
    if not item["summary"].strip():
        err = error or InputError(f"{item['source']}: feed item has no text", code="BC102")
        return _fail(item["source"], err)
    return {
        "source": item["source"],
        "title": item["title"],
        "body": item["summary"],
        "row_defaults": _item_defaults(item),
        "from_feed_summary": True,
        "fetch_error": str(error) if error is not None else None,
    }


def _strip_tags(html: str) -> str:
    if "<" not in html:
        return html.strip()
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{html}</div>")
    except Exception:  # lxml raises assorted errors on junk
        return re.sub(r"<[^>]+>", " ", html).strip()
    for br in root.iter("br", "p", "div", "li"):
        br.tail = ("\n" if br.tag == "br" else "\n\n") + (br.tail or "")
    return re.sub(r"\n{3,}", "\n\n", root.text_content()).strip()


# -- the run -------------------------------------------------------------------


def ingest(
    inputs: Sequence[str],
    store: Any,
    *,
    workers: int | None = None,
    published: str | None = None,
    outlet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    fetch: FetchSettings | None = None,
    model: str | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    english_only: bool = True,
    consolidate: bool = True,
    stdin: TextIO | None = None,
    progress: IngestProgress | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> IngestReport:
    """Read, analyse and store every input; returns what happened.

    ``published``/``outlet`` are defaults for inputs that do not state their own.
    ``workers=None`` means :func:`~backchannel.pipeline.default_workers` (in-process
    for a handful of inputs); 1 runs in this process. ``engine="ray"`` runs the
    ``extract`` stage on Ray Data instead, with ``workers`` actors (default 2), on the
    cluster at ``ray_address`` or a local Ray; the stored results are the same.
    Each document is committed as soon as it is analysed; documents already in
    ``store`` (a :class:`~backchannel.store.Store`) are skipped before analysis.
    """
    from .documents import parse_date

    started = time.perf_counter()
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})", code="BC215")
    if engine == "ray":
        import_ray()  # before reading anything: say at once that Ray is missing
    defaults = {"outlet": outlet, "published": None}
    if published is not None:
        defaults["published"] = parse_date(published, what="--published date")
    report = IngestReport()
    records = list(iter_inputs(inputs, mapping=mapping, fetch=fetch, stdin=stdin))
    if progress is not None:
        progress.start(len(records))

    def failed(failure: Failure) -> None:
        report.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)
        if progress is not None:
            progress.advance("failed")

    reader = make_stage("read")
    reader.setup()
    seen: set[str] = set()

    def to_extract() -> Iterator[Record]:
        for record in records:
            for read in _read_one(reader, record, defaults, english_only):
                if "failure" in read:
                    failed(read["failure"])
                    continue
                doc_id = read["document"].id
                if doc_id in seen or store.has_document(doc_id):
                    report.duplicates += 1
                    if progress is not None:
                        progress.advance("duplicate")
                    continue
                seen.add(doc_id)
                yield read

    pending = to_extract()
    first = next(pending, None)
    if first is None:  # everything stored or failed: spaCy never loads
        return _finish(report, store, consolidate, started)
    specs = [("extract", {"model": model})]
    if workers is None and engine == "ray":
        workers = default_workers()
    elif workers is None:
        # Starting worker processes (each loads spaCy) costs more than a few articles.
        workers = default_workers() if len(records) >= SMALL_RUN else 1
    executor = make_executor(specs, workers=workers, engine=engine, ray_address=ray_address)
    try:
        for done in executor.iter_run(itertools.chain([first], pending)):
            if "failure" in done:
                failed(done["failure"])
                continue
            ledger = done["ledger"]
            if store.save_ledger(ledger):
                report.ingested += 1
                report.events += len(ledger.events)
                report.from_feed_summary += bool(done.get("from_feed_summary"))
                if progress is not None:
                    progress.advance("ingested")
            else:
                report.duplicates += 1
                if progress is not None:
                    progress.advance("duplicate")
    finally:
        executor.close()
    return _finish(report, store, consolidate, started)


def _finish(report: IngestReport, store: Any, consolidate: bool, started: float) -> IngestReport:
    if consolidate and (report.ingested or not store.has_consolidation()):
        report.consolidation = store.consolidate()
    report.seconds = time.perf_counter() - started
    return report


def _read_one(
    reader: Any, record: Record, defaults: dict[str, Any], english_only: bool
) -> list[Record]:
    """The ``read`` stage on one record; a fetched page that yields nothing falls back
    to its feed item's own text."""
    merged = {k: v for k, v in defaults.items() if v}
    merged.update(record.pop("row_defaults", None) or {})
    if record.get("path") is None and "failure" not in record and "url" not in record:
        record["url"] = merged.pop("url", None)
    record = {**record, "defaults": merged, "english_only": english_only}
    (out,) = reader.process([record])
    fallback = record.get("fallback")
    if "failure" in out and fallback and fallback.get("body", "").strip():
        retry = {k: v for k, v in record.items() if k not in ("text", "html", "fallback")}
        (out,) = reader.process([{**retry, **fallback, "from_feed_summary": True}])
    return [out]


# -- failures files ---------------------------------------------------------------


def write_failures(failures: Iterable[Failure], path: str | Path) -> int:
    """One JSON object per line: ``{"source", "code", "reason"}``; returns the count."""
    lines = [
        json.dumps({"source": f.path, "code": f.code, "reason": f.reason}, ensure_ascii=False)
        for f in failures
    ]
    try:
        Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}", code="BC206") from None
    return len(lines)


def read_failures(path: str | Path) -> list[str]:
    """The sources listed in a failures file, in order, once each."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}", code="BC208") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start})", code="BC208") from None
    sources: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            source = entry["source"]
        # ValueError: JSONDecodeError, or a 5,000-digit number; RecursionError: "[[[[".
        except (ValueError, RecursionError, KeyError, TypeError):
            raise ConfigError(
                f"{path}: line {number} is not a failures record (JSON with a 'source')",
                code="BC208",
            ) from None
        if not isinstance(source, str) or not source:
            raise ConfigError(f"{path}: line {number} has no source", code="BC208")
        if source == STDIN or source.startswith(f"{STDIN}:"):
            raise ConfigError(
                f"{path}: line {number} came from standard input, which cannot be re-read; "
                "pipe it again",
                code="BC208",
            )
        if source not in sources:
            sources.append(source)
    return sources
