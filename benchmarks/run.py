"""`make bench`: speed and memory, measured side by side in one run.

Prints ratios rather than asserting times: raw spaCy (``nlp.pipe``, same model) against
the full backchannel extraction on the same articles, the attribution stage's
overhead, the time normalizer's sentences per second, the speed-up of 2 worker
processes over 1 (extraction once workers are up, and the whole ``ingest`` command),
and of the Ray engine over the local one. The 1-minute load average is printed before
and after: other jobs on the machine make every figure lower.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def _records(texts: list[str]) -> list[dict[str, Any]]:
    return [{"source": f"a{i}", "body": t, "published": "2016-10-01"} for i, t in enumerate(texts)]


def executor_seconds(texts: list[str], workers: int, repeat: int) -> tuple[float, float]:
    """(best extraction seconds once every worker has loaded spaCy, worker peak RSS MB)
    for :class:`ProcessExecutor` with ``workers`` processes."""
    from backchannel.pipeline import ProcessExecutor

    specs = [("read", {}), ("extract", {})]
    runs = []
    with ProcessExecutor(specs, workers=workers) as executor:
        # One small batch per worker, all at once: every worker starts and loads spaCy.
        executor.run(_records(texts[:1] * (executor.batch_size * workers)))
        for _ in range(repeat):
            runs.append(timed(lambda: executor.run(_records(texts))))
        # Each worker's own peak (VmHWM): RUSAGE_CHILDREN would count the parent's
        # pages a child shares between fork and exec.
        pids = list(getattr(executor._pool, "_processes", None) or {})
        peak_mb = max((_peak_kb(pid) for pid in pids), default=0) / 1024
    return min(runs), peak_mb


def _peak_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def ray_seconds(texts: list[str]) -> float:
    """Seconds for the Ray engine (2 actors) to extract the articles, Ray already up;
    Ray Data starts a dataset's actors, each loading spaCy, within the run."""
    import ray

    from backchannel.pipeline import RayExecutor

    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # Ray's C++ warnings for its devs
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        with RayExecutor([("read", {}), ("extract", {})], workers=2) as executor:
            executor.run(_records(texts[:2]))  # Ray Data's own first-use costs
            return timed(lambda: executor.run(_records(texts)))
    finally:
        ray.shutdown()


def command_seconds(folder: Path, *options: str) -> float:
    """Seconds of a whole ``backchannel ingest`` run (start-up, reading, spaCy loads,
    extraction, storing, consolidation) into a fresh database."""
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "-m", "backchannel", "ingest", str(folder), "--db"]
        argv += [str(Path(tmp) / "bench.db"), "--published", "2016-10-01", *options]
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ingest {' '.join(options)} failed: {done.stderr.strip()[-500:]}")
    return seconds


def ray_available() -> bool:
    try:
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]

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
            code_events(doc, resolve_mentions(doc, actors, None), actors)

    coder_s = timed(coder)
    sentences = [s.text for doc in parsed for s in doc.sents]
    # Scale-out: the same articles through worker processes and through Ray.
    worker_repeat = max(1, min(args.repeat, 2))
    one_s, _ = executor_seconds(texts, 1, worker_repeat)
    two_s, two_mb = executor_seconds(texts, 2, worker_repeat)
    ray_s = ray_seconds(texts) if ray_available() else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        command = {"1 worker": command_seconds(folder, "--workers", "1")}
        command["2 workers"] = command_seconds(folder, "--workers", "2")
        if ray_available():
            command["ray, 2 actors"] = command_seconds(folder, "--engine", "ray", "--workers", "2")
    load_after = os.getloadavg()[0]
    n = len(texts)

    print(f"corpus: {name}: {n} articles, {words} words, best of {args.repeat} runs")
    print(f"machine: {os.cpu_count()} cores; 1-minute load average {load_before:.2f} before")
    print(f"{'':28}{'articles/s':>12}{'words/s':>12}")
    print(f"{'raw spaCy (nlp.pipe)':28}{n / spacy_s:12.1f}{words / spacy_s:12.0f}")
    print(f"{'backchannel pipeline':28}{n / full_s:12.1f}{words / full_s:12.0f}")
    ratio = spacy_s / full_s
    print(f"pipeline / raw spaCy articles/s: {ratio:.2f} (target >= 0.80: {_ok(ratio >= 0.8)})")
    print(f"attribution stage overhead over spaCy: {bench_overhead(texts[:30]):.1%}")
    print(f"time normalizer: {bench_sentences_per_second(sentences):.0f} sentences/s (one core)")
    print(f"actors + event coder on parsed docs: {tokens / coder_s:.0f} tokens/s")
    print(f"actor dictionary first load: {load_s * 1000:.0f} ms")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB in this process, {two_mb:.0f} MB per worker")
    print()
    print(f"extraction once workers are up (best of {worker_repeat}):")
    print(f"{'':28}{'articles/s':>12}{'words/s':>12}")
    print(f"{'1 worker process':28}{n / one_s:12.1f}{words / one_s:12.0f}")
    print(f"{'2 worker processes':28}{n / two_s:12.1f}{words / two_s:12.0f}")
    if ray_s is not None:
        label = "ray, 2 actors (see note)"
        print(f"{label:28}{n / ray_s:12.1f}{words / ray_s:12.0f}")
    speedup = one_s / two_s
    print(f"2 workers over 1: {speedup:.2f}x (target >= 1.60: {_ok(speedup >= 1.6)})")
    if ray_s is not None:
        print(f"ray engine over local (2 workers each): {two_s / ray_s:.2f}x")
        print("note: Ray Data starts a dataset's actors within the run, so the ray row")
        print("includes 2 actors loading spaCy; the worker rows do not")
    print()
    print("whole `backchannel ingest` command (start-up, spaCy loads, storing, consolidation):")
    print(f"{'':28}{'seconds':>12}{'articles/s':>12}")
    for label, seconds in command.items():
        print(f"{label:28}{seconds:12.1f}{n / seconds:12.1f}")
    print(f"2 workers over 1: {command['1 worker'] / command['2 workers']:.2f}x")
    if "ray, 2 actors" in command:
        ray_x = command["2 workers"] / command["ray, 2 actors"]
        print(f"ray engine over local (2 workers each): {ray_x:.2f}x (ray includes starting Ray)")
    else:
        print("ray engine: not installed (pip install 'backchannel[ray]')")
    print(f"1-minute load average: {load_before:.2f} before, {load_after:.2f} after")
    if load_before > 0.5:
        print(
            f"note: the machine was not idle before the run (load {load_before:.2f} on "
            f"{os.cpu_count()} cores: other jobs, or the tail of an earlier one): "
            "figures may be lower than on an idle machine"
        )
    return 0


def _ok(passed: bool) -> str:
    return "met" if passed else "NOT met"


if __name__ == "__main__":
    sys.exit(main())
