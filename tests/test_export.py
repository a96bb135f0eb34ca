"""Exports read back with real readers: Parquet (pyarrow), PLOVER and GeoJSON (json), GDELT, ACLED and CSV (csv).

Every check compares the export with what the store holds (ids, dates, killed, actors) and looks for the
article's URL and outlet on every row.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from export_stores import ARTICLES, TOTAL, Stores, build_stores

from sitreps.export import NoIncidents, export
from sitreps.export.acled import COLUMNS as ACLED_COLUMNS
from sitreps.export.gdelt import EVENT_COLUMNS as GDELT_COLUMNS
from sitreps.export.gdelt import MENTION_COLUMNS
from sitreps.model import Event
from sitreps.store import open_store

URLS = {a.id: a.url for a in (*ARTICLES, TOTAL)}
OUTLETS = {a.id: a.outlet for a in (*ARTICLES, TOTAL)}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    return build_stores(tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def events(stores: Stores) -> dict[str, Event]:
    with open_store(stores.events, read_only=True) as store:
        return {e.id: e for e in store.events()}


def _killed(event: Event) -> int | None:
    return event.quantities["killed"].best if "killed" in event.quantities else None


def _csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
        return list(csv.DictReader(handle, delimiter=delimiter, quoting=quoting))


def test_the_store_has_what_the_checks_need(events: dict[str, Event]) -> None:
    assert len({e.article_id for e in events.values()}) == 4
    assert any(_killed(e) for e in events.values())
    assert any(e.source for e in events.values())


# -- parquet ---------------------------------------------------------------------------------------------------


def test_parquet_events_round_trip_with_types(stores: Stores, events: dict[str, Event], tmp_path: Path) -> None:
    counts = export(stores.events, "parquet", tmp_path / "pq")
    table = pq.read_table(tmp_path / "pq" / "events.parquet")
    assert table.schema.field("date_start").type == pa.date32()
    assert table.schema.field("killed_best").type == pa.int64()
    assert table.schema.field("lat").type == pa.float64()
    rows = table.to_pylist()
    assert {r["id"] for r in rows} == set(events) and counts["events"] == len(events)
    for row in rows:
        event = events[row["id"]]
        assert row["date_start"] == (event.date.start if event.date else None)
        assert row["killed_best"] == _killed(event)
        assert [a["name"] for a in row["source"]] == [a.name for a in event.source]
        assert row["article_url"] == URLS[event.article_id] and row["article_outlet"] == OUTLETS[event.article_id]
        assert Event.from_dict(json.loads(row["record"])) == event
    assert not (tmp_path / "pq" / "incidents.parquet").exists()


def test_parquet_side_tables(stores: Stores, events: dict[str, Event], tmp_path: Path) -> None:
    export(stores.events, "parquet", tmp_path)
    articles = pq.read_table(tmp_path / "articles.parquet").to_pylist()
    assert {a["id"]: a["url"] for a in articles} == URLS
    actors = pq.read_table(tmp_path / "event_actors.parquet").to_pylist()
    assert len([a for a in actors if a["role"] == "source"]) == sum(len(e.source) for e in events.values())
    quantities = pq.read_table(tmp_path / "quantities.parquet").to_pylist()
    assert {(q["event_id"], q["kind"], q["best"], q["aggregate"]) for q in quantities} == {
        (e.id, k, q.best, q.aggregate) for e in events.values() for k, q in e.quantities.items()}


def test_parquet_incident_tables(stores: Stores, tmp_path: Path) -> None:
    export(stores.incidents, "parquet", tmp_path)
    incidents = pq.read_table(tmp_path / "incidents.parquet")
    assert incidents.schema.field("first_seen").type == pa.date32()
    rows = {r["id"]: r for r in incidents.to_pylist()}
    for record in stores.records:
        row = rows[record["id"]]
        killed = record["quantities"].get("killed")
        assert row["killed_best"] == (killed["best"] if killed else None)
        assert row["killed_disputed"] == (killed["disputed"] if killed else None)
        assert row["articles"] == record["articles"]
        assert row["article_url"] == URLS[record["articles"][0]]
    claims = pq.read_table(tmp_path / "incident_claims.parquet").to_pylist()
    assert len(claims) == sum(len(r["claims"]) + len(r["aggregate_claims"]) for r in stores.records)
    assert all(c["article_url"] == URLS[c["article_id"]] for c in claims)
    links = pq.read_table(tmp_path / "incident_events.parquet").to_pylist()
    assert {(x["incident_id"], x["event_id"]) for x in links} == {
        (r["id"], c["event_id"]) for r in stores.records for c in r["claims"]}


# -- PLOVER ----------------------------------------------------------------------------------------------------


def test_plover_event_records(stores: Stores, events: dict[str, Event], tmp_path: Path) -> None:
    export(stores.events, "plover", tmp_path / "out.jsonl")
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert {r["id"] for r in records} == set(events)
    for record in records:
        event = events[record["id"]]
        assert record["event"] == [event.event_type]
        assert record["date"] == event.date.start.isoformat()  # type: ignore[union-attr]
        assert [a["identifier_text"] for a in record["actor"]] == [a.name for a in event.source]
        assert [a["code"] for a in record["recipient"]] == [a.code for a in event.target]
        assert record.get("dead") == _killed(event)
        assert record["quad_code"] in (1, 2, 3, 4)
        assert record["cite_info"]["url"] == URLS[event.article_id]
        assert record["cite_info"]["publication"] == OUTLETS[event.article_id]
        assert record["sitreps"]["record"]["id"] == event.id
        assert record["sitreps"]["article"]["published"]


def test_plover_incident_records(stores: Stores, tmp_path: Path) -> None:
    export(stores.incidents, "plover", tmp_path / "out.jsonl", incidents=True)
    records = {json.loads(line)["id"]: json.loads(line)
               for line in (tmp_path / "out.jsonl").read_text().splitlines()}
    assert set(records) == {r["id"] for r in stores.records}
    for incident in stores.records:
        record = records[incident["id"]]
        assert record["date"] == incident["date"]["start"]
        assert len(record["event_text"]) == len(incident["claims"])
        assert record.get("dead") == (incident["quantities"].get("killed") or {}).get("best")
        assert record["sitreps"]["incident"] == incident
        assert record["cite_info"]["url"] == URLS[incident["articles"][0]]


# -- GDELT -----------------------------------------------------------------------------------------------------


def test_gdelt_events_and_mentions(stores: Stores, events: dict[str, Event], tmp_path: Path) -> None:
    export(stores.events, "gdelt", tmp_path)
    rows = _csv(tmp_path / "events.tsv", "\t")
    assert list(rows[0])[:61] == list(GDELT_COLUMNS) and len(GDELT_COLUMNS) == 61
    assert {r["GLOBALEVENTID"] for r in rows} == set(events)
    for row in rows:
        event = events[row["GLOBALEVENTID"]]
        assert row["SQLDATE"] == event.date.start.strftime("%Y%m%d")  # type: ignore[union-attr]
        assert row["SOURCEURL"] == URLS[event.article_id] and row["sitreps_outlet"] == OUTLETS[event.article_id]
        assert row["sitreps_killed_best"] == str(_killed(event) or "")
        assert row["Actor1Code"] == (event.source[0].code or "") + (event.source[0].sector or "") \
            if event.source else row["Actor1Code"] == ""
        if event.location and event.location.lat is not None:
            assert float(row["ActionGeo_Lat"]) == event.location.lat
    mentions = _csv(tmp_path / "mentions.tsv", "\t")
    assert list(mentions[0]) == list(MENTION_COLUMNS)
    assert sorted(m["GLOBALEVENTID"] for m in mentions) == sorted(events)
    for mention in mentions:
        event = events[mention["GLOBALEVENTID"]]
        assert mention["MentionIdentifier"] == URLS[event.article_id]
        assert int(mention["Confidence"]) == round(event.confidence * 100)


def test_gdelt_incident_mentions_carry_every_telling(stores: Stores, tmp_path: Path) -> None:
    export(stores.incidents, "gdelt", tmp_path, incidents=True)
    rows = {r["GLOBALEVENTID"]: r for r in _csv(tmp_path / "events.tsv", "\t")}
    mentions = _csv(tmp_path / "mentions.tsv", "\t")
    for incident in stores.records:
        tellings = [*incident["claims"], *incident["aggregate_claims"]]
        mine = [m for m in mentions if m["GLOBALEVENTID"] == incident["id"]]
        assert len(mine) == len(tellings)
        assert sorted(m["MentionIdentifier"] for m in mine) == sorted(URLS[c["article_id"]] for c in tellings)
        assert int(rows[incident["id"]]["NumMentions"]) == len(incident["claims"])
        assert int(rows[incident["id"]]["NumArticles"]) == len(incident["articles"])


# -- ACLED -----------------------------------------------------------------------------------------------------


def test_acled_event_rows(stores: Stores, events: dict[str, Event], tmp_path: Path) -> None:
    export(stores.events, "acled", tmp_path / "acled.csv")
    rows = _csv(tmp_path / "acled.csv")
    assert list(rows[0])[:len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    coded = {i for i, e in events.items() if e.acled}
    assert {r["sitreps_id"] for r in rows} == coded and coded
    for row in rows:
        event = events[row["sitreps_id"]]
        assert row["event_type"] == event.acled["event_type"]  # type: ignore[index]
        assert row["actor1"] == (event.source[0].name if event.source else "")
        assert row["event_date"] == event.date.start.isoformat()  # type: ignore[union-attr]
        expected = _killed(event) if _killed(event) is not None else event.acled.get("fatalities") or 0  # type: ignore[union-attr]
        assert int(row["fatalities"]) == expected
        assert event.evidence.text in row["notes"]
        assert row["article_url"] == URLS[event.article_id] and row["source"] == OUTLETS[event.article_id]


def test_acled_incident_rows_take_the_best_figure_and_note_the_dispute(stores: Stores, tmp_path: Path) -> None:
    export(stores.incidents, "acled", tmp_path / "acled.csv", incidents=True)
    rows = {r["sitreps_id"]: r for r in _csv(tmp_path / "acled.csv")}
    for incident in stores.records:
        row = rows[incident["id"]]
        killed = incident["quantities"].get("killed") or {}
        assert int(row["fatalities"]) == (killed.get("best") or 0)
        assert row["source"] == "; ".join(incident["sources"])
        for claim in incident["claims"]:
            assert claim["evidence"]["text"] in row["notes"]
        assert ("disputed" in row["notes"]) == bool(killed.get("disputed"))
    assert rows["inc-aleppo"]["iso"] == "760" and rows["inc-aleppo"]["country"] == "Syria"


# -- GeoJSON ---------------------------------------------------------------------------------------------------


def test_geojson_incidents(stores: Stores, tmp_path: Path) -> None:
    export(stores.incidents, "geojson", tmp_path / "map.geojson", incidents=True)
    collection = json.loads((tmp_path / "map.geojson").read_text())
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    for incident in stores.records:
        feature = features[incident["id"]]
        place = incident["location"]
        if place:
            assert feature["geometry"] == {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
        else:
            assert feature["geometry"] is None
        assert feature["properties"]["quantities.killed.best"] == (incident["quantities"].get("killed") or {}).get(
            "best")
        assert feature["properties"]["article.url"] == URLS[incident["articles"][0]]
        assert len(feature["properties"]["claims"]) == len(incident["claims"])


def test_geojson_events(stores: Stores, events: dict[str, Event], tmp_path: Path) -> None:
    export(stores.events, "geojson", tmp_path / "map.geojson")
    features = json.loads((tmp_path / "map.geojson").read_text())["features"]
    assert {f["id"] for f in features} == set(events)
    for feature in features:
        event = events[feature["id"]]
        if event.location and event.location.lat is not None:
            assert feature["geometry"]["coordinates"] == [event.location.lon, event.location.lat]
        assert feature["properties"]["article.outlet"] == OUTLETS[event.article_id]


# -- CSV -------------------------------------------------------------------------------------------------------


def _joined(values: list[Any]) -> str:
    return "; ".join("" if v is None else str(v) for v in values)


def test_csv_events_flatten_every_field(stores: Stores, events: dict[str, Event], tmp_path: Path) -> None:
    export(stores.events, "csv", tmp_path / "events.csv")
    rows = _csv(tmp_path / "events.csv")
    assert {r["id"] for r in rows} == set(events)
    for row in rows:
        event = events[row["id"]]
        assert row["source.name"] == _joined([a.name for a in event.source])
        assert row["target.code"] == _joined([a.code for a in event.target])
        assert row["quantities.killed.best"] == str(_killed(event) or "")
        assert row["date.start"] == event.date.start.isoformat()  # type: ignore[union-attr]
        assert row["evidence.text"] == event.evidence.text
        assert row["article.url"] == URLS[event.article_id] and row["article.outlet"] == OUTLETS[event.article_id]
        assert row["article.published"]


def test_csv_incidents_one_row_per_telling(stores: Stores, tmp_path: Path) -> None:
    export(stores.incidents, "csv", tmp_path / "incidents.csv", incidents=True)
    rows = _csv(tmp_path / "incidents.csv")
    for incident in stores.records:
        mine = [r for r in rows if r["id"] == incident["id"]]
        assert len(mine) == len(incident["claims"]) + len(incident["aggregate_claims"])
        assert sorted(r["claim.event_id"] for r in mine) == sorted(
            c["event_id"] for c in [*incident["claims"], *incident["aggregate_claims"]])
        assert {r["source.name"] for r in mine} == {_joined([a["name"] for a in incident["source"]])}
        assert all(r["article.url"] == URLS[r["claim.article_id"]] for r in mine)
        assert sum(r["claim.aggregate"] == "true" for r in mine) == len(incident["aggregate_claims"])


def test_incident_exports_need_incidents(stores: Stores, tmp_path: Path) -> None:
    with pytest.raises(NoIncidents, match="sitreps incidents build"):
        export(stores.events, "csv", tmp_path / "x.csv", incidents=True)
