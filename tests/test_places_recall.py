"""Place names that spaCy labels as people or products, datelines inside the text, streets and buildings
placed at the town an article is about, and names whose country the article's own words mislead."""

from __future__ import annotations

import pytest

from sitreps.coding.place_words import UNRESOLVED
from sitreps.coding.places import placed_by_article
from sitreps.geo.places import find_places
from sitreps.model import Article, Place


def rows(text: str) -> dict[str, dict[str, object]]:
    return {str(r["text"]): r for found in find_places([Article(text=text, id="r")]) for r in found.rows()}


def test_a_division_spacy_calls_a_person_is_found_in_the_articles_country() -> None:
    r = rows("Tamil Nadu said on Saturday that Karnataka and India's government had not acted.")
    assert (r["Tamil Nadu"]["country"], r["Tamil Nadu"]["precision"]) == ("IND", "admin1")


def test_a_person_is_not_a_town_of_the_same_name() -> None:
    assert "Paris Hilton" not in rows("Paris Hilton arrived in Los Angeles on Friday.")


def test_a_cued_name_spacy_calls_a_product_is_a_place() -> None:
    r = rows("The fugitives were captured in Chattanooga, police said.")
    assert r["Chattanooga"]["country"] == "USA"


@pytest.mark.parametrize(("text", "name", "admin1"), [
    ("By Nate Raymond. BOSTON (Reuters) - The owner of a restaurant was charged.", "BOSTON", "Massachusetts"),
    ("A woman was hurt. TORONTO — A young man and his mother sued the police.", "TORONTO", "Ontario"),
    ("Our reporter. ALLENDALE, N.J. (AP) - A woman died.", "ALLENDALE", "New Jersey"),  # narrowed by its state
])
def test_a_dateline_inside_the_text_is_found_but_is_no_event_place(text: str, name: str, admin1: str) -> None:
    row = rows(text)[name]
    assert row["admin1"] == admin1 and row["use"] == "dateline"


def test_words_in_capitals_that_are_not_places_are_left_out() -> None:
    assert not {"BREAKING", "NEWS", "BREAKING NEWS"} & rows("BREAKING NEWS: the summit ended early.").keys()


def test_a_capital_does_not_make_its_country_the_context_of_its_own_name() -> None:
    """"San Jose" alone names Costa Rica's capital and California's city: the larger, not Costa Rica's
    because the name itself is Costa Rica's capital."""
    assert rows("Flights from San Jose were cancelled, officials said.")["San Jose"]["country"] == "USA"


def test_a_country_named_like_a_state_is_the_state_where_most_places_are_in_that_country() -> None:
    r = rows("Flooding hit Atlanta, Savannah and Macon in Georgia, and aid came from Toronto.")
    assert (r["Georgia"]["country"], r["Georgia"]["precision"]) == ("USA", "admin1")


def test_a_name_made_of_generic_words_is_no_division_abroad() -> None:
    r = rows("Storms battered the West Coast, and roads in Seattle and Portland were shut.")
    assert all(row["country"] in ("USA", None) for row in r.values())


def test_streets_and_buildings_are_listed_at_the_town_the_article_names_most() -> None:
    r = rows("Fans packed Royal Street and the Barclays Center. Police in Brooklyn said the crowd in Brooklyn "
             "was calm.")
    assert r["Royal Street"]["country"] == "USA" and "Brooklyn" in str(r["Royal Street"]["reason"])


@pytest.mark.parametrize(("text", "reason", "left_out"), [
    ("Royal Street", f"{UNRESOLVED}; placed at Brooklyn, the place the article names most", False),
    ("Ocean Infinity", f"{UNRESOLVED}; placed at Brooklyn, the place the article names most", True),
    ("Royal Street", f"{UNRESOLVED}; placed in United States, the article's country", True),
    ("Royal Street", f"{UNRESOLVED}; placed at Queens, the place named nearest it", False),
])
def test_which_names_placed_by_the_article_at_large_are_left_out(text: str, reason: str, left_out: bool) -> None:
    assert placed_by_article(Place(text, text, reason=reason)) is left_out


def test_a_capital_that_means_another_place_gives_the_article_no_country() -> None:
    """"Victoria" is not the Seychelles' capital here, so a small Canadian town is no town abroad."""
    r = rows("Officials in Victoria said that instead of driving to Castlegar, people can visit the office.")
    assert r["Victoria"]["country"] != "SYC" and r["Castlegar"]["country"] == "CAN"
