"""Events in tension: public stance vs private signal, claims vs denials, contested claims.

Works on any list of events, from one document or a whole corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from .dates import shift
from .model import Divergence, Event

COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT"})
CONFLICTUAL = frozenset(
    {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
)
# Words that say a signal travelled out of public view.
PRIVATE_CHANNEL = re.compile(
    r"\b(?:back-?\s?channels?|intermediar(?:y|ies)|privately|in private|secret(?:ly)?|"
    r"clandestine(?:ly)?|covert(?:ly)?|behind closed doors|quietly|confidential(?:ly)?|"
    r"off the record|discreet(?:ly)?|unofficial(?:ly)?)\b",
    re.IGNORECASE,
)
# Words that say a statement was made in the open.
PUBLIC_CHANNEL = re.compile(
    r"\b(?:publicly|in public|boast(?:ed|s|ing)?|told reporters|press conference|"
    r"televised|in a speech|in an address|on state television|in an interview|"
    r"declared|vowed|proclaimed)\b",
    re.IGNORECASE,
)
# Words that question whether a reported signal is genuine.
CHALLENGE = re.compile(
    r"\b(?:decepti(?:on|ve)|ruse|ploy|bluff(?:ing)?|disinformation|smokescreen|"
    r"trap|trick|stalling|buy(?:ing)? time|not (?:be )?genuine|insincere|"
    r"(?:may|might|does|do) not reflect)\b",
    re.IGNORECASE,
)
# How far apart two dated events may lie and still be "the same period".
PERIOD_SLACK = dt.timedelta(days=92)


def _stable_id(kind: str, event_ids: Iterable[str]) -> str:
    digest = hashlib.sha1(f"{kind}:{','.join(sorted(event_ids))}".encode()).hexdigest()
    return f"dv-{digest[:16]}"


def actor_key(event: Event) -> str | None:
    """The actor an event belongs to: dictionary id when known, else country."""
    for mention in event.actor:
        if mention.actor.id:
            return mention.actor.id
    for mention in event.actor:
        if mention.actor.country:
            return mention.actor.country
    return None


def actor_country(event: Event) -> str | None:
    return next((m.actor.country for m in event.actor if m.actor.country), None)


def is_private(event: Event) -> bool:
    if PRIVATE_CHANNEL.search(event.evidence.sentence):
        return True
    sources = [link for link in event.attribution if link.role in ("source", "speaker")]
    return bool(sources) and all(not link.named for link in sources) and event.quote is None


def is_public(event: Event) -> bool:
    if PRIVATE_CHANNEL.search(event.evidence.sentence):
        return False
    if PUBLIC_CHANNEL.search(event.evidence.sentence):
        return True
    sources = [link for link in event.attribution if link.role in ("source", "speaker")]
    return event.status == "asserted" and not sources


def _interval(event: Event) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisoformat(event.date.start) if event.date.start else dt.date.min
    end = dt.date.fromisoformat(event.date.end) if event.date.end else dt.date.max
    return start, end


def overlaps(a: Event, b: Event, slack: dt.timedelta = PERIOD_SLACK) -> bool:
    a_start, a_end = _interval(a)
    b_start, b_end = _interval(b)
    return shift(a_start, -slack) <= shift(b_end, slack) and (
        shift(b_start, -slack) <= shift(a_end, slack)
    )


def _polarity(event: Event) -> str | None:
    if event.event in COOPERATIVE and "negated" not in event.aux_modes:
        return "cooperative"
    if event.event in CONFLICTUAL or (event.event in COOPERATIVE and "negated" in event.aux_modes):
        return "conflictual"
    return None


def link_challenges(events: Sequence[Event], doc: Doc | None = None) -> None:
    """Link a claim that questions signals ("this could be a deception effort") to them.

    "This" rarely points at one clause: it questions the signals reported so far,
    so every earlier private cooperative event of the challenged actor is linked.
    """
    for index, event in enumerate(events):
        if not CHALLENGE.search(event.evidence.sentence):
            continue
        target = next((m.actor.country for m in event.recipient if m.actor.country), None)
        candidates = [
            e
            for e in events[:index]
            if e.event in COOPERATIVE
            and e.id != event.id
            and (target is None or actor_country(e) == target)
        ]
        private = [e for e in candidates if is_private(e)]
        chosen = private or candidates[-1:]
        for signal in chosen:
            if signal.id not in event.related:
                event.related.append(signal.id)


def find_divergences(events: Sequence[Event], doc_id: str | None = None) -> list[Divergence]:
    found: dict[str, Divergence] = {}

    def add(kind: str, members: list[Event], actor: str | None, description: str) -> None:
        ids = [e.id for e in members]
        key = _stable_id(kind, ids)
        if key in found:
            return
        starts = [e.date.start for e in members if e.date.start]
        ends = [e.date.end for e in members if e.date.end]
        period = (min(starts) if starts else None, max(ends) if ends else None)
        found[key] = Divergence(
            id=key, kind=kind, events=ids, actor=actor, description=description, period=period
        )

    # One divergence per public statement: it against every private signal of the
    # same actor, of the opposite polarity, in the same period.
    for public in events:
        key = actor_key(public)
        polarity = _polarity(public)
        if key is None or polarity is None or not is_public(public) or is_private(public):
            continue
        private = [
            e
            for e in events
            if e is not public
            and actor_key(e) == key
            and _polarity(e) not in (None, polarity)
            and is_private(e)
            and overlaps(public, e)
        ]
        if private:
            signals = "; ".join(f"{e.event} ({e.trigger.text!r}, {e.status})" for e in private)
            add(
                "public_vs_private",
                [public, *private],
                key,
                f"{key}: public {public.event} ({public.trigger.text!r}, {public.status}) "
                f"vs private {signals}",
            )

    by_id = {e.id: e for e in events}
    for event in events:
        for related_id in event.related:
            other = by_id.get(related_id)
            if other is None:
                continue
            add(
                "contested",
                [other, event],
                actor_key(other),
                f"{other.event} ({other.trigger.text!r}) is questioned: {event.trigger.text!r} "
                f"({event.status})",
            )

    denied = [e for e in events if e.status == "denied"]
    for denial in denied:
        for claim in events:
            if claim is denial or claim.status == "denied":
                continue
            key = actor_key(claim)
            if key is not None and claim.event == denial.event and key == actor_key(denial):
                add(
                    "claim_vs_denial",
                    [claim, denial],
                    actor_key(claim),
                    f"{claim.event} ({claim.status}) is denied: {denial.evidence.sentence[:120]!r}",
                )
    return list(found.values())
