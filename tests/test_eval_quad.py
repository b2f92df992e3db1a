"""The QuadClass evaluation: the CAMEO-root mapping, the scorer's figures and its errors.

Floors on ConfliBERT's cameo_class set live in eval_floors.toml (tests/test_eval_gate.py).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from backchannel.cli import app
from backchannel.errors import EvalError
from backchannel.eval import quad
from backchannel.extract.events import quad_class


@pytest.mark.parametrize(
    ("cameo", "expected"),
    [
        ("010", 0),  # make a public statement
        ("0211", 0),  # appeal
        ("036", 1),  # express intent to meet
        ("051", 1),
        ("0711", 2),  # provide aid
        ("084", 2),  # return, release
        ("111", 3),  # criticize
        ("1246", 3),
        ("163", 3),  # sanctions reduce relations: verbal conflict in the Phoenix scheme
        ("141", 4),  # demonstrate
        ("154", 4),
        ("173", 4),  # arrest
        ("190", 4),
        (None, 0),
    ],
)
def test_quad_class_of_cameo_roots(cameo: str | None, expected: int) -> None:
    assert quad_class(cameo) == expected


def write(tmp_path, lines: list[str]):
    path = tmp_path / "quad.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_scores_a_small_labelled_file(tmp_path) -> None:
    path = write(
        tmp_path,
        [
            "Russian artillery shelled the outskirts of Kharkiv on Monday.\t4",
            "France and Germany signed a defence cooperation agreement.\t1",
            "The weather in Geneva was mild for the season.\t0",
            "Hungary criticized the European Commission over the frozen funds.\t3",
        ],
    )
    result = quad.evaluate(path)
    assert result["sentences"] == 4
    assert sum(map(sum, result["confusion"])) == 4
    assert result["confusion"][4][4] == 1 and result["confusion"][0][0] == 1
    assert result["confusion"][3][3] == 1
    assert result["accuracy"] == pytest.approx(
        sum(result["confusion"][k][k] for k in range(5)) / 4, abs=1e-4
    )
    assert result["per_class"]["neutral"]["gold"] == 1
    assert {r["predicted"] for r in result["rows"]} <= set(result["classes"])


@pytest.mark.parametrize(
    "line",
    ["no label here", "A sentence.\t7", "\t2", "A sentence.\tthree"],
)
def test_malformed_lines_are_one_clear_error(tmp_path, line: str) -> None:
    path = write(tmp_path, ["Kyiv rejected the proposal.\t3", line])
    with pytest.raises(EvalError, match=r"quad.tsv:2: expected"):
        quad.evaluate(path)


def test_missing_and_empty_files(tmp_path) -> None:
    with pytest.raises(EvalError, match="not found"):
        quad.evaluate(tmp_path / "absent.tsv")
    with pytest.raises(EvalError, match="no labelled sentences"):
        quad.evaluate(write(tmp_path, ["", "  "]))


def test_cli_json_lists_the_errors(tmp_path) -> None:
    path = write(
        tmp_path,
        ["The weather in Geneva was mild for the season.\t4", "Russian troops shelled Kharkiv.\t4"],
    )
    result = CliRunner().invoke(app, ["eval", "quad", str(path), "--format", "json", "--errors"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["sentences"] == 2 and "rows" not in out
    assert [e["text"] for e in out["errors"]] == ["The weather in Geneva was mild for the season."]


def test_cli_bad_file_is_one_line_and_non_zero(tmp_path) -> None:
    result = CliRunner().invoke(app, ["eval", "quad", str(tmp_path / "absent.tsv")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "not found" in result.output
