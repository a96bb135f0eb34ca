"""The query layer over a real store of made-up articles: each filter against the records read back whole,
refusals that list the valid values, cursor pagination, one article's evidence offsets, counted lists; and the
CLI's events, incidents and articles at 80 columns."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from query_store import ARTICLES, Store, build_store, country, end_day, start_day

from sitreps.cli import cli
from sitreps.model import PLOVER_TYPES
from sitreps.query import Filters, QueryError, article, facet, page, stats, stream


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("query"))


@pytest.fixture()
def conn(store: Store) -> Any:
    connection = duckdb.connect(str(store.path), read_only=True)
    yield connection
    connection.close()


def ids(conn: Any, name: str = "events", **filters: Any) -> set[str]:
    return {r.get("id") or r["event_id"] for r in stream(conn, name, Filters.parse(**filters))}


def codes(record: dict[str, Any]) -> set[str]:
    return {a["code"] for a in record["source"] + record["target"] if a.get("code")}


def test_an_unknown_type_is_refused_with_the_sixteen_listed(conn: Any) -> None:
    with pytest.raises(QueryError) as refused:
        Filters.parse(type="ATTACK")
    assert refused.value.field == "type"
    assert refused.value.valid == PLOVER_TYPES
    assert "ASSAULT" in str(refused.value)
    assert ids(conn, type="assault") == {e["id"] for e in conn_events(conn) if e["event_type"] == "ASSAULT"}


def conn_events(conn: Any) -> list[dict[str, Any]]:
    return list(stream(conn, "events", Filters()))


def test_countries_by_name_or_code_and_unknown_refused_with_a_hint(conn: Any, store: Store) -> None:
    syria = {e["id"] for e in store.events if country(e) == "SYR"}
    assert syria, "the Idlib and Aleppo stories are set in Syria"
    assert ids(conn, country="Syria") == ids(conn, country="SYR") == ids(conn, country="sy") == syria
    assert ids(conn, country="Syria,Kenya") == syria | {e["id"] for e in store.events if country(e) == "KEN"}
    with pytest.raises(QueryError) as refused:
        Filters.parse(country="Syrai")
    assert "Syria" in refused.value.reason


def test_an_actor_by_name_and_by_code_finds_the_same_events(conn: Any, store: Store) -> None:
    russian = {e["id"] for e in store.events if "RUS" in codes(e)}
    assert len(russian) >= 2, "three stories have Russia as a source or target"
    assert ids(conn, actor="Russia") == ids(conn, actor="RUS") == ids(conn, actor="rus") == russian
    part = ids(conn, actor="warplanes")  # part of a name the knowledge base does not know
    assert part and part == {e["id"] for e in store.events
                             if any("warplanes" in a["name"].lower() for a in e["source"] + e["target"])}


def test_dates_as_a_year_a_month_or_a_day(conn: Any, store: Store) -> None:
    since_2020 = {e["id"] for e in store.events if end_day(e) and end_day(e) >= date(2020, 1, 1)}
    assert since_2020 and since_2020 != {e["id"] for e in store.events}, "the Aleppo story is from 2019"
    assert ids(conn, since="2020") == since_2020
    march = {e["id"] for e in store.events if start_day(e) and date(2021, 3, 1) <= start_day(e) <= date(2021, 3, 31)}
    assert march and ids(conn, since="2021-03", until="2021-03") == march
    day = {e["id"] for e in store.events if start_day(e) == date(2021, 3, 13)}
    assert ids(conn, since="2021-03-13", until="2021-03-13") == day
    for bad in ("2020-13", "March", "2020-02-30"):
        with pytest.raises(QueryError):
            Filters.parse(since=bad)


def test_place_confidence_outlet_article_and_words(conn: Any, store: Store) -> None:
    located = [e for e in store.events if e.get("location") and e["location"].get("lat") is not None]
    syria = [e for e in located if e["location"]["country"] == "SYR"]
    assert ids(conn, bbox="35,32,43,38") == {e["id"] for e in located
                                             if 35 <= e["location"]["lon"] <= 43 and 32 <= e["location"]["lat"] <= 38}
    assert {e["id"] for e in syria} <= ids(conn, bbox="35,32,43,38")
    middle = sorted(e["confidence"] for e in store.events)[len(store.events) // 2]
    assert ids(conn, min_confidence=middle) == {e["id"] for e in store.events if e["confidence"] >= middle}
    wire = {a.id for a in ARTICLES if a.outlet == "Made-up Wire"}
    assert ids(conn, outlet="made-up wire") == {e["id"] for e in store.events if e["article_id"] in wire}
    first = ARTICLES[0].id
    assert ids(conn, article=first) == {e["id"] for e in store.events if e["article_id"] == first}
    assert ids(conn, q="tear gas") == {e["id"] for e in store.events if "tear gas" in e["evidence"]["text"].lower()}
    with pytest.raises(QueryError):
        Filters.parse(bbox="1,2,3")
    with pytest.raises(QueryError) as refused:
        Filters.parse(stance="rumoured")
    assert "reported" in refused.value.valid


def test_pages_cover_every_match_once_in_a_stable_order(conn: Any) -> None:
    for name, sort in (("events", "date"), ("events", "-confidence"), ("incidents", "-date"), ("articles", None)):
        whole = [r["id"] for r in stream(conn, name, Filters(), sort=sort)]
        seen: list[str] = []
        found = page(conn, name, Filters(), sort=sort, limit=2)
        assert found.total == len(whole)
        seen += [r["id"] for r in found.items]
        while found.next:
            found = page(conn, name, Filters(), sort=sort, limit=2, cursor=found.next)
            seen += [r["id"] for r in found.items]
        assert seen == whole, name
    dated = [r["date"]["start"] for r in stream(conn, "events", Filters(), sort="-date")]
    assert dated == sorted(dated, reverse=True)
    cursor = page(conn, "events", Filters(), sort="date", limit=1).next
    assert cursor
    with pytest.raises(QueryError):
        page(conn, "events", Filters(), sort="-date", cursor=cursor)
    with pytest.raises(QueryError):
        page(conn, "events", Filters(), cursor="not-a-cursor")


def test_incidents_filter_on_their_place_and_their_tellings(conn: Any, store: Store) -> None:
    assert ids(conn, "incidents") == {i["id"] for i in store.incidents}
    syria = {i["id"] for i in store.incidents if country(i) == "SYR"}
    assert syria and ids(conn, "incidents", country="Syria") == syria
    told_by_russia = {i["id"] for i in store.incidents
                      if any(c["event_id"] in ids(conn, actor="RUS") for c in i["claims"])}
    assert told_by_russia and ids(conn, "incidents", actor="Russia") == told_by_russia
    undisputed = {i["id"] for i in store.incidents if not any(q.get("disputed") for q in i["quantities"].values())}
    assert ids(conn, "incidents", disputed=False) == undisputed


def test_an_article_has_its_text_and_every_event_s_evidence_offsets(conn: Any, store: Store) -> None:
    source = ARTICLES[2]
    found = article(conn, source.id)
    assert found and found["text"] == source.text and found["outlet"] == source.outlet
    assert {e["event_id"] for e in found["events"]} == {e["id"] for e in store.events if e["article_id"] == source.id}
    for told in found["events"]:
        span = told["evidence"]
        assert found["text"][span["start"]:span["end"]] == span["text"]
    assert article(conn, "no-such-article") is None


def test_counted_lists_and_stats(conn: Any, store: Store) -> None:
    actors = facet(conn, "actors", Filters.parse(country="KEN"), limit=100)
    kenya = [e for e in store.events if country(e) == "KEN"]
    assert {a["name"] for a in actors.items} == {a["name"] for e in kenya for a in e["source"] + e["target"]}
    outlets = facet(conn, "outlets", Filters(), limit=1)
    assert outlets.total == len({a.outlet for a in ARTICLES}) and outlets.next
    counted = stats(conn, Filters.parse(since="2021"))
    later = [e for e in store.events if end_day(e) and end_day(e) >= date(2021, 1, 1)]
    assert counted["events"] == len(later) == sum(counted["by_type"].values())
    assert counted["by_country"] == {c: sum(country(e) == c for e in later) for c in {country(e) for e in later} if c}
    with pytest.raises(QueryError):
        stats(conn, Filters(), ("weekday",))


# -- the CLI, at 80 columns ----------------------------------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "80"}, catch_exceptions=False)


@pytest.mark.parametrize("command", ["events", "incidents", "articles"])
def test_tables_fit_80_columns_without_breaking_a_word(store: Store, command: str) -> None:
    result = run(command, "--db", str(store.path), "--limit", "100")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(map(len, lines)) <= 80
    total = {"events": len(store.events), "incidents": len(store.incidents), "articles": len(ARTICLES)}[command]
    assert f"{total} {command} match" in result.output
    flowing = " ".join(result.output.split())
    if command == "events":  # every evidence's words come out whole, in order
        for event in store.events:
            words = " ".join(event["evidence"]["text"].split())[:120].rsplit(" ", 1)[0]
            assert words in flowing
    if command == "articles":
        for a in ARTICLES:
            assert f"{a.title}" in flowing and a.id in flowing


def test_the_cli_filters_are_the_query_layer_s(store: Store) -> None:
    by_name = run("events", "--db", str(store.path), "--actor", "Russia", "--country", "Syria", "--format", "jsonl")
    by_code = run("events", "--db", str(store.path), "--actor", "RUS", "--country", "SYR", "--format", "jsonl")
    assert by_name.exit_code == 0 and by_name.stdout == by_code.stdout
    expected = [e for e in store.events if "RUS" in codes(e) and country(e) == "SYR"]
    assert len(by_name.stdout.splitlines()) == len(expected) > 0
    table = run("events", "--db", str(store.path), "--actor", "Russia", "--country", "Syria")
    assert f"{len(expected)} events match" in table.output
    since = run("incidents", "--db", str(store.path), "--since", "2020", "--format", "jsonl")
    assert since.exit_code == 0, since.output
    refused = CliRunner().invoke(cli, ["events", "--db", str(store.path), "--type", "ATTACK"])
    assert refused.exit_code == 2 and "ASSAULT" in refused.output and "Traceback" not in refused.output
    refused = CliRunner().invoke(cli, ["events", "--db", str(store.path), "--country", "Narnia"])
    assert refused.exit_code == 2 and re.search(r"not a country", refused.output)


def test_articles_as_json_lines(store: Store) -> None:
    import json

    result = run("articles", "--db", str(store.path), "--format", "jsonl", "--outlet", "Daily Example")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["id"] for r in records} == {a.id for a in ARTICLES if a.outlet == "Daily Example"}
    for r in records:
        assert {"id", "url", "title", "outlet", "published"} <= set(r)



def test_summary_takes_the_same_filters_and_fits_80_columns(store: Store) -> None:
    import json

    rows = [json.loads(line) for line in run("summary", "--db", str(store.path), "--by", "type", "--country",
                                             "Syria", "--format", "jsonl").stdout.splitlines()]
    syria = [e for e in store.events if country(e) == "SYR"]
    assert {r["group"]: r["events"] for r in rows} == {t: sum(e["event_type"] == t for e in syria)
                                                       for t in {e["event_type"] for e in syria}}
    table = run("summary", "--db", str(store.path), "--by", "claimant", "--since", "2020")
    assert table.exit_code == 0, table.output
    assert max(map(len, table.output.splitlines())) <= 80
    later = [e for e in store.events if end_day(e) and end_day(e) >= date(2020, 1, 1)]
    assert f"{len(later)} events match" in table.output
    assert "…" not in table.output


def test_articles_carry_their_provenance_and_filter_on_it(conn: Any) -> None:
    scores = dict(conn.execute("SELECT article_id, stitched_score FROM article_provenance").fetchall())
    assert set(scores) == {a.id for a in ARTICLES}, "ingest builds provenance"
    stitched = {a for a, score in scores.items() if score is not None and score >= 0.5}
    assert ids(conn, "articles", stitched=True) == stitched
    assert ids(conn, "articles", stitched=False) == set(scores) - stitched
    copies = {a for (a,) in conn.execute("SELECT article_id FROM article_provenance WHERE duplicate_of IS NOT NULL"
                                         " UNION SELECT duplicate_of FROM article_provenance"
                                         " WHERE duplicate_of IS NOT NULL").fetchall()}
    assert ids(conn, "articles", duplicates=True) == copies
    assert ids(conn, "events", duplicates=False) == {e["id"] for e in conn_events(conn) if e["article_id"] not in copies}
    for record in stream(conn, "articles", Filters()):
        assert {"id", "url", "title", "outlet", "published", "events", "duplicate_of", "duplicates", "stitched",
                "spun", "reliability"} <= set(record)


def test_a_store_without_provenance_refuses_its_filters(tmp_path: Any) -> None:
    from sitreps.store import open_store

    with open_store(tmp_path / "empty.duckdb") as store:
        store._conn.execute("DROP TABLE article_provenance")
        with pytest.raises(QueryError) as refused:
            page(store._conn, "articles", Filters.parse(spun=True))
        assert "provenance" in refused.value.reason
        assert page(store._conn, "articles", Filters()).total == 0
