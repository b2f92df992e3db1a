"""The PLOVER coder's lexicons: CAMEO table, trigger verbs, event nouns, light verbs.

All tables live in ``backchannel/data/plover/`` as TSV files and are parsed once per
process (``lexicon()`` is cached). The CAMEO table is the single source of PLOVER
type/mode/context for a code; trigger entries only name a CAMEO code and a *frame*
(how the trigger combines with its complement).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

# The 16 PLOVER 2.0 event types (manual, chapter 3).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})

# Phoenix's QuadClass (the four-way scheme with a "neutral" class added), by CAMEO root:
# statements and appeals are neutral; reducing relations (16: sanctions, expulsions,
# cutting aid) is verbal conflict; protest (14) and force posture (15) are material.
QUAD_CLASSES: tuple[str, ...] = (
    "neutral",
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)
_QUAD_BY_ROOT = {
    **dict.fromkeys(("01", "02"), 0),
    **dict.fromkeys(("03", "04", "05"), 1),
    **dict.fromkeys(("06", "07", "08"), 2),
    **dict.fromkeys(("09", "10", "11", "12", "13", "16"), 3),
    **dict.fromkeys(("14", "15", "17", "18", "19", "20"), 4),
}


def quad_class(cameo: str | None) -> int:
    """The QuadClass (index into :data:`QUAD_CLASSES`) of a CAMEO code; no code is neutral."""
    return _QUAD_BY_ROOT.get((cameo or "")[:2], 0)


FRAMES = frozenset(
    {"event", "intent", "refuse", "request", "threat", "accuse", "deny", "speech", "light", "boast"}
)


@dataclass(frozen=True, slots=True)
class CameoRow:
    code: str
    name: str
    event: str | None
    mode: str | None
    context: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VerbEntry:
    lemma: str
    cond_role: str | None  # "obj" or "subj"
    cond_class: str | None
    cameo: str
    frame: str
    confidence: float
    verbal: bool
    override: tuple[str, str | None] | None = None  # PLOVER (event, mode) over the code's


@dataclass(frozen=True, slots=True)
class NounEntry:
    lemma: str
    classes: frozenset[str]
    cameo: str | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    cameo: dict[str, CameoRow]
    verbs: dict[str, tuple[VerbEntry, ...]]
    nouns: dict[str, NounEntry]
    light: dict[tuple[str, str], str | None]
    contexts: dict[str, str]
    # words that may follow a verb lemma to form a multiword key ("call for", "pull out")
    verb_tails: frozenset[str]


def _rows(name: str) -> list[list[str]]:
    text = resources.files("backchannel").joinpath("data", "plover", name).read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append([c.strip() for c in line.split("\t")])
    return out


@functools.cache
def lexicon() -> Lexicon:
    cameo: dict[str, CameoRow] = {}
    for r in _rows("cameo.tsv"):
        if r[0] == "code":
            continue
        r += [""] * (5 - len(r))
        ctx = tuple(c for c in r[4].replace(";", ",").split(",") if c.strip())
        cameo[r[0]] = CameoRow(r[0], r[1], r[2] or None, r[3] or None, ctx)

    verbs: dict[str, list[VerbEntry]] = {}
    seen: set[tuple[str, str]] = set()
    for r in _rows("verbs.tsv"):
        lemma, cond, code, frame, conf, verbal, over = (r + [""] * 7)[:7]
        if (lemma, cond) in seen:
            continue  # first row wins, as documented in the file
        seen.add((lemma, cond))
        role, cls = cond.split("=", 1) if cond else (None, None)
        if frame not in FRAMES:
            raise ValueError(f"verbs.tsv: unknown frame {frame!r} for {lemma!r}")
        if code not in cameo:
            raise ValueError(f"verbs.tsv: unknown CAMEO code {code!r} for {lemma!r}")
        override = None
        if over:
            ev, _, md = over.partition(":")
            override = (ev, md or None)
        verbs.setdefault(lemma, []).append(
            VerbEntry(lemma, role, cls, code, frame, float(conf or 0.5), verbal == "1", override)
        )
    # conditional rows first so that a bare default never shadows them
    verb_map = {k: tuple(sorted(v, key=lambda e: e.cond_class is None)) for k, v in verbs.items()}

    nouns: dict[str, NounEntry] = {}
    for r in _rows("nouns.tsv"):
        lemma, classes, code = [*r, "", "", ""][:3]
        if code and code not in cameo:
            raise ValueError(f"nouns.tsv: unknown CAMEO code {code!r} for {lemma!r}")
        if lemma not in nouns:
            cls = frozenset(c for c in classes.split(",") if c)
            nouns[lemma] = NounEntry(lemma, cls, code or None)

    light: dict[tuple[str, str], str | None] = {}
    for r in _rows("light.tsv"):
        verb, key, code = [*r, "", "", ""][:3]
        if code and code not in cameo:
            raise ValueError(f"light.tsv: unknown CAMEO code {code!r} for {verb} {key}")
        light.setdefault((verb, key), code or None)

    contexts = {r[0]: r[1] for r in _rows("contexts.tsv") if len(r) >= 2}
    tails = frozenset(k.split(" ", 1)[1] for k in verb_map if " " in k) | frozenset(
        v.split(" ", 1)[1] for v, _ in light if " " in v
    )
    return Lexicon(cameo, verb_map, nouns, light, contexts, tails)


# --- topics: what an embedded event is about, used to pick the CAMEO sub-code of a frame


def topic_of(code: str | None) -> str | None:
    """The topic of a CAMEO code, for re-coding it inside an intent/request/refusal frame."""
    if not code or code in _NO_TOPIC:
        return None
    exact = _TOPIC_EXACT.get(code)
    if exact:
        return exact
    for n in (3, 2):
        t = _TOPIC_PREFIX.get(code[:n])
        if t:
            return t
    return None


# the unspecified head codes of the frames say nothing about what is agreed or refused
_NO_TOPIC = frozenset({"010", "020", "030", "100", "120", "130"})
_TOPIC_EXACT: dict[str, str] = {
    "036": "meet",
    "037": "settle",
    "038": "mediate",
    "039": "mediate",
    "045": "mediate",
    "057": "settle",
    "0311": "econ",
    "0312": "milcoop",
    "0313": "legal",
    "0314": "intel",
    "032": "support",
    "033": "aid",
    "0331": "econ_aid",
    "0332": "mil_aid",
    "0333": "hum_aid",
    "0334": "peacekeep",
    "034": "reform",
    "0341": "leadership",
    "0342": "policy",
    "0343": "rights",
    "0344": "reform",
    "035": "yield",
    "0351": "ease_admin",
    "0353": "release",
    "0354": "ease_sanction",
    "0355": "access",
    "0356": "deescalate",
    "061": "econ",
    "062": "milcoop",
    "063": "legal",
    "064": "intel",
    "071": "econ_aid",
    "072": "mil_aid",
    "073": "hum_aid",
    "074": "peacekeep",
    "075": "aid",
    "081": "ease_admin",
    "0811": "ease_admin",
    "0812": "ease_admin",
    "0813": "ease_admin",
    "0814": "ease_admin",
    "083": "reform",
    "0831": "leadership",
    "0832": "policy",
    "0833": "rights",
    "0834": "reform",
    "085": "ease_sanction",
    "0871": "deescalate",
    "087": "deescalate",
    "0872": "deescalate",
    "0873": "deescalate",
    "0874": "deescalate",
    "160": "relations",
    "161": "relations",
    "162": "cut_aid",
    "1621": "cut_aid",
    "1622": "cut_aid",
    "1623": "cut_aid",
    "163": "sanction",
    "164": "halt_talks",
    "165": "halt_talks",
    "172": "restrict",
    "1721": "restrict",
    "1722": "ban",
    "1723": "curfew",
    "1724": "martial",
    "173": "arrest",
    "174": "expel",
    "191": "blockade",
    "192": "occupy",
    "1381": "blockade",
    "150": "mobilize",
    "196": "force",
    "0862": "access",
    "0861": "access",
    "0863": "access",
    "015": "admit",
    "016": "deny",
    "120": "reject",
}
_TOPIC_PREFIX: dict[str, str] = {
    "03": "cooperate",
    "04": "meet",
    "05": "support",
    "06": "cooperate",
    "07": "aid",
    "080": "yield",
    "082": "yield",
    "084": "release",
    "086": "access",
    "09": "investigate",
    "10": "request",
    "11": "accuse",
    "12": "reject",
    "13": "threat",
    "14": "protest",
    "15": "mobilize",
    "166": "expel",
    "17": "restrict",
    "18": "force",
    "19": "force",
    "20": "force",
    "204": "wmd",
}

# CAMEO sub-code of each frame, by the topic of its content
FRAME_CODES: dict[str, dict[str, str]] = {
    "AGREE": {
        "meet": "036",
        "settle": "037",
        "mediate": "039",
        "cooperate": "030",
        "econ": "0311",
        "milcoop": "0312",
        "legal": "0313",
        "intel": "0314",
        "support": "032",
        "aid": "033",
        "econ_aid": "0331",
        "mil_aid": "0332",
        "hum_aid": "0333",
        "peacekeep": "0334",
        "reform": "034",
        "leadership": "0341",
        "policy": "0342",
        "rights": "0343",
        "yield": "035",
        "ease_admin": "0351",
        "release": "0353",
        "ease_sanction": "0354",
        "access": "0355",
        "deescalate": "0356",
    },
    "REQUEST": {
        "cooperate": "021",
        "econ": "1011",
        "milcoop": "1012",
        "legal": "1013",
        "intel": "1014",
        "support": "102",
        "aid": "103",
        "econ_aid": "1031",
        "mil_aid": "1032",
        "hum_aid": "1033",
        "peacekeep": "1034",
        "reform": "104",
        "leadership": "1041",
        "policy": "1042",
        "rights": "1043",
        "yield": "105",
        "ease_admin": "1051",
        "release": "1053",
        "ease_sanction": "1054",
        "access": "1055",
        "deescalate": "1056",
        "meet": "106",
        "settle": "107",
        "mediate": "108",
        "admit": "100",
    },
    "REJECT": {
        "cooperate": "121",
        "econ": "1211",
        "milcoop": "1212",
        "aid": "122",
        "econ_aid": "1221",
        "mil_aid": "1222",
        "hum_aid": "1223",
        "peacekeep": "1224",
        "reform": "123",
        "leadership": "1231",
        "policy": "1232",
        "rights": "1233",
        "yield": "124",
        "ease_admin": "1241",
        "release": "1243",
        "ease_sanction": "1244",
        "access": "1245",
        "deescalate": "1246",
        "meet": "125",
        "mediate": "126",
        "settle": "127",
    },
    "THREATEN": {
        "cut_aid": "1311",
        "sanction": "1312",
        "relations": "1313",
        "restrict": "132",
        "ban": "1322",
        "curfew": "1323",
        "martial": "1324",
        "protest": "133",
        "halt_talks": "134",
        "expel": "136",
        "arrest": "132",
        "force": "138",
        "blockade": "1381",
        "occupy": "1382",
        "wmd": "1385",
        "mobilize": "138",
    },
}

HOSTILE_TOPICS = frozenset(FRAME_CODES["THREATEN"])


def cameo_row(code: str | None) -> CameoRow | None:
    return lexicon().cameo.get(code) if code else None


def plover_for_cameo(code: str) -> tuple[str | None, str | None, list[str]]:
    """PLOVER (event, mode, context) for a CAMEO code; (None, None, []) when unknown.

    Codes missing from the table fall back to their closest parent ("0875" -> "087").
    """
    table = lexicon().cameo
    c = code.strip()
    while c and c not in table:
        c = c[:-1]
    row = table.get(c)
    if row is None:
        return None, None, []
    return row.event, row.mode, list(row.context)


def cameo_for(
    event: str, mode: str | None = None, context: list[str] | None = None, lemma: str | None = None
) -> tuple[str | None, str | None]:
    """The nearest CAMEO (code, name) for a PLOVER event/mode/context (and trigger lemma).

    The trigger lemma wins when the lexicon codes it to the same PLOVER type; otherwise
    the code sharing type, then mode, then the most contexts is chosen, preferring the
    least specific (shortest) code.
    """
    lex = lexicon()
    if lemma:
        for key in (lemma, lemma.lower()):
            for e in lex.verbs.get(key, ()):
                row = lex.cameo[e.cameo]
                if row.event == event and (mode is None or row.mode in (None, mode)):
                    return row.code, row.name
    best: tuple[tuple[int, int, int, int], CameoRow] | None = None
    ctx = set(context or [])
    for row in lex.cameo.values():
        if row.event != event:
            continue
        score = (
            1 if mode and row.mode == mode else (0 if row.mode is None else -1),
            len(ctx & set(row.context)),
            -len(row.code),
            -int(row.code),
        )
        if best is None or score > best[0]:
            best = (score, row)
    if best is None:
        return None, None
    return best[1].code, best[1].name
