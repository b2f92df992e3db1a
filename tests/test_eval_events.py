"""The PLOVER event evaluation: error handling everywhere, score floors where the data is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backchannel.errors import EvalError
from backchannel.eval import events as ev_eval

DATA = Path(__file__).parents[1] / ".." / "shared" / "data"
GSR = DATA / "plover-gsr" / "PLOVER_GSR_dev.json"

# Score floors on the GSR live in eval_floors.toml (tests/test_eval_gate.py); these
# tests cover the scorer's mechanics and errors.


def test_missing_file_raises(tmp_path):
    with pytest.raises(EvalError):
        ev_eval.evaluate(str(tmp_path / "nope.json"))


def test_bad_json_raises(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(EvalError):
        ev_eval.evaluate(str(p))
    p.write_text(json.dumps({"a": 1}), encoding="utf-8")
    with pytest.raises(EvalError):
        ev_eval.evaluate(str(p))


def test_small_file_scores(tmp_path, capsys):
    records = [
        {"id": "header", "event": "DOCUMENT"},
        {
            "id": "r1",
            "text": "Russia rejected a proposal from Ukraine.",
            "event": "REJECT",
            "source": [{"actorText": "Russia", "code": "RUS"}],
            "target": [{"actorText": "Ukraine", "code": "UKR"}],
            "textInfo": {"markup": "(SRC: Russia) (EVT: rejected) a proposal from (TAR: Ukraine)."},
        },
        {
            "id": "r2",
            "text": "Polish troops shelled the town.",
            "event": "FIGHT",
            "source": [{"actorText": "Polish troops", "code": "POL", "sector": "MIL"}],
            "target": "",
            "textInfo": {"markup": "(SRC: Polish troops) (EVT: shelled) the town."},
        },
    ]
    p = tmp_path / "gsr.json"
    p.write_text(json.dumps(records), encoding="utf-8")
    result = ev_eval.evaluate(str(p))
    assert result["records"] == 2
    assert result["event_accuracy"] == 1.0  # FIGHT is mapped to ASSAULT
    assert result["source_country_accuracy"] == 1.0
    assert result["target_country_accuracy"] == 1.0 and result["target_records"] == 1
    assert result["empty_target_records"] == 1
    assert ev_eval.run(str(p), fmt="json", show_errors=True) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["records"] == 2 and out["errors"] == []
    assert ev_eval.run(str(p), fmt="table", show_errors=True) == 0
    assert "event-type accuracy" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("country", "sector", "expected"),
    [
        ("RUS", "GOV", "RUS"),
        ("OAS", None, "IGO"),  # a body, not a state, whatever its sector
        ("NATO", "MIL", "IGO"),
        ("MSF", "MED", "IGO"),
        ("IMG", None, "IMG"),  # CAMEO's militarized groups stay as the gold writes them
    ],
)
def test_predicted_bodies_count_as_igo(country, sector, expected):
    from types import SimpleNamespace

    actor = SimpleNamespace(country=country, sector=sector)
    assert ev_eval._pred_country(actor, frozenset({"RUS", "UKR"})) == expected
