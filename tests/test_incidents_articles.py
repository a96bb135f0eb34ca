"""Incidents group articles: two look-alike attacks on one day in two towns of one province, four made-up
reports each (different outlets, wordings and figures; some placed only in the province, some undated, one
an arrest that follows the attack), must come out as two incidents with the figure most reports give."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sitreps.incidents import Settings, build_incidents, query_incidents
from sitreps.incidents.profile import Vocabulary, cosine, terms
from sitreps.model import Actor, Article, Coded, Event, Evidence, Place, Quantity, When
from sitreps.store import open_store

DAY = date(2031, 5, 9)
NEXT = DAY + timedelta(days=1)
NORTHTOWN = Place("Northtown", "Northtown", "KEN", "Coast", 0.0, 37.0, None, "city", "test")
SOUTHTOWN = Place("Southtown", "Southtown", "KEN", "Coast", -0.55, 37.0, None, "city", "test")
PROVINCE = Place("Coast province", "Coast", "KEN", "Coast", None, None, None, "admin1", "test")
GUNMEN = Actor("gunmen", "gunmen", None, "REB")
POLICE = Actor("police", "police", "KEN", "COP")

# (id, outlet, published, title, text, event type, place, event day or None for undated, killed)
REPORTS = (
    ("n1", "Daily Lantern", DAY, "Gunmen kill 12 in Northtown market raid",
     ("Gunmen stormed the cattle market in Northtown on Friday and killed 12 traders, the district "
      "commissioner Amos Kiprono said. Residents fled towards the river."), "ASSAULT", NORTHTOWN, DAY, 12),
    ("n2", "Evening Kettle", NEXT, "Twelve traders dead after attack on Northtown cattle market",
     ("At least 12 people were killed when armed men opened fire at a cattle market in Northtown, commissioner "
      "Amos Kiprono told reporters. The attackers escaped on motorbikes."), "ASSAULT", NORTHTOWN, None, 12),
    ("n3", "Morning Anvil", NEXT, "Market massacre in Coast province",
     ("Fourteen people died in a raid on the Northtown cattle market on Friday, a hospital official said, a "
      "higher toll than the one commissioner Amos Kiprono gave."), "ASSAULT", PROVINCE, DAY, 14),
    ("n4", "Harbour Gazette", NEXT, "Police arrest three over Northtown market raid",
     ("Police arrested three suspects on Saturday over the raid on the Northtown cattle market, commissioner "
      "Amos Kiprono said."), "COERCE", NORTHTOWN, NEXT, None),
    ("s1", "Daily Lantern", DAY, "Gunmen kill seven at Southtown church",
     ("Gunmen attacked worshippers at a church in Southtown on Friday, killing 7, the county police chief "
      "Grace Wanjiru said."), "ASSAULT", SOUTHTOWN, DAY, 7),
    ("s2", "Evening Kettle", DAY, "Seven worshippers shot dead in Southtown",
     ("Armed men opened fire on a Sunday service rehearsal at a church in Southtown, leaving 7 dead, police chief "
      "Grace Wanjiru said. The attackers escaped on motorbikes."), "ASSAULT", SOUTHTOWN, None, 7),
    ("s3", "Morning Anvil", NEXT, "Church attack in Coast province",
     ("Nine people died when gunmen raided a church in Southtown on Friday, a local pastor said; police chief "
      "Grace Wanjiru gave a lower toll."), "ASSAULT", PROVINCE, DAY, 9),
    ("s4", "Harbour Gazette", NEXT, "Southtown mourns church victims",
     ("Hundreds gathered in Southtown on Saturday to bury the 7 worshippers shot dead when gunmen attacked their "
      "church, police chief Grace Wanjiru said."), "ASSAULT", SOUTHTOWN, DAY, 7),
)


def coded(report: tuple) -> Coded:  # type: ignore[type-arg]
    name, outlet, published, title, text, event_type, place, day, killed = report
    article = Article(text=text, title=title, outlet=outlet, published=published, id=name)
    sentence = text.split(". ")[0]
    quantities = {"killed": Quantity(killed, killed, killed, str(killed))} if killed is not None else {}
    event = Event(name, 0, Evidence(0, len(sentence), sentence), event_type,
                  trigger="arrested" if event_type == "COERCE" else "killed",
                  source=(POLICE,) if event_type == "COERCE" else (GUNMEN,), location=place,
                  date=When(day, day, "day", "Friday") if day else None, quantities=quantities,
                  confidence=0.9, main=True)
    return Coded(article, events=(event,))


def grouping(db: Path) -> list[tuple[str, ...]]:
    return sorted(i.articles for i in query_incidents(db))


def test_two_attacks_one_day_two_towns_four_reports_each(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        store.write([coded(r) for r in REPORTS])
        build_incidents(store)
    assert grouping(db) == [("n1", "n2", "n3"), ("n4",), ("s1", "s2", "s3", "s4")]
    # the arrest that follows the north attack is an incident of its own, in the same story
    arrest = next(i for i in query_incidents(db) if i.articles == ("n4",))
    attack = next(i for i in query_incidents(db) if "n1" in i.articles)
    assert arrest.event_type == "COERCE" and arrest.story == attack.story
    assert attack.story != next(i for i in query_incidents(db) if "s1" in i.articles).story
    killed = {i.articles[0][0]: i.quantities["killed"] for i in query_incidents(db) if "killed" in i.quantities}
    assert (killed["n"].low, killed["n"].best, killed["n"].high, killed["n"].disputed) == (12, 12, 14, True)
    assert (killed["s"].low, killed["s"].best, killed["s"].high, killed["s"].disputed) == (7, 7, 9, True)
    north = next(i for i in query_incidents(db) if "n1" in i.articles)
    assert north.event_type == "ASSAULT" and north.location is not None and north.location.name == "Northtown"


def test_the_grouping_does_not_depend_on_order_or_on_batches(tmp_path: Path) -> None:
    whole, batches = tmp_path / "whole.duckdb", tmp_path / "batches.duckdb"
    with open_store(whole) as store:
        store.write([coded(r) for r in reversed(REPORTS)])
        build_incidents(store)
    with open_store(batches) as store:
        for part in (REPORTS[::2], REPORTS[1::2]):
            store.write([coded(r) for r in part])
            build_incidents(store)
    expected = [("n1", "n2", "n3"), ("n4",), ("s1", "s2", "s3", "s4")]
    assert grouping(whole) == expected and grouping(batches) == expected


def test_strict_thresholds_split_and_loose_vetoes_still_hold(tmp_path: Path) -> None:
    strict, loose = tmp_path / "strict.duckdb", tmp_path / "loose.duckdb"
    with open_store(strict) as store:
        store.write([coded(r) for r in REPORTS])
        build_incidents(store, Settings(join=1.01))
    assert len(grouping(strict)) == len(REPORTS)
    with open_store(loose) as store:
        store.write([coded(r) for r in REPORTS])
        build_incidents(store, Settings(join=0.0, text_over_km=1.01))
    assert not any({"n1", "s1"} <= set(group) for group in grouping(loose))  # two towns 60 km apart


def test_rarer_terms_weigh_more_and_reports_of_one_attack_are_closer() -> None:
    vocabulary = Vocabulary()
    profiles = {r[0]: terms(r[3] + ". " + r[4]) for r in REPORTS}
    for profile in profiles.values():
        vocabulary.count(profile)
    assert "@northtown" in profiles["n1"] and "#12" in profiles["n1"] and "the" not in profiles["n1"]
    assert vocabulary.idf("motorbikes") > vocabulary.idf("gunmen")  # two reports against four
    same = cosine(vocabulary.vector("n1", profiles["n1"]), vocabulary.vector("n2", profiles["n2"]))
    other = cosine(vocabulary.vector("n1", profiles["n1"]), vocabulary.vector("s1", profiles["s1"]))
    assert same > 2 * other


def test_same_day_same_province_without_shared_words_stays_apart(tmp_path: Path) -> None:
    bus = ("b1", "Daily Lantern", DAY, "Bus ambushed on the coastal highway",
           ("Gunmen ambushed a passenger bus near the Mwembe river crossing on Friday, killing 5, a county "
            "official said."), "ASSAULT", PROVINCE, DAY, 5)
    school = ("d1", "Evening Kettle", DAY, "Dormitory raid at boarding school",
              ("Gunmen raided the dormitory of Baraka girls' boarding school on Friday, killing 5, the head teacher "
               "Mercy Atieno said."), "ASSAULT", PROVINCE, DAY, 5)
    found = {}
    for name, least, rare in (("gated", Settings().text_min, Settings().name_rare), ("ungated", 0.0, 0.0)):
        db = tmp_path / f"{name}.duckdb"
        with open_store(db) as store:
            store.write([coded(bus), coded(school)])
            build_incidents(store, Settings(text_min=least, name_rare=rare))
        found[name] = grouping(db)
    assert found["gated"] == [("b1",), ("d1",)]  # place, day, actors and figure agree, the words do not
    assert found["ungated"] == [("b1", "d1")]


def _village(name: str) -> Place:
    """A village the gazetteer lacks, put in the country (as the coder puts one with no town named near it)."""
    return Place(name, name, "KEN", None, 0.5, 37.9, None, "country",
                 "not in the gazetteer; placed in Kenya, the article's country")


def test_two_villages_one_day_are_two_incidents_unless_one_report_names_the_other(tmp_path: Path) -> None:
    reports = (
        ("v1", "Daily Lantern", DAY, "Herder shot dead in Kamuk", ("A herder was shot dead by bandits in Kamuk "
         "on Friday as residents fled with their cattle, police said."), "ASSAULT", _village("Kamuk"), DAY, 1),
        ("v2", "Evening Kettle", DAY, "Teacher killed in Lokwar", ("A teacher was shot dead by bandits in Lokwar "
         "on Friday as residents fled with their cattle, police said."), "ASSAULT", _village("Lokwar"), DAY, 1),
        ("v3", "Morning Anvil", NEXT, "Bandits kill herder", ("Bandits shot dead a herder in Kamuk village on "
         "Friday, the chief said; residents fled with their cattle."), "ASSAULT", _village("Kamuk"), DAY, 1),
    )
    db = tmp_path / "v.duckdb"
    with open_store(db) as store:
        store.write([coded(r) for r in reports])
        build_incidents(store)
    assert grouping(db) == [("v1", "v3"), ("v2",)]
