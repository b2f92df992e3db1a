"""Properties of the JSONL, CSV and standard-input readers of ``ingest``.

Each line or row becomes exactly one record, named ``FILE:LINE``, that the ``read``
stage turns into a document or a failure with a code; nothing a row says (an ``id``,
a ``path``) is ever read or written as a file.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from _fuzz import attempt, budget, check_records, read_records
from _strategies import NEWS_SENTENCES, hostile_text, json_value, odd_scalar
from hypothesis import given
from hypothesis import strategies as st

from backchannel import ingest
from backchannel.errors import BackchannelError

FIELDS = ("title", "body", "text", "outlet", "url", "published", "id", "path", "source", "")
TRAVERSALS = ("../../escape.txt", "/etc/passwd", "file:///etc/passwd", "..\\..\\escape.txt")


# -- JSONL -------------------------------------------------------------------------

rows = st.dictionaries(
    st.sampled_from(FIELDS),
    st.one_of(json_value, st.sampled_from(NEWS_SENTENCES), st.sampled_from(TRAVERSALS)),
    max_size=6,
)
raw_lines = st.sampled_from(
    (
        "",
        "   ",
        "not json",
        "[1, 2]",
        "null",
        '{"body": ' + "9" * 5000 + "}",
        "[" * 100_000,
        '{"body": "x"',
        '{"body": "\\ud800 lone"}',
        '{"body": NaN}',
        "\x00",
        '\ufeff{"body": "bom"}',
        json.dumps({f"column {i}": i for i in range(300)}),
        json.dumps({"x" * 10_000: "a key as long as an article"}),
    )
)


@st.composite
def jsonl_files(draw: st.DrawFn) -> str:
    lines = draw(
        st.lists(
            st.one_of(
                st.builds(
                    lambda row, ascii_: json.dumps(row, ensure_ascii=ascii_), rows, st.booleans()
                ),
                raw_lines,
            ),
            max_size=8,
        )
    )
    return draw(st.sampled_from(("\n", "\r\n"))).join(lines)


def mapping_pairs() -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.builds(
            "{}={}".format,
            st.sampled_from(("headline", "content", "missing", "id", "body", "title")),
            st.sampled_from(("title", "body", "outlet", "url", "published")),
        ),
        max_size=3,
    )


@budget(120)
@given(text=jsonl_files(), pairs=mapping_pairs())
def test_jsonl_rows_end_in_documents_or_failures(
    tmp_path: Path, text: str, pairs: list[str]
) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    mapping = ingest.parse_mapping(pairs)
    done = attempt(
        "JSONL", lambda: read_records(list(ingest.iter_inputs([str(path)], mapping=mapping)))
    )
    assert not isinstance(done, BackchannelError), "bad rows are failures, not a stopped run"
    if text.encode("utf-8", "surrogatepass") != text.encode("utf-8", "replace"):
        assert [r["source"] for r in done] == [str(path)], "one failure for an undecodable file"
        assert done[0]["failure"].code == "BC104"
        return
    numbers = [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    check_records(done, "JSONL", [f"{path}:{n}" for n in numbers])


@budget(60)
@given(
    row=st.dictionaries(st.sampled_from(FIELDS), st.text(), min_size=1).filter(
        lambda r: any(isinstance(v, str) and v.strip() for v in r.values())
    ),
    ascii_=st.booleans(),
)
def test_jsonl_keeps_any_json_string_whole(
    tmp_path: Path, row: dict[str, str], ascii_: bool
) -> None:
    # U+2028, U+0085 and \x1e are legal unescaped inside JSON strings.
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=ascii_) + "\n", encoding="utf-8")
    (record,) = attempt("JSONL (round trip)", lambda: list(ingest.iter_inputs([str(path)])))
    body = row.get("body") or row.get("text")
    if isinstance(body, str) and body.strip():
        assert record["body"] == body
    else:
        assert record["failure"].code == "BC102"


# -- CSV ---------------------------------------------------------------------------


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=5))
    cells = st.one_of(
        odd_scalar.map(str), hostile_text, st.sampled_from(NEWS_SENTENCES + TRAVERSALS)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 5))):
        width = draw(st.integers(0, len(header) + 2))  # ragged rows
        writer.writerow([draw(cells) for _ in range(width)])
    text = buffer.getvalue()
    garbage = draw(st.sampled_from(("", '"unclosed,quote\n', "a,\x00,b\n", 'x"y,"z\n', "\r")))
    return text + garbage


@budget(100)
@given(text=csv_files(), pairs=mapping_pairs())
def test_csv_rows_end_in_documents_or_failures(tmp_path: Path, text: str, pairs: list[str]) -> None:
    path = tmp_path / "batch.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    mapping = ingest.parse_mapping(pairs)
    done = attempt(
        "CSV", lambda: read_records(list(ingest.iter_inputs([str(path)], mapping=mapping)))
    )
    assert not isinstance(done, BackchannelError)
    for record in done:
        assert record["source"] == str(path) or record["source"].startswith(f"{path}:")
    check_records(done, "CSV", [r["source"] for r in done])


# -- standard input ------------------------------------------------------------------


@budget(80)
@given(text=st.one_of(jsonl_files(), hostile_text))
def test_stdin_ends_in_documents_or_failures(text: str) -> None:
    stream = io.StringIO(text)
    done = attempt("stdin", lambda: read_records(list(ingest.iter_inputs(["-"], stdin=stream))))
    assert not isinstance(done, BackchannelError)
    check_records(done, "stdin", [r["source"] for r in done])
    assert all(r["source"].startswith("<stdin>") for r in done)


# -- --map and failures files ------------------------------------------------------


@budget(100)
@given(
    pairs=st.lists(
        st.one_of(st.text(max_size=20), st.sampled_from(("a=body", "=", "x=TEXT"))), max_size=4
    )
)
def test_map_options_parse_or_fail_clearly(pairs: list[str]) -> None:
    result = attempt("--map", lambda: ingest.parse_mapping(pairs))
    if isinstance(result, dict):
        assert set(result.values()) <= set(ingest.BATCH_FIELDS)


@budget(80)
@given(
    text=st.one_of(jsonl_files(), hostile_text),
    tail=st.sampled_from((b"", b"\xff", b"\xed\xa0\x80", b'\n{"source": "x"}')),
)
def test_failures_files_read_or_fail_clearly(tmp_path: Path, text: str, tail: bytes) -> None:
    path = tmp_path / "failures.jsonl"
    path.write_bytes(text.encode("utf-8", "surrogatepass") + tail)
    result = attempt("failures file (--retry)", lambda: ingest.read_failures(path))
    if isinstance(result, list):
        assert all(isinstance(source, str) and source for source in result)
        assert len(set(result)) == len(result)
