"""ACLED's coding rules (../shared/reference/acled/CODING.md) applied to coded events, on made-up sentences."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sitreps import api
from sitreps.coding.acled import acled_code, inter_code, interaction, main_event
from sitreps.model import Actor, Event, Evidence, Place, Quantity


def _acled(text: str) -> list[dict]:
    return [e.acled for e in api.extract(text, published="2021-06-02", country="KEN") if e.acled]


def _types(text: str) -> set[tuple[str, str]]:
    return {(a["event_type"], a["sub_event_type"]) for a in _acled(text)}


def _main(text: str) -> dict:
    event = main_event(api.extract(text, published="2021-06-02", country="KEN"))
    assert event is not None and event.acled is not None
    return event.acled


@pytest.mark.parametrize(("text", "kind"), [
    ("Gunmen shot dead a shopkeeper in Malindi on Tuesday.", ("Violence against civilians", "Attack")),
    ("Police clashed with traders protesting new taxes in Kisumu.", ("Riots", "Violent demonstration")),
    ("Nurses marched on parliament in Nairobi; 20 were arrested.", ("Protests", "Protest with intervention")),
    ("A mob burned the chief's house in Kakamega on Sunday.", ("Riots", "Mob violence")),
    ("Unknown attackers abducted two teachers in Wajir on Friday.",
     ("Violence against civilians", "Abduction/forced disappearance")),
    ("Hundreds of students marched peacefully through Eldoret on Monday.", ("Protests", "Peaceful protest")),
])
def test_the_main_event_of_a_report_takes_acleds_type(text: str, kind: tuple[str, str]) -> None:
    acled = _main(text)
    assert (acled["event_type"], acled["sub_event_type"]) == kind


def test_tear_gas_on_a_march_is_an_intervention_not_a_battle() -> None:
    text = "Teachers marched to the county offices in Nyeri on Monday. Police fired tear gas to disperse them."
    assert ("Protests", "Protest with intervention") in _types(text)
    assert not any(k[0] == "Battles" for k in _types(text))


def test_protesters_shot_dead_is_excessive_force_and_targets_civilians() -> None:
    text = "Police shot dead three protesters during a march against fuel prices in Kisii on Friday."
    acled = _main(text)
    assert acled["sub_event_type"] == "Excessive force against protesters"
    assert acled["civilian_targeting"] is True


def test_a_roadside_bomb_is_remote_violence_with_its_deaths() -> None:
    acled = _main("A roadside bomb hit a lorry near Lamu on Thursday, killing four passengers.")
    assert (acled["event_type"], acled["sub_event_type"]) == ("Explosions/Remote violence",
                                                              "Remote explosive/landmine/IED")
    assert acled["fatalities"] == 4


def test_deaths_told_in_the_next_sentence_belong_to_the_incident() -> None:
    acled = _main("Armed men attacked a bus in Garissa on Monday. Three passengers died.")
    assert acled["fatalities"] == 3


def test_talk_is_not_coded() -> None:
    assert _acled("The governor accused the opposition of lying about the budget in Nairobi.") == []


def _event(kind: str, text: str, *, source: tuple[Actor, ...] = (), target: tuple[Actor, ...] = (),
           mode: str | None = None, killed: int = 0, modality: str = "asserted") -> Event:
    counts = {"killed": Quantity(killed, killed, killed, str(killed))} if killed else {}
    return Event("a", 0, Evidence(0, len(text), text), kind, mode=mode, source=source, target=target,
                 location=Place("Town", "Town", "KEN"), quantities=counts, modality=modality)


POLICE = Actor("police", "Kenyan police", "KEN", "COP")
FOREIGN_TROOPS = Actor("Ugandan troops", "Ugandan military", "UGA", "MIL")
GUNMEN = Actor("gunmen", "Kenyan rebels", "KEN", "REB")
VILLAGERS = Actor("villagers", "Kenyan civilians", "KEN", "CVL")
CLAN_MILITIA = Actor("clan militia", "Kenyan rebels", "KEN", "REB")


@pytest.mark.parametrize(("actor", "code"), [
    (POLICE, 1), (FOREIGN_TROOPS, 8), (GUNMEN, 3), (CLAN_MILITIA, 4),
    (Actor("Front for Freedom", "Front for Freedom", "KEN", "REB"), 2),
    (Actor("protesters", "Kenyan civilians", "KEN", "CVL"), 6), (Actor("a mob", "Kenyan civilians", "KEN", "CVL"), 5),
    (VILLAGERS, 7), (Actor("UN peacekeepers", "United Nations", "IGO", "IGO"), 8),
])
def test_inter_codes_by_actor(actor: Actor, code: int) -> None:
    assert inter_code(actor, "KEN") == code


def test_interaction_is_lower_code_first_and_one_sided_is_x0() -> None:
    assert interaction(7, 3) == "37" and interaction(1, 2) == "12" and interaction(6, None) == "60"
    assert interaction(None, None) is None


def test_armed_against_armed_is_a_battle_and_armed_against_villagers_an_attack() -> None:
    fight = acled_code(_event("ASSAULT", "The gunmen attacked police.", source=(GUNMEN,), target=(POLICE,)), "")
    attack = acled_code(_event("ASSAULT", "The gunmen attacked villagers.", source=(GUNMEN,), target=(VILLAGERS,)), "")
    assert fight is not None and (fight["event_type"], fight["interaction"]) == ("Battles", "13")
    assert attack is not None and (attack["event_type"], attack["interaction"]) == ("Violence against civilians", "37")
    assert attack["civilian_targeting"] is True and fight["civilian_targeting"] is False


def test_villagers_who_do_harm_are_rioters() -> None:
    acled = acled_code(_event("ASSAULT", "The villagers beat a suspect.", source=(VILLAGERS,)), "")
    assert acled is not None and (acled["sub_event_type"], acled["inter1"]) == ("Mob violence", 5)


def test_the_weapon_ranks_the_remote_sub_type() -> None:
    text = "Jets and artillery pounded the camp."
    acled = acled_code(_event("ASSAULT", text, source=(FOREIGN_TROOPS,), mode="heavy-weapons"), "")
    assert acled is not None and acled["sub_event_type"] == "Air/drone strike"


def test_an_arrest_is_a_strategic_development_and_one_by_rebels_an_abduction() -> None:
    by_police = acled_code(_event("COERCE", "Police arrested the mayor.", source=(POLICE,), mode="arrest"), "")
    by_gunmen = acled_code(_event("COERCE", "The gunmen detained two chiefs.", source=(GUNMEN,), mode="arrest"), "")
    assert by_police is not None and by_police["sub_event_type"] == "Arrests"
    assert by_gunmen is not None and by_gunmen["sub_event_type"] == "Abduction/forced disappearance"


@pytest.mark.parametrize("modality", ["negated", "planned", "threatened"])
def test_acts_that_did_not_happen_get_no_acled_code(modality: str) -> None:
    event = _event("ASSAULT", "The gunmen attacked police.", source=(GUNMEN,), target=(POLICE,), modality=modality)
    assert acled_code(event, "") is None


CSV = """event_id_cnty,event_date,event_type,sub_event_type,inter1,inter2,interaction,iso3,fatalities,notes
T1,2021-06-01,Violence against civilians,Attack,3,7,37,KEN,2,"Gunmen shot two farmers in a made-up village."
"""


def test_an_acled_row_is_scored_against_the_main_event_only() -> None:
    from sitreps.evaluate.acled import parse_csv, score_acled
    from sitreps.evaluate.score import Predicted

    (record,) = parse_csv(iter(CSV.splitlines(keepends=True)))
    assert record.meta["country"] == "KEN"
    gold = record.meta["gold"][0].values
    assert (gold["acled inter1"], gold["acled inter2"], gold["acled interaction"], gold["fatalities"]) == (3, 7, "37", 2)
    text = record.text
    farmers = Actor("two farmers", "farmers", None, None)
    attack = _event("ASSAULT", text, source=(GUNMEN,), target=(farmers,), killed=2)
    attack = replace(attack, acled=acled_code(attack, text))
    talk = replace(_event("ACCUSE", text, source=(POLICE,)), sentence=0)
    score = score_acled(record, [Predicted.from_event(talk), Predicted.from_event(attack)])
    assert score.counts["acled event_type"].tp == 1 and score.counts["acled interaction"].tp == 1
    assert "event_type" in score.counts and score.counts["event_type"].fp == 0  # the talk is not scored


def test_a_demonstration_told_beside_the_act_it_is_about_is_its_own_event() -> None:
    text = "On May 2 2021, protesters gathered outside the court in Nakuru against the detention of two activists."
    events = api.extract(text, published="2021-06-02", country="KEN")
    main = main_event(events)
    assert main is not None and main.event_type == "PROTEST" and main.acled is not None
    assert main.acled["sub_event_type"] == "Peaceful protest"  # the detention is what they protest, not done to them
    assert main.location is not None and main.location.name == "Nakuru"
