"""The PostgreSQL back end against a real server the tests start (tests/pg_server.py): the same made-up
articles ingested into DuckDB and into PostgreSQL give the same answers through the one query layer (events,
incidents, claims, articles, filters, facets, stats, summaries), the CLI and the API server read from it, and a
second writer is refused. Skipped where PostgreSQL or psycopg is not installed; never faked."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from pg_server import create_database, find_bin, postgres
from query_store import ARTICLES
from servers import serving

from sitreps import api
from sitreps.cli import cli
from sitreps.errors import StoreBusy, StoreError
from sitreps.export import summarize
from sitreps.model import Article, Failure
from sitreps.query import Filters, article, facet, page, stats, stream
from sitreps.store import open_store
from sitreps.store.migrations import MIGRATIONS, POSTGRES_INDEXES
from sitreps.store.postgres import PgPool, PgStore

BIN = find_bin()
psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install 'sitreps[pg]'")
pytestmark = pytest.mark.skipif(BIN is None, reason="no PostgreSQL server binaries (initdb, postgres) found; "
                                                    "install Debian's postgresql package to run these tests")

# the query layer's articles, a wire copy of the first (another outlet, same words), and one that fails
COPY = replace(ARTICLES[0], url="https://copy.example.com/idlib", outlet="Copy Desk", id="")
MORE = (Article(text="Turkish drones struck a convoy near Qamişli on Thursday, killing five fighters, the "
                     "Kurdish-led Syrian Democratic Forces said.", url="https://paper.example.com/qamisli",
                title="Drone strike near Qamişli", published=date(2020, 3, 6), outlet="Second Paper"),)
FAILED = Failure("read", "broken-1", "parse", "a made-up line that never closes", "made-up.jsonl#2")
ITEMS: tuple[Article | Failure, ...] = (*ARTICLES, COPY, *MORE, FAILED)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    assert BIN is not None
    with postgres(BIN) as url:
        yield url


_names = itertools.count()


@pytest.fixture
def pg_url(server: str) -> str:
    """A fresh empty database on the test server."""
    return create_database(server, f"t{next(_names)}")


@dataclass(frozen=True)
class Pair:
    duck: str
    pg: str


@pytest.fixture(scope="module")
def pair(server: str, tmp_path_factory: pytest.TempPathFactory) -> Pair:
    """The same items ingested into a DuckDB file and into a PostgreSQL database."""
    duck = str(tmp_path_factory.mktemp("pair") / "same.duckdb")
    pg = create_database(server, "pair")
    reports = [api.ingest((), db=db, articles=list(ITEMS)) for db in (duck, pg)]
    assert reports[0].events > 5 and reports[0].failures == 1
    assert [(r.articles_new, r.events, r.failures) for r in reports[:1]] == \
        [(r.articles_new, r.events, r.failures) for r in reports[1:]]
    return Pair(duck, pg)


FILTERS = (
    {}, {"country": "Syria"}, {"actor": "Russia"}, {"type": "ASSAULT"}, {"since": "2020", "until": "2021-06"},
    {"q": "protesters"}, {"stance": "reported"}, {"outlet": "Made-up Wire"}, {"bbox": "30,20,45,40"},
    {"min_confidence": 0.5}, {"duplicates": True}, {"disputed": False}, {"claimant": "ministry"},
    {"actor": "police", "country": "Kenya"}, {"q": "QAMIŞLI"},
)


def _answers(db: str) -> dict[str, Any]:
    """Everything the query layer answers over the store at ``db``."""
    out: dict[str, Any] = {}
    with open_store(db, read_only=True) as store:
        conn = store.conn
        for number, words in enumerate(FILTERS):
            filters = Filters.parse(**words)
            for name in ("events", "incidents", "claims", "articles"):
                out[f"{number}:{name}"] = page(conn, name, filters, limit=1000)
                out[f"{number}:{name}:sorted"] = page(conn, name, filters, limit=1000,
                                                      sort="-date" if name != "articles" else "-published").items
            out[f"{number}:flat"] = list(stream(conn, "events", filters, flat=True))
            out[f"{number}:stats"] = stats(conn, filters, ("type", "country", "day", "month", "year", "stance",
                                                           "modality"))
            for name in ("actors", "claimants", "places", "outlets"):
                out[f"{number}:{name}"] = facet(conn, name, filters)
        for by in ("week", "month", "country", "admin1", "type", "claimant"):
            out[f"summary:{by}"] = summarize(conn, by)
        out["store"] = (store.summary(), list(store.events(country="SYR")), list(store.articles()),
                        sorted(store.article_ids()), list(store.failures()))
        out["article"] = [article(conn, a) for a in sorted(store.article_ids())]
    return out


def test_postgres_answers_every_query_as_duckdb_does(pair: Pair) -> None:
    duck, pg = _answers(pair.duck), _answers(pair.pg)
    assert duck.keys() == pg.keys()
    for key in duck:
        assert pg[key] == duck[key], key
    assert duck["0:incidents"].total > 0 and duck["1:events"].total > 0  # the comparison compares something
    assert duck["10:articles"].total == 2  # the wire copy and its original: provenance built on both
    assert duck["14:events"].total > 0  # a non-ASCII word found case-insensitively on both
    assert sum(duck[f"{n}:events"].total > 0 for n in range(len(FILTERS))) >= len(FILTERS) - 2


def test_pages_and_cursors_walk_the_same_records(pair: Pair) -> None:
    walked: list[list[str]] = []
    for db in (pair.duck, pair.pg):
        with open_store(db, read_only=True) as store:
            ids, cursor = [], None
            while True:
                found = page(store.conn, "events", Filters(), sort="-killed", limit=2, cursor=cursor)
                ids += [r["id"] for r in found.items]
                if not found.next:
                    break
                cursor = found.next
            walked.append(ids)
    assert walked[0] == walked[1] and len(walked[0]) == len(set(walked[0])) > 4


def test_reingest_changes_nothing(pair: Pair) -> None:
    report = api.ingest((), db=pair.pg, articles=list(ITEMS))
    assert (report.articles_new, report.articles_seen, report.events) == (0, len(ITEMS) - 1, 0)
    with open_store(pair.pg, read_only=True) as pg, open_store(pair.duck, read_only=True) as duck:
        assert pg.counts() == duck.counts()


def _cli(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_reads_postgres_with_pg_or_sitreps_db(pair: Pair) -> None:
    for command in (["events", "--country", "Syria"], ["incidents"], ["articles", "--duplicates"],
                    ["summary", "--by", "type"]):
        fmt = ["--format", "jsonl"]
        duck = _cli(*command, *fmt, "--db", pair.duck)
        assert duck.strip()
        assert _cli(*command, *fmt, "--pg", pair.pg) == duck
        assert _cli(*command, *fmt, env={"SITREPS_DB": pair.pg}) == duck
    assert "parse" in _cli("failures", "--pg", pair.pg)
    assert _cli("export", "-", "--format", "csv", "--pg", pair.pg) == _cli("export", "-", "--format", "csv",
                                                                          "--db", pair.duck)


def test_api_server_serves_postgres_as_it_serves_duckdb(pair: Pair) -> None:
    paths = ("/events?country=Syria", "/incidents?format=geojson", "/claims?format=csv", "/stats",
             "/actors", "/articles?format=jsonl", "/events?type=ATTACK")
    bodies: list[list[tuple[int, str]]] = []
    for db in (pair.duck, pair.pg):
        with serving(db) as base, httpx.Client(base_url=base, timeout=30) as client:
            first = client.get("/events?limit=1").json()["items"][0]["article_id"]
            bodies.append([(r.status_code, r.text) for r in
                           (client.get(p) for p in (*paths, f"/articles/{first}"))])
    assert bodies[0] == bodies[1]
    assert [status for status, _ in bodies[0]] == [200] * len(paths[:-1]) + [400, 200]


SECOND_WRITER = textwrap.dedent("""
    import sys
    from sitreps.errors import StoreBusy, StoreError
    from sitreps.store import open_store
    try:
        open_store(sys.argv[1]).close()
    except StoreError as error:
        print("refused:", error)
    else:
        print("opened")
