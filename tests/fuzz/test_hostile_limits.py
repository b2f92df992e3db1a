"""Hostile inputs at the edges: size limits (time and memory bounded), path traversal
from names inside inputs, and what the CLI shows when it meets them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _fuzz import attempt, check_error

from backchannel import ingest
from backchannel.documents import (
    MAX_BODY_CHARS,
    MAX_DOCUMENT_BYTES,
    MAX_FRONT_MATTER_CHARS,
    read_document,
)
from backchannel.errors import BackchannelError
from backchannel.ingest import MAX_FEED_BYTES, MAX_RECORD_CHARS, FetchSettings
from backchannel.model import Ledger
from backchannel.store import Store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")

MB = 1_000_000
STORY = "Envoys met in Geneva on Monday. Iran said it would not sign; officials said talks go on."


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk (limits are checked before reading)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _laughs_yaml(depth: int, width: int) -> str:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]" for i in range(1, depth)]
    return "\n".join(lines) + f"\ntitle: *l{depth - 1}\n"


def _feed_records(path: Path) -> list[dict[str, Any]]:
    return list(ingest.iter_inputs([str(path)], fetch=FetchSettings(enabled=False)))


# name -> (build the input under a folder, read it, expected error code or None,
#          peak Python memory allowed in bytes, seconds allowed)
BIG_INPUTS: dict[
    str, tuple[Callable[[Path], Path], Callable[[Path], Any], str | None, int, float]
] = {
    "article file over the byte limit": (
        lambda d: _sparse(d / "huge.txt", MAX_DOCUMENT_BYTES + 1),
        read_document,
        "BC105",
        1 * MB,  # refused from its size alone, never read
        2.0,
    ),
    "5 MB of one line of words": (
        lambda d: _write(d / "line.txt", b"word " * (MAX_DOCUMENT_BYTES // 5)),
        read_document,
        "BC105",
        80 * MB,
        2.0,
    ),
    "billion laughs in front matter": (
        lambda d: _write(d / "laughs.md", f"---\n{_laughs_yaml(9, 9)}---\n{STORY}\n".encode()),
        read_document,
        "BC106",
        2 * MB,
        2.0,
    ),
    "front matter over its limit": (
        lambda d: _write(
            d / "big.md", f"---\nnote: {'x' * MAX_FRONT_MATTER_CHARS}\n---\n{STORY}\n".encode()
        ),
        read_document,
        "BC105",
        2 * MB,
        2.0,
    ),
    "4 MB of nested HTML": (
        lambda d: _write(d / "deep.html", b"<html><body>" + b"<div><b>" * 400_000 + STORY.encode()),
        read_document,
        None,  # a document or an error: either way bounded
        64 * MB,
        15.0,
    ),
    "feed file over the byte limit": (
        lambda d: _sparse(d / "huge.xml", MAX_FEED_BYTES + 1),
        _feed_records,
        "BC105",
        1 * MB,
        2.0,
    ),
    "feed with a billion laughs": (
        lambda d: _write(
            d / "laughs.rss",
            (
                '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol">'
                + "".join(
                    f'<!ENTITY {c} "{f"&{p};" * 10}">'
                    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
                )
                + ']><rss version="2.0"><channel><title>&i;</title><item><title>&i;</title>'
                "<description>&i;</description></item></channel></rss>"
            ).encode(),
        ),
        _feed_records,
        "BC109",
        5 * MB,
        2.0,
    ),
    "JSONL record over the size limit": (
        lambda d: _write(
            d / "big.jsonl", json.dumps({"body": "w " * (MAX_RECORD_CHARS // 2 + 1)}).encode()
        ),
        _feed_records,
        "BC105",
        80 * MB,
        2.0,
    ),
    "JSONL nested 100,000 deep": (
        lambda d: _write(d / "deep.jsonl", b"[" * 100_000 + b"\n" + b'{"body": "x"' * 1000),
        _feed_records,
        "BC108",
        20 * MB,
        2.0,
    ),
    "CSV field over the size limit": (
        lambda d: _write(
            d / "big.csv", b'title,body\nT,"' + b"w " * (MAX_RECORD_CHARS // 2 + 1) + b'"\n'
        ),
        _feed_records,
        "BC105",
        80 * MB,
        2.0,
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(BIG_INPUTS))
def test_big_inputs_take_bounded_time_and_memory(tmp_path: Path, name: str) -> None:
    build, read, code, peak_allowed, seconds = BIG_INPUTS[name]
    path = build(tmp_path)
    tracemalloc.start()
    try:
        result = attempt(f"big inputs ({name})", lambda: read(path), seconds=seconds)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= peak_allowed, f"{name}: peak {peak / MB:.1f} MB > {peak_allowed / MB:.0f} MB"
    if code is None:
        return
    if isinstance(result, list):  # batch and feed readers report failures as records
        failures = [r["failure"] for r in result if "failure" in r]
        assert failures and failures[0].code == code, result[:2]
    else:
        assert isinstance(result, BackchannelError) and result.code == code, result
        check_error(result)


def test_body_limit_is_enforced_for_text_in_memory() -> None:
    from backchannel.documents import make_document

    with pytest.raises(BackchannelError) as caught:
        make_document("Title", "word " * (MAX_BODY_CHARS // 5 + 1))
    assert caught.value.code == "BC105"
    with pytest.raises(BackchannelError) as caught:
        make_document("Title", STORY + " " + "!?" * 400)
    assert caught.value.code == "BC105"  # a run of symbols that spaCy splits in O(n²)


# -- path traversal ------------------------------------------------------------------

TRAVERSALS = ("../../escape.txt", "../escape.txt", "/etc/passwd", "file:///etc/passwd")


def _tree(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_names_inside_inputs_never_become_files_read_or_written(
    tmp_path: Path, tmp_db: str
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    secret = tmp_path / "escape.txt"  # what a "../escape.txt" inside inbox/ would reach
    secret.write_text("SECRET-7f3a " + STORY, encoding="utf-8")
    rows = [
        {"id": name, "path": name, "source": name, "title": name, "body": f"{STORY} ({i})"}
        for i, name in enumerate(TRAVERSALS)
    ]
    (inbox / "rows.jsonl").write_text("\n".join(map(json.dumps, rows)), encoding="utf-8")
    items = "".join(
        f"<item><title>{name}</title><link>{name}</link><description>{STORY} [{i}]</description>"
        "</item>"
        for i, name in enumerate(TRAVERSALS)
    )
    empty_items = "".join(f"<item><link>{name}</link></item>" for name in TRAVERSALS)
    (inbox / "feed.rss").write_text(
        f'<rss version="2.0"><channel><title>../../x</title>{items}{empty_items}</channel></rss>',
        encoding="utf-8",
    )
    failures_file = tmp_path / "out" / "failures.jsonl"
    failures_file.parent.mkdir()
    before = _tree(tmp_path.parent)
    with Store(tmp_db) as store:
        report = ingest.ingest([str(inbox)], store, workers=1, fetch=FetchSettings(enabled=False))
        documents = store.documents()
    ingest.write_failures(report.failures, failures_file)
    created = _tree(tmp_path.parent) - before
    assert created <= {failures_file} | {
        p for p in created if p.parent == tmp_path and p.name.startswith("ledger.db")
    }, created
    assert report.ingested == len(TRAVERSALS) * 2, report.to_dict()
    assert "SECRET-7f3a" not in json.dumps(documents, default=str)
    # Every failure names an input of ours: nothing a retry could read elsewhere.
    for source in ingest.read_failures(failures_file):
        assert source.startswith(str(inbox)), source


# -- the CLI ---------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "backchannel", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def _check_one_line_errors(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "the failure must be reported"
    for line in lines:
        assert line.startswith("error[BC"), line


def test_cli_reports_hostile_files_in_one_line_and_keeps_the_store(
    tmp_path: Path, tmp_db: str, sample_ledger: Ledger
) -> None:
    with Store(tmp_db) as store:
        store.save_ledger(sample_ledger)
        counts = store.counts()
    laughs = tmp_path / "laughs.md"
    laughs.write_text(f"---\n{_laughs_yaml(9, 9)}---\n{STORY}\n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    analyzed = _cli("analyze", str(laughs), str(binary), "--db", tmp_db)
    assert analyzed.returncode != 0
    _check_one_line_errors(analyzed.stderr)
    assert len(analyzed.stderr.strip().splitlines()) == 2

    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"body": ' + "9" * 5000 + "}\n" + "[" * 100_000 + "\n", encoding="utf-8")
    feed = tmp_path / "feed.rss"
    feed.write_text('<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss/>', "utf-8")
    ingested = _cli("ingest", str(rows), str(feed), "--db", tmp_db, "--no-fetch")
    assert ingested.returncode != 0
    _check_one_line_errors(ingested.stderr)
    assert len(ingested.stderr.strip().splitlines()) == 3

    with Store(tmp_db) as store:
        assert store.counts() == counts
        assert store.has_document(sample_ledger.document.id)
