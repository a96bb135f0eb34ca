"""Intentions (sitreps.coding.intent): promised cooperation is AGREE, announced retreats CONCEDE, threatened force
THREATEN; one event remains, asserted, with the CAMEO "intent" code of the act."""

from __future__ import annotations

import pytest

from sitreps import api
from sitreps.coding.intent import INTENT_CODES, THREAT_CODES, mapped_code, recode
from sitreps.model import Article, Event, Evidence


def _events(text: str) -> list[Event]:
    coded = list(api.code_articles([Article(text=text)]))
    return list(coded[0].events)


def _event(kind: str, cameo: str) -> Event:
    return Event("a", 0, Evidence(0, 4, "text"), kind, cameo=cameo)


def test_intent_codes_follow_the_act() -> None:
    assert mapped_code("073", INTENT_CODES, "030") == "0333"  # humanitarian aid → intent to give it
    assert mapped_code("0841", INTENT_CODES, "030") == "0353"  # release people → intent to release
    assert mapped_code("0871", INTENT_CODES, "030") == "0356"  # ceasefire → intent to de-escalate
    assert mapped_code("046", INTENT_CODES, "030") == "036"  # negotiate → intent to meet or negotiate
    assert mapped_code("1951", THREAT_CODES, "130") == "1384"  # air strike → threaten a conventional attack
    assert mapped_code("1723", THREAT_CODES, "130") == "1323"  # curfew → threaten a curfew
    assert mapped_code(None, THREAT_CODES, "130") == "130"


def test_recode_by_kind_of_intention() -> None:
    assert recode(_event("AID", "072"), "commit") == ("AGREE", "0332")
    assert recode(_event("CONSULT", "042"), "future") == ("AGREE", "036")
    assert recode(_event("RETREAT", "0874"), "future") == ("CONCEDE", "0356")
    assert recode(_event("CONCEDE", "081"), "promise") == ("CONCEDE", "0351")
    assert recode(_event("ASSAULT", "195"), "threat") == ("THREATEN", "1384")
    assert recode(_event("ASSAULT", "190"), "future") == ("THREATEN", "1384")  # "will attack"
    assert recode(_event("SANCTION", "163"), "promise") == ("THREATEN", "1312")
    assert recode(_event("MOBILIZE", "154"), "future") is None  # "will send troops" stays a planned deployment
    assert recode(_event("ASSAULT", "190"), "commit") is None  # "prepared to attack": a plan, not a threat
    assert recode(_event("REQUEST", "020"), "threat") is None


@pytest.mark.parametrize(("text", "kind", "cameo"), [
    ("Japan agreed to provide aid to Nepal.", "AGREE", "033"),
    ("The Japanese government is willing to withdraw its troops from the border.", "CONCEDE", "0356"),
    ("Nepal said it would release the detained fishermen.", "CONCEDE", "0353"),
    ("Japan and Nepal will hold talks in Vienna next week.", "AGREE", "036"),
    ("Japan threatened to strike Nepal.", "THREATEN", "1384"),
])
def test_one_asserted_event_for_an_intention(text: str, kind: str, cameo: str) -> None:
    events = _events(text)
    assert [(e.event_type, e.cameo, e.modality) for e in events] == [(kind, cameo, "asserted")]


def test_merged_event_keeps_the_governing_words_and_actors() -> None:
    (event,) = _events("Nepal agreed to share intelligence with Japan.")
    assert event.event_type == "AGREE" and event.cameo == "0314"
    assert event.trigger.split()[0] == "agreed" and "share" in event.trigger
    assert event.source and event.source[0].text == "Nepal"


def test_appeals_and_considerations_are_not_intentions() -> None:
    urged = _events("Japan urged Nepal to withdraw its troops.")
    assert urged[0].event_type == "REQUEST"
    assert not any(e.event_type == "CONCEDE" for e in urged)
    considered = _events("Japan is considering sending aid to Nepal.")
    assert [(e.event_type, e.modality) for e in considered] == [("AID", "planned")]


def test_refusals_stay_rejections() -> None:
    events = _events("Japan said it would not release the prisoners.")
    assert [e.event_type for e in events] == ["REJECT"]
