"""A deterministic mutational fuzz pass: seeded byte flips, token insertions, cuts,
repetitions and splices of small seed inputs we wrote, for every reader.

The same seed gives the same mutants on every run, so a failure names the reader and
the mutant's number, and re-running reproduces it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _fuzz import attempt, check_document, check_records, mutants, read_records

from backchannel import ingest
from backchannel.documents import document_from_text, read_document
from backchannel.errors import BackchannelError
from backchannel.eval import attribution, events, timex
from backchannel.ingest import FetchSettings
from backchannel.model import Document

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")

STORY = "Envoys met in Geneva on Monday. Iran said it would not sign; officials said talks go on."
SEEDS: dict[str, bytes] = {
    ".md": (
        "---\ntitle: Envoys Meet\ndate: 2024-03-04\noutlet: Wire\nurl: https://x.example/a\n"
        f"tags: &t [a, b]\nalso: *t\n---\n# Envoys Meet\n\n{STORY}\n"
    ).encode(),
    ".html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Envoys Meet</title>'
        '<meta property="article:published_time" content="2024-03-04"></head><body><article>'
        f"<h1>Envoys Meet</h1><p>{STORY}</p><script>var x = '<p>';</script>"
        f"<p>&amp; more &#x41; {STORY}</p></article></body></html>"
    ).encode(),
    ".xml": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
        "<title>Envoys Meet</title><link>https://x.example/a</link>"
        f"<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate><description><![CDATA[<p>{STORY}</p>]]>"
        "</description></item><item><title>Two</title><link>../two</link><description>"
        f"{STORY}</description></item></channel></rss>"
    ).encode(),
    ".atom": (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><entry><title>A</title>'
        f'<link href="https://x.example/a"/><updated>2024-03-04T10:00:00Z</updated>'
        f'<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>'
    ).encode(),
    ".jsonl": "\n".join(
        json.dumps(row)
        for row in (
            {"title": "Envoys Meet", "body": STORY, "published": "2024-03-04", "id": "../x"},
            {"headline": "Two", "text": STORY, "outlet": "Wire", "url": "https://x.example"},
        )
    ).encode(),
    ".csv": (
        f'title,body,published,outlet\nEnvoys Meet,"{STORY}",2024-03-04,Wire\n'
        f'"Two, quoted","{STORY} ""Quoted."" ",,\n'
    ).encode(),
    ".tml": (
        b'<?xml version="1.0"?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-04" '
        b'functionInDocument="CREATION_TIME">2024-03-04</TIMEX3></DCT><TEXT>Envoys met in Geneva '
        b'<TIMEX3 tid="t1" type="DATE" value="2024-03-04">on Monday</TIMEX3>; talks go on '
        b'<TIMEX3 tid="t2" type="DURATION" value="P2W">for two weeks</TIMEX3>.</TEXT></TimeML>'
    ),
    ".ann": (
        b"T1\tSource 33 37\tIran\nT2\tCue 38 42\tsaid\nT3\tContent 43 62;63 67\tit would not sign"
        b"\nT4\tCue 79 83\tsaid\nE1\tAttribution:T2 Source:T1 Content:T3\nE2\tAttribution:T4\n"
    ),
    ".json": json.dumps(
        [
            {"header": True},
            {
                "id": 1,
                "text": "Iran threatened Israel on Monday.",
                "event": "THREATEN",
                "textInfo": {"markup": "(SRC: Iran) (EVT: threatened) (TAR: Israel)"},
                "source": [{"code": "IRN", "sector": "GOV"}],
                "target": [{"code": "ISR"}],
            },
        ]
    ).encode(),
}
MUTANTS_PER_SEED = 150  # x20 with HYPOTHESIS_PROFILE=deep


def _article(path: Path, data: bytes) -> Document | BackchannelError:
    path.write_bytes(data)
    return read_document(path)


def _batch_or_feed(path: Path, data: bytes) -> list[dict[str, Any]]:
    path.write_bytes(data)
    done = read_records(list(ingest.iter_inputs([str(path)], fetch=FetchSettings(enabled=False))))
    check_records(done, f"mutants {path.suffix}", [r["source"] for r in done])
    for record in done:
        assert record["source"].startswith((str(path), "http://", "https://"))
    return done


def _tml(path: Path, data: bytes) -> Any:
    path.write_bytes(data)
    return timex.load_tml(path)


def _brat(path: Path, data: bytes) -> Any:
    root = path.parent / "brat"
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "attributions").mkdir(exist_ok=True)
    (root / "text" / "story.txt").write_text(STORY, encoding="utf-8")
    (root / "attributions" / "story_A.ann").write_bytes(data)
    return attribution.read_gold(root)


def _gsr(path: Path, data: bytes) -> Any:
    path.write_bytes(data)
    return events.load_records(str(path))


READERS: dict[str, Callable[[Path, bytes], Any]] = {
    ".md": _article,
    ".html": _article,
    ".xml": _batch_or_feed,
    ".atom": _batch_or_feed,
    ".jsonl": _batch_or_feed,
    ".csv": _batch_or_feed,
    ".tml": _tml,
    ".ann": _brat,
    ".json": _gsr,
}


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_mutants_end_in_a_result_or_a_clear_error(tmp_path: Path, suffix: str) -> None:
    seed = SEEDS[suffix]
    others = [data for other, data in SEEDS.items() if other != suffix]
    path = tmp_path / f"input{suffix}"
    # The seed itself must read cleanly, or the mutants test nothing.
    assert not isinstance(READERS[suffix](path, seed), BackchannelError)
    for number, data in enumerate(mutants(seed, others, MUTANTS_PER_SEED, rng_seed=len(suffix))):
        try:
            result = attempt(f"mutants {suffix}", lambda data=data: READERS[suffix](path, data))
        except Exception as exc:
            raise AssertionError(f"{suffix} mutant {number}: {data[:300]!r}") from exc
        if isinstance(result, Document):
            check_document(result)


def test_mutated_text_in_memory_ends_in_a_document_or_a_clear_error() -> None:
    seeds = [SEEDS[".md"], SEEDS[".html"]]
    for number, data in enumerate(mutants(seeds[0], seeds[1:], MUTANTS_PER_SEED, rng_seed=7)):
        text = data.decode("utf-8", "surrogateescape")  # lone surrogates, as stdin may give
        try:
            result = attempt("mutants (text in memory)", lambda text=text: document_from_text(text))
        except Exception as exc:
            raise AssertionError(f"text mutant {number}: {text[:300]!r}") from exc
        if isinstance(result, Document):
            check_document(result)
