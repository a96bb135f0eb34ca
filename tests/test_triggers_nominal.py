"""Triggers named by nouns the parser reads as verbs, outcomes, light verbs and senses (coding/triggers.py)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span

from sitreps import api
from sitreps.coding.triggers import TriggerFinder, nominal_gerund


def _sent(nlp: Language, text: str) -> Span:
    return next(nlp(text).sents)


def _codes(finder: TriggerFinder, sent: Span) -> dict[str, str]:
    """Trigger text → CAMEO code of each hit."""
    doc = sent.doc
    return {" ".join(doc[i].lower_ for i in h.words): h.trigger.cameo for h in finder(sent)}


def test_a_gerund_in_a_nouns_place_is_a_noun_trigger(nlp: Language, finder: TriggerFinder) -> None:
    sent = _sent(nlp, "three others died in police firing in khambhat taluka.")
    firing = next(t for t in sent if t.lower_ == "firing")
    assert nominal_gerund(firing)
    hits = finder(sent)
    assert any(h.trigger.cameo == "193" and sent.doc[h.head].lower_ == "firing" for h in hits)
    verb = next(t for t in _sent(nlp, "troops were firing rubber bullets at the crowd.") if t.lower_ == "firing")
    assert not nominal_gerund(verb)  # a verb with its object stays a verb


def test_the_death_a_noun_trigger_caused_joins_its_words(nlp: Language, finder: TriggerFinder) -> None:
    codes = _codes(finder, _sent(nlp, "more members of the minority community died in the police firing."))
    assert any("died" in words and code == "193" for words, code in codes.items())
    codes = _codes(finder, _sent(nlp, "the firing in the market lasted an hour."))
    assert "died" not in " ".join(codes)


def test_light_verbs_in_the_passive_and_through_a_preposition(nlp: Language, finder: TriggerFinder) -> None:
    sent = _sent(nlp, "tear-gas shells were lobbed to disperse the crowd.")
    gas = [h for h in finder(sent) if h.trigger.cameo == "175"]
    assert gas and sent.doc[gas[0].light].lower_ == "lobbed"
    sent = _sent(nlp, "the police resorted to firing to disperse the mob.")
    firing = [h for h in finder(sent) if h.trigger.cameo == "193"]
    assert firing and sent.doc[firing[0].light].lower_ == "resorted"


def test_a_listed_phrase_beats_the_single_word_inside_it(nlp: Language, finder: TriggerFinder) -> None:
    codes = set(_codes(finder, _sent(nlp, "the police had to lathi-charge the mob.")).values())
    assert "175" in codes and not any(c.startswith("112") for c in codes)  # not "charge" (accuse)


def test_arrest_verbs_that_hold_a_thing_are_not_arrests(nlp: Language, finder: TriggerFinder) -> None:
    for text in ("apprehending trouble, the shopkeepers downed their shutters.",
                 "the army helped to arrest the deteriorating situation.",
                 "they had booked various rooms for the pilgrims."):
        assert "173" not in _codes(finder, _sent(nlp, text)).values(), text
    for text in ("police arrested the men near the station.", "the accused were booked for murder."):
        assert "173" in _codes(finder, _sent(nlp, text)).values(), text


def test_police_firing_that_killed_is_one_police_assault_with_its_dead() -> None:
    events = api.extract("Six people were killed in police firing on Tuesday.", published="2002-03-01")
    assault = [e for e in events if e.event_type == "ASSAULT"]
    assert len(assault) == 1
    assert [a.sector for a in assault[0].source] == ["COP"] and assault[0].quantities["killed"].best == 6
    events = api.extract("Rioting and police firing in the town left two dead and five injured.",
                         published="2002-03-01")
    firing = next(e for e in events if e.event_type == "ASSAULT")
    assert firing.quantities["killed"].best == 2 and firing.quantities["injured"].best == 5


@pytest.mark.parametrize("text, wanted", [
    ("Germany will give Sudan 10 million euros in humanitarian aid.", "AGREE"),  # not "give in" (CONCEDE)
    ("The rebels gave in after a week of talks.", "CONCEDE"),
    ("Police picked him up from his home on Monday.", "COERCE"),
    ("Germany sent 200 tonnes of food aid to Sudan on Monday.", "AID"),
])
def test_phrasal_verbs_take_their_own_particle(text: str, wanted: str) -> None:
    import sitreps

    types = [e.event_type for e in sitreps.extract(text, published="2024-05-06")]
    assert types and types[0] == wanted, types


def test_a_call_on_a_date_is_not_an_appeal() -> None:
    import sitreps

    events = sitreps.extract("On Nov. 2, the US secretary of state called the Russian foreign minister to discuss Syria.",
                             published="2017-11-03")
    assert events and "REQUEST" not in [e.event_type for e in events]
