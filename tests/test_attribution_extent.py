"""How far a cue runs: over its object to a preposition ("took a shot at"), and
whether the preposition right after it is its own ("complained about")."""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.extract import _attribution_extent as extent
from backchannel.extract import _attribution_objects as objects
from backchannel.extract import _attribution_train as train
from backchannel.extract.attribution import AttributionRelation, find_attributions
from test_attribution_train import _write_split


@pytest.fixture(scope="module")
def nlp():
    from backchannel.nlp import load_nlp

    return load_nlp()


def _relation(nlp, text: str, head: str) -> AttributionRelation:
    rels = find_attributions(nlp(text))
    found = [r for r in rels if head in r.cue.text.split()]
    assert found, f"no relation with cue word {head!r} in {[r.cue.text for r in rels]}"
    return found[0]


def _verb_object_prep(nlp, text: str, verb: str):
    doc = nlp(text)
    tok = next(t for t in doc if t.lower_ == verb)
    obj = next(c for c in tok.children if c.dep_ == "dobj")
    return tok, obj, objects.object_preposition(tok, obj)


# --- the stage, with the shipped models ---------------------------------------------


def test_a_cue_runs_over_its_object_to_the_preposition(nlp) -> None:
    rel = _relation(nlp, "The foreign minister took a shot at the envoy's proposal.", "took")
    assert rel.cue.text == "took a shot at"
    assert rel.content is not None and rel.content.text == "the envoy's proposal"
    assert rel.source is not None and rel.source.text == "The foreign minister"


def test_an_object_that_names_a_stance_joins_the_cue(nlp) -> None:
    rel = _relation(nlp, "The opposition leader claimed credit for the prisoner exchange.",
                    "claimed")  # fmt: skip
    assert rel.cue.text == "claimed credit for"
    assert rel.content is not None and rel.content.text == "the prisoner exchange"


def test_an_object_that_is_the_content_stays_out_of_the_cue(nlp) -> None:
    rel = _relation(nlp, "The president announced the deal with Ankara on Tuesday.",
                    "announced")  # fmt: skip
    assert rel.cue.text == "announced"
    assert rel.content is not None and rel.content.text.startswith("the deal with Ankara")


def test_a_preposition_of_the_verb_joins_the_cue(nlp) -> None:
    rel = _relation(nlp, "The spokesman called on the rebels to lay down their arms.",
                    "called")  # fmt: skip
    assert rel.cue.text == "called on"
    assert rel.content is not None and rel.content.text == "the rebels to lay down their arms"


def test_a_date_after_the_verb_is_not_the_cue(nlp) -> None:
    rel = _relation(nlp, "The minister said on Monday that the talks would resume.", "said")
    assert rel.cue.text == "said"


# --- the decisions follow the weights -----------------------------------------------


def test_the_object_model_decides_by_its_weights(nlp, monkeypatch) -> None:
    verb, obj, prep = _verb_object_prep(nlp, "The envoy took a swipe at the plan.", "took")
    assert prep is not None and prep.lower_ == "at"
    monkeypatch.setattr(objects, "object_model", lambda: {})
    assert not objects.object_in_cue(verb, obj, prep)
    monkeypatch.setattr(objects, "object_model", lambda: {"O=swipe|P=at": 5.0})
    assert objects.object_in_cue(verb, obj, prep)
    features = objects.object_features(verb, obj, prep)
    assert {"O=swipe", "P=at", "L=take|O=swipe", "DET=a", "MOD=False"} <= set(features)


def test_no_object_preposition_without_a_noun_object(nlp) -> None:
    _, _, prep = _verb_object_prep(nlp, "The envoy thanked them for the help.", "thanked")
    assert prep is None  # a pronoun object is not a stance noun


