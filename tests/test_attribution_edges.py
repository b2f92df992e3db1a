"""Where a content ends: the edge model over the phrases trailing its head."""

from __future__ import annotations

import pytest

from backchannel.extract._attribution_edges import adjust_end, edge_model, edges_of
from backchannel.extract.attribution import AttributionRelation, find_attributions


@pytest.fixture(scope="module")
def nlp():
    from backchannel.nlp import load_nlp

    return load_nlp()


def _relation(nlp, text: str, cue: str) -> AttributionRelation:
    rels = find_attributions(nlp(text))
    found = [r for r in rels if r.cue.text.endswith(cue)]
    assert found, f"no relation with cue {cue!r} in {[r.cue.text for r in rels]}"
    return found[0]


def _content(rel: AttributionRelation) -> list[str]:
    return [p.text for p in rel.content_parts] or [rel.content.text if rel.content else ""]


def test_shipped_edge_model_loads() -> None:
    weights = edge_model()
    assert "BIAS" in weights and len(weights) > 50


def test_a_participle_aside_after_a_comma_leaves_the_content(nlp) -> None:
    rel = _relation(nlp, "The ministry wants to recruit 5,000 new soldiers, focusing on "
                    "young men from the east.", "wants")  # fmt: skip
    assert _content(rel) == ["to recruit 5,000 new soldiers"]


def test_a_phrase_the_parser_hung_on_the_cue_joins_the_content(nlp) -> None:
    rel = _relation(nlp, "The envoy had shown poor judgment in trusting the militia commander.",
                    "shown")  # fmt: skip
    assert _content(rel) == ["poor judgment in trusting the militia commander"]


def test_the_content_does_not_run_over_another_speech_verb(nlp) -> None:
    text = "The mayor criticized the plan sharply, telling reporters that it would fail."
    rel = _relation(nlp, text, "criticized")
    assert "telling" not in rel.content.text
    assert _content(_relation(nlp, text, "telling")) == ["that it would fail"]


def test_edges_follow_the_weights_they_are_given(nlp) -> None:
    doc = nlp("The envoy had shown poor judgment in trusting the militia commander.")
    cue = next(t for t in doc if t.lower_ == "shown")
    obj = next(t for t in cue.children if t.dep_ == "dobj")
    a, b = obj.left_edge.i, obj.right_edge.i + 1
    edges = edges_of(cue, obj, "dobj", a, b, frozenset({"say"}))
    assert [e.side for e in edges] == ["extend"]
    assert adjust_end(edges, b, {}) == b  # no model: the parse decides
    assert adjust_end(edges, b, {"BIAS": 1.0}) == len(doc) - 1  # up to the full stop
    assert adjust_end(edges, b, {"BIAS": -1.0}) == b
