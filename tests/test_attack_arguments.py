"""Who attacked whom: doers and targets that are no knowledge-base entry, hard-wrapped wire copy."""

from __future__ import annotations

from datetime import date

import pytest

from sitreps.kb import KnowledgeBase
from sitreps.model import Article, Event
from sitreps.nlp.layout import hard_wrapped
from sitreps.nlp.spacy import SpacyCoder
from sitreps.nlp.truecase import Truecaser


@pytest.fixture(scope="module")
def coder() -> SpacyCoder:
    return SpacyCoder(geocode=False)


def _assaults(coder: SpacyCoder, text: str) -> list[Event]:
    coded = list(coder([Article(text=text, published=date(2016, 3, 1))]))
    return [e for c in coded for e in c.events if e.event_type == "ASSAULT"]


def test_a_facility_attacked_is_the_target(coder: SpacyCoder) -> None:
    events = _assaults(coder, "Rebels attacked an electric power substation on Tuesday.")
    assert [a.text for e in events for a in e.target] == ["an electric power substation"]
    assert events[0].target[0].code is None and events[0].target[0].name == "electric power substation"
    events = _assaults(coder, "Gunmen ambushed the convoy and a police station near the border.")
    assert {a.text for e in events for a in e.target} >= {"the convoy"}


def test_the_weapon_or_the_act_is_no_target(coder: SpacyCoder) -> None:
    events = _assaults(coder, "Soldiers fired shots in the air on Monday.")
    assert not any(a.text.endswith("shots") for e in events for a in e.target)


def test_a_by_phrase_hung_on_a_noun_is_still_the_doer(coder: SpacyCoder) -> None:
    events = _assaults(coder, "The villagers were shot dead in their home by Azerbaijani special forces.")
    assert [a.code for e in events for a in e.source] == ["AZE"]


def test_the_owner_of_a_nominal_attack_is_the_light_verb_subject(coder: SpacyCoder) -> None:
    events = _assaults(coder, "The Kremlin launched its air strikes on Aleppo.")
    assert [a.code for e in events for a in e.source] == ["RUS"]


def test_members_of_a_group_the_kb_does_not_know(coder: SpacyCoder) -> None:
    events = _assaults(coder, "Members of the Zarate Willka Liberation Front attacked the embassy.")
    assert any("Zarate Willka" in a.text for e in events for a in e.source)


WIRED = ("THE GUATEMALA ARMY DENIED TODAY THAT GUERRILLAS ATTACKED THE \"SANTO TOMAS\" PRESIDENTIAL\n"
         "FARM, LOCATED ON THE PACIFIC SIDE, WHERE PRESIDENT CEREZO HAS BEEN STAYING\n"
         "SINCE 2 FEBRUARY.  A REPORT PUBLISHED BY A NEWS AGENCY SAYS THAT A GUERRILLA\n"
         "COLUMN ATTACKED THE FARM 2 DAYS AGO AND BURNED A TANK TRUCK THAT WAS PARKED\n"
         "THERE.\n\n   THE ARMY SAID THAT THE ATTACK WAS REPELLED BY SOLDIERS GUARDING THE\n"
         "FARM.\n")


def test_hard_wrapped_lines_are_not_sentences() -> None:
    assert hard_wrapped(WIRED)
    assert not hard_wrapped("Rebels attacked the town.\nThe army said it repelled them.\nTwo died.\nOne ran.\n")
    assert not hard_wrapped("Roadside IED kills general in Syria\nThe desert south of the city is rife with "
                            "insurgents and the Russian army has lost a general there this week.\n")


def test_a_wrapped_all_capitals_story_is_read_in_whole_sentences(coder: SpacyCoder) -> None:
    events = _assaults(coder, WIRED)
    first = next(e for e in events if "SANTO TOMAS" in e.evidence.text)
    assert "FARM, LOCATED" in first.evidence.text  # the sentence runs on over the line break
    assert any("GUERRILLA" in a.text for a in first.source)
    assert any("FARM" in a.text for a in first.target)
    assert first.evidence.text == WIRED[first.evidence.start:first.evidence.end]


def test_acronyms_that_are_words_stay_words() -> None:
    out = Truecaser(KnowledgeBase.load(()))("THE CAR BOMB EXPLODED NEAR THE EU OFFICE.")
    assert "car bomb" in out and "EU" in out


def test_victims_told_by_a_number_alone(coder: SpacyCoder) -> None:
    events = _assaults(coder, "Gunmen killed three soldiers and wounded 71 on Friday.")
    assert "71" in {a.text for e in events for a in e.target}
    events = _assaults(coder, "Gunmen wounded seven of the nine soldiers.")
    assert "seven" not in {a.text for e in events for a in e.target}  # the soldiers are named for the resolver


def test_only_the_acts_own_arguments_become_uncoded_parties(coder: SpacyCoder) -> None:
    events = _assaults(coder, "The relentless airstrikes by the coalition reflect the intensity of the campaign.")
    assert not any("intensity" in a.text for e in events for a in e.target)


def test_whoever_names_an_attack_did_not_do_it(coder: SpacyCoder) -> None:
    text = "On Friday, the French president called the explosion an attack."
    events = next(iter(coder([Article(text=text, published=date(2019, 5, 24))]))).events
    assert not any(a.code == "FRA" for e in events if e.event_type == "ASSAULT" for a in e.source)
    assert not any(e.event_type == "CONSULT" for e in events)  # "called" here names; no one was phoned


def test_whom_an_attack_left_dead(coder: SpacyCoder) -> None:
    for text, victims in (("Militants attacked a checkpoint, leaving three soldiers dead.", "three soldiers"),
                          ("ISIS claimed the massacre, which left 89 people dead.", "89 people"),
                          ("The blast ripped through the market, leaving at least 20 people dead.", "20 people")):
        events = _assaults(coder, text)
        assert any(victims in a.text for e in events for a in e.target), text


def test_a_name_spelled_out_before_its_acronym_is_a_name() -> None:
    text = "MEMBERS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT (FMLN) ATTACKED THE REPORTERS (AFP)."
    out = Truecaser(KnowledgeBase.load(()))(text)
    assert len(out) == len(text)
    assert "the Farabundo Marti National Liberation Front (FMLN)" in out
    assert "the reporters" in out  # a word whose initial is not the acronym's stays as it is


def test_a_quality_or_doctrine_is_no_target(coder: SpacyCoder) -> None:
    events = _assaults(coder, "The rebels attacked the brutality of the regime and bombed its headquarters.")
    assert not any("brutality" in a.text for e in events for a in e.target)
