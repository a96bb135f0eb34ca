"""Importing a GeoNames dump into the gazetteer: villages resolve, names merge, twice changes nothing."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from sitreps.geo import Gazetteer, default_path
from sitreps.geo.commands import gazetteer as gazetteer_command
from sitreps.geo.importer import import_geonames

# Made-up villages (so that no gazetteer holds them before the import), in real countries.
VILLAGES = [
    # geonameid, name, asciiname, alternate names, lat, lon, class, code, country, admin1, population
    (9_900_001, "Tall Zubaydat Sitrip", "Tall Zubaydat Sitrip", "Tal Zubeidat Sitrip,Tell Zubaydeh Sitrip",
     36.1234, 37.0123, "P", "PPL", "SY", "09", 0),
    (9_900_002, "Khirbat Qarqurat", "Khirbat Qarqurat", "", 35.7001, 36.3002, "P", "PPL", "SY", "12", 250),
    (9_900_003, "Sitripivka", "Sitripivka", "Sitrypivka", 48.51, 37.02, "P", "PPLX", "UA", "14", 1200),
    (9_900_004, "Kafr Sitrip", "Kafr Sitrip", "", 33.41, 36.82, "P", "PPL", "SY", "08", 50),
    (9_900_005, "Jabal Sitrip", "Jabal Sitrip", "", 36.0, 37.1, "T", "MT", "SY", "09", 0),  # a mountain
    # A city cities500 holds already: it tells the import which division GeoNames' admin1 code 09 is.
    (170_063, "Aleppo", "Aleppo", "Halab,Alep", 36.20124, 37.16117, "P", "PPLA", "SY", "09", 2_098_210),
]


def dump_line(row: tuple[object, ...]) -> str:
    gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc, admin1, population = row
    fields = [gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc, "", admin1, "", "", "", population,
              "", "350", "Asia/Damascus", "2024-01-01"]
    return "\t".join(str(f) for f in fields)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gazetteer built from cities500 once: the cache's, copied (it is built there first if missing)."""
    Gazetteer.open().close()
    path = tmp_path_factory.mktemp("geo-built") / "gazetteer.duckdb"
    shutil.copy(default_path(), path)
    return path


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    path = tmp_path / "gazetteer.duckdb"
    shutil.copy(built, path)
    return path


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "SY.txt"
    path.write_text("\n".join(dump_line(r) for r in VILLAGES) + "\n", encoding="utf-8")
    return path


def resolve(db: Path, name: str, countries: tuple[str, ...] = ()) -> object:
    with Gazetteer.open(db) as gaz:
        found = gaz.resolve(name, countries=countries)
    return found[0] if found else None


def table_sizes(db: Path) -> tuple[int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        places = con.execute("select count(*) from places").fetchone()[0]  # type: ignore[index]
        names = con.execute("select count(*) from names").fetchone()[0]  # type: ignore[index]
    return places, names


def test_a_village_resolves_after_import(db: Path, dump: Path) -> None:
    assert resolve(db, "Tall Zubaydat Sitrip") is None
    report = import_geonames(dump, db=db)
    assert report.rows_read == 5  # the mountain (class T) is not taken by default
    assert report.places_added == 4
    village = resolve(db, "Tall Zubaydat Sitrip", ("SYR",))
    assert village is not None
    assert (village.name, village.country, village.kind) == ("Tall Zubaydat Sitrip", "SYR", "city")
    assert (village.lat, village.lon, village.geonames_id) == (36.1234, 37.0123, 9_900_001)
    assert village.admin1 == resolve(db, "Aleppo", ("SYR",)).admin1  # admin1 code 09, linked through Aleppo
    assert resolve(db, "Tell Zubaydeh Sitrip").geonames_id == 9_900_001  # an alternate spelling
    assert resolve(db, "Sitripivka").country == "UKR"
    assert resolve(db, "Jabal Sitrip") is None


def test_existing_rows_stay_and_cities_still_resolve(db: Path, dump: Path) -> None:
    before = resolve(db, "Aleppo", ("SYR",))
    import_geonames(dump, db=db)
    assert resolve(db, "Aleppo", ("SYR",)) == before


def test_import_is_idempotent(db: Path, dump: Path) -> None:
    import_geonames(dump, db=db)
    sizes = table_sizes(db)
    again = import_geonames(dump, db=db)
    assert (again.places_added, again.names_added) == (0, 0)
    assert table_sizes(db) == sizes


def test_zipped_dump_and_alternate_names(db: Path, dump: Path, tmp_path: Path) -> None:
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(dump, "SY.txt")
        z.writestr("readme.txt", "not the dump")
    alternates = tmp_path / "alternateNamesV2.txt"
    rows = [(1, "en", "Khirbet Qarqourat"), (2, "link", "https://example.org/Khirbat_Qarqurat"), (3, "post", "12345")]
    alternates.write_text("".join(f"{n}\t9900002\t{language}\t{name}\t\t\t\t\t\t\n" for n, language, name in rows),
                          encoding="utf-8")
    alt_zip = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alt_zip, "w") as z:
        z.write(alternates, "alternateNamesV2.txt")
        z.writestr("iso-languagecodes.txt", "ISO 639-3\n")
    report = import_geonames(archive, alternate_names=alt_zip, db=db)
    assert report.places_added == 4
    assert resolve(db, "Khirbet Qarqourat").geonames_id == 9_900_002
    assert resolve(db, "12345") is None  # postcodes are not names


def test_a_division_lends_its_point_and_names(db: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("select p.name, c.code, p.id from places p join places c on c.kind = 'country' "
                          "and c.country = p.country where p.kind = 'admin1' and p.lat is null "
                          "and c.code is not null order by p.id limit 1").fetchone()
    if row is None:
        pytest.skip("every first-level division has a point already")
    name, iso2, place_id = row
    path = tmp_path / "adm1.txt"
    path.write_text(dump_line((9_900_100, name, name, "Sitrip Division", 12.5, 45.5, "A", "ADM1", iso2, "99", 0))
                    + "\n", encoding="utf-8")
    report = import_geonames(path, db=db)
    assert (report.divisions_merged, report.places_added) == (1, 0)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select lat, lon from places where id = ?", [place_id]).fetchone() == (12.5, 45.5)
    assert resolve(db, "Sitrip Division") is not None


def test_the_command(db: Path, dump: Path) -> None:
    result = CliRunner().invoke(gazetteer_command, ["import", str(dump), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "4 places added" in result.output
    info = CliRunner().invoke(gazetteer_command, ["info", "--db", str(db)], catch_exceptions=False)
    assert "imported" in info.output and str(dump) in info.output


def test_a_missing_file_is_an_error(db: Path, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        import_geonames(tmp_path / "nowhere.zip", db=db)
