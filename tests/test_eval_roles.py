"""The event-role evaluation (source/target/reciprocal BIO spans): reading and scoring.

Floors on ConfliBERT's cameo_ner set live in eval_floors.toml (tests/test_eval_gate.py).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from backchannel.cli import app
from backchannel.errors import EvalError
from backchannel.eval import roles


def bio(*sentences: list[tuple[str, str]]) -> str:
    return "\n\n".join("\n".join(f"{tok} {tag}" for tok, tag in s) for s in sentences) + "\n"


SHELLING = [("Russian", "B-S"), ("artillery", "I-S"), ("shelled", "O"), ("Kharkiv", "B-T"),
            (".", "O")]  # fmt: skip
MEETING = [("Macron", "B-R"), ("met", "O"), ("Scholz", "B-R"), ("in", "O"), ("Berlin", "O"),
           (".", "O")]  # fmt: skip
STRAY_I = [("the", "O"), ("Polish", "I-T"), ("government", "I-T"), ("said", "O")]


def test_reads_spans_as_offsets_of_the_space_joined_sentence(tmp_path) -> None:
    path = tmp_path / "roles.txt"
    path.write_text(bio(SHELLING, MEETING, STRAY_I), encoding="utf-8")
    first, second, third = roles.load_sentences(path)
    assert first.text == "Russian artillery shelled Kharkiv ."
    assert [first.text[a:b] for a, b in first.spans["S"]] == ["Russian artillery"]
    assert [first.text[a:b] for a, b in first.spans["T"]] == ["Kharkiv"]
    assert [second.text[a:b] for a, b in second.spans["R"]] == ["Macron", "Scholz"]
    assert [third.text[a:b] for a, b in third.spans["T"]] == ["Polish government"]


def test_scores_sources_targets_and_reciprocal_spans(tmp_path) -> None:
    path = tmp_path / "roles.txt"
    path.write_text(bio(SHELLING, MEETING), encoding="utf-8")
    result = roles.evaluate(path)
    assert result["sentences"] == 2
    assert result["source"]["gold"] == 1 and result["target"]["gold"] == 1
    assert result["source"]["tp"] >= 1  # "Russian artillery" is the shelling's actor
    assert result["reciprocal_recall"] > 0  # one of the two who met is found
    assert result["roles"]["gold"] == 4
    assert 0 <= result["roles"]["f1"] <= 1


@pytest.mark.parametrize("line", ["Kyiv B-X", "just-one-field", "too many fields O"])
def test_malformed_lines_are_one_clear_error(tmp_path, line: str) -> None:
    path = tmp_path / "roles.txt"
    path.write_text(f"Kyiv B-S\nprotested O\n{line}\n", encoding="utf-8")
    with pytest.raises(EvalError, match=r"roles.txt:3: expected"):
        roles.evaluate(path)


def test_missing_and_empty_files(tmp_path) -> None:
    with pytest.raises(EvalError, match="not found"):
        roles.evaluate(tmp_path / "absent.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(EvalError, match="no sentences"):
        roles.evaluate(empty)


def test_cli_table_and_json(tmp_path) -> None:
    path = tmp_path / "roles.txt"
    path.write_text(bio(SHELLING), encoding="utf-8")
    table = CliRunner().invoke(app, ["eval", "roles", str(path)])
    assert table.exit_code == 0 and "source" in table.output
    out = CliRunner().invoke(app, ["eval", "roles", str(path), "--format", "json", "--errors"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["sentences"] == 1 and isinstance(data["errors"], list)
