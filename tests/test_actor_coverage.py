"""Actor coverage: the people and spellings real outlets use resolve to the right actor on a date.

Every sentence here is written for the project. The Libya checks use the shipped Libya rule set;
the Russia-Ukraine checks use a small conflict folder built in a temporary directory on top of the
shipped ``rules/common`` (its states and organisations, one ceasefire phrase), so they test the
shared actors and nothing of another engineer's issue files.
"""
import datetime as dt
import textwrap

import pytest

from stances.extract import analyse, extract_article
from stances.model import Article
from stances.rules import load_rules

from conftest import ROOT

COMMON = ROOT / "rules" / "common"

#: The actor ids of the Libya rule set (DESIGN.md, "The Libya rule set").
LIBYA_IDS = {"TUR", "RUS", "EGY", "ARE", "FRA", "GBR", "DEU", "ITA", "USA", "QAT", "GRC", "DZA", "TUN",
             "UN", "EU", "AU", "LAS", "NATO", "GNA", "LNA", "HOR", "GNU"}
#: The states and organisations of the Russia-Ukraine table (CONFLICT.md) that rules/common holds.
UKRAINE_SHARED = ["UKR", "RUS", "BLR", "USA", "GBR", "DEU", "FRA", "ITA", "POL", "HUN", "FIN", "SWE",
                  "TUR", "CHN", "IND", "BRA", "ZAF", "UN", "EU", "NATO", "IAEA", "G7"]