def test_without_the_extent_model_a_fixed_list_decides(nlp, monkeypatch) -> None:
    doc = nlp("The mayor complained about the curfew.")
    verb = next(t for t in doc if t.lower_ == "complained")
    prep = extent.extension(verb, verb.i + 1)
    assert prep is not None and prep.lower_ == "about"
    monkeypatch.setattr(extent, "extent_model", lambda: {})
    assert extent.joins_cue(verb, prep, "ccomp") is None
    monkeypatch.setattr(extent, "extent_model", lambda: {"BIAS": -1.0})
    assert extent.joins_cue(verb, prep, "ccomp") is False
    monkeypatch.setattr(extent, "extent_model", lambda: {"BIAS": -1.0, "L=complain|W=about": 2})
    assert extent.joins_cue(verb, prep, "ccomp") is True


def test_only_a_preposition_of_the_cue_extends_it(nlp) -> None:
    doc = nlp("The mayor complained about the curfew.")
    verb = next(t for t in doc if t.lower_ == "complained")
    assert extent.extension(verb, verb.i + 2) is None  # "the": not a preposition
    assert extent.extension(verb, len(doc)) is None


def test_shipped_models_load() -> None:
    assert "BIAS" in objects.object_model() and "BIAS" in extent.extent_model()


# --- training -----------------------------------------------------------------------


def test_object_examples_follow_the_gold_cue(tmp_path: Path) -> None:
    from backchannel.eval.attribution import read_gold

    through = [("The envoy", "took a swipe at", "the plan"),
               ("The general", "took a swipe at", "the truce")]  # fmt: skip
    _write_split(tmp_path / "long", articles=2, reports=through, link=" ")
    golds = read_gold(tmp_path / "long")
    examples = train.object_examples(golds, train._parse(golds, None))
    assert examples and all(e.positive for e in examples)
    assert all("O=swipe|P=at" in e.features for e in examples)

    verb_only = [("The envoy", "took", "a swipe at the plan"),
                 ("The general", "took", "a swipe at the truce")]  # fmt: skip
    _write_split(tmp_path / "short", articles=2, reports=verb_only, link=" ")
    golds = read_gold(tmp_path / "short")
    examples = train.object_examples(golds, train._parse(golds, None))
    assert examples and not any(e.positive for e in examples)


def test_extent_examples_follow_the_gold_cue(tmp_path: Path) -> None:
    from backchannel.eval.attribution import read_gold

    def labels(name: str, cue: str, link: str) -> list[bool]:
        reports = [("The minister", cue, "the talks would resume"),
                   ("The envoy", cue, "the border was closed")]  # fmt: skip
        _write_split(tmp_path / name, articles=2, reports=reports, link=link)
        golds = read_gold(tmp_path / name)
        examples = train.extent_examples(golds, train._parse(golds, None))
        assert all("W=on" in e.features for e in examples)
        return [e.positive for e in examples]

    inside = labels("inside", "said on", " Monday that ")
    outside = labels("outside", "said", " on Monday that ")
    assert inside and all(inside)
    assert outside and not any(outside)


def test_the_entry_point_writes_the_object_and_extent_models(tmp_path: Path) -> None:
    _write_split(tmp_path / "train", articles=2)
    out = tmp_path / "model"
    assert train.main([str(tmp_path / "train"), "--out", str(out)]) == 0
    for name in ("object_model.tsv", "extent_model.tsv"):
        assert (out / name).read_text(encoding="utf-8").startswith("# feature")


def test_the_stage_follows_the_extent_model(nlp, monkeypatch) -> None:
    text = "The senator said on Monday that the talks had failed."
    monkeypatch.setattr(extent, "extent_model", lambda: {"BIAS": -1.0, "L=say|W=on": 2.0})
    assert _relation(nlp, text, "said").cue.text == "said on"
    monkeypatch.setattr(extent, "extent_model", lambda: {"BIAS": -1.0})
    assert _relation(nlp, text, "said").cue.text == "said"


def test_the_stage_follows_the_object_model(nlp, monkeypatch) -> None:
    text = "The foreign minister took a shot at the envoy's proposal."
    monkeypatch.setattr(objects, "object_model", lambda: {})
    rel = _relation(nlp, text, "took")
    assert rel.cue.text == "took"  # the object is the content (the edge model ends it)
    assert rel.content is not None and rel.content.text.startswith("a shot")
