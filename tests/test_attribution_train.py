"""The shipped cue model, and retraining it on a tiny brat set written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.extract import _attribution_train as train
from backchannel.extract._attribution_lexicon import cue_model, cue_stats

DATA = Path(train.__file__).resolve().parents[1] / "data" / "attribution"

# (source, cue, content) sentences written for this test, and sentences without one.
REPORTS = [
    ("The minister", "said", "the talks would resume next week"),
    ("A spokesman", "said", "the border crossing was closed"),
    ("The general", "claimed", "his troops had taken the ridge"),
    ("Two diplomats", "said", "a ceasefire was under discussion"),
    ("The mayor", "claimed", "the shelling had stopped overnight"),
    ("The envoy", "said", "both sides wanted a deal"),
]
PLAIN = [
    "The minister signed the treaty in the afternoon.",
    "The general moved his troops to the ridge.",
    "The mayor opened the shelters before dawn.",
    "A spokesman closed the briefing early.",
]


def _write_split(
    root: Path,
    articles: int = 3,
    reports: list[tuple[str, str, str]] = REPORTS,
    link: str = " that ",
) -> None:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for k in range(articles):
        text = ""
        ann: list[str] = []
        for j, (src, cue, content) in enumerate(reports):
            plain = PLAIN[(j + k) % len(PLAIN)]
            sentence = f"{src} {cue}{link}{content}. "
            base = len(text)
            spans = {
                "Source": (base, base + len(src)),
                "Cue": (base + len(src) + 1, base + len(src) + 1 + len(cue)),
            }
            start = base + sentence.index(content)
            spans["Content"] = (start, start + len(content))
            n = len(ann)
            ids = {}
            for i, (label, (a, b)) in enumerate(spans.items(), start=n + 1):
                ann.append(f"T{i}\t{label} {a} {b}\t{(text + sentence)[a:b]}")
                ids[label] = f"T{i}"
            ann.append(
                f"E{j + 1}\tAttribution:{ids['Cue']} Source:{ids['Source']} "
                f"Cue:{ids['Cue']} Content:{ids['Content']}"
            )
            text += sentence + plain + "\n\n"
        (root / "text" / f"art{k}.txt").write_text(text, encoding="utf-8")
        (root / "attributions" / f"art{k}_a.ann").write_text("\n".join(ann) + "\n")


def test_shipped_weights_load_and_stay_small() -> None:
    weights = cue_model()
    assert "BIAS" in weights
    assert weights["L=say|F=ccomp"] > 0  # the commonest cue in its commonest frame
    assert ("say", "VERB", "ccomp") in cue_stats()
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 5_000_000


def test_retraining_on_a_tiny_brat_set_learns_its_cues(tmp_path: Path) -> None:
    from backchannel.eval.attribution import read_gold

    _write_split(tmp_path / "train")
    golds = read_gold(tmp_path / "train")
    assert len(golds) == 3 and all(len(g.relations) == len(REPORTS) for g in golds)
    weights = train.learn_cue_model(golds)

    def score(lemma: str, frame: str) -> float:
        return weights.get(f"L={lemma}", 0.0) + weights.get(f"L={lemma}|F={frame}", 0.0)

    assert score("say", "ccomp") > 0 > score("sign", "dobj")
    assert score("claim", "ccomp") > score("move", "dobj")


def test_entry_point_writes_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_split(tmp_path / "train", articles=2)
    out = tmp_path / "model"
    assert train.main([str(tmp_path / "train"), "--out", str(out)]) == 0
    lexicon = (out / "cues.tsv").read_text(encoding="utf-8").splitlines()
    assert any(row.startswith("say\tVERB\tccomp\t") for row in lexicon)
    model = dict(
        row.rsplit("\t", 1)
        for row in (out / "cue_model.tsv").read_text(encoding="utf-8").splitlines()
        if not row.startswith("#")
    )
    assert "BIAS" in model and float(model["L=say"]) > 0
    assert (out / "edge_model.tsv").read_text(encoding="utf-8").startswith("# feature")
    assert "lexicon rows" in capsys.readouterr().out


def test_edge_examples_are_labelled_by_the_gold_content(tmp_path: Path) -> None:
    from backchannel.eval.attribution import read_gold

    _write_split(tmp_path / "train", articles=2)
    golds = read_gold(tmp_path / "train")
    examples = train.edge_examples(golds, train._parse(golds, None))
    # "said that the talks would resume next week": "next week" trails the clause's
    # head and is inside the gold content.
    trailing = [e for e in examples if "S=trim|D=npadvmod" in e.features]
    assert trailing and all(e.positive for e in trailing)
    assert {e.doc_index for e in examples} == {0, 1}


def test_entry_point_reports_a_bad_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert train.main([str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1


def test_entry_point_never_overwrites_the_shipped_tables_unasked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_split(tmp_path / "train", articles=2)
    shipped = {p.name: p.read_bytes() for p in train._data_dir().glob("*.tsv")}
    assert train.main([str(tmp_path / "train")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: pass --out DIR") and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in train._data_dir().glob("*.tsv")} == shipped


def test_entry_point_refuses_a_parse_of_another_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from spacy.tokens import DocBin

    from backchannel.nlp import load_nlp

    _write_split(tmp_path / "train", articles=2)
    parsed = DocBin(docs=[load_nlp()("One article only.")])
    parsed.to_disk(tmp_path / "other.spacy")
    args = [str(tmp_path / "train"), "--out", str(tmp_path / "m")]
    assert train.main([*args, "--docbin", str(tmp_path / "other.spacy")]) == 2
    assert train.main([*args, "--docbin", str(tmp_path / "absent.spacy")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith("error:") for line in err)
    assert not (tmp_path / "m").exists()


def test_cue_nouns_count_the_objects_inside_gold_cues(tmp_path: Path) -> None:
    reports = [
        ("The ministry", "issued a statement", "the convoy had been attacked"),
        ("The army", "issued a statement", "the bridge was closed"),
        ("The mayor", "issued a statement", "the shelters were open"),
    ]
    from backchannel.eval.attribution import read_gold

    _write_split(tmp_path / "train", articles=2, reports=reports)
    rows = train.learn_cue_nouns(read_gold(tmp_path / "train"))
    assert ("statement", 6, 6) in rows
    train.write_cue_nouns(rows, tmp_path / "cue_nouns.tsv")
    text = (tmp_path / "cue_nouns.tsv").read_text(encoding="utf-8")
    assert text.startswith("#") and "statement\t6\t6" in text
