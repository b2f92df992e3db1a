"""Attributions cued by punctuation: speaker labels, digest items, signed quotations."""

from __future__ import annotations

import pytest

from backchannel.extract.attribution import AttributionRelation, find_attributions


@pytest.fixture(scope="module")
def nlp():
    from backchannel.nlp import load_nlp

    return load_nlp()


def punctuation_relations(nlp, text: str) -> list[tuple[str | None, str, str | None]]:
    """(source, cue, content) of the relations whose cue has no word."""
    rels: list[AttributionRelation] = find_attributions(nlp(text))
    return [
        (r.source.text if r.source else None, r.cue.text, r.content.text if r.content else None)
        for r in rels
        if not any(ch.isalnum() for ch in r.cue.text)
    ]


def test_transcript_turns_are_attributed_to_their_speakers(nlp) -> None:
    text = (
        "The sergeant and the reporter spoke at the checkpoint on Friday.\n\n"
        "KOVAL: How long can your unit hold the bridge?\n\n"
        "MARCHUK: As long as the engineers keep it standing.\n\n"
        "KOVAL: And after that?\n\n"
        "MARCHUK: After that, the river is our line."
    )
    found = punctuation_relations(nlp, text)
    assert found == [
        ("KOVAL", ":", "How long can your unit hold the bridge"),
        ("MARCHUK", ":", "As long as the engineers keep it standing"),
        ("KOVAL", ":", "And after that"),
        ("MARCHUK", ":", "After that, the river is our line"),
    ]
    # Offsets are the contract: the source is the label as it stands in the text.
    rel = find_attributions(nlp(text))[1]
    assert rel.source is not None and text[rel.source.start : rel.source.end] == "MARCHUK"
    assert text[rel.cue.start : rel.cue.end] == ":" and rel.kind == "direct"


def test_a_report_inside_a_turn_is_chained_to_the_speaker(nlp) -> None:
    text = (
        "The two spoke on Friday.\n\nKOVAL: Is the bridge safe?\n\n"
        "MARCHUK: The colonel said the bridge will hold.\n\nKOVAL: Thank you."
    )
    rels = find_attributions(nlp(text))
    turn = next(r for r in rels if r.cue.text == ":" and r.source and r.source.text == "MARCHUK")
    said = next(r for r in rels if r.cue.text == "said")
    assert said.parent == turn.id
    assert said.source is not None and said.source.text == "The colonel"


def test_a_label_after_an_opening_quote_mark(nlp) -> None:
    text = (
        "The panel argued for an hour.\n\n"
        '"Olena Marchuk: The bridge will hold through the winter.\n\n'
        "Ivan Petrenko: Nobody on this panel believes that.\n\n"
        "Marchuk: Then nobody on this panel has seen it."
    )
    found = punctuation_relations(nlp, text)
    assert [(s, c) for s, c, _ in found] == [
        ("Olena Marchuk", ":"),
        ("Ivan Petrenko", ":"),
        ("Marchuk", ":"),
    ]
    assert found[0][2] == "The bridge will hold through the winter"


def test_a_headline_speaker_named_in_the_article(nlp) -> None:
    text = (
        "Marchuk: Bridge Will Hold Until Spring\n\n"
        "Sergeant Olena Marchuk said on Friday that the engineers had shored up the piers."
    )
    assert punctuation_relations(nlp, text) == [("Marchuk", ":", "Bridge Will Hold Until Spring")]


def test_a_headline_speaker_may_name_whom_they_address(nlp) -> None:
    text = (
        "Marchuk to Engineers: Keep the Bridge Standing\n\n"
        "Sergeant Olena Marchuk thanked the crews on Friday.\n\n"
        "Marchuk on the crossing: the army has not decided."
    )
    # In the body, "Marchuk on the crossing:" heads a section.
    assert punctuation_relations(nlp, text) == [("Marchuk", ":", "Keep the Bridge Standing")]


def test_a_headline_source_noun_needs_no_name(nlp) -> None:
    text = "Poll: Most Voters Back the Truce\n\nA survey of 1,200 adults found broad support."
    assert punctuation_relations(nlp, text) == [("Poll", ":", "Most Voters Back the Truce")]


@pytest.mark.parametrize(
    "text",
    [
        # A kicker is no speaker: it names no one the article mentions.
        "Bombshell: New Maps Show the Retreat\n\nThe maps were drawn by the army in March.",
        "BREAKING: Bridge Falls Into the River\n\nThe bridge collapsed at dawn on Sunday.",
        # Section heads in the body of an article, each candidate once.
        "The candidates have different goals this week.\n\nMarchuk: Hold the line.\n\n"
        "Sergeant Marchuk leads in the polls.\n\nPetrenko: A late surge.\n\n"
        "Ivan Petrenko trails by ten points.",
        # A tally is no speech.
        "Results were posted at noon.\n\nKovalenko: 1,204.\n\nMarchuk: 988.",
        # "He added:" has a verb for a cue; the colon is not one of its own.
        "The minister spoke for an hour.\n\nHe added: “We will rebuild every bridge.”",
    ],
)
def test_kickers_section_heads_and_tallies_are_not_speakers(nlp, text: str) -> None:
    assert punctuation_relations(nlp, text) == []


def test_a_capitals_label_speaking_in_the_first_person(nlp) -> None:
    found = punctuation_relations(nlp, "PETROV: We will not withdraw from the ridge.")
    assert found == [("PETROV", ":", "We will not withdraw from the ridge")]
    assert punctuation_relations(nlp, "BOOM: Army Opens a New Front in the South") == []


def test_interview_questions_and_answers_are_left_to_the_verbs_inside(nlp) -> None:
    text = (
        "The general answered questions by phone.\n\n"
        "Q: Will the army cross the river?\n\n"
        "A: I think the army will wait until spring."
    )
    rels = find_attributions(nlp(text))
    assert all(r.cue.text != ":" for r in rels)
    think = next(r for r in rels if r.cue.text == "think")
    assert think.content is not None and think.content.text == "the army will wait until spring"


def test_a_digest_item_names_its_speaker_after_the_dash(nlp) -> None:
    text = (
        "WHY THE BRIDGE HELD - Olena Marchuk: “The engineers did their job and the piers "
        "did the rest.” [Kyiv Daily.]\n\nThe repairs took a month -More from Marchuk: “Every "
        "pier was checked twice.”"
    )
    assert punctuation_relations(nlp, text) == [
        ("Olena Marchuk", ":", "“The engineers did their job and the piers did the rest.”"),
        ("Marchuk", ":", "“Every pier was checked twice.”"),
    ]


def test_a_quotation_signed_on_the_next_line(nlp) -> None:
    text = (
        "The campaign ended on a familiar note.\n\n"
        '"We will not give up the bridge, not now and not in spring."\n\n'
        "- Olena Marchuk.\n\n"
        "The sergeant repeated the line at every stop."
    )
    assert punctuation_relations(nlp, text) == [
        ("Olena Marchuk", "-", '"We will not give up the bridge, not now and not in spring."')
    ]


def test_a_section_header_between_dashes_signs_nothing(nlp) -> None:
    text = (
        "“The bridge is safe,” the engineer said.\n\n"
        "– Old hands –.\n\n"
        "The veterans of the first winter stayed on."
    )
    assert punctuation_relations(nlp, text) == []
