"""A country to focus on: --country on extract and ingest, country= in Python, a 'country' field in JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sitreps import api
from sitreps.cli import cli
from sitreps.read.jsonl import country_code, read_record


def _places(text: str, country: str | None) -> list[tuple[str | None, str]]:
    return [(e.location.country, e.location.precision) for e in api.extract(text, published="2021-06-02",
                                                                             country=country) if e.location]


def test_a_place_name_prefers_the_focus_country() -> None:
    text = "Protesters marched in Hamilton on Monday."
    assert _places(text, "NZL") == [("NZL", "city")]
    assert _places(text, "CAN") == [("CAN", "city")]


def test_an_event_with_no_place_falls_back_to_the_focus_country() -> None:
    events = api.extract("Soldiers clashed with fighters on Monday, the army said.", published="2021-06-02",
                         country="NGA")
    assert events and all(e.location is not None for e in events)
    place = events[0].location
    assert place is not None and (place.country, place.precision) == ("NGA", "country")
    assert "focus country" in place.reason


def test_without_a_focus_country_nothing_is_invented() -> None:
    events = api.extract("Soldiers clashed with fighters on Monday, the army said.", published="2021-06-02")
    assert all(e.location is None for e in events)


def test_country_codes_are_read_from_codes_and_names() -> None:
    assert country_code("KEN") == "KEN" and country_code("ke") == "KEN" and country_code("Kenya") == "KEN"
    assert country_code("Atlantis") is None and country_code("") is None and country_code(None) is None


def test_a_json_record_names_its_country() -> None:
    article = read_record({"id": "r1", "text": "Traders marched in the town.", "country": "Nigeria"}, origin="x")
    assert getattr(article, "country", None) == "NGA"
    bare = read_record({"id": "r2", "text": "Traders marched in the town."}, origin="x")
    assert getattr(bare, "country", "") is None
    odd = read_record({"id": "r3", "text": "Traders marched in the town.", "country": "Atlantis"}, origin="x")
    assert getattr(odd, "country", "") is None


def test_a_records_own_country_wins_over_the_option(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    records = [{"id": "a", "text": "Soldiers clashed with fighters on Monday.", "published": "2021-06-02",
                "country": "MLI"},
               {"id": "b", "text": "Soldiers clashed with fighters on Tuesday.", "published": "2021-06-02"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--country", "NER"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    countries = {e["evidence"]["text"].split()[-1]: e["location"]["country"] for e in events if e["location"]}
    assert countries == {"Monday.": "MLI", "Tuesday.": "NER"}


def test_an_unknown_country_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Soldiers clashed with fighters on Monday.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--country", "XYZ"])
    assert result.exit_code != 0 and "not a country" in result.output


def test_ingest_takes_the_option(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("Soldiers clashed with fighters on Monday, the army said.", encoding="utf-8")
    report = api.ingest([path], db=tmp_path / "s.duckdb", published="2021-06-02", country="SOM")
    assert report.events >= 1
    from sitreps.store import open_store

    with open_store(tmp_path / "s.duckdb") as store:
        events = list(store.events())
    assert events and all(e.location is not None and e.location.country == "SOM" for e in events)
