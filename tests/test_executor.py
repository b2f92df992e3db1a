"""The multi-process executor gives exactly the in-process executor's results, and
ledgers survive the trip through plain dicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backchannel.model import Ledger, document_from_dict, ledger_from_dict
from backchannel.pipeline import (
    Failure,
    LocalExecutor,
    ProcessExecutor,
    default_workers,
    from_plain,
    make_executor,
    make_stage,
    to_plain,
)

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def test_ledger_round_trips_through_dicts_and_json(sample_ledger: Ledger) -> None:
    data = sample_ledger.to_dict()
    assert ledger_from_dict(data) == sample_ledger
    assert ledger_from_dict(json.loads(json.dumps(data))) == sample_ledger  # tuples as lists
    assert document_from_dict(data["document"]) == sample_ledger.document


def test_records_round_trip_through_plain(sample_ledger: Ledger) -> None:
    record = {
        "source": "x",
        "document": sample_ledger.document,
        "ledger": sample_ledger,
        "failure": Failure("x", "BC102", "x: empty"),
    }
    plain = to_plain(record)
    assert from_plain(plain) == record
    assert from_plain(json.loads(json.dumps(plain))) == record  # nothing but JSON types


def test_default_workers_is_two_at_most() -> None:
    assert 1 <= default_workers() <= 2


def test_make_executor_picks_in_process_for_one_worker() -> None:
    assert isinstance(make_executor([("read", {})], workers=1), LocalExecutor)


def test_process_executor_equals_local_executor() -> None:
    paths = sorted(CORPUS.glob("*.md"))[:8]
    records = [{"source": str(p), "path": str(p)} for p in paths]
    records.append({"source": "missing", "path": str(CORPUS / "missing.md")})
    specs = [("read", {}), ("extract", {})]
    local = LocalExecutor([make_stage(name, **config) for name, config in specs]).run(records)
    with ProcessExecutor(specs, workers=2, batch_size=3) as executor:
        remote = executor.run(records)
    assert [r.get("source") for r in remote] == [r["source"] for r in records]
    assert remote[-1]["failure"] == local[-1]["failure"]
    ledgers = [r["ledger"] for r in remote if "ledger" in r]
    assert len(ledgers) == len(paths)
    assert ledgers == [r["ledger"] for r in local if "ledger" in r]


def test_process_executor_rejects_unknown_stage_in_parent() -> None:
    from backchannel.errors import BackchannelError

    with pytest.raises(BackchannelError, match="unknown stage"):
        ProcessExecutor([("nope", {})], workers=2)
