"""The whole pipeline (spaCy and every extractor) on hostile text.

``analyze_text`` returns a ledger whose offsets point into the document body, or
raises a one-line :class:`BackchannelError`: never another exception.
"""

from __future__ import annotations

import pytest
from _fuzz import attempt, budget, check_document
from _strategies import NEWS_SENTENCES, short_hostile_text
from hypothesis import given
from hypothesis import strategies as st

from backchannel.errors import BackchannelError
from backchannel.model import Ledger
from backchannel.pipeline import analyze_text

# spaCy's first load is the slowest step of all; the bound is per analysed text.
PIPELINE_BOUND = 15.0


@pytest.fixture(scope="module", autouse=True)
def _warm_pipeline() -> None:
    analyze_text(NEWS_SENTENCES[0], title="Warm-up")


def check_ledger(ledger: Ledger) -> None:
    check_document(ledger.document)
    body = ledger.document.body
    for mention in ledger.mentions:
        assert 0 <= mention.start <= mention.end <= len(body)
        assert body[mention.start : mention.end] == mention.text
    for event in ledger.events:
        trigger = event.trigger
        assert 0 <= trigger.start < trigger.end <= len(body)
        assert body[trigger.start : trigger.end] == trigger.text
        assert event.doc_id == ledger.document.id


def analyze(body: str, title: str) -> Ledger | BackchannelError:
    return attempt(
        "pipeline (analyze_text)",
        lambda: analyze_text(body, title=title),
        seconds=PIPELINE_BOUND,
    )


@budget(60)
@given(
    body=short_hostile_text,
    title=st.one_of(st.just(""), st.sampled_from(NEWS_SENTENCES), st.text(max_size=300)),
)
def test_pipeline_ends_in_a_ledger_or_a_clear_error(body: str, title: str) -> None:
    result = analyze(body, title)
    if isinstance(result, Ledger):
        check_ledger(result)


HOSTILE_BODIES = {
    "nul bytes": "Putin said\x00 the talks would go on.\x00",
    "lone surrogate": "Putin said \ud800 the talks would go on.",
    "byte-order marks": "\ufeffPutin said \ufeff the talks would go on.\ufeff",
    "mixed newlines": "Putin said\r\nthe talks\rwould\u2028go\u2029on.\x85 Kyiv\x0bagreed.\x0c",
    "one huge token": "Putin said " + "a" * 150_000 + " the talks would go on.",
    "a 1 MB line": "Putin said the talks would go on, " * 30_000,
    "repetition": "Iran threatened Israel. " * 600,
    "only punctuation": "!?.,;:" * 5_000,
    "right-to-left": "\u202eNATO envoys met in Brussels\u202c on Monday.",
    "stacked combining marks": "Putin" + "\u0301" * 5_000 + " said the talks would go on.",
    "control characters": "".join(map(chr, range(1, 32))) + " Putin said the talks go on.",
    "emoji sequences": "\U0001f469\u200d\U0001f4bb Zelensky said talks go on. " * 50,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_pipeline_survives_hostile_text(name: str) -> None:
    result = analyze(HOSTILE_BODIES[name], "Hostile input")
    if isinstance(result, Ledger):
        check_ledger(result)
