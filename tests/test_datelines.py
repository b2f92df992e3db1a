"""Wire datelines: their places are blanked before parsing, offsets kept."""

from __future__ import annotations

import pytest

import backchannel
from backchannel.datelines import mask_datelines


@pytest.mark.parametrize(
    "text",
    [
        "MOSCOW/LONDON, May 24 - The president is prepared to halt the war.",
        "KYIV (AP) — Officials said talks would resume.",
        "Headline\n\nRIYADH, March 25 - The envoys met for a third day.",
        "WASHINGTON, D.C., Jan. 5 - The senator spoke.",
    ],
)
def test_dateline_places_are_blanked_and_offsets_kept(text: str) -> None:
    masked = mask_datelines(text)
    assert len(masked) == len(text)
    assert not any(place in masked for place in ("MOSCOW", "LONDON", "KYIV", "RIYADH"))
    kept = [i for i, (a, b) in enumerate(zip(text, masked, strict=True)) if a == b]
    assert text.index(" - " if " - " in text else " — ") in kept


@pytest.mark.parametrize(
    "text",
    [
        "The talks went well - Moscow said so.",
        "In MOSCOW the mood was grim.",
        "Moscow - the Kremlin said it rejected the plan.",
    ],
)
def test_other_capitals_and_dashes_are_left_alone(text: str) -> None:
    assert mask_datelines(text) == text


def test_a_dateline_city_is_neither_actor_nor_subject() -> None:
    ledger = backchannel.analyze_text(
        "ISTANBUL, March 30 - Russia said it would sharply reduce military activity near Kyiv.",
        published="2022-03-30",
    )
    assert "ISTANBUL" not in [m.text for m in ledger.mentions]
    (event,) = ledger.events
    assert [m.actor.country for m in event.actor] == ["RUS"]
    assert event.evidence.sentence.startswith("ISTANBUL")  # the article text is intact
