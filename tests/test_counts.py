"""The pre-aggregated counts (sitreps/store/counts.py): kept exact on incremental ingest and on an incidents
rebuild, answering totals and stats as the rows do; capped totals; GeoJSON features written by DuckDB."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from query_store import ARTICLES, Store, build_store, country, end_day, start_day
from servers import serving

from sitreps import api, review
from sitreps.incidents.build import build_incidents
from sitreps.query import Filters, count, features, page, stats, stream, tally
from sitreps.serve import formats
from sitreps.store import open_store
from sitreps.store.counts import rebuild

SPANS = ((None, None), ("2019", None), (None, "2020-03"), ("2020", "2021"), ("2021-06-02", "2021-06-02"),
         ("2022-05", "2022-05"), ("2030", None))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The query store written in two runs (three articles, then two), so both tables were kept
    incrementally: events appended, incidents replaced."""
    folder = tmp_path_factory.mktemp("counts")
    build_store(folder, ARTICLES[:3])
    return build_store(folder, ARTICLES)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def meets(record: dict[str, Any], since: str | None, until: str | None, first: date | None,
          last: date | None) -> bool:
    lo = Filters.parse(since=since).since
    hi = Filters.parse(until=until).until
    return (lo is None or (last is not None and last >= lo)) and (hi is None or (first is not None and first <= hi))


def first_last(incident: dict[str, Any]) -> tuple[date | None, date | None]:
    first = start_day(incident) or date.fromisoformat(incident["first_seen"])
    last = end_day(incident) or date.fromisoformat(incident["last_seen"])
    return first, last


def test_the_tables_hold_one_folded_row_per_group_as_a_fresh_count_gives(store: Store, tmp_path: Path) -> None:
    kept = {t: sorted(rows(store.path, f"SELECT * FROM {t}"), key=repr) for t in ("event_counts", "incident_counts")}
    assert sum(n for *_, n in kept["event_counts"]) == len(store.events)
    assert sum(n for *_, n in kept["incident_counts"]) == len(store.incidents)
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(store.path.read_bytes())
    with open_store(copy) as s:
        rebuild(s._conn)
    for table, before in kept.items():
        assert sorted(rows(copy, f"SELECT * FROM {table}"), key=repr) == before
        assert len({tuple(r[:4]) for r in before}) == len(before)  # folded: one row per group


@pytest.mark.parametrize("since,until", SPANS)
def test_totals_from_the_counts_are_the_rows_totals(store: Store, since: str | None, until: str | None) -> None:
    with open_store(store.path, read_only=True) as s:
        for place in (None, "SYR", "KEN,MMR"):
            for kind in (None, "ASSAULT", "PROTEST,COERCE"):
                filters = Filters.parse(country=place, type=kind, since=since, until=until)
                assert tally.usable(s._conn, filters.bind(s._conn))
                events = [e for e in store.events if (place is None or country(e) in place.split(","))
                          and (kind is None or e["event_type"] in kind.split(","))
                          and meets(e, since, until, start_day(e), end_day(e) or start_day(e))]
                incidents = [i for i in store.incidents if (place is None or country(i) in place.split(","))
                             and (kind is None or i["event_type"] in kind.split(","))
                             and meets(i, since, until, *first_last(i))]
                assert count(s._conn, "events", filters) == len(events)
                assert count(s._conn, "claims", filters) == len(events)
                assert count(s._conn, "incidents", filters) == len(incidents)
                got = stats(s._conn, filters, ("type", "country", "day", "month", "year"))
                assert got["events"] == len(events) and got["incidents"] == len(incidents)
                days = sorted(d for e in events if (d := start_day(e)))
                assert got["date_range"] == ({"start": days[0].isoformat(), "end": days[-1].isoformat()}
                                             if days else None)
                assert got["by_type"] == dict(Counter(e["event_type"] for e in events))
                assert got["by_country"] == dict(Counter(country(e) for e in events if country(e)))
                assert got["by_day"] == dict(Counter(d.isoformat() for d in days))
                assert got["by_month"] == dict(Counter(d.isoformat()[:7] for d in days))


def test_other_filters_and_groupings_count_the_rows(store: Store) -> None:
    with open_store(store.path, read_only=True) as s:
        for filters in (Filters.parse(actor="Russia"), Filters.parse(bbox="30,30,40,40"),
                        Filters.parse(min_confidence=0.1), Filters.parse(admin1="Nairobi")):
            assert not tally.usable(s._conn, filters.bind(s._conn))
        assert count(s._conn, "events", Filters.parse(actor="Russia")) == len(
            page(s._conn, "events", Filters.parse(actor="Russia"), limit=1000).items)
        by_stance = stats(s._conn, Filters.parse(), ("stance",))["by_stance"]
        assert sum(by_stance.values()) == len(store.events)


