"""Sentence labels of IndiaPoliceEvents from events (evaluate/indiapolice.py): modality, state arrests, force."""

from __future__ import annotations

from sitreps.evaluate.indiapolice import labels_of, state_source
from sitreps.model import Actor, Event, Evidence, Quantity


def _event(kind: str, text: str, *, source: tuple[Actor, ...] = (), cameo: str | None = None, mode: str | None = None,
           trigger: str = "", modality: str = "asserted", killed: int = 0) -> Event:
    quantities = {"killed": Quantity(killed, killed, killed, str(killed))} if killed else {}
    return Event("a", 0, Evidence(0, len(text), text), kind, trigger=trigger, mode=mode, cameo=cameo,
                 source=source, quantities=quantities, modality=modality)


POLICE = Actor("the police", "police", None, "COP")


def test_only_events_told_as_done_give_labels() -> None:
    text = "the police will arrest the accused."
    for modality in ("planned", "hypothetical", "negated", "threatened"):
        assert labels_of(_event("COERCE", text, source=(POLICE,), cameo="173", mode="arrest", modality=modality),
                         text) == set()
    assert labels_of(_event("COERCE", text, source=(POLICE,), cameo="173", mode="arrest"), text) \
        == {"ARREST", "ANY_ACTION"}


def test_arrests_by_the_state_or_a_person_of_no_known_sector() -> None:
    text = "sharma arrested some persons."
    court = Actor("a city court", "court", None, "JUD")
    person = Actor("sharma", "sharma", None, None)
    rebels = Actor("the rebels", "rebels", None, "REB")
    for who in (court, person):
        event = _event("COERCE", text, source=(who,), cameo="173", mode="arrest")
        assert state_source(event) and "ARREST" in labels_of(event, text)
    assert "ARREST" not in labels_of(_event("COERCE", text, source=(rebels,), cameo="173", mode="arrest"), text)


def test_crowd_control_with_no_one_named_is_police_force() -> None:
    text = "tear-gas shells were lobbed to disperse the crowd."
    assert "FORCE" in labels_of(_event("ASSAULT", text, cameo="175", trigger="tear-gas"), text)
    shot = "shots were fired at the crowd."
    assert "FORCE" not in labels_of(_event("ASSAULT", shot, cameo="193", trigger="fired"), shot)  # no police named


def test_a_death_word_in_the_trigger_is_a_killing() -> None:
    text = "more people died in police firing."
    labels = labels_of(_event("ASSAULT", text, source=(POLICE,), cameo="193", trigger="died police firing"), text)
    assert labels == {"KILL", "FORCE", "ANY_ACTION"}
    text = "two persons have succumbed to the police firing."
    assert "KILL" in labels_of(_event("ASSAULT", text, source=(POLICE,), trigger="succumbed firing"), text)
    text = "the police firing was unprovoked."
    assert "KILL" not in labels_of(_event("ASSAULT", text, source=(POLICE,), trigger="firing"), text)


def test_crowd_control_is_police_force_whoever_was_read_as_its_doer() -> None:
    text = "they opened fire and lobbed tear-gas shells to disperse the mob."
    mob = Actor("the mob", "civilians", None, "CVL")
    rebels = Actor("the militants", "rebels", None, "REB")
    assert "FORCE" in labels_of(_event("ASSAULT", text, source=(mob,), cameo="175", trigger="tear-gas"), text)
    assert "FORCE" not in labels_of(_event("ASSAULT", text, source=(rebels,), cameo="175", trigger="tear-gas"), text)


def test_a_sentence_passed_by_a_court_is_not_an_arrest() -> None:
    text = "justice shah had sentenced five to death."
    court = Actor("justice shah", "court", None, "JUD")
    assert "ARREST" not in labels_of(_event("COERCE", text, source=(court,), cameo="173", mode="arrest",
                                            trigger="sentenced"), text)
