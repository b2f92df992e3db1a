from __future__ import annotations

import csv
import dataclasses
import io
import json

from backchannel.export import (
    CSV_COLUMNS,
    attribution_chain,
    document_record,
    event_record,
    to_csv,
    to_plover_json,
)
from backchannel.model import Ledger

PLOVER_FIELDS = ["id", "date", "enddate", "actor", "recipient", "event", "mode", "context"]


def test_event_record_fields(sample_ledger: Ledger) -> None:
    doc = sample_ledger.document
    record = event_record(sample_ledger.events[1], doc)
    assert list(record)[:8] == PLOVER_FIELDS
    assert record["event_text"] == sample_ledger.events[1].evidence.sentence
    assert (record["date"], record["enddate"]) == ("2024-01-01", None)
    assert record["event"] == "AGREE" and record["context"] == ["ceasefire"]
    assert (record["cameo"], record["status"]) == ("081", "reported")
    assert record["date_info"] == {
        "text": "since January",
        "start": "2024-01-01",
        "end": None,
        "granularity": "month",
        "timex": "2024-01",
        "from_publication": False,
        "open_start": False,
        "open_end": True,
        "mod": "AFTER",
        "anchor": "dct",
        "span": None,
    }
    (actor,) = record["actor"]
    assert {k: actor[k] for k in ("text", "code", "country", "sector", "name", "id", "via")} == {
        "text": "Putin",
        "code": "RUS GOV",
        "country": "RUS",
        "sector": "GOV",
        "name": "Vladimir Putin",
        "id": "putin",
        "via": "alias",
    }
    assert doc.body[actor["start"] : actor["end"]] == "Putin"
    source = record["attribution"][2]
    assert {
        k: source[k] for k in ("role", "named", "count", "plural", "affiliation", "former")
    } == {
        "role": "source",
        "named": False,
        "count": 2,
        "plural": True,
        "affiliation": "RUS",
        "former": True,
    }
    evidence = record["evidence"]
    assert evidence["doc"] == doc.id
    assert doc.body[evidence["start"] : evidence["end"]] == "signalling"
    assert doc.body[evidence["sentence_start"] : evidence["sentence_end"]] == evidence["sentence"]
    assert record["quote"] is None
    assert record["certainty"]["cue_class"] == "report"
    assert record["source"]["outlet"] == "Daily Planet"


def test_quote_and_aux_modes(sample_ledger: Ledger) -> None:
    doc = sample_ledger.document
    denial = event_record(sample_ledger.events[2], doc)
    assert denial["quote"]["text"] == "We will not trade land for quiet."
    assert denial["quote"]["speaker"] == "Ukraine's foreign ministry"
    assert denial["date_info"]["from_publication"] is True
    guess = event_record(sample_ledger.events[3], doc)
    assert (guess["date"], guess["enddate"]) == (None, None)
    assert guess["aux_modes"] == ["hypothetical"]
    assert guess["related"] == [sample_ledger.events[1].id]


def test_document_record(sample_ledger: Ledger) -> None:
    record = document_record(sample_ledger.document)
    assert record["published"] == {"date": "2024-03-06", "inferred": False, "how": "given"}
    inferred = document_record(
        dataclasses.replace(
            sample_ledger.document, published="2024-03-01", published_how="inferred"
        )
    )
    assert inferred["published"]["inferred"] is True


def test_to_plover_json_is_json(sample_ledger: Ledger, other_ledger: Ledger) -> None:
    data = to_plover_json([sample_ledger, other_ledger])
    assert set(data) == {"documents", "events", "divergences", "mentions"}
    assert len(data["documents"]) == 2 and len(data["events"]) == 8
    (first, _) = data["divergences"]
    assert first["kind"] == "claim_vs_denial"
    assert first["events"] == [e.id for e in sample_ledger.events[1:3]]
    assert first["period"] == ["2024-01-01", None]
    assert json.loads(json.dumps(data)) == data


def test_attribution_chain(sample_ledger: Ledger) -> None:
    record = event_record(sample_ledger.events[1], sample_ledger.document)
    assert attribution_chain(record["attribution"]) == (
        "outlet:Daily Planet > cited_outlet:the Northern Courier > "
        "source:two former senior Russian officials"
    )


def test_csv(sample_ledger: Ledger) -> None:
    records = to_plover_json([sample_ledger])["events"]
    buffer = io.StringIO()
    assert to_csv(records, buffer) == 4
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    threat, signal, denial, _ = rows
    assert threat["actor"] == "Vladimir Putin" and threat["actor_code"] == "RUS GOV"
    assert threat["recipient"] == "Russian army" and threat["date"] == "2024-03-04"
    assert signal["attribution"].startswith("outlet:Daily Planet > cited_outlet:")
    assert signal["enddate"] == "" and signal["date_text"] == "since January"
    assert denial["quote"] == "We will not trade land for quiet."
    assert denial["actor_code"] == "UKR GOV"
    assert signal["event_text"].startswith("According to the Northern Courier")


def test_csv_joins_several_actors(sample_ledger: Ledger) -> None:
    record = event_record(sample_ledger.events[0], sample_ledger.document)
    record["actor"] = record["actor"] + record["recipient"]
    buffer = io.StringIO()
    to_csv([record], buffer)
    row = next(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["actor"] == "Vladimir Putin;Russian army"
    assert row["actor_code"] == "RUS GOV;RUS MIL"
