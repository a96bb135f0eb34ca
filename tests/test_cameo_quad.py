"""The CAMEO class of a sentence: which event stands for it, and the codes of acts that end, refuse or
recast others (verb patterns over their nouns, peacekeeping deployments, raised alerts)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sitreps import api
from sitreps.coding.triggers import TriggerFinder
from sitreps.evaluate.score import Predicted, predicted_quad, sentence_event
from sitreps.model import Actor, Article, Claim, Event, Evidence


def _told(kind: str, cameo: str, trigger: str, text: str, claim: Claim | None = None) -> Predicted:
    return Predicted.from_event(Event("a", 0, Evidence(0, len(text), text), kind, trigger=trigger, cameo=cameo,
                                      claim=claim))


def _events(text: str) -> list[Event]:
    return list(next(iter(api.code_articles([Article(text=text)]))).events)


def test_a_denied_or_claimed_act_is_not_the_sentences_event() -> None:
    gov = Actor("the government", "GTM")
    text = "The government denied charges that it tortured a priest."
    tortured = _told("ASSAULT", "1822", "tortured", text, Claim(gov, "denied", "The government denied"))
    assert sentence_event([tortured]) is None and predicted_quad([tortured]) == "neutral"  # CAMEO 016
    text = "The rebels claimed that they had attacked the base."
    rebels = Actor("the rebels", None)
    attacked = _told("ASSAULT", "190", "attacked", text, Claim(rebels, "claimed", "The rebels claimed"))
    assert predicted_quad([attacked]) == "neutral"  # CAMEO 015: a claim of responsibility
    text = "The army said its jets struck the base."
    struck = _told("ASSAULT", "195", "struck", text, Claim(Actor("the army", None), "claimed", "The army said"))
    assert sentence_event([struck]) is struck  # its own act, told: the act is the event


def test_a_verb_pattern_takes_its_noun(nlp: Language, finder: TriggerFinder) -> None:
    sent = next(nlp("The envoy ended mediation efforts with the truckers.").sents)
    assert [h.trigger.cameo for h in finder(sent)] == ["165"]  # not "mediation" (045) with a light verb
    sent = next(nlp("UN sanctions against Iran were lifted in January.").sents)
    assert [h.trigger.cameo for h in finder(sent)] == ["085"]  # not the sanctions (163) as well


@pytest.mark.parametrize(("text", "cameo"), [
    ("Brazil's truck drivers called off a four-day strike.", "082"),
    ("The oil workers of Kazakhstan will not end the strike.", "124"),  # a refusal to yield
    ("The U.S. Treasury removed the sanctions on Rusal.", "085"),
    ("Denmark announced a suspension of aid to Egypt.", "162"),
    ("Cambodian troops remained on alert.", "152"),
    ("The Guatemalan government declared a state of siege in the province.", "1724"),
    ("Islamic State militants held 20,000 civilians as human shields in Raqqa.", "184"),
    ("Japan is sending troops to the United Nations peacekeeping force in South Sudan.", "074"),
])
def test_codes_of_yielding_refusing_and_showing_force(text: str, cameo: str) -> None:
    assert _events(text)[0].cameo == cameo


def test_a_date_is_not_a_target() -> None:
    text = "The Security Council imposed new sanctions on North Korea on Saturday."
    event = _events(text)[0]
    assert event.cameo == "163" and [a.code for a in event.target] == ["PRK"]


@pytest.mark.parametrize(("text", "kind", "cameo"), [
    ("Eritrea said on Tuesday that Qatar must mediate with Djibouti.", "REQUEST", "108"),  # a demand
    ("Russia says Israel must end attacks on Syria.", "REQUEST", "1056"),
    ("Japan has decided to lift the economic sanctions imposed on India.", "RETREAT", "085"),  # decided: done
    ("Britain called on Friday for talks with Iran.", "REQUEST", "026"),  # the particle after a date
    ("Hundreds of British troops have arrived in Mali to join the UN peacekeeping mission.", "AID", "074"),
    ("The Sudanese President on Monday declared a cessation of hostilities in all war zones.", "RETREAT", "0871"),
    ("A Dutch court on Thursday approved the extradition of a suspected militant to France.", "COOPERATE", "063"),
    ("The United States accepted 1,141 Iraqi refugees in May.", "AID", "075"),
])
def test_demands_decisions_and_what_approvals_and_arrivals_tell(text: str, kind: str, cameo: str) -> None:
    first = _events(text)[0]
    assert (first.event_type, first.cameo, first.modality) == (kind, cameo, "asserted")


def test_a_demand_is_the_speakers_of_the_one_who_must_act() -> None:
    demand = _events("Eritrea said on Tuesday that Qatar must mediate with Djibouti.")[0]
    assert [a.code for a in demand.source] == ["ERI"] and [a.code for a in demand.target] == ["QAT"]
    assert _events("Germany said we must send aid to Sudan.")[0].event_type != "REQUEST"  # one's own duty


def test_cooperation_told_as_what_someone_is_is_no_event() -> None:
    events = _events("Iranian-backed Houthis have violated a UN-brokered ceasefire more than 200 times.")
    assert [e.event_type for e in events] == ["ASSAULT"]  # not "backed" (SUPPORT) nor "brokered" (CONSULT)
    events = _events("Syrian government forces backed by Russian warplanes continued their attacks on Ghouta.")
    assert events[0].event_type == "ASSAULT"


def test_a_name_is_not_an_act() -> None:
    events = _events("Amnesty International has accused the Nigerian military of mass slaughter in Zaria.")
    assert events[0].cameo == "112" and all(e.cameo != "081" for e in events)  # not an amnesty (081)


def test_civilians_deployed_are_aid() -> None:
    assert _events("The European Union has deployed election observers in Zimbabwe.")[0].cameo == "070"
    assert _events("Britain deployed a team of paratroopers to Lebanon.")[0].cameo == "154"
    assert _events("The European Union is mobilising additional funds for Colombia.")[0].cameo == "070"
    assert _events("Russia deployed weapons along the border with Ukraine.")[0].cameo == "154"


def test_an_act_told_in_a_comment_is_not_the_sentences_event() -> None:
    events = _events("The Brazilian government expressed condolences to Bangladesh over a fire in Dhaka "
                     "that killed more than a hundred people.")
    killed = next(e for e in events if e.event_type == "ASSAULT")
    assert killed.claim is not None and killed.claim.text.endswith("expressed condolences")
    assert sentence_event([Predicted.from_event(e) for e in events]) is None  # CAMEO 018: neutral
    events = _events("Hong Kong's government said it hoped for more talks with the protesters.")
    assert predicted_quad([Predicted.from_event(e) for e in events]) == "neutral"  # CAMEO 013


@pytest.mark.parametrize(("text", "cameo"), [
    ("Pyongyang has violated a ban on ballistic missile tests.", "128"),  # defying the law
    ("The Sudanese government expelled 20 humanitarian workers employed by the UNHCR.", "1663"),
    ("The West Bengal government has denied permission to the rally.", "120"),
    ("Japan lifted travel curbs to North Korea.", "081"),
])
def test_codes_of_defiance_expulsion_and_easing(text: str, cameo: str) -> None:
    assert _events(text)[0].cameo == cameo


def test_a_coordinated_verbs_object_is_not_the_first_verbs() -> None:
    events = _events("Ethiopia's Prime Minister Abiy Ahmed rejected U.S. calls for a ceasefire in Tigray and "
                     "dismissed allegations of ethnic cleansing.")
    assert events[0].cameo == "120"  # a rejection, not "reject allegation" (a denial, no event)


def test_a_curfew_to_be_extended_is_threatened() -> None:
    event = _events("The prime minister announced that the government will extend the nightly curfew.")[0]
    assert (event.event_type, event.cameo) == ("THREATEN", "1323")


def test_a_view_agreed_with_is_a_comment_and_joint_war_games_cooperation() -> None:
    assert _events("Officials from Kansas have said they agree with the NCAA that the coach made payments.") == []
    assert _events("Iran and Iraq agreed with each other on a ceasefire.")[0].cameo == "030"
    war_game = _events("The war game was staged by U.S. marines and Jordanian armed forces.")[0]
    assert (war_game.event_type, war_game.cameo) == ("COOPERATE", "062")


def test_an_act_told_in_a_declined_comment_or_an_option_weighed_is_not_the_sentences_event() -> None:
    for text in (("The German government declined to comment on a report that U.S. agencies were reviewing "
                 "their cooperation with German counterparts."),
                 "The Government of Austria is considering the possibility of providing three experts to Iraq."):
        assert predicted_quad([Predicted.from_event(e) for e in _events(text)]) == "neutral"


def test_a_refusal_of_any_act_is_a_refusal() -> None:
    event = _events("The Taliban have long rejected any talks with the Afghan government.")[0]
    assert (event.event_type, event.modality) == ("REJECT", "asserted")


@pytest.mark.parametrize(("text", "cameo", "source"), [
    ("Los Zetas cartel has been responsible for mass killings in northern Mexico.", "202", "MEX"),
    ("The Indian army was guilty of violating the ceasefire agreement along the LoC.", "196", "IND"),
])
def test_who_is_responsible_or_guilty_did_it(text: str, cameo: str, source: str) -> None:
    event = _events(text)[0]
    assert event.cameo == cameo and event.modality == "asserted" and source in [a.code for a in event.source]


def test_what_one_cannot_accept_is_refused() -> None:
    event = _events("Bangladesh has told the UN it cannot accept any more refugees from Myanmar.")[0]
    assert (event.event_type, event.modality) == ("REJECT", "asserted")


def test_taking_part_in_an_act_is_doing_it() -> None:
    event = _events("Azerbaijani troops participate in peacekeeping operations in Afghanistan and Iraq.")[0]
    assert event.cameo == "074" and [a.code for a in event.source] == ["AZE"]
