"""The real CLI over the real pipeline, on small articles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backchannel.cli import app

runner = CliRunner()

HOSTILE = (
    "---\ntitle: Envoys meet [bold]again[/bold]\noutlet: Test Wire\npublished: 2024-03-07\n---\n"
    "Ukraine rejected the Russian proposal on Monday [/oops], officials said.\n\n"
    "<script>alert('x')</script> Moscow threatened Kyiv with new strikes [red]today[/red].\n"
)


def test_article_text_is_never_read_as_terminal_markup(tmp_path: Path, tmp_db: str):
    article = tmp_path / "hostile.md"
    article.write_text(HOSTILE, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(article), "--db", tmp_db])
    assert result.exit_code == 0, result.output
    assert "[/oops]" in result.output and "[bold]again[/bold]" in result.output
    listed = runner.invoke(app, ["events", "--db", tmp_db])
    assert listed.exit_code == 0 and "[/oops]" in listed.output


def test_json_round_trip_through_the_store(tmp_path: Path, tmp_db: str):
    article = tmp_path / "a.md"
    article.write_text(HOSTILE, encoding="utf-8")
    db = tmp_db
    analysed = runner.invoke(app, ["analyze", str(article), "--db", db, "--format", "json"])
    assert analysed.exit_code == 0
    fresh = json.loads(analysed.stdout)
    exported = runner.invoke(app, ["export", "--format", "plover-json", "--db", db])
    stored = json.loads(exported.stdout)
    assert [e["id"] for e in stored["events"]] == [e["id"] for e in fresh["events"]]
    again = runner.invoke(app, ["analyze", str(article), "--db", db, "--format", "summary"])
    assert again.exit_code == 0 and "already" in again.output
