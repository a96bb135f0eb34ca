"""RSS and Atom feeds (via feedparser): each entry becomes an Article."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

from ..model import Article, Failure
from .html import html_to_text
from .text import failure, read_text

logger = logging.getLogger(__name__)


def _entry_text(entry: Any) -> str:
    """The fullest body the entry has: content, else summary, as plain text."""
    parts = entry.get("content") or []
    best = max(parts, key=_value_length, default=None)
    detail = best if best and best.get("value") else entry.get("summary_detail")
    if not detail or not detail.get("value"):
        return str(entry.get("summary") or "")
    value = str(detail["value"])
    if "html" in str(detail.get("type") or "text/html"):
        return html_to_text(value)
    return value


def _value_length(part: Any) -> int:
    return len(part.get("value") or "")


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def read_feed(data: bytes, *, path: str, published: date | None = None) -> Iterator[Article | Failure]:
    """Every entry of an RSS/Atom feed, origin "path#n" (from 1); a feed with no entries is a Failure."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # a stream: feedparser would open a str as a path or URL
    entries = parsed.get("entries") or []
    if not entries:
        if not parsed.get("version"):
            yield failure("parse", "the file is not an RSS or Atom feed (feedparser found no feed in it)", path)
        elif parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            yield failure("parse", f"the feed could not be parsed: {reason}", path)
        else:
            yield failure("empty", "the feed has no entries", path)
        return
    if parsed.get("bozo"):
        logger.debug("%s: feed is not well-formed (%s); read it loosely", path, parsed.get("bozo_exception"))
    outlet = (parsed.get("feed") or {}).get("title") or None
    for number, entry in enumerate(entries, start=1):
        origin = f"{path}#{number}"
        yield read_text(
            _entry_text(entry),
            published=_entry_date(entry) or published,
            url=entry.get("link") or None,
            title=(entry.get("title") or "").strip() or None,
            outlet=outlet,
            origin=origin,
            byline=entry.get("author") or None,
            id=str(entry.get("id") or ""),
        )
