"""Results computed over the whole store, kept while the store stays as it was.

Corpus divergences and source tallies read every event; an event page needs them
on every request. They are kept in this process per (database, what, revision,
settings): the store's :meth:`~backchannel.store.Store.content_revision` changes
with every stored document and every written consolidation, and the caller adds
whatever else the result depends on (the topics in force, say). A stale entry is
never served: a new revision is a new key, and the oldest keys are dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from ..store import Store

__all__ = ["MAX_ENTRIES", "cached", "clear"]

T = TypeVar("T")

# A server has one store and a few kinds of result; a test run opens many stores.
MAX_ENTRIES = 16

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()
# One computation per key at a time: requests arriving together after an ingest
# wait for the first one's result instead of each recomputing it.
_computing: dict[Hashable, threading.Lock] = {}


def cached(store: Store, what: str, compute: Callable[[], T], *, depends_on: Hashable = None) -> T:
    """``compute()``, or its result from an earlier call at the same store revision.

    The result is shared between callers: treat it as read-only.
    """
    key = (store.url, what, store.content_revision(), depends_on)
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[no-any-return]
        gate = _computing.setdefault(key, threading.Lock())
    with gate:
        with _lock:
            if key in _entries:
                return _entries[key]  # type: ignore[no-any-return]
        try:
            value = compute()
        except BaseException:
            with _lock:
                _computing.pop(key, None)
            raise
        with _lock:
            _entries[key] = value
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
            _computing.pop(key, None)
    return value


def clear() -> None:
    """Forget every kept result (tests; a caller that changed settings in place)."""
    with _lock:
        _entries.clear()
