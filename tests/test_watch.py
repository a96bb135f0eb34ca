"""``sitreps watch`` against a real HTTP server on loopback: conditional requests (304 on a matching ETag or
Last-Modified), new items only, what each feed gave in the store, errors per feed, and stop and start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitreps import api
from sitreps.cli import cli
from sitreps.feeds import parse_every, poll
from sitreps.feeds.state import feed_rows
from sitreps.store import open_store

ITEMS = [
    ("urn:avalon:1", "Dockers walk out",
     "Harbour workers in Port Avalon walked out on Monday over unpaid wages, the dockers' union said."),
    ("urn:avalon:2", "Farmers block roads",
     "Farmers blocked the ring road around Velmora on Tuesday with tractors, police said."),
    ("urn:avalon:3", "Police arrest marchers",
     ("Police in Port Avalon arrested 14 marchers on Wednesday after a rally outside the port authority, "
      "the police chief said.")),
]


def rss(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(f"<item><guid>{guid}</guid><title>{title}</title><description>{text}</description>"
                      f"<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate></item>" for guid, title, text in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Avalon Courier</title>{entries}'
            "</channel></rss>").encode()


@dataclass
class Feed:
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200


@dataclass
class FeedServer:
    feeds: dict[str, Feed] = field(default_factory=dict)
    log: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)
    url: str = ""

    def answers(self, path: str) -> list[int]:
        return [status for p, _, _, status in self.log if p == path]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    state = FeedServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            feed = state.feeds.get(self.path)
            etag, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            if feed is None:
                status = 404
            elif feed.status != 200:
                status = feed.status
            elif (feed.etag and etag == feed.etag) or (not feed.etag and feed.last_modified
                                                       and since == feed.last_modified):
                status = 304
            else:
                status = 200
            state.log.append((self.path, etag, since, status))
            self.send_response(status)
            if feed is not None and feed.etag:
                self.send_header("ETag", feed.etag)
            if feed is not None and feed.last_modified:
                self.send_header("Last-Modified", feed.last_modified)
            body = feed.body if feed is not None and status == 200 else b""
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def watch_once(runner: CliRunner, feeds: Path, db: Path) -> str:
    result = runner.invoke(cli, ["watch", str(feeds), "--db", str(db), "--once"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def stored(db: Path) -> tuple[list[str], list[dict[str, Any]], int]:
    with open_store(db, read_only=True) as store:
        ids = sorted(a.id for a in store.articles())
        rows = feed_rows(store)
        items = store._conn.execute("SELECT count(*) FROM feed_items").fetchone()
    return ids, rows, items[0] if items else 0


def test_watch_ingests_new_items_only_and_asks_conditionally(server: FeedServer, runner: CliRunner,
                                                              tmp_path: Path) -> None:
    server.feeds["/news.rss"] = Feed(rss(ITEMS[:2]), etag='"v1"')
    server.feeds["/atom.xml"] = Feed(rss(ITEMS[2:]), last_modified="Mon, 04 Mar 2024 10:00:00 GMT")
    server.feeds["/broken"] = Feed(b"", status=500)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the courier\n{server.url}/news.rss\n\n{server.url}/atom.xml\n{server.url}/broken\n"
                     f"{server.url}/news.rss\n")
    db = tmp_path / "watch.duckdb"

    first = watch_once(runner, feeds, db)
    assert "news.rss: 2 items, 2 new" in first and "atom.xml: 1 items, 1 new" in first
    assert "broken: error: HTTP 500" in first and "3 new articles" in first
    ids, rows, items = stored(db)
    assert ids == ["urn:avalon:1", "urn:avalon:2", "urn:avalon:3"] and items == 3
    by_url = {row["url"].rsplit("/", 1)[1]: row for row in rows}
    assert (by_url["news.rss"]["etag"], by_url["news.rss"]["status"], by_url["news.rss"]["total_items"]) == (
        '"v1"', 200, 2)
    assert by_url["broken"]["error"] == "HTTP 500 Internal Server Error" and by_url["broken"]["total_items"] == 0

    second = watch_once(runner, feeds, db)
    assert "news.rss: not modified" in second and "atom.xml: not modified" in second
    assert "0 new articles" in second
    assert server.log[-3][1:] == ('"v1"', None, 304)  # the ETag sent back, answered 304
    assert server.log[-2][1:] == (None, "Mon, 04 Mar 2024 10:00:00 GMT", 304)  # Last-Modified likewise
    assert server.answers("/news.rss") == [200, 304]  # listed twice, fetched once a round

    server.feeds["/news.rss"] = Feed(rss(ITEMS), etag='"v2"')  # one item is new, two were seen
    third = watch_once(runner, feeds, db)
    assert "news.rss: 3 items, 1 new" in third
    assert "0 new articles" in third  # the new item is the one the other feed gave: stored already
    ids, rows, items = stored(db)
    assert len(ids) == 3 and items == 4  # item 3 is known by both feeds: one article, two feed items


def test_a_round_stopped_after_storing_is_safe_to_run_again(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/news.rss"] = Feed(rss(ITEMS[:2]), etag='"v1"')
    db = tmp_path / "watch.duckdb"
    url = f"{server.url}/news.rss"

    def killed_after_storing(*args: Any, **kwargs: Any) -> Any:
        api.ingest(*args, **kwargs)
        raise KeyboardInterrupt  # stopped before the round records what the feed gave

    with pytest.raises(KeyboardInterrupt):
        poll([url], db=db, ingest=killed_after_storing)
    ids, rows, items = stored(db)
    assert len(ids) == 2 and rows == [] and items == 0
    again = poll([url], db=db)  # fetched in full again: no ETag was recorded
    assert [(f.status, f.items, f.new) for f in again.feeds] == [(200, 2, 2)]
    assert again.articles_new == 0  # both were stored already: nothing twice
    ids, rows, items = stored(db)
    assert len(ids) == 2 and items == 2 and rows[0]["etag"] == '"v1"'


def test_watch_stops_cleanly_on_interrupt_and_goes_on_after(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/news.rss"] = Feed(rss(ITEMS[:1]), etag='"v1"')
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{server.url}/news.rss\n")
    db = tmp_path / "watch.duckdb"
    process = subprocess.Popen([sys.executable, "-m", "sitreps", "watch", str(feeds), "--db", str(db),
                                "--every", "1s"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while server.answers("/news.rss").count(304) < 1:  # a second round ran: the first was recorded
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "no second round"
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
    assert process.returncode == 0, err
    assert "1 items, 1 new" in out and "stopped" in err
    server.feeds["/news.rss"] = Feed(rss(ITEMS[:2]), etag='"v2"')
    report = poll([f"{server.url}/news.rss"], db=db)
    assert [(f.items, f.new) for f in report.feeds] == [(2, 1)] and report.articles_new == 1
    assert len(stored(db)[0]) == 2


@pytest.mark.parametrize("text, seconds", [("15m", 900), ("1h30m", 5400), ("90s", 90), ("45", 45)])
def test_parse_every(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15x", "m"])
def test_parse_every_refuses_what_is_no_period(text: str) -> None:
    with pytest.raises(ValueError, match="not a period"):
        parse_every(text)
