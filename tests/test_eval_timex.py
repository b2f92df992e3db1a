"""The TIMEX3 evaluation: scorer mechanics on a tiny file (floors live in eval_floors.toml)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from backchannel.errors import EvalError
from backchannel.eval.timex import evaluate, load_tml, run
from backchannel.extract.timex import find_timexes, latest_explicit_date

SHARED = Path(__file__).parents[1] / ".." / "shared"
TEMPEVAL = SHARED / "data" / "tempeval3" / "TBAQ-cleaned"
SEED = SHARED / "seed" / "000_922dd51790dd40dd.txt"

TINY = """<?xml version="1.0" ?>
<TimeML>
<DOCID>tiny</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-12-25"
 functionInDocument="CREATION_TIME">2023-12-25</TIMEX3></DCT>
<TEXT>Envoys met <TIMEX3 tid="t1" type="DATE" value="2023-12-22">Friday</TIMEX3> after
<TIMEX3 tid="t2" type="DURATION" value="P3M">three months</TIMEX3> of silence, and will
meet again <TIMEX3 tid="t3" type="DATE" value="2024-01">in January</TIMEX3> in Geneva.</TEXT>
</TimeML>
"""


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "tiny.tml").write_text(TINY, encoding="utf-8")
    return tmp_path


def test_load_tml_offsets(tiny_dir: Path) -> None:
    doc = load_tml(tiny_dir / "sub" / "tiny.tml")
    assert doc.dct == dt.date(2023, 12, 25)
    assert [g.text for g in doc.timexes] == ["Friday", "three months", "in January"]
    for g in doc.timexes:
        assert doc.text[g.start : g.end] == g.text


def test_evaluate_strict_and_relaxed(tiny_dir: Path) -> None:
    result = evaluate(str(tiny_dir))
    overall = result["overall"]
    assert result["documents"] == 1
    assert overall["gold"] == 3 and overall["system"] == 3
    # "in January" vs our "January": a relaxed match only.
    assert overall["relaxed"]["f1"] == 1.0
    assert overall["strict"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert overall["value_f1"] == 1.0
    assert result["per_type"]["DURATION"]["relaxed"]["f1"] == 1.0
    kinds = {e["kind"] for e in result["errors"]}
    assert kinds == {"mismatch"}


def test_run_json_and_table(tiny_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(tiny_dir), fmt="json") == 0
    data = json.loads(capsys.readouterr().out)
    assert "errors" not in data and data["overall"]["value_f1"] == 1.0
    assert run(tiny_dir, fmt="table", show_errors=True) == 0  # a Path works too
    out = capsys.readouterr().out
    assert "overall" in out and "mismatch" in out


def test_bad_paths_raise_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="not found"):
        evaluate(str(tmp_path / "missing"))
    with pytest.raises(EvalError, match=r"no \.tml"):
        evaluate(str(tmp_path))
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>unclosed", encoding="utf-8")
    with pytest.raises(EvalError):
        evaluate(str(tmp_path))
    with pytest.raises(EvalError, match="format"):
        run(str(tmp_path), fmt="yaml")


@pytest.mark.seed
def test_seed_article() -> None:
    if not SEED.is_file():
        pytest.skip(f"../shared/seed not present: {SEED}")
    text = SEED.read_text(encoding="utf-8")
    assert latest_explicit_date(text) is not None
    assert latest_explicit_date(text) >= dt.date(2023, 12, 24)  # type: ignore[operator]
    values = {t.value for t in find_timexes(text, dt.date(2023, 12, 25))}
    assert {"2023-12-19", "2023-12-24", "2023-09", "2022-FA", "2023-FA", "P2Y"} <= values
