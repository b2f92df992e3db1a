"""Source reliability (A–F) and claim credibility (1–6): defaults, files, overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from _corpus import corpus_copy
from backchannel.analysis import (
    claim_credibility,
    clear_credibility,
    clear_reliability,
    event_detail,
    grade_history,
    set_credibility,
    set_reliability,
    source_grades,
    timeline,
)
from backchannel.errors import ConfigError, InputError
from backchannel.model import Ledger
from backchannel.store import Store

ANONYMOUS = "anonymous:two former senior russian officials"


@pytest.fixture
def store(tmp_db: str, sample_ledger: Ledger, other_ledger: Ledger) -> Store:
    with Store(tmp_db) as opened:
        opened.save_ledger(sample_ledger)
        opened.save_ledger(other_ledger)
        opened.consolidate()
        yield opened


def _grades(store: Store, **options: object) -> dict:
    return {g.key: g for g in source_grades(store, **options)}  # type: ignore[arg-type]


def test_defaults_anonymous_and_ungraded_outlets_are_f(store: Store) -> None:
    grades = _grades(store)
    assert grades[ANONYMOUS].reliability == "F" and grades[ANONYMOUS].kind == "anonymous"
    assert grades[ANONYMOUS].claims == 2 and grades[ANONYMOUS].documents == 2
    planet = grades["outlet:Daily Planet"]
    assert planet.reliability == "F" and "grades file" in planet.reason
    assert planet.claims == 4  # every event of the document rests on its outlet
    assert grades["outlet:Harbor Times"].documents == 1
    assert "anonymous:some analysts" in grades


def test_grades_file_grades_outlets_but_not_anonymous_sources(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grades.yaml"
    path.write_text(
        "outlets:\n  Daily Planet: b\n  Harbor Times: {grade: D, note: tabloid}\n"
        f"sources:\n  '{ANONYMOUS}': A\n",
        encoding="utf-8",
    )
    grades = _grades(store, grades_file=path)
    assert grades["outlet:Daily Planet"].reliability == "B"
    assert grades["outlet:Harbor Times"].reliability == "D"
    # Anonymous sources stay F unless a user grades them.
    assert grades[ANONYMOUS].reliability == "F"
    monkeypatch.setenv("BACKCHANNEL_GRADES", str(path))
    assert _grades(store)["outlet:Daily Planet"].reliability == "B"
    bad = tmp_path / "bad.yaml"
    bad.write_text("outlets:\n  Daily Planet: G\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Daily Planet"):
        source_grades(store, grades_file=bad)


def test_reliability_override_with_user_history_and_clear(store: Store) -> None:
    first = set_reliability(store, ANONYMOUS, "c", user="ana", note="track record")
    assert first.value == "C" and first.user == "ana"
    grade = _grades(store)[ANONYMOUS]
    assert grade.reliability == "C" and grade.computed == "F"
    assert grade.override is not None and grade.override.user == "ana"
    assert "ana" in grade.reason
    set_reliability(store, ANONYMOUS, "B", user="ben")
    assert _grades(store)[ANONYMOUS].reliability == "B"  # latest wins
    clear_reliability(store, ANONYMOUS, user="ana")
    assert _grades(store)[ANONYMOUS].reliability == "F"
    history = grade_history(store, target="source", key=ANONYMOUS)
    assert [(c.value, c.user) for c in history] == [("C", "ana"), ("B", "ben"), (None, "ana")]


def test_override_errors(store: Store, sample_ledger: Ledger) -> None:
    with pytest.raises(ConfigError) as caught:
        set_reliability(store, ANONYMOUS, "B", user="  ")
    assert caught.value.code == "BC501"
    with pytest.raises(ConfigError):
        set_reliability(store, ANONYMOUS, "G", user="ana")
    with pytest.raises(ConfigError):
        set_reliability(store, "twitter:someone", "B", user="ana")
    with pytest.raises(ConfigError):
        set_credibility(store, sample_ledger.events[1].id, 7, user="ana")
    with pytest.raises(InputError):
        set_credibility(store, "ev-nope", 2, user="ana")
    assert grade_history(store) == []


def test_credibility_override_with_user(store: Store, sample_ledger: Ledger) -> None:
    signal = sample_ledger.events[1].id
    computed = claim_credibility(store, signal)
    assert 1 <= computed.value <= 6 and computed.reasons
    set_credibility(store, signal, 5, user="ana", note="single source")
    changed = claim_credibility(store, signal)
    assert changed.value == 5 and changed.computed == computed.value
    assert changed.override is not None and changed.override.user == "ana"
    assert any("ana" in reason for reason in changed.reasons)
    clear_credibility(store, signal, user="ana")
    assert claim_credibility(store, signal).value == computed.value


def test_corpus_credibility_from_corroboration_and_denial(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    with Store(corpus_copy(tmp_path_factory, tmp_path)) as store:
        entries = timeline(store, topic="ceasefire")
        signal = next(
            e
            for e in entries
            if e.outlet == "The New York Times" and "signaling through intermediaries" in e.sentence
        )
        rejection = next(e for e in entries if e.outlet == "TASS" and e.event == "REJECT")
        # One origin (the NYT, copies and re-reports collapsed), denied by the Kremlin:
        # possibly true, not confirmed.
        nyt = claim_credibility(store, signal.event_id)
        assert nyt.value == 3 and nyt.independent_origins == 1
        assert rejection.event_id in nyt.contradicting_event_ids
        assert any("denied on record" in r for r in nyt.reasons)
        # Peskov's rejection itself is reported by several independent outlets.
        peskov = claim_credibility(store, rejection.event_id)
        assert peskov.value == 1 and len(peskov.corroborating_origins) >= 1
        grades = _grades(store)
        assert grades["outlet:The New York Times"].claims > 0
        assert any(k.startswith("anonymous:") and g.reliability == "F" for k, g in grades.items())
        assert "actor:peskov" in grades


def test_event_detail_names_sources_by_their_grading_keys(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    with Store(corpus_copy(tmp_path_factory, tmp_path)) as store:
        keys = {g.key for g in source_grades(store)}
        rejection = next(
            e
            for e in timeline(store, topic="ceasefire")
            if e.outlet == "TASS" and e.event == "REJECT"
        )
        steps = event_detail(store, rejection.event_id).attribution
        assert [s.source_key for s in steps] == ["outlet:TASS", "actor:peskov"]
        assert all(s.source_key in keys for s in steps)
