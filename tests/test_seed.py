"""The acceptance case: the article this project started from, end to end through the CLI.

Each check is one line of the foundation issue's "Done when" list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_922dd51790dd40dd.txt"

pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason="../shared/seed is not beside this checkout (seed tests need it)"
)


def run_cli(*args: str, db: Path | str) -> dict[str, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "backchannel",
            "analyze",
            str(SEED),
            "--format",
            "json",
            "--db",
            str(db),
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_cli("--published", "2023-12-25", db=tmp_path_factory.mktemp("seed") / "s.db")


def events_where(ledger: dict[str, Any], phrase: str) -> list[dict[str, Any]]:
    return [e for e in ledger["events"] if phrase in e["evidence"]["sentence"]]


def actor_ids(event: dict[str, Any], role: str = "actor") -> set[str | None]:
    return {a.get("id") for a in event[role]}


def countries(event: dict[str, Any], role: str = "actor") -> set[str | None]:
    return {a.get("country") for a in event[role]}


def one(events: list[dict[str, Any]], **where: Any) -> dict[str, Any]:
    chosen = [e for e in events if all(e.get(k) == v for k, v in where.items())]
    assert chosen, f"no event with {where} among {[e['summary'] for e in events]}"
    return chosen[0]


def link(event: dict[str, Any], role: str) -> dict[str, Any]:
    links = [a for a in event["attribution"] if a["role"] == role]
    assert links, f"no {role} link in {event['attribution']}"
    return links[-1]


def test_signal_since_september_reported_by_two_former_officials(ledger):
    signal = one(events_where(ledger, "signaling through intermediaries"), event="AGREE")
    assert "putin" in actor_ids(signal) and "RUS" in countries(signal)
    assert signal["cameo"].startswith("03")
    assert signal["date_info"]["start"] == "2023-09-01"
    assert signal["date_info"]["end"] in (None, "2023-12-25")
    assert signal["date_info"]["open_end"] or signal["date_info"]["end"] == "2023-12-25"
    assert signal["status"] == "reported"
    source = link(signal, "source")
    assert source["named"] is False and source["count"] == 2
    assert source["cue"] == "have stated"
    assert source["former"] is True
    assert "Japan Times" in link(signal, "cited_outlet")["text"]


def test_fall_2022_proposal_attributed_to_us_officials(ledger):
    offer = one(events_where(ledger, "proposed a ceasefire"), event="AGREE")
    assert "putin" in actor_ids(offer)
    assert (offer["date_info"]["start"], offer["date_info"]["end"]) == ("2022-09-01", "2022-11-30")
    assert offer["date_info"]["timex"] == "2022-FA"
    source = link(offer, "source")
    assert source["named"] is False and source["affiliation"] == "USA"
    assert "US officials" in source["text"]
    assert offer["status"] == "reported"


def test_boast_before_generals_dated_and_asserted(ledger):
    boast = events_where(ledger, "boasted before Russian generals")
    boast = [e for e in boast if "putin" in actor_ids(e)]
    assert boast, "no event by Putin for the boast"
    assert (boast[0]["date"], boast[0]["enddate"]) == ("2023-12-19", "2023-12-19")
    assert boast[0]["status"] == "asserted"
    assert not boast[0]["date_info"]["from_publication"]


def test_direct_quote_relayed_by_senior_us_official(ledger):
    quoted = [e for e in ledger["events"] if e.get("quote")]
    ready = [e for e in quoted if e["quote"]["text"] == "we are ready to negotiate a ceasefire"]
    assert ready, [e["quote"] for e in quoted]
    event = ready[0]
    quote = event["quote"]
    assert "senior US official" in quote["speaker"] and quote["speaker_code"] == "USA"
    assert quote["relays_code"] == "RUS"
    assert "RUS" in countries(event)
    source = link(event, "source")
    assert source["named"] is False and source["affiliation"] == "USA" and source["count"] == 1
    assert "met with high-ranking Russian officials" in (source["access"] or "")
    assert event["date_info"]["timex"] == "2023-FA"


@pytest.mark.parametrize(
    "phrase", ["reportedly willing to negotiate a deal", "is said to be satisfied"]
)
def test_hedged_claims(ledger, phrase):
    found = events_where(ledger, phrase)
    assert found, f"nothing extracted from the sentence with {phrase!r}"
    assert {e["status"] for e in found} == {"hedged"}


def test_deception_warning_is_speculative_and_linked_to_the_signal(ledger):
    warning = [e for e in events_where(ledger, "deception effort") if e["status"] == "speculative"]
    assert warning, [e["status"] for e in events_where(ledger, "deception effort")]
    source = link(warning[0], "source")
    assert source["named"] is False and source["affiliation"] == "USA"
    signal = one(events_where(ledger, "signaling through intermediaries"), event="AGREE")
    assert signal["id"] in warning[0]["related"]


def test_ukrainian_leadership_non_acceptance_is_hedged(ledger):
    found = [e for e in events_where(ledger, "would accept such a deal") if "UKR" in countries(e)]
    assert found
    assert any(a["code"] == "UKR GOV" for a in found[0]["actor"])
    assert found[0]["status"] == "hedged"
    assert found[0]["status"] != "asserted"


def test_public_stance_diverges_from_backchannel_signal(ledger):
    public_private = [d for d in ledger["divergences"] if d["kind"] == "public_vs_private"]
    assert public_private
    by_id = {e["id"]: e for e in ledger["events"]}
    sentences = " ".join(by_id[i]["evidence"]["sentence"] for i in public_private[0]["events"])
    assert "boasted" in sentences and "intermediaries" in sentences
    assert any(d["kind"] == "contested" for d in ledger["divergences"])


def test_former_kgb_official_is_putin(ledger):
    kgb = [m for m in ledger["mentions"] if m["text"].lower() == "the former kgb official"]
    assert kgb and kgb[0]["id"] == "putin" and kgb[0]["via"] == "description"


def test_publication_date_inferred_without_flag(tmp_path):
    inferred = run_cli(db=tmp_path / "i.db")
    published = inferred["documents"][0]["published"]
    assert published["inferred"] is True
    assert published["date"] >= "2023-12-24"


def test_reanalysing_stores_nothing_new(tmp_db: str):
    from backchannel.store import Store

    db = tmp_db
    run_cli("--published", "2023-12-25", db=db)
    first = Store(db)
    counts = (len(first.documents()), len(first.events()))
    run_cli("--published", "2023-12-25", db=db)
    second = Store(db)
    assert (len(second.documents()), len(second.events())) == counts
