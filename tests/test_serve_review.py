"""Corrections over HTTP, for real: ``sitreps serve`` (uvicorn on a free loopback port) with and without a
token, over a copy of a store of made-up articles. Writes need the token; every refusal is JSON with a reason."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from query_store import Store, build_store
from servers import serving

from sitreps.cli import cli
from sitreps.serve.review import MAX_BODY, read_token

TOKEN = "a-long-made-up-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("serve-review"))


@pytest.fixture(scope="module")
def store(built: Store) -> Store:
    """A copy of the built store, for the server that takes corrections."""
    path = built.path.with_name("corrected.duckdb")
    shutil.copy(built.path, path)
    return Store(path, built.events, built.incidents)


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[httpx.Client]:
    with serving(store.path, token=TOKEN) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield http


def refused(response: httpx.Response, status: int, words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert words in body["error"], body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return dict(body)


def lone(store: Store, n: int) -> dict[str, Any]:
    """The n-th incident, those of one telling first (the made-up store has at least one)."""
    return sorted(store.incidents, key=lambda i: (len(i["claims"]), i["id"]))[n]


def test_the_server_says_it_takes_corrections(client: httpx.Client) -> None:
    status = client.get("/review").json()
    assert status["writes"] is True and status["limits"]["body_bytes"] == MAX_BODY
    assert "figure" in status["fields"] and status["actions"]["incident"] == ["merge", "split"]


def test_writes_need_the_right_token_and_a_good_body(client: httpx.Client, store: Store) -> None:
    event_id = store.events[0]["id"]
    good = {"target": "event", "id": event_id, "action": "confirm", "who": "ana"}
    refused(client.post("/corrections", json=good), 401, "needs the token")
    refused(client.post("/corrections", json=good, headers={"Authorization": "Bearer not-the-token"}), 403,
            "wrong token")
    refused(client.post("/corrections", json=good, headers={"Authorization": TOKEN}), 401, "needs the token")
    refused(client.post("/corrections", content=b'{"target": "event",', headers=AUTH), 400, "not JSON")
    refused(client.post("/corrections", json=["event", event_id], headers=AUTH), 400, "JSON object")
    refused(client.post("/corrections", content=b"{" + b" " * MAX_BODY + b"}", headers=AUTH), 413, "larger than")
    body = refused(client.post("/corrections", json={**good, "id": "no-such-event"}, headers=AUTH), 404, "no event")
    assert body["field"] == "id"
    refused(client.post("/corrections", json={**good, "admin": True}, headers=AUTH), 400, "Extra inputs")
    body = refused(client.post("/corrections", json={**good, "action": "correct", "field": "type",
                                                      "value": "BOMBING"}, headers=AUTH), 400, "not a PLOVER")
    assert "ASSAULT" in body["valid"]
    refused(client.post("/corrections", json={**good, "who": None}, headers=AUTH), 400, "")
    refused(client.put("/corrections", json=good, headers=AUTH), 405, "GET only")
    refused(client.get("/events", params={"q": "x" * 5000}), 414, "query string")
    refused(client.get("/events", params={"limit": 5000}), 400, "")
    refused(client.get("/events", params={"view": "mine"}), 400, "not a view")
    assert client.get("/corrections").json()["count"] == 0  # nothing refused was stored


def test_a_correction_shows_in_the_corrected_view_and_not_the_machine_s(client: httpx.Client, store: Store) -> None:
    incident = lone(store, 0)
    event_id = incident["claims"][0]["event_id"]
    posted = client.post("/corrections", headers=AUTH, json={
        "target": "event", "id": event_id, "action": "correct", "field": "figure",
        "value": {"kind": "killed", "best": 17, "high": 20}, "who": "ana", "why": "the hospital's list"})
    assert posted.status_code == 201, posted.text
    correction = posted.json()["correction"]
    assert correction["who"] == "ana" and correction["value"] == {"kind": "killed", "low": 17, "best": 17, "high": 20}

    def killed(view: str) -> Any:
        found = client.get("/incidents", params={"view": view, "limit": 1000}).json()["items"]
        return next(i for i in found if i["id"] == incident["id"])["quantities"].get("killed")

    assert killed("corrected")["high"] == 20
    assert killed("machine") == incident["quantities"].get("killed")
    events = client.get("/events", params={"article": incident["claims"][0]["article_id"]}).json()["items"]
    assert next(e for e in events if e["id"] == event_id)["review"]["status"] == "corrected"
    listed = client.get("/corrections", params={"incident": incident["id"]}).json()
    assert [c["id"] for c in listed["items"]] == [correction["id"]]

    other = lone(store, 1)
    merged = client.post("/corrections", headers=AUTH, json={
        "target": "incident", "id": incident["id"], "action": "merge", "value": other["id"], "who": "ana"})
    assert merged.status_code == 201, merged.text
    ids = {i["id"] for i in client.get("/incidents", params={"limit": 1000}).json()["items"]}
    assert incident["id"] in ids and other["id"] not in ids
    refused(client.post("/corrections", headers=AUTH, json={
        "target": "incident", "id": incident["id"], "action": "merge", "value": other["id"], "who": "ana"}),
        404, "no incident")


def test_a_server_without_a_token_is_read_only(built: Store) -> None:
    with serving(built.path) as base, httpx.Client(base_url=base, timeout=30) as http:
        assert http.get("/review").json()["writes"] is False
        refused(http.post("/corrections", headers=AUTH, json={
            "target": "event", "id": built.events[0]["id"], "action": "confirm", "who": "ana"}), 403, "read-only")
        assert http.get("/corrections").status_code == 200


def test_the_token_file_is_checked(tmp_path: Path, store: Store) -> None:
    short = tmp_path / "short"
    short.write_text("abc\n", encoding="utf-8")
    with pytest.raises(Exception, match="16 characters"):
        read_token(short)
    good = tmp_path / "token"
    good.write_text(TOKEN + "\n", encoding="utf-8")
    assert read_token(good) == TOKEN
    result = CliRunner().invoke(cli, ["serve", "--db", str(store.path), "--token-file", str(tmp_path / "none")])
    assert result.exit_code == 1 and "cannot read the token file" in result.output
