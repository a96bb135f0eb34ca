"""Place names that spaCy's labels hide, demonyms, towns abroad and states named like countries."""

from __future__ import annotations

import pytest

from sitreps.geo.places import ArticlePlaces, find_places
from sitreps.model import Article

TEXT = ("Russian jets struck the city overnight. The attack destroyed eight buildings in Colombo's business "
        "district. U.S. forces captured the former leader in Tikrit, officials in Washington said. "
        "Fighting spread across Aceh and Bosnia. EU leaders met in Brussels. Lewis Hamilton won the race; "
        "Hamilton said he was happy.")


@pytest.fixture(scope="module")
def found() -> ArticlePlaces:
    return next(find_places([Article(text=TEXT, id="t")]))



def test_demonyms_are_adjectival_mentions_of_their_country(found: ArticlePlaces) -> None:
    russian = found.by_text()["Russian"]
    assert (russian["country"], russian["use"], russian["precision"]) == ("RUS", "adjectival", "country")
    assert "demonym" in str(russian["reason"])
    assert found.by_text()["U.S."]["use"] == "adjectival"


def test_a_large_city_spacy_labels_otherwise_is_found(found: ArticlePlaces) -> None:
    colombo = found.by_text()["Colombo"]
    assert (colombo["country"], colombo["use"]) == ("LKA", "literal")


def test_a_cued_town_abroad_that_dwarfs_its_namesakes_is_kept(found: ArticlePlaces) -> None:
    assert found.by_text()["Tikrit"]["country"] == "IRQ"  # the article names only the USA


def test_divisions_short_names_and_unions(found: ArticlePlaces) -> None:
    r = found.by_text()
    assert (r["Aceh"]["country"], r["Aceh"]["precision"]) == ("IDN", "admin1")
    assert r["Bosnia"]["country"] == "BIH"
    assert r["EU"]["precision"] == "region" and r["EU"]["use"] != "literal"


def test_people_named_like_towns_are_not_places(found: ArticlePlaces) -> None:
    assert "Hamilton" not in found.by_text()


def test_a_country_name_is_the_state_where_every_other_place_is_in_that_country() -> None:
    text = ("Flu cases rose in Georgia this week. Hospitals in Atlanta and Savannah were full, and Texas "
            "and Florida reported more cases.")
    georgia = next(find_places([Article(text=text, id="g")])).by_text()["Georgia"]
    assert (georgia["country"], georgia["precision"]) == ("USA", "admin1")


def test_the_event_coder_leaves_demonyms_out() -> None:
    from sitreps.coding.places import find_place_mentions

    found = next(find_places([Article(text=TEXT, id="t")]))
    assert any("demonym" in p.reason for p in found.places)
    assert find_place_mentions.__kwdefaults__["demonyms"] is False
