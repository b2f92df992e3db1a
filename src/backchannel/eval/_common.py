"""Shared by the scorers: precision/recall/F1, JSON output, coding gold sentences."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import EvalError

if TYPE_CHECKING:
    from rich.table import Table


def read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 gold file; one clear :class:`EvalError` when it cannot be read."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvalError(f"gold file not found: {p}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read {p}: {exc}") from None


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """Precision, recall and F1 (rounded to 4 places) with the counts they come from."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp,
            "pred": n_pred, "gold": n_gold}  # fmt: skip


def prf_table(title: str, label: str, rows: Iterable[tuple[str, Mapping[str, Any]]]) -> Table:
    """A Rich table of gold/predicted counts and P/R/F1, one row per (name, figures)."""
    from rich.table import Table

    table = Table(title=title)
    for col in (label, "gold", "predicted", "P", "R", "F1"):
        table.add_column(col, justify="left" if col == label else "right")
    for name, c in rows:
        table.add_row(name, str(c["gold"]), str(c["pred"]),
                      f"{c['p']:.3f}", f"{c['r']:.3f}", f"{c['f1']:.3f}")  # fmt: skip
    return table


def print_json(result: Mapping[str, Any], errors: list[Any] | None) -> None:
    """The scores without the per-item ``rows``; with ``errors`` when they were asked for."""
    out = {k: v for k, v in result.items() if k != "rows"}
    if errors is not None:
        out["errors"] = errors
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def code_sentences(texts: Sequence[str]) -> Iterator[list[Any]]:
    """The coded events (``CodedEvent``) of each text, in order, one spaCy pass."""
    from ..actors import ActorDictionary, resolve_mentions
    from ..extract.events import code_events
    from ..nlp import load_nlp

    nlp = load_nlp()
    book = ActorDictionary.load()
    for doc in nlp.pipe(texts, batch_size=64):
        yield code_events(doc, resolve_mentions(doc, book, None), book)


def main_event(events: Sequence[Any]) -> Any | None:
    """The most confident event of a sentence (the first among equals), or None."""
    best = None
    for ev in events:
        if best is None or ev.confidence > best.confidence:
            best = ev
    return best
