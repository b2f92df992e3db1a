"""Actors: the dictionary (countries, organisations, bodies, people with dated
roles) and resolution of actor mentions in a spaCy ``Doc``."""

from __future__ import annotations

from ._describe import describe, noun_sector
from ._dictionary import (
    ENTRY_POINT_GROUP,
    ENV_VAR,
    ActorDictionary,
    ActorEntry,
    Role,
    clear_cache,
)
from ._resolve import resolve_mentions

__all__ = [
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "ActorDictionary",
    "ActorEntry",
    "Role",
    "clear_cache",
    "describe",
    "noun_sector",
    "resolve_mentions",
]
