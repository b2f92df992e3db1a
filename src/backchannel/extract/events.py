"""PLOVER event coding: clause-level event type, mode, context and nearest CAMEO code.

``code_events(doc, mentions)`` reads a parsed spaCy ``Doc`` and the actor mentions
resolved for it and returns one :class:`CodedEvent` per clause that reports an event.

How it works (a dictionary coder on dependency trees, in the PETRARCH tradition but
with PLOVER's modes kept):

* **Triggers** are verb lemmas (with particles: "pull out", "call for"), a few
  predicative adjectives ("ready/willing/open/prepared to") and light verbs whose
  meaning comes from their object ("impose sanctions", "open fire", "hold talks").
  The lexicons are TSV files in ``backchannel/data/plover/``; every entry names a
  CAMEO code and the CAMEO table gives the PLOVER type, mode and context.
* **Frames** combine a trigger with its content: intent ("agree/offer/propose/ready
  to ...") yields AGREE with the CAMEO 03x sub-code of the content (036 negotiate,
  0356 ceasefire ...) or THREATEN when the content is hostile; refusals yield REJECT
  (12x), demands REQUEST (10x), threats THREATEN (13x). The content is folded into
  the one event instead of being coded again.
* **Project decisions**, documented because PLOVER leaves room:
  - a proposal, offer or signal of readiness for a ceasefire is AGREE (0356); a
    declared ceasefire is CONCEDE (0871, PLOVER 2.0 "declarations of ceasefires");
    observing one, or actually withdrawing, is RETREAT;
  - plain reporting verbs ("said", "told", "announced that") never create an event;
    the reported content is coded with ``parent=None`` and attributed by a later
    stage. Speech acts that are events themselves (accuse, deny) keep their content
    as separate events whose ``parent`` is the speech act's index, instead of
    PETRARCH's "X said Y attacked -> X accuses Y";
  - "would/will not accept/allow/agree" is REJECT; "no evidence that X would accept"
    stays AGREE with the ``negated`` and ``hypothetical`` auxiliary modes, because the
    negation belongs to the reporter, not to X;
  - a boast is THREATEN (CAMEO 130, low confidence) only when its content is about
    armed force ("Russian forces can do as they please"); otherwise it is no event;
  - future cooperation (CONSULT/SUPPORT/COOPERATE/AID/RETREAT) is AGREE, as the
    PLOVER manual says; future material conflict announced by its actor is
    THREATEN. Either way the ``future`` auxiliary mode is kept.
  - "X said (that) Y must/should ..." is REQUEST by X of Y; "X suggested this could
    be a deception/provocation/lie" is ACCUSE (allege) by X, with the clause's modality;
  - approval of a situation ("is satisfied with the territories") is SUPPORT (051)
    at low confidence; the demands voiced by a protest are folded into the PROTEST;
  - PLOVER 2.0 is followed where it moved codes from CAMEO: apologies are CONCEDE,
    demolition and kidnapping are ASSAULT (destroy/abduct), closing borders and
    expelling people are COERCE; ceasefire declarations are CONCEDE.
* **Roles**: subject (or passive "by" agent) -> actor; object, dative and
  "to/with/against/on/from" objects -> recipient, including the possessor of a
  rejected or accepted proposal ("Moscow rejected Kyiv's proposal").
  - the actor is the subject's own mentions and its conjuncts and premodifiers ("U.S.
    and Russian negotiators"), not those of an apposition or a modifier clause
    ("Pakistan, a key U.S. ally, refused" -> PAK);
  - "X issued a statement demanding ..." is a demand by X; "demonstrated, calling for
    independence from X" targets X; "complained to the UN over Israeli raids" targets
    the complained-of, not the addressee;
  - a sentence the parser read as one noun phrase ("Doctors from two aid groups donated
    ...") takes the participle as its verb and the root noun as its subject;
  - with no other recipient, the country of the place where it happened ("a curfew in
    Abidjan") is the target, as a mention with ``via="place"``; never for meetings.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..actors import ActorDictionary, describe, noun_sector
from ..model import Actor, Mention, Span
from ._events_lexicon import (
    COOPERATIVE,
    FRAME_CODES,
    HOSTILE_TOPICS,
    MATERIAL_CONFLICT,
    PLOVER_TYPES,
    Lexicon,
    VerbEntry,
    cameo_for,
    cameo_row,
    lexicon,
    plover_for_cameo,
    quad_class,
    topic_of,
)

__all__ = [
    "PLOVER_TYPES",
    "CodedEvent",
    "cameo_for",
    "code_events",
    "plover_for_cameo",
    "quad_class",
]


@dataclass(slots=True)
class CodedEvent:
    """One PLOVER-coded clause.

    ``trigger`` is the predicate word(s), ``clause`` the predicate's whole subtree;
    offsets are into ``doc.text``. ``event``/``mode``/``context`` follow PLOVER 2.0 and
    ``cameo``/``cameo_name`` give the nearest CAMEO code. ``aux_modes`` holds PLOVER's
    auxiliary modes (future, hypothetical, negated, historical) and ``intent`` (the actor
    voices its own promise, threat or refusal). ``parent`` is the
    index, in the returned list, of the accusation/denial/boast whose content this
    event is. ``is_speech_act`` marks verbal events (offers, demands, accusations,
    threats, refusals); ``confidence`` (0-1) ranks events of one sentence.
    """

    trigger: Span
    clause: Span
    sentence_index: int
    event: str
    mode: str | None
    context: list[str]
    cameo: str | None
    cameo_name: str | None
    actor: list[Mention] = field(default_factory=list)
    recipient: list[Mention] = field(default_factory=list)
    aux_modes: list[str] = field(default_factory=list)
    parent: int | None = None
    is_speech_act: bool = False
    confidence: float = 0.5


def appeal_form(code: str, trigger_code: str | None) -> str:
    """An appeal verb ("urged", "called on", CAMEO 02) keeps CAMEO's appeal branch for what
    it asks: 02x mirrors the demands of 10x (1043 demand rights -> 0243 appeal for rights)."""
    if (trigger_code or "").startswith("02") and code.startswith("10"):
        mirrored = "02" + code[2:]
        if cameo_row(mirrored) is not None:
            return mirrored
    return code


def demand_form(code: str) -> str:
    """The demand (10x) that mirrors an appeal code (02x); other codes stay."""
    if code.startswith("02") and cameo_row("10" + code[2:]) is not None:
        return "10" + code[2:]
    return code


# ---------------------------------------------------------------- word classes

# "satisfied with the territories": approval of a situation, coded SUPPORT (051)
APPROVAL_ADJ = frozenset({"satisfied", "pleased", "happy", "content", "comfortable"})
INTENT_ADJ = frozenset({"ready", "willing", "open", "prepared", "eager", "keen", "poised"})
# Nouns of stopping: "a pause in attacks" is de-escalation, not an attack.
CESSATION_NOUNS = frozenset(
    {"pause", "halt", "moratorium", "suspension", "freeze", "cessation", "end", "stop"}
)
# Objects that make a violent verb figurative.
FIGURATIVE_OBJECTS: dict[str, frozenset[str]] = {
    "strike": frozenset({"tone", "note", "chord", "balance", "pose", "figure", "nerve"}),
    "hit": frozenset({"note", "road", "headline", "record", "high", "low", "milestone"}),
    # fighting an epidemic or poverty, reinforcing a commitment: no force
    "fight": frozenset(
        {
            "epidemic",
            "disease",
            "virus",
            "pandemic",
            "outbreak",
            "poverty",
            "corruption",
            "hunger",
            "fire",
            "wildfire",
            "blaze",
            "inflation",
            "malaria",
            "cholera",
            "famine",
            "drought",
            "unemployment",
            "cancer",
            "infection",
            "climate",
            "illiteracy",
        }
    ),
    "reinforce": frozenset({"commitment", "message", "view", "belief", "impression"}),
    # calling a meeting or an election convenes it; it is no phone call
    "call": frozenset(
        {"meeting", "election", "session", "referendum", "strike", "vote", "summit", "conference"}
    ),
    # meeting a target is no meeting
    "meet": frozenset(
        {
            "target",
            "deadline",
            "goal",
            "need",
            "standard",
            "criterion",
            "requirement",
            "expectation",
            "threshold",
            "quota",
            "challenge",
            "cost",
            "obligation",
            "demand",
            "condition",
        }
    ),
}
LABOUR_MODIFIERS = frozenset(
    {"general", "hunger", "labour", "labor", "union", "workers", "worker", "rail", "teachers"}
)
# Newsroom routine, not diplomacy: "asked for comment", "asked not to be named", and the
# answer "declined to comment" (CAMEO 011, which PLOVER does not code).
REPORTING_ROUTINE = frozenset(
    {
        "comment",
        "anonymity",
        "name",
        "identify",
        "identification",
        "clarification",
        "elaborate",
        "speculate",
        "specify",
    }
)
ROUTINE_ANSWERABLE = frozenset({"ask", "decline", "refuse"})
DELIBERATION = frozenset({"consider", "weigh", "mull", "contemplate", "explore", "debate"})
CONSIDERED_OPTION = "014"  # CAMEO "Consider policy option"
EXPECTATION = frozenset({"expect", "predict", "forecast", "anticipate"})
SELF_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i"})
# Verbs that demand only with a directive complement: "insisted on talks", "insisted that
# Kyiv withdraw"; "he insisted Russia would not give up" is an assertion.
# "pressed Kyiv to negotiate", "pressed for talks"; not "forces pressing around Avdiivka".
DIRECTIVE_ONLY = frozenset({"insist", "press"})
DIRECTIVE_MODALS = frozenset({"must", "should", "shall"})
# Verbs that stop something: applied to fighting they de-escalate ("halt the war").
CESSATION_VERBS = frozenset(
    {"stop", "end", "halt", "cease", "suspend", "pause", "freeze", "quit", "wind"}
)
SUBJ_DEPS = frozenset({"nsubj", "csubj"})
RECIP_PREPS = ("to", "with", "against", "on", "upon", "toward", "towards", "at", "into", "from")
RECIP_NOUN_PREPS = frozenset({"by", "from", "of", "on", "against", "to", "with", "for", "over"})
# frames whose event is a verbal act whatever the trigger ("plans to impose" is a threat)
VERBAL_FRAMES = frozenset({"intent", "refuse", "request", "threat", "accuse", "deny", "boast"})
# how directly a nested mention belongs to a noun phrase (lower = closer)
_FOCUS_RANK = {"poss": 0, "compound": 0, "amod": 0, "nmod": 0, "appos": 0, "of": 1, "by": 1}
# texts that speak for whoever issues them ("a statement demanding ...")
DOCUMENT_NOUNS = frozenset(
    {
        "statement",
        "declaration",
        "communique",
        "letter",
        "resolution",
        "message",
        "note",
        "decree",
        "appeal",
        "ultimatum",
        "report",
        "memorandum",
    }
)
# prepositions of the place an event happened in
PLACE_PREPS = frozenset({"in", "into", "inside", "across", "throughout"})
# the target of a complaint is its object, not its addressee
COMPLAINT_VERBS = frozenset({"complain", "protest", "object", "grumble"})
# participles that carry a demonstration's or statement's demand ("..., calling for X")
DEMAND_PARTICIPLES = frozenset({"call", "demand", "urge", "press", "seek", "ask"})
PHRASE_STOP = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "punct"})
LIGHT_FALLBACK = frozenset(
    {"provide", "grant", "impose", "lift", "ease", "suspend", "halt", "cut off", "sign"}
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# where these happen is not a party to them ("met in Sochi", "signed in Istanbul")
VENUE_VERBS = _words(
    "meet gather convene confer talk negotiate hold attend host visit sign conclude"
)
# generic verbs that are only an event with someone on the receiving end
NEEDS_RECIPIENT = _words(
    "help assist provide fund finance lend cooperate collaborate give grant supply"
)
# intent words that say nothing cooperative without an event in their content
WEAK_INTENT = _words(
    "plan intend prepare offer propose commit volunteer accept invite prepared poised "
    "eager keen open ready willing"
)
# (an attempt at violence is still coded as the violence: CAMEO 186 "attempted assassination")
ENDEAVOUR_NOUNS = frozenset({"effort", "drive", "quest", "push"})
# governors whose infinitive did not happen ("failed to reach a deal")
FAILURE_VERBS = frozenset({"fail", "neglect"})
# nouns that name an act, with the verb that codes it ("the expulsion of X" ~ "expel X")
NOMINALIZED = {
    "withdrawal": "withdraw",
    "suspension": "suspend",
    "closure": "close",
    "expulsion": "expel",
    "deployment": "deploy",
    "lifting": "lift",
    "easing": "ease",
    "imposition": "impose",
    "cancellation": "cancel",
    "freezing": "freeze",
    "halt": "halt",
    "release": "release",
    "extradition": "extradite",
}
# intent verbs that put something at the other side's disposal ("offered to send troops")
COOPERATIVE_OFFERS = frozenset({"offer", "agree", "propose", "volunteer", "consent"})
COOP_NEGATABLE = frozenset({"accept", "agree", "allow", "permit", "let", "consent", "admit"})
# heads whose "of" complement is whom they oppose, never who they are
OPPOSING_NOUNS = frozenset(
    {"opponent", "critic", "enemy", "foe", "rival", "adversary", "detractor", "dissident"}
)
# purposes that make a deployment peacekeeping ("a team to monitor the ceasefire")
MONITOR_VERBS = frozenset(
    {"monitor", "observe", "oversee", "supervise", "verify", "police", "keep", "enforce"}
)
# auxiliaries that open a conditional clause by inversion ("Had Serbia signed, ...")
INVERTED_CONDITIONALS = frozenset({"had", "were", "should"})
# verbs that grant or refuse someone access ("allow aid agencies access to X")
ACCESS_GRANTING = frozenset({"allow", "grant", "give", "permit"})
# participles that describe a noun rather than report an act ("gunmen armed with knives")
DESCRIPTIVE_PARTICIPLES = frozenset({"arm", "equip"})
# acts whose victims may be forces: "killed five soldiers", "clashed with police"
HOSTILE_TO_FORCES = frozenset({"ASSAULT", "COERCE"})
ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "UAF", "INS", "SPY", "SEC", "POL"})
CIVIL_SECTORS = frozenset(
    {"CVL", "OPP", "LAB", "EDU", "REF", "MED", "JRN", "NGO", "HLH", "BUS", "REL", "ELI"}
)
IGO_CODES = frozenset({"IGO", "UNO", "UN", "NATO", "EU", "AU", "ASEAN", "OSCE", "ICC", "WHO"})
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "its", "their", "his", "her"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPO_AUX = frozenset({"could", "might", "may"})
OBLIG_AUX = frozenset({"must", "should"})
PAST_TAGS = frozenset({"VBD", "VBN"})


EVIDENCE_NOUNS = frozenset({"evidence", "sign", "indication", "proof", "suggestion", "hint"})
BACKGROUND_MARKS = frozenset({"after", "before", "since", "when", "while", "as", "because"})
# Heads of subjects that name an actor even when the dictionary does not know it.
ARMED_SECTORS = frozenset({"REB", "MIL", "COP", "SPY"})
AGENT_CLASSES = frozenset({"PERSON", "PEOPLE", "MIL", "ARMED", "STATE", "IGO", "AIDORG"})
AGENT_NOUNS = _words(
    "government ministry court tribunal police army navy agency authority administration "
    "council committee office union movement party parliament senate cabinet regime "
    "organization organisation commission prosecutor judge gunman attacker assailant bomber "
    "kidnapper sniper hacker pirate smuggler militant insurgent jihadist extremist terrorist "
    "spokesman spokeswoman spokesperson envoy diplomat lawmaker legislator official chief "
    "commander officer policeman "
    # weapons that stand for the forces that fire them ("Israeli warplanes struck ...")
    "warplane jet drone helicopter aircraft plane tank artillery warship gunboat missile rocket"
)
# CAMEO's yielding (08x) and the matching refusal to yield (124x).
REFUSALS_TO_YIELD = {
    "081": "1241",
    "082": "1242",
    "084": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
}
# "a state of siege" is a state of emergency (CAMEO 1724), not a military siege.
EMERGENCY_STATES = frozenset({"emergency", "siege", "alert"})
MEASURE_NOUNS = _words(
    "day week month hour round series wave number kind part set package batch ton worth amount "
    "lot deployment patch group contingent first unit return arrival entry presence "
    "all most much rest some parts dozen hundred thousand score million team shipment "
    "percent % share bulk half third majority proportion fraction"
)
# object classes that name people who can suffer or receive an act (troops are left out:
# "sent troops into the country" moves them, the country is on the receiving end)
PATIENT_CLASSES = frozenset({"PEOPLE", "PERSON"})
# verbs whose unclassified object handed to an actor is returned property (0842)
RETURNABLE = frozenset({"return"})
OWNER_NOUNS = frozenset({"owner", "family", "heir", "museum", "government", "authority"})
NOMINAL_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "attr", "appos", "compound"})
_SUFFIXES = (
    ("ied", "y"),
    ("ed", "e"),
    ("ed", ""),
    ("d", ""),
    ("ing", "e"),
    ("ing", ""),
    ("es", ""),
    ("s", ""),
)


# Past forms the lemmatizer keeps when the tagger calls them present ("overran"/VBP).
_IRREGULAR_PAST = {
    "overran": "overrun",
    "withdrew": "withdraw",
    "overthrew": "overthrow",
    "undertook": "undertake",
    "upheld": "uphold",
    "withheld": "withhold",
    "fought": "fight",
    "sought": "seek",
    "froze": "freeze",
    "struck": "strike",
    "shot": "shoot",
    "forbade": "forbid",
    "overtook": "overtake",
}


def _lemma_keys(tok: Token) -> list[str]:
    """The lemma, then guesses from the surface form for when the lemmatizer slips
    ("staged" -> "stag")."""
    lemma = tok.lemma_.lower()
    text = tok.lower_
    keys = [lemma]
    if text in _IRREGULAR_PAST:
        keys.append(_IRREGULAR_PAST[text])
    if text != lemma:
        keys.append(text)
    for suf, rep in _SUFFIXES:
        if text.endswith(suf) and len(text) - len(suf) >= 3:
            keys.append(text[: -len(suf)] + rep)
    return list(dict.fromkeys(keys))


# ---------------------------------------------------------------- mentions


class _Mentions:
    """Token -> mention lookup for one document, built once (linear in doc size)."""

    def __init__(self, doc: Doc, mentions: list[Mention], book: ActorDictionary) -> None:
        self.mentions = list(mentions)  # place mentions may be added; the caller's stay
        self.book = book  # the caller's dictionary: places and descriptions are coded by it
        self.sentence_starts = [sent.start for sent in doc.sents]
        self.by_token: dict[int, list[int]] = {}
        for mi, m in enumerate(mentions):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in range(span.start, span.end):
                self.by_token.setdefault(t, []).append(mi)

    def at(self, tok: Token) -> list[int]:
        return self.by_token.get(tok.i, [])

    def sentence_of(self, token_index: int) -> int:
        """Index of the sentence holding a token (added mentions carry it)."""
        return max(0, bisect.bisect_right(self.sentence_starts, token_index) - 1)

    def add_place(self, ent) -> int | None:
        """A country-level mention (via "place") for a place name, or None."""
        book = self.book
        country = book.country_of(ent.text)
        entry = book.get(country) if country else None
        if entry is None or entry.type != "country":
            return None
        sentence = self.sentence_of(ent.start)
        actor = book.actor(country)
        text = ent.text
        self.mentions.append(Mention(ent.start_char, ent.end_char, text, actor, "place", sentence))
        mi = len(self.mentions) - 1
        for t in range(ent.start, ent.end):
            self.by_token.setdefault(t, []).append(mi)
        return mi

    def add_unresolved(self, head: Token) -> int:
        """An actor the dictionary does not know, named by a noun phrase ("the finance
        minister", "an Italian tribunal"): its premodifiers and head, without a leading
        article, coded from its own words where they say the country (via
        "description", e.g. ITA JUD), else via "unresolved" with at most a sector."""
        start = head.left_edge.i
        while start < head.i and head.doc[start].dep_ in ("det", "punct"):
            start += 1
        span = head.doc[start : head.i + 1]
        sentence = self.sentence_of(head.i)
        actor, via = describe(span, self.mentions, self.book)
        mention = Mention(span.start_char, span.end_char, span.text, actor, via, sentence)
        self.mentions.append(mention)
        mi = len(self.mentions) - 1
        for t in range(span.start, span.end):
            self.by_token.setdefault(t, []).append(mi)
        return mi

    def core(self, head: Token) -> list[int]:
        """An actor noun phrase's own mentions: the head's and its conjuncts' ("X and Y
        agreed"), without those of appositions and modifiers ("Pakistan, a key U.S. ally,
        refused"; "the Red Cross operating in Iraq"); the whole phrase when the head
        itself names no country."""
        own = list(self.at(head))
        for c in head.children:
            if c.dep_ == "conj":
                own += [mi for mi in self.core(c) if mi not in own]
            elif c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < head.i:
                # "U.S. and Russian negotiators": premodifiers belong to the head
                own += [mi for t in c.subtree for mi in self.at(t) if mi not in own]
        own = list(dict.fromkeys(own))
        if any(self.mentions[mi].actor.country for mi in own):
            return own
        if head.lemma_.lower() in OPPOSING_NOUNS:
            return own  # "opponents of the government" are not the government
        return self.phrase(head)

    def phrase(self, head: Token) -> list[int]:
        """Mentions inside a noun phrase, head-covering ones first, relative clauses excluded."""
        first = list(self.at(head))
        rest: list[int] = []
        stack = [c for c in head.children if c.dep_ not in PHRASE_STOP]
        while stack:
            t = stack.pop()
            for mi in self.at(t):
                if mi not in first and mi not in rest:
                    rest.append(mi)
            stack.extend(c for c in t.children if c.dep_ not in PHRASE_STOP)
        rest.sort(key=lambda mi: self.mentions[mi].start)
        return first + rest


def _neither_nor(tok: Token) -> bool:
    """ "neither confirmed nor denied": both verbs are negated."""
    first = tok.head if tok.dep_ == "conj" else tok
    words = {c.lower_ for c in first.children if c.dep_ in ("preconj", "cc", "advmod", "neg")}
    return "nor" in words or ("neither" in words and tok is first)


def _classes_of_mentions(ms: list[Mention]) -> set[str]:
    out: set[str] = set()
    for m in ms:
        a = m.actor
        if a.sector in ARMED_SECTORS:
            out |= {"MIL", "ARMED"}
        elif a.sector in CIVIL_SECTORS:
            out |= {"PEOPLE", "CIVIL"}
        if a.sector == "IGO" or (a.country or "") in IGO_CODES:
            out |= {"IGO", "STATE"}
        elif a.sector in (None, "GOV") and a.country:
            out.add("STATE")
        if a.role is not None or (a.id is not None and a.id.islower()):
            out.add("PERSON")
        if m.via == "name" and a.sector is None and a.country and a.id == a.country:
            out.add("PLACE")
    return out


# ---------------------------------------------------------------- the coder


@dataclass(slots=True)
class _Ev:
    tok: Token
    head: Token  # clause head (copula for adjectives)
    code: str
    confidence: float
    verbal: bool
    speech_act: bool  # accuse / deny: content events link to it
    actor: list[int]
    recipient: list[int]
    aux: list[str]
    parent: _Ev | None = None
    key: str = ""
    override: tuple[str, str | None] | None = None


class _Coder:
    def __init__(self, doc: Doc, mentions: list[Mention], book: ActorDictionary) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt on every access: once per event was O(n²)
        self.lex: Lexicon = lexicon()
        self.m = _Mentions(doc, mentions, book)
        self._verb_cache: dict[int, tuple[str, tuple[VerbEntry, ...]] | None] = {}
        # DATE entities, sorted by start, for the future/historical cues
        self.dates = [(e.start, e.end, e.text.lower()) for e in doc.ents if e.label_ == "DATE"]

    # -- lexicon access ---------------------------------------------------

    def noun_key(self, tok: Token) -> list[str]:
        """Lookup keys for a noun: "compound head" first, then the lemma."""
        lemma = tok.lemma_.lower()
        keys = []
        for c in tok.children:
            # "cease-fire" is split in three tokens; "ceasefire" is the lexicon's word
            if c.i == tok.i - 2 and tok.doc[tok.i - 1].text == "-":
                keys += [f"{c.lower_}{lemma}", f"{c.lower_}-{lemma}"]
            if c.dep_ in ("compound", "amod") and c.i < tok.i:
                keys.append(f"{c.lemma_.lower()} {lemma}")
                keys.append(f"{c.text.lower()} {lemma}")
        keys.append(lemma)
        if tok.text.lower() != lemma:
            keys.append(tok.text.lower())
        return keys

    def noun(self, tok: Token):
        if tok.lemma_.lower() == "call" and not self.calls_for(tok):
            return self.lex.nouns.get("phone call")  # "the January call", "their call"
        for k in self.noun_key(tok):
            e = self.lex.nouns.get(k)
            if e is not None:
                return e
        return None

    @staticmethod
    def calls_for(tok: Token) -> bool:
        """A "call" that demands ("a call for talks", "calls to withdraw")."""
        return any(
            (c.dep_ == "prep" and c.lower_ in ("for", "on", "upon"))
            or (
                c.dep_ in ("acl", "relcl")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            )
            for c in tok.children
        )

    def classes(self, tok: Token | None) -> set[str]:
        if tok is None:
            return set()
        out: set[str] = set()
        heads = [tok, *(c for c in tok.children if c.dep_ == "conj")]
        if tok.lemma_ in MEASURE_NOUNS:  # "the first deployment of NATO peacekeepers"
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":  # "a team of experts, equipment and drugs"
                            heads += [p, *(g for g in p.children if g.dep_ == "conj")]
        found: list[int] = []
        for t in heads:
            if t.lemma_ == "state" and any(
                p.dep_ == "pobj" and p.lemma_ in EMERGENCY_STATES
                for c in t.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
            ):
                out.add("EMERGENCY")
            for x in (t, *(c for c in t.children if c.dep_ in ("compound", "amod"))):
                e = self.noun(x)
                if e is not None:
                    out |= e.classes
            found += self.m.phrase(t)
            if self.nominal_object(t) is not None:
                out.add("NOMINAL")  # "the withdrawal of troops": an act named by a noun
            if t.ent_type_ == "PERSON":  # a named person the dictionary does not know
                out.add("PERSON")
            elif t.tag_ == "NNPS" and t.ent_type_ in ("NORP", ""):  # "19 Christians", "Kurds"
                out.add("PEOPLE")
        out |= _classes_of_mentions([self.m.mentions[i] for i in found])
        if len({self.m.mentions[i].actor.country or i for i in found}) > 1 or len(heads) > 1:
            out.add("MANY")
        return out

    @staticmethod
    def foreign_particle(tok: Token) -> bool:
        """A particle that changes the verb ("back away"), so the bare lemma must not match."""
        for c in tok.children:
            if c.dep_ == "prt" and not (
                c.i + 1 < len(tok.doc) and tok.doc[c.i + 1].lower_ == "to"  # "up to 16"
            ):
                return True
        return False

    def verb_entries(self, tok: Token) -> tuple[str, tuple[VerbEntry, ...]] | None:
        cached = self._verb_cache.get(tok.i, False)
        if cached is not False:
            return cached
        found = None
        for lemma in _lemma_keys(tok):
            for c in tok.children:
                if c.dep_ in ("prt", "prep", "advmod") and c.lower_ in self.lex.verb_tails:
                    if c.dep_ == "prep" and any(
                        p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in c.children
                    ):
                        continue  # "called on Sunday for sanctions": a date, not "call on"
                    key = f"{lemma} {c.lower_}"
                    if key in self.lex.verbs:
                        found = key, self.lex.verbs[key]
                        break
            if found is None and lemma in self.lex.verbs and not self.foreign_particle(tok):
                found = lemma, self.lex.verbs[lemma]
            if found is not None:
                break
        self._verb_cache[tok.i] = found
        return found

    # -- tree helpers -------------------------------------------------------

    @staticmethod
    def child(tok: Token, *deps: str) -> Token | None:
        for c in tok.children:
            if c.dep_ in deps:
                return c
        return None

    def obj(self, tok: Token, key: str) -> Token | None:
        """The object a trigger acts on: dobj, passive subject, or pobj of its particle-prep."""
        tail = key.split(" ", 1)[1] if " " in key else None
        if tail:
            for c in tok.children:
                if c.dep_ == "prep" and c.text.lower() == tail:
                    p = self.child(c, "pobj")
                    if p is not None:
                        return p
        o = self.child(tok, "dobj", "nsubjpass", "attr")
        if o is None and tok.lemma_ in ACCESS_GRANTING:
            # "allow UN agencies access to X": the parser reads "access" as a verb
            o = next((c for c in tok.children if c.dep_ == "ccomp" and c.lower_ == "access"), None)
        if o is None and tok.pos_ == "ADJ":
            for c in tok.children:
                if c.dep_ == "prep" and c.text.lower() in ("to", "for"):
                    o = self.child(c, "pobj")
                    if o is not None:
                        return o
        return o

    def subject(self, tok: Token) -> tuple[Token | None, bool]:
        """(subject head, passive?) of a predicate, climbing xcomp/conj/relcl chains."""
        t = tok
        for _ in range(6):
            for c in t.children:
                if c.dep_ in SUBJ_DEPS:
                    if c.tag_ in ("WDT", "WP") and t.dep_ == "relcl":
                        return t.head, False
                    return c, False
                if c.dep_ == "nsubjpass":
                    # "X has been indicted ... and will resign": X is the active subject
                    active = t is not tok and not any(a.dep_ == "auxpass" for a in tok.children)
                    return c, not active
            if t.dep_ in ("acl", "relcl") and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in t.children
            ):
                # "converged for a rally to protest ...": the rally's participants protest
                v = next((a for a in t.ancestors if a.pos_ in ("VERB", "AUX")), None)
                if v is not None:
                    t = v
                    continue
            if (
                t.dep_ == "acl"
                and t.tag_ == "VBG"
                and t.head.lemma_ in DOCUMENT_NOUNS
                and t.head.dep_ in ("dobj", "nsubj", "nsubjpass")
            ):
                # "X issued a statement demanding ...": the issuer demands
                t = t.head.head
                if t.pos_ in ("VERB", "AUX"):
                    continue
                break
            root = t.sent.root
            if t.dep_ == "acl" and t.tag_ in ("VBN", "VBD") and root.pos_ in ("NOUN", "PROPN"):
                # no finite verb in the parse ("Doctors from two aid groups donated ..."
                # read as one noun phrase): the participle is the main verb, the root
                # noun its subject
                return root, False
            if t.dep_ in ("relcl", "acl") and t.head.pos_ in ("NOUN", "PROPN"):
                return t.head, t.tag_ == "VBN" and t.dep_ == "acl"
            if t.dep_ in ("xcomp", "conj", "advcl", "acomp", "pcomp") and t.head is not t:
                if t.dep_ == "xcomp":
                    o = self.child(t.head, "dobj")  # "urged X to ...": X acts
                    if o is not None and t.head.lemma_ in ("urge", "ask", "call", "press"):
                        return o, False
                if t.dep_ == "pcomp":
                    # "accused X of shelling", "blamed X for ...": X is the doer
                    o = self.child(t.head.head, "dobj")
                    if o is not None and t.head.lower_ in ("of", "for"):
                        return o, False
                    t = t.head.head
                    continue
                t = t.head
                continue
            break
        # a mis-parsed finite clause ("X, determined to ..., would accept"): take the
        # nearest subject to the left that the parser hung on a modifier clause
        if any(c.dep_ == "aux" for c in tok.children) and tok.pos_ == "VERB":
            for t in reversed(tok.doc[tok.sent.start : tok.i]):
                if t.dep_ in SUBJ_DEPS and t.head.dep_ in ("acl", "relcl", "appos"):
                    return t, False
        return None, False

    def content_clause(self, tok: Token) -> Token | None:
        """The reported clause of a speech verb: ccomp, or a that-clause parsed as advcl."""
        for c in tok.children:
            if c.dep_ == "ccomp":
                return c
        for c in tok.children:
            if c.dep_ in ("advcl", "parataxis") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children
            ):
                return c
        return None

    def agent(self, tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ == "agent":
                return self.child(c, "pobj")
        return None

    @staticmethod
    def depth(tok: Token) -> int:
        d = 0
        while tok.head is not tok and d < 50:
            tok = tok.head
            d += 1
        return d

    def speech_governor(self, head: Token) -> Token | None:
        """The plain reporting verb whose content this clause is, if any."""
        t = head
        for _ in range(4):
            if t.dep_ not in ("ccomp", "parataxis", "conj", "advcl") or t.head is t:
                return None
            h = t.head
            hit = self.verb_entries(h)
            if hit and any(e.frame in ("speech", "boast", "deny") for e in hit[1]):
                return h
            if t.dep_ != "conj":
                return None
            t = h
        return None

    # -- content and topic ----------------------------------------------------

    def ends_fighting(self, tok: Token) -> bool:
        """Stopping a war is de-escalation, however hostile the war's own words are."""
        lemma = tok.lemma_.lower()
        if lemma in CESSATION_VERBS:
            for c in tok.children:
                if c.dep_ in ("dobj", "xcomp", "ccomp", "pcomp") and self.is_fighting(c):
                    return True
        if lemma == "bring":  # "bring the war to an end / a halt / a close"
            objects = [c for c in tok.children if c.dep_ == "dobj" and self.is_fighting(c)]
            ends = [
                p
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "to"
                for p in c.children
                if p.dep_ == "pobj" and p.lemma_.lower() in ("end", "halt", "close", "stop")
            ]
            return bool(objects and ends)
        return False

    def is_fighting(self, tok: Token) -> bool:
        if tok.pos_ == "VERB":
            return tok.lemma_.lower() in ("fight", "attack", "shell", "bomb", "strike")
        if tok.lemma_.lower() == "strike":  # in war news a strike is military unless labour
            return not any(c.lower_ in LABOUR_MODIFIERS for c in tok.children)
        n = self.noun(tok)
        return n is not None and "FORCE" in n.classes

    def content_code(self, tok: Token, depth: int = 0) -> str | None:
        """The CAMEO code of the most specific event found under a frame's content."""
        if depth > 4:
            return None
        if tok.pos_ in ("VERB", "AUX") and self.ends_fighting(tok):
            return "087"  # "ready to stop fighting", "to bring the war to an end"
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.lemma_ in INTENT_ADJ):
            hit = self.verb_entries(tok)
            if hit:
                key, entries = hit
                e = self.pick(tok, key, entries)
                if e is not None and e.frame not in ("speech", "boast"):
                    if e.frame in ("intent", "refuse", "request", "threat"):
                        inner = self.frame_content(tok, key, depth + 1)
                        if inner is not None:
                            return inner
                    if e.frame == "light":
                        code = self.light_code(tok, key, e)
                        if code:
                            return code
                        return self.frame_content(tok, key, depth + 1)
                    return e.cameo
            return self.frame_content(tok, tok.lemma_.lower(), depth + 1)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in CESSATION_NOUNS:
            # "a pause in attacks", "a halt to the fighting": de-escalation
            for c in tok.children:
                if (
                    c.dep_ == "prep"
                    and c.lower_ in ("in", "on", "of", "to")
                    and any(self.is_fighting(p) for p in c.children if p.dep_ == "pobj")
                ):
                    return "087"
        if tok.pos_ in ("NOUN", "PROPN"):
            n = self.noun(tok)
            if n is not None and ({"PROPOSAL", "DEMAND", "INTENT"} & n.classes):
                inner = self.frame_content(tok, tok.lemma_, depth + 1)
                return inner or n.cameo
            if n is not None and n.cameo:
                if "EXERCISE" in n.classes and any(c.lemma_ == "joint" for c in tok.children):
                    return "062"
                return n.cameo
            for c in tok.children:
                if c.dep_ == "acl" or (
                    c.dep_ == "prep"
                    and (n is None or (c.lower_ == "of" and tok.lemma_ in MEASURE_NOUNS))
                ):
                    inner = c if c.dep_ == "acl" else self.child(c, "pobj")
                    if inner is not None:
                        code = self.content_code(inner, depth + 1)
                        if code:
                            return code
            for c in tok.children:
                if c.dep_ == "conj":
                    code = self.content_code(c, depth + 1)
                    if code:
                        return code
            for c in tok.children:
                if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ"):
                    n2 = self.noun(c)
                    if n2 is not None and n2.cameo:
                        return n2.cameo
        return None

    def frame_content(self, tok: Token, key: str, depth: int = 0) -> str | None:
        """Search a frame's complements (xcomp, ccomp, object, to/for/of objects)."""
        order = []
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp"):
                order.append((0, c))
            elif c.dep_ in ("dobj", "attr", "nsubjpass", "oprd") or (
                c.dep_ == "acl" and tok.pos_ == "NOUN"
            ):
                order.append((1, c))
            elif c.dep_ in ("prep", "agent") and c.lower_ in (
                "to",
                "for",
                "of",
                "on",
                "upon",
                "in",
            ):
                for p in c.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        order.append((2, p))
            elif c.dep_ == "advcl" and self.child(c, "aux") is not None:
                order.append((3, c))
            elif c.dep_ == "conj" and tok.pos_ == "NOUN":
                order.append((4, c))
            elif c.dep_ in ("nsubj", "nsubjpass") and depth > 0:
                order.append((5, c))  # "warned that any attack would ...": the attack
        order.sort(key=lambda x: x[0])
        for _, c in order:
            code = self.content_code(c, depth)
            if code:
                return code
        return None

    # -- entry choice -----------------------------------------------------------

    def pick(self, tok: Token, key: str, entries: tuple[VerbEntry, ...]) -> VerbEntry | None:
        o = self.obj(tok, key)
        if o is not None and o.lemma_.lower() in FIGURATIVE_OBJECTS.get(key, ()):
            return None  # "struck an uncompromising tone", "took a hard line"
        if key in ROUTINE_ANSWERABLE and self.routine_request(tok):
            return None
        if key in DESCRIPTIVE_PARTICIPLES and tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"):
            return None  # "militiamen armed with machetes" says what they carried

        if key == "agree" and self.shares_a_view(tok):
            return None
        if key == "call" and any(c.dep_ in ("oprd", "ccomp") for c in tok.children):
            return None  # "called Russia a terrorist state": naming, not a phone call
        if key in DIRECTIVE_ONLY and not self.directive(tok, key):
            return None
        ocls = self.classes(o) if o is not None else set()
        if key == "deploy" and self.sent_to_monitor(tok):
            ocls = ocls | {"PEACE"}  # "deployed a team to monitor the ceasefire"
        if key in RETURNABLE and o is not None and not ocls and self.handed_to_actor(tok):
            ocls = {"PROPERTY"}  # "returned the stolen manuscript to Italy": property
        subj, _ = self.subject(tok)
        scls = self.classes(subj) if subj is not None else set()
        for e in entries:
            if e.cond_role is None:
                return e
            if e.cond_role == "prep":
                # "prep=with": any object of "with"; "prep=for:MEET": one of that noun class
                word, _, cls = (e.cond_class or "").partition(":")
                tail = key.split(" ", 1)[1] if " " in key else None
                kids = [*tok.children]
                kids += [g for c in tok.children if c.lower_ == tail for g in c.children]
                for c in kids:
                    p = self.child(c, "pobj") if c.dep_ == "prep" and c.lower_ == word else None
                    if p is not None and (not cls or cls in self.classes(p)):
                        return e
                continue
            if e.cond_role == "comp":
                if self.child(tok, e.cond_class or "") is not None:
                    return e
                continue
            pool = ocls if e.cond_role == "obj" else scls
            if e.cond_class in pool:
                if e.cond_class == "NOMINAL" and o is not None:
                    return self.nominal_entry(o, e)
                return e
        return None

    @staticmethod
    def nominal_object(noun: Token) -> Token | None:
        """The "of" object of a noun that names an act ("the expulsion of two diplomats")."""
        if noun.lemma_.lower() not in NOMINALIZED:
            return None
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None

    def nominal_entry(self, noun: Token, announcing: VerbEntry) -> VerbEntry | None:
        """ "Announced the withdrawal of its troops", "ordered the expulsion of two
        diplomats": the act the noun names, coded as its verb would be on the same object."""
        verb = NOMINALIZED[noun.lemma_.lower()]
        of = self.nominal_object(noun)
        if of is None:
            return None
        ocls = self.classes(of)
        if verb == "deploy" and any(map(self.sent_to_monitor, (noun, of, noun.head))):
            ocls = ocls | {"PEACE"}  # "the deployment of a team to monitor the truce"
        for e in self.lex.verbs.get(verb, ()):
            if e.cond_role not in (None, "obj") or (e.cond_role and e.cond_class not in ocls):
                continue
            code = self.light_objects_code(verb, e, [of]) if e.frame == "light" else e.cameo
            if e.frame not in ("light", "event") or not code:
                return None
            return VerbEntry(
                announcing.lemma, None, None, code, "event", announcing.confidence, e.verbal
            )
        return None

    @staticmethod
    def endeavoured(tok: Token) -> bool:
        """ "Western efforts to end the fighting", "a push to reopen talks": the endeavour is
        reported, not the act."""
        return (
            tok.dep_ == "acl"
            and tok.head.lemma_.lower() in ENDEAVOUR_NOUNS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        )

    def gives_aid(self, tok: Token, key: str) -> bool:
        """The object is concrete aid: money, relief, supplies, equipment."""
        o = self.obj(tok, key)
        return o is not None and "AIDNOUN" in self.classes(o)

    def shares_a_view(self, tok: Token) -> bool:
        """ "Agreed with the report that …", "agree with Smith that …": an opinion shared,
        not an agreement to act (which has a "to" clause or an "on" object)."""
        kids = list(tok.children)
        if any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in ("on", "to")) for c in kids):
            return False
        with_obj = next(
            (self.child(c, "pobj") for c in kids if c.dep_ == "prep" and c.lower_ == "with"),
            None,
        )
        if with_obj is None:
            return False
        return any(c.dep_ == "ccomp" for c in kids) or not self.m.phrase(with_obj)

    @staticmethod
    def deliberated(head: Token) -> bool:
        """An act under "considering/weighing/debating": an option, not a deed."""
        return head.dep_ in ("xcomp", "ccomp", "pcomp") and head.head.lemma_ in DELIBERATION

    @staticmethod
    def sent_to_monitor(tok: Token) -> bool:
        """Whether a deployment's purpose is to watch over a truce or a deal ("to monitor
        the ceasefire", "to oversee the elections"): peacekeeping, not a build-up."""
        return any(
            c.dep_ in ("xcomp", "advcl", "acl", "relcl")
            and c.lemma_.lower() in MONITOR_VERBS
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            for c in tok.children
        )

    def handed_to_actor(self, tok: Token) -> bool:
        """Has a "to" phrase naming an actor or an owner ("to Peru", "to its owners"),
        on the verb or, where the parser hangs it there, inside the object ("returned a
        portrait of a girl to its owner")."""
        o = self.child(tok, "dobj")
        heads = [tok, *(o.subtree if o is not None else ())]
        for h in heads:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ == "to":
                    p = self.child(c, "pobj")
                    if p is not None and (self.m.phrase(p) or p.lemma_ in OWNER_NOUNS):
                        return True
        return False

    def routine_request(self, tok: Token) -> bool:
        """A reporter's request or its answer ("asked for comment", "asked not to be
        named", "declined to comment")."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "about"):
                p = self.child(c, "pobj")
                if p is not None and p.lemma_.lower() in REPORTING_ROUTINE:
                    return True
            if c.dep_ == "xcomp" and c.lemma_.lower() in REPORTING_ROUTINE:
                return True
        return False

    def directive(self, tok: Token, key: str) -> bool:
        """Has a complement that asks for an action rather than states a fact, or an
        addressee ("pressed Kyiv"). "Insisted on talks" asks; "pressed on Bakhmut" moves."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "on" and key != "press":
                return True
            if c.dep_ == "prep" and c.lower_ == "for":
                p = self.child(c, "pobj")  # "pressed for talks", not "for weeks"
                if p is not None and p.ent_type_ not in ("DATE", "TIME"):
                    return True
            if c.dep_ == "dobj" and self.m.at(c):
                return True
            if c.dep_ == "xcomp":
                return True
            if c.dep_ == "ccomp":
                if any(a.dep_ == "aux" and a.lower_ in DIRECTIVE_MODALS for a in c.children):
                    return True
                if c.tag_ == "VB" and self.child(c, "nsubj") is not None:
                    return True  # subjunctive: "insisted that Kyiv withdraw"
        return False

    def light_code(self, tok: Token, key: str, e: VerbEntry) -> str | None:
        o = self.obj(tok, key)
        return self.light_objects_code(key, e, [o] if o is not None else [])

    def light_objects_code(self, key: str, e: VerbEntry, objs: list[Token]) -> str | None:
        """The code of a light verb ("held talks", "provided aid") from its objects."""
        o = objs[0] if objs else None
        if o is not None:
            objs += [c for c in o.children if c.dep_ == "conj"]
            if o.lemma_ in MEASURE_NOUNS:  # "10 days of war games"
                for c in o.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        objs += [p for p in c.children if p.dep_ == "pobj"]
        for ob in list(objs):
            if self.noun(ob) is None:  # "a mediation effort": the modifier carries the event
                objs += [c for c in ob.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        for ob in objs:
            keys = self.noun_key(ob)
            n = self.noun(ob)
            cands = [*keys, *(sorted(n.classes) if n else [])]
            for k in cands:
                if (key, k) in self.lex.light:
                    joint = n is not None and "EXERCISE" in n.classes
                    if joint and any(c.lemma_ == "joint" for c in ob.children):
                        return "062"  # exercises held together: military cooperation
                    code = self.lex.light[(key, k)]
                    if code:
                        return code
                    if n is not None and n.cameo:
                        return n.cameo
        return e.cameo if key in LIGHT_FALLBACK else None

    # -- aux modes ----------------------------------------------------------------

    def aux_modes(self, tok: Token, head: Token, governor: Token | None) -> tuple[list[str], bool]:
        """(auxiliary modes, negated directly on the predicate)."""
        modes: list[str] = []
        direct_neg = False
        nodes = [tok] if tok is head else [tok, head]
        for n in nodes:
            if _neither_nor(n):
                direct_neg = True
            for c in n.children:
                low = c.text.lower()
                if c.dep_ == "neg" or low == "never":
                    direct_neg = True
                elif c.dep_ == "aux" and c.tag_ == "MD":
                    if low in FUTURE_AUX:
                        modes.append("future")
                    elif low == "would":
                        past_report = governor is not None and governor.tag_ in PAST_TAGS
                        modes.append("future" if past_report else "hypothetical")
                    elif low in HYPO_AUX:
                        modes.append("hypothetical")
                elif c.dep_ == "advcl":
                    mark = self.child(c, "mark")
                    if mark is not None and mark.lower_ in ("if", "unless"):
                        modes.append("hypothetical")
        if head.dep_ == "advcl":
            mark = self.child(head, "mark")
            if mark is not None and mark.lower_ in ("if", "unless"):
                modes.append("hypothetical")
        first = head.left_edge
        if (
            head.dep_ in ("advcl", "ccomp")
            and first.i == head.sent.start
            and first.lower_ in INVERTED_CONDITIONALS
            and first.head == head
            and first.dep_ == "aux"
        ):
            modes.append("hypothetical")  # "Had Serbia signed, ...": an inverted "if"
        # "going to attack"
        if head.dep_ == "xcomp" and head.head.lemma_ == "go" and head.head.tag_ == "VBG":
            modes.append("future")
        # "is considering sending aid": an option weighed, not an act (CAMEO 014)
        if self.deliberated(head):
            modes.append("hypothetical")
        # "they expect Russia to attack": a forecast, whoever makes it
        if head.dep_ in ("xcomp", "ccomp") and head.head.lemma_ in EXPECTATION:
            modes.append("future")
        # "failed to reach a deal": the act did not happen
        if head.dep_ == "xcomp" and head.head.lemma_ in FAILURE_VERBS:
            modes.append("negated")
        # "there is no evidence that X would ...": the reporter negates, not X
        h = head
        if (
            h.dep_ in ("acl", "ccomp", "appos")
            and h.head.pos_ == "NOUN"
            and any(c.lower_ in ("no", "little") and c.dep_ == "det" for c in h.head.children)
        ):
            modes.append("negated")
        # "no evidence/sign that X would accept" even when the parser hangs it elsewhere;
        # not into a relative clause ("X, which has vowed to ..., would accept")
        in_relative = any(a.dep_ == "relcl" for a in (head, *head.ancestors))
        for n in () if in_relative else tok.sent:
            if (
                n.i < tok.i
                and n.lemma_ in EVIDENCE_NOUNS
                and any(c.dep_ == "det" and c.lower_ == "no" for c in n.children)
                and (n in head.subtree or head in n.head.subtree)
            ):
                modes.append("negated")
                break
        if direct_neg:
            modes.append("negated")
        lo = bisect.bisect_left(self.dates, (head.left_edge.i, -1, ""))
        for start, end, low in itertools.islice(self.dates, lo, None):
            if start > head.right_edge.i:
                break
            if end <= head.right_edge.i + 1:
                if low.startswith(("next", "tomorrow", "the coming", "coming", "later this")):
                    modes.append("future")
                elif low.endswith("ago") and ("year" in low or "decade" in low):
                    modes.append("historical")
        return list(dict.fromkeys(modes)), direct_neg

    # -- main --------------------------------------------------------------------

    def run(self) -> list[CodedEvent]:
        out: list[CodedEvent] = []
        for si, sent in enumerate(self.doc.sents):
            evs = self.code_sentence(sent)
            base = len(out)
            index = {id(e): base + k for k, e in enumerate(evs)}
            for e in evs:
                out.append(self.finish(e, si, index))
        return out

    def code_sentence(self, sent) -> list[_Ev]:
        cands: list[tuple[int, Token, str, tuple[VerbEntry, ...]]] = []
        for tok in sent:
            adj = tok.lemma_.lower() if tok.pos_ == "ADJ" else ""
            is_pred = tok.pos_ == "VERB" or adj in INTENT_ADJ or adj in APPROVAL_ADJ
            if not is_pred:
                continue
            if tok.dep_ in NOMINAL_DEPS and tok.tag_ in ("VBN", "VBG"):
                continue  # "evacuated the wounded"
            if tok.dep_ == "acomp" and tok.tag_ == "VBN":
                continue  # a state, not an event: "Ukraine is so besieged"
            if tok.dep_ in ("acl", "xcomp") and tok.head.pos_ == "NOUN":
                hn = self.noun(tok.head)
                if hn is not None and {"INTENT", "PROPOSAL", "DEMAND"} & hn.classes:
                    continue  # "willingness to compromise": content of a noun, not an event
            if tok.pos_ == "ADJ":
                if tok.dep_ not in ("acomp", "ROOT", "conj", "ccomp", "xcomp", "advcl", "oprd"):
                    continue  # "guns at the ready"
                if adj in APPROVAL_ADJ:
                    if any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
                        entries = (VerbEntry(adj, None, None, "051", "event", 0.45, True),)
                        cands.append((self.depth(tok), tok, adj, entries))
                    continue
                entries = (VerbEntry(tok.lemma_, None, None, "030", "intent", 0.85, True),)
                cands.append((self.depth(tok), tok, tok.lemma_.lower(), entries))
                continue
            hit = self.verb_entries(tok)
            if hit:
                cands.append((self.depth(tok), tok, hit[0], hit[1]))
        cands.sort(key=lambda c: (c[0], c[1].i))
        consumed: set[int] = set()
        evs: list[_Ev] = []
        for _, tok, key, entries in cands:
            if tok.i in consumed:
                continue
            if (
                tok.pos_ == "ADJ"
                and key not in APPROVAL_ADJ
                and not any(
                    (c.dep_ in ("xcomp", "prep") and c.lower_ in ("to", "for")) or c.dep_ == "xcomp"
                    for c in tok.children
                )
            ):
                continue
            e = self.pick(tok, key, entries)
            if e is None:
                continue
            ev = self.code_trigger(tok, key, e, consumed, evs)
            if ev is not None:
                evs.append(ev)
        return self.merge(evs)

    def consume(self, tok: Token, consumed: set[int]) -> None:
        consumed.update(t.i for t in tok.subtree)

    def code_trigger(
        self, tok: Token, key: str, e: VerbEntry, consumed: set[int], prior: list[_Ev]
    ) -> _Ev | None:
        head = tok.head if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr") else tok
        if tok.pos_ == "ADJ" and tok.dep_ == "amod":
            return None  # "a willing partner"
        if tok.dep_ == "amod" or (tok.dep_ == "acl" and tok.tag_ == "VBN" and e.frame != "event"):
            return None
        if self.endeavoured(tok):
            return None
        governor = self.speech_governor(head)
        frame = e.frame
        code: str | None = e.cameo
        conf = e.confidence
        speech_act = False
        extra_recip: list[int] = []
        aux_node: Token | None = None

        content_deps = ("xcomp", "dobj", "prep", "advcl", "ccomp", "attr", "oprd", "acomp")
        if frame == "speech":
            o = self.obj(tok, key)
            n = self.noun(o) if o is not None else None
            ncls = n.classes if n is not None else frozenset()
            ccomp = self.content_clause(tok)
            noun_frame = next(
                (
                    f
                    for c, f in (
                        ("INTENT", "AGREE"),
                        ("PROPOSAL", "AGREE"),
                        ("DEMAND", "REQUEST"),
                        ("THREATNOUN", "THREATEN"),
                    )
                    if c in ncls
                ),
                None,
            )
            if o is not None and noun_frame is None:
                # "indicated his satisfaction ... and his readiness for a ceasefire"
                for c in o.subtree:  # the parser may hang the conjunct anywhere inside
                    n2 = self.noun(c) if c.dep_ == "conj" else None
                    if n2 is not None and "INTENT" in n2.classes:
                        o, ncls, noun_frame = c, n2.classes, "AGREE"
                        break
            if o is not None and noun_frame is not None:
                # "signalled readiness for a ceasefire", "reiterated its demand that ..."
                fallback = {"AGREE": "030", "REQUEST": "100", "THREATEN": "130"}[noun_frame]
                code = self.recode(noun_frame, self.frame_content(o, o.lemma_), fallback)
                conf, frame = 0.8, "intent"
                for c in (*o.children, *tok.children):
                    if c.dep_ in ("ccomp", "acl"):
                        s_, _ = self.subject(c)
                        if s_ is not None and s_.i != tok.i and s_.i != o.i:
                            extra_recip += self.m.phrase(s_)
                            self.consume(c, consumed)
                self.consume(o, consumed)
            elif ccomp is not None and any(
                c.dep_ == "aux" and c.lower_ in OBLIG_AUX for c in ccomp.children
            ):
                # "X said Y must ...": a demand by the speaker on Y
                s_, _ = self.subject(ccomp)
                addressee = self.m.phrase(s_) if s_ is not None else []
                if not addressee:
                    return None  # "the plan should be developed": no one is asked
                code = self.recode("REQUEST", self.content_code(ccomp), "100")
                conf, frame = 0.75, "request"
                extra_recip += addressee
                self.consume(ccomp, consumed)
            elif o is not None and self.light_code(tok, key, e) not in (None, "010"):
                code = self.light_code(tok, key, e)
                conf = 0.7
            elif ccomp is not None and (blamed := self.misconduct(ccomp)) is not None:
                # "officials suggest this could be a Kremlin deception": an allegation
                code, conf, frame, speech_act = "112", 0.6, "accuse", False
                extra_recip += blamed
                aux_node = ccomp
                self.consume(ccomp, consumed)
            else:
                return None
        elif frame == "light":
            code = self.light_code(tok, key, e)
            if code is None:
                return None
            row = cameo_row(code)
            if row is None or row.event is None:
                return None
            n_obj = self.obj(tok, key)
            n = self.noun(n_obj) if n_obj is not None else None
            if n is not None and "INTENT" in n.classes:
                code = self.recode("AGREE", self.frame_content(n_obj, n_obj.lemma_), "030")
            for c in tok.children:
                if c.dep_ in ("dobj", "xcomp") or (c.dep_ == "advcl" and self.is_purpose(c)):
                    self.consume(c, consumed)
        elif frame in ("intent", "refuse", "request", "threat"):
            inner = self.frame_content(tok, key)
            target = {
                "intent": "AGREE",
                "refuse": "REJECT",
                "request": "REQUEST",
                "threat": "THREATEN",
            }[frame]
            t = topic_of(inner)
            negated_here = any(c.dep_ == "neg" for c in (*tok.children, *head.children))
            if (
                frame == "intent"
                and topic_of(inner) is None
                and key in WEAK_INTENT
                and not negated_here
            ):
                return None  # "offering analysis", "decided to change course"
            if frame == "intent" and t == "mobilize" and key in COOPERATIVE_OFFERS:
                # "offered to send troops to help Uganda": military aid on offer, not a threat
                inner, t = "0332", "mil_aid"
            if frame == "intent" and t in HOSTILE_TOPICS:
                target = "THREATEN"
            if frame == "threat" and key == "warn" and (t not in HOSTILE_TOPICS):
                return None  # a warning about something non-hostile is commentary
            default = (
                e.cameo
                if target == cameo_row(e.cameo).event
                else {"AGREE": "030", "REJECT": "120", "REQUEST": "100", "THREATEN": "130"}[target]
            )
            code = self.recode(target, inner, default)
            # a call for sanctions or force against someone is a demand (10x) on them, not an
            # appeal (02x): "called for sanctions against Turkey"; "urged Libya to crack
            # down on militias" stays an appeal to its addressee
            addressed = key in ("call on", "call upon") or any(
                c.dep_ == "dobj" for c in tok.children
            )
            hostile_call = t in HOSTILE_TOPICS and not addressed
            code = demand_form(code) if hostile_call else appeal_form(code, e.cameo)
            if inner is not None:
                conf = min(0.97, conf + 0.05)
            for c in tok.children:
                if c.dep_ in content_deps and not (c.dep_ == "advcl" and not self.is_purpose(c)):
                    if c.dep_ == "ccomp" and frame not in ("request", "threat", "intent"):
                        continue
                    self.consume(c, consumed)
        elif frame in ("accuse", "deny"):
            speech_act = True
            for c in tok.children:
                if c.dep_ in ("xcomp",) or (c.dep_ == "advcl" and self.is_purpose(c)):
                    self.consume(c, consumed)
        elif frame == "boast":
            content = self.content_clause(tok)
            if content is None or not self.hostile_content(content):
                return None
            speech_act = True
        else:  # plain event
            for c in tok.children:
                if c.dep_ == "xcomp" or (c.dep_ == "advcl" and self.is_purpose(c)):
                    self.consume(c, consumed)

        if code is None:
            return None
        row = cameo_row(code)
        if row is None or row.event is None:
            return None

        aux, direct_neg = self.aux_modes(tok, head, governor)
        if frame == "deny" and direct_neg:
            return None  # "did not deny", "neither confirmed nor denied": no rejection
        if aux_node is not None:  # modality of the reported clause: "this could be ..."
            inner_aux, _ = self.aux_modes(aux_node, aux_node, tok)
            aux = list(dict.fromkeys(aux + [a for a in inner_aux if a != "negated"]))
        actor, recipient = self.roles(tok, head, key, governor, row.event)
        if self.background(head):
            conf *= 0.85

        ev = _Ev(
            tok,
            head,
            code,
            conf,
            e.verbal or frame in VERBAL_FRAMES,
            speech_act,
            actor,
            recipient,
            aux,
            key=key,
            override=e.override if frame == "event" else None,
        )
        if extra_recip:
            ev.recipient = [
                r for r in dict.fromkeys(extra_recip + ev.recipient) if r not in ev.actor
            ]
        before = ev.code
        self.convert(ev, tok, head, governor, direct_neg, key)
        if ev.code != before:
            ev.override = None
        if frame == "boast":
            ev.recipient = self.foreign_mentions(self.content_clause(tok), ev.actor)
        if key in APPROVAL_ADJ:  # approval of a situation, not of the places in it
            with_ = next(c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with")
            pobj = self.child(with_, "pobj")
            ev.recipient = list(self.m.at(pobj)) if pobj is not None else []
        # dependency-role depth discount: main clauses are more reliable than relatives
        if tok.dep_ in ("relcl", "acl") or (tok.dep_ == "advcl" and tok.tag_ == "VBG"):
            ev.confidence *= 0.6
        elif governor is not None:
            ev.confidence *= 0.95
        if ev.code == "150" and len({self.m.mentions[i].actor.country for i in ev.actor}) > 1:
            ev.code = "062"  # exercises held together are military cooperation
        if (
            not ev.recipient
            and key in NEEDS_RECIPIENT
            and not (ev.actor and self.gives_aid(tok, key))
        ):
            # PLOVER AID/COOPERATE need a recipient: bare "helped" is not one, but a known
            # actor providing money or supplies to people we cannot name still gives aid
            return None
        if not ev.actor and not ev.recipient:
            ev.confidence *= 0.7  # nobody we know of took part: weaker evidence of an event
        ev.parent = self.speech_parent(tok, prior)
        return ev

    def recode(self, target: str, inner: str | None, default: str) -> str:
        t = topic_of(inner)
        table = FRAME_CODES.get(target, {})
        if t and t in table:
            return table[t]
        return default

    @staticmethod
    def is_purpose(c: Token) -> bool:
        return any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) or any(
            m.dep_ == "mark" and m.lower_ in ("to", "so") for m in c.children
        )

    def misconduct(self, clause: Token) -> list[int] | None:
        """Mentions blamed when a copular clause calls something a lie, deception, crime ...;
        None when it does not."""
        if clause.lemma_ != "be":
            return None
        attr = self.child(clause, "attr")
        if attr is None:
            return None
        nouns = [attr, *(c for c in attr.children if c.dep_ == "compound")]
        if not any((n := self.noun(x)) is not None and "MISCONDUCT" in n.classes for x in nouns):
            return None
        blamed = self.m.phrase(attr)
        if not blamed:
            s_, _ = self.subject(clause)
            blamed = self.m.phrase(s_) if s_ is not None else []
        return blamed

    def hostile_content(self, content: Token) -> bool:
        for t in content.subtree:
            n = self.noun(t) if t.pos_ in ("NOUN", "PROPN") else None
            if n is not None and ({"MIL", "WEAPON", "FORCE"} & n.classes):
                return True
            if any(self.m.mentions[i].actor.sector in ARMED_SECTORS for i in self.m.at(t)):
                return True
            if t.pos_ == "VERB":
                hit = self.verb_entries(t)
                if hit:
                    row = cameo_row(hit[1][0].cameo)
                    if row is not None and row.event in MATERIAL_CONFLICT:
                        return True
        return False

    def foreign_mentions(self, tok: Token | None, actor: list[int]) -> list[int]:
        if tok is None:
            return []
        countries = {self.m.mentions[i].actor.country for i in actor}
        out: list[int] = []
        for t in tok.subtree:
            for mi in self.m.at(t):
                c = self.m.mentions[mi].actor.country
                if mi not in out and mi not in actor and c and c not in countries:
                    out.append(mi)
        return out

    def speech_parent(self, tok: Token, prior: list[_Ev]) -> _Ev | None:
        """The accuse/deny speech act whose content this trigger is in."""
        # ancestors are listed nearest first, so the first match is the closest speech act
        acts = {p.tok.i: p for p in prior if p.speech_act}
        for a in tok.ancestors:
            if a.i in acts:
                return acts[a.i]
        return None

    # -- roles ----------------------------------------------------------------------

    def roles(
        self, tok: Token, head: Token, key: str, governor: Token | None, event: str = ""
    ) -> tuple[list[int], list[int]]:
        subj, passive = self.subject(head)
        actor: list[int] = []
        recipient: list[int] = []
        if passive:
            ag = self.agent(head)
            if ag is not None:
                actor = self.m.core(ag) or self.unknown_agent(ag, head)
            if subj is not None:  # "hundreds of prisoners were released": the patient
                recipient = self.m.phrase(subj)
                if not recipient:
                    people = self.people_named(subj, armed=event in HOSTILE_TO_FORCES)
                    recipient = self.located(people, head, actor)
        elif subj is not None:
            actor = self.m.core(subj) or self.unknown_agent(subj, head)
            # "X said it/they would ...": the pronoun is the speaker; the speaker's own
            # mention is the better evidence, resolved or not
            if governor is not None and (
                subj.lower_ in PRONOUNS
                or any(c.dep_ == "poss" and c.lower_ in PRONOUNS for c in subj.children)
            ):
                gs, _ = self.subject(governor)
                named = self.m.core(gs) if gs is not None else []
                if named and (not self.resolved(actor) or self.same_actors(actor, named)):
                    actor = named
        elif governor is not None:
            gs, _ = self.subject(governor)
            if gs is not None:
                actor = self.m.core(gs)
        if not passive or not recipient:
            recipient = recipient or self.recipients(tok, key, actor, event)
        actor_set = set(actor)
        actor_ids = {self.m.mentions[i].actor.id for i in actor if self.m.mentions[i].actor.id}
        # drop the actor itself and pronouns/anaphora pointing back at it ("its own")
        recipient = [
            r
            for r in dict.fromkeys(recipient)
            if r not in actor_set
            and not (
                self.m.mentions[r].via in ("pronoun", "plural_anaphor")
                and self.m.mentions[r].actor.id in actor_ids
            )
        ]
        return actor, recipient

    def unknown_agent(self, head: Token, predicate: Token) -> list[int]:
        """A subject the dictionary does not know but that names people or a body
        ("the finance minister", "an Italian tribunal", "ICE", "a group of rebel
        officers") becomes an unresolved actor rather than no actor."""
        if head.pos_ not in ("NOUN", "PROPN") or head.lower_ in PRONOUNS:
            return []
        if any(c.dep_ == "relcl" for c in head.children):
            return []  # "guerrillas who overran it": background, coded only for known actors
        if predicate.tag_ == "VBN" and not any(c.dep_ == "aux" for c in predicate.children):
            return []  # "two people reported killed": a participle's subject suffers it
        if head.lemma_ in MEASURE_NOUNS:  # "a group of rebel officers": name the officers
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = self.child(of, "pobj") if of is not None else None
            if inner is not None:
                head = inner
        agentive = (
            head.ent_type_ in ("ORG", "PERSON", "NORP")
            or (head.text.isupper() and len(head.text) >= 2)  # an acronym: "ICE", "UNHCR"
            or head.lemma_.lower() in AGENT_NOUNS
            or bool(self.classes(head) & AGENT_CLASSES)
            # armed groups by any name: "pro-Russian separatists", "the secessionists"
            or noun_sector(head.text) in ARMED_SECTORS
        )
        return [self.m.add_unresolved(head)] if agentive else []

    def unknown_patient(self, tok: Token, event: str = "") -> list[int]:
        """An object the dictionary does not know but that names people ("detained 18
        people", "killed more than 500 civilians", "gave aid to 550 households") becomes an
        unresolved recipient: who suffered or received the act, even if not yet coded.
        Under force ("killed five soldiers", "clashed with police") forces are people."""
        armed = event in HOSTILE_TO_FORCES
        objs = [self.child(tok, "dobj", "dative")]
        preps = ("to", "against", "at", "on", "with") if armed else ("to", "against", "at", "on")
        for c in tok.children:  # "aid to 550 households", "tear gas at demonstrators"
            if c.dep_ == "prep" and c.lower_ in preps:
                objs.append(self.child(c, "pobj"))
        for obj in objs:
            found = self.people_named(obj, armed)
            if found:
                return found
        return []

    def located(self, people: list[int], tok: Token, actor: list[int]) -> list[int]:
        """``people`` (an unresolved recipient, or none) and, after them, the place
        mentions that gave them a country (see :meth:`locate_people`): CAMEO codes the
        place where unnamed people were hit."""
        if not people:
            return []
        return list(dict.fromkeys(people + self.locate_people(people[0], tok, actor)))

    def locate_people(self, mi: int, tok: Token, actor: list[int]) -> list[int]:
        """People the dictionary cannot code take the country the text puts them in:
        where the act happened ("killed 23 people ... in Tel Aviv" -> ISR), else the
        country of the police who acted on them ("Egyptian police arrested 12 people"
        -> EGY: police act at home; troops need not). Coded via "context". Returns the
        place mentions that gave the country and are not inside the people's phrase."""
        mention = self.m.mentions[mi]
        if mention.actor.country:
            return []
        country, places = self.place_country(tok, actor)
        if country is None:
            police = {
                self.m.mentions[i].actor.country
                for i in actor
                if self.m.mentions[i].actor.sector == "COP"
            }
            country = police.pop() if len(police) == 1 else None
        if country is None:
            return []
        sector = mention.actor.sector
        code = f"{country} {sector}" if sector else country
        # a place inside the people's own phrase ("parties to the conflict in Iraq")
        # belongs to the mention; one outside it ("... blew themselves up in Tel Aviv")
        # is a recipient of its own
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        last = span.root.right_edge.idx + len(span.root.right_edge) if span else mention.end
        end = mention.end
        outside: list[int] = []
        for pi in places:
            place = self.m.mentions[pi]
            if mention.start <= place.start and place.end <= last:
                end = max(end, place.end)
            else:
                outside.append(pi)
        text = self.text[mention.start : end]
        actor_ = Actor(None, text, code, country, sector)
        self.m.mentions[mi] = Mention(mention.start, end, text, actor_, "context", mention.sentence)
        return outside

    def place_country(self, tok: Token, actor: list[int]) -> tuple[str | None, list[int]]:
        """The one country of the places the sentence puts the act in ("in Tel Aviv",
        "across Moscow") and their mentions, or None when it names none or several. A
        capital there is the place, not its government ("in Beirut": LBN, not LBN GOV)."""
        inside_actor = {
            t for i in actor for t in range(self.m.mentions[i].start, self.m.mentions[i].end)
        }
        found: set[str] = set()
        places: list[int] = []
        for t in tok.sent:
            if t.dep_ != "pobj" or t.head.lower_ not in PLACE_PREPS or t.idx in inside_actor:
                continue
            if any(
                a.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in a.children)
                for a in t.ancestors
            ):
                continue  # "if war starts in Iraq": a condition, not where the act happens
            # "in a residential district of eastern Beirut": the place may sit further in
            for place in self.place_chain(t):
                ms = self.m.at(place)
                if not ms and place.ent_type_ in ("GPE", "LOC"):
                    ent = next((e for e in t.doc.ents if e.start <= place.i < e.end), None)
                    mi = self.m.add_place(ent) if ent is not None else None
                    ms = [mi] if mi is not None else []
                for i in ms:
                    m = self.m.mentions[i]
                    if m.via == "metonymy" and m.actor.country:
                        country = self.m.book.actor(m.actor.country)
                        m = Mention(m.start, m.end, m.text, country, "place", m.sentence)
                        self.m.mentions[i] = m
                    if m.actor.country and m.actor.id == m.actor.country:
                        found.add(m.actor.country)  # a country, not a body in it
                        places.append(i)
        return (found.pop(), places) if len(found) == 1 else (None, [])

    def in_place_phrase(self, mi: int) -> bool:
        """Whether a mention says where something happened ("in a district of Baghdad")."""
        m = self.m.mentions[mi]
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        for a in span.root.ancestors:
            if a.dep_ == "prep" and a.lower_ != "of":
                return a.lower_ in PLACE_PREPS or a.lower_ in ("near", "outside")
        return False

    def place_chain(self, t: Token) -> list[Token]:
        """A place phrase's head and the objects of its nested "of/in/near" phrases."""
        chain = [t]
        for _ in range(3):
            nxt = [
                p
                for c in chain[-1].children
                if c.dep_ == "prep" and c.lower_ in ("of", "in", "near", "outside")
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if not nxt:
                break
            chain.append(nxt[0])
        return chain

    def people_named(self, obj: Token | None, armed: bool = False) -> list[int]:
        """An unresolved mention for a noun phrase that names people (with ``armed``,
        forces too: "five soldiers", "a police patrol"), else none."""
        if obj is None or obj.pos_ not in ("NOUN", "PROPN") or obj.lower_ in PRONOUNS:
            return []
        head = obj
        if head.lemma_ in MEASURE_NOUNS:  # "dozens of activists": name the activists
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = self.child(of, "pobj") if of is not None else None
            if inner is not None:
                head = inner
        own = self.noun(head)  # the head's own class: "military aid" names no soldiers
        if (
            head.ent_type_ in ("PERSON", "NORP")
            or (own is not None and own.classes & PATIENT_CLASSES)
            or (armed and noun_sector(head.text) in ARMED_SECTORS)
        ):
            return [self.m.add_unresolved(head)]
        return []

    def same_actors(self, a: list[int], b: list[int]) -> bool:
        ids = [{self.m.mentions[i].actor.id for i in ms} for ms in (a, b)]
        return ids[0] == ids[1] and None not in ids[0]

    def resolved(self, ms: list[int]) -> bool:
        return any(self.m.mentions[i].actor.country for i in ms)

    def focus(self, head: Token, skip_places: bool = False) -> list[int]:
        """The mentions a noun phrase is *about*: the head's own, else the nearest nested
        ones, preferring possessors/modifiers ("Kyiv's proposal", "a UN appeal") over
        of/by objects over other prepositional objects. ``skip_places`` leaves out where
        it happened ("agreements in Istanbul")."""
        own = list(self.m.at(head))
        for c in head.children:
            if c.dep_ == "conj":
                own += self.focus(c, skip_places)
        if any(self.m.mentions[i].actor.country for i in own):
            return own
        frontier = [head]
        for _ in range(4):
            found: dict[int, list[int]] = {}
            nxt: list[Token] = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ in PHRASE_STOP or c.dep_ in ("det", "nummod", "case"):
                        continue
                    if skip_places and c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                        continue
                    pairs = (
                        [(c.lower_, p) for p in c.children if p.dep_ in ("pobj", "pcomp")]
                        if c.dep_ == "prep"
                        else [(c.dep_, c)]
                    )
                    for rel, x in pairs:
                        hits = [*self.m.at(x)]
                        hits += [i for cj in x.children if cj.dep_ == "conj" for i in self.m.at(cj)]
                        if hits:
                            found.setdefault(_FOCUS_RANK.get(rel, 3), []).extend(hits)
                        nxt.append(x)
            if found:
                return own + found[min(found)]
            frontier = nxt
        return own

    def recipients(
        self, tok: Token, key: str, actor: list[int] | None = None, event: str = ""
    ) -> list[int]:
        """Recipient mentions: the first non-empty group in order of reliability."""
        actor_set = set(actor or [])
        actor_ids = {self.m.mentions[i].actor.id for i in actor_set} - {None}

        def usable(ms: list[int]) -> list[int]:
            return [
                r
                for r in dict.fromkeys(ms)
                if r not in actor_set
                and not (
                    self.m.mentions[r].via in ("pronoun", "plural_anaphor")
                    and self.m.mentions[r].actor.id in actor_ids
                )
            ]

        nodes = [tok]
        # the embedded predicate of a frame carries the recipient too ("offered to talk with X")
        for c in tok.children:
            if c.dep_ in ("xcomp",) or (c.dep_ == "advcl" and self.is_purpose(c)):
                nodes.append(c)
                nodes.extend(g for g in c.children if g.dep_ in ("xcomp", "ccomp"))
            elif c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_ in DEMAND_PARTICIPLES:
                nodes.append(c)  # "demonstrated, calling for independence from X"
        tail = key.split(" ", 1)[1] if " " in key else None
        groups: list[list[int]] = []
        kids_of = {
            n.i: [*n.children, *(g for c in n.children if c.dep_ == "prt" for g in c.children)]
            for n in nodes
        }
        for n in nodes:
            for c in n.children:
                if c.dep_ in ("dobj", "dative", "iobj", "attr"):
                    groups.append(self.focus(c, skip_places=n.lemma_ in VENUE_VERBS))
                elif c.dep_ == "ccomp" and n.lemma_ in ("demand", "insist", "urge", "ask"):
                    s_, _ = self.subject(c)
                    if s_ is not None:
                        groups.append(self.m.phrase(s_))
            for c in kids_of[n.i]:
                if c.dep_ == "prep" and c.lower_ == tail:
                    for p in c.children:  # "called for sanctions against X"
                        if p.dep_ == "pobj":
                            groups.append(self.focus(p))
        if tok.lemma_ in COMPLAINT_VERBS:
            # "complained to the UN over Israeli raids": the target is what is complained of
            for c in kids_of[tok.i]:
                if c.dep_ == "prep" and c.lower_ in ("over", "about"):
                    groups += [self.focus(p) for p in c.children if p.dep_ == "pobj"]
        for prep in RECIP_PREPS:
            for n in nodes:
                for c in kids_of[n.i]:
                    if c.dep_ != "prep" or c.lower_ != prep or c.lower_ == tail:
                        continue
                    pobjs = [p for p in c.children if p.dep_ == "pobj"]
                    for p in pobjs:
                        groups.append(self.focus(p))
                    if not pobjs:  # the parser lost the object: take a mention right after
                        for t in c.doc[c.i + 1 : min(c.i + 5, c.sent.end)]:
                            if self.m.at(t):
                                groups.append(list(self.m.at(t)))
                                break
        for n in nodes:
            if n.pos_ == "ADJ":
                for c in n.children:
                    if c.dep_ == "prep":
                        groups += [self.focus(p) for p in c.children if p.dep_ == "pobj"]
        # objects of a conjoined verb: "donated and delivered goods to X"
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ == "VERB" and self.child(c, "nsubj") is None:
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ in RECIP_PREPS:
                        groups += [self.focus(p) for p in g.children if p.dep_ == "pobj"]
        # "if the United States goes ahead": the party a threat is aimed at
        for n in nodes:
            for c in n.children:
                if c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children):
                    s_, _ = self.subject(c)
                    if s_ is not None:
                        groups.append(self.m.phrase(s_))
        for n in nodes:  # anything inside the object or a recipient-like phrase
            for c in n.children:
                if c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in RECIP_PREPS):
                    venue = n.lemma_ in VENUE_VERBS  # "signed agreements in Istanbul"
                    groups.append(
                        [
                            mi
                            for t in c.subtree
                            if not (
                                venue and t.head.dep_ == "prep" and t.head.lower_ in PLACE_PREPS
                            )
                            for mi in self.m.at(t)
                        ]
                    )
        for n in nodes:  # last resort: where it happened ("deployed in Bosnia")
            if n.lemma_ in VENUE_VERBS:
                continue  # where a deal is signed or talks are held is not a party to them
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "inside", "near", "across", "for"):
                    groups += [self.focus(p) for p in c.children if p.dep_ == "pobj"]
        usable_groups = [u for u in map(usable, groups) if u]
        for g in usable_groups:  # a group naming a known country or body first
            if any(self.m.mentions[i].actor.country for i in g):
                if all(self.in_place_phrase(i) for i in g):
                    # "killed four people in Baghdad": the people, located; not the city
                    patient = self.unknown_patient(tok, event)
                    if patient:
                        return self.located(patient, tok, actor or [])
                return g
        if usable_groups:
            return usable_groups[0]
        patient = self.unknown_patient(tok, event)
        if patient:
            return self.located(patient, tok, actor or [])
        # CAMEO's last resort: the country where it happened ("a curfew in Abidjan")
        if tok.lemma_ in VENUE_VERBS:
            return []  # where talks are held is not a party to them
        place = self.place(nodes)
        return [place] if place is not None else []

    def place(self, nodes: list[Token]) -> int | None:
        """A mention for the country of a place the event happened in ("in Abidjan"),
        which the actor resolver keeps as a place and not as a government."""
        heads = list(nodes)
        for n in nodes:
            heads += [c for c in n.children if c.dep_ in ("dobj", "nsubjpass")]
        for n in heads:
            for c in n.children:
                if c.dep_ != "prep" or c.lower_ not in PLACE_PREPS:
                    continue
                for p in c.children:
                    if p.dep_ != "pobj" or p.ent_type_ not in ("GPE", "LOC"):
                        continue
                    if self.m.at(p):
                        continue  # a resolved mention would have been found already
                    ent = next((e for e in p.doc.ents if e.start <= p.i < e.end), None)
                    if ent is None:
                        continue
                    mi = self.m.add_place(ent)
                    if mi is not None:
                        return mi
        return None

    # -- conversions ---------------------------------------------------------------

    def convert(
        self, ev: _Ev, tok: Token, head: Token, governor: Token | None, direct_neg: bool, key: str
    ) -> None:
        row = cameo_row(ev.code)
        assert row is not None and row.event is not None
        event = ev.override[0] if ev.override else row.event
        lemma = key.split(" ", 1)[0]
        # "will not accept the deal" is a refusal, not a negated agreement
        if direct_neg and lemma in COOP_NEGATABLE | INTENT_ADJ | {"offer"}:
            ev.code = self.recode(
                "REJECT", ev.code if event != "AGREE" else self.agree_inner(ev), "120"
            )
            ev.aux = [a for a in ev.aux if a != "negated"]
            self.mark_own_intent(ev, governor)
            return
        # "will not lift the ban", "would not release them": a refusal to yield, the
        # stance the actor takes now, not a concession that failed to happen
        if direct_neg and ev.code.startswith("08") and {"future", "hypothetical"} & set(ev.aux):
            ev.code = REFUSALS_TO_YIELD.get(ev.code[:3], "124")
            ev.verbal = True
            ev.aux = [a for a in ev.aux if a != "negated"]
            if governor is None and not self.conditional(head):
                # the actor's stated position ("Russia, he insisted, would not give up ...")
                modes = ["intent" if a in ("future", "hypothetical") else a for a in ev.aux]
                ev.aux = list(dict.fromkeys(modes))
            self.mark_own_intent(ev, governor)
            return
        # "X said Y must ...": a demand by the speaker on Y
        if governor is not None and any(
            c.dep_ == "aux" and c.lower_ in OBLIG_AUX for c in head.children
        ):
            gs, _ = self.subject(governor)
            speaker = self.m.core(gs) if gs is not None else []
            if not set(speaker) & set(ev.actor):
                ev.recipient = ev.actor + [r for r in ev.recipient if r not in ev.actor]
                ev.actor = speaker
                ev.code = self.recode("REQUEST", ev.code, "100")
                return
        future = "future" in ev.aux
        conditional = self.conditional(head)
        if future and (
            event in COOPERATIVE
            or event == "CONCEDE"  # "said it would lift the pause": intent to yield (035)
            or (event == "RETREAT" and lemma not in ("resign", "step down", "quit"))
        ):
            ev.code = self.recode("AGREE", ev.code, "030")
            self.mark_own_intent(ev, governor)
        elif (
            (future or conditional)
            and event in MATERIAL_CONFLICT
            and (governor is not None or conditional)
        ):
            ev.code = self.recode("THREATEN", ev.code, "130")
            ev.verbal = True
            self.mark_own_intent(ev, governor)

    @staticmethod
    def background(head: Token) -> bool:
        """A clause that sets the scene for the sentence's news ("... after rebel officers
        seized power", "since the war began"): ranked below the main clause's event."""
        return head.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in head.children
        )

    @staticmethod
    def conditional(head: Token) -> bool:
        """Has an "if" or "unless" clause of its own."""
        return any(
            c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children)
            for c in head.children
        )

    def mark_own_intent(self, ev: _Ev, governor: Token | None) -> None:
        """A promise, threat or refusal the actor itself voiced ("Russia said it would
        reduce ...", "... would strike if ..."): the future (or the condition) is its
        content, and the statement itself happened. Mode ``intent`` replaces ``future`` and
        ``hypothetical`` so the ledger does not call the statement speculative; a future
        another speaker predicts for the actor keeps its modes."""
        if governor is None:
            return
        speaker_head, _ = self.subject(governor)
        speaker = self.m.core(speaker_head) if speaker_head is not None else []
        own_subject, _ = self.subject(ev.head)
        # "the rebels said they will ...": a pronoun with no resolved actor is the speaker
        pronoun = own_subject is not None and own_subject.lower_ in SELF_PRONOUNS

        def identities(indices: list[int]) -> set[str]:
            """Actor ids, and a government speaker's state: Zelensky speaks for UKR."""
            out: set[str] = set()
            for i in indices:
                a = self.m.mentions[i].actor
                out |= {a.id} if a.id is not None else set()
                if a.sector == "GOV" and a.country:
                    out.add(a.country)
            return out

        same = set(speaker) & set(ev.actor) or identities(speaker) & identities(ev.actor)
        if same or (pronoun and not ev.actor):
            modes = ["intent" if a in ("future", "hypothetical") else a for a in ev.aux]
            ev.aux = list(dict.fromkeys(modes))

    def agree_inner(self, ev: _Ev) -> str | None:
        inner = self.frame_content(ev.tok, ev.tok.lemma_)
        return inner

    # -- sentence-level merge ----------------------------------------------------------

    def merge(self, evs: list[_Ev]) -> list[_Ev]:
        """Fold an event into a same-type ancestor event (participles, conjoined verbs).

        The demands voiced by a protest are its topic, not separate events (PLOVER
        manual, PROTEST), so verbal events under a protest are dropped too.
        """
        keep: list[_Ev] = []
        protests = {k.tok.i for k in evs if cameo_row(k.code).event == "PROTEST"}
        for ev in evs:
            etype = cameo_row(ev.code).event
            host = None
            anc = {a.i for a in ev.tok.ancestors}
            if etype in ("REQUEST", "ACCUSE") and anc & protests:
                continue
            for k in keep:
                if cameo_row(k.code).event != etype or k.speech_act or ev.speech_act:
                    continue
                if k.tok.i in anc and (not ev.actor or set(ev.actor) & set(k.actor) or not k.actor):
                    host = k
                    break
            if host is not None and ev.parent is host.parent:
                if not host.recipient:
                    host.recipient = ev.recipient
                if not host.actor:
                    host.actor = ev.actor
                continue
            keep.append(ev)
        return keep

    # -- output ---------------------------------------------------------------------

    def context(self, ev: _Ev, row_context: tuple[str, ...]) -> list[str]:
        ctx = list(row_context)
        lex = self.lex.contexts
        sent = ev.tok.sent
        prev = ""
        for t in sent:
            low = t.lemma_.lower()
            for k in (f"{prev} {low}", low):
                c = lex.get(k)
                if c and c not in ctx:
                    ctx.append(c)
            prev = low
        return ctx

    def finish(self, ev: _Ev, si: int, index: dict[int, int]) -> CodedEvent:
        row = cameo_row(ev.code)
        assert row is not None and row.event is not None
        tok = ev.tok
        t_end = tok.idx + len(tok.text)
        tail = ev.key.split(" ", 1)[1] if " " in ev.key else None
        for c in tok.children:  # include a particle that is part of the key: "pulled out"
            if c.dep_ in ("prt", "prep") and c.i == tok.i + 1 and c.lower_ == tail:
                t_end = c.idx + len(c.text)
        text = self.text
        trigger = Span(tok.idx, t_end, text[tok.idx : t_end])
        h = ev.head
        c_start = h.left_edge.idx
        c_end = h.right_edge.idx + len(h.right_edge.text)
        clause = Span(c_start, c_end, text[c_start:c_end])
        ms = self.m.mentions
        event, mode = ev.override if ev.override else (row.event, row.mode)
        cameo = row
        if self.deliberated(ev.head):
            # "is considering sending aid": PLOVER keeps the act (mode hypothetical);
            # CAMEO's nearest code is the deliberation itself
            cameo = cameo_row(CONSIDERED_OPTION) or row
        return CodedEvent(
            trigger=trigger,
            clause=clause,
            sentence_index=si,
            event=event,
            mode=mode,
            context=self.context(ev, row.context),
            cameo=cameo.code,
            cameo_name=cameo.name,
            actor=[ms[i] for i in ev.actor],
            recipient=[ms[i] for i in ev.recipient],
            aux_modes=list(ev.aux),
            parent=index.get(id(ev.parent)) if ev.parent is not None else None,
            is_speech_act=ev.speech_act or ev.verbal,
            confidence=round(min(0.99, ev.confidence), 3),
        )


def code_events(
    doc: Doc, mentions: list[Mention], actors: ActorDictionary | None = None
) -> list[CodedEvent]:
    """PLOVER-code every event-reporting clause of ``doc``.

    ``mentions`` are the resolved actor mentions of the same text (character offsets
    into ``doc.text``); unknown actors may be kept with ``actor.id`` None. ``actors``
    is the dictionary the mentions were resolved with (default: the bundled one with
    plugins and ``$BACKCHANNEL_ACTORS``); place names and descriptions the coder adds
    are coded by it too.
    """
    if len(doc) == 0:
        return []
    return _Coder(doc, mentions, actors or ActorDictionary.load()).run()
