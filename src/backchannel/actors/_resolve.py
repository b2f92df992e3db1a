"""Actor mentions in a spaCy ``Doc``: names, metonyms, demonym phrases,
descriptions, pronouns and plural anaphora, each linked to a dictionary actor.

One left-to-right pass over the tokens finds dictionary phrases (longest match
wins); a second pass turns them into mentions using the words around them
("Russian" + "forces" -> RUS MIL); a last pass links pronouns. All per-document
work is linear in the number of tokens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Actor, Mention
from ._dictionary import ActorDictionary, ActorEntry, Pattern, Role, case_ok, norm_token

# Head nouns that make "<demonym/country> ... <noun>" an actor, with their sector.
_GROUP_SPEC = {
    # "single words | multi word | phrases", per sector
    "MIL": "forces force troops army armies military militaries soldiers soldier servicemen "
    "serviceman generals general commanders commander officers navy fleet units brigades "
    "paratroopers marines artillery militiamen drones missiles rockets warplanes jets aircraft "
    "helicopters tanks warships bombers submarines bulldozers peacekeepers gunboats guards "
    "battalion battalions contingent camps camp strongholds stronghold bases base positions "
    "gen lt col maj brig adm colonel colonels captain admiral admirals marshal planes plane "
    "|border guards|coast guard|air force|air forces|armed forces|"
    "defence ministry|defense ministry|ministry of defence|ministry of defense|general staff|"
    "high command|military command|military leadership",
    "GOV": "officials official leadership government governments authorities administration "
    "coalition alliance "
    "diplomats diplomat leaders ministers negotiators negotiator delegation delegates envoy "
    "envoys side regime cabinet ministry embassy presidency counterparts counterpart "
    "representatives representative minister adviser advisers advisor advisors aide aides "
    "spokesman spokeswoman spokesperson politicians politician ambassador ambassadors council "
    "regulators personnel members member|foreign ministry|foreign office|"
    "presidential administration|security council|interior ministry|ministry of interior|"
    "home ministry|home office|justice ministry|finance ministry|information ministry|"
    "state department|prime minister's office",
    "LEG": "lawmakers lawmaker legislators legislator parliament parliamentarians mps senators "
    "congressmen legislature mep meps deputies deputy",
    "SPY": "intelligence spies spy|intelligence services|intelligence agencies|security "
    "services|spy agency|spy agencies|intelligence community|military intelligence",
    # PLOVER 2.0: JRN is the media; MED is health (CAMEO's MED was media)
    "JRN": "media journalists journalist press television tv broadcaster broadcasters "
    "newspaper newspapers radio reporter reporters correspondent correspondents editor "
    "editors website websites|news agency|web sites|web site",
    "MED": "doctors doctor physicians physician nurses nurse medics medic paramedics "
    "hospital hospitals|health workers|medical workers|medical staff",
    "BUS": "businessmen businessman companies company firms firm oligarchs oligarch banks "
    "executives businesses goods products exports traders",
    "JUD": "courts court judges judge prosecutors prosecutor judiciary tribunal tribunals "
    "magistrate magistrates|public prosecutor",
    "OPP": "opposition dissidents dissident candidates candidate factions faction parties party "
    "groups movement movements activist opponents opponent critics critic",
    "REB": "rebels separatists insurgents militants partisans proxies militias militia "
    "guerrillas guerrilla gunmen fighters extremists fundamentalists radicals terrorists "
    "hijackers kidnappers secessionists nationalists militant insurgent separatist extremist "
    "fighter gunman|suicide bombers|rebel groups|rebel group|"
    "armed groups|armed group",
    "CVL": "civilians civilian citizens residents population public people youths villagers "
    "farmers protesters demonstrators activists prisoners prisoner detainees detainee "
    "hostages hostage nationals national pilgrims settlers immigrants migrants tourists "
    "fishermen community minority homes houses village villages town towns city cities "
    "kurds kurd muslims moslems christians hindus sikhs shiites sunnis man men woman women "
    "boy boys girl girls children family families person persons lawyer lawyers expert "
    "experts hackers hacker pilots pilot "
    "employees citizen households ships ship vessels vessel tanker tankers",
    "COP": "police policemen",
    "REF": "refugees refugee|refugee camp|refugee camps",
    "LAB": "workers unions union strikers|trade unions|trade union",
    "EDU": "students universities university teachers teacher professors professor scholars "
    "scholar academics academic schools school",
}
# Head nouns that make "<demonym/country> ... <noun>" an actor, with their sector.
GROUPS: dict[str, str] = {}
for _sector, _spec in _GROUP_SPEC.items():
    _single, *_multi = _spec.split("|")
    GROUPS.update(dict.fromkeys(_single.split(), _sector))
    GROUPS.update(dict.fromkeys((" ".join(m.split()) for m in _multi), _sector))

# Acts and their instruments: "an Indian proposal", "Israeli air raids". The demonym
# alone becomes the mention (the noun is the event, not the actor), with this sector.
_EVENT_NOUN_SPEC = {
    "GOV": "proposal proposals plan plans initiative initiatives offer offers demand demands "
    "request requests appeal appeals call calls bid statement statements decision decisions "
    "refusal position stance policy policies move moves warning warnings threat threats "
    "ultimatum ultimatums pressure aid assistance help sanctions embargo boycott accusations "
    "accusation protest protests complaint complaints criticism condemnation denial "
    "mediation recognition pledge pledges promise promises invitation overture overtures "
    "concessions concession crackdown veto bill law ban decree",
    "MIL": "raids raid strikes strike airstrikes airstrike attack attacks offensive shelling "
    "bombing bombings bombardment incursion incursions invasion occupation blockade fire "
    "gunfire assault assaults operation operations patrols patrol deployment buildup "
    "withdrawal pullout retreat war campaign intervention mission",
}
EVENT_NOUNS: dict[str, str] = {}
for _sector, _spec in _EVENT_NOUN_SPEC.items():
    EVENT_NOUNS.update(dict.fromkeys(_spec.split(), _sector))
_LED = frozenset({"led", "commanded"})
_QUANTITY_WORDS = frozenset(
    {"thousands", "hundreds", "dozens", "millions", "scores", "tens", "many", "some", "several"}
    | {"few", "numerous", "more", "most"}
)
# Adjectives that make a plural demonym a crowd of people, not the state ("young Algerians").
CROWD_ADJECTIVES = frozenset(
    {"ethnic", "young", "angry", "local", "ordinary", "poor", "unemployed", "elderly", "fellow"}
)
# Demonyms without a plural ("the French", "the Chinese") used as nouns are the country.
_NO_PLURAL_ENDINGS = ("ese", "sh", "ch", "ss")

# Words that may sit inside an actor noun phrase whatever their tag: parts of
# multi-word heads ("Air Force", "Interior Ministry") and faith/ethnic modifiers
# ("Rohingya Muslim insurgents").
RUN_WORDS = frozenset(w for phrase in GROUPS for w in phrase.split() if " " in phrase) | (
    frozenset(
        {"muslim", "moslem", "islamic", "islamist", "christian", "hindu", "buddhist", "sikh"}
        | {"jewish", "shiite", "shia", "sunni", "catholic", "protestant", "orthodox", "ethnic"}
    )
)

# Generic heads whose sector a modifier may refine ("military officials" -> MIL).
GENERIC_HEADS = frozenset(
    [
        "officials",
        "official",
        "leaders",
        "leadership",
        "chiefs",
        "representatives",
        "personnel",
        "figures",
        "officers",
        "sources",
        "camps",
        "camp",
        "strongholds",
        "stronghold",
        "bases",
        "base",
        "positions",
        "members",
        "member",
        "advisers",
        "adviser",
        "advisors",
        "advisor",
        "experts",
        "expert",
    ]
)
SECTOR_MODIFIERS = {
    "military": "MIL",
    "defence": "MIL",
    "defense": "MIL",
    "army": "MIL",
    "naval": "MIL",
    "intelligence": "SPY",
    "government": "GOV",
    "foreign": "GOV",
    "diplomatic": "GOV",
    "opposition": "OPP",
    "business": "BUS",
    "media": "JRN",
    "police": "COP",
    "rebel": "REB",
    "guerrilla": "REB",
    "militant": "REB",
    "insurgent": "REB",
    "separatist": "REB",
    "parliamentary": "LEG",
    "civilian": "CVL",
    "congressional": "LEG",
}
# Media that speak for the state ("state television", "an official Syrian newspaper")
# are the government, as CAMEO and PLOVER code them.
STATE_MEDIA_WORDS = frozenset({"state", "official", "government", "pro-government"})
PERSON_HEADS = frozenset(
    [
        "official",
        "diplomat",
        "general",
        "commander",
        "officer",
        "soldier",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "negotiator",
        "envoy",
        "lawmaker",
        "senator",
        "journalist",
        "businessman",
        "oligarch",
        "minister",
        "representative",
        "counterpart",
        "judge",
        "prosecutor",
        "dissident",
        "civilian",
        "serviceman",
        "legislator",
        "militant",
        "insurgent",
        "separatist",
        "extremist",
        "fighter",
        "gunman",
        "activist",
        "candidate",
        "man",
        "woman",
        "boy",
        "girl",
        "person",
        "lawyer",
        "expert",
        "scholar",
        "doctor",
        "teacher",
        "politician",
        "gen",
        "lt",
        "col",
        "maj",
        "brig",
        "adm",
        "colonel",
        "captain",
        "admiral",
        "marshal",
        "mep",
        "deputy",
        "ambassador",
        "hacker",
        "pilot",
        "physician",
        "nurse",
        "citizen",
        "member",
        "reporter",
        "correspondent",
        "editor",
        "professor",
        "magistrate",
        "medic",
        "adviser",
        "advisor",
        "aide",
    ]
)
PLURAL_HEADS = frozenset(
    [
        "forces",
        "troops",
        "officials",
        "soldiers",
        "generals",
        "commanders",
        "officers",
        "diplomats",
        "leaders",
        "ministers",
        "negotiators",
        "delegates",
        "envoys",
        "counterparts",
        "representatives",
        "lawmakers",
        "legislators",
        "mps",
        "senators",
        "spies",
        "journalists",
        "businessmen",
        "oligarchs",
        "judges",
        "prosecutors",
        "dissidents",
        "rebels",
        "separatists",
        "insurgents",
        "militants",
        "civilians",
        "citizens",
        "residents",
        "refugees",
    ]
)

# Titles, and how to recognise their holder from a role: prefixes of the role
# text, or "*" for the country's leader (role flagged leader).
TITLES: dict[str, tuple[str, ...]] = {
    "president": ("president",),
    "vice president": ("vice president",),
    "prime minister": ("prime minister",),
    "premier": ("prime minister",),
    "chancellor": ("chancellor",),
    "foreign minister": ("foreign minister", "secretary of state", "foreign secretary"),
    "foreign secretary": ("foreign minister", "secretary of state", "foreign secretary"),
    "top diplomat": ("foreign minister", "secretary of state", "foreign secretary"),
    "secretary of state": ("secretary of state",),
    "defence minister": ("defence minister", "secretary of defense"),
    "defense minister": ("defence minister", "secretary of defense"),
    "defense secretary": ("defence minister", "secretary of defense"),
    "defence secretary": ("defence minister", "secretary of defense"),
    "secretary of defense": ("defence minister", "secretary of defense"),
    "spokesman": ("press secretary", "spokes"),
    "spokeswoman": ("press secretary", "spokes"),
    "spokesperson": ("press secretary", "spokes"),
    "press secretary": ("press secretary", "spokes"),
    "secretary-general": ("secretary-general", "secretary general"),
    "secretary general": ("secretary-general", "secretary general"),
    "crown prince": ("crown prince",),
    "leader": ("*",),
    "chief": ("*",),
    "strongman": ("*",),
    "ruler": ("*",),
    "head of state": ("*",),
}
# Titles whose holders are not GOV ("Russian Defence Minister X" -> MIL).
TITLE_SECTORS = {
    "defence minister": "MIL",
    "defense minister": "MIL",
    "defense secretary": "MIL",
    "defence secretary": "MIL",
    "secretary of defense": "MIL",
}
# Military ranks before a name pick the person's military role ("General Aoun").
RANKS = frozenset(
    {"general", "gen", "lt", "col", "colonel", "maj", "brig", "adm", "admiral", "marshal"}
)
# Titles before an unknown name that give a sector though not a country.
TITLE_WORD_SECTORS = {
    **dict.fromkeys(["king", "queen", "emir", "sultan", "sheikh", "minister"], "GOV"),
    **dict.fromkeys(["senator", "sen", "rep", "congressman", "congresswoman", "mp"], "LEG"),
}
# Words before a title that say the office is no longer held: PLOVER's ELI sector.
FORMER_WORDS = frozenset({"former", "ousted", "exiled", "deposed", "ex", "toppled"})
# A person's name followed by one of these is their government ("the Biden administration").
GOVERNMENT_NOUNS = frozenset({"administration", "government", "regime", "cabinet"})
# Words that may stand before a name as part of a title ("Russian President ...").
TITLE_WORDS = frozenset({w for t in TITLES for w in t.split()}) | frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "premier",
        "chancellor",
        "foreign",
        "secretary",
        "defence",
        "defense",
        "state",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "press",
        "leader",
        "chief",
        "head",
        "commander",
        "general",
        "gen",
        "lt",
        "col",
        "colonel",
        "marshal",
        "admiral",
        "adviser",
        "advisor",
        "aide",
        "envoy",
        "special",
        "ambassador",
        "national",
        "security",
        "director",
        "crown",
        "prince",
        "king",
        "queen",
        "emir",
        "sultan",
        "supreme",
        "pope",
        "senator",
        "sen",
        "rep",
        "speaker",
        "chairman",
        "chair",
        "deputy",
        "first",
        "acting",
        "former",
        "then",
        "top",
        "senior",
        "of",
        "in",
        "-",
        "secretary-general",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "minister-designate",
        "elect",
        "president-elect",
        "army",
        "staff",
        "intelligence",
        "spy",
        "military",
        "presidential",
        "ousted",
        "exiled",
        "deposed",
        "ex",
        "toppled",
    ]
)
# Sectors whose members belong where they are: "rebels in Darfur" are Sudanese, while
# "troops in Iraq" or "diplomats in Moscow" may be anyone's.
LOCAL_SECTORS = frozenset({"REB", "COP", "CVL", "OPP", "LEG", "JUD", "LAB", "EDU", "JRN", "MED"})
# Nouns after a place that keep it a place ("in the Deraa countryside").
AREA_NOUNS = frozenset(
    {"countryside", "region", "province", "area", "areas", "district", "state", "city"}
)
# "the army of Chad", "envoys from Qatar": the country owns the actor noun; "police in
# Lagos", "students throughout Indonesia": only LOCAL_SECTORS belong to the place.
OWNING_PREPS = ("of", "from")
PLACE_PREPS = ("in", "throughout", "across")
# "pro-Russian separatists", "an anti-Syria journalist": a stance, not a nationality
STANCE_PREFIXES = frozenset({"anti", "pro"})


def stance_prefixed(keys: Sequence[str], i: int) -> bool:
    """Whether the country word at ``i`` follows "anti-"/"pro-"."""
    return i >= 2 and keys[i - 1] == "-" and keys[i - 2] in STANCE_PREFIXES


_COMPASS_ADJ = frozenset(
    {"eastern", "western", "northern", "southern", "central", "northeastern", "northwestern",
     "southeastern", "southwestern", "east", "west", "north", "south"}
)  # fmt: skip
_COMPASS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "centre",
        "center",
        "heart",
        "rest",
        "outskirts",
    }
)
_LOCATING_PREPS = frozenset(OWNING_PREPS + PLACE_PREPS)
# Actor nouns that are places, not actors, before "of/in <country>" ("the town of Samarra").
_PLACE_SPEC = (
    "homes houses village villages town towns city cities community camp camps "
    "strongholds stronghold bases base positions ships ship vessels vessel"
)
PLACE_NOUNS = frozenset(_PLACE_SPEC.split())
# An organisation's own organs: "NATO troops", "UN officials", "EU police".
ORG_SECTORS = frozenset({"MIL", "GOV", "COP", "JUD", "SPY"})
DETERMINERS = frozenset({"the", "this", "that"})
LOCATIVE = frozenset({"in", "near", "outside", "around", "across", "into", "inside", "at"})
MASC = frozenset({"he", "him", "his", "himself"})
FEM = frozenset({"she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
POSSESSIVES = frozenset({"their", "his", "her"})
_RUN_POS = frozenset({"ADJ", "NOUN", "PROPN"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_KIND_RANK = {"name": 0, "description": 1, "metonym": 2, "demonym": 3}


def head_sector(keys: Sequence[str], phrase: str, j: int, end: int, before: int) -> str:
    """Sector of the actor noun ``phrase`` (a key of GROUPS) ending at token ``end``,
    refined by the words from ``j``: "military officials" -> MIL, "civilian advisers"
    -> CVL, and, for the media, a state word from ``before`` on ("state television",
    "an official Syrian newspaper") -> GOV."""
    sector = GROUPS[phrase]
    if keys[end - 1] in GENERIC_HEADS or phrase in GENERIC_HEADS:
        for k in range(j, end - 1):
            sector = SECTOR_MODIFIERS.get(keys[k], sector)
    if sector == "JRN" and any(k in STATE_MEDIA_WORDS for k in keys[before : end - 1]):
        sector = "GOV"
    return sector


def region_country(book: ActorDictionary, entry: ActorEntry) -> str | None:
    """The country of a region or city entry (a body without a sector), else None."""
    if entry.type != "body" or entry.sector is not None or any(r.sector for r in entry.roles):
        return None
    country = entry.country
    if country in book.entries and book.entries[country].type == "country":
        return country
    return None


@dataclass(slots=True)
class _Hit:
    start: int  # token index
    end: int
    pat: Pattern
    first: int = -1  # first token of the phrase itself, before absorbed titles

    def __post_init__(self) -> None:
        if self.first < 0:
            self.first = self.start


@dataclass(slots=True)
class _Ref:
    """A mention plus what anaphora resolution needs to know about it."""

    mention: Mention
    person: bool = False  # a single person (named, described, or "a US official")
    plural: bool = False  # a group ("Russian officials")
    gender: str | None = None

    @property
    def identity(self) -> str:
        actor = self.mention.actor
        return actor.id or f"?{actor.name}"


def _as_date(on: Any) -> dt.date | None:
    if on is None or (isinstance(on, dt.date) and not isinstance(on, dt.datetime)):
        return on
    if isinstance(on, dt.datetime):
        return on.date()
    return dt.date.fromisoformat(str(on)[:10])


def resolve_mentions(
    doc: Any, dictionary: ActorDictionary, on: dt.date | str | None = None
) -> list[Mention]:
    """Actor mentions in ``doc``, in text order, coded as of ``on`` (e.g. the
    publication date; None = current roles). Offsets are into ``doc.text``."""
    return _Resolver(doc, dictionary, _as_date(on)).run()


class _Resolver:
    def __init__(self, doc: Any, book: ActorDictionary, on: dt.date | None) -> None:
        self.doc = doc
        self.text: str = doc.text  # Doc.text is rebuilt on every access
        self.book = book
        self.on = on
        self.n = len(doc)
        # One pass over the tokens; spaCy Token objects are costly to create.
        cols = [(t.text, t.idx, t.pos_, t.tag_, t.ent_type_, t.ent_iob_) for t in doc]
        self.words = [c[0] for c in cols]
        self.idx = [c[1] for c in cols]
        self.pos = [c[2] for c in cols]
        self.tags = [c[3] for c in cols]
        self.ents = [c[4] for c in cols]
        self.iob = [c[5] for c in cols]
        self.keys = [norm_token(w) for w in self.words]
        self.sent = self._sentence_index()
        self.covered = bytearray(self.n)
        self.refs: list[_Ref] = []
        self.skip_to = 0  # _build: hits before this token were folded into a mention

    def _sentence_index(self) -> list[int]:
        if not self.doc.has_annotation("SENT_START"):
            return [0] * self.n
        out = [0] * self.n
        for k, sent in enumerate(self.doc.sents):
            for i in range(sent.start, sent.end):
                out[i] = k
        return out

    def run(self) -> list[Mention]:
        hits = self._scan()
        self._build(hits)
        self._generic_titles()
        self._located_groups()
        self._ethnic_homes()
        self._unresolved()
        self.refs.sort(key=lambda r: (r.mention.start, -r.mention.end))
        self._anaphora()
        return [r.mention for r in self.refs]

    # -- pass 1: dictionary phrases ------------------------------------------

    def _accept(self, pat: Pattern, i: int, end: int, seen: set[str]) -> bool:
        if not case_ok(self.words[i:end], pat.case):
            return False
        if (
            pat.kind == "name"
            and end - i == 1
            and self.iob[i] == "I"
            and self.ents[i] == "PERSON"
            and self.keys[i - 1] not in TITLE_WORDS
            and self.book.entries[pat.target].type == "person"
        ):
            return False  # "Jeb Bush", "Bill Gates": someone else with that surname
        if (
            pat.kind == "name"
            and end < self.n
            and self.iob[end] == "I"
            and self.ents[end] in ("ORG", "FAC", "GPE", "LOC", "EVENT", "WORK_OF_ART")
            and self.book.entries[pat.target].type == "person"
        ):
            return False  # "Brown University", "Reagan National Airport": a namesake
        if pat.weak:
            labels = {self.ents[k] for k in range(i, end)}
            if labels & {"GPE", "LOC", "FAC"}:
                return False  # "Austin, Texas"
            return pat.target in seen or bool(labels & {"PERSON", "ORG"})
        if pat.kind == "description":
            if pat.needs_det and not (i > 0 and self.keys[i - 1] in DETERMINERS):
                return False
            if pat.role is None:  # timeless: the text must have named the person
                return pat.target in seen
            if self.on is None:
                return pat.role.end is None
            return pat.role.valid(self.on)
        return True

    def _scan(self) -> list[_Hit]:
        hits: list[_Hit] = []
        seen: set[str] = set()
        keys, n, i = self.keys, self.n, 0
        while i < n:
            if not keys[i]:
                i += 1
                continue
            chosen: tuple[int, Pattern] | None = None
            for end, pats in self.book.match_at(keys, i):
                ok = [p for p in pats if self._accept(p, i, end, seen)]
                if ok:
                    # Prefer names, then persons already named, then declared order.
                    ok.sort(key=lambda p: (_KIND_RANK[p.kind], p.target not in seen))
                    chosen = (end, ok[0])
                    break
            if chosen is None:
                i += 1
                continue
            end, pat = chosen
            hit = _Hit(i, end, pat)
            entry = self.book.entries[pat.target]
            if entry.type == "person" and pat.kind in ("name", "description"):
                self._absorb(hit, hits)
            hits.append(hit)
            if pat.kind in ("name", "description"):
                seen.add(pat.target)
            i = end
        return hits

    def _absorbable(self, prev: _Hit, target: str) -> bool:
        if prev.pat.kind in ("demonym", "metonym"):
            return True
        if prev.pat.kind == "description":
            return prev.pat.target == target
        entry = self.book.entries[prev.pat.target]
        return entry.type != "person"

    def _absorb(self, hit: _Hit, hits: list[_Hit]) -> None:
        """Fold "Russian President" / "Kremlin spokesman" into the name after it."""
        s, keys, sent = hit.start, self.keys, self.sent[hit.start]
        for _ in range(8):
            if s == 0 or self.sent[s - 1] != sent:
                break
            prev = hits[-1] if hits else None
            if prev is not None and prev.end == s and self._absorbable(prev, hit.pat.target):
                s = prev.start
                hits.pop()
                continue
            k = keys[s - 1]
            if k in TITLE_WORDS and (self.pos[s - 1] != "VERB" or self._former_participle(s - 1)):
                s -= 1
                continue
            if (
                k in ("'s", "'")
                and prev is not None
                and prev.end == s - 1
                and s < hit.first
                and self._absorbable(prev, hit.pat.target)
            ):
                s -= 1
                continue
            break
        while s < hit.first and keys[s] in ("of", "in", "-", "'s", "'", "and"):
            s += 1
        hit.start = s

    def _former_participle(self, k: int) -> bool:
        """ "Ousted President X" opening a phrase, not "the army ousted President X"."""
        if self.keys[k] not in FORMER_WORDS or self.tags[k] != "VBN":
            return False
        return k == 0 or self.sent[k - 1] != self.sent[k] or self.keys[k - 1] in ("the", "a", "an")

    # -- pass 2: mentions ------------------------------------------------------

    def _det(self, i: int) -> int:
        return i - 1 if i > 0 and self.keys[i - 1] == "the" else i

    def _span(self, i: int, end: int) -> tuple[int, int, str]:
        start = self.idx[i]
        stop = self.idx[end - 1] + len(self.words[end - 1])
        return start, stop, self.text[start:stop]

    def _add(
        self,
        i: int,
        end: int,
        actor: Actor,
        via: str,
        *,
        person: bool = False,
        plural: bool = False,
        gender: str | None = None,
    ) -> _Ref:
        start, stop, text = self._span(i, end)
        mention = Mention(start, stop, text, actor, via, self.sent[i])
        ref = _Ref(mention, person, plural, gender)
        self.refs.append(ref)
        for k in range(i, end):
            self.covered[k] = 1
        return ref

    def _runnable(self, k: int) -> bool:
        key = self.keys[k]
        if self.ents[k] in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
            return False  # "a top U.S. official today praised"
        if key == "-":  # only inside a compound title: "Secretary-General"
            return 0 < k < self.n - 1 and self.keys[k - 1].isalpha() and self.keys[k + 1].isalpha()
        if not key.isalpha():
            return False
        pos = self.pos[k]
        if key in GROUPS or key in TITLE_WORDS or key in RUN_WORDS:
            return pos != "VERB"
        return pos in ("ADJ", "NOUN")

    def _group(self, j: int, limit: int) -> tuple[int, str, str] | None:
        """After an affiliation word at ``j``: (end, phrase, kind) of the actor noun."""
        if self.keys[j] == "-":
            return None  # "Russian-controlled": a compound modifier
        run_end = j
        while run_end < limit and run_end - j < 5 and self._runnable(run_end):
            run_end += 1
        for end in range(run_end, j, -1):
            nxt = self.pos[end] if end < self.n else ""
            if end < run_end and nxt in ("NOUN", "PROPN"):
                continue  # "Russian military control": the head is "control"
            for k in range(j, end):
                phrase = " ".join(self.keys[k:end]).replace(" - ", "-")
                if phrase in TITLES:
                    return end, phrase, "title"
                if phrase in GROUPS and not self._inside_name(end):
                    return end, phrase, "group"
            if end < run_end and nxt not in ("NOUN", "PROPN"):
                break
        return None

    def _modifier_start(self, i: int) -> int:
        """Start of the modifier right before an affiliation word at ``i``: "official"
        in "an official Syrian newspaper", "state-run" in "state-run Iraqi TV"."""
        if i >= 3 and self.keys[i - 2] == "-":
            return i - 3
        return max(0, i - 1)

    def _inside_name(self, end: int) -> bool:
        """ "The White House Correspondents' Association": the actor noun ending at
        ``end`` is part of an organisation's name that goes on after a possessive."""
        return (
            end + 1 < self.n
            and self.keys[end] in ("'", "'s")
            and self.ents[end - 1] == "ORG"
            and self.iob[end + 1] == "I"
        )

    def _counted(self, i: int) -> bool:
        """A count, quantity or crowd adjective before token ``i`` ("thousands of", "200",
        "many", "young")."""
        k = i - 1
        if k >= 0 and self.keys[k] in CROWD_ADJECTIVES:
            return True  # "young Algerians", "thousands of angry Serbs"
        if k >= 0 and self.keys[k] == "of":
            k -= 1
        if k < 0:
            return False
        return self.ents[k] == "CARDINAL" or self.keys[k] in _QUANTITY_WORDS

    def _shared_head(self, k: int) -> str | None:
        """Sector of the actor noun after a second demonym at ``k`` ("... and
        Egyptian warships"), which a first, coordinated demonym shares."""
        for end, pats in self.book.match_at(self.keys, k):
            if not any(p.kind == "demonym" for p in pats):
                continue
            found = self._group(end, self.n) if end < self.n else None
            if found is not None and found[2] == "group":
                return GROUPS[found[1]]
            head = self._event_head(end, self.n)
            return EVENT_NOUNS[head] if head is not None else None
        return None

    def _event_head(self, j: int, limit: int) -> str | None:
        """After a demonym at ``j``: the act noun heading the words that follow."""
        end = j
        while end < limit and end - j < 4 and self._runnable(end):
            end += 1
        if end == j:
            return None
        if end < self.n and self.keys[end] == "-":
            return None  # "US-led": a compound modifier
        head = self.keys[end - 1]
        if self.pos[end - 1] not in ("NOUN", "PROPN") or head not in EVENT_NOUNS:
            return None
        return head

    def _people_of(self, hit: _Hit, nxt: _Hit | None) -> bool:
        """'Bosnian Serbs', 'Iraqi Arabs': a people named by where they live
        belongs to the first country."""
        if hit.pat.kind != "demonym" or nxt is None or nxt.pat.kind != "demonym":
            return False
        last = nxt.end - 1
        if nxt.start != hit.end or not self.words[last].endswith("s"):
            return False
        if self.pos[last] not in ("NOUN", "PROPN"):
            return False
        actor = self.book.group_actor(hit.pat.target, None)
        self._add(self._det(hit.start), nxt.end, actor, "demonym", plural=True)
        return True

    def _build(self, hits: list[_Hit]) -> None:
        book, on = self.book, self.on
        skip = -1
        self.skip_to = 0
        for idx, hit in enumerate(hits):
            if idx == skip or hit.start < self.skip_to:
                continue
            pat = hit.pat
            entry = book.entries[pat.target]
            limit = hits[idx + 1].start if idx + 1 < len(hits) else self.n
            if self._people_of(hit, hits[idx + 1] if idx + 1 < len(hits) else None):
                skip = idx + 1
                continue
            if pat.kind == "name" and entry.type in ("igo", "ngo", "body"):
                actor = book.actor(entry.id, on)
                # "U.N. Secretary-General Kofi Annan": an unknown holder of a known body.
                if actor.country and self._titled_person(hit, limit, actor.country, actor.sector):
                    continue
                if entry.type != "body" and actor.country and self._org_group(hit, limit, actor):
                    continue
            if pat.kind == "description":
                stop = self._person_after(hit.end, limit)
                if stop is not None:
                    # "Kremlin spokesman Ivan Ivanov": someone else in that office.
                    known = book.actor(entry.id, on)
                    name = self.text[
                        self.idx[hit.end] : self.idx[stop - 1] + len(self.words[stop - 1])
                    ]
                    actor = Actor(None, name, known.code, known.country, known.sector)
                    self._add(self._det(hit.start), stop, actor, "unresolved", person=True)
                    continue
            if pat.kind == "description" or (pat.kind == "name" and entry.type != "country"):
                if entry.type == "person" and self._government_of(hit, entry):
                    continue
                actor = book.actor(entry.id, on)
                if entry.type == "person" and hit.first > hit.start:
                    actor = self._as_titled(entry, actor, hit)
                region_of = region_country(book, entry)
                if region_of is not None:
                    # a region or city ("the Gaza Strip", "Mosul") stands for its country
                    actor = book.actor(region_of, on)
                self._add(
                    self._det(hit.start),
                    hit.end,
                    actor,
                    pat.via,
                    person=entry.type == "person",
                    gender=entry.gender,
                )
                continue
            self._affiliation(hit, entry, limit)

    def _as_titled(self, entry: ActorEntry, actor: Actor, hit: _Hit) -> Actor:
        """A named person coded by the office the text gives them: "Prime Minister
        Ehud Barak" is his government role even when the date (or its absence) points
        to a later one; "General Aoun" his military role; "former President X" an
        ex-official (ELI) unless the date gives them another office."""
        words = self.keys[hit.start : hit.first]
        phrases = [
            " ".join(words[a:b]).replace(" - ", "-")
            for a in range(len(words))
            for b in range(len(words), a, -1)
        ]
        title = next((t for t in phrases if t in TITLES), None)
        current = entry.role_on(self.on)
        if title is not None:
            wanted = [r for r in entry.roles if self._role_is(r, title)]
        elif RANKS.intersection(words):
            wanted = [r for r in entry.roles if r.sector == "MIL"]
        else:
            wanted = []
        if FORMER_WORDS.intersection(words):
            held = current is not None and (self.on is not None or current.end is None)
            if held and current not in wanted:
                return actor  # "former minister X", now in another office
            country = wanted[-1].country if wanted else actor.country or entry.country
            if country is None:
                return actor
            return Actor(entry.id, entry.name, f"{country} ELI", country, "ELI", actor.role)
        if not wanted or current in wanted:
            return actor
        if self.on is not None and current is not None:
            return actor  # the dated office wins over a stale title
        before = [r for r in wanted if self.on is None or r.start is None or r.start <= self.on]
        role = max(before or wanted, key=lambda r: r.start or dt.date.min)
        return Actor(entry.id, entry.name, role.code, role.country, role.sector, role.role)

    @staticmethod
    def _role_is(role: Role, title: str) -> bool:
        prefixes = TITLES[title]
        if prefixes == ("*",):
            return role.leader
        return (role.role or "").lower().startswith(prefixes)

    def _government_of(self, hit: _Hit, entry: ActorEntry) -> bool:
        """'the Biden administration', "Putin's regime" -> that country's government."""
        j = hit.end
        if j < self.n and self.keys[j] in ("'s", "'"):
            j += 1
        if j >= self.n or self.keys[j] not in GOVERNMENT_NOUNS:
            return False
        country = self.book.actor(entry.id, self.on).country or entry.country
        if not country:
            return False
        self._add(self._det(hit.start), j + 1, self.book.group_actor(country, "GOV"), "metonymy")
        return True

    def _person_after(self, end: int, limit: int) -> int | None:
        """End of an NER PERSON starting at ``end`` (not a dictionary name)."""
        if end >= limit or self.ents[end] != "PERSON" or self.iob[end] != "B":
            return None
        stop = end + 1
        while stop < limit and self.iob[stop] == "I":
            stop += 1
        while stop > end + 1 and self.keys[stop - 1] in ("'s", "'"):
            stop -= 1
        return stop

    def _titled_person(self, hit: _Hit, limit: int, country: str, sector: str | None) -> bool:
        """An affiliation + title + unknown name: one mention coded from the title."""
        j = hit.end
        if j < self.n and self.keys[j] in ("'s", "'"):
            j += 1
        found = self._group(j, limit) if j < limit else None
        if found is None:
            return False
        end, phrase, kind = found
        stop = self._person_after(end, limit)
        if stop is None:
            return False
        # A body's own sector wins ("Pentagon spokesman X" is USA MIL); for a
        # country the title decides ("Russian General X" is RUS MIL), and for an
        # intergovernmental organisation too: its officials are GOV ("UN
        # Secretary-General X"). A non-governmental one has no government: its
        # spokesman speaks for it ("Amnesty International spokesman X" is NGO).
        if sector == "IGO":
            sector = None
        if kind == "title":
            sector = sector or TITLE_SECTORS.get(phrase, "GOV")
        elif phrase in PERSON_HEADS:
            sector = sector or GROUPS[phrase]
        else:
            return False
        name = self.text[self.idx[end] : self.idx[stop - 1] + len(self.words[stop - 1])]
        code = f"{country} {sector}" if sector else country
        actor = Actor(None, name, code, country, sector, phrase)
        self._add(self._det(hit.start), stop, actor, "unresolved", person=True)
        return True

    def _org_group(self, hit: _Hit, limit: int, org: Actor) -> bool:
        """'NATO troops' -> NATO MIL, 'EU officials' -> EU GOV: an organisation's
        forces or officials, coded like a country's (the name alone stays the body)."""
        j = hit.end
        if j < self.n and self.keys[j] in ("'s", "'"):
            j += 1
        found = self._group(j, limit) if j < limit else None
        if found is None or found[2] != "group" or self.keys[found[0] - 1] in PLACE_NOUNS:
            return False
        end, phrase, _ = found
        sector = head_sector(self.keys, phrase, j, end, j)
        if sector not in ORG_SECTORS:
            return False  # "UN workers", "EU citizens": not the organisation acting
        plural = self.tags[end - 1] in ("NNS", "NNPS") or self.keys[end - 1] in PLURAL_HEADS
        actor = self.book.group_actor(org.country or "", sector)
        self._add(self._det(hit.start), end, actor, hit.pat.via, plural=plural)
        return True

    def _affiliation(self, hit: _Hit, entry: ActorEntry, limit: int) -> None:
        """A country name, demonym or seat of government, alone or modifying a noun."""
        pat, keys = hit.pat, self.keys
        if stance_prefixed(keys, hit.start):
            return
        country = entry.id
        j = hit.end
        if j < self.n and keys[j] in ("'s", "'") and pat.kind != "demonym":
            j += 1
        via = "metonymy" if pat.kind == "metonym" else "demonym"
        if self._titled_person(hit, limit, country, None):
            return
        hyphen = hit.end < self.n and keys[hit.end] == "-"
        if hyphen and hit.end + 2 < limit and keys[hit.end + 1] in _LED:
            # "Vietnamese-led forces", "Saudi-led coalition": the leading country.
            found = self._group(hit.end + 2, limit)
            if found is not None and found[2] == "group":
                sector = GROUPS[found[1]]
                actor = self.book.group_actor(country, sector)
                self._add(hit.start, found[0], actor, via, plural=True)
                return
            head = self._event_head(hit.end + 2, limit)
            if head is not None:  # "the US-led war": the leading country's act
                actor = self.book.group_actor(country, EVENT_NOUNS[head])
                self._add(hit.start, hit.end + 2, actor, via)
                return
        found = self._group(j, limit) if j < limit else None
        # In "the Kremlin-backed separatists" the article belongs to the noun.
        start = hit.start if hyphen else self._det(hit.start)
        if found is not None:
            end, phrase, kind = found
            if kind == "title":
                actor = self._title_holder(phrase, country, self.idx[hit.start])
                if actor is not None:
                    e = self.book.entries.get(actor.id or "")
                    gender = e.gender if e else None
                    self._add(start, end, actor, "description", person=True, gender=gender)
                else:
                    self._add(start, end, self.book.group_actor(country, "GOV"), via, person=True)
                return
            sector = head_sector(keys, phrase, j, end, self._modifier_start(hit.start))
            head = keys[end - 1]
            tag = self.tags[end - 1]
            plural = tag in ("NNS", "NNPS") or head in PLURAL_HEADS
            person = not plural and head in PERSON_HEADS
            self._add(
                start,
                end,
                self.book.group_actor(country, sector),
                via,
                person=person,
                plural=plural,
            )
            return
        nxt = keys[hit.end] if hit.end < self.n else ""
        if pat.kind == "demonym" and nxt in ("and", "or", ","):
            shared = self._shared_head(hit.end + 1)
            if shared is not None:
                # "French and Egyptian warships": both countries' warships
                actor = self.book.group_actor(country, shared)
                self._add(hit.start, hit.end, actor, via, plural=True)
                return
        if pat.kind == "demonym" and nxt != "-":
            head = self._event_head(j, limit)
            if head is not None:
                # "an Indian proposal", "Israeli air raids": the country acting.
                sector = EVENT_NOUNS[head]
                self._add(hit.start, hit.end, self.book.group_actor(country, sector), via)
                return
        if pat.kind == "demonym":
            last = hit.end - 1
            if (
                hit.start > 0
                and keys[hit.start - 1] == "the"
                and keys[last].endswith(_NO_PLURAL_ENDINGS)
                and (hit.end >= self.n or self.pos[hit.end] not in ("NOUN", "PROPN", "ADJ"))
                and nxt not in ("-", "'s", "'")
            ):
                # "the French agreed": a demonym without plural used as a noun.
                self._add(start, hit.end, self.book.group_actor(country, None), via, plural=True)
                return
            # "the Russians said": a plural demonym used as a noun is the country.
            if (
                nxt in ("of", "in")
                and self.words[last].endswith("s")
                and self.pos[last] in ("NOUN", "PROPN")
            ):
                # "Albanians of southern Serbia", "Serbs in Croatia": a people is
                # coded by the country it lives in
                k = hit.end + 1
                if k < self.n and self.keys[k] == "the":
                    k += 1
                if k < self.n and self.pos[k] == "ADJ" and self.keys[k] not in self.book.entries:
                    k += 1
                stop, home = self._of_country(k)
                if home is not None and stop > k:
                    actor = self.book.group_actor(home, "CVL")
                    self._add(start, stop, actor, via, plural=True)
                    self.skip_to = stop
                    return
            if (
                nxt != "-"
                and self.words[last].endswith("s")
                and self.pos[last] in ("NOUN", "PROPN")
                and (hit.end >= self.n or self.pos[hit.end] not in ("NOUN", "PROPN", "ADJ"))
            ):
                # "thousands of Nigerians", "200 Iraqis": people, not the state
                sector = "CVL" if self._counted(hit.start) else None
                self._add(start, hit.end, self.book.group_actor(country, sector), via, plural=True)
            return  # "Russian-controlled territories": a modifier, not an actor
        if pat.kind == "metonym":
            if (
                hit.start > 0
                and keys[start - 1 if start > 0 else 0] in LOCATIVE
                and nxt not in ("'s", "'")
            ):
                return  # "talks in Moscow": a place, not the government
            self._add(start, hit.end, self.book.group_actor(country, "GOV"), via)
            return
        self._add(start, hit.end, self.book.actor(country, self.on), pat.via)

    def _role_matches(self, entry: ActorEntry, title: str, country: str | None) -> bool:
        role = entry.role_on(self.on)
        if role is None or (country is not None and role.country != country):
            return False
        return self._role_is(role, title)

    def _title_holder(self, title: str, country: str | None, before: int) -> Actor | None:
        """The person a title refers to: the latest such person named before it,
        else (with a country) the one holder of that role on the date."""
        for ref in reversed(self.refs):
            m = ref.mention
            if m.start >= before or not ref.person or m.actor.id is None:
                continue
            entry = self.book.entries.get(m.actor.id)
            if (
                entry is not None
                and entry.type == "person"
                and self._role_matches(entry, title, country)
            ):
                return self.book.actor(entry.id, self.on)
        if country is None:
            return None
        holders = [e for e in self.book.persons() if self._role_matches(e, title, country)]
        if len(holders) > 1 and self.on is None:
            # no date: the current holder rather than every former one
            holders = [e for e in holders if (r := e.role_on(None)) and r.end is None]
        if len(holders) == 1:
            return self.book.actor(holders[0].id, self.on)
        return None

    def _generic_titles(self) -> None:
        """'the president' -> the latest named person holding such a role;
        'the president of Armenia' -> that country's president (or government)."""
        keys = self.keys
        for i in range(self.n - 1):
            if keys[i] != "the" or self.covered[i] or self.covered[i + 1]:
                continue
            found = self._group(i + 1, self.n)
            if found is None or found[2] != "title":
                continue
            end, phrase, _ = found
            if " ".join(keys[i + 1 : end]).replace(" - ", "-") != phrase:
                continue  # "the former Soviet president": not a plain title
            if end < self.n and self.pos[end] == "PROPN":
                continue
            stop, country = end, None
            if end < self.n and keys[end] == "of":
                stop, country = self._of_country(end + 1)
                if country is None:
                    continue  # "the president of the company"
            actor = self._title_holder(phrase, country, self.idx[i])
            if actor is None and country is not None:
                actor = self.book.group_actor(country, TITLE_SECTORS.get(phrase, "GOV"))
            if actor is None:
                continue
            if stop > end:  # the country becomes part of this mention
                first, last = self.idx[end], self.idx[stop - 1]
                self.refs = [r for r in self.refs if not first <= r.mention.start <= last]
            entry = self.book.entries.get(actor.id or "")
            self._add(
                i,
                stop,
                actor,
                "description",
                person=True,
                gender=entry.gender if entry else None,
            )

    def _located_groups(self) -> None:
        """'the rebels in Darfur' -> SDN REB, 'the army of Chad' -> TCD MIL, 'officials
        from Iran' -> IRN GOV: an actor noun without an affiliation word takes the
        country that follows it (after "in" only for sectors that belong where they are)."""
        keys = self.keys
        for i in range(self.n - 2):
            key = keys[i]
            prep = keys[i + 1]
            if prep not in _LOCATING_PREPS or self.covered[i] or self.pos[i] not in _NOUNS:
                continue
            if key not in GROUPS or key in PLACE_NOUNS or self.ents[i] not in ("", "NORP"):
                continue  # "the Communist Party of Nepal" is a name
            if self.doc[i + 1].head.i != i:
                continue  # "withdrew its troops from Iraq": the place is the verb's
            start = i
            while (
                start > 0
                and self.sent[start - 1] == self.sent[i]
                and not self.covered[start - 1]
                and self.pos[start - 1] in _RUN_POS
                and self._runnable(start - 1)
            ):
                start -= 1
            phrase = next(
                p for k in range(start, i + 1) if (p := " ".join(keys[k : i + 1])) in GROUPS
            )
            sector = head_sector(keys, phrase, start, i + 1, max(0, start - 1))
            if prep in PLACE_PREPS and sector not in LOCAL_SECTORS:
                continue
            stop, country = self._of_country(i + 2, regions=True)
            if country is None or (stop < self.n and keys[stop] in ("and", "or", ",")):
                continue  # "diplomats from Poland, Germany and Sweden": each its own
            if stop < self.n and (
                keys[stop] in ("'s", "'")
                or (self.pos[stop] in _NOUNS and keys[stop] not in AREA_NOUNS)
            ):
                continue  # "members of Myanmar's army": the country modifies another noun
            if stop < self.n and keys[stop] in AREA_NOUNS:
                stop += 1
            first, last = self.idx[i + 1], self.idx[stop - 1]
            self.refs = [r for r in self.refs if not first <= r.mention.start <= last]
            plural = self.tags[i] in ("NNS", "NNPS") or key in PLURAL_HEADS
            actor = self.book.group_actor(country, sector)
            if start > 0 and keys[start - 1] in ("the", "a", "an"):
                start -= 1
            self._add(
                start,
                stop,
                actor,
                "description",
                person=not plural and key in PERSON_HEADS,
                plural=plural,
            )

    def _ethnic_homes(self) -> None:
        """ "three ethnic Albanians ... in southeastern Serbia" -> SRB CVL: "ethnic" makes
        the demonym a people, not a state, and a people is coded by the country the
        sentence puts it in ("ethnic Albanian guerrillas operating in Macedonia" -> MKD
        REB). Without exactly one such country the demonym's own country stays."""
        starts = {idx: k for k, idx in enumerate(self.idx)}
        for ref in self.refs:
            m = ref.mention
            i = starts.get(m.start)
            if m.via != "demonym" or i is None or i == 0 or self.keys[i - 1] != "ethnic":
                continue
            homes: set[str] = set()
            for k, key in enumerate(self.keys):
                if self.sent[k] != self.sent[i] or key not in PLACE_PREPS:
                    continue
                k += 1
                if k < self.n and self.keys[k] == "the":
                    k += 1
                if k < self.n and self.pos[k] == "ADJ" and self.keys[k] not in self.book.entries:
                    k += 1  # "in southeastern Serbia"
                if k + 1 < self.n and self.keys[k] in _COMPASS and self.keys[k + 1] == "of":
                    k += 2  # "in the north of Kosovo"
                _, home = self._of_country(k, regions=True)
                if home is not None:
                    homes.add(home)
            if len(homes) != 1 or m.actor.country in homes:
                continue
            actor = self.book.group_actor(homes.pop(), m.actor.sector)
            ref.mention = Mention(m.start, m.end, m.text, actor, "description", m.sentence)

    def _of_country(self, k: int, regions: bool = False) -> tuple[int, str | None]:
        """After "of": (end, country) when a country's name follows (or, with
        ``regions``, its capital, or a region or city the dictionary places in it)."""
        if k < self.n and self.keys[k] == "the":
            k += 1
        end, country = self._country_at(k, regions)
        if country is None and regions and k + 1 < self.n and self.keys[k] in _COMPASS_ADJ:
            end, country = self._country_at(k + 1, regions)  # "the rebels in eastern Ukraine"
        return (end, country) if country is not None else (k, None)

    def _country_at(self, k: int, regions: bool) -> tuple[int, str | None]:
        for end, pats in self.book.match_at(self.keys, k):
            for pat in pats:
                entry = self.book.entries[pat.target]
                if pat.kind == "name" and entry.type == "country":
                    return end, entry.id
                if not regions:
                    continue
                if pat.kind == "metonym" and entry.type == "country":
                    return end, entry.id  # "police in Moscow"
                home = region_country(self.book, entry)
                if home is not None and pat.kind == "name":
                    return end, home
        return k, None

    def _unresolved(self) -> None:
        """PERSON/ORG entities outside the dictionary are kept, never dropped."""
        self._bracketed_acronyms()
        for ent in self.doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            i, end = ent.start, ent.end
            while end > i and self.keys[end - 1] in ("'s", "'", ""):
                end -= 1
            if i < end and self.keys[i] == "the":
                i += 1
            if end <= i or any(self.covered[k] for k in range(i, end)):
                continue
            text = self._span(i, end)[2]
            if not any(c.isupper() for c in text):
                continue
            code = country = sector = None
            stop = end
            if ent.label_ == "PERSON":
                found = self._titled_of_country(i, end) or self._apposition(end)
                if found is not None:
                    stop, country, sector = found
                else:
                    sector = self._title_sector(i)  # "Judge X": JUD, though no country
            if country is not None:
                code = f"{country} {sector}" if sector else country
                if stop > end:  # "President X of Algeria": the country joins the mention
                    first, last = self.idx[end], self.idx[stop - 1]
                    self.refs = [r for r in self.refs if not first <= r.mention.start <= last]
            actor = Actor(None, text, code, country, sector)
            self._add(i, stop, actor, "unresolved", person=ent.label_ == "PERSON")

    def _title_sector(self, i: int) -> str | None:
        """The sector of a title right before token ``i`` ("Judge", "Gen.", "Prime
        Minister", "Senator"), else None."""
        for start in range(max(0, i - 3), i):
            phrase = " ".join(self.keys[start:i]).replace(" - ", "-")
            if phrase in TITLES:
                return TITLE_SECTORS.get(phrase, "GOV")
        key = self.keys[i - 1] if i > 0 else ""
        if key in RANKS:
            return "MIL"
        if key in PERSON_HEADS and key in GROUPS:
            return GROUPS[key]
        return TITLE_WORD_SECTORS.get(key)

    def _bracketed_acronyms(self) -> None:
        """'the Nigerian Air Force (NAF)': an acronym in brackets right after a coded
        mention names the same actor."""
        ends = {r.mention.end: r for r in self.refs if r.mention.actor.country}
        for k in range(1, self.n - 2):
            if self.keys[k] != "(" or self.keys[k + 2] != ")" or self.covered[k + 1]:
                continue
            word = self.words[k + 1]
            if len(word) < 2 or not word.isupper() or not word.isalpha():
                continue
            ref = ends.get(self.idx[k - 1] + len(self.words[k - 1]))
            if ref is not None:
                self._add(k + 1, k + 2, ref.mention.actor, "alias", plural=ref.plural)

    def _titled_of_country(self, i: int, end: int) -> tuple[int, str, str] | None:
        """ "President X of Algeria": (end, country, sector) from the title before
        an unknown name and the country after it."""
        if i == 0 or end >= self.n or self.keys[end] != "of":
            return None
        title = self.keys[i - 1]
        if title not in TITLES and title not in ("minister", "secretary", "general", "king"):
            return None
        stop, country = self._of_country(end + 1)
        if country is None:
            return None
        return stop, country, TITLE_SECTORS.get(title, "MIL" if title == "general" else "GOV")

    def _apposition(self, end: int) -> tuple[int, str, str | None] | None:
        """ "X, the Algerian president": the unknown name takes the code of the
        person description in apposition after it."""
        if end + 1 >= self.n or self.keys[end] != ",":
            return None
        at = self.idx[end + 1]
        for ref in self.refs:
            m = ref.mention
            if m.start == at and ref.person and m.actor.country:
                return end, m.actor.country, m.actor.sector
        return None

    # -- pass 3: pronouns ------------------------------------------------------

    def _anaphora(self) -> None:
        keys = self.keys
        base = self.refs
        out: list[_Ref] = []
        b = 0
        for i in range(self.n):
            while b < len(base) and base[b].mention.start <= self.idx[i]:
                out.append(base[b])
                b += 1
            k = keys[i]
            if self.covered[i] or (k not in MASC and k not in FEM and k not in PLURAL):
                continue
            if self.pos[i] not in ("PRON", "DET", ""):
                continue
            ref = self._antecedent(out, i, k)
            if ref is None:
                continue
            a = ref.mention.actor
            actor = Actor(a.id, a.name, a.code, a.country, a.sector, a.role)
            word, at = self.words[i], self.idx[i]
            via = "plural_anaphor" if k in PLURAL else "pronoun"
            mention = Mention(at, at + len(word), word, actor, via, self.sent[i])
            out.append(_Ref(mention, ref.person, ref.plural, ref.gender))
            owned = self._owned_group(i, a)
            if owned is not None:  # "their forces": the antecedent's country, MIL
                group, phrase, plural = owned
                mention = Mention(at, at + len(phrase), phrase, group, via, self.sent[i])
                out.append(_Ref(mention, plural=plural))
        out.extend(base[b:])
        self.refs = out

    def _owned_group(self, i: int, owner: Actor) -> tuple[Actor, str, bool] | None:
        """ "their forces", "his government": a possessive pronoun before an actor
        noun is that noun of the owner's country: (actor, text, plural) of the phrase."""
        if self.keys[i] not in POSSESSIVES or not owner.country or i + 1 >= self.n:
            return None
        if self.covered[i + 1]:
            return None
        found = self._group(i + 1, self.n)
        if found is None or found[2] != "group" or self.keys[found[0] - 1] in PLACE_NOUNS:
            return None
        end, phrase, _ = found
        sector = head_sector(self.keys, phrase, i + 1, end, i + 1)
        actor = self.book.group_actor(owner.country, sector)
        text = self.text[self.idx[i] : self.idx[end - 1] + len(self.words[end - 1])]
        return actor, text, self.tags[end - 1] in ("NNS", "NNPS")

    def _antecedent(self, refs: list[_Ref], i: int, key: str) -> _Ref | None:
        """Most recent compatible mention, in this sentence first, then earlier ones;
        None when the nearest sentence offers persons of different countries."""
        plural = key in PLURAL
        gender = "m" if key in MASC else "f" if key in FEM else None
        here = self.sent[i]
        reach = 1 if plural else 3
        window: list[_Ref] = []
        window_sent = -1
        for ref in reversed(refs):
            s = ref.mention.sentence
            if s < here - reach or (window and s != window_sent):
                break
            ok = ref.plural if plural else ref.person and ref.gender in (None, gender)
            if ok:
                if not window:
                    window_sent = s
                window.append(ref)
        if not window:
            return None
        best = window[0]
        for other in window[1:]:
            if other.identity != best.identity and (
                other.mention.actor.country != best.mention.actor.country
                or best.mention.actor.country is None
            ):
                return None
        return best
