"""Codes made precise by the act's own words, not by any word of the sentence (made-up sentences)."""

from __future__ import annotations

from sitreps import api


def _codes(text: str) -> list[tuple[str, str | None]]:
    return [(e.event_type, e.cameo) for e in api.extract(text, published="2021-06-02")]


def test_peacekeepers_pulling_out_retreat() -> None:
    assert ("RETREAT", "0874") in _codes("Peacekeepers pulled out of the buffer zone on Friday.")


def test_troops_sent_on_a_peacekeeping_mission_give_protection() -> None:
    assert ("AID", "074") in _codes("Ghana sent 400 troops to the UN peacekeeping mission in Lebanon on Monday.")


def test_peacekeeping_elsewhere_in_the_sentence_leaves_a_deployment_alone() -> None:
    codes = _codes("Zambia deployed troops to its border on Monday, and the peacekeepers stayed in their camp.")
    assert ("MOBILIZE", "154") in codes and ("AID", "074") not in codes


def test_warning_shots_at_a_boat_are_no_protest() -> None:
    events = api.extract("The navy fired warning shots at a fishing boat on Tuesday.", published="2021-06-02")
    assert events and all(e.acled is None or e.acled["event_type"] != "Protests" for e in events)
    assert any(e.event_type == "ASSAULT" for e in events)
