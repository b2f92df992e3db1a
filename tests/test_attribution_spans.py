"""Span rules of the attribution stage: which clause, quotation and source a cue takes."""

from __future__ import annotations

import pytest

from backchannel.extract.attribution import (
    AttributionRelation,
    _cue_paragraph,
    _Quotes,
    find_attributions,
)


@pytest.fixture(scope="module")
def nlp():
    from backchannel.nlp import load_nlp

    return load_nlp()


def _relation(nlp, text: str, cue: str) -> AttributionRelation:
    rels = find_attributions(nlp(text))
    found = [r for r in rels if r.cue.text == cue]
    assert found, f"no relation with cue {cue!r} in {[r.cue.text for r in rels]}"
    return found[0]


def _content(rel: AttributionRelation) -> list[str]:
    return [p.text for p in rel.content_parts] or [rel.content.text if rel.content else ""]


def test_a_clause_before_the_cue_is_not_content_when_one_follows_it(nlp) -> None:
    text = "The governor is not worried about the polls — in fact, she said the numbers help her."
    assert _content(_relation(nlp, text, "said")) == ["the numbers help her"]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The spokesman responded on Monday to the charges.", "responded", "the charges"),
        ("The colonel spoke on Tuesday about the retreat.", "spoke", "the retreat"),
    ],
)
def test_a_date_is_neither_content_nor_cue(nlp, text: str, cue: str, content: str) -> None:
    assert _content(_relation(nlp, text, cue)) == [content]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("It seems that the talks have stalled.", "seems"),
        ("It appears that the ceasefire is holding.", "appears"),
        ("Asked whether the border would reopen, the minister said it would.", "Asked"),
    ],
)
def test_cues_that_cite_nobody(nlp, text: str, cue: str) -> None:
    assert _relation(nlp, text, cue).source is None


def test_the_asked_minister_is_still_the_source_of_what_he_said(nlp) -> None:
    text = "Asked whether the border would reopen, the minister said it would."
    rel = _relation(nlp, text, "said")
    assert rel.source is not None and rel.source.text == "the minister"


def test_according_to_covers_the_coordinated_clauses_of_its_sentence(nlp) -> None:
    text = (
        "The town lost power on Monday, and the river flooded the square, "
        "according to the fire brigade."
    )
    rel = _relation(nlp, text, "according to")
    assert _content(rel) == ["The town lost power on Monday, and the river flooded the square"]


def test_a_quotation_after_the_cue_paragraph_leaves_a_split_content(nlp) -> None:
    text = "“We hold the ridge,” the major said, “and the road.”\n\n“The river is ours.”"
    doc = nlp(text)
    quotes = _Quotes(doc)
    cue_i = next(t.i for t in doc if t.text == "said")
    first, second, later = quotes.spans
    kept = _cue_paragraph(doc, [first, second, later], (cue_i, cue_i + 1), quotes)
    assert kept == [first, second]
    # A quotation in the paragraph before the cue may still be its content.
    text = "“The river is ours.”\n\n“We hold the ridge,” the major said, “and the road.”"
    doc = nlp(text)
    quotes = _Quotes(doc)
    cue_i = next(t.i for t in doc if t.text == "said")
    kept = _cue_paragraph(doc, list(quotes.spans), (cue_i, cue_i + 1), quotes)
    assert kept == list(quotes.spans)


@pytest.mark.parametrize(
    "text",
    [
        # The next quotation's opening mark is parsed into the cue's sentence.
        "''The shelling has stopped,'' the commander told reporters on Monday. "
        "''We expect the convoy to pass tomorrow.''",
        "''The bridge is gone,'' said the mayor of the town. "
        "''We will need boats for the winter.''",
    ],
)
def test_quote_after_the_cue_sentence_continues_it(nlp, text: str) -> None:
    doc = nlp(text)
    first = next(iter(doc.sents))
    assert first[-1].text == "''", "the parse no longer shows the case under test"
    rel = next(r for r in find_attributions(doc) if r.cue.text in ("told", "said"))
    assert len(rel.content_parts) == 2
    assert rel.content_parts[1].text.startswith("''We ")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("“We will release the records,” the senator said on NBC’s “Meet the Press” on "
         "Sunday. “We have nothing to hide.”", "“Meet the Press”"),
        ("“The border stays closed,” the minister told “Morning Edition” on Monday. "
         "“Nobody crosses until the shelling stops.”", "“Morning Edition”"),
    ],
)  # fmt: skip
def test_a_quoted_title_in_the_cue_sentence_does_not_stop_the_quote(
    nlp, text: str, title: str
) -> None:
    rel = next(r for r in find_attributions(nlp(text)) if r.cue.text in ("said", "told"))
    parts = [p.text for p in rel.content_parts]
    assert title not in parts
    assert len(parts) == 2 and parts[1].startswith(("“We have", "“Nobody"))


