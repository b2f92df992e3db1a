"""Actor dictionary and actor resolution."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest

from backchannel.actors import ActorDictionary, clear_cache, resolve_mentions
from backchannel.actors import _dictionary as dictionary_module
from backchannel.errors import ConfigError
from backchannel.model import Mention
from backchannel.nlp import load_nlp

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_922dd51790dd40dd.txt"
SEED_DATE = dt.date(2023, 12, 25)


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_nlp()


@pytest.fixture(scope="module")
def book() -> ActorDictionary:
    return ActorDictionary.load()


def mentions(nlp: Any, book: ActorDictionary, text: str, on: dt.date | None = SEED_DATE):
    return resolve_mentions(nlp(text), book, on)


def find(found: list[Mention], text: str, nth: int = 0) -> Mention:
    hits = [m for m in found if m.text == text]
    assert len(hits) > nth, f"no mention {text!r} in {[(m.text, m.via) for m in found]}"
    return hits[nth]


def codes(found: list[Mention]) -> dict[str, str | None]:
    return {m.text: m.actor.code for m in found}


# --- the dictionary -------------------------------------------------------------


UN_MEMBERS = re.findall(
    r"[A-Z]{3}",
    """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM
NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
ZWE
""",
)


def test_all_193_un_member_states_are_present(book: ActorDictionary) -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193
    members = {e.id for e in book.countries("member")}
    assert members == set(UN_MEMBERS)
    for code in ("PSE", "VAT", "XKX", "TWN"):
        assert book.get(code) is not None and book.get(code).type == "country"


def test_igos_are_present(book: ActorDictionary) -> None:
    for name, code in [
        ("UN", "UN IGO"),
        # bodies with one function carry it as their sector, as PLOVER codes them
        ("NATO", "NATO MIL"),
        ("UNHCR", "UN REF"),
        ("WHO", "WHO MED"),
        ("the EU", "EU IGO"),
        ("OSCE", "OSCE IGO"),
        ("IAEA", "IAEA IGO"),
        ("International Criminal Court", "ICC IGO"),
        ("African Union", "AU IGO"),
        ("ASEAN", "ASEAN IGO"),
        ("G7", "G7 IGO"),
        ("BRICS", "BRICS IGO"),
        ("OPEC", "OPEC IGO"),
        ("Red Cross", "ICRC MED"),
        ("Amnesty", "AMNESTY NGO"),
        ("UN Security Council", "UN GOV"),  # an organ of governments
        ("European Parliament", "EU LEG"),
    ]:
        actor = book.lookup(name)
        assert actor is not None and actor.code == code, name


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the United States", "USA"),
        ("America", "USA"),
        ("Putin's", "putin"),
        ("PUTIN", "putin"),
        ("Erdoğan", "erdogan"),
        ("Zelenskyy", "zelensky"),
        ("the Pentagon", "pentagon"),
    ],
)
def test_lookup_is_case_diacritic_and_punctuation_tolerant(
    book: ActorDictionary, text: str, ident: str
) -> None:
    actor = book.lookup(text, SEED_DATE)
    assert actor is not None and actor.id == ident


def test_lookup_metonyms_and_unknowns(book: ActorDictionary) -> None:
    assert book.lookup("the Kremlin").code == "RUS GOV"
    assert book.lookup("Kiev").code == "UKR GOV"
    assert book.lookup("Downing Street").code == "GBR GOV"
    assert book.lookup("Beijing").code == "CHN GOV"
    assert book.lookup("Russian").code == "RUS"
    assert book.lookup("Frobnitz Institute") is None


def test_country_of(book: ActorDictionary) -> None:
    assert book.country_of("Russian") == "RUS"
    assert book.country_of("Kremlin") == "RUS"
    assert book.country_of("US") == "USA"
    assert book.country_of("Ukrainian") == "UKR"
    assert book.country_of("Pentagon") == "USA"
    assert book.country_of("Lavrov") == "RUS"
    assert book.country_of("banana") is None
    assert book.country_of("two former senior Russian officials") == "RUS"
    assert book.country_of("a senior U.S. official") == "USA"
    assert book.country_of("people close to the Kremlin") == "RUS"
    assert book.country_of("sources who told us") is None


def test_roles_change_with_the_date(book: ActorDictionary) -> None:
    assert book.actor("trump", dt.date(2025, 3, 1)).code == "USA GOV"
    before = book.actor("trump", dt.date(2023, 6, 1))
    assert before.country == "USA" and before.sector != "GOV"
    assert book.actor("trump", dt.date(2018, 6, 1)).code == "USA GOV"
    assert book.actor("biden", dt.date(2023, 6, 1)).code == "USA GOV"
    assert book.actor("biden", dt.date(2025, 3, 1)).sector != "GOV"

    shoigu_before = book.actor("shoigu", dt.date(2024, 1, 15))
    shoigu_after = book.actor("shoigu", dt.date(2024, 6, 1))
    assert shoigu_before.code == "RUS MIL" and "Defence" in (shoigu_before.role or "")
    assert shoigu_after.code == "RUS GOV" and "Security Council" in (shoigu_after.role or "")
    assert book.actor("belousov", dt.date(2024, 6, 1)).code == "RUS MIL"


def test_no_valid_role_keeps_the_country(book: ActorDictionary) -> None:
    abramovich = book.actor("abramovich", SEED_DATE)
    assert abramovich.code == "RUS BUS" and abramovich.role is None
    prigozhin = book.actor("prigozhin", dt.date(2024, 1, 1))  # after his death
    assert prigozhin.country == "RUS" and prigozhin.role is None


def test_composite_ids(book: ActorDictionary) -> None:
    actor = book.actor("RUS MIL")
    assert (actor.code, actor.country, actor.sector) == ("RUS MIL", "RUS", "MIL")
    with pytest.raises(KeyError):
        book.actor("no-such-actor")


# --- resolution: the seed -----------------------------------------------------


@pytest.mark.seed
def test_seed_acceptance(nlp: Any, book: ActorDictionary) -> None:
    if not SEED.exists():
        pytest.skip("../shared/seed is not available")
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1].strip()
    doc = nlp(body)
    found = resolve_mentions(doc, book, SEED_DATE)
    for m in found:
        assert doc.text[m.start : m.end] == m.text

    putins = [m for m in found if m.actor.id == "putin"]
    assert putins and all(m.actor.code == "RUS GOV" for m in putins)
    assert find(found, "Russian President Vladimir Putin").actor.id == "putin"
    assert not any(m.text in ("Russian", "Vladimir Putin") for m in found)  # one mention
    assert find(found, "the Kremlin").actor.code == "RUS GOV"
    assert find(found, "Kremlin").actor.code == "RUS GOV"
    assert find(found, "US officials").actor.code == "USA GOV"
    assert find(found, "the Ukrainian leadership").actor.code == "UKR GOV"
    kgb = find(found, "The former KGB official")
    assert (kgb.actor.id, kgb.via) == ("putin", "description")
    for text in ("Russian forces", "Russian troops", "Russian generals"):
        assert find(found, text).actor.code == "RUS MIL", text
    assert find(found, "Ukraine").actor.code == "UKR"

    ambition = body.index("his ambition to dominate Ukraine")
    his = next(m for m in found if m.start == ambition)
    assert (his.actor.id, his.via) == ("putin", "pronoun")
    # "Russian-controlled" and "Russian military control" are not actors.
    assert not any(m.text.startswith("Russian military") for m in found)


# --- resolution: sentences ----------------------------------------------------


def test_metonymy(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp,
        book,
        "Moscow rejected the offer, while Kyiv and Washington welcomed it. "
        "The White House and Downing Street said Beijing was silent. Kiev objected.",
    )
    got = codes(found)
    assert got["Moscow"] == "RUS GOV"
    assert got["Kyiv"] == "UKR GOV"
    assert got["Washington"] == "USA GOV"
    assert got["The White House"] == "USA GOV"
    assert got["Downing Street"] == "GBR GOV"
    assert got["Beijing"] == "CHN GOV"
    assert got["Kiev"] == "UKR GOV"
    assert all(m.via == "metonymy" for m in found)


def test_metonym_used_as_a_place_is_not_an_actor(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(nlp, book, "The delegations met in Moscow on Monday.")
    assert not any(m.text == "Moscow" for m in found)


def test_demonym_phrases(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp,
        book,
        "Russian soldiers advanced while Ukrainian officials and US intelligence officials "
        "met. Russia's army regrouped. The Ukrainian government and Russian lawmakers "
        "disagreed. Russian military officials declined to comment.",
    )
    got = codes(found)
    assert got["Russian soldiers"] == "RUS MIL"
    assert got["Ukrainian officials"] == "UKR GOV"
    assert got["US intelligence officials"] == "USA SPY"
    assert got["Russia's army"] == "RUS MIL"
    assert got["The Ukrainian government"] == "UKR GOV"
    assert got["Russian lawmakers"] == "RUS LEG"
    assert got["Russian military officials"] == "RUS MIL"


def test_demonym_modifying_a_non_actor_is_not_a_mention(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp, book, "Residents fled Russian-controlled territories under Russian military control."
    )
    assert not any("Russian" in m.text for m in found), [m.text for m in found]


def test_title_and_name_make_one_mention(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp,
        book,
        "Russian President Vladimir Putin met Secretary of State Antony Blinken. "
        "Kremlin spokesman Dmitry Peskov spoke later.",
        dt.date(2023, 6, 1),
    )
    assert [(m.text, m.actor.id) for m in found] == [
        ("Russian President Vladimir Putin", "putin"),
        ("Secretary of State Antony Blinken", "blinken"),
        ("Kremlin spokesman Dmitry Peskov", "peskov"),
    ]


def test_descriptions(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp,
        book,
        "Putin spoke on Tuesday. The former KGB official said the West had failed. "
        "Putin's spokesman later said the Kremlin leader would not travel. "
        "Zelensky met Biden in Washington. The president promised more aid.",
    )
    assert find(found, "The former KGB official").actor.id == "putin"
    assert find(found, "Putin's spokesman").actor.id == "peskov"
    assert find(found, "the Kremlin leader").actor.id == "putin"
    president = find(found, "The president")
    assert (president.actor.id, president.via) == ("biden", "description")


def test_role_descriptions_follow_the_date(nlp: Any, book: ActorDictionary) -> None:
    text = "The Ukrainian president met the US president."
    early = mentions(nlp, book, text, dt.date(2023, 6, 1))
    late = mentions(nlp, book, text, dt.date(2025, 3, 1))
    assert find(early, "The Ukrainian president").actor.id == "zelensky"
    assert find(early, "the US president").actor.id == "biden"
    assert find(late, "the US president").actor.id == "trump"


def test_timeless_description_needs_the_person_named(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(nlp, book, "The former KGB official said nothing.")
    assert not any(m.actor.id == "putin" for m in found)
    found = mentions(nlp, book, "Putin spoke. A former KGB official disagreed.")
    assert not any(m.via == "description" for m in found)


def test_pronouns(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp,
        book,
        "Ursula von der Leyen arrived in Kyiv. She said her visit was long planned. "
        "Putin said he was ready.",
    )
    assert find(found, "She").actor.id == "von_der_leyen"
    assert find(found, "her").actor.id == "von_der_leyen"
    he = find(found, "he")
    assert (he.actor.id, he.via) == ("putin", "pronoun")


def test_pronoun_ambiguous_between_countries_is_skipped(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(nlp, book, "Zelensky met Erdogan in Ankara. He said the talks were useful.")
    assert not any(m.via == "pronoun" for m in found)


def test_plural_anaphora(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp,
        book,
        "Russian officials met the mediators. They said a ceasefire was possible. "
        "Russian forces can do as they please.",
    )
    they = find(found, "They")
    assert (they.actor.code, they.via) == ("RUS GOV", "plural_anaphor")
    assert find(found, "they").actor.code == "RUS MIL"


def test_unknown_actors_are_kept(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp, book, "John Smalltown, a farmer from Ohio, met officials of Acme Widgets Corp."
    )
    unresolved = [m for m in found if m.via == "unresolved"]
    assert any("Smalltown" in m.text for m in unresolved)
    assert all(m.actor.id is None and m.actor.code is None for m in unresolved)


def test_ambiguous_alias_needs_support(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(nlp, book, "He moved to Austin, Texas, last year.", dt.date(2023, 6, 1))
    assert not any(m.actor.id == "austin" for m in found)
    found = mentions(
        nlp, book, "Defense Secretary Lloyd Austin arrived. Austin said.", dt.date(2023, 6, 1)
    )
    assert [m.actor.id for m in found if m.actor.id == "austin"] == ["austin", "austin"]


def test_case_matters_for_acronyms(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(nlp, book, "Let us hope the US will help us.")
    assert [m.text for m in found] == ["the US"]


def test_resolution_codes_people_on_the_given_date(nlp: Any, book: ActorDictionary) -> None:
    text = "Trump said Shoigu had met him."
    early = codes(mentions(nlp, book, text, dt.date(2023, 6, 1)))
    late = codes(mentions(nlp, book, text, dt.date(2025, 3, 1)))
    assert early["Trump"] == "USA OPP" and late["Trump"] == "USA GOV"
    assert early["Shoigu"] == "RUS MIL" and late["Shoigu"] == "RUS GOV"


def test_offsets_and_sentences(nlp: Any, book: ActorDictionary) -> None:
    text = "Putin spoke.  Lavrov agreed. NATO objected."
    doc = nlp(text)
    found = resolve_mentions(doc, book, SEED_DATE)
    assert [(m.text, m.sentence) for m in found] == [("Putin", 0), ("Lavrov", 1), ("NATO", 2)]
    for m in found:
        assert text[m.start : m.end] == m.text


# --- extension ----------------------------------------------------------------

USER_YAML = """
actors:
  - id: smalltown
    type: person
    name: John Smalltown
    country: USA
    gender: m
    aliases: [Smalltown]
    roles:
      - {code: USA GOV, role: Special Envoy for Widgets, from: 2023-01-01}
