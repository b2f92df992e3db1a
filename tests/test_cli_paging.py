"""``--limit``/``--page`` on the listing commands (timeline, events, stories, divergences)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from _corpus import corpus_db
from backchannel.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{corpus_db(tmp_path_factory)}"


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _ids(output: str, key: str) -> list[str]:
    payload = json.loads(output)
    rows = payload["divergences"] if isinstance(payload, dict) else payload
    return [str(row[key]) for row in rows]


@pytest.mark.parametrize(
    ("command", "key"),
    [
        (["timeline"], "event_id"),
        (["events"], "id"),
        (["stories"], "id"),
        (["divergences"], "id"),
    ],
)
def test_pages_of_json_output_add_up_to_the_whole(db: str, command: list[str], key: str) -> None:
    whole = run(*command, "--db", db, "--format", "json")
    assert whole.exit_code == 0, whole.output
    everything = _ids(whole.output, key)
    assert len(everything) >= 3
    size = len(everything) // 2 + 1  # two pages, the second one short
    pages = [
        run(*command, "--db", db, "--format", "json", "--limit", str(size), "--page", str(n))
        for n in (1, 2, 3)
    ]
    assert all(p.exit_code == 0 for p in pages)
    first, second, beyond = (_ids(p.output, key) for p in pages)
    assert len(first) == size and first + second == everything and beyond == []


def test_the_table_says_which_rows_it_shows(db: str) -> None:
    total = len(json.loads(run("timeline", "--db", db, "--format", "json").output))
    result = run("timeline", "--db", db, "--topic", "ceasefire", "--limit", "2", "--page", "2")
    assert result.exit_code == 0, result.output
    assert "3-4 of " in result.output and "(page 2 of " in result.output
    everything = run("timeline", "--db", db)
    assert f"{total} events" in everything.output  # without --limit: all of them, as before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--page", "2"], "--page needs --limit"),
        (["--limit", "0"], "limit runs from 1"),
        (["--limit", "5", "--page", "0"], "pages count from 1"),
    ],
)
def test_bad_paging_is_one_line_and_a_non_zero_exit(db: str, args: list[str], message: str) -> None:
    for command in ("timeline", "events", "stories", "divergences"):
        result = run(command, "--db", db, *args)
        assert result.exit_code != 0
        assert message in result.output and result.output.count("\n") == 1, result.output