def test_a_quotation_does_not_reach_over_a_paragraph_to_a_later_verb(nlp) -> None:
    text = (
        "“Are we ready? Probably not,” the colonel said. “Will we be ready by winter? "
        "Absolutely.”\n\nThe blunt words from the colonel seemed to reverberate across the base."
    )
    rels = find_attributions(nlp(text))
    said = next(r for r in rels if r.cue.text == "said")
    assert [p.text for p in said.content_parts] == [
        "“Are we ready? Probably not,”",
        "“Will we be ready by winter? Absolutely.”",
    ]
    later = [r for r in rels if r.cue.start > text.index("\n")]
    assert all(r.content is not None and "Absolutely" not in r.content.text for r in later)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The minister now says the border is closed.", "now says"),
        ("The envoy even suggested that the talks could resume.", "even suggested"),
        ("The mayor specifically mentioned the broken dam.", "specifically mentioned"),
    ],
)
def test_a_focusing_adverb_before_the_verb_is_part_of_the_cue(nlp, text: str, cue: str) -> None:
    assert _relation(nlp, text, cue).cue.text == cue


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ('"We need boats," said Ivan Petrenko, 54, a farmer near the river.',
         "Ivan Petrenko, 54, a farmer near the river"),
        ("Olena Koval, 41, a nurse in the city, said the hospital had no power.",
         "Olena Koval, 41, a nurse in the city"),
    ],
)  # fmt: skip
def test_an_age_after_a_name_does_not_end_the_source(nlp, text: str, source: str) -> None:
    rel = _relation(nlp, text, "said")
    assert rel.source is not None and rel.source.text == source
    assert rel.source_info is not None and rel.source_info.named


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ('"The bridge is gone," the mayor said Tuesday.', "said Tuesday"),
        ("The bridge is gone, the mayor said Friday.", "said Friday"),
        ("The mayor said Tuesday that the bridge is gone.", "said"),
    ],
)
def test_a_weekday_closing_the_sentence_joins_the_cue(nlp, text: str, cue: str) -> None:
    rel = next(r for r in find_attributions(nlp(text)) if r.cue.text.startswith("said"))
    assert rel.cue.text == cue


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The ministry issued a statement saying the convoy had been attacked.",
         "issued a statement", "saying the convoy had been attacked"),
        ("The envoy expressed confidence that the truce would hold.",
         "expressed confidence", "that the truce would hold"),
    ],
)  # fmt: skip
def test_a_statement_noun_is_part_of_the_cue(nlp, text: str, cue: str, content: str) -> None:
    rel = _relation(nlp, text, cue)
    assert _content(rel) == [content]


def test_an_ordinary_object_stays_content(nlp) -> None:
    rel = _relation(nlp, "The general praised the engineers for the new bridge.", "praised")
    assert rel.content is not None and rel.content.text.startswith("the engineers")


def test_kickers_and_bylines_are_not_speakers(nlp) -> None:
    text = (
        "The Latest: Rebels shell the eastern port\n\nThe shelling began at dawn.\n\n"
        "Contributing: Olena Koval and Ivan Petrenko in Kyiv"
    )
    assert find_attributions(nlp(text)) == []
    rels = find_attributions(nlp("PETROV: We will not withdraw from the ridge."))
    assert [(r.source.text if r.source else None, r.cue.text) for r in rels] == [("PETROV", ":")]


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        (
            "The senator is calling for the United States to take a stronger role.",
            "is calling for",
            "The senator",
            "the United States to take a stronger role",
        ),
        (
            "Kyiv pushed for the talks to resume in Istanbul.",
            "pushed for",
            "Kyiv",
            "the talks to resume in Istanbul",
        ),
    ],
)
def test_a_for_infinitive_is_what_was_called_for(
    nlp, text: str, cue: str, source: str, content: str
) -> None:
    rel = _relation(nlp, text, cue)
    assert rel.source is not None and rel.source.text == source
    assert _content(rel) == [content]


def test_a_for_clause_of_purpose_is_no_content(nlp) -> None:
    text = "The convoy waited for the bridge to be repaired."
    assert not [r for r in find_attributions(nlp(text)) if r.cue.text.startswith("waited")]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The spokesman was asked if Moscow would attend.", "was asked", "if Moscow would attend"),
        (
            "Asked if the border would reopen, the minister smiled.",
            "Asked",
            "if the border would reopen",
        ),
    ],
)
def test_an_if_or_whether_clause_hung_on_the_verb_is_its_content(
    nlp, text: str, cue: str, content: str
) -> None:
    assert _content(_relation(nlp, text, cue)) == [content]


