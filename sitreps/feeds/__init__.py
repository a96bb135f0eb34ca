"""``sitreps watch``: RSS and Atom feeds polled with conditional requests, new items ingested, what each feed
gave recorded in the store (tables ``feeds`` and ``feed_items``)."""

from __future__ import annotations

from .fetch import Fetched, fetch
from .watch import FeedReport, RoundReport, parse_every, poll, read_feed_list, watch

__all__ = ["FeedReport", "Fetched", "RoundReport", "fetch", "parse_every", "poll", "read_feed_list", "watch"]
