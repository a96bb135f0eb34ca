"""Claims of responsibility: whoever claims an attack is its doer, and the record says they claim it."""

from __future__ import annotations

import pytest

import sitreps
from sitreps.model import Event


def _assaults(text: str) -> list[Event]:
    return [e for e in sitreps.extract(text, published="2024-05-10") if e.event_type == "ASSAULT"]


@pytest.mark.parametrize("text, group", [
    ("The Islamic State group claimed responsibility for the attack in Baghdad on Tuesday.", "Islamic State"),
    ("Al-Shabaab took responsibility for the attack on a hotel in Mogadishu.", "al-Shabaab"),
    ("Hamas claimed responsibility for the bombing in Jerusalem on Sunday.", "Hamas"),
])
def test_who_claims_responsibility_is_the_doer(text: str, group: str) -> None:
    events = _assaults(text)
    assert events, f"no assault coded from {text!r}"
    event = events[0]
    assert [a.name for a in event.source] == [group]
    assert event.claim is not None and event.claim.stance == "claimed"
    assert event.claim.claimant is not None and event.claim.claimant.name == group


def test_a_group_with_no_members_named_is_still_an_actor() -> None:
    """"group" counts people only with an "of" ("a group of protesters"); "the X group" is the actor."""
    events = _assaults("A group of protesters attacked police officers in Lagos.")
    assert events and events[0].source and events[0].source[0].sector == "CVL"
    events = _assaults("The Islamic State group attacked an army checkpoint near Kirkuk on Monday.")
    assert events and [a.name for a in events[0].source] == ["Islamic State"]


def test_the_place_of_an_attack_is_not_its_doer() -> None:
    """"A bombing in Baghdad" was not carried out by the Iraqi government; Baghdad is where it happened."""
    events = _assaults("A bombing in Baghdad killed 12 people on Tuesday.")
    assert events
    assert not any(a.code == "IRQ" and a.sector == "GOV" for a in events[0].source)
    assert events[0].location is not None and events[0].location.name == "Baghdad"


def test_a_claimed_bombing_and_its_deaths_are_one_event() -> None:
    events = _assaults("The Taliban claimed responsibility for Tuesday's suicide bombing in Kabul, which killed 12 people.")
    assert len(events) == 1
    event = events[0]
    assert [a.name for a in event.source] == ["Taliban"]
    assert event.quantities["killed"].best == 12
    assert event.location is not None and event.location.name == "Kabul"


@pytest.mark.parametrize("text, country, place", [
    ("Turkish jets bombed Qamishli on Monday.", "SYR", "Qāmishlī"),
    ("Rebels attacked Mosul on Sunday.", "IRQ", "Mosul"),
])
def test_a_town_attacked_is_its_country_hit_and_the_event_place(text: str, country: str, place: str) -> None:
    events = _assaults(text)
    assert events and [a.code for a in events[0].target] == [country]
    assert events[0].location is not None and place in events[0].location.name


@pytest.mark.parametrize("text", [
    "The ministry strongly denied the reports that its forces had shelled the village.",
    "The ministry denied that its forces had shelled the village.",
])
def test_a_denial_of_the_act_is_stance_denied_and_modality_negated(text: str) -> None:
    events = _assaults(text)
    assert events and all(e.claim.stance == "denied" and e.modality == "negated" for e in events)


def test_a_description_inside_what_is_denied_stays_asserted() -> None:
    events = [e for e in sitreps.extract("The army denied reports about the two men arrested in the town.",
                                         published="2021-06-02") if e.event_type == "COERCE"]
    assert events and all(e.modality == "asserted" for e in events)
