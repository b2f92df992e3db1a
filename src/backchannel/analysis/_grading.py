"""Source grading on the NATO/Admiralty scale: reliability A–F, credibility 1–6."""

from __future__ import annotations

import functools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml

from ..consolidate import normalize_outlet
from ..errors import ConfigError, InputError
from ..store import Store
from ..store import _schema as t
from ._base import Record, check_credibility, now_iso, require_user
from ._cache import cached

__all__ = [
    "CREDIBILITY_LABELS",
    "GRADES_ENV",
    "RELIABILITY_LABELS",
    "Credibility",
    "GradeChange",
    "SourceGrade",
    "claim_credibility",
    "clear_credibility",
    "clear_reliability",
    "grade_history",
    "link_key",
    "set_credibility",
    "set_reliability",
    "source_grades",
]

GRADES_ENV = "BACKCHANNEL_GRADES"

RELIABILITY_LABELS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY_LABELS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


@dataclass(slots=True)
class GradeChange(Record):
    """A user's override (``value`` None: back to the computed grade)."""

    target: str  # source | claim
    key: str
    value: str | None
    user: str
    note: str | None
    changed_at: str


@dataclass(slots=True)
class SourceGrade(Record):
    """A source of the ledger's attribution chains.

    ``key`` is stable: ``outlet:<canonical outlet>``, ``actor:<dictionary id>`` (a
    named source the ledger resolved), ``named:<name as written>``,
    ``anonymous:<description>`` or ``unresolved:<pronoun>``. ``reliability`` is the
    user's override when there is one, else ``computed``.
    """

    key: str
    kind: str  # outlet | actor | named | anonymous | unresolved
    label: str
    reliability: str
    reliability_label: str
    computed: str
    reason: str
    claims: int
    documents: int
    override: GradeChange | None = None


@dataclass(slots=True)
class Credibility(Record):
    """How credible one claim is (1–6), computed from independent corroboration and
    contradiction unless the user set it."""

    event_id: str
    value: int
    label: str
    computed: int
    reasons: list[str]
    independent_origins: int
    corroborating_origins: list[str] = field(default_factory=list)
    corroborating_event_ids: list[str] = field(default_factory=list)
    contradicting_event_ids: list[str] = field(default_factory=list)
    override: GradeChange | None = None


