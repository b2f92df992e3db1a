"""The PolNeAR scorer, on a tiny hand-made set and (when present) on the dev split."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from backchannel.errors import EvalError
from backchannel.eval.attribution import (
    GoldRelation,
    evaluate,
    read_gold,
    run,
    score_doc,
)
from backchannel.extract.attribution import AttributionRelation
from backchannel.model import Span

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "dev"


def _write(root: Path, stem: str, text: str, anns: dict[str, str]) -> None:
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "attributions").mkdir(parents=True, exist_ok=True)
    (root / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
    for who, body in anns.items():
        (root / "attributions" / f"{stem}_{who}.ann").write_text(body, encoding="utf-8")


TEXT = "The mayor said the bridge would reopen. “It is safe,” an engineer said, “and tested.”"


def _ann() -> str:
    def off(s: str, start: int = 0) -> tuple[int, int]:
        i = TEXT.index(s, start)
        return i, i + len(s)

    s1, c1, t1 = off("The mayor"), off("said"), off("the bridge would reopen")
    s2 = off("an engineer")
    c2 = off("said", s2[1])
    q1, q2 = off("“It is safe,”"), off("“and tested.”")
    return "\n".join(
        [
            f"T1\tSource {s1[0]} {s1[1]}\tThe mayor",
            f"T2\tCue {c1[0]} {c1[1]}\tsaid",
            f"T3\tContent {t1[0]} {t1[1]}\tthe bridge would reopen",
            f"T4\tAttribution {c1[0]} {c1[1]}\tsaid",
            "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
            f"T5\tSource {s2[0]} {s2[1]}\tan engineer",
            f"T6\tCue {c2[0]} {c2[1]}\tsaid",
            f"T7\tContent {q1[0]} {q1[1]};{q2[0]} {q2[1]}\tquote",
            "E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5",
            "",
        ]
    )


def test_reader_picks_first_annotator_and_discontinuous_spans(tmp_path: Path) -> None:
    _write(tmp_path, "art_one", TEXT, {"b2": _ann(), "a1": _ann().replace("E2", "#E2")})
    docs = read_gold(tmp_path)
    assert len(docs) == 1
    assert docs[0].ann_path.endswith("art_one_a1.ann")
    assert len(docs[0].relations) == 1  # the a1 file has the second event commented out
    docs_b = read_gold(tmp_path)
    assert docs_b[0].relations[0].cue


def test_discontinuous_content_is_read(tmp_path: Path) -> None:
    _write(tmp_path, "art", TEXT, {"x": _ann()})
    rel = read_gold(tmp_path)[0].relations[1]
    assert len(rel.content) == 2
    assert [TEXT[a:b] for a, b in rel.content] == ["“It is safe,”", "“and tested.”"]


def test_missing_path_raises() -> None:
    with pytest.raises(EvalError):
        read_gold("/nonexistent/polnear/dev")
    with pytest.raises(EvalError):
        evaluate("/nonexistent/polnear/dev")


def test_empty_directory_raises(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    with pytest.raises(EvalError):
        read_gold(tmp_path)


def test_scoring_exact_and_overlap() -> None:
    text = "Officials said the talks had stalled completely."
    gold = [GoldRelation(source=[(0, 9)], cue=[(10, 14)], content=[(15, 48)])]
    # Content missing one word of five: overlap match, not exact.
    pred = [(frozenset({0}), frozenset({1}), frozenset({2, 3, 4, 5}))]
    counts: Counter[str] = Counter()
    score_doc(text, gold, pred, counts)
    assert counts["cue.exact.tp"] == counts["cue.overlap.tp"] == 1
    assert counts["content.exact.tp"] == 0 and counts["content.overlap.tp"] == 1
    assert counts["relation.overlap.tp"] == 1 and counts["relation.exact.tp"] == 0
    # Half or less of the longer span shared: no match.
    counts = Counter()
    score_doc(text, gold, [(frozenset({0}), frozenset({1}), frozenset({2, 3}))], counts)
    assert counts["content.overlap.tp"] == 0


def test_evaluate_and_run_on_a_small_set(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _write(tmp_path, "art", TEXT, {"x": _ann()})
    result = evaluate(tmp_path, with_errors=True)
    assert result["articles"] == 1 and result["gold_relations"] == 2
    scores = result["scores"]
    assert scores["cue"]["exact"]["f1"] == 1.0
    assert scores["source"]["overlap"]["f1"] == 1.0
    assert scores["content"]["overlap"]["f1"] == 1.0
    assert run(str(tmp_path), fmt="json") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["scores"]["cue"]["overlap"]["f1"] == 1.0
    assert run(str(tmp_path), fmt="table", show_errors=True) == 0
    assert "overlap" in capsys.readouterr().out


def test_agreement_scores_the_second_annotator_against_the_first(tmp_path: Path) -> None:
    from backchannel.eval.attribution import agreement

    # The second annotator missed the engineer's quote: one of two relations.
    _write(tmp_path, "art_one", TEXT, {"a1": _ann(), "b2": _ann().replace("E2", "#E2")})
    _write(tmp_path, "art_two", TEXT, {"a1": _ann()})  # one annotator: not counted
    found = agreement(tmp_path)
    assert found is not None and found["articles"] == 1
    cue = found["scores"]["cue"]["exact"]
    assert (cue["p"], cue["r"]) == (1.0, 0.5)
    assert agreement(tmp_path / "nothing") is None


# --- spans without a word: the ":" of a transcript or a headline ---------------------

TRANSCRIPT = "KOVAL: The ceasefire holds along the river.\nPETRENKO: It does not, and you know it."


def _at(text: str, piece: str, start: int = 0) -> tuple[int, int]:
    i = text.index(piece, start)
    return i, i + len(piece)


def _turn(text: str, label: str, speech: str) -> GoldRelation:
    source = _at(text, label)
    colon = (source[1], source[1] + 1)
    return GoldRelation(source=[source], cue=[colon], content=[_at(text, speech)])


def _predicted(text: str, source: str, cue: tuple[int, int], content: str) -> AttributionRelation:
    def span(a: int, b: int) -> Span:
        return Span(a, b, text[a:b])

    return AttributionRelation(
        id=0,
        cue=span(*cue),
        source=span(*_at(text, source)),
        content=span(*_at(text, content)),
        kind="direct",
        cue_class="assert",
        source_info=None,
    )


def _transcript_gold() -> list[GoldRelation]:
    return [
        _turn(TRANSCRIPT, "KOVAL", "The ceasefire holds along the river."),
        _turn(TRANSCRIPT, "PETRENKO", "It does not, and you know it."),
    ]


def test_a_colon_cue_is_gold_and_matches_a_colon_at_the_same_place() -> None:
    found = _predicted(TRANSCRIPT, "KOVAL", (5, 6), "The ceasefire holds along the river.")
    counts: Counter[str] = Counter()
    score_doc(TRANSCRIPT, _transcript_gold(), [found], counts)
    for mode in ("exact", "overlap"):
        # Both colons are gold cues; the one found matches, the other is a miss.
        assert (counts[f"cue_all.{mode}.tp"], counts[f"cue_all.{mode}.gold"]) == (1, 2)
        # the "cue" row keeps to cues with a word
        assert (counts[f"cue.{mode}.pred"], counts[f"cue.{mode}.gold"]) == (0, 0)
        assert (counts[f"relation.{mode}.tp"], counts[f"relation.{mode}.gold"]) == (1, 2)


def test_a_colon_elsewhere_is_no_match() -> None:
    second_colon = TRANSCRIPT.index(":", 6)
    misplaced = _predicted(
        TRANSCRIPT,
        "KOVAL",
        (second_colon, second_colon + 1),
        "The ceasefire holds along the river.",
    )
    counts: Counter[str] = Counter()
    score_doc(TRANSCRIPT, _transcript_gold()[:1], [misplaced], counts)
    assert counts["cue_all.overlap.pred"] == 1 and counts["cue_all.overlap.tp"] == 0
    assert counts["relation.overlap.tp"] == 0


def test_a_word_cue_does_not_match_a_colon_cue() -> None:
    text = "The envoy, asked about the talks: “They are over.”"
    gold = [GoldRelation(source=[_at(text, "The envoy")], cue=[_at(text, ":")],
                         content=[_at(text, "“They are over.”")])]  # fmt: skip
    asked = _predicted(text, "The envoy", _at(text, "asked"), "“They are over.”")
    counts: Counter[str] = Counter()
    score_doc(text, gold, [asked], counts)
    assert counts["cue_all.overlap.tp"] == 0 and counts["cue_all.overlap.gold"] == 1
    assert counts["cue.overlap.pred"] == 1 and counts["cue.overlap.gold"] == 0
    assert counts["relation.overlap.tp"] == 0


def test_punctuation_at_the_edge_of_a_worded_span_still_does_not_decide() -> None:
    text = "The envoy told reporters: the talks are over."
    gold = [GoldRelation(source=[_at(text, "The envoy")], cue=[_at(text, "told reporters:")],
                         content=[_at(text, "the talks are over.")])]  # fmt: skip
    found = _predicted(text, "The envoy", _at(text, "told reporters"), "the talks are over")
    counts: Counter[str] = Counter()
    score_doc(text, gold, [found], counts)
    assert counts["cue.exact.tp"] == counts["relation.exact.tp"] == 1


def test_errors_show_a_missed_colon_cue() -> None:
    errors: list[dict[str, object]] = []
    score_doc(TRANSCRIPT, _transcript_gold()[1:], [], Counter(), errors, "talk")
    assert errors == [
        {
            "doc": "talk",
            "type": "miss",
            "source": "PETRENKO",
            "cue": ":",
            "content": "It does not, and you know it",
        }
    ]


def test_a_label_opening_a_quotation_is_top_level_but_a_cue_inside_one_is_not() -> None:
    from backchannel.eval.attribution import top_level

    text = '"KOVAL: The ceasefire holds, and the envoy said so."'
    label = _predicted(text, "KOVAL", _at(text, ":"), "The ceasefire holds, and the envoy said so.")
    inner = _predicted(text, "the envoy", _at(text, "said"), "so")
    # Kept apart from the label (whose content holds it), the inner cue is still quoted.
    assert top_level([label], text) == [label]
    assert top_level([inner], text) == []
