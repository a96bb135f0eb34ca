"""Police actions in lower-case news (IndiaPoliceEvents style): passives whose subject the parser loses,
participles and nouns of arrest, warning shots, and the modality of duties, failures and demands."""

from __future__ import annotations

import pytest

from sitreps import api
from sitreps.model import Event


def _events(text: str) -> list[Event]:
    return api.extract(text, published="2002-03-10")


def _kinds(text: str, *, asserted: bool = True) -> set[tuple[str, str]]:
    return {(e.event_type, e.cameo or "") for e in _events(text) if not asserted or e.modality == "asserted"}


@pytest.mark.parametrize("text", [
    "patna: around 15 vhp workers trying to enforce the bandh on bhattacharya road in patna were arrested at once.",
    "over 80 bjp workers were on wednesday taken into custody for defying prohibitory orders, police said.",
    ("two contingents of ram sevaks who tried to sneak into the town were chased away by the security forces and "
    "arrested."),
])
def test_a_passive_arrest_is_an_event_even_when_the_subject_is_lost(text: str) -> None:
    assert ("COERCE", "173") in _kinds(text)


def test_the_second_verb_of_a_passive_pair_takes_the_first_ones_agent() -> None:
    text = "two contingents of ram sevaks who tried to sneak into the town were chased away by the security forces " \
           "and arrested."
    (arrest,) = [e for e in _events(text) if e.cameo == "173"]
    assert arrest.source and "security forces" in arrest.source[0].text


@pytest.mark.parametrize("text", [
    "the arrested workers were taken to a police station.",
    "the arrest of 40-year-old azmal khan has exposed how the isi was using the eastern states.",
    "he said the arrests made under poto in gujarat were not constitutionally valid.",
    "the state figure of arrests has crossed 3,000.",
    "the minister had been informed about the arrests and police misbehaviour.",
])
def test_participles_and_nouns_of_arrest_tell_an_arrest(text: str) -> None:
    assert ("COERCE", "173") in _kinds(text)


def test_the_arrests_made_by_the_police_are_the_polices() -> None:
    (arrest,) = [e for e in _events("he heard about the arrests made by the city police on thursday.")
                 if e.cameo == "173"]
    assert arrest.source and arrest.source[0].sector == "COP"


def test_a_participle_that_only_names_the_people_released_is_no_second_event() -> None:
    assert not any(e.cameo == "173" for e in _events("Nepal said it would release the detained fishermen."))


@pytest.mark.parametrize("text", [
    "he once again demanded the arrest of leaders like ashok singhal under poto.",
    "the danapur police, however, have not been able to arrest the named kidnappers.",
    "first, we have to arrest the guilty, the minister said.",
    "he said the president should dismiss the government and arrest all its members.",
    "no arrests have been made so far.",
    "the vhp demanded arrests of the guilty.",
    "nobody was arrested as it was a peaceful march.",
    "however, not a single activist of the vhp has been arrested so far, karat said.",
    "police, however, denied that any such arrest has been made.",
    "sources believe that had singhal been detained in lucknow itself the problems would have been fewer.",
    "demonstrations cannot be ruled out in case the government arrested religious leaders during rituals.",
    "if we are not allowed to perform the puja, then they are free to arrest us.",
])
def test_demanded_failed_and_owed_arrests_are_not_told_as_done(text: str) -> None:
    assert ("COERCE", "173") not in _kinds(text)


def test_what_police_had_to_do_they_did() -> None:
    assert ("ASSAULT", "193") in _kinds("the police had to open fire to disperse the mob.")


def test_warning_shots_in_the_air_are_crowd_control() -> None:
    events = [e for e in _events("at savali village the police fired in the air to disperse a mob pelting stones.")
              if e.cameo == "175"]
    assert events and events[0].source[0].sector == "COP" and events[0].modality == "asserted"


