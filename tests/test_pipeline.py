"""The pipeline: stages by name, the local executor, failures kept per document."""

from __future__ import annotations

from pathlib import Path

import pytest

import backchannel
from backchannel import ledger as ledger_module
from backchannel.errors import BackchannelError
from backchannel.pipeline import Failure, LocalExecutor, analyze_paths, make_stage

ARTICLE = (
    "Kremlin spokesman Dmitry Peskov said on Tuesday (March 5, 2024) that Moscow was "
    "ready to negotiate with Kyiv. Ukraine rejected the offer a day later, officials said."
)


def test_stages_are_registered_by_name():
    assert make_stage("read").name == "read"
    assert make_stage("extract", model=None).name == "extract"
    with pytest.raises(BackchannelError, match="unknown stage"):
        make_stage("nope")


def test_analyze_text_builds_a_dated_ledger():
    ledger = backchannel.analyze_text(ARTICLE, title="Talks", published="2024-03-07")
    assert ledger.document.published == "2024-03-07"
    assert ledger.document.published_how == "given"
    assert ledger.events, "no events extracted"
    dated = [e for e in ledger.events if not e.date.from_publication]
    assert any(e.date.start == "2024-03-05" for e in dated)
    for event in ledger.events:  # offsets point into the body
        assert ARTICLE[event.trigger.start : event.trigger.end] == event.trigger.text


def test_publication_date_inferred_from_text_when_not_given():
    ledger = backchannel.analyze_text(ARTICLE)
    assert ledger.document.published_how == "inferred"
    assert ledger.document.published == "2024-03-05"


def test_undated_event_falls_back_to_publication_and_says_so():
    ledger = backchannel.analyze_text(
        "Ukraine rejected the Russian proposal.", published="2024-01-10"
    )
    (event,) = [e for e in ledger.events if e.event == "REJECT"]
    assert event.date.from_publication and event.date.start == "2024-01-10"


@pytest.mark.parametrize(
    ("text", "trigger", "day"),
    [
        (
            "The two delegations held their first direct talks since the spring of 2022 "
            "in Geneva on Friday.",
            "held",
            "2025-05-16",
        ),
        (
            "Russia launched its largest drone attack since March on Tuesday.",
            "launched",
            "2025-05-13",
        ),
    ],
)
def test_a_comparison_baseline_does_not_date_the_event(text: str, trigger: str, day: str):
    ledger = backchannel.analyze_text(text, published="2025-05-17")
    (event,) = [e for e in ledger.events if e.trigger.text == trigger]
    assert (event.date.start, event.date.end) == (day, day)


def test_bad_published_date_is_one_clear_error():
    with pytest.raises(BackchannelError, match="YYYY-MM-DD"):
        backchannel.analyze_text(ARTICLE, published="last Tuesday")


