"""Stories in one case: parsed from a truecased copy, quoted in their own words."""

from __future__ import annotations

from datetime import date

import pytest

from sitreps.kb import KnowledgeBase
from sitreps.model import Article
from sitreps.nlp.spacy import SpacyCoder
from sitreps.nlp.truecase import Truecaser, casing


@pytest.fixture(scope="module")
def truecaser() -> Truecaser:
    return Truecaser(KnowledgeBase.load(()))


@pytest.mark.parametrize("text, expected", [
    ("GOVERNMENT TROOPS KILLED 12 GUERRILLAS NEAR THE BORDER ON TUESDAY, THE ARMY SAID.", "upper"),
    ("police fired ten rounds in the air to scare away the unruly mob on tuesday night.", "lower"),
    ("Police fired ten rounds in the air to scare away the unruly mob on Tuesday night.", "mixed"),
    ("SHORT HEADLINE", "mixed"),
])
def test_casing(text: str, expected: str) -> None:
    assert casing(text) == expected


def test_truecasing_keeps_the_length_and_puts_capitals_back(truecaser: Truecaser) -> None:
    text = "SALVADORAN TROOPS KILLED 12 FMLN GUERRILLAS IN IRAQ ON TUESDAY. THE U.S. AND NATO SAID SO. I SAW IT."
    out = truecaser(text)
    assert len(out) == len(text) and out.lower() == text.lower()
    for word in ("Salvadoran", "FMLN", "Iraq", "Tuesday", "The U.S. and NATO", "I saw"):
        assert word in out, (word, out)


def test_truecasing_leaves_words_that_are_also_acronyms(truecaser: Truecaser) -> None:
    out = truecaser("this story is from march 10. police fired at us from 5 km away, the bjp said.")
    assert "This story is from March 10." in out
    assert " us " in out and " km " in out and "BJP" in out


def _events(text: str, truecase: bool) -> list:
    coder = SpacyCoder(truecase=truecase, geocode=False)
    return [e for coded in coder([Article(text=text, published=date(1990, 1, 5))]) for e in coded.events]


def test_an_all_capitals_story_is_coded_and_quoted_as_written() -> None:
    text = "GUERRILLAS ATTACKED A POWER STATION IN THE EAST ON TUESDAY. ARMY TROOPS KILLED 12 GUERRILLAS."
    events = _events(text, truecase=True)
    assert events
    for event in events:
        assert event.evidence.text == text[event.evidence.start:event.evidence.end]
        assert event.evidence.text.isupper()
        assert event.trigger.isupper()
        for actor in (*event.source, *event.target):
            assert actor.start is None or actor.text == text[actor.start:actor.end]
    killed = [e.quantities["killed"].best for e in events if "killed" in e.quantities]
    assert killed == [12]


def test_a_mixed_case_story_is_read_as_it_is() -> None:
    text = "Guerrillas attacked a power station in the east on Tuesday."
    assert [e.trigger for e in _events(text, truecase=True)] == [e.trigger for e in _events(text, truecase=False)]
