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


@pytest.mark.parametrize("text, source", [
    ("The Russian defence ministry said its jets struck 60 targets in Syria on Monday.", ("RUS", "MIL")),
    ("Hezbollah said its fighters attacked an Israeli patrol near the border on Monday.", ("LBN", "REB")),
    ("Syrian President Bashar al-Assad's forces shelled the town of Douma on Monday.", ("SYR", "MIL")),
    ("Russian and Turkish troops launched joint patrols in northern Syria on Friday.", ("RUS", "MIL")),
])
def test_possessives_and_coordinated_demonyms_name_their_owner(text: str, source: tuple[str, str]) -> None:
    events = sitreps.extract(text, published="2024-05-10")
    assert events
    assert (events[0].source[0].code, events[0].source[0].sector) == source
    assert all(" and " not in a.name and "president" not in a.name.lower() for a in events[0].source)


def test_its_takes_up_the_group_named_before_in_the_sentence() -> None:
    text = ("NATO condemned the attack on Monday. A Free Syrian Army faction posted footage that shows "
            "its fighters blowing up a government tank in Hama on Sunday.")
    tank = [e for e in sitreps.extract(text, published="2024-05-10") if "blowing" in e.trigger]
    assert tank and [a.name for a in tank[0].source] == ["Free Syrian Army"]


@pytest.mark.parametrize("text, source", [
    ("Assad's armed forces shelled Douma on Monday.", ("SYR", "MIL")),
    ("Putin met Erdogan in Sochi on Tuesday.", ("RUS", "GOV")),
    ("Hemedti's fighters attacked the city of El Fasher on Sunday.", ("SDN", "REB")),
])
def test_a_known_leader_is_coded_by_the_state_or_group_they_lead(text: str, source: tuple[str, str]) -> None:
    events = sitreps.extract(text, published="2024-05-10")
    assert events and (events[0].source[0].code, events[0].source[0].sector) == source


@pytest.mark.parametrize("phrase", ["a Haitian human rights network", "a local rights organisation",
                                    "a rights watchdog"])
def test_a_rights_body_named_by_its_role_is_an_ngo_not_its_country(phrase: str) -> None:
    text = f"Gunmen killed 20 people in an attack on a prison on Saturday, {phrase} said on Tuesday."
    claimants = [e.claim.claimant for e in sitreps.extract(text, published="2024-03-05") if e.claim and e.claim.claimant]
    assert claimants and all(c.sector == "NGO" for c in claimants), claimants
