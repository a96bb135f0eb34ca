"""Place names listed on their own: the library function and ``sitreps places``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitreps.geo import Gazetteer, default_path
from sitreps.geo.commands import places as places_command
from sitreps.geo.importer import import_geonames
from sitreps.geo.places import ROW_FIELDS, ArticlePlaces, find_places
from sitreps.model import Article

STORY = ("BEIRUT, Oct 18 (Levant Wire) - Syrian government forces shelled the village of Kafr Nabl in Idlib province "
         "and rebels attacked an army checkpoint near Aleppo on Sunday, a monitor said. Turkey said the "
         "shelling must stop.")


@pytest.fixture(scope="module")
def found() -> ArticlePlaces:
    return next(find_places([Article(text=STORY, id="story-1")]))



def test_every_place_name_is_found_and_resolved(found: ArticlePlaces) -> None:
    rows = found.by_text()
    assert {"Kafr Nabl", "Aleppo"} <= set(rows)
    aleppo = rows["Aleppo"]
    assert (aleppo["country"], aleppo["precision"]) == ("SYR", "city")
    assert 35.5 < aleppo["lat"] < 37 and 36.5 < aleppo["lon"] < 38  # type: ignore[operator]
    assert aleppo["reason"]
    division = next(r for text, r in rows.items() if text.startswith("Idlib"))
    assert division["precision"] == "admin1"


def test_rows_carry_offsets_into_the_text(found: ArticlePlaces) -> None:
    for row in found.rows():
        assert set(row) == set(ROW_FIELDS)
        assert row["article_id"] == "story-1"
        assert STORY[row["start"]:row["end"]] == row["text"]  # type: ignore[misc]
    starts = [row["start"] for row in found.rows()]
    assert starts == sorted(starts)  # type: ignore[type-var]


def test_the_dateline_is_a_place_and_actors_are_not(found: ArticlePlaces) -> None:
    rows = found.by_text()
    assert rows["BEIRUT"]["country"] == "LBN"
    assert rows["Turkey"]["use"] == "metonymic"  # "Turkey said": the country speaking, marked as such
    assert {r["use"] for r in rows.values()} >= {"literal", "metonymic"}
    assert "SYR" in {r["country"] for r in rows.values()}


def test_an_article_with_no_places_gives_none() -> None:
    (result,) = find_places([Article(text="Prices rose sharply last week, the minister said.", id="x")])
    assert result.places == ()


def test_the_command_prints_json_lines(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(places_command, [str(story), "--published", "2015-10-18"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert "Aleppo" in {r["text"] for r in rows}
    assert all(set(r) == set(ROW_FIELDS) for r in rows)


def test_the_command_writes_csv_from_stdin() -> None:
    result = CliRunner().invoke(places_command, ["-", "--format", "csv"], input=STORY, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split(",") == list(ROW_FIELDS)
    assert any(",Aleppo," in line for line in lines[1:])


def test_a_bad_date_is_refused() -> None:
    result = CliRunner().invoke(places_command, ["-", "--published", "last week"], input=STORY)
    assert result.exit_code != 0
    assert "--published" in result.output


def test_an_imported_village_is_found(tmp_path: Path) -> None:
    Gazetteer.open().close()
    db = tmp_path / "gazetteer.duckdb"
    shutil.copy(default_path(), db)
    dump = tmp_path / "SY.txt"
    fields = ["9900011", "Tall Sitrip", "Tall Sitrip", "Tel Sitrip", "36.31", "37.05", "P", "PPL", "SY", "", "09",
              "", "", "", "0", "", "350", "Asia/Damascus", "2024-01-01"]
    dump.write_text("\t".join(fields) + "\n", encoding="utf-8")
    text = "Aircraft bombed the village of Tel Sitrip in northern Syria on Monday, a monitor said."
    before = next(find_places([Article(text=text, id="v")], gazetteer=str(db)))
    assert "Tel Sitrip" not in before.by_text()  # placed only in Syria: for the event coder, not listed
    import_geonames(dump, db=db)
    after = next(find_places([Article(text=text, id="v")], gazetteer=str(db))).by_text()
    assert after["Tel Sitrip"]["geonames_id"] == 9900011
    assert (after["Tel Sitrip"]["lat"], after["Tel Sitrip"]["country"]) == (36.31, "SYR")
