"""Consolidation: copies, re-reports, origins and stories (pure functions, then the store,
then the example corpus end to end)."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backchannel.cli import app
from backchannel.consolidate import (
    SLACK_DAYS,
    Copy,
    build_stories,
    consolidate,
    document_citations,
    event_origin,
    event_voice,
    find_copies,
    normalize_outlet,
    shingles,
)
from backchannel.ingest import ingest
from backchannel.model import Ledger
from backchannel.store import Store

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
runner = CliRunner()

ORIGINAL = (
    "Behind closed doors the Kremlin has been carrying a more accommodating message. The "
    "president has been signaling through intermediaries, at least since September, that he "
    "would accept a cease-fire freezing the fighting where it now stands, according to two "
    "former senior officials close to the Kremlin and to American officials who say they "
    "received the message from his envoys. It was not the first such approach: a year earlier "
    "similar feelers were sent out, officials said, after a counteroffensive in the northeast."
)


def doc(doc_id: str, outlet: str, published: str, body: str = "", title: str = "") -> dict:
    return {
        "id": doc_id,
        "title": title or f"Report {doc_id}",
        "body": body or f"Unrelated text number {doc_id} " * 5,
        "outlet": outlet,
        "published": {"date": published, "inferred": False, "how": "metadata"},
    }


def event(
    event_id: str,
    document: dict,
    *,
    kind: str = "AGREE",
    actors: tuple[str, ...] = ("RUS",),
    recipients: tuple[str, ...] = (),
    start: str | None = "2023-09-01",
    end: str | None = None,
    from_publication: bool = False,
    status: str = "reported",
    cited: tuple[str, ...] = (),
    sources: tuple[str, ...] = (),
) -> dict[str, Any]:
    links = [{"role": "outlet", "text": document["outlet"]}]
    links += [{"role": "cited_outlet", "text": text} for text in cited]
    links += [{"role": "source", "text": text} for text in sources]
    published = document["published"]["date"]
    return {
        "id": event_id,
        "event": kind,
        "actor": [{"country": c, "code": f"{c} GOV", "name": c} for c in actors],
        "recipient": [{"country": c, "code": c, "name": c} for c in recipients],
        "status": status,
        "date_info": {
            "start": published if from_publication else start,
            "end": published if from_publication else end,
            "from_publication": from_publication,
        },
        "attribution": links,
        "evidence": {"doc": document["id"], "start": 0, "end": 5},
        "event_text": f"text of {event_id}",
        "source": {"doc": document["id"], "outlet": document["outlet"], "published": published},
    }


# -- copies ------------------------------------------------------------------------------


def test_shingles() -> None:
    assert shingles("One two three", 5) == {"one two three"}
    assert shingles("a b c d e f", 5) == {"a b c d e", "b c d e f"}
    assert shingles("", 5) == set()


def test_find_copies_links_a_syndicated_copy_to_the_earliest_original() -> None:
    edited = ORIGINAL.replace("The president", "President Putin").replace("American", "U.S.")
    documents = [
        doc("copy", "The Japan Times", "2023-12-24", edited, "Putin signals"),
        doc("orig", "The New York Times", "2023-12-23", ORIGINAL, "Putin signals"),
        doc("other", "Reuters", "2023-12-22", ORIGINAL[::-1]),
        doc("short", "Reuters", "2023-12-22", "Brief."),
    ]
    (copy,) = find_copies(documents)
    assert (copy.doc, copy.original) == ("copy", "orig")
    assert 0.5 <= copy.jaccard < 1.0
    assert find_copies(documents) == [copy]  # deterministic


# -- re-reports ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("the NYT", "The New York Times"),
        ("New York Times", "The New York Times"),
        ("The New York Times's", "The New York Times"),
        ("AP", "Associated Press"),
        ("the  Daily Bugle", "the Daily Bugle"),
        (None, None),
    ],
)
def test_normalize_outlet(name: str | None, canonical: str | None) -> None:
    assert normalize_outlet(name) == canonical


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        (
            "Talks",
            "The New York Times reported on Saturday that talks began.",
            "The New York Times",
        ),
        ("Talks", "Moscow is ready to talk, citing Reuters.", "Reuters"),
        (
            "Talks",
            "As reported by European Pravda, citing the NYT, talks began.",
            "European Pravda",
        ),
        ("Talks", "Yet according to The Japan Times, he is willing.", "The Japan Times"),
        ("NYT - Putin hints at a ceasefire", "He hinted.", "The New York Times"),
        ("Talks", "Officials in New York said talks began.", None),
    ],
)
def test_document_citations(title: str, body: str, expected: str | None) -> None:
    found = document_citations({"title": title, "body": body, "outlet": "Kyiv Post"})
    assert (found[0].outlet if found else None) == expected


def test_citations_leave_out_the_document_own_outlet() -> None:
    body = "As reported by European Pravda, citing the NYT, talks began."
    found = document_citations({"title": "t", "body": body, "outlet": "European Pravda"})
    assert [c.outlet for c in found] == ["The New York Times"]


def test_event_origin_is_the_innermost_cited_outlet() -> None:
    kp = doc("kp", "Kyiv Post", "2023-12-24")
    chained = event("e1", kp, cited=("European Pravda", "the NYT"))
    origin = event_origin(chained, kp)
    assert (origin.outlet, origin.how, origin.via) == (
        "The New York Times",
        "cited",
        ["European Pravda", "The New York Times"],
    )
    assert event_origin(event("e2", kp), kp).outlet == "Kyiv Post"
    original = doc("orig", "The New York Times", "2023-12-23")
    copied = event_origin(event("e3", kp), kp, original=original)
    assert (copied.outlet, copied.how) == ("The New York Times", "copy")


def test_event_origin_resolves_the_newspaper_to_the_cited_outlet() -> None:
    body = "The New York Times reported on Saturday that he is ready. US officials told the paper."
    ep = doc("ep", "European Pravda", "2023-12-23", body)
    origin = event_origin(event("e1", ep, sources=("the newspaper",)), ep)
    assert origin.outlet == "The New York Times"
    # A source that is not a reference to a publication does not make a re-report.
    assert event_origin(event("e2", ep, sources=("US officials",)), ep).outlet == "European Pravda"


# -- stories -------------------------------------------------------------------------------


def stories_of(documents: list[dict], events: list[dict]) -> list[dict]:
    return consolidate(documents, events).stories


def test_re_reports_of_one_original_collapse_into_one_origin() -> None:
    nyt = doc("nyt", "The New York Times", "2023-12-23", ORIGINAL, "Putin signals")
    jt = doc(
        "jt",
        "The Japan Times",
        "2023-12-24",
        ORIGINAL.replace("The president", "Putin"),
        "Putin signals",
    )
    ep = doc("ep", "European Pravda", "2023-12-23")
    md = doc("md", "Meduza", "2023-12-24")
    gd = doc("gd", "The Guardian", "2023-12-26")
    jp = doc("jp", "The Jakarta Post", "2023-12-26")
    events = [
        event("n1", nyt),
        event("j1", jt),  # syndicated copy of the NYT
        event("p1", ep, from_publication=True, cited=("The New York Times",)),
        event("m1", md, recipients=("UKR",), from_publication=True, cited=("the NYT",)),
        event("g1", gd, from_publication=True, cited=("The New York Times",), status="speculative"),
        event("k1", jp, from_publication=True, cited=("The Japan Times",)),  # relay of a relay
    ]
    (story,) = stories_of([nyt, jt, ep, md, gd, jp], events)
    assert (story["reports"], story["documents"], story["outlets"]) == (6, 6, 6)
    assert story["independent_origins"] == 1 and story["origins"] == ["The New York Times"]
    assert story["date"] == "2023-09-01" and story["enddate"] == "2023-12-23"
    by_event = {e["event"]: e for e in story["evidence"]}
    assert by_event["j1"]["copy_of"] == "nyt" and by_event["j1"]["origin_how"] == "copy"
    assert by_event["k1"]["origin_how"] == "relay"
    assert by_event["k1"]["origin_via"] == ["The Japan Times", "The New York Times"]
    assert story["recipient"] == ["UKR"]


def test_two_independent_reports_count_two_origins() -> None:
    reuters = doc("r", "Reuters", "2024-05-24")
    ap = doc("a", "Associated Press", "2024-05-24")
    events = [
        event("r1", reuters, start="2024-05-01", end="2024-05-20"),
        event("a1", ap, start="2024-05-10", end="2024-05-10"),
    ]
    (story,) = stories_of([reuters, ap], events)
    assert (story["reports"], story["outlets"], story["independent_origins"]) == (2, 2, 2)
    assert (story["date"], story["enddate"]) == ("2024-05-10", "2024-05-10")


PUTIN = {"id": "putin", "name": "Vladimir Putin", "country": "RUS", "code": "RUS GOV"}


def _said(kind: str, actor: dict, *sources: str, quote_by: str | None = None) -> dict:
    links = [{"role": "source", "text": text, "named": True} for text in sources]
    return {
        "event": kind,
        "actor": [actor],
        "attribution": [{"role": "outlet", "text": "TASS", "named": True}, *links],
        "quote": {"speaker": quote_by} if quote_by else None,
    }


@pytest.mark.parametrize(
    ("record", "voice"),
    [
        (_said("AGREE", PUTIN, "Dmitry S. Peskov, the Kremlin spokesman"), "peskov"),
        (_said("AGREE", PUTIN, "Kremlin spokesman Dmitry Peskov"), "peskov"),
        (_said("AGREE", PUTIN, quote_by="Peskov"), "peskov"),
        (_said("AGREE", PUTIN, "Mr. Putin"), None),  # the actor himself
        (_said("AGREE", PUTIN, "two former senior Russian officials"), None),  # not a person
        (_said("AGREE", PUTIN, "He"), None),  # a pronoun names nobody
        (_said("AGREE", PUTIN, "The New York Times"), None),  # an outlet
        (_said("AGREE", PUTIN, "John Smith, a farmer"), None),  # nobody the dictionary knows
        (_said("CONSULT", PUTIN, "Peskov"), None),  # a call is one happening, whoever tells
        (_said("AGREE", {"id": "RUS GOV", "country": "RUS"}, "Peskov"), None),  # his own side
    ],
)
def test_event_voice(record: dict, voice: str | None) -> None:
    assert event_voice(record) == voice


def test_a_spokesman_statement_is_not_the_actor_private_signal() -> None:
    """An anonymous-sourced scoop and its re-reports are one story of one origin; the
    spokesman's on-record comment (here carried by another outlet) is a story of its own
    and adds no origin to the scoop."""
    nyt = doc("nyt", "The New York Times", "2023-12-23")
    ep = doc("ep", "European Pravda", "2023-12-23")
    tass = doc("tass", "TASS", "2023-12-24")
    scoop = event("n1", nyt, sources=("two former senior Russian officials",))
    relay = event("p1", ep, from_publication=True, cited=("The New York Times",))
    comment = event("t1", tass, from_publication=True, sources=("Peskov",))
    for record in (scoop, relay, comment):
        record["actor"] = [dict(PUTIN)]
    comment["attribution"][-1]["named"] = True
    found = stories_of([nyt, ep, tass], [scoop, relay, comment])
    assert len(found) == 2
    stories = {r["event"]: s for s in found for r in s["evidence"]}
    assert stories["n1"] is stories["p1"]
    assert stories["n1"]["independent_origins"] == 1 and stories["n1"]["reports"] == 2
    assert stories["t1"]["voice"] == "peskov" and stories["t1"]["origins"] == ["TASS"]
    assert stories["n1"]["voice"] is None


def test_different_type_dates_actors_or_recipients_stay_apart() -> None:
    a = doc("a", "Reuters", "2024-05-24")
    b = doc("b", "Associated Press", "2024-05-24")
    base = {"start": "2024-05-10", "end": "2024-05-10"}
    events = [
        event("a1", a, recipients=("UKR",), **base),
        event("b1", b, kind="REJECT", recipients=("UKR",), **base),  # another type
        event("b2", b, start="2022-09-01", end="2022-11-30", recipients=("UKR",)),  # another time
        event("b3", b, actors=("UKR",), recipients=("UKR",), **base),  # another actor
        event("b4", b, recipients=("USA",), **base),  # another recipient
        event("b5", b, actors=(), **base),  # no known actor: never merged
        event("b6", b, actors=(), **base),
    ]
    stories = stories_of([a, b], events)
    assert sorted(s["reports"] for s in stories) == [1] * 7


def test_a_denial_is_its_own_story_and_contradicts_the_claim() -> None:
    a = doc("a", "Reuters", "2024-02-13")
    b = doc("b", "TASS", "2024-02-14")
    events = [
        event("claim", a, start="2024-01-01", end="2024-01-31"),
        event("denial", b, from_publication=True, status="denied"),
    ]
    stories = {s["evidence"][0]["event"]: s for s in stories_of([a, b], events)}
    assert stories["claim"]["polarity"] == "affirmed" and stories["denial"]["polarity"] == "denied"
    assert stories["claim"]["contradicted_by"] == [stories["denial"]["id"]]
    assert stories["denial"]["contradicted_by"] == [stories["claim"]["id"]]


def _contradicts(story: dict, other: dict) -> bool:
    """The rule, story against story: one happening (type, actor countries, voice),
    opposite polarities, dates that overlap (give or take the slack)."""
    if not story["actor"] or story["polarity"] == other["polarity"]:
        return False
    if (story["event"], story["actor"], story["voice"]) != (
        other["event"],
        other["actor"],
        other["voice"],
    ):
        return False
    slack = dt.timedelta(days=SLACK_DAYS)

    def bounds(s: dict) -> tuple[dt.date, dt.date]:
        start = dt.date.fromisoformat(s["date"]) if s["date"] else dt.date.min
        end = dt.date.fromisoformat(s["enddate"]) + slack if s["enddate"] else dt.date.max
        return start, end

    (a_start, a_end), (b_start, b_end) = bounds(story), bounds(other)
    return a_start <= b_end and b_start <= a_end


def test_contradictions_between_many_stories_follow_the_rule() -> None:
    rng = random.Random(4)
    documents = [doc(f"d{i}", f"Outlet {i % 7}", f"2024-0{1 + i % 6}-1{i % 10}") for i in range(40)]
    events = []
    for number in range(300):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(150))
        length = rng.choice([0, 0, 3, 20])
        dated = rng.random() < 0.8
        events.append(
            event(
                f"e{number}",
                rng.choice(documents),
                kind=rng.choice(["AGREE", "REJECT"]),
                actors=rng.choice([("RUS",), ("UKR",), ("RUS", "UKR"), ()]),
                start=start.isoformat() if dated else None,
                end=(start + dt.timedelta(days=length)).isoformat() if dated else None,
                from_publication=not dated,
                status=rng.choice(["reported", "asserted", "denied"]),
            )
        )
    stories = stories_of(documents, events)
    pairs = 0
    for story in stories:
        expected = sorted(o["id"] for o in stories if _contradicts(story, o))
        assert story["contradicted_by"] == expected
        pairs += len(expected)
    assert pairs > 20  # the mix does hold claims and denials of the same happenings


def test_build_stories_is_order_independent() -> None:
    a = doc("a", "Reuters", "2024-05-24")
    b = doc("b", "Associated Press", "2024-05-25")
    events = [event("a1", a), event("b1", b, from_publication=True), event("b2", b, kind="REJECT")]
    origins = consolidate([a, b], events).origins
    forward = build_stories(events, {"a": a, "b": b}, origins, {})
    backward = build_stories(events[::-1], {"a": a, "b": b}, origins, {})
    assert forward == backward


def test_copy_mapping_is_optional() -> None:
    a = doc("a", "Reuters", "2024-05-24")
    origins = consolidate([a], [event("a1", a)]).origins
    (story,) = build_stories([event("a1", a)], {"a": a}, origins, {"x": Copy("x", "a", 0.9)})
    assert story["evidence"][0]["copy_of"] is None


# -- the store and the commands ------------------------------------------------------------


def test_store_consolidate_and_export(
    tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger
) -> None:
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        assert not store.has_consolidation()
        store.save_ledger(other_ledger)
        counts = store.consolidate()
        assert store.has_consolidation()
        assert counts["copies"] == 1  # the two sample articles differ by one word
        exported = store.export_records()
        assert exported["copies"] == [
            {
                "doc": exported["copies"][0]["doc"],
                "original": exported["copies"][0]["original"],
                "jaccard": exported["copies"][0]["jaccard"],
            }
        ]
        stories = exported["stories"]
        assert stories and all(s["reports"] >= 1 for s in stories)
        assert sum(s["reports"] for s in stories) == len(exported["events"])
        assert store.consolidate() == counts  # recomputing changes nothing
        assert store.stories(event_type="threaten") == [
            s for s in stories if s["event"] == "THREATEN"
        ]
        assert all(
            "RUS" in s["actor"] + s["recipient"]
            or any(c.startswith("RUS") for c in s["actor_codes"])
            for s in store.stories(actor="RUS")
        )
        assert store.stories(actor="putin")
        assert store.stories(min_reports=99) == []


def test_stories_and_export_commands(
    tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger
) -> None:
    with Store(tmp_db) as store:  # stored without consolidation, as analyze did before
        store.save_ledger(sample_ledger)
        store.save_ledger(other_ledger)
    result = runner.invoke(app, ["stories", "--db", tmp_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found and {"reports", "outlets", "independent_origins", "evidence"} <= set(found[0])
    table = runner.invoke(app, ["stories", "--db", tmp_db, "--min-reports", "2", "--type", "AGREE"])
    assert table.exit_code == 0 and "AGREE" in table.stdout
    exported = runner.invoke(app, ["export", "--db", tmp_db])
    assert json.loads(exported.stdout)["stories"] == found
    missing = runner.invoke(app, ["stories", "--db", f"{tmp_db}.nope"])
    assert missing.exit_code == 1 and missing.stderr.startswith("error[BC303]")


# -- the example corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_store(make_session_db: Callable[[str], str]) -> Iterator[Store]:
    with Store(make_session_db("corpus")) as store:
        report = ingest([str(CORPUS)], store, workers=1)
        assert report.ingested == 27 and report.failed == 0
        yield store


def test_corpus_syndicated_copy_is_found(corpus_store: Store) -> None:
    documents = {d["id"]: d for d in corpus_store.documents()}
    pairs = {
        (documents[c["doc"]]["outlet"], documents[c["original"]]["outlet"])
        for c in corpus_store.copies()
    }
    assert pairs == {("The Japan Times", "The New York Times")}


def test_corpus_december_2023_ceasefire_signal_is_one_story(corpus_store: Store) -> None:
    """The NYT's Dec-2023 scoop, re-reported and syndicated: one story, many reports and
    outlets, few independent origins."""
    documents = {d["id"]: d for d in corpus_store.documents()}
    nyt = next(i for i, d in documents.items() if d["outlet"] == "The New York Times")
    # The scoop's own sentence, whatever PLOVER type the coder gives it.
    signals = {
        e["id"]
        for e in corpus_store.events(doc_id=nyt)
        if "signaling through intermediaries" in e["event_text"]
        and "RUS" in {m["country"] for m in e["actor"]}
    }
    assert signals
    containing = [
        s for s in corpus_store.stories() if signals & {r["event"] for r in s["evidence"]}
    ]
    story = max(containing, key=lambda s: s["reports"])
    assert story["reports"] >= 5
    assert story["outlets"] >= 5
    # Every report rests on the NYT's sources: re-reports, a syndicated copy, a relay.
    assert story["independent_origins"] == 1
    assert story["origins"] == ["The New York Times"]
    assert story["date"] is not None and story["date"] <= "2023-12-23"
    outlets = set(story["outlet_names"])
    assert {"The New York Times", "The Japan Times", "European Pravda"} <= outlets


def test_corpus_peskov_comment_is_its_own_story(corpus_store: Store) -> None:
    """TASS's report of Peskov's on-record comment is a story of the spokesman's voice,
    apart from the NYT's scoop (whose origin count it used to raise to 2)."""
    documents = {d["id"]: d for d in corpus_store.documents()}
    tass = next(i for i, d in documents.items() if d["outlet"] == "TASS")
    comment = next(
        e["id"]
        for e in corpus_store.events(doc_id=tass)
        if e["event_text"].startswith('"Putin is ready for negotiations')
    )
    (story,) = [s for s in corpus_store.stories() if comment in {r["event"] for r in s["evidence"]}]
    assert story["voice"] == "peskov"
    assert "TASS" in story["origins"]
    assert not any("signaling through intermediaries" in r["event_text"] for r in story["evidence"])


