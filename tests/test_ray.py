"""The Ray engine (local Ray, 2 CPUs, no dashboard) stores the ledger the local executor
does; without Ray it says in one line how to get it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backchannel.cli import app
from backchannel.ingest import ingest
from backchannel.store import Store

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
runner = CliRunner()


def _ledger(store: Store) -> list[tuple[Any, ...]]:
    """What must not depend on the engine: events with their status, dates and attributions."""
    out = []
    for event in store.events():
        links = tuple(
            (link["role"], link["text"], link.get("cue")) for link in event["attribution"] or []
        )
        out.append(
            (
                event["id"],
                event["event"],
                event["status"],
                event["date"],
                event["enddate"],
                event["event_text"],
                links,
            )
        )
    return sorted(out)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        yield ray
    finally:
        ray.shutdown()


def test_ray_engine_stores_the_local_executor_ledger(
    local_ray: Any, tmp_path: Path, make_db: Callable[[str], str]
) -> None:
    inputs = [str(p) for p in sorted(CORPUS.glob("*.md"))[:5]]
    inputs.append(str(tmp_path / "missing.md"))
    local_db, ray_db = make_db("local"), make_db("ray")
    with Store(local_db) as store:
        local = ingest(inputs, store, workers=1)
        expected = _ledger(store)
        expected_stories = store.stories()
    with Store(ray_db) as store:
        remote = ingest(inputs, store, engine="ray", workers=2)
        assert _ledger(store) == expected
        assert store.stories() == expected_stories
        assert {d["id"] for d in store.documents()} == {
            d["id"] for d in Store(local_db).documents()
        }
    assert (remote.ingested, remote.events, remote.failed) == (5, local.events, 1)
    assert remote.failures[0].code == local.failures[0].code == "BC101"
    assert expected  # the articles do have events
    assert local_ray.is_initialized()  # a Ray this run did not start is left running


def test_analyze_on_ray_equals_in_process(local_ray: Any) -> None:
    from backchannel.pipeline import analyze_paths

    paths = [str(p) for p in sorted(CORPUS.glob("*.md"))[5:7]]
    assert analyze_paths(paths, engine="ray") == analyze_paths(paths)


def test_ray_engine_without_ray_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["ingest", str(CORPUS), "--db", db, "--engine", "ray"])
    assert result.exit_code != 0
    assert result.stderr.strip() == (
        "error[BC213]: the Ray engine needs Ray Data: pip install 'backchannel[ray]'"
    )
    analyzed = runner.invoke(
        app,
        [
            "analyze",
            str(CORPUS / "01_nyt-putin-quietly-signals-ceasefire.md"),
            "--db",
            db,
            "--engine",
            "ray",
        ],
    )
    assert analyzed.exit_code != 0 and analyzed.stderr.startswith("error[BC213]")


def test_unknown_engine_and_stray_ray_address_are_user_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    bad = runner.invoke(app, ["ingest", str(CORPUS), "--db", db, "--engine", "spark"])
    assert bad.exit_code != 0 and bad.stderr.startswith("error[BC215]: unknown engine 'spark'")
    stray = runner.invoke(app, ["ingest", str(CORPUS), "--db", db, "--ray-address", "auto"])
    assert stray.exit_code != 0 and stray.stderr.startswith("error[BC215]")
