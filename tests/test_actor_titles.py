"""People known by a title, misspelt names, unnamed doers and the doer of a participle clause."""

from __future__ import annotations

import pytest

import sitreps
from sitreps.kb import KnowledgeBase
from sitreps.model import Actor, Event


def _events(text: str) -> list[Event]:
    events = sitreps.extract(text, published="2024-05-10")
    assert events, f"no event coded from {text!r}"
    return events


def _source(event: Event) -> list[tuple[str, str | None, str | None]]:
    return [(a.name, a.code, a.sector) for a in event.source]


@pytest.mark.parametrize("text, expected", [
    ("Amos Kiprono, the Kenyan interior minister, condemned the attack on Monday.", ("Amos Kiprono", "KEN", "GOV")),
    ("Dale Hartwell, the US defence secretary, threatened Iran on Tuesday.", ("Dale Hartwell", "USA", "GOV")),
    ("Syria's army chief of staff, Lt. Gen. Omar Haddad, threatened Turkey on Monday.", ("Omar Haddad", "SYR", "MIL")),
    ("Peter Wanjala, a spokesman for the Kenyan army, accused al-Shabaab of planning attacks.",
     ("Peter Wanjala", "KEN", "MIL")),
])
def test_a_person_takes_the_country_and_sector_of_the_title(text: str, expected: tuple[str, str, str]) -> None:
    assert _source(_events(text)[0]) == [expected]


def test_a_later_mention_of_a_titled_person_keeps_the_title() -> None:
    events = _events("Dale Hartwell, the US defence secretary, threatened Iran on Tuesday. "
                     "Hartwell later met Saudi officials in Riyadh.")
    meeting = next(e for e in events if e.event_type == "CONSULT")
    assert _source(meeting) == [("Dale Hartwell", "USA", "GOV")]
    assert meeting.source[0].text == "Hartwell"


def test_a_person_without_a_role_in_the_appositive_stays_uncoded() -> None:
    events = _events("Mary Atieno, a mother of three, accused the police of beating her son on Monday.")
    assert [(a.code, a.sector) for a in events[0].source] == [(None, None)]


@pytest.mark.parametrize("name, canonical, fuzzy", [
    ("Hezbolah", "Hezbollah", True),
    ("Afganistan", "Afghanistan", True),
    ("Hezbollah", "Hezbollah", False),
])
def test_a_long_name_one_edit_away_is_found_as_a_misspelling(name: str, canonical: str, fuzzy: bool) -> None:
    found = KnowledgeBase.load().find(name)
    assert found is not None and (found[0].name, found[1]) == (canonical, fuzzy)


@pytest.mark.parametrize("name", ["Hamaz", "Nigerai", "Mohammed Ali"])
def test_a_short_or_distant_name_is_no_misspelling(name: str) -> None:
    found = KnowledgeBase.load().find(name)
    assert found is None or not found[1]


def test_a_misspelt_group_is_flagged_and_not_the_previous_actor() -> None:
    events = _events("The Israeli army shelled Gaza on Monday. Later Hezbolah fighters fired rockets at Metula.")
    rockets = events[-1]
    assert [(a.name, a.fuzzy) for a in rockets.source] == [("Hezbollah", True)]
    assert rockets.to_dict()["source"][0]["fuzzy"] is True
    assert "fuzzy" not in events[0].to_dict()["source"][0]


def test_the_fuzzy_flag_survives_a_round_trip() -> None:
    event = _events("Later Hezbolah fighters fired rockets at Metula on Monday.")[0]
    again = Event.from_dict(event.to_dict())
    assert again.source[0].fuzzy and again.source == event.source
    assert Actor("x", "x").to_dict().get("fuzzy") is None


@pytest.mark.parametrize("text", [
    "Gunmen killed three villagers in Borno state on Monday.",
    "Unidentified men abducted a teacher in Kaduna on Friday.",
    "Troops arrested four suspects in Maiduguri on Monday.",
])
def test_an_unnamed_doer_takes_no_country_from_the_place(text: str) -> None:
    event = _events(text)[0]
    assert event.location is not None and event.location.country == "NGA"
    assert [a.code for a in event.source] == [None]


@pytest.mark.parametrize("text", [
    "Government troops shelled a village in Borno state on Monday.",
    "Police arrested ten protesters in Maiduguri on Monday.",
])
def test_a_doer_tied_to_a_side_takes_the_country(text: str) -> None:
    assert [a.code for a in _events(text)[0].source] == ["NGA"]


def test_the_doer_of_a_participle_after_a_passive_of_taking_part_is_its_subject() -> None:
    events = _events("Britain has also been involved in the campaign, launching its first raid on Islamic State "
                     "targets in Iraq on Tuesday.")
    raid = next(e for e in events if e.event_type == "ASSAULT")
    assert [a.code for a in raid.source] == ["GBR"]


def test_a_participle_after_a_passive_of_harm_has_no_doer_from_the_subject() -> None:
    events = _events("The village was shelled on Monday, killing 12 people.")
    assert all(not any(a.name == "village" for a in e.source) for e in events)


def test_a_coordinated_verb_keeps_the_first_verbs_subject() -> None:
    events = _events("Kenya deployed troops to the border and shelled al-Shabaab camps in Somalia on Monday.")
    shelling = next(e for e in events if e.event_type == "ASSAULT")
    assert [a.code for a in shelling.source] == ["KEN"]


def test_doers_believed_to_be_a_group_are_not_the_group() -> None:
    events = _events("Gunmen believed to be members of Boko Haram killed five farmers in Maiduguri on Sunday.")
    killing = next(e for e in events if e.event_type == "ASSAULT")
    assert [(a.text, a.code) for a in killing.source] == [("Gunmen", None)]
    claimant = killing.claim.claimant if killing.claim else None
    assert claimant is None or claimant.name != "Boko Haram"


def test_a_title_before_the_name_names_the_person() -> None:
    events = _events("The Kenyan interior minister, Amos Kiprono, accused Somalia of harbouring militants on Monday. "
                     "Kiprono later met Ethiopian officials.")
    assert _source(events[0]) == [("Amos Kiprono", "KEN", "GOV")]
    meeting = next(e for e in events if e.event_type == "CONSULT")
    assert _source(meeting) == [("Amos Kiprono", "KEN", "GOV")]


def test_a_titled_speaker_is_a_claimant_with_country_and_sector() -> None:
    events = _events("Police arrested five suspects, said Amos Kiprono, Kenya's interior minister.")
    claimant = events[0].claim.claimant if events[0].claim else None
    assert claimant is not None and (claimant.name, claimant.code, claimant.sector) == ("Amos Kiprono", "KEN", "GOV")
