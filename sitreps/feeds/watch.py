"""Poll feeds and ingest what is new: one round reads the state, fetches every feed (no store held), codes
and stores the new items (``api.ingest``, idempotent by article id), then records what each feed gave.

A round stopped at any point is safe to run again: the state is written only after the items are stored,
so a killed round fetches the same items again, and ingest finds them stored already.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..errors import SitrepsError
from ..model import Article, Failure
from .fetch import Fetched, fetch
from .state import SeenItem, load_states, save_state

logger = logging.getLogger(__name__)

_EVERY = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


def parse_every(text: str) -> float:
    """Seconds in "15m", "1h30m", "90s" or "90"."""
    match = _EVERY.match(text.strip().lower())
    if not text.strip() or not match or not any(match.groups()):
        raise ValueError(f"{text!r} is not a period like 15m, 1h, 1h30m or 90s")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


def read_feed_list(path: str | Path) -> list[str]:
    """The feed URLs of a file: one a line; blank lines and lines starting with # skipped; repeats once."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SitrepsError(f"cannot read the feed list {path}: {error}") from error
    urls = list(dict.fromkeys(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")))
    if not urls:
        raise SitrepsError(f"the feed list {path} names no feeds (one URL a line)")
    return urls


@dataclass
class FeedReport:
    url: str
    status: int
    items: int = 0
    new: int = 0
    error: str | None = None


@dataclass
class RoundReport:
    feeds: list[FeedReport] = field(default_factory=list)
    articles_new: int = 0
    events: int = 0
    failures: int = 0
    seconds: float = 0.0


def entry_keys(data: bytes) -> list[str]:
    """A stable key for each entry of a feed, in order: its id, else its link, else a hash of its title and
    text."""
    import feedparser

    keys = []
    for entry in feedparser.parse(io.BytesIO(data)).get("entries") or []:
        key = entry.get("id") or entry.get("link")
        if not key:
            content = f"{entry.get('title') or ''}\n{entry.get('summary') or ''}".encode()
            key = "sha1:" + hashlib.sha1(content, usedforsecurity=False).hexdigest()
        keys.append(str(key))
    return keys


def _items(fetched: Fetched, fallback: date) -> list[tuple[str, Article | Failure]]:
    """(key, Article or Failure) of each entry; a feed that does not parse is one item keyed by its URL."""
    from ..read.feed import read_feed

    read = list(read_feed(fetched.body, path=fetched.url, published=fallback))
    keys = entry_keys(fetched.body)
    if len(keys) != len(read):  # no entries: read_feed gives one Failure for the whole feed
        return [(f"feed:{fetched.url}", item) for item in read[:1]]
    return list(zip(keys, read, strict=True))


def poll(urls: Iterable[str], *, db: str | Path, timeout: float = 30.0,
         ingest: Callable[..., Any] | None = None, **ingest_options: Any) -> RoundReport:
    """One round over the feeds: fetch each (conditionally), ingest the items not taken in before, record
    what each feed gave. ``ingest_options`` go to ``api.ingest`` (model, actors, country, …)."""
    from .. import api
    from ..store import open_store

    started = time.perf_counter()
    urls = list(urls)
    with open_store(db) as store:
        states = load_states(store, urls)
    today = datetime.now(UTC).date()
    report = RoundReport()
    polled: list[tuple[Fetched, int, list[SeenItem]]] = []
    fresh: list[Article | Failure] = []
    for url in urls:
        state = states[url]
        fetched = fetch(url, etag=state.etag, last_modified=state.last_modified, timeout=timeout)
        feed = FeedReport(url, fetched.status, error=fetched.error)
        report.feeds.append(feed)
        if fetched.error or fetched.not_modified:
            if fetched.error:
                logger.warning("%s: %s", url, fetched.error)
                fetched = dataclasses.replace(fetched, etag=state.etag, last_modified=state.last_modified)
            polled.append((fetched, 0, []))
            continue
        items = _items(fetched, today)
        new = [(key, item) for key, item in items if key not in state.keys]
        new = list({key: (key, item) for key, item in new}.values())  # one item per key
        feed.items, feed.new = len(items), len(new)
        fresh.extend(item for _, item in new)
        polled.append((fetched, len(items), [
            SeenItem(key, item.id if isinstance(item, Article) else None,
                     None if isinstance(item, Article) else item.error) for key, item in new]))
    if fresh:
        done = (ingest or api.ingest)((), db=db, articles=fresh, **ingest_options)
        report.articles_new, report.events, report.failures = done.articles_new, done.events, done.failures
    with open_store(db) as store:
        for fetched, count, seen in polled:
            save_state(store, fetched, count, seen)
    report.seconds = time.perf_counter() - started
    return report


def watch(feed_list: str | Path, *, db: str | Path, every: float = 900.0, once: bool = False,
          on_round: Callable[[RoundReport], None] | None = None, sleep: Callable[[float], None] = time.sleep,
          **options: Any) -> int:
    """Poll the feeds of ``feed_list`` every ``every`` seconds (the list is read again each round, so feeds
    can be added while it runs) until stopped, or once; returns the number of rounds."""
    rounds = 0
    while True:
        report = poll(read_feed_list(feed_list), db=db, **options)
        rounds += 1
        if on_round is not None:
            on_round(report)
        if once:
            return rounds
        sleep(max(0.0, every - report.seconds))
