"""The actor dictionary: countries, organisations, bodies and people, as data.

Bundled data lives in ``backchannel/data/actors/`` (``countries.csv`` plus YAML
files); users extend it with YAML files and plugins (see ``docs/actors.md``).
Everything is normalized once into a token trie so that matching a document is
one linear pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import importlib.metadata
import io
import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..model import Actor

ENV_VAR = "BACKCHANNEL_ACTORS"
ENTRY_POINT_GROUP = "backchannel.actor_dictionaries"
TYPES = ("country", "igo", "ngo", "body", "person")
SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "LEG",
        "JUD",
        "OPP",
        "REB",
        "BUS",
        "JRN",
        "MED",
        "IGO",
        "NGO",
        "SPY",
        "CVL",
        "COP",
        "EDU",
        "REL",
        "LAB",
        "REF",
        "HLH",
        "IMG",
        "ELI",
        "PTY",
        "CRM",
        "UAF",
        "SOC",
        "AGR",
        "PRE",
    ]
)
SECTOR_LABELS = {
    "GOV": "government",
    "MIL": "military",
    "LEG": "legislature",
    "JUD": "judiciary",
    "OPP": "opposition",
    "REB": "rebels",
    "BUS": "business",
    "JRN": "media",
    "MED": "health",
    "EDU": "education",
    "REF": "refugees",
    "LAB": "labour",
    "ELI": "former officials",
    "SPY": "intelligence",
    "CVL": "civilians",
    "COP": "police",
    "IGO": "organisation",
    "NGO": "organisation",
}
_ENTRY_KEYS = frozenset(
    [
        "id",
        "type",
        "name",
        "country",
        "sector",
        "gender",
        "code",
        "aliases",
        "ambiguous",
        "descriptions",
        "demonyms",
        "capitals",
        "roles",
        "status",
        "merge",
    ]
)
_ROLE_KEYS = frozenset(["code", "sector", "role", "from", "to", "leader", "descriptions"])
_LIST_KEYS = ("aliases", "ambiguous", "descriptions", "demonyms", "capitals", "roles")


# --- normalization -----------------------------------------------------------


@functools.cache
def _tokenizer() -> Any:
    # A blank English tokenizer splits aliases exactly as the pipeline splits text.
    from spacy.lang.en import English

    return English().tokenizer


@functools.lru_cache(maxsize=65536)
def norm_token(text: str) -> str:
    """Case-, diacritic- and dot-insensitive key of one token ("U.S." -> "us")."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.replace("’", "'").replace("‘", "'").replace("`", "'")
    if folded in ("'s", "'"):
        return folded
    return folded.replace(".", "")


def phrase_tokens(text: str) -> list[tuple[str, str]]:
    """(surface, key) pairs of a phrase, empty keys (lone dots) dropped."""
    return list(_phrase_tokens(text.strip()))


@functools.lru_cache(maxsize=65536)
def _phrase_tokens(text: str) -> tuple[tuple[str, str], ...]:
    words = text.split()
    tokenizer = _tokenizer()
    if all(w.isalnum() and w not in tokenizer.rules for w in words):
        # Plain words: the tokenizer would split on spaces only (the common case,
        # and much faster for the thousands of names loaded at start-up).
        return tuple((w, norm_token(w)) for w in words)
    out = []
    for tok in tokenizer(text):
        key = norm_token(tok.text)
        if key and not tok.is_space:
            out.append((tok.text, key))
    return tuple(out)


def phrase_key(text: str) -> tuple[str, ...]:
    """Normalized key of a phrase for lookups: no leading "the", no trailing "'s"."""
    keys = [k for _, k in phrase_tokens(text)]
    if keys and keys[0] == "the":
        keys = keys[1:]
    while keys and keys[-1] in ("'s", "'"):
        keys = keys[:-1]
    return tuple(keys)


# --- entries -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Role:
    """A role valid from ``start`` (inclusive) to ``end`` (exclusive); None = open."""

    code: str
    sector: str | None
    role: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    leader: bool = False  # head of state/government ("the Russian leader")
    descriptions: tuple[str, ...] = ()

    @property
    def country(self) -> str:
        return self.code.split()[0]

    def valid(self, on: dt.date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One dictionary record (a country, organisation, body or person)."""

    id: str
    type: str
    name: str
    country: str | None = None
    sector: str | None = None  # used when no role is valid on the date asked
    gender: str | None = None  # m / f, for pronouns
    aliases: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()  # aliases that need NER or prior-mention support
    descriptions: tuple[str, ...] = ()  # need the actor named earlier in the text
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()  # capitals and seats of government -> GOV
    roles: tuple[Role, ...] = ()
    status: str | None = None  # countries: member / observer / other

    def role_on(self, on: dt.date | None) -> Role | None:
        """The role valid on a date; without a date, the current (open) or last one."""
        if not self.roles:
            return None
        if on is None:
            open_roles = [r for r in self.roles if r.end is None]
            if open_roles:
                return max(open_roles, key=lambda r: r.start or dt.date.min)
            return max(self.roles, key=lambda r: r.end or dt.date.max)
        valid = [r for r in self.roles if r.valid(on)]
        if not valid:
            return None
        # Overlaps are rare (e.g. a leader flag); the most recently started wins.
        return max(valid, key=lambda r: r.start or dt.date.min)


def _sector_of(code: str) -> str | None:
    parts = code.split()
    return parts[1] if len(parts) > 1 else None


def make_actor(entry: ActorEntry, on: dt.date | None) -> Actor:
    role = entry.role_on(on)
    if role is not None:
        return Actor(entry.id, entry.name, role.code, role.country, role.sector, role.role)
    country = entry.country
    sector = entry.sector
    code = f"{country} {sector}" if country and sector else country
    return Actor(entry.id, entry.name, code, country, sector, None)


# --- parsing -----------------------------------------------------------------


class _Bad(Exception):
    """A schema problem inside one entry; turned into a ConfigError with context."""


def _as_list(value: Any, key: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    raise _Bad(f"{key!r} must be a list")


def _as_strs(value: Any, key: str) -> tuple[str, ...]:
    items = _as_list(value, key)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise _Bad(f"{key!r} must contain non-empty strings, got {item!r}")
    return tuple(s.strip() for s in items)


def _as_date(value: Any, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Bad(f"role {key!r} must be a date YYYY-MM-DD, got {value!r}")


def _check_code(code: Any) -> str:
    if not isinstance(code, str) or not code.strip():
        raise _Bad(f"'code' must be a string such as 'RUS GOV', got {code!r}")
    parts = code.split()
    if len(parts) > 2 or not parts[0].isupper():
        raise _Bad(f"'code' must be 'CCC' or 'CCC SECTOR' in capitals, got {code!r}")
    if len(parts) == 2 and parts[1] not in SECTORS:
        raise _Bad(f"unknown sector {parts[1]!r} in code {code!r}")
    return " ".join(parts)


def _parse_role(raw: Any) -> Role:
    if not isinstance(raw, Mapping):
        raise _Bad(f"each role must be a mapping, got {raw!r}")
    unknown = set(raw) - _ROLE_KEYS
    if unknown:
        raise _Bad(f"unknown role key(s) {sorted(unknown)}")
    code = _check_code(raw.get("code"))
    sector = raw.get("sector", _sector_of(code))
    if sector is not None and sector != _sector_of(code):
        raise _Bad(f"role sector {sector!r} disagrees with code {code!r}")
    start, end = _as_date(raw.get("from"), "from"), _as_date(raw.get("to"), "to")
    if start and end and end <= start:
        raise _Bad(f"role 'to' ({end}) is not after 'from' ({start})")
    return Role(
        code=code,
        sector=sector,
        role=raw.get("role"),
        start=start,
        end=end,
        leader=bool(raw.get("leader", False)),
        descriptions=_as_strs(raw.get("descriptions"), "descriptions"),
    )


def _parse_entry(raw: Any, base: ActorEntry | None) -> ActorEntry:
    if not isinstance(raw, Mapping):
        raise _Bad(f"each actor must be a mapping, got {type(raw).__name__}")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise _Bad(f"unknown key(s) {sorted(unknown)}")
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise _Bad("missing 'id'")
    merge = bool(raw.get("merge", False)) and base is not None
    if merge:
        assert base is not None
        fields: dict[str, Any] = {
            "type": base.type,
            "name": base.name,
            "country": base.country,
            "sector": base.sector,
            "gender": base.gender,
            "status": base.status,
        }
    else:
        fields = {
            "type": "body",
            "name": None,
            "country": None,
            "sector": None,
            "gender": None,
            "status": None,
        }
    for key in ("type", "name", "country", "sector", "gender", "status"):
        if key in raw:
            fields[key] = raw[key]
    if fields["type"] not in TYPES:
        raise _Bad(f"'type' must be one of {', '.join(TYPES)}, got {fields['type']!r}")
    if not isinstance(fields["name"], str) or not fields["name"].strip():
        raise _Bad("missing 'name'")
    if fields["sector"] is not None and fields["sector"] not in SECTORS:
        raise _Bad(f"unknown sector {fields['sector']!r}")
    if fields["gender"] not in (None, "m", "f"):
        raise _Bad(f"'gender' must be m or f, got {fields['gender']!r}")
    lists: dict[str, tuple[Any, ...]] = {}
    for key in _LIST_KEYS:
        if key == "roles":
            new: tuple[Any, ...] = tuple(_parse_role(r) for r in _as_list(raw.get(key), key))
        else:
            new = _as_strs(raw.get(key), key)
        lists[key] = (getattr(base, key) + new) if merge and base is not None else new
    roles: tuple[Role, ...] = lists.pop("roles")
    if "code" in raw:
        # Shorthand for one open-ended role, the usual case for bodies.
        roles = (*roles, Role(code=_check_code(raw["code"]), sector=_sector_of(raw["code"])))
    country = fields["country"]
    if country is None:
        country = roles[0].country if roles else (ident if fields["type"] == "country" else None)
    return ActorEntry(
        id=ident.strip(),
        type=fields["type"],
        name=fields["name"].strip(),
        country=country,
        sector=fields["sector"],
        gender=fields["gender"],
        roles=roles,
        status=fields["status"],
        **lists,
    )


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _country_rows(text: str, where: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    need = {"code", "name"}
    if not reader.fieldnames or not need <= set(reader.fieldnames):
        raise ConfigError(f"{where}: a country CSV needs the columns code,name", code="BC210")
    rows = []
    for row in reader:
        rows.append(
            {
                "id": (row.get("code") or "").strip(),
                "type": "country",
                "name": (row.get("name") or "").strip(),
                "status": (row.get("status") or "").strip() or None,
                "aliases": _split(row.get("aliases")),
                "demonyms": _split(row.get("demonyms")),
                "capitals": _split(row.get("capitals")),
            }
        )
    return rows


def _read_source(source: Any, where: str) -> list[Any]:
    """Raw actor records from a path or mapping; ConfigError on anything bad."""
    if isinstance(source, Mapping):
        data: Any = source
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"actor file not found: {where}", code="BC210") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read actor file {where}: {exc}", code="BC210") from None
        if path.suffix.lower() == ".csv":
            return _country_rows(text, where)
        try:
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" at line {mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or "syntax error"
            raise ConfigError(f"{where}: invalid YAML{at}: {problem}", code="BC210") from None
        except ValueError as exc:  # PyYAML's own date parsing, e.g. 2024-13-01
            raise ConfigError(f"{where}: invalid value: {exc}", code="BC210") from None
    if isinstance(data, Mapping):
        data = data.get("actors")
    if not isinstance(data, list):
        raise ConfigError(
            f"{where}: expected a top-level 'actors:' list of actor mappings", code="BC210"
        )
    return data


# --- the dictionary ----------------------------------------------------------


@dataclass(slots=True)
class Pattern:
    """What a normalized phrase in the trie stands for."""

    kind: str  # name, metonym, demonym, description
    target: str  # entry id
    via: str  # name / alias / metonymy / demonym / description
    case: int  # 0 any, 1 capitalized, 2 acronym (exact upper case)
    weak: bool = False  # needs NER or prior-mention support
    needs_det: bool = False  # descriptions written with "the" need a determiner
    role: Role | None = None  # role-bound descriptions


@dataclass(slots=True)
class ActorDictionary:
    """Canonical actors keyed by id, with date-aware coding and fast matching."""

    entries: dict[str, ActorEntry]
    sources: tuple[str, ...] = ()
    _trie: dict[str, Any] = field(default_factory=dict, repr=False)
    _max_len: int = 0

    # -- loading --------------------------------------------------------------

    @classmethod
    def load(cls, extra: Sequence[str | os.PathLike[str]] = ()) -> ActorDictionary:
        """Bundled data, then plugins, then ``$BACKCHANNEL_ACTORS``, then ``extra``.

        Later sources override earlier ones by id. Cached per argument/env value.
        """
        return _load_cached(tuple(str(p) for p in extra), os.environ.get(ENV_VAR, ""))

    @classmethod
    def from_sources(cls, sources: Iterable[tuple[str, Any]]) -> ActorDictionary:
        """Build from ``(label, path-or-mapping)`` pairs, later overriding earlier."""
        entries: dict[str, ActorEntry] = {}
        labels = []
        for where, source in sources:
            labels.append(where)
            for n, raw in enumerate(_read_source(source, where), start=1):
                ident = raw.get("id") if isinstance(raw, Mapping) else None
                try:
                    entry = _parse_entry(raw, entries.get(str(ident)) if ident else None)
                except _Bad as exc:
                    label = f" ({ident!r})" if ident else ""
                    raise ConfigError(f"{where}: actor #{n}{label}: {exc}", code="BC211") from None
                entries[entry.id] = entry
        book = cls(entries, tuple(labels))
        book._build()
        return book

    # -- matching index ---------------------------------------------------------

    def _add(self, text: str, pattern: Pattern) -> None:
        toks = phrase_tokens(text)
        if toks and toks[0][1] == "the":
            pattern.needs_det = pattern.needs_det or pattern.kind == "description"
            toks = toks[1:]
        if not toks:
            return
        letters = "".join(c for c in text if c.isalpha())
        first = toks[0][0]
        if letters.isupper() and len(letters) <= 6:
            pattern.case = 2
        elif first[:1].isupper():
            pattern.case = 1
        else:
            pattern.case = 0
        node = self._trie
        for _, key in toks:
            node = node.setdefault(key, {})
        node.setdefault("", []).append(pattern)
        self._max_len = max(self._max_len, len(toks))

    def _build(self) -> None:
        self._trie = {}
        self._max_len = 0
        for entry in self.entries.values():
            canonical = phrase_key(entry.name)
            for name in (entry.name, *entry.aliases):
                via = "name" if phrase_key(name) == canonical else "alias"
                self._add(name, Pattern("name", entry.id, via, 0))
            for name in entry.ambiguous:
                self._add(name, Pattern("name", entry.id, "alias", 0, weak=True))
            for text in entry.descriptions:
                self._add(text, Pattern("description", entry.id, "description", 0))
            for role in entry.roles:
                for text in role.descriptions:
                    self._add(text, Pattern("description", entry.id, "description", 0, role=role))
            for text in entry.capitals:
                self._add(text, Pattern("metonym", entry.id, "metonymy", 0))
            for text in entry.demonyms:
                self._add(text, Pattern("demonym", entry.id, "demonym", 0))
                for plural in _plurals(text):
                    self._add(plural, Pattern("demonym", entry.id, "demonym", 0))

    def match_at(self, keys: Sequence[str], i: int) -> list[tuple[int, list[Pattern]]]:
        """Phrases starting at token ``i``: (end, patterns), longest first."""
        node = self._trie
        found = []
        j = i
        n = len(keys)
        while j < n and j - i < self._max_len:
            key = keys[j]
            node = node.get(key) if key else None  # "" holds the payload, not a child
            if node is None:
                break
            j += 1
            if "" in node:
                found.append((j, node[""]))
        found.reverse()
        return found

    # -- lookups ----------------------------------------------------------------

    def __contains__(self, ident: object) -> bool:
        return ident in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, ident: str) -> ActorEntry | None:
        return self.entries.get(ident)

    def actor(self, ident: str, on: dt.date | None = None) -> Actor:
        """The actor ``ident`` coded as of ``on``; also accepts composite ids "RUS GOV"."""
        entry = self.entries.get(ident)
        if entry is not None:
            return make_actor(entry, on)
        parts = ident.split()
        if len(parts) == 2 and parts[0] in self.entries and parts[1] in SECTORS:
            return self.group_actor(parts[0], parts[1])
        raise KeyError(ident)

    def group_actor(self, country: str, sector: str | None) -> Actor:
        """A country's sector as an actor ("RUS MIL"), or the country itself."""
        entry = self.entries.get(country)
        name = entry.name if entry else country
        if sector is None:
            return Actor(country, name, country, country, None)
        label = SECTOR_LABELS.get(sector, sector.lower())
        code = f"{country} {sector}"
        return Actor(code, f"{name} ({label})", code, country, sector)

    def _patterns(self, text: str) -> list[Pattern]:
        key = phrase_key(text)
        node: Any = self._trie
        for k in key:
            node = node.get(k)
            if node is None:
                return []
        return list(node.get("", [])) if key else []

    def lookup(self, text: str, on: dt.date | None = None) -> Actor | None:
        """The actor a name, alias, seat of government, description or demonym means.

        Case, diacritics, dots and a trailing possessive are ignored ("U.S." = "US",
        "Putin's" = "Putin"). Demonyms give the country ("Russian" -> RUS).
        """
        patterns = self._patterns(text)
        for kind in ("name", "metonym", "description", "demonym"):
            for pat in patterns:
                if pat.kind != kind:
                    continue
                if kind == "metonym":
                    return self.group_actor(pat.target, "GOV")
                if (
                    kind == "description"
                    and pat.role is not None
                    and on is not None
                    and not pat.role.valid(on)
                ):
                    continue
                if kind == "demonym":
                    return self.group_actor(pat.target, None)
                return self.actor(pat.target, on)
        return None

    def country_of(self, text: str) -> str | None:
        """Affiliation of a word, name or phrase: "Russian" / "Kremlin" -> RUS,
        "US" -> USA, "two former senior Russian officials" -> RUS (first one found)."""
        found = self._country_from(self._patterns(text))
        if found is not None:
            return found
        toks = phrase_tokens(text)
        keys = [k for _, k in toks]
        for i in range(len(keys)):
            for end, pats in self.match_at(keys, i):
                surface = [w for w, _ in toks[i:end]]
                found = self._country_from([p for p in pats if case_ok(surface, p.case)])
                if found is not None:
                    return found
        return None

    def _country_from(self, patterns: list[Pattern]) -> str | None:
        order = {"demonym": 0, "metonym": 1, "name": 2, "description": 3}
        for pat in sorted(patterns, key=lambda p: order.get(p.kind, 9)):
            if pat.weak:
                continue
            entry = self.entries.get(pat.target)
            if entry is None:
                continue
            if entry.type == "country":
                return entry.id
            actor = make_actor(entry, None)
            if actor.country:
                return actor.country
        return None

    def countries(self, status: str | None = None) -> list[ActorEntry]:
        return [
            e
            for e in self.entries.values()
            if e.type == "country" and (status is None or e.status == status)
        ]

    def persons(self) -> Iterable[ActorEntry]:
        return (e for e in self.entries.values() if e.type == "person")


def case_ok(words: Sequence[str], case: int) -> bool:
    """Capitalised aliases need capitals in the text; acronyms need upper case."""
    if case == 0 or not words:
        return True
    if case == 1:
        return words[0][:1].isupper()
    return all(c.isupper() for w in words for c in w if c.isalpha())


def _plurals(demonym: str) -> list[str]:
    # "Russian" -> "Russians"; "Chinese"/"British"/"Swiss" have no plural form.
    if demonym.endswith(("ese", "sh", "ch", "ss", "s", "x")):
        return []
    return [demonym + "s"]


def _bundled() -> list[tuple[str, Any]]:
    root = resources.files("backchannel") / "data" / "actors"
    out: list[tuple[str, Any]] = []
    names = sorted(p.name for p in root.iterdir() if p.name.endswith((".csv", ".yaml", ".yml")))
    # Countries first so that bodies and people may refer to them.
    names.sort(key=lambda n: (not n.endswith(".csv"), n))
    for name in names:
        out.append((f"bundled:{name}", Path(str(root / name))))
    return out


def _plugins() -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        where = f"plugin {ep.name} ({ep.value})"
        try:
            obj: Any = ep.load()
            if callable(obj):
                obj = obj()
        except Exception as exc:
            raise ConfigError(f"{where} failed to load: {exc}", code="BC212") from None
        if not isinstance(obj, (str, os.PathLike, Mapping)):
            raise ConfigError(f"{where} must return a path or a mapping", code="BC212")
        out.append((where, obj))
    return out


@functools.lru_cache(maxsize=16)
def _load_cached(extra: tuple[str, ...], env: str) -> ActorDictionary:
    sources = _bundled() + _plugins()
    sources += [(p, p) for p in env.split(os.pathsep) if p.strip()]
    sources += [(p, p) for p in extra]
    return ActorDictionary.from_sources(sources)


def clear_cache() -> None:
    """Forget loaded dictionaries (after editing a user file in a long process)."""
    _load_cached.cache_clear()