def test_a_conditional_if_clause_makes_no_cue(nlp) -> None:
    text = "The minister will resign if the coalition collapses."
    assert find_attributions(nlp(text)) == []


def test_a_cue_in_the_infinitive_keeps_its_marker(nlp) -> None:
    text = "The embassy held a press conference to announce that the border would reopen."
    rel = _relation(nlp, text, "to announce")
    assert _content(rel) == ["that the border would reopen"]


def test_a_quotation_in_the_paragraph_before_is_not_the_next_cues_clause(nlp) -> None:
    # The parser runs the question on into the next paragraph and hangs it on
    # "criticized" as a clausal complement; it is the mayor's quote continuing.
    text = (
        "The mayor spoke last.\n\n“We stayed until midnight,” the mayor said. “Nobody"
        " listened. Is that how a city should treat its own workers?”\n\nHe later"
        " criticized the union’s plan to strike in December."
    )
    assert _content(_relation(nlp, text, "said")) == [
        "“We stayed until midnight,”",
        "“Nobody listened. Is that how a city should treat its own workers?”",
    ]
    assert _content(_relation(nlp, text, "later criticized")) == [
        "the union’s plan to strike in December"
    ]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "The senator came to the diner on Sunday.\n\nHe tells the crowd: “I don’t want"
            " you to think we are weak: it is possible to talk and to stand firm.”",
            "“I don’t want you to think we are weak: it is possible to talk and to stand firm.”",
        ),
        (
            "“When the shelling started, our first thought was, ‘How do we get the children"
            " out?’” the mayor told reporters during a call on Tuesday.",
            "“When the shelling started, our first thought was, ‘How do we get the children out?’”",
        ),
    ],
)
def test_whom_a_quotation_is_told_to_is_not_its_content(nlp, text: str, quote: str) -> None:
    rel = next(r for r in find_attributions(nlp(text)) if r.cue.text in ("tells", "told"))
    assert _content(rel) == [quote]


def test_a_told_clause_is_still_the_content_beside_an_addressee(nlp) -> None:
    text = "The general told the senators the troops would stay."
    assert _content(_relation(nlp, text, "told")) == ["the troops would stay"]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "“The sooner the convoy reaches the city,” she said, “the fewer people will"
            " go hungry.”",
            ["“The sooner the convoy reaches the city,”", "“the fewer people will go hungry.”"],
        ),
        (
            "''The faster the aid arrives,'' he said, ''the better off the villages will be.''",
            ["''The faster the aid arrives,''", "''the better off the villages will be.''"],
        ),
    ],
)
def test_a_quotation_split_around_its_cue_is_one_content(nlp, text: str, parts: list[str]) -> None:
    # The parser hangs only the second half on "said"; the first half, closed just
    # before the cue clause, is the same utterance.
    assert _content(_relation(nlp, text, "said")) == parts


def test_a_quotation_after_a_reported_clause_continues_it(nlp) -> None:
    text = (
        "The general predicted the siege would end soon. “Their supplies are gone.”"
        "\n\nThe rebels disagreed."
    )
    assert _content(_relation(nlp, text, "predicted")) == [
        "the siege would end soon",
        "“Their supplies are gone.”",
    ]


def test_a_quotation_after_a_closing_cue_clause_continues_its_content(nlp) -> None:
    text = (
        "The rebels “held the bridge for a week” in March, said a retired colonel."
        " “That was their best moment.”"
    )
    assert _content(_relation(nlp, text, "said")) == [
        "The rebels “held the bridge for a week” in March",
        "“That was their best moment.”",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a paragraph apart: a new passage
        "The minister said the talks had failed.\n\n“We will not go back to that table.”",
        # ending in a comma: the quotation has a cue of its own
        "The minister said the talks had failed. “We will not go back,” another official said.",
    ],
)
def test_a_quotation_after_a_reported_clause_may_be_another_passage(nlp, text: str) -> None:
    assert _content(_relation(nlp, text, "said")) == ["the talks had failed"]


def test_a_coordinated_cue_with_its_own_infinitive_is_no_aside(nlp) -> None:
    # "seem" hangs on "hold" as a conjunct; it frames its own clause, not the first.
    text = (
        "The rebels could also hold the bridge for a week, but their commander, Mr. Ruiz,"
        " does not seem to be relishing the fight."
    )
    assert _content(_relation(nlp, text, "does not seem")) == [
        "their commander, Mr. Ruiz",
        "to be relishing the fight",
    ]
