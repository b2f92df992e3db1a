from __future__ import annotations

import csv
import io
import json
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backchannel import pipeline
from backchannel.cli import app, main
from backchannel.export import CSV_COLUMNS, to_plover_json
from backchannel.model import Ledger
from backchannel.pipeline import Failure
from backchannel.store import Store

runner = CliRunner()


@pytest.fixture
def fake_pipeline(monkeypatch, sample_ledger: Ledger) -> list[dict]:
    """``analyze_paths`` returns the sample ledger, then a failure for ``bad.txt``."""
    calls: list[dict] = []

    def analyze_paths(paths, **options) -> list[Ledger | Failure]:
        calls.append({"paths": list(paths), **options})
        return [
            sample_ledger if path != "bad.txt" else Failure(path, "BC102", f"{path}: file is empty")
            for path in paths
        ]

    monkeypatch.setattr(pipeline, "analyze_paths", analyze_paths)
    return calls


@pytest.fixture
def filled_db(tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger) -> str:
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        store.save_ledger(other_ledger)
    return tmp_db


def run(*args: str):
    return runner.invoke(app, list(args))


def rows(db_url: str, table: str) -> int:
    with Store(db_url) as store:
        return store.counts()[table]


def test_analyze_table_stores_and_reports_failures(fake_pipeline, tmp_db: str) -> None:
    result = run("analyze", "a.txt", "bad.txt", "--db", tmp_db, "--published", "2024-03-06")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["error[BC102]: bad.txt: file is empty"]
    assert "Envoys Trade Ceasefire Signals" in result.stdout
    assert "published 2024-03-06 (given)" in result.stdout
    assert "AGREE" in result.stdout and "Traceback" not in result.output
    assert fake_pipeline[0]["paths"] == ["a.txt", "bad.txt"]
    assert fake_pipeline[0]["published"] == "2024-03-06"
    assert (rows(tmp_db, "documents"), rows(tmp_db, "events")) == (1, 4)


def test_analyze_again_stores_nothing_new(fake_pipeline, tmp_db: str) -> None:
    assert run("analyze", "a.txt", "--db", tmp_db).exit_code == 0
    result = run("analyze", "a.txt", "--db", tmp_db)
    assert result.exit_code == 0, result.output
    assert "already stored" in result.stdout
    assert (rows(tmp_db, "documents"), rows(tmp_db, "events")) == (1, 4)


def test_analyze_json_is_clean_stdout(fake_pipeline, tmp_db: str, sample_ledger) -> None:
    result = run("analyze", "a.txt", "bad.txt", "--format", "json", "--db", tmp_db)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == json.loads(json.dumps(to_plover_json([sample_ledger])))
    assert result.stderr.startswith("error[BC102]: bad.txt:")


