"""Analyst review over a real DuckDB store of made-up articles: corrections kept as their own records, the
corrected view in queries, summaries and exports (the machine's unchanged and on request), the CLI, and
``sitreps evaluate corrections`` reading them as gold."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from query_store import Store, build_store

from sitreps import review
from sitreps.cli import cli
from sitreps.export import export
from sitreps.incidents.model import incident_id
from sitreps.query import Filters, article, page, stats
from sitreps.review import ReviewError, parse_correction
from sitreps.review.score import score_corrections
from sitreps.store import open_store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("review"))


@pytest.fixture
def store(built: Store, tmp_path: Path) -> Store:
    """A copy of the built store for one test to correct."""
    path = tmp_path / "review.duckdb"
    shutil.copy(built.path, path)
    return Store(path, built.events, built.incidents)


def records(db: Path, name: str, **filters: Any) -> list[dict[str, Any]]:
    with open_store(db, read_only=True) as s:
        found = page(s._conn, name, Filters.parse(**filters), limit=1000)
        return list(found.items)


def machine_rows(db: Path) -> list[tuple[Any, ...]]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(conn.execute("SELECT * FROM events").fetchall() + conn.execute(
            "SELECT id, record, NULL FROM incidents").fetchall(), key=str)
    finally:
        conn.close()


def two_claims(store: Store) -> dict[str, Any]:
    return next(i for i in store.incidents if len(i["claims"]) >= 2)


def alone(store: Store) -> list[dict[str, Any]]:
    """The incidents, those of one telling first (the made-up store has at least one)."""
    return sorted(store.incidents, key=lambda i: (len(i["claims"]), i["id"]))


@pytest.mark.parametrize(("args", "kwargs", "field"), [
    (("event", "x1", "correct"), {"who": "ana", "field": "type", "value": "bombing"}, "value"),
    (("event", "x1", "correct"), {"who": "ana", "field": "colour", "value": "red"}, "field"),
    (("event", "x1", "correct"), {"who": "ana", "field": "figure", "value": {"kind": "killed", "best": -2}},
     "value.best"),
    (("event", "x1", "correct"), {"who": "ana", "field": "figure", "value": {"best": 5, "low": 9}}, "value.best"),
    (("event", "x1", "correct"), {"who": "ana", "field": "place", "value": {"name": "X", "country": "Atlantis"}},
     "value.country"),
    (("event", "x1", "correct"), {"who": "ana", "field": "date", "value": "last week"}, "value.start"),
    (("event", "x1", "reject"), {"who": ""}, "who"),
    (("event", "x1", "merge"), {"who": "ana"}, "action"),
    (("incident", "a1", "merge"), {"who": "ana", "value": "a1"}, "value"),
    (("event", "x 1; drop table", "reject"), {"who": "ana"}, "id"),
    (("article", "x1", "reject"), {"who": "ana"}, "target"),
])
def test_a_bad_correction_is_refused_naming_its_part(args: tuple[str, ...], kwargs: dict[str, Any],
                                                     field: str) -> None:
    with pytest.raises(ReviewError) as refused:
        parse_correction(*args, **kwargs)
    assert refused.value.field == field


def test_values_take_one_shape() -> None:
    figure = parse_correction("event", "e1", "correct", who="ana", field="figure", value={"best": "12"})
    assert figure.value == {"kind": "killed", "low": 12, "best": 12, "high": 12}
    place = parse_correction("event", "e1", "correct", who="ana", field="place",
                             value={"name": "Gao", "country": "Mali", "lat": 16.27, "lon": -0.04})
    assert place.value["country"] == "MLI"
    assert parse_correction("event", "e1", "correct", who="ana", field="type", value="protest").value == "PROTEST"
    assert parse_correction("event", "e1", "correct", who="ana", field="date",
                            value="2021-06-02").value == {"start": "2021-06-02", "end": "2021-06-02"}


def test_a_corrected_type_and_figure_show_by_default_and_the_machine_s_on_request(store: Store) -> None:
    event = next(e for e in store.events if e["event_type"] == "ASSAULT")
    before = machine_rows(store.path)
    review.correct(store.path, "event", event["id"], "correct", who="ana", field="type", value="PROTEST",
                   why="a march, not an attack")
    review.correct(store.path, "event", event["id"], "correct", who="ana", field="figure",
                   value={"kind": "killed", "best": 41})
    assert machine_rows(store.path) == before  # nothing of the machine's written over

    protests = {e["id"]: e for e in records(store.path, "events", type="PROTEST")}
    assert event["id"] in protests
    fixed = protests[event["id"]]
    assert fixed["quantities"]["killed"]["best"] == 41
    assert fixed["review"]["status"] == "corrected" and fixed["review"]["fields"] == ["type", "figure"]
    assert event["id"] not in {e["id"] for e in records(store.path, "events", type="PROTEST", view="machine")}
    assert {e["id"] for e in records(store.path, "events", type="ASSAULT", view="machine")} >= {event["id"]}
    # The incidents it tells are merged again from the corrected tellings.
    told = [i for i in records(store.path, "incidents") if any(c["event_id"] == event["id"] for c in i["claims"])]
    assert told and told[0]["quantities"]["killed"]["high"] >= 41 and told[0]["review"]["events"] == {
        event["id"]: "corrected"}
    with open_store(store.path, read_only=True) as s:
        assert stats(s._conn, Filters.parse(), ("type",))["by_type"].get("PROTEST", 0) == 1 + sum(
            e["event_type"] == "PROTEST" for e in store.events)
        text = article(s._conn, event["article_id"])
        assert text is not None and event["id"] in {e["event_id"] for e in text["events"]
                                                    if e["event_type"] == "PROTEST"}


def test_a_rejected_event_leaves_the_corrected_view_and_its_lone_incident_with_it(store: Store) -> None:
    lone = alone(store)[0]
    event_id = lone["claims"][0]["event_id"]
    review.correct(store.path, "event", event_id, "reject", who="bo", why="a drill")
    assert event_id not in {e["id"] for e in records(store.path, "events")}
    assert event_id in {e["id"] for e in records(store.path, "events", view="machine")}
    assert lone["id"] not in {i["id"] for i in records(store.path, "incidents")}
    assert len(records(store.path, "incidents", view="machine")) == len(store.incidents)


def test_merge_and_split_regroup_the_incidents(store: Store) -> None:
    one, other = alone(store)[:2]
    review.correct(store.path, "incident", one["id"], "merge", who="ana", value=other["id"], why="one strike")
    incidents = {i["id"]: i for i in records(store.path, "incidents")}
    assert other["id"] not in incidents and len(incidents) == len(store.incidents) - 1
    merged = incidents[one["id"]]
    assert {c["event_id"] for c in merged["claims"]} == {c["event_id"] for c in (*one["claims"], *other["claims"])}
    assert merged["review"]["merged"] == [other["id"]]

    pair = next(i for i in store.incidents if len(i["claims"]) >= 2 and i["id"] not in (one["id"], other["id"]))
    event_id = pair["claims"][1]["event_id"]
    review.correct(store.path, "incident", pair["id"], "split", who="ana", value=event_id)
    incidents = {i["id"]: i for i in records(store.path, "incidents")}
    assert [c["event_id"] for c in incidents[incident_id([event_id])]["claims"]] == [event_id]
    assert event_id not in {c["event_id"] for c in incidents[pair["id"]]["claims"]}
    assert incidents[incident_id([event_id])]["review"]["split_from"] == pair["id"]
    # The machine's grouping stands.
    assert {i["id"] for i in records(store.path, "incidents", view="machine")} == {i["id"] for i in store.incidents}
    with pytest.raises(review.NotFound):  # a split of an event the incident no longer holds
        review.correct(store.path, "incident", pair["id"], "split", who="ana", value=event_id)


def test_a_retracted_correction_no_longer_applies_and_both_stay_on_record(store: Store) -> None:
    lone = alone(store)[0]
    event_id = lone["claims"][0]["event_id"]
    rejected, _ = review.correct(store.path, "event", event_id, "reject", who="bo")
    review.correct(store.path, "correction", rejected.id, "retract", who="bo", why="it was real")
    assert event_id in {e["id"] for e in records(store.path, "events")}
    with open_store(store.path, read_only=True) as s:
        assert not review.has_corrections(s._conn)
    listed = review.corrections(store.path)
    assert [c["action"] for c in listed] == ["retract", "reject"] and listed[1]["retracted"] == listed[0]["id"]
    with pytest.raises(ReviewError):
        review.correct(store.path, "correction", rejected.id, "retract", who="bo")


def test_exports_and_summaries_read_the_corrected_view(store: Store, tmp_path: Path) -> None:
    lone = alone(store)[0]
    event_id = lone["claims"][0]["event_id"]
    review.correct(store.path, "event", event_id, "reject", who="bo")

    def exported(view: str) -> set[str]:
        out = tmp_path / f"{view}.csv"
        export(store.path, "csv", out, view=view)
        return {row["id"] for row in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}

    assert event_id in exported("machine") and event_id not in exported("corrected")
    assert exported("machine") - exported("corrected") == {event_id}
    runner = CliRunner()
    fixed = runner.invoke(cli, ["summary", "--by", "type", "--format", "jsonl", "--db", str(store.path)])
    machine = runner.invoke(cli, ["summary", "--by", "type", "--format", "jsonl", "--machine", "--db",
                                  str(store.path)])
    events = [sum(json.loads(line)["events"] for line in r.output.splitlines()) for r in (fixed, machine)]
    assert events == [len(store.events) - 1, len(store.events)]


def test_the_cli_adds_lists_and_queries_corrections(store: Store) -> None:
    runner = CliRunner()
    event = store.events[0]
    db = str(store.path)
    done = runner.invoke(cli, ["review", "add", "event", event["id"], "correct", "--field", "figure", "--value",
                               '{"kind": "injured", "best": 4, "high": 6}', "--who", "ana", "--why", "the list",
                               "--db", db])
    assert done.exit_code == 0, done.output
    assert "correction " in done.output
    listed = runner.invoke(cli, ["review", "list", "--format", "jsonl", "--db", db])
    line = json.loads(listed.output.splitlines()[0])
    assert line["value"] == {"kind": "injured", "low": 4, "best": 4, "high": 6} and line["who"] == "ana"
    corrected = runner.invoke(cli, ["events", "--format", "jsonl", "--db", db])
    machine = runner.invoke(cli, ["events", "--format", "jsonl", "--machine", "--db", db])
    injured = {json.loads(x)["id"]: json.loads(x)["quantities"].get("injured") for x in corrected.output.splitlines()}
    told = {json.loads(x)["id"]: json.loads(x)["quantities"].get("injured") for x in machine.output.splitlines()}
    assert injured[event["id"]]["high"] == 6 and told[event["id"]] != injured[event["id"]]
    bad = runner.invoke(cli, ["review", "add", "event", "no-such-event", "reject", "--who", "ana", "--db", db])
    assert bad.exit_code == 2 and "no event 'no-such-event'" in bad.output
    again = runner.invoke(cli, ["review", "refresh", "--db", db])
    assert again.exit_code == 0 and "1 events (0 rejected)" in again.output


def test_evaluate_reads_the_corrections_as_gold(store: Store) -> None:
    typed = [e for e in store.events if e["event_type"] == "ASSAULT"]
    kept, dropped, right = typed[0], typed[1], typed[2]
    review.correct(store.path, "event", kept["id"], "correct", who="ana", field="type", value="COERCE")
    review.correct(store.path, "event", dropped["id"], "reject", who="ana")
    review.correct(store.path, "event", right["id"], "confirm", who="ana")
    one, other = alone(store)[-2:]
    review.correct(store.path, "incident", one["id"], "merge", who="ana", value=other["id"])
    sizes = [len({c["event_id"] for c in i["claims"]}) for i in (one, other)]
    pairs = [n * (n - 1) // 2 for n in (*sizes, sum(sizes))]
    with open_store(store.path, read_only=True) as s:
        scored = score_corrections(s._conn)
    assert scored["events"] == {"reviewed": 3, "confirmed": 1, "corrected": 1, "rejected": 1, "precision": 0.6667}
    assert scored["fields"]["type"] == {"n": 2, "right": 1, "accuracy": 0.5}
    assert scored["fields"]["place"]["accuracy"] == 1.0
    merged = scored["incidents"]
    # the machine kept apart what is one: of the merged incident's pairs it found only those inside each part
    assert merged["merges"] == 1 and merged["pairwise"]["recall"] == pytest.approx((pairs[0] + pairs[1]) / pairs[2],
                                                                                  abs=1e-3)
    shown = CliRunner().invoke(cli, ["evaluate", "corrections", str(store.path), "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["events"]["rejected"] == 1


def test_the_corrected_view_follows_the_machine_s_tables(store: Store) -> None:
    from datetime import date

    from sitreps import api
    from sitreps.incidents import build_incidents
    from sitreps.model import Article
    from sitreps.review.overlay import stale

    lone = alone(store)[0]
    event_id = lone["claims"][0]["event_id"]
    review.correct(store.path, "event", event_id, "reject", who="bo")
    with open_store(store.path) as s:
        assert not stale(s._conn)
        build_incidents(s, rebuild=True)  # the machine's incidents made again, under the corrected view
        s._conn.execute("DELETE FROM incidents WHERE id = ?", [lone["id"]])
        assert stale(s._conn)
    runner = CliRunner()
    warned = runner.invoke(cli, ["review", "list", "--db", str(store.path)])
    assert "run `sitreps review refresh" in warned.output
    assert runner.invoke(cli, ["review", "refresh", "--db", str(store.path)]).exit_code == 0
    with open_store(store.path, read_only=True) as s:
        assert not stale(s._conn)
    # An ingest refreshes it itself: the new article's events are in, the rejected event still out.
    api.ingest((), db=store.path, articles=[Article(
        text="Police arrested 14 students at a made-up university in Lagos on Tuesday, a spokesman said.",
        url="https://made.example.org/lagos", title="Arrests in Lagos", published=date(2023, 5, 3),
        outlet="Made-up Wire")])
    with open_store(store.path, read_only=True) as s:
        assert not stale(s._conn)
    events = {e["id"] for e in records(store.path, "events")}
    assert event_id not in events and len(events) > len(store.events) - 1


def test_a_column_added_to_the_machine_s_table_leaves_the_corrected_view_working(store: Store) -> None:
    event = store.events[0]
    with open_store(store.path) as s:
        s._conn.execute("ALTER TABLE events ADD COLUMN made_up_later INTEGER")
    review.correct(store.path, "event", event["id"], "correct", who="ana", field="type", value="AID")
    aid = {e["id"] for e in store.events if e["event_type"] == "AID"} | {event["id"]}
    assert {e["id"] for e in records(store.path, "events", type="AID")} == aid
