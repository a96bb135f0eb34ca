"""Place names inside longer names ("The Washington Post", "the Syrian army"), which GeoWebNews counts as
place mentions and the event coder must never put an event at; and names that only look like places."""

from __future__ import annotations

import pytest

import sitreps
from sitreps.coding.embedded_places import EMBEDDED
from sitreps.geo.places import ArticlePlaces, PlaceFinder, find_places
from sitreps.kb import KnowledgeBase
from sitreps.model import Article
from sitreps.nlp.kbmatch import KBMatcher
from sitreps.nlp.spacy import DEFAULT_MODEL, load_model

TEXT = ("The Washington Post reported that officers of the Toronto Police Services Board met the Syrian army. "
        "A spokesman for the Dubai World Cup said the Council of Europe would meet. "
        "The Associated Press said ministers met the EU on Monday.")


@pytest.fixture(scope="module")
def found() -> ArticlePlaces:
    return next(find_places([Article(text=TEXT, id="e")]))



@pytest.mark.parametrize(("text", "country"), [("Washington", "USA"), ("Toronto", "CAN"), ("Syrian", "SYR"),
                                               ("Dubai", "ARE"), ("Europe", None)])
def test_places_inside_organisations_names_are_embedded_mentions(found: ArticlePlaces, text: str,
                                                                  country: str | None) -> None:
    row = found.by_text()[text]
    assert row["country"] == country and row["use"] == EMBEDDED
    assert "named inside" in str(row["reason"])


def test_a_demonym_inside_a_name_says_so(found: ArticlePlaces) -> None:
    assert "demonym" in str(found.by_text()["Syrian"]["reason"])


def test_words_that_are_only_alternate_names_of_towns_are_not_places(found: ArticlePlaces) -> None:
    """"The" is an alternate name of Teresina, "Cup" of Carúpano: a part must be the place's own name."""
    assert not {"The", "Cup", "Associated", "Press"} & found.by_text().keys()


def test_a_union_after_the_is_found_without_the_article(found: ArticlePlaces) -> None:
    eu = found.by_text()["EU"]
    assert eu["precision"] == "region" and TEXT[int(eu["start"]):int(eu["start"]) + 2] == "EU"  # type: ignore[call-overload]


def test_the_finder_can_leave_embedded_places_out() -> None:
    finder = PlaceFinder(embedded=False)
    try:
        places = next(finder([Article(text=TEXT, id="e")])).places
    finally:
        finder.close()
    assert not [p for p in places if p.use == EMBEDDED]


def test_the_kb_matcher_keeps_the_countries_inside_a_longer_name() -> None:
    nlp = load_model(DEFAULT_MODEL)
    matches = KBMatcher(nlp.vocab, KnowledgeBase.load())(nlp("The Syrian army shelled the town."))
    army = next(m for m in matches if m.text == "Syrian army")
    assert [(m.text, m.entry.code) for m in army.inner] == [("Syrian", "SYR")]


def test_no_event_is_placed_inside_a_newspaper_name() -> None:
    events = sitreps.extract("The Washington Post said gunmen attacked a market on Monday.", published="2024-05-10")
    assert events and all(e.location is None or e.location.text != "Washington" for e in events)


def test_a_division_spacy_calls_an_organisation_is_found_in_its_country() -> None:
    text = "Karnataka said on Monday that the Centre in India had refused to act."
    r = next(find_places([Article(text=text, id="k")])).by_text()
    assert r["Karnataka"]["country"] == "IND" and r["Karnataka"]["precision"] == "admin1"
    assert "Centre" not in r  # a common word that names a department of Haiti, not a place in India
