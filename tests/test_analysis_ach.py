"""Analysis of Competing Hypotheses: scoring against a hand-computed matrix, storage,
suggestions that count only once accepted, editing and export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from _corpus import corpus_copy
from backchannel import analysis as an
from backchannel.errors import ConfigError, InputError
from backchannel.model import Ledger
from backchannel.store import Store


@pytest.fixture
def store(tmp_db: str) -> Store:
    with Store(tmp_db) as opened:
        yield opened


@pytest.fixture
def worked(store: Store) -> tuple[int, list[int], list[int]]:
    """Three hypotheses, four free-text rows, every cell rated.

    credibility weight × relevance weight per row: E1 2.0 × 2.0, E2 1.0 × 1.0,
    E3 0.5 × 0.5, E4 1.0 × 1.0.
    """
    q = an.create_question(store, "Who cut the cable?", user="ana")
    hs = [
        an.add_hypothesis(store, q, f"H{i}", text, user="ana")
        for i, text in enumerate(
            ["A trawler by accident", "Sabotage by a state", "Wear and tear"], 1
        )
    ]
    rows = [
        an.add_evidence(
            store, q, text="Anchor drag marks", credibility=1, relevance="high", user="ana"
        ),
        an.add_evidence(store, q, text="Two cables cut the same night", credibility=3, user="ana"),
        an.add_evidence(store, q, text="Cable was old", credibility=4, relevance="low", user="ana"),
        an.add_evidence(store, q, text="Storm that week", credibility=6, user="ana"),
    ]
    ratings = [
        ["C", "I", "II"],
        ["I", "C", "N"],
        ["II", "NA", "C"],
        ["C", "C", "C"],
    ]
    for row, row_ratings in zip(rows, ratings, strict=True):
        for hypothesis, rating in zip(hs, row_ratings, strict=True):
            an.rate(store, q, row, hypothesis, rating, user="ben")
    return q, hs, rows


def test_scores_match_the_hand_computed_example(store: Store, worked) -> None:  # type: ignore[no-untyped-def]
    q, (h1, h2, h3), (e1, e2, e3, e4) = worked
    scored = an.matrix(store, q)
    by_id = {s.hypothesis.id: s for s in scored.hypotheses}
    # Heuer: I = 1, II = 2.   H1: E2 I + E3 II = 3; H2: E1 I = 1; H3: E1 II = 2.
    assert [by_id[h].inconsistency for h in (h1, h2, h3)] == [3, 1, 2]
    # Weighted: H1 = 1×1×1 + 2×0.5×0.5 = 1.5; H2 = 1×2×2 = 4; H3 = 2×2×2 = 8.
    assert [by_id[h].weighted_inconsistency for h in (h1, h2, h3)] == [1.5, 4.0, 8.0]
    # Least inconsistent first by the weighted score (Heuer's count alone would put H2 first).
    assert [s.hypothesis.id for s in scored.hypotheses] == [h1, h2, h3]
    assert by_id[h2].counts == {"CC": 0, "C": 2, "N": 0, "I": 1, "II": 0, "NA": 1}
    rows = {r.evidence.id: r for r in scored.rows}
    # Diagnosticity: spread of CC 2 … II −2 across hypotheses, NA left out.
    assert [rows[e].diagnosticity for e in (e1, e2, e3, e4)] == [3, 2, 3, 0]
    assert [rows[e].diagnostic for e in (e1, e2, e3, e4)] == [True, True, True, False]
    assert [r.evidence.id for r in scored.rows] == [e1, e2, e3, e4]
    assert rows[e1].credibility_weight == 2.0 and rows[e3].relevance_weight == 0.5
    cell = next(c for c in rows[e1].cells if c.hypothesis_id == h3)
    assert cell.rating == "II" and cell.rated_by == "ben" and cell.rated_at


def test_rerating_and_clearing_change_the_scores(store: Store, worked) -> None:  # type: ignore[no-untyped-def]
    q, (h1, _h2, h3), (e1, e2, _e3, _e4) = worked
    an.rate(store, q, e1, h3, "c", user="ben")  # II -> C
    an.clear_rating(store, q, e2, h1, user="ben")  # I -> unrated
    by_id = {s.hypothesis.id: s for s in an.matrix(store, q).hypotheses}
    assert by_id[h3].inconsistency == 0 and by_id[h1].inconsistency == 2
    assert by_id[h1].weighted_inconsistency == 0.5
    assert an.matrix(store, q).hypotheses[0].hypothesis.id == h3


def test_edit_and_delete(store: Store, worked) -> None:  # type: ignore[no-untyped-def]
    q, (h1, h2, h3), (e1, e2, e3, e4) = worked
    an.edit_evidence(store, e1, user="ana", relevance="low", credibility=3)
    by_id = {s.hypothesis.id: s for s in an.matrix(store, q).hypotheses}
    assert by_id[h2].weighted_inconsistency == 1 * 1.0 * 0.5
    edited = an.edit_hypothesis(store, h2, user="ana", label="H2'", text="Sabotage by a group")
    assert edited.label == "H2'" and edited.text == "Sabotage by a group"
    an.delete_hypothesis(store, h3, user="ana")
    an.delete_evidence(store, e4, user="ana")
    scored = an.matrix(store, q)
    assert {s.hypothesis.id for s in scored.hypotheses} == {h1, h2}
    assert [r.evidence.id for r in scored.rows] == [e1, e2, e3]
    assert all(len(r.cells) == 2 for r in scored.rows)
    assert an.get_question(store, q).evidence == 3
    an.delete_question(store, q, user="ana")
    assert an.list_questions(store) == []
    with pytest.raises(InputError):
        an.matrix(store, q)


def test_bad_input(store: Store, worked) -> None:  # type: ignore[no-untyped-def]
    q, (h1, *_), (e1, *_) = worked
    with pytest.raises(ConfigError):
        an.rate(store, q, e1, h1, "maybe", user="ana")
    with pytest.raises(ConfigError):
        an.add_evidence(store, q, text="x", relevance="vital", user="ana")
    with pytest.raises(ConfigError):
        an.add_evidence(store, q, user="ana")
    with pytest.raises(InputError):
        an.add_evidence(store, q, event_id="ev-nope", user="ana")
    with pytest.raises(ConfigError):
        an.create_question(store, "Why?", user="")
    other = an.create_question(store, "Another", user="ana")
    with pytest.raises(InputError):
        an.rate(store, other, e1, h1, "C", user="ana")  # not this question's cells
    with pytest.raises(InputError):
        an.add_hypothesis(store, 999, "H1", "x", user="ana")


def test_export_json_and_csv(store: Store, worked) -> None:  # type: ignore[no-untyped-def]
    q, _hypotheses, _rows = worked
    data = an.export_question(store, q)
    assert json.loads(json.dumps(data)) == data
    assert data["question"]["title"] == "Who cut the cable?"
    assert [h["hypothesis"]["label"] for h in data["hypotheses"]] == ["H1", "H2", "H3"]
    table = list(csv.reader(io.StringIO(an.export_csv(store, q))))
    assert table[0][6:] == [
        "H1: A trawler by accident",
        "H2: Sabotage by a state",
        "H3: Wear and tear",
    ]
    assert table[1][2] == "Anchor drag marks" and table[1][6:] == ["C", "I", "II"]
    assert table[-2][0] == "inconsistency" and table[-2][6:] == ["3", "1", "2"]
    assert table[-1][6:] == ["1.5", "4", "8"]


def test_suggestions_show_but_count_only_once_accepted(tmp_db: str, sample_ledger: Ledger) -> None:
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        store.consolidate()
        signal, rejection, doubt = (sample_ledger.events[i].id for i in (1, 2, 3))
        q = an.create_question(store, "Is Putin ready for a ceasefire?", user="ana")
        ready = an.add_hypothesis(
            store, q, "H1", "Genuine readiness for a ceasefire on current lines", user="ana"
        )
        ruse = an.add_hypothesis(
            store, q, "H2", "A deception to weaken Western support", user="ana"
        )
        hypotheses = {h.hypothesis.id: h.hypothesis for h in an.matrix(store, q).hypotheses}
        assert hypotheses[ready].stance == "for" and hypotheses[ready].topics == ["ceasefire"]
        assert hypotheses[ruse].stance == "against"
        rows = {
            event: an.add_evidence(store, q, event_id=event, user="ana")
            for event in (signal, rejection, doubt)
        }
        suggestions = {(s.evidence_id, s.hypothesis_id): s for s in an.suggest_ratings(store, q)}
        # Putin's own signal fits readiness; the analysts' doubt fits deception.
        assert suggestions[(rows[signal], ready)].rating == "C"
        assert suggestions[(rows[doubt], ready)].rating == "I"
        assert suggestions[(rows[doubt], ruse)].rating == "C"
        assert all(s.reason for s in suggestions.values())
        # Ukraine's rejection is not the questioned side's: no suggestion on it.
        assert not any(key[0] == rows[rejection] for key in suggestions)
        before = {s.hypothesis.id: s for s in an.matrix(store, q).hypotheses}
        assert before[ready].inconsistency == 0  # suggested I does not count yet
        shown = an.matrix(store, q).rows[2].cells
        assert any(c.rating is None and c.suggestion == "I" for c in shown)
        assert an.accept_suggestions(store, q, user="ben") == len(suggestions)
        after = {s.hypothesis.id: s for s in an.matrix(store, q).hypotheses}
        assert after[ready].inconsistency == 1 and after[ruse].inconsistency == 0
        assert an.suggest_ratings(store, q) == []
        # A row from the ledger counts with the claim's computed credibility.
        row = next(r for r in an.matrix(store, q).rows if r.evidence.event_id == signal)
        assert row.credibility == an.claim_credibility(store, signal).value


def test_corpus_question_end_to_end(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    with Store(corpus_copy(tmp_path_factory, tmp_path)) as store:
        entries = an.timeline(store, topic="ceasefire")
        rejection = next(e for e in entries if e.outlet == "TASS" and e.event == "REJECT")
        q = an.create_question(store, "Is Putin ready for a ceasefire?", user="ana")
        ready = an.add_hypothesis(store, q, "H1", "Genuine readiness for a ceasefire", user="ana")
        an.add_hypothesis(store, q, "H2", "Deception to weaken Western support", user="ana")
        row = an.add_evidence(store, q, event_id=rejection.event_id, relevance="high", user="ana")
        (hint,) = [s for s in an.suggest_ratings(store, q) if s.hypothesis_id == ready]
        assert hint.evidence_id == row and hint.rating == "I"
        an.rate(store, q, row, ready, hint.rating, user="ana")
        scored = an.matrix(store, q)
        assert scored.hypotheses[-1].hypothesis.id == ready
        assert scored.hypotheses[-1].weighted_inconsistency == 1 * 2.0 * 2.0  # credibility 1
