"""What the watcher saw, in the store (tables ``feeds`` and ``feed_items``, migration m005_feeds)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

from .fetch import Fetched


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    keys: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SeenItem:
    key: str
    article_id: str | None
    error: str | None


def _conn(store: Any) -> duckdb.DuckDBPyConnection:
    return store._conn  # type: ignore[no-any-return]  # the store's own connection: one writer


def load_states(store: Any, urls: Iterable[str]) -> dict[str, FeedState]:
    """Each feed's last ETag/Last-Modified and the keys of the items taken in from it."""
    conn = _conn(store)
    urls = list(urls)
    states: dict[str, FeedState] = {}
    for url in urls:
        row = conn.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", [url]).fetchone()
        keys = {key for (key,) in conn.execute("SELECT item_key FROM feed_items WHERE feed_url = ?",
                                               [url]).fetchall()}
        states[url] = FeedState(url, row[0] if row else None, row[1] if row else None, frozenset(keys))
    return states


def save_state(store: Any, fetched: Fetched, items: int, new: list[SeenItem]) -> None:
    """Record one poll of one feed, and the items it took in, in one transaction."""
    conn = _conn(store)
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute("BEGIN TRANSACTION")
    try:
        for item in new:
            conn.execute("INSERT INTO feed_items VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                         [fetched.url, item.key, item.article_id, item.error, now])
        total = conn.execute("SELECT count(*) FROM feed_items WHERE feed_url = ?", [fetched.url]).fetchone()
        conn.execute("DELETE FROM feeds WHERE url = ?", [fetched.url])
        conn.execute("INSERT INTO feeds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [fetched.url, fetched.etag, fetched.last_modified, now, fetched.status, items, len(new),
                      total[0] if total else 0, fetched.error])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def feed_rows(store: Any) -> list[dict[str, Any]]:
    """The feeds table, one dict per feed."""
    cursor = _conn(store).execute("SELECT * FROM feeds ORDER BY url")
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
