"""Properties of the gold-data readers: TimeML ``.tml``, brat ``.ann``, PLOVER GSR JSON,
QuadClass TSV and role BIO files.

Each returns data whose offsets stay inside its text, or raises an
:class:`~backchannel.errors.EvalError` with a one-line message.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from _fuzz import attempt, budget
from _strategies import NEWS_SENTENCES, hostile_text, json_value
from hypothesis import given
from hypothesis import strategies as st

from backchannel.eval import attribution, events, quad, roles, timex
from backchannel.eval.attribution import GoldDoc as BratDoc
from backchannel.eval.timex import GoldDoc as TimeMLDoc

# -- TimeML ------------------------------------------------------------------------

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET", "", "bogus")
VALUES = ("2024-03-04", "2024-W10", "PXY", "2024-02-30", "", "x" * 300)


@st.composite
def tml_documents(draw: st.DrawFn) -> str:
    def timex3(inner: str) -> str:
        kind = draw(st.sampled_from(TIMEX_TYPES))
        value = draw(st.sampled_from(VALUES))
        tid = draw(st.integers(0, 9))
        return f'<TIMEX3 tid="t{tid}" type="{kind}" value="{value}">{inner}</TIMEX3>'

    broken = draw(st.integers(0, 4)) == 0  # mostly well-formed: offsets get checked too
    shapes = ("plain", "timex", "nested") + (("unclosed", "stray") if broken else ())
    pieces = []
    for _ in range(draw(st.integers(0, 6))):
        text = draw(st.one_of(st.sampled_from(NEWS_SENTENCES), hostile_text.map(_xml_text)))
        shape = draw(st.sampled_from(shapes))
        if shape == "timex":
            text = timex3(text[:40])
        elif shape == "nested":
            text = timex3(timex3(text[:20]) + " and " + text[20:40])
        elif shape == "unclosed":
            text = f'<TIMEX3 tid="t1" type="DATE">{text}'
        elif shape == "stray":
            text = f"{text}</TIMEX3>"
        pieces.append(text)
    dct_value = draw(st.sampled_from(VALUES))
    dct = f'<DCT><TIMEX3 functionInDocument="CREATION_TIME" value="{dct_value}"/></DCT>'
    body = "".join(pieces) if broken else f"<TEXT>{''.join(pieces)}</TEXT>"
    prolog, use = draw(
        st.sampled_from(
            (
                ("", ""),
                ('<?xml version="1.0"?>', "&amp;"),
                ('<?xml version="1.0" encoding="rot13"?>', ""),
                ('<!DOCTYPE TimeML [<!ENTITY e "&#x26;e;">]>', "&e;"),
                ('<!DOCTYPE TimeML [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
                ("<!DOCTYPE TimeML [" + "".join(_laugh(i) for i in range(10)) + "]>", "&l9;"),
                ("", "&undefined;"),
            )
        )
    )
    return f"{prolog}<TimeML>{dct}{use}{body}</TimeML>"


def _laugh(level: int) -> str:
    value = "lol" if level == 0 else f"&l{level - 1};" * 10
    return f'<!ENTITY l{level} "{value}">'


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def check_tml(doc: TimeMLDoc) -> None:
    for gold in doc.timexes:
        assert 0 <= gold.start <= gold.end <= len(doc.text)
        assert doc.text[gold.start : gold.end] == gold.text


@budget(150)
@given(text=tml_documents())
def test_timeml_ends_in_gold_or_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.tml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = attempt("TimeML", lambda: timex.load_tml(path))
    if isinstance(result, TimeMLDoc):
        check_tml(result)


# -- brat --------------------------------------------------------------------------

LABELS = ("Source", "Cue", "Content", "Other", "")
ROLES = ("Source", "Cue", "Content", "Content2", "Bogus", "")


@st.composite
def ann_files(draw: st.DrawFn) -> str:
    offsets = st.integers(-5, 10**12) | st.integers(0, 200)
    lines = []
    for n in range(draw(st.integers(0, 8))):
        frags = draw(st.lists(st.tuples(offsets, offsets), min_size=1, max_size=3))
        ranges = ";".join(f"{a} {b}" for a, b in frags)
        garbage = draw(st.sampled_from((ranges,) * 30 + ("1", "a b", "1 2 3", "", "0 5;")))
        lines.append(f"T{n}\t{draw(st.sampled_from(LABELS))} {garbage}\tsome text")
    for n in range(draw(st.integers(0, 4))):
        args = draw(
            st.lists(
                st.builds("{}:T{}".format, st.sampled_from(ROLES), st.integers(0, 10)), max_size=4
            )
        )
        lines.append(f"E{n}\tAttribution:T0 {' '.join(args)}")
    lines += draw(st.lists(st.sampled_from(("", "garbage", "\t", "R1\tx", "#\tnote")), max_size=3))
    return "\n".join(draw(st.permutations(lines)))


@budget(120)
@given(
    text=st.one_of(hostile_text, st.sampled_from(NEWS_SENTENCES)),
    ann=ann_files(),
    bad_bytes=st.sampled_from((b"", b"", b"\xff\xfe", b"\xed\xa0\x80")),
)
def test_brat_ends_in_gold_or_a_clear_error(
    tmp_path: Path, text: str, ann: str, bad_bytes: bytes
) -> None:
    (tmp_path / "text").mkdir(exist_ok=True)
    (tmp_path / "attributions").mkdir(exist_ok=True)
    (tmp_path / "text" / "story.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
    (tmp_path / "attributions" / "story_A.ann").write_bytes(ann.encode() + bad_bytes)
    result = attempt("brat", lambda: attribution.read_gold(tmp_path))
    if isinstance(result, list):
        for doc in result:
            assert isinstance(doc, BratDoc)
            # Scoring the gold against itself must survive any offsets it holds.
            words = attribution._Words(doc.text)
            sets = [
                (words.of(g.source) or None, words.of(g.cue), words.of(g.content) or None)
                for g in doc.relations
            ]
            counts: Counter[str] = Counter()
            attribution.score_doc(doc.text, doc.relations, sets, counts, errors=[])
            assert counts["relation.exact.tp"] <= counts["relation.exact.gold"]


# -- PLOVER GSR JSON -----------------------------------------------------------------

gsr_records = st.fixed_dictionaries(
    {
        "text": st.one_of(
            st.sampled_from(NEWS_SENTENCES), st.sampled_from(NEWS_SENTENCES), json_value
        ),
        "event": st.one_of(st.sampled_from(("AGREE", "THREATEN")), json_value),
    },
    optional={
        "id": json_value,
        "textInfo": st.one_of(
            st.fixed_dictionaries({}, optional={"markup": json_value}), json_value
        ),
        "source": st.one_of(
            st.lists(st.fixed_dictionaries({}, optional={"code": json_value}), max_size=2),
            json_value,
        ),
        "target": json_value,
    },
)


@budget(120)
@given(
    data=st.one_of(
        st.lists(st.one_of(gsr_records, json_value), max_size=6).map(json.dumps),
        json_value.map(json.dumps),
        st.sampled_from(("", "[", "[{}]", "\xff", "[" * 50_000)),
    )
)
def test_gsr_ends_in_well_formed_records_or_a_clear_error(tmp_path: Path, data: str) -> None:
    path = tmp_path / "gold.json"
    path.write_bytes(data.encode("utf-8", "surrogatepass"))
    result = attempt("PLOVER GSR", lambda: events.load_records(str(path)))
    if isinstance(result, list):
        for record in result:
            _check_gsr(record)


def _check_gsr(record: dict[str, Any]) -> None:
    """The fields ``evaluate`` reads have the types it reads them as."""
    assert isinstance(record["text"], str) and record["text"].strip()
    assert isinstance(record["event"], str)
    markup = record.get("textInfo", {}).get("markup", "")
    assert isinstance(markup, str)
    events._evt_spans(record["text"], markup)
    for side in ("source", "target"):
        for actor in events._gold_side(record.get(side)):
            events._country(actor.get("code"))


# -- QuadClass TSV and role BIO ---------------------------------------------------------

tsv_lines = st.one_of(
    st.builds("{}\t{}".format, st.sampled_from(NEWS_SENTENCES), st.integers(-1, 5)),
    st.builds("{}\t{}".format, hostile_text, st.sampled_from(("0", "4", "x", ""))),
    hostile_text,
)


@budget(80)
@given(
    lines=st.lists(tsv_lines, max_size=6),
    bad_bytes=st.sampled_from((b"", b"", b"\xff\xfe")),
)
def test_quad_tsv_ends_in_labelled_sentences_or_a_clear_error(
    tmp_path: Path, lines: list[str], bad_bytes: bytes
) -> None:
    path = tmp_path / "quad.tsv"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + bad_bytes)
    result = attempt("QuadClass TSV", lambda: quad.load_sentences(path))
    if isinstance(result, list):
        assert result and all(text.strip() and 0 <= label <= 4 for text, label in result)


bio_tags = st.sampled_from(("O", "O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R", "B-X", ""))
bio_lines = st.one_of(
    st.builds("{} {}".format, st.sampled_from(("Kyiv", "troops", ",", "’s", "said")), bio_tags),
    st.builds("{} {}".format, hostile_text.map(lambda t: t.replace("\n", " ")[:12]), bio_tags),
    st.sampled_from(("", "", "one", "a b c")),
)


@budget(80)
@given(lines=st.lists(bio_lines, max_size=12))
def test_role_bio_ends_in_spans_inside_their_sentence_or_a_clear_error(
    tmp_path: Path, lines: list[str]
) -> None:
    path = tmp_path / "roles.txt"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    result = attempt("role BIO", lambda: roles.load_sentences(path))
    if isinstance(result, list):
        for sentence in result:
            for spans in sentence.spans.values():
                for start, end in spans:
                    assert 0 <= start < end <= len(sentence.text)
                    assert sentence.text[start:end].strip() == sentence.text[start:end]
