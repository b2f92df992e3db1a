"""``backchannel ingest``: load a corpus (files, folders, feeds, batches, URLs, stdin)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated

import typer

from ..errors import ConfigError
from ..store import DEFAULT_URL, Store
from ._app import DbOption, ModelOption, RayAddressOption, app, handle_errors, report


class _RichProgress:
    """A Rich progress bar on stderr (only used when stderr is a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("ingest", total=None, counts="")
        self._counts = {"ingested": 0, "duplicate": 0, "failed": 0}

    def start(self, total: int) -> None:
        self._progress.update(self._task, total=total)

    def advance(self, outcome: str) -> None:
        self._counts[outcome] = self._counts.get(outcome, 0) + 1
        counts = " ".join(f"{k} {v}" for k, v in self._counts.items())
        self._progress.update(self._task, advance=1, counts=counts)

    @contextmanager
    def shown(self) -> Iterator[_RichProgress]:
        with self._progress:
            yield self


def ingest(
    inputs: Sequence[str],
    *,
    db: str = DEFAULT_URL,
    workers: int | None = None,
    published: str | None = None,
    outlet: str | None = None,
    mapping: Sequence[str] = (),
    failures: str | None = None,
    retry: str | None = None,
    fetch: bool = True,
    model: str | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    progress: bool | None = None,
) -> int:
    """Ingest inputs into the store and print a summary; returns the exit code
    (1 when any input failed: those are listed, the rest is stored all the same)."""
    from .. import ingest as library
    from ..documents import parse_date

    columns = library.parse_mapping(mapping)
    if published is not None:
        published = parse_date(published, what="--published date")
    if ray_address is not None and engine != "ray":
        raise ConfigError("--ray-address needs --engine ray", code="BC215")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be 1 or more, not {workers}", code="BC209")
    sources = list(inputs)
    if retry is not None:
        sources += [s for s in library.read_failures(retry) if s not in sources]
    if not sources:
        raise ConfigError("nothing to ingest: give PATH, URL or -, or --retry FILE", code="BC210")
    show = sys.stderr.isatty() if progress is None else progress
    with Store(db) as store:
        bar = _RichProgress() if show else None
        settings = library.FetchSettings(enabled=fetch)
        # One call either way: the bar only decides what wraps it.
        shown = bar.shown() if bar is not None else contextlib.nullcontext()
        with shown:
            result = library.ingest(
                sources,
                store,
                workers=workers,
                published=published,
                outlet=outlet,
                mapping=columns,
                fetch=settings,
                model=model,
                engine=engine,
                ray_address=ray_address,
                progress=bar,
            )
    for failure in result.failures:
        reason = failure.reason
        if not reason.startswith(failure.path):
            reason = f"{failure.path}: {reason}"
        report(failure.code, reason)
    if failures is not None:
        library.write_failures(result.failures, failures)
    line = (
        f"ingested {result.ingested}, skipped {result.duplicates} as duplicate"
        f"{'s' if result.duplicates != 1 else ''}, failed {result.failed}"
        f" ({result.events} events, {result.seconds:.1f} s)"
    )
    if result.from_feed_summary:
        line += f"; {result.from_feed_summary} from feed summaries (page not fetched)"
    consolidated = result.consolidation
    if consolidated is not None:
        plural = "y" if consolidated["copies"] == 1 else "ies"
        line += (
            f"; {consolidated['stories']} stories ({consolidated['merged']} with several"
            f" reports), {consolidated['copies']} cop{plural}"
        )
    typer.echo(line)
    if failures is not None and result.failures:
        typer.echo(f"failures written to {failures}; re-run them with --retry {failures}")
    return 1 if result.failures else 0


@app.command("ingest")
def ingest_cli(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH|URL|-...",
            help="Files, folders, feeds (.rss/.atom/.xml or URL), .jsonl/.csv batches, "
            "article URLs, or - for stdin.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = DEFAULT_URL,
    workers: Annotated[
        int | None,
        typer.Option(help="Worker processes (default: 2 or the cores, if fewer; 1 = in-process)."),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date for inputs that state none.", show_default=False),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet for inputs that name none.", show_default=False)
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="Batch column for a field (title, body, outlet, url, published).",
            show_default=False,
        ),
    ] = None,
    failures: Annotated[
        str | None,
        typer.Option(help="Write failed inputs here (JSONL) for --retry.", show_default=False),
    ] = None,
    retry: Annotated[
        str | None,
        typer.Option(help="Re-run the inputs listed in a failures file.", show_default=False),
    ] = None,
    no_fetch: Annotated[
        bool, typer.Option("--no-fetch", help="Use feed items' own text; fetch no links.")
    ] = False,
    model: ModelOption = None,
    engine: Annotated[
        str,
        typer.Option(help="local (processes on this machine) or ray (Ray Data; backchannel[ray])."),
    ] = "local",
    ray_address: RayAddressOption = None,
) -> None:
    """Load a corpus into the store: skip what is stored, go on past bad inputs."""
    with handle_errors():
        code = ingest(
            inputs or [],
            db=db,
            workers=workers,
            published=published,
            outlet=outlet,
            mapping=mapping or [],
            failures=failures,
            retry=retry,
            fetch=not no_fetch,
            model=model,
            engine=engine,
            ray_address=ray_address,
        )
    raise typer.Exit(code)
