"""Pipeline stages and the local executor.

Each stage has ``setup()`` (load models once per worker) and a pure
``process(batch) -> batch`` over plain records (dicts), so the local executor and
Ray Data run the same code. Stages are registered by name, the spaCy way, so a
plugin or a config can ask for ``"read"`` or ``"extract"`` without importing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Protocol

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
    """Inputs -> documents, with publication date known or inferred.

    A record names its input with one of ``path`` (a file), ``text`` (raw text or
    HTML in memory, front matter allowed) or ``body`` (+ ``title``: already split);
    ``published``/``outlet``/``url``/``encoding`` override what the input says and
    ``source`` names it in failures. With ``english_only`` set, a document that is
    not English becomes a failure (BC107) instead of a document.
    """

    name: str = "read"
    # Cores a Ray actor of this stage reserves: reading is light, and must not hold a
    # core that an extract actor is waiting for.
    ray_num_cpus: ClassVar[float] = 0.25

    def setup(self) -> None:
        return None

    def process(self, batch: list[Record]) -> list[Record]:
        from .documents import check_text, document_from_text, make_document, read_document

        out: list[Record] = []
        for record in batch:
            if "failure" in record:
                out.append(record)
                continue
            options = {k: record.get(k) for k in ("published", "outlet", "url")}
            where = str(record.get("source") or record.get("path") or "<text>")
            try:
                if record.get("path") is not None:
                    document = read_document(
                        record["path"], encoding=record.get("encoding"), **options
                    )
                elif record.get("text") is not None:
                    document = document_from_text(
                        record["text"], source=where, html=record.get("html"), **options
                    )
                else:
                    check_text(record["body"], source=where)
                    document = make_document(record.get("title", ""), record["body"], **options)
                document = _apply_defaults(document, record.get("defaults"))
                if record.get("english_only"):
                    _check_english(document, where)
                out.append({**record, "document": _infer_published(document)})
            except BackchannelError as exc:
                out.append({**record, "failure": Failure(where, exc.code, str(exc))})
        return out


def _apply_defaults(document: Document, defaults: dict[str, Any] | None) -> Document:
    """Fill an outlet or publication date the input itself does not state."""
    if not defaults:
        return document
    if not document.outlet and defaults.get("outlet"):
        document = replace(document, outlet=defaults["outlet"])
    if not document.published and defaults.get("published"):
        from .documents import parse_date

        date = parse_date(defaults["published"], what="publication date")
        document = replace(document, published=date, published_how="given")
    return document


def _check_english(document: Document, where: str) -> None:
    from .documents import guess_language
    from .errors import InputError

    language = (document.language or "und").lower()
    if not language.startswith("en"):
        raise InputError(
            f"{where}: not English (language {language!r}); backchannel reads English text",
            code="BC107",
        )
    if guess_language(f"{document.title}\n{document.body}") != "en":
        raise InputError(
            f"{where}: does not read as English (too few English function words)", code="BC107"
        )


@register_stage("extract")
@dataclass
class ExtractStage:
    """Documents -> ledgers: parse once with spaCy, run every extractor on the parse."""

    model: str | None = None
    batch_size: int = 16
    name: str = "extract"

    def setup(self) -> None:
        from .actors import ActorDictionary
        from .extract.attribution import load_attribution_models
        from .nlp import load_nlp

        self._nlp = load_nlp(self.model)
        self._actors = ActorDictionary.load()
        load_attribution_models()  # once per worker, not on its first article

    def process(self, batch: list[Record]) -> list[Record]:
        from .datelines import mask_datelines
        from .ledger import build_ledger

        todo = [r for r in batch if "document" in r and "failure" not in r]
        texts = (mask_datelines(r["document"].body) for r in todo)  # offsets unchanged
        docs = self._nlp.pipe(texts, batch_size=self.batch_size)
        done: dict[int, Record] = {}
        for record, doc in zip(todo, docs, strict=True):
            try:
                ledger = build_ledger(record["document"], doc, actors=self._actors)
                done[id(record)] = {**record, "ledger": ledger}
            except Exception as exc:  # a bug on one article must not lose the batch
                where = record.get("source") or record.get("path") or record["document"].id
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
        return list(self.iter_run(records))

    def iter_run(self, records: Iterable[Record]) -> Iterator[Record]:
        """Results in input order, batch by batch, as they are done (inputs read lazily)."""
        for batch in _batches(records, self.batch_size):
            for stage in self.stages:
                batch = stage.process(batch)
            yield from batch

    def close(self) -> None:
        return None


StageSpec = tuple[str, dict[str, Any]]


class ProcessExecutor:
    """Runs stages in ``workers`` local processes (spawned: nothing shared but records).

    Each worker builds the stages from their registered names and calls ``setup()``
    once (spaCy is loaded once per worker); batches travel as plain records:
    documents, ledgers and failures as dicts (:func:`to_plain` / :func:`from_plain`).
    Results come back in input order, so they equal :class:`LocalExecutor`'s.
    """

    def __init__(self, specs: Sequence[StageSpec], workers: int = 2, batch_size: int = 4) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        for name, config in specs:  # fail on a bad stage name here, not in a worker
            make_stage(name, **config)
        self.batch_size = batch_size
        self.workers = max(1, workers)
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(list(specs),),
        )

    def run(self, records: Iterable[Record]) -> list[Record]:
        return list(self.iter_run(records))

    def iter_run(self, records: Iterable[Record]) -> Iterator[Record]:
        from collections import deque
        from concurrent.futures import Future

        window: deque[Future[list[Record]]] = deque()
        limit = 2 * self.workers  # batches in flight: keeps every worker busy, memory flat
        for batch in _batches(records, self.batch_size):
            window.append(self._pool.submit(_run_batch, [to_plain(r) for r in batch]))
            while len(window) >= limit:
                yield from (from_plain(r) for r in window.popleft().result())
        while window:
            yield from (from_plain(r) for r in window.popleft().result())

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


ENGINES = ("local", "ray")


class RayExecutor:
    """Runs stages on Ray Data: one ``map_batches`` per stage, each with a callable
    class (:class:`_RayStage`) so every actor builds its stage and loads spaCy once.

    Between stages a dataset has two plain columns, ``index`` (input order) and
    ``record`` (the record as JSON, documents and ledgers as dicts: never spaCy
    objects). Ray is started locally (``num_cpus`` cores, no dashboard) unless it is
    already running or ``address`` names a cluster; it is shut down on :meth:`close`
    only if this executor started it. Results come back in input order, so they equal
    :class:`LocalExecutor`'s.
    """

    def __init__(
        self,
        specs: Sequence[StageSpec],
        *,
        workers: int = 2,
        batch_size: int = 4,
        address: str | None = None,
        num_cpus: int | None = None,
    ) -> None:
        import os

        ray = import_ray()
        for name, config in specs:  # fail on a bad stage name here, not in an actor
            make_stage(name, **config)
        self.specs = list(specs)
        self.workers = max(1, workers)
        self.batch_size = batch_size
        self._started = False
        if not ray.is_initialized():
            options: dict[str, Any] = {
                "include_dashboard": False,
                "log_to_driver": False,
                "logging_level": "ERROR",
                "configure_logging": True,
            }
            if address is None:
                options["num_cpus"] = num_cpus or self.workers
            # Ray's C++ core logs warnings meant for Ray developers to our stderr.
            os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
            try:
                ray.init(address=address, **options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = address or "a local Ray instance"
                raise BackchannelError(
                    f"cannot start or reach Ray at {where}: {exc}", code="BC214"
                ) from None
            self._started = True
        import logging

        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no per-run chatter
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False

    def run(self, records: Iterable[Record]) -> list[Record]:
        return list(self.iter_run(records))

    def iter_run(self, records: Iterable[Record]) -> Iterator[Record]:
        """Results in input order, streamed back as Ray finishes them."""
        import json
        import warnings

        ray = import_ray()
        items = [
            {"index": i, "record": json.dumps(to_plain(r), ensure_ascii=False)}
            for i, r in enumerate(records)
        ]
        if not items:
            return
        # Enough blocks to keep every actor busy, no more than one per record.
        blocks = min(len(items), max(2 * self.workers, -(-len(items) // self.batch_size)))
        dataset = ray.data.from_items(items, override_num_blocks=blocks)
        for name, config in self.specs:
            cpus = float(getattr(_STAGES[name], "ray_num_cpus", 1.0))
            dataset = dataset.map_batches(
                _RayStage,
                fn_constructor_kwargs={"name": name, "config": dict(config)},
                batch_size=self.batch_size,
                batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=self.workers),
                num_cpus=cpus,
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "could use more blocks" hints
            for row in dataset.iter_rows():
                yield from_plain(json.loads(row["record"]))

    def close(self) -> None:
        if self._started:
            import_ray().shutdown()
            self._started = False

    def __enter__(self) -> RayExecutor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def import_ray() -> Any:
    """The ``ray`` module with Ray Data, or a one-line error saying how to install it."""
    try:
        import ray
        import ray.data  # Ray without its data extra has no ray.data
    except ImportError:
        raise BackchannelError(
            "the Ray engine needs Ray Data: pip install 'backchannel[ray]'", code="BC213"
        ) from None
    return ray


class _RayStage:
    """One stage inside a Ray actor: built and set up once, then batch after batch."""

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        import os

        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")
        self.stage = make_stage(name, **config)
        self.stage.setup()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import json

        import numpy as np

        records = [from_plain(json.loads(str(r))) for r in batch["record"]]
        records = self.stage.process(records)
        out = [json.dumps(to_plain(r), ensure_ascii=False) for r in records]
        return {"index": batch["index"], "record": np.array(out, dtype=object)}


def make_executor(
    specs: Sequence[StageSpec],
    *,
    workers: int = 1,
    batch_size: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
) -> LocalExecutor | ProcessExecutor | RayExecutor:
    """In-process for ``workers <= 1``, else a :class:`ProcessExecutor`; with
    ``engine="ray"`` a :class:`RayExecutor` of ``workers`` actors."""
    if engine not in ENGINES:
        raise BackchannelError(
            f"unknown engine {engine!r} (known: {', '.join(ENGINES)})", code="BC215"
        )
    if engine == "ray":
        return RayExecutor(
            specs, workers=max(1, workers), batch_size=batch_size or 4, address=ray_address
        )
    if workers <= 1:
        stages = [make_stage(name, **config) for name, config in specs]
        return LocalExecutor(stages, batch_size=batch_size or 16)
    return ProcessExecutor(specs, workers=workers, batch_size=batch_size or 4)


def default_workers() -> int:
    """2, or the number of usable cores when fewer."""
    import os

    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


_WORKER_STAGES: list[Stage] = []


def _init_worker(specs: list[StageSpec]) -> None:
    import os
    import signal

    # Ctrl-C is the parent's to handle; workers end when their pool shuts down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # One worker per core: numeric libraries must not each start a thread per core.
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    _WORKER_STAGES[:] = [make_stage(name, **config) for name, config in specs]
    for stage in _WORKER_STAGES:
        stage.setup()


def _run_batch(batch: list[Record]) -> list[Record]:
    records = [from_plain(r) for r in batch]
    for stage in _WORKER_STAGES:
        records = stage.process(records)
    return [to_plain(r) for r in records]


def to_plain(record: Record) -> Record:
    """A record with its document, ledger and failure as plain dicts (for pickling/Ray)."""
    from dataclasses import asdict

    out = dict(record)
    if isinstance(out.get("document"), Document):
        out["document"] = asdict(out["document"])
    if isinstance(out.get("ledger"), Ledger):
        out["ledger"] = out["ledger"].to_dict()
    if isinstance(out.get("failure"), Failure):
        out["failure"] = asdict(out["failure"])
    return out


def from_plain(record: Record) -> Record:
    """The inverse of :func:`to_plain`."""
    from .model import document_from_dict, ledger_from_dict

    out = dict(record)
    if isinstance(out.get("document"), dict):
        out["document"] = document_from_dict(out["document"])
    if isinstance(out.get("ledger"), dict):
        out["ledger"] = ledger_from_dict(out["ledger"])
    if isinstance(out.get("failure"), dict):
        out["failure"] = Failure(**out["failure"])
    return out


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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
    engine: str = "local",
    ray_address: str | None = None,
    english_only: bool = True,
) -> list[Ledger | Failure]:
    """Read and analyse files; one result per path, in order. In this process, or with
    ``engine="ray"`` on Ray Data (both stages; a local Ray unless ``ray_address``).
    The pipeline's models are English: other languages fail (BC107) unless
    ``english_only`` is False."""
    published = _check_date(published)
    options = {
        "published": published,
        "outlet": outlet,
        "url": url,
        "encoding": encoding,
        "english_only": english_only,
    }
    records = [{"path": str(p), **options} for p in paths]
    if engine != "local" or ray_address is not None:
        if engine != "ray":
            raise BackchannelError(
                f"unknown engine {engine!r} (known: {', '.join(ENGINES)})"
                if engine not in ENGINES
                else "--ray-address needs --engine ray",
                code="BC215",
            )
        specs: list[StageSpec] = [("read", {}), ("extract", {"model": model})]
        executor = make_executor(
            specs, workers=default_workers(), engine="ray", ray_address=ray_address
        )
        try:
            return _results(executor.run(records))
        finally:
            executor.close()
    executor = LocalExecutor([make_stage("read"), make_stage("extract", model=model)])
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