def test_the_killings_are_not_taken_up_by_an_earlier_act_of_another_word() -> None:
    text = ("one person died in police firing in vadodara on monday. the common belief was that the violence was "
            "a reaction to the godhra killings, he said.")
    killings = [e for e in _events(text) if e.trigger == "killings"]
    assert all(not any(a.sector == "COP" for a in e.source) for e in killings)


@pytest.mark.parametrize("text", [
    "some kar sevaks might suddenly appear in the town, shout slogans and court arrest.",
    "they would hold the ceremony on march 15 or else court arrest.",
])
def test_courting_arrest_is_dissent_not_an_arrest(text: str) -> None:
    kinds = _kinds(text, asserted=False)
    assert ("COERCE", "173") not in kinds and ("PROTEST", "140") in kinds


def test_both_sides_of_a_clash_fought() -> None:
    (clash,) = [e for e in _events("a mob clashed with the police in the walled city on sunday.")
                if e.trigger == "clashed"]
    assert {a.sector for a in clash.source} == {"CVL", "COP"}


def test_police_firing_at_the_end_of_a_list_is_the_polices() -> None:
    text = "three days of communal frenzy showed signs of abating except stray arson, looting and police firing."
    (firing,) = [e for e in _events(text) if e.trigger == "firing"]
    assert firing.source and firing.source[0].sector == "COP" and firing.modality == "asserted"


def test_what_a_clash_prompted_the_police_to_do_they_did() -> None:
    text = "members of two communities clashed during the bandh, prompting the police to open fire in the air."
    assert any(e.modality == "asserted" and any(a.sector == "COP" for a in e.source) and e.cameo in ("193", "175")
               for e in _events(text))


def test_a_death_told_with_the_clash_that_caused_it_is_one_event() -> None:
    (event,) = [e for e in _events("one person was killed in ahmedabad when a mob clashed with the police.")
                if e.event_type == "ASSAULT"]
    assert "killed" in event.trigger and event.quantities["killed"].best == 1
    assert {a.sector for a in event.source} == {"CVL", "COP"}


def test_two_acts_each_with_its_own_doer_stay_apart() -> None:
    events = [e for e in _events("rebels killed three soldiers when gunmen attacked a checkpoint.")
              if e.event_type == "ASSAULT"]
    assert len(events) == 2


def test_the_nearest_subject_before_a_coordinated_verb_is_its_doer() -> None:
    text = ("the militants arrived in a white car, exploded a grenade at the gate and opened fire, but police "
            "sentries posted there killed one of them on the spot.")
    (killing,) = [e for e in _events(text) if e.trigger.startswith("killed")]
    assert killing.source and killing.source[0].sector == "COP"


def test_a_verb_misread_as_a_clause_of_the_first_shares_its_subject() -> None:
    events = _events("police arrived at the spot, fired in the air and arrested five men.")
    assert events and all(e.source and e.source[0].sector == "COP" for e in events)


def test_a_death_in_a_clash_with_the_police_is_police_force() -> None:
    (clash,) = [e for e in _events("one dead in bengal police-vhp clash") if e.event_type == "ASSAULT"]
    assert any(a.sector == "COP" for a in clash.source) and clash.quantities["killed"].best == 1


def test_a_death_in_a_nominal_act_is_an_event() -> None:
    assert any(e.event_type == "ASSAULT" and "died" in e.trigger for e in _events("one person died in the clash."))


@pytest.mark.parametrize("text", [
    "of the six accused, lodged in central jail, four are charged with arson, police said.",
    "two youths were held in custody at the police station.",
])
def test_kept_in_jail_or_custody_is_detention(text: str) -> None:
    assert ("COERCE", "173") in _kinds(text)


def test_crowd_control_named_alone_is_still_an_act() -> None:
    text = ("the police have seen an erosion in their authority in recent weeks despite rattling off statistics "
            "about how many rounds of fire and teargas shells they used to push back riotous mobs.")
    assert any(e.cameo == "175" for e in _events(text))
