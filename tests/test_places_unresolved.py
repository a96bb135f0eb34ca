"""Place names the gazetteer lacks (villages, districts, facilities), AP state abbreviations, and the
place an event is put at when a sentence names several."""

from __future__ import annotations

import pytest

import sitreps
from sitreps.coding.place_words import UNRESOLVED
from sitreps.geo.places import ArticlePlaces, find_places
from sitreps.model import Article, Event

TEXT = ("Russian jets also launched intense airstrikes on the towns of Khan Touman, Aleis and Alzorba in "
        "southern rural Aleppo. According to a military source in Deir Ezzor, the Islamic State stormed the "
        "Heart Hospital on Wednesday afternoon. The new homes stand in Gainesville, Va., near the lake.")


@pytest.fixture(scope="module")
def found() -> ArticlePlaces:
    return next(find_places([Article(text=TEXT, id="u")]))



def test_villages_the_gazetteer_lacks_are_placed_at_the_town_named_with_them(found: ArticlePlaces) -> None:
    r = found.by_text()
    for village in ("Khan Touman", "Aleis", "Alzorba"):  # "towns of X, Y and Z": the cue reaches the whole list
        assert village in r, village
        assert str(r[village]["reason"]).startswith(UNRESOLVED)
        assert r[village]["country"] == "SYR" and r[village]["geonames_id"] is None


def test_a_facility_is_a_place_by_its_last_word(found: ArticlePlaces) -> None:
    hospital = next(v for k, v in found.by_text().items() if k.endswith("Heart Hospital"))
    assert hospital["country"] == "SYR" and "Deir" in str(hospital["reason"])


def test_ap_abbreviations_are_us_states(found: ArticlePlaces) -> None:
    va = found.by_text()["Va."]
    assert (va["name"], va["country"], va["precision"]) == ("Virginia", "USA", "admin1")


def _event_place(text: str) -> str | None:
    events: list[Event] = [e for e in sitreps.extract(text, published="2024-05-10") if e.location is not None]
    return events[0].location.text if events and events[0].location else None


def test_the_village_attacked_is_the_event_place_not_its_province() -> None:
    place = _event_place("Gunmen killed 11 people in an attack on the remote town of Gajiganna in Borno state.")
    assert place is not None and "Gajiganna" in place


def test_people_named_by_their_country_do_not_place_the_event() -> None:
    """"seven US soldiers were killed … across Iraq": the USA is whose soldiers, Iraq where."""
    place = _event_place("Some 25 Iraqis and seven US soldiers were killed in violence across Iraq on Saturday.")
    assert place == "Iraq"


def test_where_a_victim_is_from_does_not_place_the_event() -> None:
    place = _event_place("A U.N. worker from Poland was shot and killed outside her apartment in Tbilisi on Monday.")
    assert place == "Tbilisi"


def test_a_point_of_reference_is_not_the_event_place() -> None:
    place = _event_place("Two assailants shot dead a teacher in Mallawi, 260 kilometers (160 miles) south of Cairo.")
    assert place == "Mallawi"


def test_a_district_named_after_a_town_is_the_town_not_its_province() -> None:
    from sitreps.geo import Gazetteer

    with Gazetteer.open() as gazetteer:
        found = gazetteer.resolve("Yaha district", countries=["THA"])
        assert found is not None and (found[0].name, found[0].precision) == ("Yaha", "city")
        state = gazetteer.resolve("Calif.")
        assert state is not None and state[0].name == "California"
