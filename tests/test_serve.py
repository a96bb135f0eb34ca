"""``sitreps serve`` for real: uvicorn on a free loopback port in a thread, over a store of made-up articles,
queried over HTTP with httpx."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import httpx
import pytest
from query_store import ARTICLES, Store, build_store, country, end_day
from servers import serving

from sitreps.model import PLOVER_TYPES


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[httpx.Client]:
    with serving(store.path) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield http


def items(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every record of a list, following the cursors."""
    out: list[dict[str, Any]] = []
    params = {**params, "limit": 2}
    while True:
        response = client.get(path, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        out += body["items"]
        if not body["next"]:
            assert body["total"] == len(out)
            return out
        params["cursor"] = body["next"]


def ids(client: httpx.Client, path: str = "/events", **params: Any) -> set[str]:
    return {r["id"] for r in items(client, path, **params)}


def test_filters_over_http(client: httpx.Client, store: Store) -> None:
    assert ids(client) == {e["id"] for e in store.events}
    assert ids(client, country="Syria") == ids(client, country="SYR") == {
        e["id"] for e in store.events if country(e) == "SYR"}
    russian = {e["id"] for e in store.events if any(a.get("code") == "RUS" for a in e["source"] + e["target"])}
    assert russian and ids(client, actor="Russia") == ids(client, actor="RUS") == russian
    assert ids(client, since="2020") == {e["id"] for e in store.events if end_day(e) and end_day(e) >= date(2020, 1, 1)}
    assert ids(client, type="COERCE") == {e["id"] for e in store.events if e["event_type"] == "COERCE"}
    assert ids(client, "/incidents", country="KEN") == {i["id"] for i in store.incidents if country(i) == "KEN"}
    assert {r["event_id"] for r in items(client, "/claims", outlet="Made-up Wire")} == {
        e["id"] for e in store.events if e["article_id"] in {a.id for a in ARTICLES if a.outlet == "Made-up Wire"}}


def test_unknown_type_and_country_are_refused_as_json_with_the_valid_values(client: httpx.Client) -> None:
    refused = client.get("/events", params={"type": "ATTACK"})
    assert refused.status_code == 400
    body = refused.json()
    assert body["field"] == "type" and body["valid"] == list(PLOVER_TYPES)
    refused = client.get("/incidents", params={"country": "Narnia"})
    assert refused.status_code == 400 and "not a country" in refused.json()["error"]
    for path, params in (("/events", {"since": "last year"}), ("/events", {"limit": "0"}),
                         ("/events", {"cursor": "garbage"}), ("/events", {"sort": "colour"}),
                         ("/stats", {"by": "weekday"}), ("/events", {"bbox": "1,2"})):
        response = client.get(path, params=params)
        assert response.status_code == 400, (path, params, response.text)
        assert response.json()["error"] and "Traceback" not in response.text
    missing = client.get("/articles/no-such-article")
    assert missing.status_code == 404 and missing.json()["field"] == "article_id"
    assert client.get("/no/such/path").json()["error"]
    assert client.post("/events").status_code == 405
    assert client.get("/events", params={"q": "x" * 5000}).status_code == 414


def test_geojson_csv_and_json_lines(client: httpx.Client, store: Store) -> None:
    geo = client.get("/events", params={"format": "geojson", "country": "Kenya"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    collection = geo.json()
    kenya = [e for e in store.events if country(e) == "KEN"]
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(kenya)
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        event = next(e for e in kenya if e["id"] == feature["id"])
        assert (lat, lon) == (event["location"]["lat"], event["location"]["lon"])
    incidents = client.get("/incidents", params={"format": "geojson"}).json()
    assert len(incidents["features"]) == len(store.incidents)
    table = client.get("/events", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert len(rows) == int(table.headers["x-total-count"]) == len(store.events)
    assert {r["id"] for r in rows} == {e["id"] for e in store.events}
    claims = list(csv.DictReader(io.StringIO(client.get("/claims", params={"format": "csv"}).text)))
    assert {r["event_id"] for r in claims} == {e["id"] for e in store.events}
    lines = client.get("/incidents", params={"format": "jsonl", "limit": 2}).text.splitlines()
    assert len(lines) == min(2, len(store.incidents))
    assert {json.loads(line)["id"] for line in lines} <= {i["id"] for i in store.incidents}


def test_an_article_with_its_evidence_offsets(client: httpx.Client) -> None:
    source = ARTICLES[0]
    body = client.get(f"/articles/{source.id}").json()
    assert body["text"] == source.text and body["events"]
    for told in body["events"]:
        assert body["text"][told["evidence"]["start"]:told["evidence"]["end"]] == told["evidence"]["text"]
    listed = items(client, "/articles", since="2021")
    assert {a["id"] for a in listed} == {a.id for a in ARTICLES if a.published and a.published.year >= 2021}


def test_counts_and_stats(client: httpx.Client, store: Store) -> None:
    counted = client.get("/stats").json()
    assert counted["events"] == len(store.events) == sum(counted["by_type"].values())
    assert counted["incidents"] == len(store.incidents)
    assert sum(counted["by_day"].values()) == sum(1 for e in store.events if e.get("date"))
    places = items(client, "/places", country="SYR")
    assert places and all(p["country"] == "SYR" for p in places)
    outlets = {o["outlet"]: o["articles"] for o in items(client, "/outlets")}
    assert outlets == {name: sum(a.outlet == name for a in ARTICLES) for name in outlets}
    assert items(client, "/actors", actor="Russia")


def test_openapi_and_a_docs_page_with_no_outside_url(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/events", "/incidents", "/claims", "/articles", "/articles/{article_id}", "/actors", "/places",
                 "/outlets", "/stats"):
        assert "get" in spec["paths"][path], path
    names = {p["name"] for p in spec["paths"]["/events"]["get"]["parameters"]}
    assert {"type", "actor", "country", "bbox", "since", "until", "claimant", "stance", "modality", "disputed",
            "min_confidence", "outlet", "article", "q", "sort", "cursor", "limit", "format"} <= names
    page = client.get("/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(a.startswith("/") and not a.startswith("//") for a in assets)
    for text in [page.text, *(client.get(a).text for a in assets)]:
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE)
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_concurrent_clients_get_the_same_answers(client: httpx.Client) -> None:
    """Pages and streams at once: each request reads through a cursor of its own."""
    asks = [{"country": "SYR"}, {"country": "SYR", "format": "geojson"}, {"format": "jsonl"}]
    alone = [client.get("/events", params=params).text for params in asks]

    def ask(n: int) -> bool:
        response = client.get("/events", params=asks[n % len(asks)])
        return response.status_code == 200 and response.text == alone[n % len(asks)]

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(ask, range(24)))


def test_serve_refuses_a_missing_store(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from sitreps.cli import cli

    missing = tmp_path / "missing.duckdb"
    result = CliRunner().invoke(cli, ["serve", "--db", str(missing), "--port", "0"])
    assert result.exit_code != 0 and str(missing) in result.output and "Traceback" not in result.output
    assert not missing.exists()
