"""Divergences across the corpus: report vs denial, public vs private, merging."""

from __future__ import annotations

import pytest

from _corpus import corpus_db
from _sample import evidence, mention, span
from backchannel import analysis as an
from backchannel.analysis import corpus_divergences
from backchannel.documents import make_document
from backchannel.errors import ConfigError
from backchannel.model import Actor, AttributionLink, DateInfo, Event, Ledger
from backchannel.store import Store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Store:
    with Store(corpus_db(tmp_path_factory), create=False) as opened:
        yield opened


@pytest.fixture(scope="module")
def found(corpus: Store) -> list:
    return corpus_divergences(corpus)


def _outlets(divergence, side: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(ev.outlet) for ev in divergence.evidence if ev.side == side}


def test_nyt_signals_against_peskov_denial_in_tass(found: list) -> None:
    pairs = [d for d in found if d.kind == "report_vs_denial" and _outlets(d, "denial") == {"TASS"}]
    assert len(pairs) == 1
    pair = pairs[0]
    # The denial is in another article than the report it answers.
    assert "The New York Times" in _outlets(pair, "report")
    assert pair.actor == "RUS" and pair.topic == "ceasefire"
    reports = [ev for ev in pair.evidence if ev.side == "report"]
    assert all(ev.event == "AGREE" and ev.status != "denied" for ev in reports)
    assert any("intermediaries" in ev.sentence for ev in reports)
    assert len(pair.document_ids) >= 3 and set(pair.event_ids) == {
        ev.event_id for ev in pair.evidence
    }


def test_reuters_signal_against_peskov_not_true_in_meduza(found: list) -> None:
    (pair,) = [
        d
        for d in found
        if d.kind == "report_vs_denial"
        and "Reuters" in (d.description or "")
        and _outlets(d, "denial") == {"Meduza"}
    ]
    # The denial names Reuters: the NYT's December report is not what it answers.
    reports = [ev for ev in pair.evidence if ev.side == "report"]
    assert "Reuters" in {ev.outlet for ev in reports}
    assert all(ev.start and ev.start >= "2024" for ev in reports)
    # The ledger's own in-article pair (Meduza) is folded in, not listed twice.
    assert pair.merged_ids
    assert not any(d.id in pair.merged_ids for d in found)


def test_public_stance_against_private_signals(found: list) -> None:
    pairs = [d for d in found if d.kind == "public_vs_private" and d.scope == "corpus"]
    vow = [
        d
        for d in pairs
        if any("would not give up" in ev.sentence for ev in d.evidence if ev.side == "public")
    ]
    assert vow, [d.description for d in pairs]
    private = [ev for ev in vow[0].evidence if ev.side == "private"]
    assert any("intermediaries" in ev.sentence for ev in private)
    assert len({ev.doc_id for ev in vow[0].evidence}) > 1


def test_scopes(corpus: Store, found: list) -> None:
    document = corpus_divergences(corpus, scope="document")
    across = corpus_divergences(corpus, scope="corpus")
    assert {d.scope for d in document} == {"document"}
    assert {d.scope for d in across} == {"corpus"}
    assert len(document) == len(corpus.divergences())
    merged = {i for d in found for i in d.merged_ids}
    assert len(found) == len(across) + len(document) - len(merged)
    with pytest.raises(ConfigError):
        corpus_divergences(corpus, scope="planet")


PESKOV = Actor(id="peskov", name="Dmitry Peskov", code="RUS GOV", country="RUS", sector="GOV")
KULEBA = Actor(id="kuleba", name="Dmytro Kuleba", code="UKR GOV", country="UKR", sector="GOV")


RUSSIA = Actor(id="RUS", name="Russia", code="RUS", country="RUS", sector=None)
USA = Actor(id="USA", name="United States", code="USA", country="USA", sector=None)


def one_event_ledger(
    sentence: str,
    *,
    event: str,
    actor: tuple[Actor, str],
    trigger: str,
    outlet: str,
    day: str,
    status: str = "asserted",
    recipient: tuple[Actor, str] | None = None,
    sources: tuple[AttributionLink, ...] = (),
    negated: bool = False,
    stated_date: bool = False,
) -> Ledger:
    """An article of one sentence and one event in it."""
    doc = make_document(f"{outlet}: {sentence[:30]}", sentence, outlet=outlet, published=day)
    who = mention(doc.body, actor[1], actor[0])
    whom = [mention(doc.body, recipient[1], recipient[0])] if recipient else []
    where = span(doc.body, trigger)
    coded = Event(
        id=f"ev-{doc.id[:8]}-1",
        doc_id=doc.id,
        event=event,
        mode=None,
        context=[],
        cameo=None,
        cameo_name=None,
        actor=[who],
        recipient=whom,
        trigger=where,
        evidence=evidence(doc, where),
        date=DateInfo(
            text="on that day" if stated_date else None,
            start=day,
            end=day,
            granularity="day",
            timex=day,
            from_publication=not stated_date,
            anchor="absolute" if stated_date else "dct",
        ),
        status=status,  # type: ignore[arg-type]
        attribution=[AttributionLink(role="outlet", text=outlet, named=True), *sources],
        aux_modes=["negated"] if negated else [],
    )
    return Ledger(document=doc, mentions=[who, *whom], events=[coded])


def denial_ledger(sentence: str, speaker: Actor, name: str) -> Ledger:
    """An article whose one event is ``speaker`` rejecting a report (``sentence``)."""
    return one_event_ledger(
        sentence,
        event="REJECT",
        actor=(speaker, name),
        trigger=sentence.split()[2],  # "<role> <Name> <verb> ..."
        outlet="Harbor Times",
        day="2024-03-08",
    )