def test_one_failing_document_does_not_lose_the_others(tmp_path: Path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("Ukraine rejected the Russian proposal on Monday.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    real = ledger_module.build_ledger

    def flaky(document, doc, **kwargs):
        if "Monday" in document.body:
            raise RuntimeError("boom")
        return real(document, doc, **kwargs)

    monkeypatch.setattr(ledger_module, "build_ledger", flaky)
    results = analyze_paths([str(good), str(bad), str(empty)])
    assert isinstance(results[0], backchannel.Ledger)
    assert isinstance(results[1], Failure) and results[1].code == "BC900"
    assert isinstance(results[2], Failure) and results[2].code == "BC102"


def test_executor_runs_batches_through_every_stage():
    executor = LocalExecutor([make_stage("read"), make_stage("extract")], batch_size=2)
    records = [{"body": ARTICLE, "title": f"copy {i}"} for i in range(3)]
    out = executor.run(records)
    assert [r["title"] for r in out] == ["copy 0", "copy 1", "copy 2"]
    assert all("ledger" in r for r in out)


def test_non_utf8_file_needs_its_encoding(tmp_path: Path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café talks: Ukraine rejected the proposal on Monday.".encode("latin-1"))
    (failure,) = analyze_paths([str(path)], published="2024-01-10")
    assert isinstance(failure, Failure) and failure.code == "BC104"
    assert "--encoding" in failure.reason
    (ledger,) = analyze_paths([str(path)], published="2024-01-10", encoding="latin-1")
    assert isinstance(ledger, backchannel.Ledger)
    assert ledger.document.body.startswith("Café")


def test_people_are_coded_by_the_event_date_not_the_article_date():
    text = (
        "Donald Trump met Vladimir Putin in Helsinki on July 16, 2018. "
        "Donald Trump spoke with Vladimir Putin by phone on February 12, 2025. "
        "In 2022, Donald Trump criticized Joe Biden."
    )
    ledger = backchannel.analyze_text(text, published="2025-03-01")
    codes = {
        e.date.start[:4]: {m.actor.code for m in e.actor + e.recipient if "Trump" in m.text}
        for e in ledger.events
        if not e.date.from_publication
    }
    assert codes["2018"] == {"USA GOV"}
    assert codes["2025"] == {"USA GOV"}
    assert codes["2022"] and "USA GOV" not in codes["2022"]


def test_a_denial_is_asserted_and_what_it_denies_is_denied():
    ledger = backchannel.analyze_text(
        "Kremlin spokesman Dmitry Peskov denied that Putin had offered a ceasefire.",
        published="2024-02-14",
    )
    by_type = {e.event: e for e in ledger.events}
    assert by_type["REJECT"].status == "asserted"
    offer = by_type["AGREE"]
    assert offer.status == "denied" and offer.parent == by_type["REJECT"].id
    assert offer.attribution[0].text.endswith("Peskov") and offer.attribution[0].cue == "denied"


@pytest.mark.parametrize(
    ("text", "event", "status"),
    [
        # a promise or threat the actor voiced is a reported signal, not a prediction
        ("Russia said it would reduce its attacks around Kyiv.", "AGREE", "reported"),
        ("Tehran said it would attack the tankers if it were attacked.", "THREATEN", "reported"),
        ("Russia will reduce its attacks on Kyiv, US officials said.", "AGREE", "speculative"),
        # an option weighed is not an act
        ("Japan is considering sending aid to North Korea.", "AID", "speculative"),
        ("Analysts said they expect Russia to attack Odesa.", "ASSAULT", "speculative"),
        ("Officials said Russia attacked the port.", "ASSAULT", "reported"),
    ],
)
def test_a_stated_intention_is_reported_a_prediction_speculative(
    text: str, event: str, status: str
):
    ledger = backchannel.analyze_text(text, published="2024-03-07")
    (found,) = [e for e in ledger.events if e.event == event]
    assert found.status == status


def test_said_event_keeps_the_embedded_event_with_its_source():
    ledger = backchannel.analyze_text(
        "Russia said Ukraine attacked a border post on Monday.", published="2024-03-07"
    )
    (attack,) = [e for e in ledger.events if e.event == "ASSAULT"]
    assert {m.actor.country for m in attack.actor} == {"UKR"}  # not "Russia accuses Ukraine"
    assert attack.status == "reported"
    assert [(link.role, link.text, link.cue) for link in attack.attribution] == [
        ("source", "Russia", "said")
    ]
    assert attack.date.start == "2024-03-04"


def test_non_english_file_is_refused_unless_asked(tmp_path: Path):
    path = tmp_path / "de.txt"
    path.write_text(
        "Der Präsident hat am Dienstag erklärt, dass er zu Verhandlungen bereit sei. "
        "Die Regierung wies das Angebot zurück, und die Gespräche wurden abgesagt.",
        encoding="utf-8",
    )
    (failure,) = analyze_paths([str(path)])
    assert isinstance(failure, Failure) and failure.code == "BC107"
    (ledger,) = analyze_paths([str(path)], english_only=False)
    assert isinstance(ledger, backchannel.Ledger)


def test_an_event_told_of_an_overture_named_before_takes_its_date():
    text = (
        "A year earlier, in the fall of 2022, the president sent out similar feelers, "
        "officials said. That overture came after Ukrainian forces drove Russian troops out "
        "of the northeast, and it conveyed that Moscow was prepared for an armistice. "
        "Kyiv rejected the offer on Monday."
    )
    ledger = backchannel.analyze_text(text, published="2023-12-23")
    by_trigger = {e.trigger.text: e for e in ledger.events}
    prepared = by_trigger["prepared"]
    assert (prepared.date.start, prepared.date.end) == ("2022-09-01", "2022-11-30")
    assert prepared.date.anchor == "antecedent" and not prepared.date.from_publication
    assert by_trigger["rejected"].date.start == "2023-12-18"  # its own date wins
