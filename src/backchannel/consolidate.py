"""Consolidation across documents: copies, re-reports, stories, independent origins.

Pure functions over export records (the dicts :mod:`backchannel.export` and the store
produce), so they run the same on ledgers in memory and on a whole database:

* :func:`find_copies` — near-duplicate and syndicated copies, by MinHash LSH
  (datasketch) over word shingles; each copy points at one original with a Jaccard
  estimate. A document's signature (:func:`text_signature`) depends on its text
  only, so the store keeps it and passes it back rather than hashing it again.
* :func:`document_citations` / :func:`event_origin` — re-reports: which outlet an
  event comes from ("The New York Times reported", "citing Reuters", "as reported by
  European Pravda, citing the NYT"): the innermost cited outlet, else the outlet of the
  document (or of the original it copies).
* :func:`build_stories` — events of different documents merged when they are the same
  happening: same PLOVER type, same actor countries, compatible recipients, date
  intervals that overlap, the same polarity (a denial does not corroborate a
  claim; it contradicts it) and the same on-record voice (:func:`event_voice`: a
  named person's statement of another person's stance — "Peskov said Putin is ready
  to talk" — is that spokesman's public speech act, a happening of its own, not a
  report of what the actor signalled behind closed doors). Each story counts reports, documents,
  outlets and independent origins (origins after collapsing copies and re-reports).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

from .casefold import fold
from .dates import shift

__all__ = [
    "Citation",
    "Consolidation",
    "Copy",
    "Origin",
    "build_stories",
    "consolidate",
    "document_citations",
    "event_origin",
    "event_voice",
    "find_copies",
    "normalize_outlet",
    "shingles",
    "signature_scheme",
    "text_signature",
]

SHINGLE_WORDS = 5
NUM_PERM = 128
COPY_THRESHOLD = 0.5  # syndicated copies are trimmed and restyled: 0.6-0.7 is typical
# A report without a time phrase is dated by its publication: the happening was at
# most this many days before it.
UNDATED_WINDOW_DAYS = 31
SLACK_DAYS = 2  # a day-dated event reported a day late still overlaps

_WORD = re.compile(r"\w+", re.UNICODE)
# Words that refer back to the outlet a re-report relies on.
_GENERIC_REFERENCES = frozenset(
    {"newspaper", "paper", "publication", "report", "daily", "outlet", "agency", "times", "article"}
)
_CUE_BEFORE = re.compile(
    r"(?:citing|according\s+to|reported\s+by|quoted\s+by|published\s+by|cited\s+by|told|"
    r"carried\s+by|via|in\s+an?\s+(?:report|article|interview)\s+(?:in|with|by))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(
    r"^(?:'s?)?\s*(?:\w+\s+){0,2}?(?:reported|reports|said|says|wrote|writes|cited|quoted|"
    r"revealed|first\s+reported|has\s+reported|had\s+reported)\b",
    re.IGNORECASE,
)
_TITLE_CUE = re.compile(r"^\s*[:\-–—|]|^\s+says\b", re.IGNORECASE)


# -- outlets -------------------------------------------------------------------------


@functools.cache
def _aliases() -> dict[str, str]:
    text = (resources.files("backchannel") / "data" / "consolidate" / "outlets.tsv").read_text(
        encoding="utf-8"
    )
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, _, canonical = line.partition("\t")
        table[alias.strip().lower()] = canonical.strip()
    return table


@functools.cache
def _alias_pattern() -> re.Pattern[str]:
    # Longest first so "new york times" wins over "times"; short ones (AP, RT, FT)
    # must be written in capitals, or "ap" in running text would count.
    parts = []
    for alias in sorted(_aliases(), key=len, reverse=True):
        escaped = r"\s+".join(re.escape(word) for word in alias.split())
        parts.append(f"(?-i:{escaped.upper()})" if len(alias) <= 3 else escaped)
    return re.compile(r"(?<![\w-])(?:the\s+)?(" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def _key(name: str) -> str:
    # fold, not lower: the alias pattern is case-insensitive, so "Tımes" (dotless i)
    # matches "times" and must find it in the table.
    words = _WORD.findall(fold(name).replace("'s", ""))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def normalize_outlet(name: str | None) -> str | None:
    """A canonical outlet name: ``"the NYT"`` -> ``"The New York Times"``; unknown names
    are kept as written (outer "the" and spaces tidied)."""
    if name is None or not name.strip():
        return None
    key = _key(name)
    if key in _aliases():
        return _aliases()[key]
    return " ".join(name.split())


def _known_outlet_in(text: str) -> str | None:
    """The canonical name of the first known outlet named inside ``text``."""
    match = _alias_pattern().search(text)
    if match is None:
        return None
    return _aliases()[_key(match.group(1))]


# -- copies ----------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Copy:
    """``doc`` is a near-copy of ``original`` (estimated Jaccard of word shingles)."""

    doc: str
    original: str
    jaccard: float


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of ``size`` lower-cased words (the whole text when shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _published(document: Mapping[str, Any]) -> str | None:
    value = document.get("published")
    if isinstance(value, Mapping):
        value = value.get("date")
    return value if isinstance(value, str) and value else None


def _document_order(document: Mapping[str, Any]) -> tuple[bool, str, str]:
    # Not the time a document was stored: the result must not depend on the order
    # documents arrived in (a resumed run stores them in another order).
    published = _published(document)
    return (published is None, published or "", document["id"])


_MINHASH_SEED = 1  # fixed: the copies found must not vary between runs


@functools.cache
def _hash_format() -> tuple[str, Any]:
    """datasketch's permutation scheme and hash-value type (little-endian when stored)."""
    from datasketch import MinHash

    probe = MinHash(num_perm=1, seed=_MINHASH_SEED)
    return probe.scheme, probe.hashvalues.dtype.newbyteorder("<")