""")


def _second_writer(url: str) -> str:
    done = subprocess.run([sys.executable, "-c", SECOND_WRITER, url], check=False, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_one_writer_many_readers(pg_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "one.txt").write_text(ARTICLES[0].text, encoding="utf-8")
    with open_store(pg_url) as writer:
        out = _second_writer(pg_url)
        assert out.startswith("refused:") and "writer lock" in out
        with pytest.raises(StoreError, match="writer lock"):
            open_store(pg_url)
        with open_store(pg_url, read_only=True) as reader:  # readers are not blocked
            assert reader.counts()["articles"] == 0
            with pytest.raises(StoreError, match="read-only"):
                reader.record([FAILED])
        assert writer.record([FAILED]) == 1
        with PgStore(pg_url, writer_lock=False) as beside:  # a small write beside the ingest, no lock taken
            assert beside.record([replace(FAILED, item_id="broken-2")]) == 1
        ingest = CliRunner().invoke(cli, ["ingest", "--pg", pg_url, str(folder)])
        assert ingest.exit_code != 0 and "writer lock" in ingest.output and "Traceback" not in ingest.output
    assert _second_writer(pg_url).strip() == "opened"  # closing the writer let the lock go


def test_a_writer_opens_again_at_once_after_closing(pg_url: str) -> None:
    for number in range(30):  # closing lets the lock go before it returns, not when the server process ends
        with open_store(pg_url) as store:
            assert store.record([replace(FAILED, item_id=f"broken-{number}")]) == 1


def _sessions(url: str, expected: int) -> int:
    """The server's open sessions on this database, other than the one asking, once they are ``expected`` or
    after 5 s (a closed session's backend ends a moment after the client lets it go)."""
    for _ in range(50):
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                               "AND pid <> pg_backend_pid()").fetchone()
        if int(row[0]) == expected:
            break
        time.sleep(0.1)
    return int(row[0])


