"""The example corpus (``examples/corpus``), analysed once per test session.

Analysis tests share one analysed SQLite file: spaCy over 27 articles takes a while.
Tests that write (grades, ACH) work on their own copy of it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backchannel.store import Store

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"

_built: dict[str, Path] = {}


def corpus_db(factory: pytest.TempPathFactory) -> Path:
    """The analysed and consolidated corpus (a SQLite file), built on first use."""
    if "db" not in _built:
        from backchannel.ingest import ingest

        path = factory.mktemp("analysis-corpus") / "corpus.db"
        with Store(path) as store:
            report = ingest([str(CORPUS)], store, workers=1)
        articles = len(list(CORPUS.glob("*.md")))
        assert report.ingested == articles and report.failed == 0, report
        _built["db"] = path
    return _built["db"]


def corpus_copy(factory: pytest.TempPathFactory, directory: Path) -> str:
    """A private copy of the analysed corpus in ``directory``; returns its URL."""
    target = directory / "corpus.db"
    shutil.copyfile(corpus_db(factory), target)
    return f"sqlite:///{target}"