def _corpus_pairs(tmp_db: str, *ledgers: Ledger) -> list:
    with Store(tmp_db) as store:
        for ledger in ledgers:
            store.save_ledger(ledger)
        store.consolidate()
        return [d for d in corpus_divergences(store) if d.kind == "report_vs_denial"]


def test_denial_in_another_article_is_paired(tmp_db: str, sample_ledger: Ledger) -> None:
    denial = denial_ledger(
        "Kremlin spokesman Peskov denied a Daily Planet report that Putin wanted a ceasefire.",
        PESKOV,
        "Peskov",
    )
    (pair,) = _corpus_pairs(tmp_db, sample_ledger, denial)
    signal = sample_ledger.events[1]
    assert [ev.event_id for ev in pair.evidence if ev.side == "report"] == [signal.id]
    assert [ev.event_id for ev in pair.evidence if ev.side == "denial"] == [denial.events[0].id]
    assert pair.document_ids == [sample_ledger.document.id, denial.document.id]
    assert pair.topic == "ceasefire" and pair.actor == "RUS"


@pytest.mark.parametrize(
    ("sentence", "speaker", "name"),
    [
        # The other side's dismissal is not the actor's denial.
        ("Foreign minister Kuleba denied a Daily Planet report on a ceasefire.", KULEBA, "Kuleba"),
        # A denial of another outlet's report does not answer this one.
        ("Kremlin spokesman Peskov denied a Zenith Post report on a ceasefire.", PESKOV, "Peskov"),
        # Not a denial at all.
        (
            "Kremlin spokesman Peskov neither confirmed nor denied the ceasefire report.",
            PESKOV,
            "Peskov",
        ),
        # About something else.
        (
            "Kremlin spokesman Peskov denied a Daily Planet report on grain exports.",
            PESKOV,
            "Peskov",
        ),
    ],
)
def test_what_is_not_a_denial_of_the_report(
    tmp_db: str, sample_ledger: Ledger, sentence: str, speaker: Actor, name: str
) -> None:
    denial = denial_ledger(sentence, speaker, name)
    pairs = _corpus_pairs(tmp_db, sample_ledger, denial)
    assert not [p for p in pairs if denial.document.id in p.document_ids]


OFFICIALS = AttributionLink(role="source", text="two officials", named=False, plural=True, count=2)


def test_reports_that_contradict_each_other_on_what(tmp_db: str) -> None:
    offer = one_event_ledger(
        "Russia offered the United States a ceasefire, two officials said.",
        event="AGREE",
        actor=(RUSSIA, "Russia"),
        recipient=(USA, "the United States"),
        trigger="offered",
        outlet="Alpha Post",
        day="2024-03-10",
        status="reported",
        sources=(OFFICIALS,),
    )
    no_offer = one_event_ledger(
        "Russia made the United States no ceasefire offer, two officials said.",
        event="AGREE",
        actor=(RUSSIA, "Russia"),
        recipient=(USA, "the United States"),
        trigger="made",
        outlet="Beta Daily",
        day="2024-03-11",
        status="denied",
        sources=(OFFICIALS,),
        negated=True,
    )
    with Store(tmp_db) as store:
        for ledger in (offer, no_offer):
            store.save_ledger(ledger)
        store.consolidate()
        (found,) = [d for d in corpus_divergences(store) if d.kind == "contradiction"]
        assert found.description.startswith("what:")
        assert [(ev.side, ev.outlet) for ev in found.evidence] == [
            ("claim", "Alpha Post"),
            ("contradiction", "Beta Daily"),
        ]
        credibility = an.claim_credibility(store, offer.events[0].id)
        assert (
            credibility.value == 4 and no_offer.events[0].id in credibility.contradicting_event_ids
        )


@pytest.mark.parametrize(
    ("second_day", "place", "expected"),
    [
        ("2024-03-19", "Riyadh", True),  # the same talks, dated a week apart
        ("2024-03-13", "Riyadh", False),  # within the dating slack: they agree
        ("2024-05-19", "Riyadh", False),  # two months apart: another round
        ("2024-03-19", "Geneva", False),  # another place: another meeting
    ],
)
def test_reports_that_contradict_each_other_on_when(
    tmp_db: str, second_day: str, place: str, expected: bool
) -> None:
    def talks(outlet: str, day: str, where: str, wording: str) -> Ledger:
        return one_event_ledger(
            wording.format(where=where),
            event="CONSULT",
            actor=(RUSSIA, "Russia"),
            recipient=(USA, "the United States"),
            trigger="met",
            outlet=outlet,
            day=day,
            stated_date=True,
        )

    with Store(tmp_db) as store:
        # Worded differently: near-copies would be one origin.
        store.save_ledger(
            talks("Alpha Post", "2024-03-11", "Riyadh", "Russia met the United States in {where}.")
        )
        store.save_ledger(
            talks(
                "Beta Daily",
                second_day,
                place,
                "Envoys say Russia met the United States at a palace in {where} for long talks.",
            )
        )
        store.consolidate()
        found = [d for d in corpus_divergences(store) if d.kind == "contradiction"]
    assert bool(found) is expected
    if expected:
        assert found[0].description.startswith("when:") and "riyadh" not in found[0].description
        assert "Riyadh" in found[0].description


def test_an_action_told_in_a_negated_sentence_is_no_public_stance(corpus: Store) -> None:
    # "That overture, which has not been reported before, came after Ukrainian forces
    # drove Russian troops out ...": the drive-out is an action, not a hard line.
    found = corpus_divergences(corpus, scope="corpus")
    publics = [
        ev.sentence
        for d in found
        if d.kind == "public_vs_private"
        for ev in d.evidence
        if ev.side == "public"
    ]
    assert not any("drove Russian troops" in sentence for sentence in publics)
