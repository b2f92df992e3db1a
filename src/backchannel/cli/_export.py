"""``backchannel export``: everything stored, as PLOVER JSON or CSV."""

from __future__ import annotations

import io
import json
from contextlib import suppress
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConfigError, StoreError
from ..export import to_csv
from ..store import DEFAULT_URL, Store
from ._app import DbOption, app, check_format, handle_errors

FORMATS = ("plover-json", "csv")


def export(*, fmt: str = "plover-json", output: str | None = None, db: str = DEFAULT_URL) -> int:
    """Write the stored ledger to ``output`` (stdout when None); returns the exit code."""
    fmt = check_format("plover-json" if fmt.strip().lower() == "json" else fmt, FORMATS)
    with Store(db, create=False) as store:
        if not store.has_consolidation():
            # A database filled before stories existed; a read-only one stays as it is.
            with suppress(StoreError):
                store.consolidate()
        records = store.export_records()
    if fmt == "csv":
        buffer = io.StringIO()
        to_csv(records["events"], buffer)
        text = buffer.getvalue()
    else:
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if output is None or output == "-":
        typer.echo(text, nl=False)
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {output}: {exc.strerror or exc}", code="BC206") from None
    typer.echo(f"wrote {len(records['events'])} events to {output}", err=True)
    return 0


@app.command("export")
def export_cli(
    fmt: Annotated[str, typer.Option("--format", "-f", help="plover-json or csv.")] = "plover-json",
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="File to write (default: stdout).", show_default=False),
    ] = None,
    db: DbOption = DEFAULT_URL,
) -> None:
    """Export every stored document, event, divergence and story."""
    with handle_errors():
        code = export(fmt=fmt, output=output, db=db)
    raise typer.Exit(code)
