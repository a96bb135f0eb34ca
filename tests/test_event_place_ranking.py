"""Which of a sentence's place names is the event's place: the event's own words outrank the doer's and a
description of another place, a possessor or a passive subject can tell the place when nothing else does,
doers named by a place are not where it happened, and the act of the main clause outranks a participle
clause's."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from sitreps.coding.event_place import event_location, happening_verb
from sitreps.coding.place_spans import PlaceMention
from sitreps.coding.place_words import UNRESOLVED
from sitreps.model import Article, Event, Place
from sitreps.nlp.spacy import SpacyCoder


def _mention(doc: Doc, text: str, precision: str, use: str = "literal", reason: str = "") -> PlaceMention:
    """A place mention of ``text`` (its first occurrence), as place finding would give it."""
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text))
    assert span is not None
    place = Place(text, text, "XXX", None, 1.0, 1.0, None, precision, reason or f"'{text}' is a {precision}",
                  start, start + len(text), use=use)
    return PlaceMention(span.start, span.end, place)


def _anchors(doc: Doc, *words: str) -> set[int]:
    return {t.i for t in doc if t.text in words}


def _where(doc: Doc, anchors: set[int], mentions: list[PlaceMention]) -> str | None:
    sent = doc[:]
    place = event_location(sent, anchors, mentions, [], None)
    return place.text if place is not None else None


def test_a_place_in_the_doers_words_ranks_below_the_events_own(nlp: Language) -> None:
    doc = nlp("Police in Kafr Nabl arrested two men in Hama on Sunday.")
    mentions = [_mention(doc, "Kafr Nabl", "point"), _mention(doc, "Hama", "city")]
    # the finer name is the doer's ("police in Kafr Nabl"); the arrest was made in Hama
    assert _where(doc, _anchors(doc, "arrested"), mentions) == "Hama"


def test_a_place_told_of_another_place_ranks_below_it(nlp: Language) -> None:
    doc = nlp("Rebels shelled Khan Tuman, a town on the road to Zahra Hill, on Sunday.")
    mentions = [_mention(doc, "Khan Tuman", "city"), _mention(doc, "Zahra Hill", "point")]
    # "a town on the road to Zahra Hill" describes Khan Tuman: the finer name is not where the shelling was
    assert _where(doc, _anchors(doc, "shelled"), mentions) == "Khan Tuman"


def test_a_place_named_for_a_noun_is_not_a_description(nlp: Language) -> None:
    doc = nlp("Two men were shot at Halls Hospital in the capital, Minas Tirith, on Sunday.")
    mentions = [_mention(doc, "Halls Hospital", "city", reason=f"{UNRESOLVED}; placed at Minas Tirith"),
                _mention(doc, "Minas Tirith", "city")]
    # "the capital, Minas Tirith" names the capital: the town outranks the building in it, as without a comma
    assert _where(doc, _anchors(doc, "shot"), mentions) == "Minas Tirith"


def test_a_place_said_to_be_in_another_outranks_it(nlp: Language) -> None:
    doc = nlp("Two men were shot in the village of Tsatsan-Yurt in Kurchaloi district on Sunday.")
    unresolved = f"{UNRESOLVED}; placed at Gudermes"
    mentions = [_mention(doc, "Tsatsan-Yurt", "city"), _mention(doc, "Kurchaloi district", "city", reason=unresolved)]
    # the district the gazetteer lacks would rank as the finer name; the sentence says the village is in it
    assert _where(doc, _anchors(doc, "shot"), mentions) == "Tsatsan-Yurt"


@pytest.mark.parametrize(("text", "inner", "outer", "place"), [
    ("Two men were shot at Halls Hospital in Minas Tirith on Sunday.", "Halls Hospital", "Minas Tirith",
     "Minas Tirith"),  # a building: the town, as the most precise place
    ("Two men were shot on a road near Osgiliath, in Minas Tirith, on Sunday.", "Osgiliath", "Minas Tirith",
     "Osgiliath"),  # not "in" it: the finer name
])
def test_a_building_or_a_neighbour_does_not_outrank_its_town(nlp: Language, text: str, inner: str, outer: str,
                                                            place: str) -> None:
    doc = nlp(text)
    unresolved = f"{UNRESOLVED}; placed at Minas Tirith"
    mentions = [_mention(doc, inner, "city", reason=unresolved), _mention(doc, outer, "city")]
    assert _where(doc, _anchors(doc, "shot"), mentions) == place


def test_the_owner_of_the_ground_is_the_place(nlp: Language) -> None:
    doc = nlp("Warplanes patrolled Gondor's northern skies on Sunday.")
    mentions = [_mention(doc, "Gondor", "country", use="adjectival")]
    assert _where(doc, _anchors(doc, "patrolled"), mentions) == "Gondor"


def test_the_owner_of_a_person_is_not_the_place(nlp: Language) -> None:
    doc = nlp("Dmitri Petrov, Gondor's first premier, was shot on Sunday.")
    mentions = [_mention(doc, "Gondor", "country", use="adjectival")]
    assert _where(doc, _anchors(doc, "shot"), mentions) is None


@pytest.mark.parametrize(("text", "verb"), [
    ("Two soldiers were killed in Gondor's civil war on Sunday.", "killed"),  # the war's country
    ("Gondor's embassy was bombed on Sunday.", "bombed"),  # owned, but it stands abroad
    ("Rohan captured the title from Gondor's champion on Sunday.", "captured"),  # a person's country
])
def test_the_owner_of_a_span_or_a_thing_is_not_the_place(nlp: Language, text: str, verb: str) -> None:
    doc = nlp(text)
    mentions = [_mention(doc, "Gondor", "country", use="adjectival")]
    assert _where(doc, _anchors(doc, verb), mentions) is None


def test_the_owner_of_what_the_event_was_in_is_the_place(nlp: Language) -> None:
    doc = nlp("Six people were shot in Minas Tirith's latest spasm of violence.")
    mentions = [_mention(doc, "Minas Tirith", "city", use="adjectival")]
    assert _where(doc, _anchors(doc, "shot"), mentions) == "Minas Tirith"


def test_a_named_place_outranks_an_owner(nlp: Language) -> None:
    doc = nlp("Troops patrolled Gondor's main road in Minas Tirith on Sunday.")
    mentions = [_mention(doc, "Gondor", "point", use="adjectival"), _mention(doc, "Minas Tirith", "city")]
    assert _where(doc, _anchors(doc, "patrolled"), mentions) == "Minas Tirith"


def test_the_subject_of_a_passive_event_verb_is_the_place(nlp: Language) -> None:
    doc = nlp("Minas Tirith was shelled by rebels on Sunday.")
    mentions = [_mention(doc, "Minas Tirith", "city", use="metonymic")]
    assert _where(doc, _anchors(doc, "shelled"), mentions) == "Minas Tirith"


def test_an_active_subject_is_not_the_place(nlp: Language) -> None:
    doc = nlp("Gondor shelled the rebels on Sunday.")
    mentions = [_mention(doc, "Gondor", "country", use="metonymic")]
    assert _where(doc, _anchors(doc, "shelled"), mentions) is None


def _where_excluding(doc: Doc, anchors: set[int], mentions: list[PlaceMention], doers: str) -> str | None:
    start = doc.text.index(doers)
    place = event_location(doc[:], anchors, mentions, [(start, start + len(doers))], None)
    return place.text if place is not None else None


def test_the_doers_town_is_the_place_when_the_sentence_names_no_other(nlp: Language) -> None:
    doc = nlp("Minas Tirith police shot dead two men on Sunday.")
    mentions = [_mention(doc, "Minas Tirith", "city", use="adjectival")]
    assert _where_excluding(doc, _anchors(doc, "shot"), mentions, "Minas Tirith police") == "Minas Tirith"
    doc = nlp("Gunmen in Minas Tirith shot dead two men on Sunday.")
    mentions = [_mention(doc, "Minas Tirith", "city")]
    assert _where_excluding(doc, _anchors(doc, "shot"), mentions, "Gunmen in Minas Tirith") == "Minas Tirith"


def test_the_doers_town_gives_way_to_a_place_of_the_event(nlp: Language) -> None:
    doc = nlp("Minas Tirith police shot dead two men in Osgiliath on Sunday.")
    mentions = [_mention(doc, "Minas Tirith", "city", use="adjectival"), _mention(doc, "Osgiliath", "city")]
    assert _where_excluding(doc, _anchors(doc, "shot"), mentions, "Minas Tirith police") == "Osgiliath"


@pytest.mark.parametrize("text", ["Gondor police shot dead two men on Sunday.",  # a country's police
                                  "Gondor troops shot dead two men on Sunday."])  # not local people
def test_a_country_or_an_army_is_not_the_doers_town(nlp: Language, text: str) -> None:
    doc = nlp(text)
    mentions = [_mention(doc, "Gondor", "country" if "police" in text else "city", use="adjectival")]
    assert _where_excluding(doc, _anchors(doc, "shot"), mentions, text.split(" shot")[0]) is None


@pytest.mark.parametrize(("text", "noun", "verb"), [
    ("The attack occurred in Minas Tirith on Sunday.", "attack", "occurred"),
    ("Clashes broke out at Osgiliath on Sunday.", "Clashes", "broke"),
    ("Rebels condemned the attack on Sunday.", "attack", None),  # an object, not the subject
    ("The strikes were a response to attacks inside Gondor.", "strikes", None),  # a copula tells no place
])
def test_the_verb_a_noun_event_is_the_subject_of(nlp: Language, text: str, noun: str, verb: str | None) -> None:
    doc = nlp(text)
    found = happening_verb(next(t for t in doc if t.text == noun))
    assert (found.text if found is not None else None) == verb


@pytest.fixture(scope="module")
def coder() -> SpacyCoder:
    return SpacyCoder()


def _events(coder: SpacyCoder, text: str) -> list[Event]:
    coded = list(coder([Article(text=text, published=date(2016, 3, 1))]))
    return [e for c in coded for e in c.events]


@pytest.mark.parametrize(("text", "place", "attached"), [
    ("Homs was shelled by rebels on Sunday.", "Homs", True),
    ("Jets bombed Baghdad's largest slum on Sunday.", "Baghdad", True),
    ("Police in Kafr Nabl arrested two men in Hama on Sunday.", "Hama", True),
    ("Dallas police shot dead a man on Sunday.", "Dallas", False),
    ("The attack occurred in Baramulla.", "Baramulla", True),  # kept only for its place, which is its verb's
])
def test_coded_events_take_the_place(coder: SpacyCoder, text: str, place: str, attached: bool) -> None:
    events = _events(coder, text)
    assert events
    top = max(events, key=lambda e: e.confidence)
    assert top.location is not None and top.location.text == place
    assert ("attached" in top.location.reason) == attached


def test_a_place_after_by_is_the_doer_not_the_place(coder: SpacyCoder) -> None:
    events = _events(coder, "The village was captured by Turkey on Sunday.")
    assert events
    # at most the article-wide guess, never as the place the act was done in
    assert all(e.location is None or "attached" not in e.location.reason for e in events)


def test_a_people_noun_makes_a_place_a_description(coder: SpacyCoder) -> None:
    events = _events(coder, "A US soldier was killed on Sunday.")
    assert events
    assert all(e.location is None or "attached" not in e.location.reason for e in events)


def test_the_main_clause_outranks_a_participle_clause(coder: SpacyCoder) -> None:
    events = _events(coder, "Rebels launched a powerful assault in the Hama countryside on Sunday, targeting "
                            "army positions near the village of Kafr Nabl.")
    top = max(events, key=lambda e: e.confidence)
    assert top.location is not None and "Hama" in top.location.text


def test_a_purpose_clause_ranks_below_the_main_clause(coder: SpacyCoder) -> None:
    events = _events(coder, "Rebels launched a powerful assault in the Hama countryside on Sunday to seize army "
                            "positions near the village of Kafr Nabl.")
    top = max(events, key=lambda e: e.confidence)
    assert top.location is not None and "Hama" in top.location.text