def _conflict(folder, actors=None):
    """A conflict folder on top of the shipped common layer, with one ceasefire phrase."""
    (folder / "issues").mkdir(parents=True)
    lines = ["conflict: coverage", f"extends: [{COMMON}]"]
    if actors is not None:
        lines.append(f"actors: [{', '.join(actors)}]")
    (folder / "conflict.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "issues" / "ceasefire.yaml").write_text(textwrap.dedent("""\
        issue: ceasefire
        title: Ceasefire
        proposition: The fighting should stop now.
        rules:
          - id: ceasefire.call
            stance: support
            phrases: ['call* for {0,4} (ceasefire|truce)']
        """), encoding="utf-8")
    return load_rules(folder)


@pytest.fixture(scope="module")
def libya():
    return load_rules(ROOT / "rules" / "libya")


@pytest.fixture(scope="module")
def ukraine(tmp_path_factory):
    return _conflict(tmp_path_factory.mktemp("ukraine") / "ukraine", UKRAINE_SHARED)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Every shared actor at once (no ``actors:`` selection)."""
    return _conflict(tmp_path_factory.mktemp("world") / "world")


def holders(rules, text, date):
    """The actors holding the statements of *text* dated *date*, sorted."""
    return sorted({s.actor for s in extract_article(Article("t", text, date), rules)})


def call(name):
    return f"{name} called for an immediate ceasefire on Monday."


# ------------------------------------------------------------------ Libya, 2019-2021
@pytest.mark.parametrize("name, date, actor", [
    ("Egyptian Foreign Minister Sameh Shukri", "2020-06-08", "EGY"),
    ("Foreign Minister Sameh Shoukry", "2020-06-08", "EGY"),
    ("Egypt's president, Abdel Fattah al-Sisi,", "2020-06-20", "EGY"),
    ("President Abdul Fattah el-Sisi", "2020-06-20", "EGY"),
    ("Sissi", "2020-06-20", "EGY"),
    ("Mevlut Cavusoglu", "2020-01-10", "TUR"),
    ("Recep Tayyip Erdogan", "2020-01-10", "TUR"),
    ("Russian Foreign Minister Sergei Lavrov", "2020-01-13", "RUS"),
    ("Vasily Nebenzya", "2020-01-13", "RUS"),
    ("UAE ambassador Lana Nusseibeh", "2020-07-01", "ARE"),
    ("Sheikh Mohammed bin Abdul Rahman Al Thani", "2020-07-01", "QAT"),
    ("Nikos Dendias", "2020-07-01", "GRC"),
    ("Algerian Foreign Minister Sabri Boukadoum", "2020-01-08", "DZA"),
    ("Abdelmajid Tebboune", "2020-01-08", "DZA"),
    ("Othman Jerandi", "2021-01-20", "TUN"),
    ("Kais Saied", "2020-01-20", "TUN"),
    ("Jean-Yves Le Drian", "2020-01-20", "FRA"),
    ("Heiko Maas", "2020-01-20", "DEU"),
    ("Luigi Di Maio", "2020-01-20", "ITA"),
    ("Kelly Craft", "2020-05-19", "USA"),
    ("Linda Thomas-Greenfield", "2021-03-15", "USA"),
    ("Dominic Raab", "2020-01-20", "GBR"),
    ("Smail Chergui", "2020-02-09", "AU"),
    ("Ahmed Aboul-Gheit", "2020-06-09", "LAS"),
    ("Abul Gheit", "2020-06-09", "LAS"),
    ("Jens Stoltenberg", "2020-06-09", "NATO"),
    ("Josep Borrell", "2020-06-09", "EU"),
    ("Borrel", "2020-06-09", "EU"),
    ("Antonio Gutteres", "2020-06-09", "UN"),
    ("Stephanie Williams", "2020-09-01", "UN"),
    ("Ghassan Salame", "2019-05-01", "UN"),
    ("Aqila Saleh", "2020-08-21", "HOR"),
    ("Ageela Saleh", "2020-08-21", "HOR"),
    ("Fayez al-Serraj", "2020-08-21", "GNA"),
    ("Khalifa Hifter", "2020-01-13", "LNA"),
    ("Saddam Haftar", "2020-01-13", "LNA"),
    ("Abdul Hamid Dbaiba", "2021-05-01", "GNU"),
    ("Najla el-Mangoush", "2021-05-01", "GNU"),
])
def test_spelling_variants_resolve_to_their_actor(libya, name, date, actor):
    assert holders(libya, call(name), dt.date.fromisoformat(date)) == [actor]


def test_a_role_before_its_start_date_gives_no_actor(libya):
    # Ján Kubiš became UN envoy for Libya in January 2021; Dbeibah's government took office in March 2021
    assert holders(libya, call("Jan Kubis"), dt.date(2020, 6, 1)) == []
    assert holders(libya, call("Jan Kubis"), dt.date(2021, 3, 1)) == ["UN"]
    assert holders(libya, call("Abdul Hamid Dbeibah"), dt.date(2020, 6, 1)) == []


def test_a_role_after_its_end_date_gives_no_actor(libya):
    # Salamé resigned in March 2020; Stephanie Williams acted until February 2021
    assert holders(libya, call("Ghassan Salamé"), dt.date(2020, 9, 1)) == []
    assert holders(libya, call("Stephanie Williams"), dt.date(2021, 6, 1)) == []


def test_one_official_speaks_for_the_gna_then_for_the_gnu(libya):
    # Libya's UN ambassador kept his post when the GNU succeeded the GNA
    assert holders(libya, call("Taher el-Sonni"), dt.date(2020, 5, 1)) == ["GNA"]
    assert holders(libya, call("Taher al-Sunni"), dt.date(2021, 5, 1)) == ["GNU"]


def test_people_who_changed_office_speak_in_each_office(libya):
    # Ursula von der Leyen: German defence minister, then President of the European Commission
    assert holders(libya, call("Ursula von der Leyen"), dt.date(2019, 5, 1)) == ["DEU"]
    assert holders(libya, call("Ursula von der Leyen"), dt.date(2020, 5, 1)) == ["EU"]
    # Donald Tusk presided over the European Council until November 2019
    assert holders(libya, call("Donald Tusk"), dt.date(2019, 6, 1)) == ["EU"]
    assert holders(libya, call("Donald Tusk"), dt.date(2020, 6, 1)) == []


def test_role_noun_resolves_to_the_office_held_that_day(libya):
    text = "Hulusi Akar met his Libyan hosts in Tripoli. The defence minister called for a ceasefire."
    assert holders(libya, text, dt.date(2020, 7, 3)) == ["TUR"]


@pytest.mark.parametrize("date, prime_minister", [
    ("2022-03-01", "Boris Johnson"),
    ("2022-09-07", "Liz Truss"),     # the day after the handover (both hold office on 2022-09-06)
    ("2022-09-20", "Liz Truss"),
    ("2022-10-26", "Rishi Sunak"),
    ("2022-11-15", "Rishi Sunak"),
])
def test_the_uk_prime_ministers_of_2022_each_on_their_own_dates(libya, date, prime_minister):
    d = dt.date.fromisoformat(date)
    pms = [p.name for p in libya.people if any(r.actor == "GBR" and r.title == "prime minister"
                                               for r in p.roles_on(d))]
    assert pms == [prime_minister]
    assert holders(libya, call(prime_minister), d) == ["GBR"]


def test_uk_leaders_out_of_office_in_2022_speak_for_nobody(libya):
    assert holders(libya, call("Boris Johnson"), dt.date(2022, 10, 1)) == []
    assert holders(libya, call("Liz Truss"), dt.date(2022, 11, 15)) == []
    assert holders(libya, call("Rishi Sunak"), dt.date(2022, 9, 20)) == []  # between his two offices
    # Truss spoke as foreign secretary before she became prime minister
    assert holders(libya, call("Liz Truss"), dt.date(2022, 3, 1)) == ["GBR"]


def test_the_prime_minister_is_whoever_held_the_office_that_day(libya):
    text = "Liz Truss spoke to reporters outside Downing Street. The prime minister called for a truce."
    assert holders(libya, text, dt.date(2022, 9, 20)) == ["GBR"]
    assert holders(libya, text, dt.date(2022, 3, 1)) == []  # then she was foreign secretary


def test_institutional_metonyms_speak_in_subject_position(libya):
    d = dt.date(2020, 6, 1)
    assert holders(libya, "The Elysee called for a ceasefire.", d) == ["FRA"]
    assert holders(libya, "The Farnesina called for a truce.", d) == ["ITA"]
    assert holders(libya, "The Quai d'Orsay called for a truce.", d) == ["FRA"]
    assert holders(libya, "The State Department called for a ceasefire.", d) == ["USA"]
    assert holders(libya, "Officials in the Elysee called for a ceasefire.", d) == []


def test_ukraine_only_states_are_not_actors_of_the_libya_rule_set(libya):
    assert set(libya.actors) == LIBYA_IDS
    d = dt.date(2020, 6, 1)
    assert holders(libya, "Poland called for a ceasefire.", d) == []
    assert holders(libya, call("Chinese Foreign Minister Wang Yi"), d) == []
    assert holders(libya, "The IAEA called for a ceasefire.", d) == []


# ------------------------------------------------------------------ Russia-Ukraine, 2022-2023
@pytest.mark.parametrize("name, date, actor", [
    ("Volodymyr Zelenskyy", "2022-03-01", "UKR"),
    ("Zelenskiy", "2022-03-01", "UKR"),
    ("Ukrainian Foreign Minister Dmytro Kuleba", "2022-03-01", "UKR"),
    ("Sergiy Kyslytsia", "2022-03-01", "UKR"),
    ("Alyaksandr Lukashenka", "2022-03-01", "BLR"),
    ("Polish Prime Minister Mateusz Morawiecki", "2022-03-01", "POL"),
    ("Peter Szijjarto", "2022-03-01", "HUN"),
    ("Sauli Niinisto", "2022-05-15", "FIN"),
    ("Magdalena Andersson", "2022-05-15", "SWE"),
    ("Ulf Kristersson", "2022-11-15", "SWE"),
    ("Xi Jinping", "2023-02-24", "CHN"),
    ("Qin Gang", "2023-02-24", "CHN"),
    ("Wang Yi", "2023-02-24", "CHN"),
    ("S. Jaishankar", "2022-09-24", "IND"),
    ("Luiz Inacio Lula da Silva", "2023-04-17", "BRA"),
    ("Naledi Pandor", "2022-10-12", "ZAF"),
    ("Rafael Grossi", "2022-09-06", "IAEA"),
    ("Volker Turk", "2023-03-06", "UN"),
    ("Csaba Korosi", "2022-10-12", "UN"),
    ("Karine Jean-Pierre", "2022-10-12", "USA"),
    ("Hakan Fidan", "2023-07-10", "TUR"),
    ("Mevlut Cavusoglu", "2022-07-22", "TUR"),
    ("Yasar Guler", "2023-07-10", "TUR"),
])
def test_ukraine_war_speakers_resolve_to_their_actor(ukraine, name, date, actor):
    assert holders(ukraine, call(name), dt.date.fromisoformat(date)) == [actor]


@pytest.mark.parametrize("name, date", [
    ("Magdalena Andersson", "2022-11-15"),   # Kristersson took over on 2022-10-18
    ("Qin Gang", "2023-08-01"),              # removed on 2023-07-25
    ("Oleksii Reznikov", "2023-10-01"),      # Umerov from 2023-09-06
    ("Jen Psaki", "2022-06-01"),             # Jean-Pierre from 2022-05-13
    ("Rishi Sunak", "2022-10-01"),           # between his two offices
    ("Mateusz Morawiecki", "2023-12-20"),    # Tusk from 2023-12-13
])
def test_ukraine_war_speakers_out_of_office_give_no_actor(ukraine, name, date):
    assert holders(ukraine, call(name), dt.date.fromisoformat(date)) == []


def test_ukraine_names_and_metonyms(ukraine):
    d = dt.date(2022, 6, 1)
    assert holders(ukraine, "Kyiv called for a ceasefire.", d) == ["UKR"]
    assert holders(ukraine, "Kiev called for a ceasefire.", d) == ["UKR"]
    assert holders(ukraine, "Diplomats in Kyiv called for a ceasefire.", d) == []
    assert holders(ukraine, "The UN nuclear watchdog called for a truce.", d) == ["IAEA"]
    assert holders(ukraine, "The G-7 called for a ceasefire.", d) == ["G7"]
    assert holders(ukraine, "Nato called for a ceasefire.", d) == ["NATO"]
    assert holders(ukraine, "Russia's Security Council called for a truce.", d) == ["RUS"]
    assert holders(ukraine, "Security Council Secretary Nikolai Patrushev called for a truce.", d) == ["RUS"]
    assert holders(ukraine, "The US National Security Council called for a truce.", d) == ["USA"]
    assert holders(ukraine, "The UN Security Council called for a truce.", d) == ["UN"]
    assert holders(ukraine, "The Bundestag called for a ceasefire.", d) == ["DEU"]
    assert holders(ukraine, "Belarusian officials called for a ceasefire.", d) == ["BLR"]


# ------------------------------------------------------------------ the actor files themselves
def test_every_full_name_resolves_to_its_own_person(world, libya):
    for rules in (world, libya):
        for i, person in enumerate(rules.people):
            trace = analyse(Article("t", person.name + " spoke.", None), rules, trace=True)
            mentions = [m for s in trace.sentences for m in s.mentions]
            assert mentions and mentions[0].kind == "person" and mentions[0].person == i, person.name
            assert mentions[0].text == person.name, person.name


def test_no_alias_names_two_people_or_repeats_a_name(world, libya):
    from stances.rulefiles import _alias_key

    for rules in (world, libya):
        owner = {}
        for person in rules.people:
            # plain aliases only: a pattern ("Alya [Ahmed] Al Thani") may include the name on purpose
            keys = [_alias_key(person.name)] + [_alias_key(t) for t, _, _ in person.aliases
                                                if not set(t) & set("()[]|*{}")]
            assert len(keys) == len(set(keys)), f"{person.name}: an alias folds to the name or another alias"
            for k in keys:
                assert owner.setdefault(k, person.name) == person.name, f"{k!r}: {owner[k]} and {person.name}"


def test_all_shared_actors_load_together(world):
    # no alias is shared by two shared actors that exist at the same time (E110)
    assert {"UKR", "BLR", "POL", "HUN", "FIN", "SWE", "CHN", "IND", "BRA", "ZAF", "IAEA", "G7"} <= set(world.actors)
    assert LIBYA_IDS - {"GNA", "LNA", "HOR", "GNU"} <= set(world.actors)