def test_an_incidents_rebuild_and_a_correction_keep_the_counts_right(tmp_path: Path) -> None:
    built = build_store(tmp_path, ARTICLES)
    with open_store(built.path) as s:
        build_incidents(s, rebuild=True)
    after = rows(built.path, "SELECT count(*), sum(n) FROM incident_counts")[0]
    assert after[1] == len(built.incidents)
    event = next(e for e in built.events if e["event_type"] == "ASSAULT")
    review.correct(built.path, "event", event["id"], "correct", who="ana", field="type", value="PROTEST")
    with open_store(built.path, read_only=True) as s:
        corrected, machine = Filters.parse(type="PROTEST"), Filters.parse(type="PROTEST", view="machine")
        assert not tally.usable(s._conn, corrected.bind(s._conn))  # the corrected view counts its rows
        assert tally.usable(s._conn, machine.bind(s._conn))
        protests = sum(e["event_type"] == "PROTEST" for e in built.events)
        assert count(s._conn, "events", corrected) == protests + 1
        assert count(s._conn, "events", machine) == protests
        assert stats(s._conn, corrected, ("type",))["by_type"]["PROTEST"] == protests + 1
        assert stats(s._conn, machine, ("type",))["by_type"]["PROTEST"] == protests


def test_a_capped_total_says_when_more_match(store: Store) -> None:
    with open_store(store.path, read_only=True) as s:
        everything = Filters.parse(min_confidence=0.0)  # not answered by the counts: counted row by row
        exact = page(s._conn, "events", everything, limit=1)
        assert exact.total == len(store.events) and exact.total_exact
        capped = page(s._conn, "events", everything, limit=1, total_cap=2)
        assert (capped.total, capped.total_exact) == (2, False)
        roomy = page(s._conn, "events", everything, limit=1, total_cap=len(store.events))
        assert (roomy.total, roomy.total_exact) == (len(store.events), True)
        # where the counts answer, the total is exact whatever the cap
        counted = page(s._conn, "events", Filters.parse(), limit=1, total_cap=2)
        assert (counted.total, counted.total_exact) == (len(store.events), True)


@pytest.mark.parametrize("name", ["events", "incidents"])
def test_geojson_features_from_duckdb_are_the_python_ones(store: Store, name: str) -> None:
    with open_store(store.path, read_only=True) as s:
        for filters in (Filters.parse(), Filters.parse(country="SYR"), Filters.parse(actor="Russia")):
            written = json.loads("".join(formats.feature_collection(features(s._conn, name, filters))))
            python = json.loads("".join(formats.geojson("flat", stream(s._conn, name, filters, flat=True))))
            assert written == python
            assert len(written["features"]) == count(s._conn, name, filters)
        assert len(json.loads("".join(formats.feature_collection(
            features(s._conn, name, Filters.parse(), limit=2))))["features"]) == min(2, count(
                s._conn, name, Filters.parse()))


def test_the_server_pages_with_total_exact_and_streams_geojson(store: Store) -> None:
    with serving(store.path) as base, httpx.Client(base_url=base, timeout=30) as client:
        body = client.get("/events", params={"country": "Syria"}).json()
        assert body["total_exact"] is True and body["total"] == sum(country(e) == "SYR" for e in store.events)
        geo = client.get("/incidents", params={"format": "geojson"})
        assert geo.headers["content-type"].startswith("application/geo+json")
        assert len(geo.json()["features"]) == int(geo.headers["x-total-count"]) == len(store.incidents)


def test_new_articles_keep_the_counts_on_a_store_written_by_the_api(tmp_path: Path) -> None:
    db = tmp_path / "grow.duckdb"
    for part in (ARTICLES[:1], ARTICLES[1:4], ARTICLES[4:]):
        api.ingest((), db=db, articles=list(part))
        events = rows(db, "SELECT count(*) FROM events")[0][0]
        assert rows(db, "SELECT sum(n) FROM event_counts")[0][0] == events
        incidents = rows(db, "SELECT count(*) FROM incidents")[0][0]
        assert (rows(db, "SELECT coalesce(sum(n), 0) FROM incident_counts")[0][0]) == incidents