def signature_scheme(num_perm: int = NUM_PERM, shingle_words: int = SHINGLE_WORDS) -> str:
    """What a stored signature was computed with; one computed otherwise is not reused."""
    scheme, dtype = _hash_format()
    return (
        f"minhash {scheme} {dtype.str} seed={_MINHASH_SEED} perm={num_perm} words={shingle_words}"
    )


def text_signature(
    document: Mapping[str, Any],
    *,
    num_perm: int = NUM_PERM,
    shingle_words: int = SHINGLE_WORDS,
) -> bytes | None:
    """The MinHash of a document's title and body as bytes (its hash values), or None
    for a text without words (it is nobody's copy)."""
    from datasketch import MinHash

    text = f"{document.get('title') or ''}\n{document.get('body') or ''}"
    grams = shingles(text, shingle_words)
    if not grams:
        return None
    minhash = MinHash(num_perm=num_perm, seed=_MINHASH_SEED)
    minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return minhash.hashvalues.astype(_hash_format()[1]).tobytes()


def _minhash(signature: bytes, num_perm: int) -> Any:
    import numpy as np
    from datasketch import LeanMinHash

    scheme, dtype = _hash_format()
    values = np.frombuffer(signature, dtype=dtype)
    if len(values) != num_perm:
        raise ValueError(f"a signature of {len(values)} hash values, expected {num_perm}")
    return LeanMinHash(seed=_MINHASH_SEED, hashvalues=values, scheme=scheme)


def _jaccard(a: Any, b: Any) -> float:
    """``MinHash.jaccard`` without its checks (every signature here has one scheme, seed
    and length): called for every LSH candidate pair."""
    import numpy as np

    return float(np.count_nonzero(a.hashvalues == b.hashvalues)) / float(len(a.hashvalues))


