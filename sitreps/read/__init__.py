"""Readers: files, folders, stdin, text, HTML, JSON Lines, feeds and WARC archives to Articles.

Every input record becomes an ``Article`` or a ``Failure`` (stage "read"); one bad input never stops a run.

    for item in read_paths(["news/", "feed.rss", "-"], published=date(2023, 10, 18)):
        if isinstance(item, Article): ...   # item.text, item.title, item.published, item.id
        else: ...                           # a Failure: item.error ("empty", "binary", …), item.message
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from ..model import Article, Failure
from .files import iter_inputs, read_bytes, read_file, read_stdin
from .html import html_to_text, read_html
from .jsonl import parse_published, read_record
from .text import failure, read_text

__all__ = [
    "html_to_text",
    "parse_published",
    "read_bytes",
    "read_html",
    "read_paths",
    "read_record",
    "read_text",
]

logger = logging.getLogger(__name__)


def read_paths(paths: Iterable[str | os.PathLike[str]], *, published: date | None = None,
               max_bytes: int = 20_000_000) -> Iterator[Article | Failure]:
    """Articles and Failures from files, folders (walked, sorted, hidden entries skipped) and "-" (stdin).

    ``published`` is the fallback publication date, used only where a record or page states none;
    ``max_bytes`` caps a single document (for JSON Lines and WARC, each record).
    """
    counts: Counter[str] = Counter()
    for entry in iter_inputs(paths):
        if isinstance(entry, Failure):
            counts[entry.error] += 1
            yield entry
            continue
        if isinstance(entry, Path):
            origin, items = str(entry), read_file(entry, published=published, max_bytes=max_bytes)
        else:
            origin, items = "<stdin>", read_stdin(published=published, max_bytes=max_bytes)
        try:
            for item in items:
                counts["article" if isinstance(item, Article) else item.error] += 1
                yield item
        except Exception as error:
            logger.exception("reading %s failed", origin)
            counts[type(error).__name__] += 1
            yield failure(type(error).__name__, f"reading stopped on an unexpected error: {error}", origin)
    logger.info("read %d articles; failures: %s", counts.pop("article", 0), dict(counts) or "none")
