"""The analysis commands: timeline, divergences --scope, sources, grade, ach."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from backchannel.cli import app
from backchannel.model import Ledger
from backchannel.store import Store

runner = CliRunner()


@pytest.fixture
def db(tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger) -> str:
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        store.save_ledger(other_ledger)
        store.consolidate()
    return tmp_db


def run(*args: str) -> object:
    return runner.invoke(app, list(args))


def test_timeline_json_table_and_filters(db: str, sample_ledger: Ledger) -> None:
    result = run("timeline", "--db", db, "--topic", "ceasefire", "--format", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert {e["event"] for e in entries} == {"AGREE", "REJECT"}
    days = [e["sort_date"] for e in entries]
    assert days == sorted(days)
    dyad = json.loads(run("timeline", "--db", db, "--dyad", "UKR,RUS", "-f", "json").stdout)
    assert {e["event"] for e in dyad} == {"REJECT"}
    typed = json.loads(run("timeline", "--db", db, "--type", "AGREE,THREATEN", "-f", "json").stdout)
    assert {e["event"] for e in typed} == {"AGREE", "THREATEN"}
    table = run("timeline", "--db", db, "--from", "2024-03-05", "--status", "reported")
    assert (
        table.exit_code == 0 and "2024-01-01 – …" in table.stdout and "4 events" not in table.stdout
    )
    assert "signalling" in table.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--dyad", "RUS"), "BC510"),
        (("--topic", "weather"), "BC503"),
        (("--from", "2024-13"), "BC203"),
        (("--format", "xml"), "BC204"),
    ],
)
def test_timeline_user_errors_are_one_line(db: str, args: tuple[str, ...], code: str) -> None:
    result = run("timeline", "--db", db, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error[{code}]") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_divergences_scopes(db: str) -> None:
    old = json.loads(run("divergences", "--db", db, "--scope", "document", "-f", "json").stdout)
    assert set(old) == {"divergences", "events"}  # the stored records, as before
    with Store(db) as store:
        assert old["divergences"] == store.divergences()
    everything = json.loads(run("divergences", "--db", db, "-f", "json").stdout)["divergences"]
    assert {d["scope"] for d in everything} <= {"document", "corpus"}
    assert all(d["evidence"] for d in everything)
    kind = run("divergences", "--db", db, "--kind", "claim_vs_denial", "-f", "json")
    assert {d["kind"] for d in json.loads(kind.stdout)["divergences"]} == {"claim_vs_denial"}
    assert "divergence" in run("divergences", "--db", db).stdout
    bad = run("divergences", "--db", db, "--scope", "planet")
    assert bad.exit_code == 2 and bad.stderr.startswith("error[BC204]")


def test_sources_and_grade_source(db: str) -> None:
    key = "anonymous:two former senior russian officials"
    before = {g["key"]: g for g in json.loads(run("sources", "--db", db, "-f", "json").stdout)}
    assert before[key]["reliability"] == "F"
    missing_user = run("grade", "source", key, "B", "--db", db)
    assert missing_user.exit_code == 2 and missing_user.stderr.startswith("error[BC501]")
    changed = run("grade", "source", key, "B", "--user", "ana", "--note", "known", "--db", db)
    assert changed.exit_code == 0 and "by ana" in changed.stdout
    after = {g["key"]: g for g in json.loads(run("sources", "--db", db, "-f", "json").stdout)}
    assert after[key]["reliability"] == "B" and after[key]["override"]["user"] == "ana"
    assert "B*" in run("sources", "--db", db).stdout
    run("grade", "source", key, "--clear", "--user", "ana", "--db", db)
    cleared = {g["key"]: g for g in json.loads(run("sources", "--db", db, "-f", "json").stdout)}
    assert cleared[key]["reliability"] == "F"
    bad = run("grade", "source", key, "Q", "--user", "ana", "--db", db)
    assert bad.exit_code == 2 and bad.stderr.startswith("error[BC506]")


def test_grade_claim_show_set_clear(db: str, sample_ledger: Ledger) -> None:
    event = sample_ledger.events[1].id
    shown = json.loads(run("grade", "claim", event, "--db", db, "-f", "json").stdout)
    computed = shown["value"]
    assert shown["reasons"]
    result = run("grade", "claim", event, "6", "--db", db, "--user", "ben")
    assert result.exit_code == 0
    assert json.loads(run("grade", "claim", event, "--db", db, "-f", "json").stdout)["value"] == 6
    run("grade", "claim", event, "--clear", "--db", db, "--user", "ben")
    again = json.loads(run("grade", "claim", event, "--db", db, "-f", "json").stdout)
    assert again["value"] == computed
    unknown = run("grade", "claim", "ev-nope", "--db", db)
    assert unknown.exit_code == 1 and unknown.stderr.startswith("error[BC502]")


def test_ach_workflow(db: str, sample_ledger: Ledger) -> None:
    def ok(*args: str) -> str:
        result = run("ach", *args, "--db", db)
        assert result.exit_code == 0, result.output
        return result.stdout.strip()

    q = ok("new", "Is Putin ready for a ceasefire?", "--user", "ana")
    h1 = ok("hypothesis", q, "H1", "Genuine readiness for a ceasefire", "--user", "ana")
    h2 = ok("hypothesis", q, "H2", "Deception to weaken Western support", "--user", "ana")
    e1 = ok("evidence", q, "--event", sample_ledger.events[1].id, "--user", "ana")
    e2 = ok(
        "evidence",
        q,
        "--text",
        "Troops dig in",
        "--credibility",
        "2",
        "--relevance",
        "high",
        "--user",
        "ana",
    )
    ok("rate", q, e2, h1, "II", "--user", "ana")
    ok("rate", q, e2, h2, "C", "--user", "ana")
    hints = ok("suggest", q).splitlines()
    assert f"evidence {e1} × hypothesis {h1}: C — ceasefire: a signal of readiness" in hints[0]
    accepted = ok("suggest", q, "--accept", "--user", "ana")
    assert accepted == f"{len(hints)} rating{'s' if len(hints) != 1 else ''} stored"
    assert ok("suggest", q) == ""
    shown = json.loads(ok("show", q, "-f", "json"))
    order = [h["hypothesis"]["label"] for h in shown["hypotheses"]]
    assert order == ["H2", "H1"]  # H1 carries the II
    assert shown["hypotheses"][1]["weighted_inconsistency"] == 2 * 2.0 * 2.0
    assert "Inconsistency" in ok("show", q)
    exported = list(csv.reader(io.StringIO(ok("export", q, "-f", "csv") + "\n")))
    assert exported[0][-2:] == [
        "H1: Genuine readiness for a ceasefire",
        "H2: Deception to weaken Western support",
    ]
    assert json.loads(ok("export", q))["format"] == "backchannel-ach/1"
    edited = json.loads(ok("edit", "evidence", e2, "--relevance", "low", "--user", "ana"))
    assert edited["relevance"] == "low"
    rescored = json.loads(ok("show", q, "-f", "json"))["hypotheses"]
    assert rescored[1]["weighted_inconsistency"] == 2 * 2.0 * 0.5
    renamed = json.loads(ok("edit", "hypothesis", h1, "--label", "H1a", "--user", "ana"))
    assert renamed["label"] == "H1a" and renamed["text"] == "Genuine readiness for a ceasefire"
    ok("delete", "hypothesis", h2, "--user", "ana")
    assert [
        h["hypothesis"]["label"] for h in json.loads(ok("show", q, "-f", "json"))["hypotheses"]
    ] == ["H1a"]
    bad = run("ach", "rate", q, e2, h1, "maybe", "--user", "ana", "--db", db)
    assert bad.exit_code == 2 and bad.stderr.startswith("error[BC509]")
    gone = run("ach", "show", "99", "--db", db)
    assert gone.exit_code == 1 and gone.stderr.startswith("error[BC508]")


def test_search_finds_documents_and_events(db: str, sample_ledger: Ledger) -> None:
    result = run("search", "--db", db, "intermediaries", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert sample_ledger.document.id in {d["id"] for d in found["documents"]}
    assert found["events"] and all("intermediaries" in e["snippet"] for e in found["events"])
    table = run("search", "--db", db, "intermediaries")
    assert table.exit_code == 0 and "events" in table.stdout


def test_search_errors_are_one_line(db: str) -> None:
    blank = run("search", "--db", db, "  ")
    assert blank.exit_code != 0 and blank.stderr.startswith("error[BC505]")
    assert blank.stderr.count("\n") == 1
    literal = run("search", "--db", db, '"unbalanced AND OR')
    assert literal.exit_code == 0, literal.output  # plain words: no syntax to get wrong