"""


def test_user_file_adds_an_actor(nlp: Any, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(USER_YAML, encoding="utf-8")
    book = ActorDictionary.load([path])
    assert book.actor("smalltown", SEED_DATE).code == "USA GOV"
    assert "putin" in book  # bundled data is still there
    found = resolve_mentions(nlp("John Smalltown said he would go."), book, SEED_DATE)
    assert [(m.text, m.actor.id, m.via) for m in found] == [
        ("John Smalltown", "smalltown", "name"),
        ("he", "smalltown", "pronoun"),
    ]


def test_env_var_and_override_by_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "a.yaml"
    first.write_text(USER_YAML, encoding="utf-8")
    second = tmp_path / "b.yml"
    second.write_text(
        "actors:\n  - {id: putin, type: person, name: V. V. Putin, country: RUS, "
        "code: RUS MIL}\n  - {id: lavrov, merge: true, aliases: [Lavrik]}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BACKCHANNEL_ACTORS", f"{first}{os.pathsep}{second}")
    book = ActorDictionary.load()
    assert "smalltown" in book
    assert book.actor("putin").code == "RUS MIL"  # replaced
    assert book.lookup("Lavrik").id == "lavrov"  # merged: new alias ...
    assert book.lookup("Sergei Lavrov").id == "lavrov"  # ... old ones kept


def test_plugins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    class FakeEntryPoint:
        def __init__(self, name: str, obj: Any) -> None:
            self.name, self.value, self._obj = name, f"fake:{name}", obj

        def load(self) -> Any:
            return self._obj

    path = tmp_path / "plugin.yaml"
    path.write_text(USER_YAML, encoding="utf-8")
    mapping = {
        "actors": [{"id": "widgetco", "type": "body", "name": "Widget Co", "code": "USA BUS"}]
    }
    eps = [FakeEntryPoint("file", lambda: str(path)), FakeEntryPoint("mapping", mapping)]

    def fake_entry_points(group: str) -> list[FakeEntryPoint]:
        return eps if group == "backchannel.actor_dictionaries" else []

    monkeypatch.setattr(dictionary_module.importlib.metadata, "entry_points", fake_entry_points)
    clear_cache()
    try:
        book = ActorDictionary.load()
        assert "smalltown" in book and book.lookup("Widget Co").code == "USA BUS"
    finally:
        monkeypatch.undo()
        clear_cache()


def test_load_is_cached() -> None:
    assert ActorDictionary.load() is ActorDictionary.load()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors: [\n", "invalid YAML at line"),
        ("just a string\n", "expected a top-level 'actors:' list"),
        ("actors:\n  - {type: person, name: X}\n", "missing 'id'"),
        ("actors:\n  - {id: x, name: X, colour: red}\n", "unknown key(s) ['colour']"),
        ("actors:\n  - {id: x, name: X, code: rus gov}\n", "'code' must be"),
        ("actors:\n  - {id: x, name: X, code: RUS XYZ}\n", "unknown sector 'XYZ'"),
        (
            "actors:\n  - {id: x, name: X, roles: [{code: RUS GOV, from: 2024-13-01}]}\n",
            "invalid value: month must be in 1..12",
        ),
        (
            "actors:\n  - {id: x, name: X, roles: [{code: RUS GOV, from: 'May 2024'}]}\n",
            "must be a date YYYY-MM-DD",
        ),
        (
            "actors:\n  - {id: x, name: X, roles: [{code: RUS GOV, from: 2024-01-01, "
            "to: 2023-01-01}]}\n",
            "is not after",
        ),
        ("actors:\n  - {id: x, type: planet, name: X}\n", "'type' must be one of"),
    ],
)
def test_bad_user_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        ActorDictionary.load([path])
    text = str(err.value)
    assert message in text and "\n" not in text and str(path) in text


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="actor file not found"):
        ActorDictionary.load([tmp_path / "nope.yaml"])


def test_docs_example_file_loads(tmp_path: Path, nlp: Any) -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "actors.md"
    text = docs.read_text(encoding="utf-8")
    block = text.split("# my_actors.yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "my_actors.yaml"
    path.write_text(block, encoding="utf-8")
    book = ActorDictionary.load([path])
    assert book.actor("budanov", dt.date(2025, 1, 1)).code == "UKR SPY"
    assert book.actor("azov").code == "UKR MIL"
    assert book.lookup("Sergey Viktorovich Lavrov").id == "lavrov"
    found = resolve_mentions(
        nlp("Russian President Vladimir Putin said he was ready."), book, SEED_DATE
    )
    assert [(m.text, m.actor.code, m.via) for m in found] == [
        ("Russian President Vladimir Putin", "RUS GOV", "name"),
        ("he", "RUS GOV", "pronoun"),
    ]


def test_affiliation_and_title_code_an_unknown_person(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp,
        book,
        "Japanese Prime Minister Taro Yamadera agreed. "
        "U.N. Secretary-General Ana Velasquez objected.",
    )
    pm = find(found, "Japanese Prime Minister Taro Yamadera")
    assert (pm.actor.id, pm.actor.name, pm.actor.code, pm.via) == (
        None,
        "Taro Yamadera",
        "JPN GOV",
        "unresolved",
    )
    # an organisation's officials are its government (PLOVER: IGO GOV)
    assert find(found, "U.N. Secretary-General Ana Velasquez").actor.code == "UN GOV"


def test_government_metonyms_and_weapons(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp,
        book,
        "The Biden administration and Putin's regime disagreed. Russian drones hit Kharkiv. "
        "The president of Armenia met Putin.",
    )
    got = codes(found)
    assert got["The Biden administration"] == "USA GOV"
    assert got["Putin's regime"] == "RUS GOV"
    assert got["Russian drones"] == "RUS MIL"
    assert got["The president of Armenia"] == "ARM GOV"
    assert "Armenia" not in got  # folded into the title


# --- world coverage: leaders, groups, places ----------------------------------


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("President Hosni Mubarak met the envoy.", "President Hosni Mubarak", "EGY GOV"),
        ("Chancellor Helmut Kohl spoke on Monday.", "Chancellor Helmut Kohl", "DEU GOV"),
        ("Museveni addressed parliament.", "Museveni", "UGA GOV"),
        ("The FARC freed two hostages.", "The FARC", "COL REB"),
        ("Tamil Tigers attacked a navy base.", "Tamil Tigers", "LKA REB"),
        ("The PKK claimed the ambush.", "The PKK", "TUR REB"),
        ("Boko Haram kidnapped pupils.", "Boko Haram", "NGA REB"),
    ],
)
def test_world_leaders_and_armed_groups(nlp: Any, book: ActorDictionary, text, name, code) -> None:
    m = find(mentions(nlp, book, text, dt.date(1995, 6, 1)), name)
    assert m.actor.code == code


def test_world_roles_are_dated(book: ActorDictionary) -> None:
    assert book.actor("sharon", dt.date(2003, 1, 1)).role == "Prime Minister of Israel"
    assert book.actor("bill_clinton", dt.date(1995, 1, 1)).code == "USA GOV"
    assert book.actor("bill_clinton", dt.date(2005, 1, 1)).code == "USA"  # out of office
    # the day of the handover belongs to the successor
    assert book.actor("bouteflika", dt.date(2019, 4, 2)).role is None
    assert book.actor("annan", dt.date(2010, 1, 1)).code == "UN IGO"  # declared sector


def test_shared_surnames_need_a_person_tag_or_a_prior_mention(nlp, book) -> None:
    # "Major" and "Brown" are words first: no mention without spaCy's PERSON tag.
    found = mentions(nlp, book, "A major storm hit brown fields.", dt.date(1995, 1, 1))
    assert found == []


def test_regions_and_peoples_code_their_country(nlp: Any, book: ActorDictionary) -> None:
    found = codes(
        mentions(nlp, book, "Chechen rebels shelled Grozny. Settlers left the Gaza Strip.")
    )
    assert found["Chechen rebels"] == "RUS REB"
    assert found["the Gaza Strip"] == "PSE"


def test_bundled_dictionary_is_loaded_once() -> None:
    # Load time is measured by `make bench`; here: the cache really is one object.
    clear_cache()
    first = ActorDictionary.load()
    assert ActorDictionary.load() is first


# --- generic resolution rules -------------------------------------------------


def test_demonym_before_an_act_noun_is_the_acting_country(nlp, book) -> None:
    found = codes(
        mentions(nlp, book, "Lisbon dismissed a Moroccan proposal after Egyptian air raids.")
    )
    assert found["Moroccan"] == "MAR GOV"
    assert found["Egyptian"] == "EGY MIL"


def test_demonym_before_people_and_groups(nlp: Any, book: ActorDictionary) -> None:
    found = codes(
        mentions(nlp, book, "Kenyan students and Peruvian guerrillas met Chadian workers.")
    )
    assert found["Kenyan students"] == "KEN EDU"
    assert found["Peruvian guerrillas"] == "PER REB"
    assert found["Chadian workers"] == "TCD LAB"


def test_demonym_without_plural_used_as_a_noun(nlp: Any, book: ActorDictionary) -> None:
    found = codes(mentions(nlp, book, "The Japanese objected, and the Dutch agreed."))
    assert found["The Japanese"] == "JPN"
    assert found["the Dutch"] == "NLD"


def test_led_forces_and_located_peoples(nlp: Any, book: ActorDictionary) -> None:
    found = codes(mentions(nlp, book, "Nigerian-led troops protected Bosnian Croats."))
    assert found["Nigerian-led troops"] == "NGA MIL"
    assert found["Bosnian Croats"] == "BIH"


def test_unknown_person_coded_by_apposition_or_of_country(nlp, book) -> None:
    found = codes(
        mentions(
            nlp,
            book,
            "Tomas Elverud, the Norwegian foreign minister, arrived. "
            "President Amadou Kelleh of Gambia left.",
        )
    )
    assert found["Tomas Elverud"] == "NOR GOV"
    assert found["Amadou Kelleh of Gambia"] == "GMB GOV"


def test_people_counted_or_located(nlp: Any, book: ActorDictionary) -> None:
    found = codes(
        mentions(
            nlp, book, "Thousands of Malians marched. The Hungarians of southern Slovakia voted."
        )
    )
    assert found["Malians"] == "MLI CVL"  # a crowd, not the state
    # coded where they live, as civilians (PLOVER's CVL)
    assert found["The Hungarians of southern Slovakia"] == "SVK CVL"


def test_acronym_in_brackets_and_multiword_heads(nlp: Any, book: ActorDictionary) -> None:
    found = codes(
        mentions(nlp, book, "The Kenyan Air Force (KAF) and Ghanaian Interior Ministry agreed.")
    )
    assert found["The Kenyan Air Force"] == "KEN MIL"
    assert found["KAF"] == "KEN MIL"
    assert found["Ghanaian Interior Ministry"] == "GHA GOV"


def test_regions_and_cities_stand_for_their_country(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(nlp, book, "Rebels shelled Kandahar.")
    assert [(m.text, m.actor.id, m.actor.code) for m in found] == [("Kandahar", "AFG", "AFG")]


def test_namesakes_of_known_people_are_not_them(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(
        nlp, book, "Jeb Bush met President Bush. Gordon Brown spoke at Brown University.", None
    )
    got = {m.text: m.actor.id for m in found}
    assert got["Jeb Bush"] is None  # another person with the surname
    assert got["President Bush"] in ("bush_sr", "george_w_bush")
    assert got["Gordon Brown"] == "gordon_brown"
    assert "Brown" not in got  # the university is a namesake


# --- sectors (PLOVER 2.0) and descriptions ---------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        # PLOVER 2.0: JRN is the media, MED is health (CAMEO's MED was the media)
        ("Chilean reporters were detained.", "Chilean reporters", "CHL JRN"),
        ("Peruvian nurses went on strike.", "Peruvian nurses", "PER MED"),
        ("Zambian teachers marched.", "Zambian teachers", "ZMB EDU"),
        ("Hackers defaced Estonian web sites.", "Estonian web sites", "EST JRN"),
        ("A Hungarian tribunal fined the firm.", "Hungarian tribunal", "HUN JUD"),
        # media that speak for the state are the government
        ("Cuban state radio denied it.", "Cuban state radio", "CUB GOV"),
        ("An official Laotian newspaper denied it.", "Laotian newspaper", "LAO GOV"),
        ("State-run Bolivian radio denied it.", "Bolivian radio", "BOL GOV"),
        ("An official of Bolivian radio resigned.", "Bolivian radio", "BOL JRN"),
        # a modifier decides the sector of a generic head
        ("Dutch civilian advisers left.", "Dutch civilian advisers", "NLD CVL"),
        ("Dutch military advisers left.", "Dutch military advisers", "NLD MIL"),
        # a crowd adjective makes a plural demonym people rather than the state
        ("Young Tunisians blocked the road.", "Tunisians", "TUN CVL"),
    ],
)
def test_head_nouns_give_plover_sectors(
    nlp: Any, book: ActorDictionary, text: str, mention: str, code: str
) -> None:
    assert find(mentions(nlp, book, text, None), mention).actor.code == code


def test_former_and_ousted_office_holders_are_eli(nlp: Any, book: ActorDictionary) -> None:
    found = mentions(nlp, book, "Ousted President Askar Akayev flew to Moscow.", None)
    assert find(found, "Ousted President Askar Akayev").actor.code == "KGZ ELI"
    found = mentions(nlp, book, "The former president Askar Akayev wrote a book.", None)
    assert find(found, "The former president Askar Akayev").actor.code == "KGZ ELI"
    # the verb "ousted" is not a title word: the president is still in office
    found = mentions(nlp, book, "Protesters ousted President Askar Akayev in 2005.", None)
    assert find(found, "President Askar Akayev").actor.code == "KGZ GOV"
    # out of office on the date: ELI; in another office on the date: that office
    text = "Former prime minister Ehud Barak toured the border."
    assert find(mentions(nlp, book, text), text[:32]).actor.code == "ISR ELI"
    on = dt.date(2010, 1, 1)
    assert find(mentions(nlp, book, text, on), text[:32]).actor.code == "ISR MIL"


def test_title_in_text_picks_the_persons_office(nlp: Any, book: ActorDictionary) -> None:
    # Without a date a person takes their last role (Barak: defence minister, MIL;
    # Haniyeh: Hamas, REB); the title written before the name picks the office meant.
    found = codes(mentions(nlp, book, "Prime Minister Ehud Barak flew to Cairo.", None))
    assert found["Prime Minister Ehud Barak"] == "ISR GOV"
    found = codes(mentions(nlp, book, "Defence Minister Ehud Barak flew to Cairo.", None))
    assert found["Defence Minister Ehud Barak"] == "ISR MIL"
    found = codes(mentions(nlp, book, "Palestinian Prime Minister Ismail Haniyeh spoke.", None))
    assert found["Palestinian Prime Minister Ismail Haniyeh"] == "PSE GOV"
    # a military rank picks a military role
    found = codes(mentions(nlp, book, "General Michel Aoun rejected the plan.", None))
    assert found["General Michel Aoun"] == "LBN MIL"
    # on a date, the dated role wins over a stale title
    on = dt.date(2010, 1, 1)
    found = codes(mentions(nlp, book, "Prime Minister Ehud Barak flew to Cairo.", on))
    assert found["Prime Minister Ehud Barak"] == "ISR MIL"


@pytest.mark.parametrize(
    ("text", "mention", "code"),
    [
        ("The insurgents in Darfur refused to talk.", "The insurgents in Darfur", "SDN REB"),
        ("Police in Kano detained a cleric.", "Police in Kano", "NGA COP"),
        ("A court in Tunisia jailed a blogger.", "A court in Tunisia", "TUN JUD"),
        ("The army of Chad crossed the river.", "The army of Chad", "TCD MIL"),
        ("Envoys from Qatar arrived on Monday.", "Envoys from Qatar", "QAT GOV"),
        ("The people of Iraq voted.", "The people of Iraq", "IRQ CVL"),
    ],
)
def test_actor_noun_takes_the_country_after_it(
    nlp: Any, book: ActorDictionary, text: str, mention: str, code: str
) -> None:
    found = find(mentions(nlp, book, text, None), mention)
    assert found.actor.code == code and found.via == "description"


@pytest.mark.parametrize(
    "text",
    [
        "American soldiers in Iraq waited.",  # soldiers anywhere are not that country's
        "Troops in Syria were attacked.",
        "Britain withdrew its troops from Iraq.",  # "from Iraq" belongs to the verb
        "Moscow expelled diplomats from Poland, Latvia and Estonia.",  # each its own
        "The town of Kirkuk was shelled.",  # a place, not an actor
    ],
)
def test_actor_noun_before_a_place_that_is_not_its_country(
    nlp: Any, book: ActorDictionary, text: str
) -> None:
    assert not [m for m in mentions(nlp, book, text, None) if m.via == "description"]


def _described(nlp: Any, book: ActorDictionary, text: str, phrase: str) -> tuple[Any, str]:
    from backchannel.actors import describe

    doc = nlp(text)
    start = text.index(phrase)
    span = doc.char_span(start, start + len(phrase))
    assert span is not None
    return describe(span, resolve_mentions(doc, book, None), book)


@pytest.mark.parametrize(
    ("text", "phrase", "code", "sector", "via"),
    [
        # the phrase names the country
        (
            "The Kenyan finance minister resigned.",
            "Kenyan finance minister",
            "KEN GOV",
            "GOV",
            "description",
        ),
        (
            "A Norwegian tribunal heard the case.",
            "Norwegian tribunal",
            "NOR JUD",
            "JUD",
            "description",
        ),
        ("A tribunal in Oslo heard the case.", "tribunal", "NOR JUD", "JUD", "description"),
        # a state office alone takes the country the action happens in
        (
            "The interior minister arrested the men in Kenya.",
            "interior minister",
            "KEN GOV",
            "GOV",
            "description",
        ),
        # ... but not the other side's: the minister who accuses Chile is not Chilean
        (
            "The finance minister accused Chile of dumping.",
            "finance minister",
            None,
            "GOV",
            "unresolved",
        ),
        # nor when the sentence names two countries
        (
            "The defense minister said Peru and Chile would meet in Lima.",
            "defense minister",
            None,
            "MIL",
            "unresolved",
        ),
        # rebels are no state office: the place does not make them its own
        (
            "Some rebel officers seized the barracks in Nairobi.",
            "rebel officers",
            None,
            "REB",
            "unresolved",
        ),
        # no actor noun, no sector
        ("The committee met in Nairobi.", "committee", None, None, "unresolved"),
    ],
)
def test_describe_codes_a_description_from_its_words(
    nlp: Any,
    book: ActorDictionary,
    text: str,
    phrase: str,
    code: str | None,
    sector: str | None,
    via: str,
) -> None:
    actor, got_via = _described(nlp, book, text, phrase)
    assert (actor.code, actor.sector, got_via) == (code, sector, via)
    assert actor.id is None and actor.name == phrase


def test_an_organisations_forces_and_officials(nlp: Any, book: ActorDictionary) -> None:
    found = codes(mentions(nlp, book, "NATO warplanes hit a bridge. EU officials met.", None))
    assert found["NATO warplanes"] == "NATO MIL"
    assert found["EU officials"] == "EU GOV"
    # peacekeeping forces are the organisation's military
    assert codes(mentions(nlp, book, "UN peacekeepers left.", None))["UN peacekeepers"] == "UN MIL"
    # the body named alone, and its people who are not its organs, stay the body
    found = codes(mentions(nlp, book, "The UN said UN workers would stay.", None))
    assert found == {"The UN": "UN IGO", "UN": "UN IGO"}


def test_a_possessive_pronoun_before_an_actor_noun(nlp: Any, book: ActorDictionary) -> None:
    found = codes(mentions(nlp, book, "Croatian Serbs said their militias would disarm.", None))
    assert found["their militias"] == "HRV REB"
    found = codes(mentions(nlp, book, "Vladimir Putin said his government would not yield.", None))
    assert found["his government"] == "RUS GOV"
    # no actor noun after it: the pronoun alone
    found = codes(mentions(nlp, book, "Chilean officials said their talks had failed.", None))
    assert found["their"] == "CHL GOV"


def test_an_actor_noun_inside_an_organisations_name(nlp: Any, book: ActorDictionary) -> None:
    text = "The Kremlin Journalists' Guild issued a statement."
    found = codes(mentions(nlp, book, text, None))
    assert "The Kremlin Journalists" not in found


def test_located_actor_noun_edges(nlp: Any, book: ActorDictionary) -> None:
    found = codes(mentions(nlp, book, "Students throughout Malaysia went on strike.", None))
    assert found["Students throughout Malaysia"] == "MYS EDU"
    found = codes(mentions(nlp, book, "Gunmen in the Idlib countryside fired.", None))
    assert found["Gunmen in the Idlib countryside"] == "SYR REB"
    # the country modifies a further noun: "members of Myanmar's army" are the army's
    found = mentions(nlp, book, "Members of Peru's navy were arrested.", None)
    assert not [m for m in found if m.via == "description"]


def test_a_title_before_an_unknown_name_gives_its_sector(nlp: Any, book: ActorDictionary) -> None:
    text = "Judge Ana Villaroel, Gen. Tomas Okafor and Senator Rui Mbeki met Mr. Li Wanfeng."
    found = {m.text: (m.actor.code, m.actor.sector, m.via) for m in mentions(nlp, book, text)}
    assert found["Ana Villaroel"] == (None, "JUD", "unresolved")
    assert found["Tomas Okafor"] == (None, "MIL", "unresolved")
    assert found["Rui Mbeki"] == (None, "LEG", "unresolved")
    assert found["Li Wanfeng"] == (None, None, "unresolved")


def test_describe_ignores_a_compound_modifier(nlp: Any, book: ActorDictionary) -> None:
    actor, via = _described(
        nlp,
        book,
        "The Iranian-backed interim council rejected it.",
        "Iranian-backed interim council",
    )
    assert (actor.code, actor.sector, via) == (None, "GOV", "unresolved")


def test_describe_takes_the_longest_dictionary_phrase(nlp: Any, book: ActorDictionary) -> None:
    # "Washington Post" is a newspaper, not the US government's seat
    text = "Two Washington Post editors resigned."
    actor, via = _described(nlp, book, text, "Washington Post editors")
    assert (actor.code, actor.sector, via) == (None, "JRN", "unresolved")


@pytest.mark.parametrize(
    ("text", "phrase", "code"),
    [
        # "ethnic" makes a demonym a people, coded by the country the sentence puts it in
        (
            "Soldiers shot two ethnic Hungarians in a village in western Romania.",
            "Hungarians",
            "ROU CVL",
        ),
        (
            "Ethnic Armenian fighters operating in Azerbaijan laid down arms.",
            "Armenian fighters",
            "AZE REB",
        ),
        ("Ethnic Serbs rallied in the north of Kosovo on Sunday.", "Serbs", "XKX CVL"),
        # without a place, or with two, the demonym's own country stays
        ("Ethnic Hungarians voted on Sunday.", "Hungarians", "HUN CVL"),
    ],
)
def test_an_ethnic_people_is_coded_by_where_it_lives(nlp, book, text, phrase, code):
    m = find(mentions(nlp, book, text, None), phrase)
    assert m.actor.code == code


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Pro-Russian separatists shelled the town overnight.", "RUS"),
        ("An anti-Iranian cleric was arrested on Friday.", "IRN"),
    ],
)
def test_pro_and_anti_name_a_stance_not_a_nationality(nlp, book, text, absent):
    assert absent not in {m.actor.country for m in mentions(nlp, book, text, None)}


def test_a_compass_adjective_does_not_hide_the_country(nlp, book):
    found = mentions(nlp, book, "Pro-Russian separatists in eastern Ukraine shelled the town.")
    assert find(found, "Pro-Russian separatists in eastern Ukraine").actor.code == "UKR REB"
    # "East Timor" is a name, not "east" + "Timor"
    found = mentions(nlp, book, "Police in East Timor arrested a journalist.", None)
    assert find(found, "Police in East Timor").actor.code == "TLS COP"


def test_a_spokesman_for_a_non_governmental_body_speaks_for_it(nlp, book):
    found = mentions(nlp, book, "Amnesty International spokesman Karl Tamm said so.", None)
    assert find(found, "Amnesty International spokesman Karl Tamm").actor.code == "AMNESTY NGO"
    found = mentions(nlp, book, "UN spokesman Karl Tamm said so.", None)
    assert find(found, "UN spokesman Karl Tamm").actor.code == "UN GOV"
