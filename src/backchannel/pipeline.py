"""Pipeline stages and the local executor.

Each stage has ``setup()`` (load models once per worker) and a pure
``process(batch) -> batch`` over plain records, so the local executor and Ray Data
run the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Ledger


@dataclass(slots=True)
class Failure:
    """A document that could not be analysed, with a one-line reason."""

    path: str
    code: str
    reason: str


def analyze_paths(
    paths: Sequence[str],
    *,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    model: str | None = None,
) -> list[Ledger | Failure]:
    """Read and analyse files; one result per path, in order. (Stub: filled in by the lead.)"""
    raise NotImplementedError


def analyze_text(
    body: str,
    *,
    title: str = "",
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    model: str | None = None,
) -> Ledger:
    """Analyse one text already in memory. (Stub: filled in by the lead.)"""
    raise NotImplementedError
