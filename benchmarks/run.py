"""`make bench`: speed and memory, measured side by side in one run.

Prints ratios rather than asserting times: raw spaCy (``nlp.pipe``, same model) against
the full backchannel extraction on the same articles, the attribution stage's
overhead, and the time normalizer's sentences per second.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def corpus(limit: int) -> tuple[str, list[str]]:
    polnear = SHARED / "polnear" / "dev" / "text"
    if polnear.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(polnear.glob("*.txt"))]
        return f"PolNeAR dev ({polnear})", texts[:limit]
    from backchannel.documents import read_document

    docs = [read_document(str(p)).body for p in sorted((ROOT / "examples" / "corpus").glob("*.md"))]
    repeated = (docs * (limit // max(len(docs), 1) + 1))[:limit]
    return "examples/corpus, repeated (../shared/data absent)", repeated


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept")
    args = parser.parse_args()

    from backchannel.actors import ActorDictionary, clear_cache, resolve_mentions
    from backchannel.documents import make_document
    from backchannel.eval.attribution import bench_overhead
    from backchannel.eval.timex import bench_sentences_per_second
    from backchannel.extract.events import code_events
    from backchannel.ledger import build_ledger
    from backchannel.nlp import load_nlp

    name, texts = corpus(args.articles)
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    clear_cache()
    load_s = timed(ActorDictionary.load)
    actors = ActorDictionary.load()
    list(nlp.pipe(texts[:2]))  # warm up

    documents = [make_document("", t, published="2016-10-01") for t in texts]

    def full() -> None:
        for document, doc in zip(documents, nlp.pipe(texts, batch_size=16), strict=True):
            build_ledger(document, doc, actors=actors)

    # Alternate the two and keep each one's best run: other load on the machine
    # then distorts the ratio far less than a single back-to-back pair would.
    spacy_runs, full_runs = [], []
    for _ in range(args.repeat):
        spacy_runs.append(timed(lambda: list(nlp.pipe(texts, batch_size=16))))
        full_runs.append(timed(full))
    spacy_s, full_s = min(spacy_runs), min(full_runs)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    parsed = list(nlp.pipe(texts[:20]))
    tokens = sum(len(doc) for doc in parsed)

    def coder() -> None:
        for doc in parsed:
            code_events(doc, resolve_mentions(doc, actors, None))

    coder_s = timed(coder)
    sentences = [s.text for doc in parsed for s in doc.sents]
    print(f"corpus: {name}: {len(texts)} articles, {words} words, best of {args.repeat} runs")
    print(f"{'':28}{'articles/s':>12}{'words/s':>12}")
    print(f"{'raw spaCy (nlp.pipe)':28}{len(texts) / spacy_s:12.1f}{words / spacy_s:12.0f}")
    print(f"{'backchannel pipeline':28}{len(texts) / full_s:12.1f}{words / full_s:12.0f}")
    print(f"pipeline / spaCy time ratio: {full_s / spacy_s:.2f}")
    print(f"attribution stage overhead over spaCy: {bench_overhead(texts[:30]):.1%}")
    print(f"time normalizer: {bench_sentences_per_second(sentences):.0f} sentences/s (one core)")
    print(f"actors + event coder on parsed docs: {tokens / coder_s:.0f} tokens/s")
    print(f"actor dictionary first load: {load_s * 1000:.0f} ms")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
