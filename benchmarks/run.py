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
    args = parser.parse_args()

    from backchannel.actors import ActorDictionary
    from backchannel.documents import make_document
    from backchannel.eval.attribution import bench_overhead
    from backchannel.eval.timex import bench_sentences_per_second
    from backchannel.ledger import build_ledger
    from backchannel.nlp import load_nlp

    name, texts = corpus(args.articles)
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    actors = ActorDictionary.load()
    list(nlp.pipe(texts[:2]))  # warm up

    spacy_s = timed(lambda: list(nlp.pipe(texts, batch_size=16)))
    documents = [make_document("", t, published="2016-10-01") for t in texts]

    def full() -> None:
        for document, doc in zip(documents, nlp.pipe(texts, batch_size=16), strict=True):
            build_ledger(document, doc, actors=actors)

    full_s = timed(full)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    sentences = [s.text for doc in nlp.pipe(texts[:20]) for s in doc.sents]
    print(f"corpus: {name}: {len(texts)} articles, {words} words")
    print(f"{'':28}{'articles/s':>12}{'words/s':>12}")
    print(f"{'raw spaCy (nlp.pipe)':28}{len(texts) / spacy_s:12.1f}{words / spacy_s:12.0f}")
    print(f"{'backchannel pipeline':28}{len(texts) / full_s:12.1f}{words / full_s:12.0f}")
    print(f"pipeline / spaCy time ratio: {full_s / spacy_s:.2f}")
    print(f"attribution stage overhead over spaCy: {bench_overhead(texts[:30]):.1%}")
    print(f"time normalizer: {bench_sentences_per_second(sentences):.0f} sentences/s (one core)")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
