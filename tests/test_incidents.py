"""Incidents: tellings merged across articles and claimants, in a real DuckDB file (made-up articles)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitreps.cli import cli
from sitreps.incidents import Settings, build_incidents, query_incidents
from sitreps.incidents.merge import agree, merged_place
from sitreps.model import Actor, Article, Claim, Coded, Event, Evidence, Place, Quantity, When
from sitreps.store import open_store

DAY = date(2031, 3, 14)
# two made-up towns 60 km apart in one made-up province, and a third far away
NORTHTOWN = Place("Northtown", "Northtown", "KEN", "Coast", 0.0, 37.0, None, "city", "test")
SOUTHTOWN = Place("Southtown", "Southtown", "KEN", "Coast", -0.55, 37.0, None, "city", "test")
PROVINCE = Place("Coast", "Coast", "KEN", "Coast", None, None, None, "admin1", "test")
GUNMEN = Actor("gunmen", "gunmen", None, "REB")
VILLAGERS = Actor("villagers", "villagers", "KEN", "CVL")


def telling(article: Article, text: str, *, killed: int | None = None, place: Place = NORTHTOWN,
            day: date = DAY, stance: str = "asserted", claimant: Actor | None = None, aggregate: bool = False,
            event_type: str = "ASSAULT", sentence: int = 0, until: date | None = None) -> Event:
    quantities = {"killed": Quantity(killed, killed, killed, str(killed), aggregate=aggregate)} \
        if killed is not None else {}
    return Event(article.id, sentence, Evidence(0, len(text), text), event_type, trigger="attacked",
                 source=(GUNMEN,), target=(VILLAGERS,), location=place,
                 date=When(day, until or day, "range" if until else "day", "Friday"), quantities=quantities,
                 claim=Claim(claimant, stance) if claimant or stance != "asserted" else None,
                 confidence=0.9, main=True)


def article(name: str, outlet: str | None, text: str, published: date = DAY) -> Article:
    return Article(text=text, title=text.split(".")[0], outlet=outlet, published=published, id=name)


def store_events(db: Path, *packets: tuple[Article, list[Event]]) -> None:
    with open_store(db) as store:
        store.write([Coded(a, events=tuple(events)) for a, events in packets])


def northtown(name: str, outlet: str | None, killed: int, **kw: object) -> tuple[Article, list[Event]]:
    text = f"Gunmen attacked villagers in Northtown on Friday, killing {killed} people, the Harbour Gazette said."
    a = article(name, outlet, text)
    return a, [telling(a, text, killed=killed, **kw)]  # type: ignore[arg-type]


def test_two_outlets_one_incident_disputed_best_by_most_sources(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store_events(db, northtown("a1", "Daily Lantern", 12), northtown("a2", "Evening Kettle", 12),
                 northtown("a3", "Morning Anvil", 20))
    with open_store(db) as store:
        report = build_incidents(store)
    assert report.incidents_total == 1
    (incident,) = query_incidents(db)
    killed = incident.quantities["killed"]
    assert (killed.low, killed.best, killed.high, killed.disputed) == (12, 12, 20, True)
    assert incident.articles == ("a1", "a2", "a3")
    assert len(incident.sources) == 3
    assert incident.location is not None and incident.location.name == "Northtown"
    assert incident.date is not None and incident.date.start == DAY and incident.date.precision == "day"
    assert {a.name: a.tellings for a in incident.source} == {"gunmen": 3}


def test_one_source_each_gives_the_lowest_and_same_outlet_counts_once(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    # one outlet tells 30 twice; two others tell 25 and 40: 30 has one source as each of the others, so 25
    store_events(db, northtown("b1", "Daily Lantern", 30), northtown("b2", "Daily Lantern", 30),
                 northtown("b3", "Evening Kettle", 25), northtown("b4", None, 40))
    with open_store(db) as store:
        build_incidents(store)
    (incident,) = query_incidents(db)
    assert incident.quantities["killed"].best == 25
    assert len(incident.sources) == 3  # the outlet-less article is its own source


def test_rounding_is_no_dispute() -> None:
    assert agree(48, 50) and agree(100, 95) and not agree(3, 4) and not agree(12, 20)


def test_same_type_same_day_different_towns_stay_apart(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    south_text = "Gunmen attacked villagers in Southtown on Friday, killing 12 people, the Harbour Gazette said."
    south = article("s1", "Evening Kettle", south_text)
    store_events(db, northtown("n1", "Daily Lantern", 12), (south, [telling(south, south_text, killed=12,
                                                                            place=SOUTHTOWN)]))
    with open_store(db) as store:
        build_incidents(store)
    found = query_incidents(db)
    assert sorted(i.articles for i in found) == [("n1",), ("s1",)]


def test_a_province_level_telling_joins_the_town_incident(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    text = "Gunmen attacked villagers in Coast province on Friday, killing 12 people, the Harbour Gazette said."
    vague = article("v1", "Evening Kettle", text)
    store_events(db, northtown("n1", "Daily Lantern", 12), (vague, [telling(vague, text, killed=12, place=PROVINCE)]))
    with open_store(db) as store:
        build_incidents(store)
    (incident,) = query_incidents(db)
    assert incident.articles == ("n1", "v1") and incident.location is not None
    assert incident.location.precision == "city" and "Northtown" in incident.location.reason


def test_a_denial_is_kept_as_a_denied_claim(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    ministry = Actor("the ministry", "Ministry of Defence", "KEN", "GOV")
    text = "The ministry denied that gunmen killed 12 villagers in Northtown on Friday."
    a = article("d1", "Evening Kettle", text)
    store_events(db, northtown("n1", "Daily Lantern", 12),
                 (a, [telling(a, text, killed=12, stance="denied", claimant=ministry)]))
    with open_store(db) as store:
        build_incidents(store)
    (incident,) = query_incidents(db)
    stances = {c.article_id: (c.stance, c.claimant.name if c.claimant else None) for c in incident.claims}
    assert stances == {"n1": ("asserted", None), "d1": ("denied", "Ministry of Defence")}
    assert incident.quantities["killed"].best == 12 and incident.quantities["killed"].disputed


def test_an_aggregate_telling_stays_apart_and_is_linked(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    text = "Gunmen have killed 300 villagers in Coast province this month, the Harbour Gazette said."
    a = article("g1", "Evening Kettle", text)
    total = telling(a, text, killed=300, place=PROVINCE, aggregate=True, day=date(2031, 3, 1), until=date(2031, 3, 31))
    store_events(db, northtown("n1", "Daily Lantern", 12), (a, [total]))
    with open_store(db) as store:
        build_incidents(store)
    (incident,) = query_incidents(db)
    assert incident.articles == ("n1",)
    assert [c.event_id for c in incident.aggregate_claims] == [total.id]
    assert incident.quantities["killed"].best == 12


def test_incremental_build_keeps_ids_and_rebuild_gives_the_same(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store_events(db, northtown("n1", "Daily Lantern", 12))
    south_text = "Gunmen attacked villagers in Southtown on Friday, killing 3 people."
    south = article("s1", "Evening Kettle", south_text)
    with open_store(db) as store:
        build_incidents(store)
    (first,) = query_incidents(db)
    store_events(db, (south, [telling(south, south_text, killed=3, place=SOUTHTOWN)]))
    with open_store(db) as store:
        report = build_incidents(store)
    assert report.events == 1 and report.incidents_new == 1 and report.incidents_changed == 0
    ids = {i.id for i in query_incidents(db)}
    assert first.id in ids and len(ids) == 2
    store_events(db, northtown("n2", "Morning Anvil", 12))
    with open_store(db) as store:
        report = build_incidents(store)
    assert report.incidents_changed == 1 and report.incidents_total == 2
    grown = next(i for i in query_incidents(db) if "n1" in i.articles)
    assert grown.articles == ("n1", "n2") and grown.id != first.id
    before = {i.id for i in query_incidents(db)}
    with open_store(db) as store:
        build_incidents(store, rebuild=True)
    assert {i.id for i in query_incidents(db)} == before


def test_thresholds_change_the_grouping(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store_events(db, northtown("n1", "Daily Lantern", 12), northtown("n2", "Morning Anvil", 12))
    with open_store(db) as store:
        build_incidents(store, Settings(join=1.01))
    assert len(query_incidents(db)) == 2


def test_cli_builds_and_prints_incidents(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store_events(db, northtown("n1", "Daily Lantern", 12), northtown("n2", "Morning Anvil", 14))
    runner = CliRunner()
    built = runner.invoke(cli, ["incidents", "build", "--db", str(db), "--max-km", "10"])
    assert built.exit_code == 0, built.output
    assert "1 new incidents" in built.output
    listed = runner.invoke(cli, ["incidents", "--db", str(db), "--format", "jsonl", "--type", "assault"])
    assert listed.exit_code == 0, listed.output
    (line,) = listed.output.splitlines()
    record = json.loads(line)
    assert record["articles"] == ["n1", "n2"]
    assert record["quantities"]["killed"] == {"low": 12, "best": 12, "high": 14, "disputed": True}
    # every line has killed and injured, null where no telling gives one
    assert record["quantities"]["injured"] == {"low": None, "best": None, "high": None, "disputed": False}
    assert {"name", "country", "lat", "lon"} <= set(record["location"]) and {"start", "end"} <= set(record["date"])
    assert set(record) >= {"id", "event_type", "mode", "cameo", "acled", "source", "target", "location", "date",
                           "claims", "aggregate_claims", "sources", "first_seen", "last_seen"}
    csv_out = runner.invoke(cli, ["incidents", "--db", str(db), "--format", "csv", "--country", "KEN"])
    assert csv_out.exit_code == 0 and csv_out.output.count("\n") == 2
    none = runner.invoke(cli, ["incidents", "--db", str(db), "--format", "jsonl", "--since", "2031-04-01"])
    assert none.exit_code == 0 and none.output == ""


@pytest.mark.parametrize("flag", [True, False])
def test_python_api_and_ingest_flag(tmp_path: Path, flag: bool) -> None:
    import sitreps

    db = tmp_path / "s.duckdb"
    text = "Gunmen attacked villagers in Northtown on Friday, killing 12 people."
    sitreps.ingest((), db=db, articles=[article("p1", "Daily Lantern", text)], incidents=flag)
    found = sitreps.incidents(db=db)
    assert all(i.articles == ("p1",) for i in found)
    with open_store(db, read_only=True) as store:
        row = store._conn.execute("SELECT (SELECT count(*) FROM events),"
                                  " (SELECT count(DISTINCT event_id) FROM incident_events)").fetchone()
    assert row is not None and row[0] > 0
    assert row[1] == (row[0] if flag else 0)
    assert bool(found) == flag


def test_a_wire_copy_counts_once_when_provenance_is_stored(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    # the original (one outlet, 20 killed), its copy in another outlet, and a third outlet telling 12
    store_events(db, northtown("w1", "Wire Service", 20), northtown("w2", "Town Crier", 20),
                 northtown("w3", "Morning Anvil", 12))
    with open_store(db) as store:
        build_incidents(store)
    (before,) = query_incidents(db)
    assert before.quantities["killed"].best == 20 and len(before.sources) == 3
    with open_store(db) as store:
        conn = store._conn
        conn.execute("INSERT INTO article_provenance (article_id, duplicate_of) VALUES ('w2', 'w1'), ('w1', NULL)")
        build_incidents(store, rebuild=True)
    (after,) = query_incidents(db)
    assert after.sources == ("Morning Anvil", "Wire Service")
    # 12 and 20 now have one independent source each: the lowest, and the figures still disputed
    assert after.quantities["killed"].best == 12 and after.quantities["killed"].disputed


def test_filters_by_actor_and_dates(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store_events(db, northtown("n1", "Daily Lantern", 12))
    with open_store(db) as store:
        build_incidents(store)
    assert len(query_incidents(db, actor="GUNMEN")) == 1
    assert query_incidents(db, actor="nobody") == []
    assert len(query_incidents(db, since=DAY, until=DAY, country="ken", event_type="assault")) == 1
    assert query_incidents(db, until=date(2031, 3, 13)) == []


def test_claims_are_ranked_by_their_articles_reliability_and_none_is_dropped(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store_events(db, northtown("r1", "Wire Service", 20), northtown("r2", "Town Crier", 20),
                 northtown("r3", "Morning Anvil", 12))
    with open_store(db) as store:
        store._conn.execute("INSERT INTO article_provenance (article_id, reliability) VALUES"
                            " ('r1', 0.4), ('r2', 0.95), ('r3', 0.7)")
        build_incidents(store, rebuild=True)
    (incident,) = query_incidents(db)
    assert [c.article_id for c in incident.claims] == ["r2", "r3", "r1"]
    assert [c.reliability for c in incident.claims] == [0.95, 0.7, 0.4]


def test_a_country_or_admin1_incident_keeps_the_point_its_tellings_give() -> None:
    country = Place("Kenya", "Kenya", "KEN", None, 0.5, 37.9, 192950, "country", "the article's country")
    far_a = Place("Northtown", "Northtown", "KEN", None, 1.0, 36.0, None, "city", "test")
    far_b = Place("Southtown", "Southtown", "KEN", None, -3.0, 39.0, None, "city", "test")
    merged = merged_place([country, far_a, far_b])  # the towns disagree: the country, at its own point
    assert merged is not None and (merged.name, merged.precision, merged.lat, merged.lon) == ("Kenya", "country", 0.5, 37.9)
    division = Place("Coast", "Coast", "KEN", "Coast", -3.2, 39.6, None, "admin1", "test")
    merged = merged_place([division, Place("Coast", "Coast", "KEN", "Coast", None, None, None, "admin1", "x")])
    assert merged is not None and (merged.precision, merged.lat, merged.lon) == ("admin1", -3.2, 39.6)
