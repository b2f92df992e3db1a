"""The learned cue tagger: decoding, training labels, and its place in the stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.eval.attribution import GoldDoc, GoldRelation
from backchannel.extract import _cue_tagger as tagger
from backchannel.extract._cue_tagger import BEGIN, INSIDE, LABELS, OUTSIDE, TaggedCue, decode
from backchannel.extract._cue_tagger_train import cue_labels, split_articles, train
from backchannel.extract.attribution import find_attributions

SHIPPED = (tagger.model_dir() / "config.cfg").is_file()
needs_model = pytest.mark.skipif(not SHIPPED, reason="no cue tagger shipped in data/attribution")


@pytest.fixture(scope="module")
def nlp():
    from backchannel.nlp import load_nlp

    return load_nlp()


def probs(*rows: tuple[float, float, float]) -> list[list[float]]:
    """Rows given as (B, I, O) probabilities, reordered to ``LABELS``."""
    order = [LABELS.index(x) for x in (BEGIN, INSIDE, OUTSIDE)]
    out = []
    for row in rows:
        cells = [0.0] * 3
        for value, k in zip(row, order, strict=True):
            cells[k] = value
        out.append(cells)
    return out


def test_decode_joins_inside_tokens_and_splits_at_a_new_begin() -> None:
    rows = probs(
        (0.0, 0.1, 0.9),  # outside
        (0.8, 0.1, 0.1),  # begins a cue
        (0.2, 0.6, 0.2),  # continues it
        (0.7, 0.2, 0.1),  # begins another right after
        (0.1, 0.2, 0.7),  # outside
    )
    cues = decode(rows, LABELS, 0.5)
    assert [(c.start, c.end) for c in cues] == [(1, 3), (3, 4)]
    assert cues[0].confidence == pytest.approx(0.8)  # its weakest token: 1 - 0.2


def test_decode_threshold_trades_recall() -> None:
    rows = probs((0.3, 0.1, 0.6), (0.1, 0.1, 0.8))
    assert decode(rows, LABELS, 0.5) == []
    assert decode(rows, LABELS, 0.3) == [TaggedCue(0, 1, pytest.approx(0.4))]


def test_cue_labels_mark_each_fragment(nlp) -> None:
    text = "The minister said on Monday that talks would resume, according to aides."
    doc = nlp(text)
    said = text.index("said")
    according = text.index("according to")
    rel = GoldRelation(cue=[(said, said + 4), (according, according + len("according to"))])
    labels = cue_labels(GoldDoc("x", text, [rel]), doc)
    tagged = [(t.text, lab) for t, lab in zip(doc, labels, strict=True) if lab != OUTSIDE]
    assert tagged == [("said", BEGIN), ("according", BEGIN), ("to", INSIDE)]


def test_split_holds_out_a_fifth_by_article_and_is_repeatable() -> None:
    learn, held = split_articles(23, seed=5)
    assert len(held) == 23 // 5
    assert sorted(learn + held) == list(range(23))
    assert split_articles(23, seed=5) == (learn, held)
    assert split_articles(23, seed=6) != (learn, held)


def test_training_writes_a_model_the_stage_can_load(nlp, tmp_path: Path) -> None:
    texts = [
        "Officials said the border would reopen. The mayor denied it on Friday.",
        "The envoy told reporters that a deal was close. Markets rose.",
        "According to diplomats, the talks stalled. Rain fell all day.",
        "She warned that sanctions would follow. He claimed victory.",
        "The army announced a truce. Nobody believed the statement.",
    ]
    golds = []
    for k, text in enumerate(texts):
        cues = [w for w in ("said", "denied", "told", "According to", "warned", "claimed",
                            "announced") if w in text]  # fmt: skip
        rels = [GoldRelation(cue=[(text.index(w), text.index(w) + len(w))]) for w in cues]
        golds.append(GoldDoc(f"a{k}", text, rels))
    parsed = [nlp(t) for t in texts]
    model, _, epoch = train(golds, parsed, seed=1, epochs=2)
    assert 1 <= epoch <= 2
    model.to_disk(tmp_path / "tagger")
    loaded = tagger.load_cue_tagger(tmp_path / "tagger")
    assert loaded is not None
    thinc_model, labels = loaded
    (scores,) = thinc_model.predict([parsed[0]])
    assert scores.shape == (len(parsed[0]), len(LABELS))
    assert set(labels) == set(LABELS)


def test_stage_without_a_model_file_keeps_its_frames(nlp, monkeypatch, tmp_path) -> None:
    doc = nlp("The spokesman said the ceasefire would hold, and the rebels denied it.")
    monkeypatch.setattr(tagger.TAGGER_USE, "enabled", False)
    before = [(r.cue.text, r.content.text) for r in find_attributions(doc)]
    monkeypatch.setattr(tagger.TAGGER_USE, "enabled", True)
    monkeypatch.setattr(tagger, "model_dir", lambda: tmp_path / "absent")
    tagger.load_cue_tagger.cache_clear()
    try:
        assert tagger.propose_cues(doc) == []
        after = [(r.cue.text, r.content.text) for r in find_attributions(doc)]
    finally:
        tagger.load_cue_tagger.cache_clear()
    assert after == before
    assert ("said", "the ceasefire would hold") in after


@needs_model
def test_shipped_tagger_adds_a_cue_the_frames_miss(nlp, monkeypatch) -> None:
    doc = nlp("The new tariffs, opposed by several Asian governments, took effect on Monday.")
    monkeypatch.setattr(tagger.TAGGER_USE, "enabled", False)
    assert not [r for r in find_attributions(doc) if r.cue.text == "opposed"]
    monkeypatch.setattr(tagger.TAGGER_USE, "enabled", True)
    assert [doc[c.start : c.end].text for c in tagger.propose_cues(doc)] == ["opposed"]
    rel = next(r for r in find_attributions(doc) if r.cue.text == "opposed")
    assert rel.source is not None and rel.source.text == "several Asian governments"
    assert rel.content.text == "The new tariffs"


@needs_model
def test_shipped_tagger_stays_quiet_on_plain_narration(nlp) -> None:
    doc = nlp("The convoy crossed the river at dawn and reached the town by noon.")
    assert tagger.propose_cues(doc) == []
    assert find_attributions(doc) == []
