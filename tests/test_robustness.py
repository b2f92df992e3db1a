"""Ledger invariants on messy text, from a sweep of the whole pipeline over real and
hostile articles: every offset slices the body to its text, dates stay in their own
sentence's tree, and long texts are dated without scanning the whole document per event.

The texts are written for these tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from spacy.tokens import Doc

import backchannel
from backchannel import ledger as ledger_module
from backchannel.consolidate import document_citations, normalize_outlet
from backchannel.dates import shift
from backchannel.divergence import overlaps
from backchannel.documents import read_document
from backchannel.export import to_csv, to_plover_json
from backchannel.extract.attribution import AttributionRelation
from backchannel.ledger import _tree_roots
from backchannel.model import STATUSES, Ledger, Span
from backchannel.nlp import load_nlp
from backchannel.store import Store
from backchannel.web import create_app

# Sentence ends the parser leaves whitespace after: two spaces, a blank line, a line
# separator, a paragraph separator, a non-breaking space run, CRLF.
GAPS = ("  ", "\n\n", "\u2028", "\u2029", "\u00a0\u00a0 ", "\r\n\r\n")


def spans_of(ledger: Ledger) -> list[tuple[str, int, int, str]]:
    """Every (what, start, end, text) a ledger claims about its body."""
    spans = [("mention", m.start, m.end, m.text) for m in ledger.mentions]
    for event in ledger.events:
        evidence = event.evidence
        spans.append(("trigger", event.trigger.start, event.trigger.end, event.trigger.text))
        spans.append(
            ("sentence", evidence.sentence_start, evidence.sentence_end, evidence.sentence)
        )
        spans += [("actor", m.start, m.end, m.text) for m in event.actor + event.recipient]
        if event.date.span is not None:
            span = event.date.span
            spans.append(("date", span.start, span.end, span.text))
        if event.quote is not None:
            spans.append(("quote", event.quote.start, event.quote.end, event.quote.text))
        for link in event.attribution:
            for span in (link.cue_span, link.source_span):
                if span is not None:
                    spans.append(("attribution", span.start, span.end, span.text))
    return spans


@pytest.mark.parametrize("gap", GAPS, ids=[repr(g) for g in GAPS])
def test_every_span_slices_the_body_to_its_text(gap: str) -> None:
    body = gap.join(
        [
            "Moscow expelled two Latvian diplomats on Monday, the ministry said.",
            "Latvia recalled its ambassador from Moscow on Tuesday.",
            '"We will answer in kind," the Latvian foreign minister told reporters.',
        ]
    )
    ledger = backchannel.analyze_text(body, published="2024-05-08")
    spans = spans_of(ledger)
    assert any(what == "sentence" for what, *_ in spans), "no events: nothing was checked"
    for what, start, end, text in spans:
        assert ledger.document.body[start:end] == text, (what, start, end, text)


def test_evidence_sentence_is_trimmed_but_keeps_its_trigger() -> None:
    body = "Hungary vetoed the aid package on Friday.\n\n\nPoland protested at once."
    ledger = backchannel.analyze_text(body, published="2024-02-03")
    for event in ledger.events:
        evidence = event.evidence
        assert evidence.sentence == evidence.sentence.strip()
        assert evidence.sentence_start <= event.trigger.start
        assert event.trigger.end <= evidence.sentence_end


def test_tree_roots_are_the_roots_of_each_sentence() -> None:
    doc = load_nlp()("Hanoi protested on Monday. Beijing replied that the reef was its own.")
    roots = _tree_roots(doc)
    for sentence in doc.sents:
        assert {roots[t.i] for t in sentence} == {sentence.root.i}


def test_a_date_dates_the_events_of_its_own_sentence_only() -> None:
    # Many sentences, each with its own weekday: a scan that lost the sentence (or
    # let dates leak between dependency trees) would date events with a neighbour's day.
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"] * 8
    body = " ".join(f"Serbia recalled its envoy from Kosovo on {day}." for day in days)
    ledger = backchannel.analyze_text(body, published="2024-06-15")  # a Saturday
    dated = sorted(
        (e.evidence.sentence_start, e.date.text)
        for e in ledger.events
        if e.trigger.text == "recalled"
    )
    assert len(dated) == len(days), [e.trigger.text for e in ledger.events]
    assert [text for _, text in dated] == days


# Letters a case-insensitive regex folds to ASCII ones: dotless i, dotted capital I,
# long s, the Kelvin sign.
ASCII_ONLY = str.maketrans({"ı": "i", "İ": "I", "ſ": "s", "\u212a": "K"})
LOOKALIKE_OUTLETS = ["the New York Tımes", "THE NEW YORK TİMES", "Reuterſ", "\u212ayiv Independent"]


@pytest.mark.parametrize("written", LOOKALIKE_OUTLETS)
def test_outlet_spelled_with_lookalike_letters_is_still_that_outlet(written: str) -> None:
    body = f"Belarus moved troops to the border, {written} reported on Sunday."
    (citation,) = document_citations({"title": "", "body": body, "outlet": None})
    assert citation.outlet == normalize_outlet(written.translate(ASCII_ONLY))
    assert citation.cue == "reported"


def test_store_consolidates_an_article_citing_a_lookalike_outlet(tmp_db: str) -> None:
    body = "Belarus moved troops to the border on Sunday, the New York Tımes reported."
    store = Store(tmp_db)
    try:
        store.save_ledger(backchannel.analyze_text(body, published="2024-04-07"))
        store.consolidate()  # raised KeyError: 'new york tımes'
        assert store.has_consolidation()
    finally:
        store.close()


def test_attribution_spans_over_a_dateline_keep_the_body_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The parser reads the text with the dateline's places blanked; a source span that
    # runs over them (as the attribution model's sometimes do) must still be body text.
    body = "A diplomat from Norway.\n\nOSLO (Reuters) — The mediators say both sides agreed."
    found = ledger_module.find_attributions

    def overlong_sources(doc: Doc) -> list[AttributionRelation]:
        relations = found(doc)
        assert relations, "no attribution found: nothing to stretch"
        return [
            replace(r, source=Span(0, r.source.end, doc.text[: r.source.end]))
            if r.source is not None
            else r
            for r in relations
        ]

    monkeypatch.setattr(ledger_module, "find_attributions", overlong_sources)
    ledger = backchannel.analyze_text(body, published="2024-01-09")
    stretched = [
        link.source_span
        for event in ledger.events
        for link in event.attribution
        if link.source_span is not None and link.source_span.start == 0
    ]
    assert stretched, "no event carries the stretched source"
    for span in stretched:
        assert span.text == body[: span.end] and "OSLO" in span.text


# (sentence, trigger, status): a deny-class verb is itself an act the speaker performs,
# so only its own denial is undone; negation and counterfactuals still apply to it.
DENIAL_VERBS = [
    ("The Kremlin denied that troops had crossed the border.", "denied", "asserted"),
    ("The prime minister did not dismiss his defence minister on Friday.", "dismiss", "denied"),
    ("Hungary does not always reject sanctions on Russia.", "reject", "denied"),
    (
        "Had the envoys stayed, they would have denied Moscow a propaganda win.",
        "denied",
        "speculative",
    ),
]


@pytest.mark.parametrize(("sentence", "trigger", "status"), DENIAL_VERBS)
def test_a_denial_verb_keeps_its_negation_and_mood(
    sentence: str, trigger: str, status: str
) -> None:
    ledger = backchannel.analyze_text(sentence, published="2024-01-12")
    (event,) = [e for e in ledger.events if e.trigger.text == trigger]
    assert event.status == status, (event.event, event.aux_modes)


# -- the ends of the calendar ------------------------------------------------------------
# An article may be given (or state) any date datetime.date holds; windows around it
# must stay inside the calendar.
CALENDAR_ENDS = ["0001-01-02", "9999-12-30"]


@pytest.mark.parametrize("day", CALENDAR_ENDS)
def test_events_at_the_ends_of_the_calendar_overlap_without_overflow(day: str) -> None:
    ledger = backchannel.analyze_text(
        "Turkey agreed to host the talks on Monday. Greece rejected the venue on Tuesday.",
        published="2024-01-10",
    )
    first, second, *_ = ledger.events
    at_day = [replace(e, date=replace(e.date, start=day, end=day)) for e in (first, second)]
    assert overlaps(*at_day)


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_store_consolidates_undated_reports_at_the_ends_of_the_calendar(
    tmp_db: str, published: str
) -> None:
    store = Store(tmp_db)
    try:
        ledger = backchannel.analyze_text(
            "Chile recalled its ambassador, officials said.", published=published
        )
        assert ledger.events and ledger.events[0].date.from_publication
        store.save_ledger(ledger)
        store.consolidate()  # an undated report's window started before 0001-01-01
        assert store.stories()
    finally:
        store.close()


def test_shift_holds_at_the_ends_of_the_calendar() -> None:
    week = dt.timedelta(days=7)
    assert shift(dt.date(2024, 2, 26), week) == dt.date(2024, 3, 4)
    assert shift(dt.date(9999, 12, 30), week) == dt.date.max
    assert shift(dt.date(1, 1, 2), -week) == dt.date.min


def test_a_story_of_reports_a_day_apart_starts_before_it_ends(tmp_db: str) -> None:
    # One report dates the shelling Monday, the other Sunday: within the stories' slack,
    # so one story, whose core is the gap between the two days.
    store = Store(tmp_db)
    try:
        for body in (
            "Russia shelled Kharkiv on Monday, Ukrainian officials said.",
            "Russian forces shelled Kharkiv on Sunday, the regional governor said.",
        ):
            store.save_ledger(backchannel.analyze_text(body, published="2024-01-16"))
        store.consolidate()
        stories = store.stories()
        dated = [s for s in stories if s["reports"] >= 2]
        assert dated, [(s["event"], s["date"], s["reports"]) for s in stories]
        for story in stories:
            assert story["date"] is None or story["date"] <= story["enddate"], story
        assert (dated[0]["date"], dated[0]["enddate"]) == ("2024-01-14", "2024-01-15")
    finally:
        store.close()


# -- exports ------------------------------------------------------------------------------


def test_csv_export_keeps_formula_like_article_text_as_text() -> None:
    bodies = [
        '=HYPERLINK("http://example.invalid/x","Open") Armenia closed the border on Monday.',
        "@SUM(A1) Azerbaijan protested on Tuesday, the ministry said.",
    ]
    ledgers = [backchannel.analyze_text(b, title="-Border", published="2024-02-07") for b in bodies]
    buffer = io.StringIO()
    assert to_csv(to_plover_json(ledgers)["events"], buffer) >= 2
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    texts = [row["event_text"] for row in rows]
    assert any(text.startswith("'=HYPERLINK(") for text in texts), texts
    assert any(text.startswith("'@SUM(") for text in texts), texts
    for row in rows:  # no cell left that a spreadsheet would evaluate
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values()), row
    assert {row["status"] for row in rows} <= {"asserted", "reported"}  # plain cells as they were


# -- the web UI ---------------------------------------------------------------------------


def test_a_searched_article_without_events_opens(tmp_db: str) -> None:
    quiet = backchannel.analyze_text(
        "The harbour was quiet and the ferries to Tallinn ran on time.",
        title="Harbour notes",
        published="2024-03-01",
    )
    assert not quiet.events
    store = Store(tmp_db)
    try:
        store.save_ledger(quiet)
    finally:
        store.close()
    with TestClient(create_app(tmp_db), base_url="http://127.0.0.1:8765") as client:
        results = client.get("/search", params={"q": "ferries"})
        link = f'href="/documents/{quiet.document.id}"'
        assert results.status_code == 200 and link in results.text
        page = client.get(f"/documents/{quiet.document.id}")
        assert page.status_code == 200 and "Harbour notes" in page.text
        assert client.get(f"/api/documents/{quiet.document.id}").json()["events"] == []
        assert client.get("/documents/no-such-article").status_code == 404


# -- reading files ------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be", "utf-16", "utf-16-be"])
def test_a_file_with_a_byte_order_mark_is_read_in_its_encoding(tmp_path: Path, codec: str) -> None:
    text = "Ceasefire in Gaza holds\n\nEgypt said on Sunday that the truce held."
    data = text.encode(codec)
    if not codec.endswith("-be"):
        assert data.startswith(b"\xff\xfe")  # Python writes little-endian with a mark
    else:
        data = ("\ufeff" + text).encode(codec)
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert (document.title, document.body) == (
        "Ceasefire in Gaza holds",
        "Egypt said on Sunday that the truce held.",
    )


# -- every invariant, on hostile texts --------------------------------------------------

HOSTILE_TEXTS = {
    "lookalike letters": "The \u212aremlin ſaid on Frıday that İran ſigned in Decem\u212aer.",
    "right to left": "\u202eقالت مصر\u202c Egypt said on Monday that Hamas agreed to a truce.",
    "chinese beside english": "中国周一表示。China said on 12 May 2023 it would sanction Japan.",
    "zero width": "Serbia\u200b recalled\u200d its envoy\ufeff from Kosovo on Monday.",
    "line separators": "Chad shut its border on Monday.\u2028Sudan protested,\u2029 AP said.",
    "crlf": "Peru recalled its ambassador on Monday.\r\n\r\nChile said on Tuesday it regretted it.",
    "unbalanced quotes": '"Iran will respond, an aide said. \u201cWe warned them,\u201d he said.',
    "many quotes": 'Ghana said "' + '"' * 300 + ' it agreed on Monday," officials said.',
    "deep parentheses": "Mali (" * 200 + "expelled the envoy" + ")" * 200 + " on Monday.",
    "markdown": "# Talks\n\n* Qatar said on **Monday** it would mediate.\n\n> Israel agreed.",
    "dates at the edges": "Oman said on 31 December 9999 it would agree; on 1 January 0001 not.",
    "impossible dates": "Iraq said on 30 February 2024 and on 2024-13-45 that Turkey struck.",
    "huge numbers": f"Cuba said {'9' * 20} days ago it agreed, and in {'9' * 300} years.",
}


@pytest.mark.parametrize("body", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS.keys())
def test_hostile_text_keeps_every_ledger_invariant(body: str) -> None:
    ledger = backchannel.analyze_text(body, published="2024-05-15")
    text = ledger.document.body
    for what, start, end, span_text in spans_of(ledger):
        assert 0 <= start <= end <= len(text) and text[start:end] == span_text, what
    ids = [e.id for e in ledger.events]
    assert len(ids) == len(set(ids))
    for event in ledger.events:
        assert event.status in STATUSES
        date = event.date
        days = [dt.date.fromisoformat(d) for d in (date.start, date.end) if d is not None]
        assert days == sorted(days), date
        assert date.from_publication == (date.text is None), date
        if date.from_publication:
            assert date.anchor == "publication" and date.start == ledger.document.published
        assert event.parent is None or event.parent in ids
        assert set(event.related) <= set(ids)
    for divergence in ledger.divergences:
        assert set(divergence.events) <= set(ids)
    again = backchannel.analyze_text(body, published="2024-05-15")
    assert [e.id for e in again.events] == ids  # ids are stable from run to run
