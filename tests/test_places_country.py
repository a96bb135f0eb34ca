"""The country a place name is put in: a name matched through another place's translated name, and the
names placed at the place the article names most."""

from __future__ import annotations

from sitreps.geo import Gazetteer
from sitreps.geo.places import find_places
from sitreps.model import Article


def test_a_name_of_several_words_is_the_place_whose_own_name_it_is() -> None:
    with Gazetteer.open() as gazetteer:  # Casablanca has "White House" only as a translation of its name
        assert gazetteer.resolve("White House")[0].country == "USA"
        assert gazetteer.resolve("White House", countries=["USA"])[0].country == "USA"
        assert gazetteer.resolve("Cologne")[0].country == "DEU"  # one word: the name English writes Köln under
        assert gazetteer.resolve("New York")[0].name == "New York City"


def test_a_building_in_a_story_on_the_white_house_is_not_put_in_morocco() -> None:
    text = "Aides met before a White House dinner last October. He later flew to Trump Tower, where aides met him."
    found = next(find_places([Article(text=text, id="w")])).by_text()
    assert found["White House"]["country"] == "USA"
    assert all(place["country"] != "MAR" for place in found.values())


def test_a_town_in_a_story_naming_no_country_goes_where_the_other_places_lie() -> None:
    text = ("The A417 near Cirencester will close tonight. Drivers heading to Gloucester should use the A40 "
            "via Cheltenham.")
    found = next(find_places([Article(text=text, id="g")])).by_text()
    assert found["Gloucester"]["country"] == "GBR"  # not the larger Gloucester in Canada
    assert found["Cirencester"]["country"] == "GBR"


def test_a_county_of_the_article_s_country_is_not_a_larger_town_abroad() -> None:
    text = "The UK championship starts at Brands Hatch in Kent, then moves to Snetterton in Norfolk."
    found = next(find_places([Article(text=text, id="k")])).by_text()
    for county in ("Kent", "Norfolk"):  # English counties, not the towns in Washington state and Virginia
        assert found[county]["country"] == "GBR", county
        assert found[county]["precision"] == "country"
