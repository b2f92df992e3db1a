"""Named topics ("ceasefire", ...): event types plus trigger/evidence keywords.

Topics ship in ``data/topics.yaml``; ``BACKCHANNEL_TOPICS`` may point at a YAML file
of the same shape whose topics are added (or replace shipped ones of the same name).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ._base import Record

__all__ = ["TOPICS_ENV", "Topic", "topic_names_of", "topics", "topics_fingerprint"]

TOPICS_ENV = "BACKCHANNEL_TOPICS"


@dataclass(slots=True)
class Topic(Record):
    """A subject an analyst follows across events.

    An event belongs to the topic when its PLOVER type is in ``events`` and, unless
    the type is in ``always`` (or its mode in ``modes``), one of ``keywords`` (regular
    expressions, case-insensitive) occurs in its trigger, sentence or context.
    """

    name: str
    description: str = ""
    events: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    modes: list[str] = field(default_factory=list)
    always: list[str] = field(default_factory=list)

    def matches(self, record: Mapping[str, Any]) -> bool:
        """Whether an event record (as the store keeps it) is about this topic."""
        event = str(record.get("event") or "").upper()
        if event not in self.events:
            return False
        if event in self.always:
            return True
        if self.modes and str(record.get("mode") or "").lower() in self.modes:
            return True
        return self.keyword_in(_topic_text(record))

    def keyword_in(self, text: str) -> bool:
        return bool(self.keywords) and _pattern(tuple(self.keywords)).search(text) is not None


def _topic_text(record: Mapping[str, Any]) -> str:
    trigger = record.get("trigger") or {}
    parts = [
        str(trigger.get("text") or ""),
        str(record.get("event_text") or ""),
        " ".join(str(c) for c in record.get("context") or []),
        str(record.get("mode") or ""),
        str(record.get("antecedent_text") or ""),
    ]
    return "\n".join(parts)


@functools.cache
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{k})" for k in keywords) + r")", re.IGNORECASE)


def _parse(data: Any, where: str) -> dict[str, Topic]:
    if not isinstance(data, Mapping) or not isinstance(data.get("topics"), Mapping):
        raise ConfigError(f"{where}: expected a mapping 'topics: {{name: ...}}'", code="BC504")
    out: dict[str, Topic] = {}
    for name, spec in data["topics"].items():
        if not isinstance(spec, Mapping):
            raise ConfigError(f"{where}: topic {name!r} must be a mapping", code="BC504")
        try:
            topic = Topic(
                name=str(name).strip().lower(),
                description=str(spec.get("description") or ""),
                events=[str(e).upper() for e in spec.get("events") or []],
                keywords=[str(k) for k in spec.get("keywords") or []],
                modes=[str(m).lower() for m in spec.get("modes") or []],
                always=[str(e).upper() for e in spec.get("always") or []],
            )
            if topic.keywords:
                _pattern(tuple(topic.keywords))
        except (TypeError, re.error) as exc:
            raise ConfigError(f"{where}: topic {name!r}: {exc}", code="BC504") from None
        if not topic.events:
            raise ConfigError(f"{where}: topic {name!r} lists no event types", code="BC504")
        out[topic.name] = topic
    return out


@functools.cache
def _shipped() -> dict[str, Topic]:
    text = (resources.files("backchannel") / "data" / "topics.yaml").read_text(encoding="utf-8")
    return _parse(yaml.safe_load(text), "topics.yaml")


def _user(path: str) -> dict[str, Topic]:
    file = Path(path).expanduser()
    try:
        # Keyed by modification time: a long-running server sees the user's edits.
        return _user_version(str(file), file.stat().st_mtime_ns)
    except OSError as exc:
        raise ConfigError(f"cannot read topics file {path}: {exc.strerror}", code="BC504") from None


@functools.cache
def _user_version(path: str, _mtime: int) -> dict[str, Topic]:
    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read topics file {path}: {exc.strerror}", code="BC504") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"topics file {path} is not valid YAML: {exc}", code="BC504") from None
    return _parse(data, str(path))


def topics() -> dict[str, Topic]:
    """The shipped topics plus those of the file named by ``BACKCHANNEL_TOPICS``."""
    found = dict(_shipped())
    extra = os.environ.get(TOPICS_ENV, "").strip()
    if extra:
        found.update(_user(extra))
    return found


def get_topic(name: str) -> Topic:
    """One topic by name, or a :class:`ConfigError` listing the known ones."""
    known = topics()
    key = name.strip().lower()
    if key not in known:
        raise ConfigError(
            f"unknown topic {name!r}; known topics: {', '.join(sorted(known))}", code="BC503"
        )
    return known[key]


def topic_names_of(record: Mapping[str, Any]) -> list[str]:
    """Names of every topic an event record belongs to."""
    return [name for name, topic in sorted(topics().items()) if topic.matches(record)]


def topics_fingerprint() -> str:
    """Changes when the topics in force change (a result that uses them is stale)."""
    return repr(sorted((name, topic.to_dict()) for name, topic in topics().items()))
