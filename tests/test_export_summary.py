"""``sitreps summary`` on a known store (counts recomputed here from the events and incidents themselves), and
the ``export`` and ``summary`` commands through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from export_stores import Stores, build_stores

from sitreps.cli import cli
from sitreps.export import BY, FORMATS, summarize
from sitreps.model import Event
from sitreps.store import open_store


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    return build_stores(tmp_path_factory.mktemp("summary"))


@pytest.fixture(scope="module")
def events(stores: Stores) -> list[Event]:
    with open_store(stores.events, read_only=True) as store:
        return list(store.events())


def _summary(db: Path, by: str) -> dict[str, dict[str, Any]]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return {row["group"]: row for row in summarize(conn, by)}
    finally:
        conn.close()


def _event_key(event: Event, by: str) -> str:
    if by == "country":
        return event.location.country if event.location and event.location.country else "(none)"
    if by == "type":
        return event.event_type
    if by == "claimant":
        return event.claim.claimant.name if event.claim and event.claim.claimant else "(outlet)"
    assert event.date is not None
    year, week, _ = event.date.start.isocalendar()
    return f"{year}-W{week:02d}" if by == "week" else event.date.start.strftime("%Y-%m")


@pytest.mark.parametrize("by", ["country", "type", "claimant", "week", "month"])
def test_summary_counts_events_and_keeps_aggregate_figures_out(stores: Stores, events: list[Event], by: str) -> None:
    summary = _summary(stores.events, by)
    counts = Counter(_event_key(e, by) for e in events)
    assert {g: row["events"] for g, row in summary.items()} == dict(counts)
    for group, row in summary.items():
        mine = [e for e in events if _event_key(e, by) == group]
        single = [e.quantities["killed"] for e in mine if "killed" in e.quantities
                  and not e.quantities["killed"].aggregate]
        assert row["event_killed_best"] == sum(q.best for q in single)
        assert row["event_killed_high"] == sum(q.high for q in single)
        assert row["aggregate_tellings"] == sum(
            1 for e in mine if "killed" in e.quantities and e.quantities["killed"].aggregate)
        assert "incidents" not in row  # this store has none
    assert sum(row["aggregate_tellings"] for row in summary.values()) == 1


def test_summary_counts_incidents_and_disputes(stores: Stores) -> None:
    by_type = _summary(stores.incidents, "type")
    for event_type in {r["event_type"] for r in stores.records}:
        mine = [r for r in stores.records if r["event_type"] == event_type]
        row = by_type[event_type]
        assert row["incidents"] == len(mine)
        assert row["disputed_incidents"] == sum(
            any(q.get("disputed") for q in r["quantities"].values()) for r in mine)
        assert row["incident_killed_best"] == sum((r["quantities"].get("killed") or {}).get("best") or 0
                                                  for r in mine)
        assert row["incident_killed_high"] == sum((r["quantities"].get("killed") or {}).get("high") or 0
                                                  for r in mine)
    by_country = _summary(stores.incidents, "country")
    assert by_country["SYR"]["incidents"] == 1 and by_country["(none)"]["incidents"] == 1


def test_summary_counts_an_incident_under_each_claimant(stores: Stores) -> None:
    summary = _summary(stores.incidents, "claimant")
    expected: Counter[str] = Counter()
    killed: Counter[str] = Counter()
    for record in stores.records:
        names = {(c["claimant"] or {}).get("name") or "(outlet)" for c in record["claims"]}
        expected.update(names)
        for name in names:  # once per incident, however many of its claims the claimant makes
            killed[name] += (record["quantities"].get("killed") or {}).get("high") or 0
    assert {g: row["incidents"] for g, row in summary.items() if row["incidents"]} == dict(expected)
    assert {g: row["incident_killed_high"] for g, row in summary.items() if row["incidents"]} == dict(killed)


def test_summary_rejects_an_unknown_grouping(stores: Stores) -> None:
    with pytest.raises(ValueError, match="cannot summarize"):
        _summary(stores.events, "planet")


# -- the commands ----------------------------------------------------------------------------------------------


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command_writes_every_format(stores: Stores, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out-{fmt}"
    result = _invoke("export", "--db", str(stores.incidents), "--format", fmt, "--incidents", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert "rows" in result.output


def test_export_command_to_stdout(stores: Stores) -> None:
    result = _invoke("export", "--db", str(stores.events), "--format", "csv", "-")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    with open_store(stores.events, read_only=True) as store:
        assert {r["id"] for r in rows} == {e.id for e in store.events()}


def test_export_command_says_how_to_get_incidents(stores: Stores, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(stores.events), "--format", "geojson", "--incidents",
                                      str(tmp_path / "x.geojson")])
    assert result.exit_code != 0
    assert "sitreps incidents build" in result.output


def test_export_command_needs_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv", "-"])
    assert result.exit_code != 0 and "no database" in result.output


@pytest.mark.parametrize("by", BY)
def test_summary_command_jsonl_matches_the_library(stores: Stores, by: str) -> None:
    result = _invoke("summary", "--db", str(stores.incidents), "--by", by, "--format", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["group"]: r for r in rows} == _summary(stores.incidents, by)


def test_summary_command_table_and_csv(stores: Stores) -> None:
    table = _invoke("summary", "--db", str(stores.incidents), "--by", "country")
    assert "SYR" in table.stdout and "incidents" in table.stdout
    rows = list(csv.DictReader(io.StringIO(_invoke("summary", "--db", str(stores.events), "--by", "month",
                                                    "--format", "csv").stdout)))
    assert sum(int(r["events"]) for r in rows) == len(_events_of(stores.events))


def _events_of(db: Path) -> list[Event]:
    with open_store(db, read_only=True) as store:
        return list(store.events())