def test_a_servers_pool_opens_no_more_than_its_limit(pg_url: str) -> None:
    with open_store(pg_url):
        pass  # the schema
    pool = PgPool(pg_url, size=1, limit=2, wait=0.2)
    try:
        first, second = pool.cursor(), pool.cursor()
        assert first.execute("SELECT 1").fetchone() == (1,) and second.execute("SELECT 2").fetchone() == (2,)
        assert _sessions(pg_url, 2) == 2
        with pytest.raises(StoreBusy, match="2 connections busy"):
            pool.cursor()  # a third waits 0.2 s, then is refused
        first.close()
        first.close()  # closed twice: its connection and slot go back once
        third = pool.cursor()  # the kept connection, again
        with pytest.raises(StoreBusy):
            pool.cursor()
        second.close()  # kept for the next request (the one kept is in use)
        fourth = pool.cursor()
        assert fourth.execute("SELECT 4").fetchone() == (4,) and _sessions(pg_url, 2) == 2
        third.close()
        fourth.close()  # more than the one kept: closed, its slot free
        assert _sessions(pg_url, 1) == 1
    finally:
        pool.close()
    assert _sessions(pg_url, 0) == 0


def test_schema_is_migrated_once_and_a_newer_one_refused(pg_url: str) -> None:
    with pytest.raises(StoreError, match="no sitreps store"):
        open_store(pg_url, read_only=True)
    with open_store(pg_url) as store:
        version = store.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert int(version[0]) == len(MIGRATIONS)
        store.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(len(MIGRATIONS) + 1)])
    with pytest.raises(StoreError, match="newer than this sitreps"):
        open_store(pg_url, read_only=True)


