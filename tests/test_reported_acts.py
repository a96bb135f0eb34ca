"""Which acts a sentence of wire copy reports (sitreps/coding/told.py, decide.py's rules).

Sentences written for these tests in the style of agency copy: each shape that names an act without
reporting one (comment, assessment, topic nouns, conditions, questions, doers that are no one) gives no event
of that act, for the named rule; the same acts told as happening stay events.
"""

from __future__ import annotations

import pytest

from sitreps import api
from sitreps.coding import decide
from sitreps.coding.told import TOLD_ABOUT

PUBLISHED = "2024-03-05"


def _candidates(text: str) -> list[decide.Candidate]:
    decide.RECORDER = []
    try:
        api.extract(text, published=PUBLISHED)
        return list(decide.RECORDER)
    finally:
        decide.RECORDER = None


def _types(text: str) -> set[str]:
    return {e.event_type for e in api.extract(text, published=PUBLISHED)}


# (sentence, the act it names, the rule that says it is not reported)
NAMED_NOT_TOLD = [
    # an act a linking verb describes
    ("Sanctions against Iran remain a sticking point in the negotiations.", "SANCTION", "predicated"),
    ("The killing of the journalist remains unsolved.", "ASSAULT", "predicated"),
    ("The president's visit is the first since the war began.", "CONSULT", "predicated"),
    ("It was the latest in a series of attacks on foreigners in the region.", "ASSAULT", "predicated"),
    ("The military aid programme is worth $2 billion.", "AID", "predicated"),
    # an act commented on, or told by its effects
    ("The attack dominated headlines across Europe.", "ASSAULT", "regarded"),
    ("The arrest of the opposition leader has drawn international criticism.", "COERCE", "regarded"),
    ("The United Nations condemned the attack by militiamen on the aid convoy near Goma.", "ASSAULT", "regarded"),
    ("The police spokesman declined to comment on the arrests of the three students.", "COERCE", "regarded"),
    ("Police have opened an investigation into the killing of a lawyer in Harare.", "ASSAULT", "regarded"),
    # an act named to date another
    ("Two days after the bombing of the market in Kano, police arrested three suspects.", "ASSAULT",
     "time_reference"),
    # no particular act
    ("Every attack on civilians is a war crime, the envoy said.", "ASSAULT", "unspecific"),
    # a condition or an open question
    ("It was not clear whether the army had attacked the village.", "ASSAULT", "conditional"),
    ("If government troops attack the town, the rebels will leave the talks.", "ASSAULT", "conditional"),
    ("Did the police arrest the protest leaders?", "COERCE", "question"),
    # an act that does not take place
    ("Diplomats believe the talks will fail without Russian support.", "SUPPORT", "absent"),
    # a kind of thing
    ("An arrest warrant was issued for the former minister by a court in Lagos.", "COERCE", "kind_of"),
    # done by no one
    ("Floods killed 20 people in the north of the country on Monday.", "ASSAULT", "no_agent"),
    ("Five people were killed in a road accident near the capital on Sunday.", "ASSAULT", "no_agent"),
    ("Cholera has killed 300 people since January, the health ministry said.", "ASSAULT", "no_agent"),
    ("An earthquake destroyed hundreds of homes in the south on Tuesday.", "ASSAULT", "no_agent"),
    # thought possible of someone else
    ("Officials fear the militants could launch new attacks on the capital.", "ASSAULT", "speculation"),
    ("Analysts warned that Russia could invade within weeks.", "ASSAULT", "speculation"),
]


@pytest.mark.parametrize(("text", "kind", "rule"), NAMED_NOT_TOLD)
def test_an_act_named_but_not_told_is_no_event(text: str, kind: str, rule: str) -> None:
    assert kind not in _types(text)
    named = [c for c in _candidates(text) if c.event_type == kind]
    assert any(c.features[rule] for c in named), f"{rule} did not rule out the {kind} candidate"


# (sentence, the act it reports): the same acts, told as happening
TOLD = [
    ("The United States imposed sanctions on Iranian oil exports on Monday.", "SANCTION"),
    ("Gunmen killed the journalist outside his home in Mogadishu on Friday.", "ASSAULT"),
    ("The president visited Nairobi on Tuesday for talks with his Kenyan counterpart.", "CONSULT"),
    ("The attack killed 12 people, police said.", "ASSAULT"),
    ("Clashes broke out between police and protesters in Dhaka on Sunday.", "ASSAULT"),
    ("Police arrested the opposition leader in Kampala on Wednesday.", "COERCE"),
    ("Militiamen attacked an aid convoy near Goma on Thursday, the United Nations said.", "ASSAULT"),
    ("Rebels attacked an army base near Goma, killing five soldiers.", "ASSAULT"),
    ("Two days after the bombing of the market in Kano, police arrested three suspects.", "COERCE"),
    ("The arrests made by police in Kano on Monday were illegal, the lawyers said.", "COERCE"),
    ("Opposition leaders alleged that the police firing on the crowd was unprovoked.", "ASSAULT"),
    ("The arrests were illegal, the lawyers said.", "COERCE"),
    ("Russia sent troops and tanks to the border on Monday.", "MOBILIZE"),
    ("Police fired tear gas shells at stone-throwing youths in Srinagar on Friday.", "ASSAULT"),
    ("Turkey is in talks with Russia over the grain corridor.", "CONSULT"),
    ("There were clashes between police and students in the capital on Friday.", "ASSAULT"),
    ("Iran warned it could close the Strait of Hormuz.", "THREATEN"),
    ("The European Union said it could impose sanctions on Minsk.", "SANCTION"),
]


@pytest.mark.parametrize(("text", "kind"), TOLD)
def test_an_act_told_as_happening_stays_an_event(text: str, kind: str) -> None:
    assert kind in _types(text)


def test_sentences_of_comment_and_assessment_give_no_event() -> None:
    for text in ("Analysts say the sanctions are unlikely to work.",
                 "Experts warned the ceasefire was fragile.",
                 "The protests were largely peaceful.",
                 "Oil prices hit a record high on Monday.",
                 "The storm hit the coast on Tuesday."):
        assert api.extract(text, published=PUBLISHED) == [], text


def test_a_planned_act_is_kept_with_its_modality() -> None:
    planned = [e for e in api.extract("The government will send troops to the border, the defence minister said.",
                                      published=PUBLISHED) if e.event_type == "MOBILIZE"]
    assert planned and all(e.modality == "planned" for e in planned)


def test_every_rule_of_told_about_is_a_rule_of_the_decision() -> None:
    assert set(TOLD_ABOUT) <= set(decide.RULES)
    assert set(TOLD_ABOUT) <= set(decide.FEATURES)
    assert not set(TOLD_ABOUT) & set(decide.load_weights())  # rules are not weighed


@pytest.mark.parametrize("text", ["Pupils protest a plan to sell school land.", "Youths go on rampage in the town."])
def test_a_protest_by_people_no_one_knows_is_still_a_protest(text: str) -> None:
    events = api.extract(text, published="2021-06-02")
    assert [e.event_type for e in events] == ["PROTEST"]
