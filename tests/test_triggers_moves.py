"""Military moves (coding/triggers.py, coding/events.py): forces entering, patrolling and advancing are
MOBILIZE events when an armed force makes them; the same verbs of ventures and stages are no events."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitreps import api
from sitreps.coding.triggers import TriggerFinder


def _moves(text: str) -> list[tuple[str, str, str]]:
    """(trigger, CAMEO code, place) of each MOBILIZE event coded from the text."""
    return [(e.trigger, e.cameo, e.location.text if e.location else "")
            for e in api.extract(text, published="2016-08-25") if e.event_type == "MOBILIZE"]


@pytest.mark.parametrize("text, trigger, place", [
    ("Russian forces entered Chechnya in December.", "entered", "Chechnya"),
    ("At least 500 militants have entered the Syrian city of Azaz from Turkey.", "entered", "Azaz"),
    ("The Turkish army tried to enter the town of Al-Bab on Monday.", "enter", "Al-Bab"),
])
def test_armed_forces_entering_a_place_are_mobilized(text: str, trigger: str, place: str) -> None:
    moves = _moves(text)
    assert moves and moves[0][0] == trigger and moves[0][1] == "154" and place in moves[0][2], moves


@pytest.mark.parametrize("text", [
    "The two sides entered talks in Geneva on Monday.",  # a venture, not a place
    "The former general entered politics in 2005.",
    "The rebels entered into negotiations with the government.",
    "Violence in the city has now entered its fourth week.",  # a stage
    "The governor entered the state assembly in Patna on Monday.",  # a place, but no force moved
    "Eight aid trucks entered eastern Aleppo on Thursday.",
])
def test_entering_a_venture_or_unarmed_is_no_event(text: str) -> None:
    assert not [m for m in _moves(text) if m[0].startswith("enter")], text


def test_police_entering_are_police_mobilized() -> None:
    assert [m[1] for m in _moves("Police entered the university campus in Dhaka on Tuesday.")] == ["153"]


def test_an_entered_object_must_be_a_place(nlp: Language, finder: TriggerFinder) -> None:
    def codes(text: str) -> list[str]:
        return [h.trigger.cameo for h in finder(next(nlp(text).sents))]
    assert "154" in codes("The troops entered the village of Kafr Naya.")
    assert "154" in codes("Rebels hold al-Rai, a border town they have entered twice.")  # the relative clause's head
    assert "154" not in codes("The army entered the war in 1941.")


def test_patrolling_forces_need_no_known_actor() -> None:
    # the parser reads "are now patrolling farms" as "are (patrolling farms)"; the soldiers still patrol
    assert _moves("The soldiers are now patrolling farms in the Midlands area of Natal.")
    assert _moves("Thousands of police officers in Henan Province are patrolling crowded markets.")


def test_an_armed_advance_is_a_move_an_advance_in_talks_is_not() -> None:
    moves = _moves("The Syrian Army continued its advance in Aleppo on Sunday.")
    assert moves and moves[0][0] == "continued advance" and moves[0][1] == "154"
    assert not _moves("The negotiators made an advance in the talks in Geneva on Monday.")


def test_an_offensive_tagged_as_an_adjective_is_still_an_offensive() -> None:
    events = api.extract("The army and allied militias launched an offensive two weeks ago to take back Wadi Barada.",
                         published="2017-01-05")
    assault = [e for e in events if e.event_type == "ASSAULT"]
    assert assault and assault[0].trigger == "launched offensive"  # the light verb is among the act's words


def test_counterattacks_are_assaults() -> None:
    for text in ("The rebels launched a counterattack in rural Latakia on Monday.",
                 "IS launched counter-attacks from the Sajur River area last weekend.",  # "attacks"
                 "The army launched a swift counter-offensive in northern Hama on Tuesday."):
        assert any(e.event_type == "ASSAULT" for e in api.extract(text, published="2016-02-01")), text
