"""The fuzz harness: input counters, the outcome contract, profiles and byte mutation.

Every target is called through :func:`attempt`, which counts the input, bounds its
time and lets through only a result or a one-line :class:`BackchannelError`; any
other exception fails the test that made the input.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, settings

from backchannel import ingest
from backchannel.documents import MAX_BODY_CHARS, MAX_FIELD_CHARS, document_id
from backchannel.errors import BackchannelError
from backchannel.model import Document
from backchannel.pipeline import Failure, make_stage

T = TypeVar("T")

# Inputs tried per target in this run, and how each ended ("ok" or an error code);
# the conftest prints both at the end.
COUNTS: Counter[str] = Counter()
OUTCOMES: dict[str, Counter[str]] = {}

# One parser call on one document; generous for a loaded 2-core CI box, where a
# hang or a quadratic blow-up still shows at once.
TIME_BOUND = 2.0
# A user-facing message echoes a path and a short value, never an input.
MAX_MESSAGE_CHARS = 500
_CODE_RE = re.compile(r"BC\d{3}")

_SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
    HealthCheck.function_scoped_fixture,
]
# "ci" (the default): bounded and derandomized, so a failure is the same on re-run,
# and not shrunk (shrinking a megabyte input can take minutes; "deep" shrinks);
# "deep" (HYPOTHESIS_PROFILE=deep): 20x the inputs, random, with an example database.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=_SUPPRESSED,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.register_profile("deep", deadline=None, suppress_health_check=_SUPPRESSED)
PROFILE = "deep" if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else "ci"
SCALE = 20 if PROFILE == "deep" else 1


def budget(examples: int) -> settings:
    """Hypothesis settings for a property tried ``examples`` times in CI."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * SCALE)


def attempt(
    target: str, call: Callable[[], T], *, seconds: float = TIME_BOUND
) -> T | BackchannelError:
    """``call()``'s result or the :class:`BackchannelError` it raised, checked."""
    COUNTS[target] += 1
    started = time.perf_counter()
    try:
        result: T | BackchannelError = call()
    except BackchannelError as exc:
        check_error(exc)
        result = exc
    record_outcome(target, result.code if isinstance(result, BackchannelError) else "ok")
    elapsed = time.perf_counter() - started
    assert elapsed <= seconds, f"{target}: one input took {elapsed:.2f} s (bound {seconds} s)"
    return result


def record_outcome(target: str, outcome: str) -> None:
    OUTCOMES.setdefault(target, Counter())[outcome] += 1


def check_error(exc: BackchannelError) -> None:
    """The contract for an error a user sees: a code and one short line."""
    message = str(exc)
    assert _CODE_RE.fullmatch(exc.code), exc.code
    assert message and "\n" not in message, repr(message)
    assert len(message) <= MAX_MESSAGE_CHARS, f"{len(message)} characters: {message[:200]}"


_FIELD_JUNK = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def check_document(document: Document) -> None:
    """What every reader promises about a document it returns."""
    body = document.body
    assert body and body == body.strip()
    assert "\x00" not in body and not _SURROGATE.search(body)
    assert "\r" not in body, "newlines are normalized: offsets point into the body"
    assert len(body) <= MAX_BODY_CHARS
    assert document.id == document_id(document.title, body)
    for value in (document.title, document.outlet, document.url, document.language):
        if value is not None:
            assert not _FIELD_JUNK.search(value), repr(value)
            assert len(value) <= MAX_FIELD_CHARS
    if document.published is not None:
        dt.date.fromisoformat(document.published)
        assert document.published_how in ("given", "metadata", "inferred")
    else:
        assert document.published_how == "unknown"


def read_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``read`` stage on ``records`` the way ``ingest`` runs it."""
    reader = make_stage("read")
    return [out for record in records for out in ingest._read_one(reader, record, {}, True)]


def check_records(done: list[dict[str, Any]], target: str, sources: list[str]) -> None:
    assert [record["source"] for record in done] == sources
    for record in done:
        assert "path" not in record, "a row must never name a file to read"
        if "failure" in record:
            failure = record["failure"]
            assert isinstance(failure, Failure)
            assert re.fullmatch(r"BC\d{3}", failure.code) and "\n" not in failure.reason
            # The source (a URL of up to MAX_FIELD_CHARS) is named; nothing else is long.
            assert len(failure.reason.replace(record["source"], "")) <= MAX_MESSAGE_CHARS
            record_outcome(target, f"row {failure.code}")
        else:
            check_document(record["document"])
            record_outcome(target, "row ok")


# -- mutation ------------------------------------------------------------------

# Bytes that parsers treat specially: markup, quoting, encodings, line ends.
_TOKENS: tuple[bytes, ...] = (
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xed\xa0\x80",  # a UTF-8-encoded lone surrogate
    b"\xe2\x80\xa8",  # U+2028
    b"\r",
    b"\r\n",
    b"\n",
    b"\t",
    b"<",
    b">",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"]]>",
    b"<!--",
    b'<!ENTITY e "&e;&e;">',
    b"<![CDATA[",
    b"---\n",
    b'"',
    b",",
    b"{",
    b"}",
    b"[",
    b"\\ud800",
    b"\\u0000",
    b"*a",
    b"&a ",
    b"9" * 40,
    b"\t0 99999999;",
)


def mutants(seed: bytes, others: Sequence[bytes], count: int, rng_seed: int) -> Iterator[bytes]:
    """``count`` deterministic variants of ``seed``: flips, tokens, cuts and splices."""
    rng = random.Random(rng_seed)
    for _ in range(count * SCALE):
        data = bytearray(seed)
        for _ in range(rng.randint(1, 6)):
            _mutate(rng, data, others)
        yield bytes(data)


def _mutate(rng: random.Random, data: bytearray, others: Sequence[bytes]) -> None:
    at = rng.randint(0, len(data))
    op = rng.randrange(7)
    if op == 0 and data:  # flip one bit
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    elif op == 1:
        data[at:at] = rng.choice(_TOKENS)
    elif op == 2:  # delete a run
        del data[at : at + rng.randint(1, 32)]
    elif op == 3:  # repeat a run many times (a small zip bomb)
        chunk = bytes(data[at : at + rng.randint(1, 16)])
        data[at:at] = chunk * rng.randint(2, 2000)
    elif op == 4 and others:  # splice in a piece of another seed
        other = rng.choice(others)
        start = rng.randint(0, len(other))
        data[at:at] = other[start : start + rng.randint(1, 200)]
    elif op == 5:  # truncate
        del data[at:]
    else:  # overwrite with random bytes
        data[at : at + 4] = bytes(rng.randrange(256) for _ in range(4))