def test_analyze_no_store(fake_pipeline, tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    result = run("analyze", "a.txt", "--no-store", "--db", str(db))
    assert result.exit_code == 0
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--format", "xml"], "BC204"),
        (["--published", "2024-02-30"], "BC203"),
        (["--db", "nosuchdialect://x"], "BC301"),
    ],
)
def test_analyze_usage_errors_exit_2_before_analysis(fake_pipeline, tmp_db, args, code) -> None:
    result = run("analyze", "a.txt", "--db", tmp_db, *args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error[{code}]: ")
    assert fake_pipeline == []


@pytest.mark.sqlite_only
def test_analyze_read_only_db_keeps_output(fake_pipeline, tmp_path: Path, other_ledger) -> None:
    path = tmp_path / "ro.db"
    with Store(str(path)) as store:
        store.save_ledger(other_ledger)
    before = path.read_bytes()
    result = run("analyze", "a.txt", "--db", f"sqlite:///file:{path}?mode=ro&uri=true")
    assert result.exit_code == 1
    assert result.stderr.startswith("error[BC304]: cannot write")
    assert "Envoys Trade Ceasefire Signals" in result.stdout
    assert path.read_bytes() == before


def test_analyze_config_error_from_pipeline(monkeypatch, tmp_db: str) -> None:
    from backchannel.errors import ConfigError

    def broken(paths, **options):
        raise ConfigError("spaCy model 'nope' is not installed", code="BC201")

    monkeypatch.setattr(pipeline, "analyze_paths", broken)
    result = run("analyze", "a.txt", "--model", "nope", "--db", tmp_db)
    assert result.exit_code == 2
    assert result.stderr == "error[BC201]: spaCy model 'nope' is not installed\n"


@pytest.mark.parametrize(
    ("args", "count"),
    [
        ([], 8),
        (["--actor", "ukr"], 2),
        (["--type", "agree"], 2),
        (["--status", "speculative"], 2),
        (["--since", "2024-03-05", "--until", "2024-03"], 4),
        (["--actor", "putin", "--type", "REJECT"], 2),
    ],
)
def test_events_json(filled_db: str, args: list[str], count: int) -> None:
    result = run("events", "--db", filled_db, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == count


def test_events_table_and_csv(filled_db: str) -> None:
    table = run("events", "--db", filled_db, "--type", "REJECT")
    assert table.exit_code == 0
    assert "REJECT" in table.stdout and "2 events" in table.stdout
    result = run("events", "--db", filled_db, "--format", "csv")
    assert result.exit_code == 0
    parsed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(parsed) == 8 and tuple(parsed[0]) == CSV_COLUMNS


@pytest.mark.parametrize(
    ("args", "code", "exit_code"),
    [
        (["--since", "March"], "BC203", 2),
        (["--format", "yaml"], "BC204", 2),
    ],
)
def test_events_errors(filled_db: str, args, code: str, exit_code: int) -> None:
    result = run("events", "--db", filled_db, *args)
    assert result.exit_code == exit_code
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error[{code}]: ")


def test_events_without_database(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = run("events", "--db", str(missing))
    assert result.exit_code == 1
    assert result.stderr.startswith("error[BC303]: no database at")
    assert not missing.exists()


def test_export_json_to_stdout(filled_db: str) -> None:
    result = run("export", "--format", "plover-json", "--db", filled_db)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    with Store(filled_db) as store:
        assert data == json.loads(json.dumps(store.export_records()))
    assert len(data["documents"]) == 2 and len(data["events"]) == 8


def test_export_csv_to_file(filled_db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = run("export", "--format", "csv", "--output", str(out), "--db", filled_db)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "wrote 8 events" in result.stderr
    assert len(list(csv.DictReader(out.open(encoding="utf-8")))) == 8


def test_export_unwritable_output(filled_db: str, tmp_path: Path) -> None:
    result = run("export", "--output", str(tmp_path / "no" / "dir.json"), "--db", filled_db)
    assert result.exit_code == 2
    assert result.stderr.startswith("error[BC206]: cannot write")


def test_eval_dispatches_lazily(monkeypatch, tmp_path: Path) -> None:
    seen: list[tuple] = []
    fake = types.ModuleType("backchannel.eval.attribution")

    def fake_run(path, fmt, show_errors) -> int:
        seen.append((path, fmt, show_errors))
        return 0

    fake.run = fake_run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backchannel.eval.attribution", fake)
    result = run("eval", "attribution", str(tmp_path), "--format", "json", "--errors")
    assert result.exit_code == 0, result.output
    assert seen == [(tmp_path, "json", True)]
    bad = run("eval", "attribution", str(tmp_path), "--format", "html")
    assert bad.exit_code == 2 and bad.stderr.startswith("error[BC204]")


def test_version_and_main(capsys) -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("backchannel ")
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("backchannel ")


def test_main_reports_errors_in_one_line(capsys, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["events", "--db", str(tmp_path / "none.db")])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error[BC303]")


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("analyze", "events", "export", "eval"):
        assert command in result.stdout