_KEY_KINDS = ("outlet", "actor", "named", "anonymous", "unresolved")
# Words that stand for a source without saying who it is.
_PRONOUNS = frozenset(
    {
        *("he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "himself"),
        *("his", "its", "their", "which", "who", "whom", "this", "that", "each"),
        *("other side", "sources", "the sources"),
    }
)


def _slug(text: str) -> str:
    words = re.findall(r"[\w'’.-]+", text.lower())
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def link_key(
    link: Mapping[str, Any], outlet: str | None = None, actor_id: str | None = None
) -> str | None:
    """The grading key of one attribution link (see :class:`SourceGrade`).

    ``outlet`` is the document's outlet (for an ``outlet`` link without text);
    ``actor_id`` the dictionary actor the link's source span was resolved to.
    """
    role = str(link.get("role") or "")
    text = " ".join(str(link.get("text") or "").split())
    if role in ("outlet", "cited_outlet"):
        name = normalize_outlet(text or outlet)
        return f"outlet:{name}" if name else None
    if not text:
        return None
    if not link.get("named"):
        if _slug(text) in _PRONOUNS:
            return f"unresolved:{_slug(text)}"
        return f"anonymous:{_slug(text)}"
    if actor_id:
        return f"actor:{actor_id}"
    if _slug(text) in _PRONOUNS:
        return f"unresolved:{_slug(text)}"
    return f"named:{_slug(text)}"


def _check_key(key: str) -> str:
    kind, _, rest = key.strip().partition(":")
    if kind not in _KEY_KINDS or not rest.strip():
        raise ConfigError(
            f"bad source key {key!r}: expected one of {', '.join(k + ':...' for k in _KEY_KINDS)}"
            " (see 'backchannel sources')",
            code="BC507",
        )
    return f"{kind}:{rest.strip()}"


def _check_grade(grade: str) -> str:
    value = str(grade).strip().upper()
    if value not in RELIABILITY_LABELS:
        raise ConfigError(f"bad reliability {grade!r}: expected A, B, C, D, E or F", code="BC506")
    return value


# -- the grades file --------------------------------------------------------------


@functools.cache
def _grades_file(path: str) -> dict[str, str]:
    """``{key: grade}`` from a YAML file: ``outlets: {name: grade}`` and
    ``sources: {key: grade}`` (a grade may be ``{grade: B, note: ...}``)."""
    try:
        data = yaml.safe_load(Path(path).expanduser().read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read grades file {path}: {exc.strerror}", code="BC506") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"grades file {path} is not valid YAML: {exc}", code="BC506") from None
    if not isinstance(data, Mapping):
        raise ConfigError(f"grades file {path}: expected 'outlets:' and 'sources:'", code="BC506")
    out: dict[str, str] = {}
    for section, keyed in (("outlets", False), ("sources", True)):
        entries = data.get(section) or {}
        if not isinstance(entries, Mapping):
            raise ConfigError(f"grades file {path}: {section} must be a mapping", code="BC506")
        for name, grade in entries.items():
            if isinstance(grade, Mapping):
                grade = grade.get("grade")
            key = _check_key(str(name)) if keyed else f"outlet:{normalize_outlet(str(name))}"
            try:
                out[key] = _check_grade(str(grade))
            except ConfigError as exc:
                raise ConfigError(f"grades file {path}: {name}: {exc}", code="BC506") from None
    return out


def _file_grades(grades_file: str | Path | None) -> tuple[dict[str, str], str | None]:
    path = str(grades_file) if grades_file else os.environ.get(GRADES_ENV, "").strip()
    return (_grades_file(path), path) if path else ({}, None)


# -- overrides ------------------------------------------------------------------------


def _change(row: Mapping[str, Any]) -> GradeChange:
    return GradeChange(
        target=row["target"],
        key=row["key"],
        value=row["value"],
        user=row["changed_by"],
        note=row["note"],
        changed_at=row["changed_at"],
    )


def grade_history(
    store: Store, *, target: str | None = None, key: str | None = None
) -> list[GradeChange]:
    """Every override ever made, oldest first (``target`` ``source`` or ``claim``)."""
    g = t.grade_changes
    query = sa.select(g).order_by(g.c.id)
    if target is not None:
        query = query.where(g.c.target == target)
    if key is not None:
        query = query.where(g.c.key == key)
    with store._read() as conn:
        return [_change(row) for row in conn.execute(query).mappings()]


def _latest(store: Store, target: str) -> dict[str, GradeChange]:
    """The override in force per key (a cleared key is absent)."""
    latest: dict[str, GradeChange] = {}
    for change in grade_history(store, target=target):
        latest[change.key] = change
    return {k: c for k, c in latest.items() if c.value is not None}


def _record_change(
    store: Store, target: str, key: str, value: str | None, user: str, note: str | None
) -> GradeChange:
    row = {
        "target": target,
        "key": key,
        "value": value,
        "changed_by": require_user(user),
        "note": note,
        "changed_at": now_iso(),
    }
    with store._write() as conn:
        conn.execute(t.grade_changes.insert(), row)
    return _change(row)


def set_reliability(
    store: Store, key: str, grade: str, *, user: str, note: str | None = None
) -> GradeChange:
    """Override a source's reliability (A–F); the change is kept with who and when."""
    return _record_change(store, "source", _check_key(key), _check_grade(grade), user, note)


def clear_reliability(store: Store, key: str, *, user: str, note: str | None = None) -> GradeChange:
    """Back to the computed reliability (the history keeps the earlier overrides)."""
    return _record_change(store, "source", _check_key(key), None, user, note)


def _check_event(store: Store, event_id: str) -> str:
    with store._read() as conn:
        found = conn.execute(sa.select(t.events.c.id).where(t.events.c.id == event_id)).first()
    if found is None:
        raise InputError(f"no event {event_id!r} in the ledger", code="BC502")
    return event_id


def set_credibility(
    store: Store, event_id: str, value: int, *, user: str, note: str | None = None
) -> GradeChange:
    """Override a claim's credibility (1–6); kept with who and when."""
    number = check_credibility(value)
    return _record_change(store, "claim", _check_event(store, event_id), str(number), user, note)


def clear_credibility(
    store: Store, event_id: str, *, user: str, note: str | None = None
) -> GradeChange:
    """Back to the computed credibility."""
    return _record_change(store, "claim", _check_event(store, event_id), None, user, note)


# -- reliability --------------------------------------------------------------------


def _mention_actors(
    store: Store, doc_ids: Iterable[str] | None = None
) -> dict[tuple[str, int, int], str]:
    """``(doc, start, end) -> actor id`` of every resolved mention (of ``doc_ids``)."""
    m = t.mentions
    query = sa.select(m.c.doc_id, m.c.start, m.c.end, m.c.actor_id).where(m.c.actor_id.is_not(None))
    if doc_ids is not None:
        query = query.where(m.c.doc_id.in_(sorted(set(doc_ids))))
    with store._read() as conn:
        return {(r.doc_id, r.start, r.end): r.actor_id for r in conn.execute(query)}


def _span_actor(spans: Mapping[tuple[str, int, int], str], doc_id: str, span: Any) -> str | None:
    if not isinstance(span, Mapping) or span.get("start") is None:
        return None
    start, end = int(span["start"]), int(span["end"])
    exact = spans.get((doc_id, start, end))
    if exact is not None:
        return exact
    inside = [
        (s, actor) for (d, s, e), actor in spans.items() if d == doc_id and start <= s and e <= end
    ]
    return min(inside)[1] if inside else None


def event_source_keys(
    store: Store,
    records: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
    *,
    all_documents: bool = True,
) -> dict[str, list[tuple[str | None, Mapping[str, Any]]]]:
    """``event id -> [(key, link), ...]``, one pair per link of the attribution chains
    of ``records`` (pairs of event record and its row with the document's
    ``outlet``); the key is None for a link that names no source."""
    docs = {str((record.get("evidence") or {}).get("doc") or "") for record, _ in records}
    spans = _mention_actors(store, None if all_documents else docs)
    by_doc: dict[str, dict[tuple[str, int, int], str]] = defaultdict(dict)
    for (doc, s, e), actor in spans.items():
        by_doc[doc][(doc, s, e)] = actor
    out: dict[str, list[tuple[str | None, Mapping[str, Any]]]] = {}
    for record, row in records:
        doc_id = str((record.get("evidence") or {}).get("doc") or "")
        keyed = []
        for link in record.get("attribution") or []:
            actor = None
            if link.get("named") and link.get("role") in ("source", "speaker"):
                actor = _span_actor(by_doc[doc_id], doc_id, link.get("source_span"))
            keyed.append((link_key(link, row.get("outlet"), actor), link))
        out[str(record["id"])] = keyed
    return out


def source_grades(store: Store, *, grades_file: str | Path | None = None) -> list[SourceGrade]:
    """Every source in the ledger's attribution chains with its reliability and how
    many claims rest on it, most used first.

    Outlets take their grade from ``grades_file`` (or the file ``BACKCHANNEL_GRADES``
    names; YAML ``outlets: {name: grade}`` and ``sources: {key: grade}``), else F;
    anonymous sources are F; a user's override wins over both.
    """
    file_grades, path = _file_grades(grades_file)
    overrides = _latest(store, "source")
    usage = cached(store, "source usage", lambda: _source_usage(store))
    claims = Counter(usage.claims)
    documents, labels = usage.documents, usage.labels
    for key in overrides:  # graded by the user, even if no claim rests on it any more
        claims.setdefault(key, 0)
    grades = []
    for key in claims:
        kind = key.partition(":")[0]
        if kind == "anonymous":
            computed, reason = "F", "anonymous source"
        elif key in file_grades:
            computed, reason = file_grades[key], f"from grades file {path}"
        elif kind == "outlet":
            computed, reason = "F", "outlet not in a grades file"
        else:
            computed, reason = "F", "no track record of this source"
        override = overrides.get(key)
        value = override.value if override is not None and override.value else computed
        if override is not None:
            reason = f"set by {override.user} at {override.changed_at}" + (
                f" ({override.note})" if override.note else ""
            )
        named = labels.get(key)
        label = named.most_common(1)[0][0] if named else key.partition(":")[2]
        grades.append(
            SourceGrade(
                key=key,
                kind=kind,
                label=label,
                reliability=value,
                reliability_label=RELIABILITY_LABELS[value],
                computed=computed,
                reason=reason,
                claims=claims[key],
                documents=len(documents.get(key, ())),
                override=override,
            )
        )
    grades.sort(key=lambda g: (-g.claims, _KEY_KINDS.index(g.kind), g.key))
    return grades


@dataclass(slots=True, frozen=True)
class _SourceUsage:
    """Per source key: the claims resting on it, their documents, how it is written."""

    claims: Counter[str]
    documents: dict[str, set[str]]
    labels: dict[str, Counter[str]]


def _source_usage(store: Store) -> _SourceUsage:
    from ._timeline import event_rows

    rows = event_rows(store)
    keyed = event_source_keys(store, rows)
    claims: Counter[str] = Counter()
    documents: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for record, _row in rows:
        doc_id = str((record.get("evidence") or {}).get("doc") or "")
        links = [(key, link) for key, link in keyed[str(record["id"])] if key is not None]
        for key in {key for key, _ in links}:
            claims[key] += 1
            documents[key].add(doc_id)
        for key, link in links:
            labels[key][" ".join(str(link.get("text") or "").split())] += 1
    return _SourceUsage(claims, dict(documents), dict(labels))


# -- credibility ---------------------------------------------------------------------


def claim_credibility(store: Store, event_id: str) -> Credibility:
    """Credibility 1–6 of one event, with the reasons: independent origins reporting
    the same happening (its story, copies and re-reports collapsed) against on-record
    denials and contradicting reports."""
    return claim_credibilities(store, [event_id])[event_id]


def claim_credibilities(store: Store, event_ids: Iterable[str]) -> dict[str, Credibility]:
    """:func:`claim_credibility` for many events at once (one pass over divergences)."""
    from ._divergences import CONTRADICTING_KINDS, event_divergences

    wanted = list(dict.fromkeys(event_ids))
    for event_id in wanted:
        _check_event(store, event_id)
    # claim -> events against it: the party's own denials, and third-party reports.
    # Only divergences an asked-about event takes part in can name it either way.
    denials: dict[str, set[str]] = defaultdict(set)
    contradictions: dict[str, set[str]] = defaultdict(set)
    for divergence in event_divergences(store, wanted):
        if divergence.kind not in CONTRADICTING_KINDS:
            continue
        claims = [ev.event_id for ev in divergence.evidence if ev.side in CLAIM_SIDES]
        against = [ev.event_id for ev in divergence.evidence if ev.side not in CLAIM_SIDES]
        target = contradictions if divergence.kind == "contradiction" else denials
        for claim in claims:
            target[claim].update(against)
        if divergence.kind == "contradiction":  # each report contradicts the other
            for other in against:
                contradictions[other].update(claims)
    overrides = _latest(store, "claim")
    se = t.story_events
    e = t.events
    out = {}
    with store._read() as conn:
        links = conn.execute(
            sa.select(se.c.event_id, se.c.story_id, se.c.origin).where(se.c.event_id.in_(wanted))
        ).all()
        stories = {r.event_id: (r.story_id, r.origin) for r in links}
        members = conn.execute(
            sa.select(se.c.story_id, se.c.event_id, se.c.origin).where(
                se.c.story_id.in_(sorted({s for s, _ in stories.values()}))
            )
        ).all()
        status_rows = conn.execute(sa.select(e.c.id, e.c.status).where(e.c.id.in_(wanted))).all()
        statuses = {r.id: r.status for r in status_rows}
        origin_rows = conn.execute(
            sa.select(se.c.event_id, se.c.origin).where(
                se.c.event_id.in_(sorted({x for v in contradictions.values() for x in v}))
            )
        ).all()
        denier_rows = conn.execute(
            sa.select(e.c.id, e.c.record).where(
                e.c.id.in_(sorted({x for v in denials.values() for x in v}))
            )
        ).all()
    origin_of = {r.event_id: r.origin for r in origin_rows}
    denier_of = {r.id: _side_of(r.record) or r.id for r in denier_rows}
    for event_id in wanted:
        story_id, own_origin = stories.get(event_id, (None, None))
        others = [
            (m.event_id, m.origin)
            for m in members
            if m.story_id == story_id and m.event_id != event_id and m.origin != own_origin
        ]
        corroborating_origins = sorted({origin for _, origin in others})
        contradicting = sorted(contradictions.get(event_id, set()))
        denying = sorted(denials.get(event_id, set()) - set(contradicting))
        value, reasons = _computed_credibility(
            statuses.get(event_id, ""),
            corroborating_origins,
            own_origin,
            {origin_of.get(x, x) for x in contradicting},
            {denier_of.get(x, x) for x in denying},
        )
        override = overrides.get(event_id)
        shown = int(override.value) if override is not None and override.value else value
        if override is not None:
            reasons.append(
                f"set to {shown} by {override.user} at {override.changed_at}"
                + (f" ({override.note})" if override.note else "")
            )
        out[event_id] = Credibility(
            event_id=event_id,
            value=shown,
            label=CREDIBILITY_LABELS[shown],
            computed=value,
            reasons=reasons,
            independent_origins=len(corroborating_origins) + (1 if own_origin else 0),
            corroborating_origins=corroborating_origins,
            corroborating_event_ids=sorted(x for x, _ in others),
            contradicting_event_ids=sorted({*contradicting, *denying}),
            override=override,
        )
    return out


CLAIM_SIDES = frozenset({"report", "claim", "private"})


def _side_of(record: Mapping[str, Any]) -> str | None:
    return next((a.get("country") for a in record.get("actor") or [] if a.get("country")), None)


def _computed_credibility(
    status: str,
    corroborating: list[str],
    own_origin: str | None,
    contradicting: set[str],
    denied_by: set[str],
) -> tuple[int, list[str]]:
    """Admiralty credibility from corroboration (other independent origins),
    contradiction (independent reports saying otherwise) and on-record denials by
    the party concerned, which count for less: they deny what they would deny anyway."""
    reasons = []
    if own_origin:
        reasons.append(f"reported by {own_origin}")
    if corroborating:
        reasons.append(
            f"corroborated by {len(corroborating)} other independent origin"
            f"{'s' if len(corroborating) != 1 else ''}: {', '.join(corroborating)}"
        )
    else:
        reasons.append("no other independent origin reports it")
    if contradicting:
        reasons.append(
            f"contradicted by {len(contradicting)} independent origin"
            f"{'s' if len(contradicting) != 1 else ''}: {', '.join(sorted(contradicting))}"
        )
    if denied_by:
        reasons.append(
            f"denied on record by the party concerned ({', '.join(sorted(denied_by))}), "
            "which weighs less than an independent contradiction"
        )
    if corroborating:
        if contradicting:
            return 3, reasons
        return (2 if denied_by else 1), reasons
    if contradicting:
        return (5 if len(contradicting) >= 2 else 4), reasons
    if denied_by:
        return 3, reasons
    if status == "speculative":
        reasons.append("speculative: the text only raises it as a possibility")
        return 6, reasons
    if status in ("asserted", "denied"):
        reasons.append("stated in the outlet's own voice or on record")
        return 2, reasons
    reasons.append(f"{status or 'unknown status'}: second-hand, not confirmed")
    return 3, reasons
