"""The gazetteer: normalisation, the build, and picking a place among namesakes."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pycountry
import pytest

from sitreps.geo import Candidate, Gazetteer, default_path, normalise, split_admin_suffix
from sitreps.geo.build import VERSION, read_country_points, read_us_states
from sitreps.geo.gazetteer import _km, _version

SYRIA_BOX = (32.3, 37.4, 35.7, 42.4)  # south, north, west, east


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    path = tmp_path_factory.mktemp("geo") / "gazetteer.duckdb"
    gazetteer = Gazetteer.open(path)
    yield gazetteer
    gazetteer.close()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Idlib", "idlib"),
        ("  Ḩimş ", "hims"),
        ("al-Raqqa", "raqa"),
        ("Al Raqqah", "raqah"),
        ("El-Fasher", "fasher"),
        ("Ma'arrat al-Nu'man", "marat numan"),
        ("Maʿarrat  al‑Nuʿman", "marat numan"),
        ("Deir ez-Zor", "deir zor"),
        ("St. Louis", "st louis"),
        ("The Sahel", "sahel"),
        ("Łódź", "lodz"),
        ("El Paso", "el paso"),  # a Spanish article with a space stays
        ("Deir Ezzor", "deir zor"),  # the article fused with its doubled sun letter
        ("Dayr az-Zawr", "deir zawr"),
        ("Tell Rifaat", "tal rifat"),
        ("Kfar Nabl", "kafr nabl"),
        ("Ar Raqqa", "raqa"),
        ("Al", "al"),
    ],
)
def test_normalise_folds_spellings(name: str, expected: str) -> None:
    assert normalise(name) == expected


def test_split_admin_suffix() -> None:
    assert split_admin_suffix("idlib province") == ("idlib", "province")
    assert split_admin_suffix("new york state") == ("new york", "state")
    assert split_admin_suffix("idlib") == ("idlib", None)
    assert split_admin_suffix("province") == ("province", None)


def test_default_path_follows_sitreps_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SITREPS_HOME", str(tmp_path))
    assert default_path() == tmp_path / f"gazetteer-{VERSION}.duckdb"


def test_version_of_a_stale_or_foreign_file(tmp_path: Path) -> None:
    stale = tmp_path / "stale.duckdb"
    with duckdb.connect(str(stale)) as con:
        con.execute("create table meta as select 'old' as version")
    assert _version(stale) == "old"
    foreign = tmp_path / "foreign.duckdb"
    foreign.write_bytes(b"not a database")
    assert _version(foreign) is None


def test_build_leaves_only_the_database(gazetteer: Gazetteer) -> None:
    assert [p.name for p in gazetteer.path.parent.iterdir()] == [gazetteer.path.name]
    assert _version(gazetteer.path) == VERSION


def test_idlib_is_the_syrian_city(gazetteer: Gazetteer) -> None:
    place, reason = gazetteer.resolve("Idlib")
    assert (place.kind, place.country) == ("city", "SYR")
    assert place.lat == pytest.approx(35.9, abs=0.15) and place.lon == pytest.approx(36.6, abs=0.15)
    assert place.geonames_id is not None and "Idlib" in reason


def test_aleppo_is_in_syria(gazetteer: Gazetteer) -> None:
    place, _ = gazetteer.resolve("Aleppo")
    assert (place.kind, place.country, place.precision) == ("city", "SYR", "city")


def test_syria_is_a_country_inside_its_box(gazetteer: Gazetteer) -> None:
    place, reason = gazetteer.resolve("Syria")
    south, north, west, east = SYRIA_BOX
    assert (place.kind, place.country) == ("country", "SYR")
    assert south < place.lat < north and west < place.lon < east
    assert "country" in reason


def test_hama_among_countries_named(gazetteer: Gazetteer) -> None:
    place, reason = gazetteer.resolve("Hama", countries=["SYR"])
    assert (place.kind, place.country) == ("city", "SYR")
    assert "Syria" in reason and "named in the article" in reason


def test_a_major_city_abroad_outweighs_a_small_namesake_in_the_article_countries(gazetteer: Gazetteer) -> None:
    paris, _ = gazetteer.resolve("Paris")
    assert (paris.country, paris.admin1) == ("FRA", "Île-de-France")
    still_paris, _ = gazetteer.resolve("Paris", countries=["USA"])
    assert still_paris == paris
    geneva, _ = gazetteer.resolve("Geneva", countries=["USA", "RUS"])
    assert geneva.country == "CHE"


def test_the_article_countries_pick_among_comparable_namesakes(gazetteer: Gazetteer) -> None:
    libya, _ = gazetteer.resolve("Tripoli")
    assert libya.country == "LBY"
    lebanon, reason = gazetteer.resolve("Tripoli", countries=["LBN"])
    assert lebanon.country == "LBN" and lebanon.kind == "city" and "Lebanon" in reason


def test_paris_texas_by_comma_and_by_nearness(gazetteer: Gazetteer) -> None:
    written, _ = gazetteer.resolve("Paris, Texas")
    assert (written.country, written.admin1) == ("USA", "Texas")
    tennessee, _ = gazetteer.resolve("Paris, Tenn.")
    assert (tennessee.country, tennessee.admin1) == ("USA", "Tennessee")
    dallas = (32.78, -96.80)
    near, reason = gazetteer.resolve("Paris", near=dallas)
    assert near == written and "nearest" in reason


@pytest.mark.parametrize("name", ["Idlib province", "Idlib governorate"])
def test_division_words_ask_for_the_division(gazetteer: Gazetteer, name: str) -> None:
    place, reason = gazetteer.resolve(name)
    assert (place.kind, place.country, place.precision) == ("admin1", "SYR", "admin1")
    assert place.lat is not None and "division" in reason


def test_division_holding_a_city_of_that_name(gazetteer: Gazetteer) -> None:
    place, reason = gazetteer.resolve("Kharkiv region")
    city, _ = gazetteer.resolve("Kharkiv")
    assert place.kind == "admin1" and place.name == city.admin1
    assert "holding" in reason


def test_regions_from_the_sitreps_list(gazetteer: Gazetteer) -> None:
    east, reason = gazetteer.resolve("eastern Ukraine")
    assert (east.kind, east.country, east.precision, east.geonames_id) == ("region", "UKR", "region", None)
    assert "region" in reason
    sahel, _ = gazetteer.resolve("the Sahel")
    assert sahel.kind == "region" and sahel.country is None and sahel.lat is not None


@pytest.mark.parametrize(("one", "other"), [("Kharkiv", "Kharkov"), ("Homs", "Hims"), ("Kyiv", "Kiev")])
def test_spellings_find_the_same_city(gazetteer: Gazetteer, one: str, other: str) -> None:
    first, _ = gazetteer.resolve(one)
    second, _ = gazetteer.resolve(other)
    assert first.kind == "city" and first.geonames_id == second.geonames_id


def test_divisions_and_capitals(gazetteer: Gazetteer) -> None:
    texas, _ = gazetteer.resolve("Texas")
    assert (texas.kind, texas.country) == ("admin1", "USA")
    washington, _ = gazetteer.resolve("Washington")
    assert (washington.kind, washington.admin1) == ("city", "District of Columbia")


def test_unknown_and_empty_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Qwxzyplace") is None
    assert gazetteer.resolve("  ") is None


def test_candidates_in_one_batch(gazetteer: Gazetteer) -> None:
    names = ["Paris", "Hims", "Qwxzyplace", "Syria"]
    found = gazetteer.candidates(names)
    assert list(found) == names
    assert found["Qwxzyplace"] == []
    populations = [c.population for c in found["Paris"]]
    assert len(populations) > 5 and populations == sorted(populations, reverse=True)
    assert any(c.country == "SYR" and c.kind == "city" for c in found["Hims"])
    assert all(isinstance(c, Candidate) for c in found["Syria"])


def test_country_by_code_or_name(gazetteer: Gazetteer) -> None:
    by_code = gazetteer.country("SYR")
    assert by_code is not None and by_code.kind == "country" and by_code.name == "Syria"
    assert gazetteer.country("syr") == by_code
    assert gazetteer.country("Syrian Arab Republic") == by_code
    assert gazetteer.country("Britain") == gazetteer.country("GBR")
    assert gazetteer.country("Qwxzyland") is None


def test_gazetteer_pickles_as_its_path(gazetteer: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(gazetteer))
    try:
        assert copy.path == gazetteer.path
        assert copy.resolve("Aleppo") == gazetteer.resolve("Aleppo")
    finally:
        copy.close()


@pytest.mark.parametrize(("country", "point", "km"), [("SYR", (35.0, 38.0), 50), ("France", (46.0, 2.0), 100)])
def test_countries_take_their_conventional_point(gazetteer: Gazetteer, country: str,
                                                 point: tuple[float, float], km: float) -> None:
    found = gazetteer.country(country)
    assert found is not None and _km(point, (found.lat, found.lon)) <= km


def test_country_points_are_known_codes_on_the_globe() -> None:
    points = read_country_points()
    known = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    assert known <= points.keys() <= known
    assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in points.values())


def test_us_states_take_their_point(gazetteer: Gazetteer) -> None:
    states = {s["name"]: s for s in read_us_states()}
    assert len(states) == 51 and all(s["lat"] is not None for s in states.values())
    texas, _ = gazetteer.resolve("Texas")
    assert (texas.lat, texas.lon) == (states["Texas"]["lat"], states["Texas"]["lon"])


def test_a_place_named_so_wins_over_an_alternate_name(gazetteer: Gazetteer) -> None:
    chosen, _ = gazetteer.resolve("Salisbury", countries=["GBR"])  # Harare's colonial name
    assert (chosen.name, chosen.country) == ("Salisbury", "GBR")
    assert gazetteer.resolve("Cologne")[0].country == "DEU"  # far larger than any town named Cologne


def test_a_us_county_is_not_its_state(gazetteer: Gazetteer) -> None:
    chosen, reason = gazetteer.resolve("Orange County", countries=["USA"])
    assert chosen.kind == "city" and chosen.admin1 == "California" and "county" in reason


def test_a_city_suffix_and_transliterations(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Aleppo City", countries=["SYR"])[0].name == "Aleppo"
    assert gazetteer.resolve("Deir Ezzor", countries=["SYR"])[0].name == "Deir ez-Zor"


@pytest.mark.parametrize(("name", "country"), [("Yugoslavia", "SRB"), ("Zaire", "COD"), ("Bosnia", "BIH"),
                                               ("Soviet Union", "RUS"), ("Upper Volta", "BFA")])
def test_short_and_former_country_names(gazetteer: Gazetteer, name: str, country: str) -> None:
    found = gazetteer.resolve(name)
    assert found is not None and found[0].kind == "country" and found[0].country == country


@pytest.mark.parametrize(("name", "country", "box"), [
    ("Aceh", "IDN", (2.0, 6.5, 94.5, 98.5)),  # a province pycountry nests under Sumatera
    ("Guangdong", "CHN", (20.0, 25.5, 109.5, 117.5)),  # linked through the city written for it
    ("Ontario", "CAN", (41.5, 57.0, -95.5, -74.0)),
    ("Bavaria", "DEU", (47.2, 50.6, 8.9, 13.9)),  # an English name
    ("Chechnya", "RUS", (42.4, 44.1, 44.8, 46.7)),
])
def test_divisions_have_points_and_english_names(gazetteer: Gazetteer, name: str, country: str,
                                                 box: tuple[float, float, float, float]) -> None:
    found = gazetteer.resolve(name)
    assert found is not None
    place = found[0]
    assert (place.kind, place.country) == ("admin1", country)
    assert place.lat is not None and place.lon is not None
    assert box[0] <= place.lat <= box[1] and box[2] <= place.lon <= box[3]


def test_cities_name_the_division_linked_through_its_city(gazetteer: Gazetteer) -> None:
    found = gazetteer.resolve("Wuhan")
    assert found is not None and found[0].admin1 == "Hubei Sheng"


def test_regions_demonyms_and_unions(gazetteer: Gazetteer) -> None:
    europe = gazetteer.resolve("European")
    union = gazetteer.resolve("EU")
    ghouta = gazetteer.resolve("East Ghouta")
    assert europe is not None and europe[0].name == "Europe"
    assert union is not None and union[0].kind == "region"
    assert ghouta is not None and ghouta[0].country == "SYR"


def test_lower_divisions_are_known_by_name_only(gazetteer: Gazetteer) -> None:
    assert "GBR" in gazetteer.lower_division_countries("Suffolk")  # an English county: no row, but in the UK
    assert gazetteer.lower_division_countries("Tikrit") == set()
