"""Code a description the dictionary does not know ("the Russian finance minister",
"an Italian tribunal", "the defence minister") from its own words.

The event coder calls :func:`describe` for an agentive subject no mention covers. The
sector comes from the head noun (the resolver's tables); the country from a
nationality word, an "of/from <country>" after the head ("in <place>" for sectors that
belong where they are), or, for a state office named alone, from the sentence when it
names exactly one country and names it as the place of the action.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Actor, Mention
from ._dictionary import ActorDictionary, norm_token
from ._resolve import (
    GROUPS,
    LOCAL_SECTORS,
    LOCATIVE,
    OWNING_PREPS,
    PLACE_PREPS,
    TITLE_SECTORS,
    TITLES,
    head_sector,
    region_country,
    stance_prefixed,
)

# Offices of the state: named alone ("the interior minister", "police"), they belong
# to the country the sentence is about. Rebels, protesters or journalists do not.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# How a description coded from its words is marked (a dictionary match says name/alias).
VIA_DESCRIPTION = "description"
VIA_UNRESOLVED = "unresolved"


def describe(
    phrase: Any, mentions: Sequence[Mention], book: ActorDictionary | None = None
) -> tuple[Actor, str]:
    """(actor, via) for a noun phrase (a spaCy Span ending at its head). ``mentions``
    are the document's mentions, for the sentence's countries. The actor is coded
    (via "description") when the text gives the country; otherwise it keeps only
    the sector the head noun gives (via "unresolved", no code)."""
    book = book or ActorDictionary.load()
    keys = [norm_token(t.text) for t in phrase]
    sector = _sector(keys)
    country = _country_in(phrase, sector, book)
    if country is None and sector in STATE_SECTORS:
        country = _sentence_country(phrase, mentions, book)
    name = phrase.text
    if country is None:
        return Actor(None, name, None, None, sector), VIA_UNRESOLVED
    code = f"{country} {sector}" if sector else country
    return Actor(None, name, code, country, sector), VIA_DESCRIPTION


def noun_sector(word: str) -> str | None:
    """The sector a noun names by itself ("separatists" REB, "minister" GOV), if any."""
    return _sector([norm_token(word)])


def _sector(keys: list[str]) -> str | None:
    """The sector of the head noun: the longest title or actor noun ending the phrase."""
    end = len(keys)
    for start in range(end):
        phrase = " ".join(keys[start:end])
        if phrase in TITLES:
            return TITLE_SECTORS.get(phrase, "GOV")
        if phrase in GROUPS:
            return head_sector(keys, phrase, 0, end, 0)
    return None


def _country_in(phrase: Any, sector: str | None, book: ActorDictionary) -> str | None:
    """The country named in the phrase or its "of/from" complement ("the Russian
    finance minister", "the foreign minister of Chad"; "a court in Rome" for sectors
    that belong where they are), if only one is."""
    head = phrase[-1]
    tokens = list(phrase)
    preps = OWNING_PREPS + PLACE_PREPS if sector in LOCAL_SECTORS else OWNING_PREPS
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            tokens += [t for t in prep.subtree if t.i > prep.i]
    keys = [norm_token(t.text) for t in tokens]
    found: set[str] = set()
    i = 0
    while i < len(keys):
        country, end = _country_at(keys, i, book)
        if country is not None and stance_prefixed(keys, i):
            pass  # "pro-Russian separatists" are not Russia's
        elif country is not None and (end >= len(keys) or keys[end] != "-"):
            found.add(country)  # not "American-supported": a compound modifier
        i = end
    return found.pop() if len(found) == 1 else None


def _country_at(keys: list[str], i: int, book: ActorDictionary) -> tuple[str | None, int]:
    """(country, end) of the dictionary phrase at ``i``, the longest one only ("The
    Washington Post" is a newspaper, not Washington); (None, next index) otherwise."""
    for end, pats in book.match_at(keys, i)[:1]:
        for pat in pats:
            entry = book.entries[pat.target]
            if entry.type == "country" and pat.kind in ("name", "demonym", "metonym"):
                return entry.id, end
            home = region_country(book, entry)
            if home is not None and pat.kind in ("name", "demonym"):
                return home, end
        return None, end
    return None, i + 1


def _sentence_country(
    phrase: Any, mentions: Sequence[Mention], book: ActorDictionary
) -> str | None:
    """The one country the sentence names, when it names it as the place of the
    action ("arrested them in Lagos"): a country named otherwise may be the other
    side ("the finance minister accused Russia"), so it must also be the only one."""
    sent = phrase.sent
    doc = phrase.doc
    countries: set[str] = set()
    located = False
    for m in mentions:
        if not (sent.start_char <= m.start < sent.end_char) or not m.actor.country:
            continue
        entry = book.entries.get(m.actor.country)
        if entry is None or entry.type != "country":
            return None  # an organisation or other body: not one country's sentence
        countries.add(m.actor.country)
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        head = span.root.head if span is not None else None
        # "arrested them in Lagos" (the verb's place), not "visited troops in Iraq"
        located = located or (
            head is not None
            and head.dep_ == "prep"
            and head.lower_ in LOCATIVE
            and head.head.pos_ in ("VERB", "AUX")
        )
    return countries.pop() if located and len(countries) == 1 else None
