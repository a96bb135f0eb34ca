"""Short reports that name no country: the place conventions they use, and the place of an event whose
sentence names none. The sentences are made up; the place names are real."""

from __future__ import annotations

from sitreps import api
from sitreps.model import Event


def _events(text: str, country: str | None = "KEN") -> list[Event]:
    return list(api.extract(text, published="2019-06-02", country=country))


def _place_of(events: list[Event]) -> tuple[str | None, str | None, str]:
    """The place of the sentence's main event (of the first, where none is marked)."""
    assert events
    event = next((e for e in events if e.main), events[0])
    place = event.location
    assert place is not None
    return place.name, place.precision, place.reason


def test_a_village_takes_the_point_of_the_division_written_after_its_comma() -> None:
    name, precision, reason = _place_of(_events("On 4 May, residents looted a shop in Kasipul, Homa Bay."))
    assert (name, precision) == ("Kasipul", "admin1")  # near the town, not in it: the town's division
    assert "Homa Bay" in reason


def test_a_village_takes_the_point_of_the_division_in_brackets() -> None:
    name, precision, reason = _place_of(_events("On 4 May, residents of Kapkwen (Bomet) protested."))
    assert (name, precision) == ("Kapkwen", "admin1")
    assert "Bomet" in reason


def test_a_town_that_names_its_residents_is_their_place() -> None:
    name, precision, _ = _place_of(_events("On 9 June, Nyeri residents held a demonstration."))
    assert (name, precision) == ("Nyeri", "city")


def test_a_place_in_the_doers_words_is_the_place_when_the_sentence_names_no_other() -> None:
    name, _, reason = _place_of(_events("Refugees in Kakuma marched to the camp office."))
    assert name == "Kakuma"
    assert "doers" in reason or "attached" in reason or "people who did it" in reason


def test_a_subcounty_name_is_a_place_even_where_the_gazetteer_lacks_it() -> None:
    events = _events("Residents of Kasarani sub-county protested over insecurity.")
    name, _, reason = _place_of(events)
    assert name == "Kasarani"
    assert "not in the gazetteer" in reason


def test_a_short_report_keeps_the_place_of_the_sentence_before() -> None:
    events = _events("Traders protested in Kitale on Monday. Police fired tear gas to disperse them.")
    second = [e for e in events if e.location is not None and "sentence before" in e.location.reason]
    assert second, [e.location for e in events]
    place = second[0].location
    assert place is not None and (place.name, place.precision) == ("Kitale", "city")


def test_a_short_report_places_an_event_at_its_one_place_named_later() -> None:
    events = _events("Police shot two men on Sunday. The shooting happened in Eldoret town.")
    places = {(e.location.name, e.location.precision) for e in events if e.location is not None}
    assert places == {("Eldoret", "city")}


def test_a_short_report_with_two_places_falls_back_to_the_country() -> None:
    events = _events("Traders protested in Kitale and in Eldoret. Later, police arrested ten people.")
    arrest = next(e for e in events if e.event_type == "COERCE")
    assert arrest.location is not None and arrest.location.precision == "country"


def test_a_long_article_does_not_carry_a_place_over() -> None:
    text = " ".join(["Traders protested in Kitale on Monday."] + ["The market stayed closed."] * 5
                    + ["Police later arrested ten people."])
    events = _events(text)
    arrest = next(e for e in events if e.event_type == "COERCE")
    assert arrest.location is not None and arrest.location.precision == "country"


def test_a_hyphenated_division_in_brackets_places_the_village() -> None:
    events = _events("On 5 May, a soldier shot a trader in Kamituga (Mwenga, Sud-Kivu).", country="COD")
    name, precision, reason = _place_of(events)
    assert name == "Kamituga" and precision in ("admin1", "city")
    assert "Sud-Kivu" in reason or "Mwenga" in reason


def test_a_place_that_tells_who_reported_it_is_not_the_doers_place() -> None:
    events = _events("According to Nairobi, two men were killed in the clashes.", country=None)
    assert all(e.location is None or e.location.name != "Nairobi" for e in events)


def test_a_dateline_outranks_the_place_of_the_sentence_before() -> None:
    text = "KISUMU, Kenya (Reuters) - Traders protested in Kitale on Monday. Police later arrested ten people."
    events = _events(text)
    arrest = next(e for e in events if e.event_type == "COERCE")
    assert arrest.location is not None and "sentence before" not in arrest.location.reason


def test_a_division_in_brackets_after_a_village_noun_places_the_village() -> None:
    name, _, reason = _place_of(_events("On 2 March, residents in Ndithini village (Kitui) blocked a road."))
    assert name is not None and "Ndithini" in name
    assert "Kitui" in reason


def test_a_ward_or_constituency_stays_in_the_reports_country() -> None:
    events = _events("A boy was killed by raiders in Saku constituency.")
    assert events and all(e.location is not None and e.location.country == "KEN" for e in events)
    events = _events("Residents of the Karima ward in Nyeri protested over garbage dumping.")
    name, _, reason = _place_of(events)
    assert name == "Karima" and "Nyeri" in reason


def test_a_great_capital_with_its_district_after_the_comma_still_resolves_abroad() -> None:
    events = _events("Iranian students protested in Washington, D.C. on Monday.", country="IRN")
    name, precision, _ = _place_of(events)
    assert (name, precision) == ("Washington", "city")
