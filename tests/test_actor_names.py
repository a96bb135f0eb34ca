"""Actors named the way real copy names them: misspelt, spun, or a person behind a title."""

from __future__ import annotations

import pytest

import sitreps


def _sources(text: str) -> list[tuple[str, str | None, str | None]]:
    events = sitreps.extract(text, published="2024-05-10")
    assert events, f"no event coded from {text!r}"
    return [(a.name, a.code, a.sector) for a in events[0].source]


@pytest.mark.parametrize("text, name", [
    ("Hezbolah fighters attacked an Israeli patrol near the border on Monday.", "Hezbollah"),
    ("The Free Syrain Army shelled government positions in Hama on Sunday.", "Free Syrian Army"),
    ("Boko Harm militants kidnapped 20 girls in Borno state on Friday.", "Boko Haram"),
    ("The Islamic Stat group claimed responsibility for the bombing in Baghdad on Tuesday.", "Islamic State"),
])
def test_a_misspelt_group_is_the_group(text: str, name: str) -> None:
    assert [s[0] for s in _sources(text)] == [name]


def test_an_unknown_name_stays_itself() -> None:
    assert _sources("John Smith attacked a police officer in London on Monday.")[0][:2] == ("John Smith", None)


def test_a_titled_person_keeps_the_name_and_takes_the_sector() -> None:
    text = ("Defence Secretary Ben Wallace met Ukrainian officials in Kyiv on Monday. "
            "He said Russia had shelled Kharkiv overnight.")
    events = sitreps.extract(text, published="2024-05-10")
    meeting = next(e for e in events if e.event_type == "CONSULT")
    assert [(a.name, a.code, a.sector) for a in meeting.source] == [("Ben Wallace", None, "GOV")]
    shelling = next(e for e in events if e.event_type == "ASSAULT")
    assert shelling.claim is not None and shelling.claim.claimant is not None
    assert shelling.claim.claimant.name == "Ben Wallace"