def find_copies(
    documents: Sequence[Mapping[str, Any]],
    *,
    threshold: float = COPY_THRESHOLD,
    num_perm: int = NUM_PERM,
    shingle_words: int = SHINGLE_WORDS,
    signatures: Mapping[str, bytes | None] | None = None,
) -> list[Copy]:
    """Near-duplicate groups by MinHash LSH; in each group the earliest published
    document is the original and every other one a copy of it.

    ``documents`` are records with ``id``, ``title``, ``body`` and ``published`` (an
    ISO date or the export's ``{"date": ...}``). ``signatures`` maps doc ids to their
    :func:`text_signature` (computed with the same ``num_perm`` and
    ``shingle_words``); documents not in it are hashed here. Deterministic (fixed seed).
    """
    from datasketch import MinHashLSH

    known = signatures or {}
    hashes: dict[str, Any] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    ordered = sorted(documents, key=_document_order)
    for document in ordered:
        doc_id = document["id"]
        if doc_id in known:
            signature = known[doc_id]
        else:
            signature = text_signature(document, num_perm=num_perm, shingle_words=shingle_words)
        if signature is None:
            continue
        minhash = _minhash(signature, num_perm)
        hashes[doc_id] = minhash
        lsh.insert(doc_id, minhash)

    parent: dict[str, str] = {doc_id: doc_id for doc_id in hashes}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    rank = {document["id"]: i for i, document in enumerate(ordered)}
    for doc_id, minhash in hashes.items():  # in rank order
        for other in lsh.query(minhash):
            # Each pair once, from its earlier document (LSH candidates are mutual);
            # the order pairs are joined in does not matter: a group's root is its
            # earliest document whatever the order.
            if rank[other] <= rank[doc_id] or _jaccard(minhash, hashes[other]) < threshold:
                continue
            a, b = root(doc_id), root(other)
            if a != b:  # the earlier document stays the group's root
                first, second = (a, b) if rank[a] < rank[b] else (b, a)
                parent[second] = first
    copies = [
        Copy(doc_id, root(doc_id), round(_jaccard(hashes[doc_id], hashes[root(doc_id)]), 3))
        for doc_id in hashes
        if root(doc_id) != doc_id
    ]
    return sorted(copies, key=lambda c: (rank[c.original], rank[c.doc]))


# -- re-reports ----------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Citation:
    """A document names another outlet as its source (``cue`` as written)."""

    outlet: str
    start: int  # offsets into "title\nbody"
    end: int
    cue: str


def document_citations(document: Mapping[str, Any]) -> list[Citation]:
    """Outlets the document relies on ("X reported", "citing X", "according to X",
    a headline "NYT - ..."), in text order, its own outlet left out."""
    title = str(document.get("title") or "")
    text = f"{title}\n{document.get('body') or ''}"
    own = normalize_outlet(document.get("outlet"))
    out: list[Citation] = []
    for match in _alias_pattern().finditer(text):
        outlet = _aliases()[_key(match.group(1))]
        if outlet == own:
            continue
        before = text[max(0, match.start() - 60) : match.start()]
        after = text[match.end() : match.end() + 40]
        cue = None
        found = _CUE_BEFORE.search(before)
        if found:
            cue = found.group(0).strip()
        else:
            found_after = _CUE_AFTER.match(after)
            if found_after:
                cue = found_after.group(0).strip()
            elif match.end() <= len(title) and (
                _TITLE_CUE.match(after) or not title[: match.start()].strip()
            ):
                cue = "headline"
        if cue is not None:
            out.append(Citation(outlet, match.start(), match.end(), cue))
    return out


@dataclass(slots=True)
class Origin:
    """Where an event's report comes from.

    ``how``: ``own`` (the document's outlet), ``copy`` (the outlet of the original the
    document copies), ``cited`` (an outlet the attribution chain cites), ``relay``
    (resolved through another report of the same story).
    """

    outlet: str
    how: str
    via: list[str] = field(default_factory=list)  # the outlets passed through, outermost first


def _cited_outlet(text: str, citations: Sequence[Citation], own: str | None) -> str | None:
    known = _known_outlet_in(text)
    if known is not None and known != own:
        return known
    if known is None:
        words = set(_WORD.findall(text.lower()))
        if words & _GENERIC_REFERENCES and citations:
            if "times" in words:
                for citation in citations:
                    if "Times" in citation.outlet:
                        return citation.outlet
            return citations[0].outlet
    return None


def event_origin(
    event: Mapping[str, Any],
    document: Mapping[str, Any],
    *,
    citations: Sequence[Citation] | None = None,
    original: Mapping[str, Any] | None = None,
) -> Origin:
    """The outlet an event's report originates from: the innermost cited outlet of its
    attribution chain; else, when a source is "the report"/"the newspaper", the outlet
    the document cites; else the document's outlet, or its original's when the
    document is a copy."""
    own = normalize_outlet(document.get("outlet"))
    if citations is None:
        citations = document_citations(document)
    cited: list[str] = []
    for link in event.get("attribution") or []:
        role = link.get("role")
        text = str(link.get("text") or "")
        if role == "cited_outlet":
            outlet = _cited_outlet(text, citations, own) or (
                normalize_outlet(text) if not _known_outlet_in(text) else None
            )
        elif role == "source" and citations:
            words = set(_WORD.findall(text.lower()))
            outlet = _cited_outlet(text, citations, own) if words & _GENERIC_REFERENCES else None
        else:
            outlet = None
        if outlet and outlet != own and outlet not in cited:
            cited.append(outlet)
    if cited:
        return Origin(cited[-1], "cited", cited)
    if original is not None:
        source = normalize_outlet(original.get("outlet")) or f"doc:{str(original['id'])[:12]}"
        if source != own:
            return Origin(source, "copy", [source])
    return Origin(own or f"doc:{str(document['id'])[:12]}", "own", [])