def test_postgres_gets_its_indexes_and_duckdb_none(pair: Pair) -> None:
    with open_store(pair.pg, read_only=True) as pg, open_store(pair.duck, read_only=True) as duck:
        pg_names = {r[0] for r in pg.conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = "
                                                  "current_schema()").fetchall()}
        duck_names = {r[0] for r in duck.conn.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    assert {name for name, _, _ in POSTGRES_INDEXES} | {"event_actors_name_trigrams"} <= pg_names
    assert not duck_names & {name for name, _, _ in POSTGRES_INDEXES}


def test_without_the_trigram_extension_the_store_migrates_all_the_same(server: str) -> None:
    url = create_database(server, "plain")
    with psycopg.connect(url, autocommit=True) as admin:  # a user who may create tables, not extensions
        admin.execute("CREATE ROLE plain_writer LOGIN")
        admin.execute("GRANT USAGE, CREATE ON SCHEMA public TO plain_writer")
    with open_store(url.replace("sitreps@", "plain_writer@")) as store:
        names = {r[0] for r in store.conn.execute("SELECT indexname FROM pg_indexes").fetchall()}
        assert "events_type" in names and "event_actors_name_trigrams" not in names
        assert store.record([FAILED]) == 1
        assert page(store.conn, "events", Filters.parse(actor="rebels")).total == 0


def test_a_user_who_may_not_create_tables_gets_a_clear_error(server: str) -> None:
    url = create_database(server, "not_mine")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("CREATE ROLE visitor LOGIN")
    with pytest.raises(StoreError, match="cannot set up the store: permission denied"):
        open_store(url.replace("sitreps@", "visitor@"))


def test_a_bad_url_is_a_clear_error(server: str) -> None:
    url = server.rsplit("/", 1)[0].replace("sitreps@", "sitreps:secret@") + "/no_such_database"
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open_store(url)
    assert "secret" not in str(caught.value)


def test_stored_records_read_back_byte_for_byte(pair: Pair) -> None:
    rows = []
    for db in (pair.duck, pair.pg):
        with open_store(db, read_only=True) as store:
            rows.append(store.conn.execute("SELECT id, record FROM events ORDER BY id").fetchall())
    assert rows[0] == rows[1] and all(json.loads(r) for _, r in rows[0])


def test_corrections_on_postgres_give_the_view_they_give_on_duckdb(server: str, tmp_path: Path) -> None:
    """Analysts' corrections (sitreps/review) stored in PostgreSQL: the corrected view answers as DuckDB's does,
    the machine's view is left as it was, and the API server with a token takes a correction over HTTP."""
    from sitreps import review

    dbs = (str(tmp_path / "reviewed.duckdb"), create_database(server, "reviewed"))
    for db in dbs:
        api.ingest((), db=db, articles=list(ITEMS))
    with open_store(dbs[0], read_only=True) as store:
        events = page(store.conn, "events", Filters(), sort="-killed", limit=2).items
    rejected, figured = events[0]["id"], events[1]["id"]
    machine = [_answers(db) for db in dbs]
    for db in dbs:
        review.correct(db, "event", rejected, "reject", who="analyst", why="not an attack")
        review.correct(db, "event", figured, "correct", who="analyst", field="figure",
                       value={"kind": "killed", "best": 7})
    duck, pg = (_answers(db) for db in dbs)
    made = [[c["id"] for c in review.corrections(db)] for db in dbs]  # ids hash the moment each was made
    assert len(made[0]) == len(made[1]) == 2
    for key in duck:
        told = [json.dumps(answers[key], default=repr, sort_keys=True) for answers in (duck, pg)]
        for duck_id, pg_id in zip(*made, strict=True):
            told[1] = told[1].replace(pg_id, duck_id)
        assert told[1] == told[0], key
    assert duck["0:events"].total == machine[0]["0:events"].total - 1  # the rejected event is out of the view
    with open_store(dbs[1], read_only=True) as store:
        unreviewed = page(store.conn, "events", Filters(view="machine"), limit=1000).total
        killed = [e for e in page(store.conn, "events", Filters(), limit=1000).items if e["id"] == figured]
    assert unreviewed == machine[1]["0:events"].total
    assert killed and killed[0]["quantities"]["killed"]["best"] == 7
    token = "a-token-of-sixteen-or-more"
    with serving(dbs[1], token=token) as base, httpx.Client(base_url=base, timeout=30) as client:
        sent = client.post("/corrections", headers={"Authorization": f"Bearer {token}"},
                           json={"target": "event", "id": figured, "action": "confirm", "who": "second analyst"})
        assert sent.status_code == 201, sent.text
        listed = client.get("/corrections").json()
    assert len(listed["items"] if isinstance(listed, dict) else listed) == 3
    added = _cli("review", "add", "event", rejected, "confirm", "--who", "third analyst", "--pg", dbs[1])
    assert added.startswith("correction ") and "corrected view" in added  # the CLI reviews PostgreSQL too
    listed_cli = _cli("review", "list", "--pg", dbs[1])
    assert "4 corrections" in listed_cli and "third analyst" in listed_cli
    assert "corrected view" in _cli("review", "refresh", env={"SITREPS_DB": dbs[1]})