INDEPENDENT = {
    "reuters.md": (
        "Russia agrees to halt strikes on Ukraine's energy grid",
        "Reuters",
        "MOSCOW, March 19 - President Vladimir Putin agreed on Tuesday to stop attacks on "
        "Ukraine's energy infrastructure for 30 days, the Kremlin said after a call with the "
        "U.S. president.",
    ),
    "ap.md": (
        "Putin accepts pause in attacks on Ukrainian power plants",
        "Associated Press",
        "WASHINGTON - Russian President Vladimir Putin agreed on Tuesday to stop attacks on "
        "Ukraine's energy facilities for 30 days, White House officials said after a lengthy "
        "phone call.\n\nThe officials said talks on a wider truce would follow.",
    ),
    "relay.md": (
        "Kremlin halts energy strikes, Reuters says",
        "The Jakarta Post",
        "Russian President Vladimir Putin agreed on Tuesday to halt attacks on Ukraine's "
        "energy infrastructure for 30 days, Reuters reported, citing the Kremlin.",
    ),
}


def test_two_independent_outlets_reporting_one_happening_count_two(
    tmp_path: Path, tmp_db: str
) -> None:
    """Reuters (Kremlin sources) and AP (White House sources) report Putin's agreement
    independently; a third outlet re-reports Reuters: one story, 3 outlets, 2 origins."""
    for name, (title, outlet, body) in INDEPENDENT.items():
        front = f"---\ntitle: {title}\noutlet: {outlet}\npublished: 2025-03-19\n---\n"
        (tmp_path / name).write_text(front + body + "\n", encoding="utf-8")
    with Store(tmp_db) as store:
        report = ingest([str(tmp_path)], store, workers=1)
        assert report.ingested == 3
        agree = [s for s in store.stories() if s["event"] == "AGREE" and s["actor"] == ["RUS"]]
    (story,) = agree
    assert story["outlet_names"] == ["Associated Press", "Reuters", "The Jakarta Post"]
    assert story["independent_origins"] == 2
    assert story["origins"] == ["Associated Press", "Reuters"]
    assert story["date"] is not None and story["date"] <= "2025-03-19"


def test_corpus_jeddah_acceptance_has_two_independent_origins(corpus_store: Store) -> None:
    """Two outlets reporting Ukraine's acceptance in Jeddah on their own: 2 origins."""
    jeddah = [
        s
        for s in corpus_store.stories()
        if s["event"] == "AGREE"
        and "UKR" in s["actor"]
        and (s["date"] or "").startswith("2025-03")
        and {"Kyiv Independent", "The Guardian"} <= set(s["outlet_names"])
    ]
    assert jeddah, "no story for Ukraine accepting the 30-day ceasefire proposal"
    assert jeddah[0]["independent_origins"] == 2
