"""The hand-built sample ledger and its helpers, for tests to import.

Built from the model dataclasses directly, so store, export and CLI tests run without
spaCy or any extractor. (Import from here, not from ``conftest``: another conftest
below ``tests/`` may own that module name when the whole suite is collected.)
"""

from __future__ import annotations

from backchannel.documents import make_document
from backchannel.model import (
    Actor,
    AttributionLink,
    Certainty,
    DateInfo,
    Divergence,
    Document,
    Event,
    Evidence,
    Ledger,
    Mention,
    Quote,
    Span,
)

SAMPLE_TITLE = "Envoys Trade Ceasefire Signals as Front Lines Harden"
SAMPLE_BODY = (
    "Russian President Vladimir Putin told army commanders on Monday (March 4, 2024) "
    "that his forces would keep advancing.\n\n"
    "According to the Northern Courier, two former senior Russian officials said Putin "
    "had been signalling through intermediaries since January that he was open to a "
    "ceasefire.\n\n"
    "Ukraine's foreign ministry rejected any freeze of the front line, saying: "
    '"We will not trade land for quiet."\n\n'
    "Some analysts think the overture may be a deception effort."
)

PUTIN = Actor(id="putin", name="Vladimir Putin", code="RUS GOV", country="RUS", sector="GOV")
UKRAINE = Actor(id="UKR", name="Ukraine", code="UKR", country="UKR", sector=None)
UKR_MFA = Actor(
    id="ukr_mfa",
    name="Ministry of Foreign Affairs of Ukraine",
    code="UKR GOV",
    country="UKR",
    sector="GOV",
)
RUS_MIL = Actor(id=None, name="Russian army", code="RUS MIL", country="RUS", sector="MIL")


def span(body: str, text: str, after: int = 0) -> Span:
    start = body.index(text, after)
    return Span(start, start + len(text), text)


def mention(body: str, text: str, actor: Actor, *, via: str = "name", sentence: int = 0) -> Mention:
    s = span(body, text)
    return Mention(s.start, s.end, text, actor, via=via, sentence=sentence)


def evidence(document: Document, trigger: Span) -> Evidence:
    body = document.body
    start = body.rfind("\n", 0, trigger.start) + 1
    end = body.find("\n", trigger.end)
    end = len(body) if end < 0 else end
    return Evidence(document.id, trigger.start, trigger.end, body[start:end], start, end)


def build_sample_ledger(
    *, title: str = SAMPLE_TITLE, body: str = SAMPLE_BODY, outlet: str = "Daily Planet"
) -> Ledger:
    doc = make_document(
        title, body, outlet=outlet, url="https://planet.example/a", published="2024-03-06"
    )
    b = doc.body
    putin = mention(b, "Vladimir Putin", PUTIN)
    putin2 = Mention(
        *_se(span(b, "Putin", b.index("officials"))), "Putin", PUTIN, via="alias", sentence=1
    )
    commanders = mention(b, "army commanders", RUS_MIL, via="description")
    ministry = mention(b, "Ukraine's foreign ministry", UKR_MFA, sentence=2)
    ukraine = Mention(ministry.start, ministry.start + 7, "Ukraine", UKRAINE, sentence=2)
    outlet_link = AttributionLink(role="outlet", text=outlet, named=True)

    t1 = span(b, "told")
    e1 = Event(
        id=f"ev-{doc.id[:8]}-1",
        doc_id=doc.id,
        event="THREATEN",
        mode="military",
        context=["territory"],
        cameo="138",
        cameo_name="Threaten with military force",
        actor=[putin],
        recipient=[commanders],
        trigger=t1,
        evidence=evidence(doc, t1),
        date=DateInfo(
            text="Monday (March 4, 2024)",
            start="2024-03-04",
            end="2024-03-04",
            granularity="day",
            timex="2024-03-04",
            anchor="absolute",
            span=span(b, "Monday (March 4, 2024)"),
        ),
        status="asserted",
        attribution=[outlet_link],
        summary="Putin → army: THREATEN (told)",
    )
    t2 = span(b, "signalling")
    e2 = Event(
        id=f"ev-{doc.id[:8]}-2",
        doc_id=doc.id,
        event="AGREE",
        mode=None,
        context=["ceasefire"],
        cameo="081",
        cameo_name="Make optimistic comment",
        actor=[putin2],
        recipient=[],
        trigger=t2,
        evidence=evidence(doc, t2),
        date=DateInfo(
            text="since January",
            start="2024-01-01",
            end=None,
            granularity="month",
            timex="2024-01",
            open_end=True,
            mod="AFTER",
            anchor="dct",
        ),
        status="reported",
        certainty=Certainty(cue_class="report"),
        attribution=[
            outlet_link,
            AttributionLink(
                role="cited_outlet", text="the Northern Courier", named=True, cue="According to"
            ),
            AttributionLink(
                role="source",
                text="two former senior Russian officials",
                named=False,
                count=2,
                plural=True,
                affiliation="RUS",
                former=True,
                cue="said",
            ),
        ],
        summary="Putin: AGREE (signalling)",
    )
    t3 = span(b, "rejected")
    quote_span = span(b, "We will not trade land for quiet.")
    e3 = Event(
        id=f"ev-{doc.id[:8]}-3",
        doc_id=doc.id,
        event="REJECT",
        mode=None,
        context=["ceasefire"],
        cameo="120",
        cameo_name="Reject",
        actor=[ministry],
        recipient=[putin2],
        trigger=t3,
        evidence=evidence(doc, t3),
        date=DateInfo(
            text=None,
            start="2024-03-06",
            end="2024-03-06",
            granularity="day",
            timex="2024-03-06",
            from_publication=True,
            anchor="dct",
        ),
        status="denied",
        certainty=Certainty(cue_class="deny", denial=True),
        attribution=[outlet_link],
        quote=Quote(
            quote_span.text,
            quote_span.start,
            quote_span.end,
            speaker="Ukraine's foreign ministry",
            speaker_code="UKR GOV",
        ),
    )
    t4 = span(b, "deception")
    e4 = Event(
        id=f"ev-{doc.id[:8]}-4",
        doc_id=doc.id,
        event="ACCUSE",
        mode=None,
        context=[],
        cameo="112",
        cameo_name="Accuse",
        actor=[],
        recipient=[putin2],
        trigger=t4,
        evidence=evidence(doc, t4),
        date=DateInfo(text=None, start=None, end=None, granularity="unknown", timex=None),
        status="speculative",
        certainty=Certainty(cue_class="belief", modal="may", modal_strength="weak"),
        attribution=[
            outlet_link,
            AttributionLink(
                role="source", text="Some analysts", named=False, plural=True, cue="think"
            ),
        ],
        aux_modes=["hypothetical"],
        related=[f"ev-{doc.id[:8]}-2"],
    )
    divergence = Divergence(
        id=f"dv-{doc.id[:8]}-1",
        kind="claim_vs_denial",
        events=[e2.id, e3.id],
        actor="RUS GOV",
        description="a reported ceasefire signal is rejected",
        period=("2024-01-01", None),
    )
    return Ledger(
        document=doc,
        mentions=[putin, commanders, putin2, ministry, ukraine],
        events=[e1, e2, e3, e4],
        divergences=[divergence],
    )


def _se(s: Span) -> tuple[int, int]:
    return s.start, s.end