# -- voices ----------------------------------------------------------------------

# PLOVER types whose event is a stance conveyed in words (the ledger's verbal types
# less CONSULT: a meeting or call is one happening whoever tells of it).
_STANCE_TYPES = frozenset(
    {"AGREE", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "CONCEDE"}
)
_NAME_WORD = re.compile(r"[A-Z][\w'’-]*\w")


@functools.cache
def _people() -> Any:
    from .actors import ActorDictionary

    return ActorDictionary.load()


def _person_in(text: str) -> str | None:
    """The dictionary person a source names (``"Dmitry S. Peskov, the Kremlin
    spokesman"`` -> ``"peskov"``): the last known person's name before any apposition."""
    people = _people()
    head = re.split(r"[,(;]", text, maxsplit=1)[0]
    for word in reversed(_NAME_WORD.findall(head)):
        actor = people.lookup(word)
        entry = people.get(actor.id) if actor is not None and actor.id else None
        if entry is not None and entry.type == "person":
            return str(entry.id)
    return None


def event_voice(event: Mapping[str, Any]) -> str | None:
    """Whose on-record statement a stance event is, when a named person speaks for
    another: ``"Peskov said Putin was open to talks"`` -> ``"peskov"``.

    The spokesman's public statement is a happening of its own, dated when he spoke;
    it is not a report of what the actor (a person) signalled in private, and it must
    not turn a story that rests on one outlet's anonymous sources into a story with a
    second origin. No voice (``None``) for anonymous sources, outlets, pronouns,
    people the actor dictionary does not know, a person speaking for himself, a
    state or government actor (whose officials speak for it), and events that are
    deeds rather than stances.
    """
    if event.get("event") not in _STANCE_TYPES:
        return None
    people = _people()
    actors = {str(a.get("id")) for a in event.get("actor") or [] if a.get("id")}
    if not actors or not all(
        (entry := people.get(ident)) is not None and entry.type == "person" for ident in actors
    ):
        return None
    candidates = [
        str(link.get("text") or "")
        for link in event.get("attribution") or []
        if link.get("role") in ("source", "speaker") and link.get("named") and not link.get("own")
    ]
    speaker = (event.get("quote") or {}).get("speaker")
    if speaker:
        candidates.append(str(speaker))
    for text in candidates:
        person = _person_in(text)
        if person is not None and person not in actors:
            return person
    return None


# -- stories ---------------------------------------------------------------------


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _interval(event: Mapping[str, Any]) -> tuple[dt.date, dt.date, bool]:
    """(start, end, weak): open ends bounded by the report's publication date; an
    undated report is weak: sometime in the month before publication."""
    info = event.get("date_info") or {}
    published = _day((event.get("source") or {}).get("published"))
    start, end = _day(info.get("start")), _day(info.get("end"))
    if info.get("from_publication") or (start is None and end is None):
        if published is None:
            return dt.date.min, dt.date.max, True
        return shift(published, -dt.timedelta(days=UNDATED_WINDOW_DAYS)), published, True
    if end is None:
        end = max(published, start) if published and start else dt.date.max
    return start or dt.date.min, end, False


