"""Pipeline stages and the local executor.

Each stage has ``setup()`` (load models once per worker) and a pure
``process(batch) -> batch`` over plain records (dicts), so the local executor and
Ray Data run the same code. Stages are registered by name, the spaCy way, so a
plugin or a config can ask for ``"read"`` or ``"extract"`` without importing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .errors import BackchannelError
from .model import Document, Ledger

Record = dict[str, Any]


class Stage(Protocol):
    name: str

    def setup(self) -> None: ...

    def process(self, batch: list[Record]) -> list[Record]: ...


_STAGES: dict[str, Callable[..., Stage]] = {}


def register_stage(name: str) -> Callable[[Callable[..., Stage]], Callable[..., Stage]]:
    def decorator(factory: Callable[..., Stage]) -> Callable[..., Stage]:
        _STAGES[name] = factory
        return factory

    return decorator


def make_stage(name: str, **config: Any) -> Stage:
    try:
        factory = _STAGES[name]
    except KeyError:
        known = ", ".join(sorted(_STAGES))
        raise BackchannelError(f"unknown stage {name!r} (known: {known})", code="BC202") from None
    return factory(**config)


@dataclass(slots=True)
class Failure:
    """A document that could not be analysed, with a one-line reason."""

    path: str
    code: str
    reason: str


def _infer_published(document: Document) -> Document:
    """Without a known date, take the latest explicit date the text states."""
    if document.published:
        return document
    from .extract.timex import latest_explicit_date

    latest = latest_explicit_date(document.body) or latest_explicit_date(document.title)
    if latest is None:
        return document
    return replace(document, published=latest.isoformat(), published_how="inferred")


@register_stage("read")
@dataclass
class ReadStage:
    """Paths (or in-memory texts) -> documents, with publication date known or inferred."""

    name: str = "read"

    def setup(self) -> None:
        return None

    def process(self, batch: list[Record]) -> list[Record]:
        from .documents import make_document, read_document

        out: list[Record] = []
        for record in batch:
            options = {k: record.get(k) for k in ("published", "outlet", "url")}
            try:
                if record.get("path") is not None:
                    document = read_document(
                        record["path"], encoding=record.get("encoding"), **options
                    )
                else:
                    document = make_document(record.get("title", ""), record["body"], **options)
                out.append({**record, "document": _infer_published(document)})
            except BackchannelError as exc:
                where = record.get("path") or "<text>"
                out.append({**record, "failure": Failure(str(where), exc.code, str(exc))})
        return out


@register_stage("extract")
@dataclass
class ExtractStage:
    """Documents -> ledgers: parse once with spaCy, run every extractor on the parse."""

    model: str | None = None
    batch_size: int = 16
    name: str = "extract"

    def setup(self) -> None:
        from .actors import ActorDictionary
        from .nlp import load_nlp

        self._nlp = load_nlp(self.model)
        self._actors = ActorDictionary.load()

    def process(self, batch: list[Record]) -> list[Record]:
        from .ledger import build_ledger

        todo = [r for r in batch if "document" in r and "failure" not in r]
        docs = self._nlp.pipe((r["document"].body for r in todo), batch_size=self.batch_size)
        done: dict[int, Record] = {}
        for record, doc in zip(todo, docs, strict=True):
            try:
                ledger = build_ledger(record["document"], doc, actors=self._actors)
                done[id(record)] = {**record, "ledger": ledger}
            except Exception as exc:  # a bug on one article must not lose the batch
                where = record.get("path") or record["document"].id
                reason = (
                    f"internal error while extracting ({type(exc).__name__}: {exc}); "
                    "please report it"
                )
                done[id(record)] = {**record, "failure": Failure(str(where), "BC900", reason)}
        return [done.get(id(r), r) for r in batch]


class LocalExecutor:
    """Runs stages in this process, in batches; each stage is set up once."""

    def __init__(self, stages: Sequence[Stage], batch_size: int = 16) -> None:
        self.stages = list(stages)
        self.batch_size = batch_size
        for stage in self.stages:
            stage.setup()

    def run(self, records: Iterable[Record]) -> list[Record]:
        pending = list(records)
        out: list[Record] = []
        for i in range(0, len(pending), self.batch_size):
            batch = pending[i : i + self.batch_size]
            for stage in self.stages:
                batch = stage.process(batch)
            out.extend(batch)
        return out


def _results(records: list[Record]) -> list[Ledger | Failure]:
    return [r.get("failure") or r["ledger"] for r in records]


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise BackchannelError(
            f"bad publication date {value!r}: use YYYY-MM-DD", code="BC203"
        ) from None


def analyze_paths(
    paths: Sequence[str],
    *,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    model: str | None = None,
    encoding: str | None = None,
) -> list[Ledger | Failure]:
    """Read and analyse files; one result per path, in order."""
    published = _check_date(published)
    executor = LocalExecutor([make_stage("read"), make_stage("extract", model=model)])
    options = {"published": published, "outlet": outlet, "url": url, "encoding": encoding}
    records = [{"path": str(p), **options} for p in paths]
    return _results(executor.run(records))


def analyze_text(
    body: str,
    *,
    title: str = "",
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    model: str | None = None,
) -> Ledger:
    """Analyse one text already in memory; raises on bad input."""
    published = _check_date(published)
    executor = LocalExecutor([make_stage("read"), make_stage("extract", model=model)])
    record = {"body": body, "title": title, "published": published, "outlet": outlet, "url": url}
    (result,) = _results(executor.run([record]))
    if isinstance(result, Failure):
        raise BackchannelError(result.reason, code=result.code)
    return result