def _countries(entries: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(sorted({str(e["country"]) for e in entries if e.get("country")}))


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    slack = dt.timedelta(days=SLACK_DAYS)
    a_end = a[1] + slack if a[1] < dt.date.max - slack else dt.date.max
    b_end = b[1] + slack if b[1] < dt.date.max - slack else dt.date.max
    return a[0] <= b_end and b[0] <= a_end


_StoryKey = tuple[str, tuple[str, ...], str, str]  # type, actor countries, polarity, voice


@dataclass
class _Draft:
    key: _StoryKey
    recipient: tuple[str, ...]
    core: tuple[dt.date, dt.date]
    strong: bool
    members: list[Mapping[str, Any]] = field(default_factory=list)


def build_stories(
    events: Sequence[Mapping[str, Any]],
    documents: Mapping[str, Mapping[str, Any]],
    origins: Mapping[str, Origin],
    copies: Mapping[str, Copy] | None = None,
) -> list[dict[str, Any]]:
    """Merge event records into story records (see the module docstring for the rule).

    ``documents`` maps doc ids to document records; ``origins`` maps event ids to their
    :class:`Origin`; ``copies`` maps a copy's doc id to its :class:`Copy`.
    """
    copies = copies or {}
    drafts: list[_Draft] = []
    by_key: dict[_StoryKey, list[_Draft]] = {}

    def order(event: Mapping[str, Any]) -> tuple[Any, ...]:
        start, end, weak = _interval(event)
        published = (event.get("source") or {}).get("published") or "9999"
        return (weak, start, end, published, _doc_id(event), event["id"])

    for event in sorted(events, key=order):
        actors = _countries(event.get("actor") or [])
        recipients = _countries(event.get("recipient") or [])
        polarity = "denied" if event.get("status") == "denied" else "affirmed"
        key = (str(event.get("event")), actors, polarity, event_voice(event) or "")
        start, end, weak = _interval(event)
        target = None
        if actors:  # without a known actor country, a report stays a story of its own
            for draft in by_key.get(key, []):
                if recipients and draft.recipient and recipients != draft.recipient:
                    continue
                if _overlap(draft.core, (start, end)):
                    target = draft
                    break
        if target is None:
            target = _Draft(key, recipients, (start, end), not weak)
            drafts.append(target)
            by_key.setdefault(key, []).append(target)
        else:
            if not weak:
                if target.strong:
                    low, high = max(target.core[0], start), min(target.core[1], end)
                    # Overlapping only within the slack ("Monday" vs "Sunday"): the
                    # core is the gap between them, never an interval ending first.
                    target.core = (low, high) if low <= high else (high, low)
                else:
                    target.core, target.strong = (start, end), True
            if recipients and not target.recipient:
                target.recipient = recipients
        target.members.append(event)

    stories = [_story(d, documents, origins, copies) for d in drafts]
    story_of = {id(draft): story for draft, story in zip(drafts, stories, strict=True)}
    # Claims and denials of the same happening point at each other (rivals looked up
    # by key: comparing every story with every other is quadratic in the corpus).
    for story, draft in zip(stories, drafts, strict=True):
        opposite = "affirmed" if draft.key[2] == "denied" else "denied"
        rival_key = (draft.key[0], draft.key[1], opposite, draft.key[3])
        story["contradicted_by"] = sorted(
            story_of[id(other_draft)]["id"]
            for other_draft in (by_key.get(rival_key, []) if draft.key[1] else [])
            if _overlap(draft.core, other_draft.core)
        )
    stories.sort(key=lambda s: (-s["reports"], s["date"] or "9999", s["id"]))
    return stories


def _doc_id(event: Mapping[str, Any]) -> str:
    return str((event.get("evidence") or {}).get("doc") or (event.get("source") or {}).get("doc"))


def _iso(day: dt.date) -> str | None:
    return None if day in (dt.date.min, dt.date.max) else day.isoformat()


def _story(
    draft: _Draft,
    documents: Mapping[str, Mapping[str, Any]],
    origins: Mapping[str, Origin],
    copies: Mapping[str, Copy],
) -> dict[str, Any]:
    members = sorted(
        draft.members,
        key=lambda e: ((e.get("source") or {}).get("published") or "9999", _doc_id(e), e["id"]),
    )
    # Re-reports of re-reports: an outlet that, in this story, itself relies on another
    # outlet passes its citations on ("according to The Japan Times", which carried the
    # NYT's report, is the NYT's report).
    relays: dict[str, str] = {}
    for event in members:
        outlet = normalize_outlet((documents.get(_doc_id(event)) or {}).get("outlet"))
        origin = origins.get(event["id"])
        if outlet and origin is not None and origin.outlet != outlet:
            relays.setdefault(outlet, origin.outlet)
    evidence = []
    for event in members:
        doc_id = _doc_id(event)
        document = documents.get(doc_id) or {}
        origin = origins.get(event["id"]) or Origin(
            normalize_outlet(document.get("outlet")) or f"doc:{doc_id[:12]}", "own"
        )
        resolved, via, how = origin.outlet, list(origin.via), origin.how
        seen = {resolved}
        while resolved in relays and relays[resolved] not in seen:
            resolved = relays[resolved]
            seen.add(resolved)
            via.append(resolved)
            how = "relay"
        copy = copies.get(doc_id)
        evidence.append(
            {
                "event": event["id"],
                "doc": doc_id,
                "outlet": document.get("outlet"),
                "published": _published(document),
                "status": event.get("status"),
                "origin": resolved,
                "origin_how": how,
                "origin_via": via,
                "copy_of": copy.original if copy else None,
                "jaccard": copy.jaccard if copy else None,
                "event_text": event.get("event_text"),
                "start": (event.get("evidence") or {}).get("start"),
                "end": (event.get("evidence") or {}).get("end"),
                "summary": event.get("summary"),
            }
        )
    first = members[0]
    outlets = sorted({e["outlet"] or f"doc:{e['doc'][:12]}" for e in evidence})
    origin_names = sorted({e["origin"] for e in evidence})
    statuses: dict[str, int] = {}
    for event in members:
        statuses[str(event.get("status"))] = statuses.get(str(event.get("status")), 0) + 1
    digest = hashlib.sha1(f"{first['id']}".encode()).hexdigest()[:16]
    names: list[str] = []
    codes: list[str] = []
    for event in members:
        for entry in event.get("actor") or []:
            name, code = entry.get("name") or entry.get("text"), entry.get("code")
            if name and name not in names:
                names.append(name)
            if code and code not in codes:
                codes.append(code)
    return {
        "id": f"st-{digest}",
        "event": draft.key[0],
        "actor": list(draft.key[1]),
        "recipient": list(draft.recipient),
        "actor_codes": codes,
        "actor_names": names[:8],
        "polarity": draft.key[2],
        "voice": draft.key[3] or None,
        "date": _iso(draft.core[0]),
        "enddate": _iso(draft.core[1]),
        "date_from_publication": not draft.strong,
        "reports": len(members),
        "documents": len({e["doc"] for e in evidence}),
        "outlets": len(outlets),
        "independent_origins": len(origin_names),
        "outlet_names": outlets,
        "origins": origin_names,
        "statuses": statuses,
        "summary": first.get("summary") or first.get("event_text"),
        "event_text": first.get("event_text"),
        "evidence": evidence,
    }


# -- everything ------------------------------------------------------------------------


@dataclass(slots=True)
class Consolidation:
    copies: list[Copy]
    citations: dict[str, list[Citation]]  # doc id -> outlets it relies on
    origins: dict[str, Origin]  # event id -> origin
    stories: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "copies": [asdict(c) for c in self.copies],
            "citations": {k: [asdict(c) for c in v] for k, v in self.citations.items()},
            "origins": {k: asdict(v) for k, v in self.origins.items()},
            "stories": self.stories,
        }


def consolidate(
    documents: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
    *,
    copy_threshold: float = COPY_THRESHOLD,
    signatures: Mapping[str, bytes | None] | None = None,
) -> Consolidation:
    """Copies, citations, event origins and stories for a set of documents and their
    event records (as :func:`backchannel.export.to_plover_json` or the store gives them).

    ``signatures``: documents' :func:`text_signature` already known (by doc id)."""
    by_id = {d["id"]: d for d in documents}
    copies = find_copies(documents, threshold=copy_threshold, signatures=signatures)
    copy_of = {c.doc: c for c in copies}
    citations = {d["id"]: document_citations(d) for d in documents}
    origins: dict[str, Origin] = {}
    for event in events:
        doc_id = _doc_id(event)
        document = by_id.get(doc_id) or {
            "id": doc_id,
            "outlet": (event.get("source") or {}).get("outlet"),
        }
        copy = copy_of.get(doc_id)
        original = by_id.get(copy.original) if copy else None
        origins[event["id"]] = event_origin(
            event, document, citations=citations.get(doc_id, []), original=original
        )
    stories = build_stories(events, by_id, origins, copy_of)
    return Consolidation(copies, {k: v for k, v in citations.items() if v}, origins, stories)
