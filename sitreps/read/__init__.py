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
from .inputs import Selection, estimate_records
from .jsonl import parse_published, read_record
from .sidecar import Sidecar, load_sidecar
from .text import failure, read_text

__all__ = [
    "Selection",
    "count_records",
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
               max_bytes: int = 20_000_000, include: Iterable[str] = (),
               exclude: Iterable[str] = ()) -> Iterator[Article | Failure]:
    """Articles and Failures from files, folders (walked, sorted, hidden entries and documentation skipped)
    and "-" (stdin).

    ``published`` is the fallback publication date, used only where a record or page states none (a
    folder's sidecar, ``sitreps.json``, wins over it); ``max_bytes`` caps a single document (for JSON
    Lines, CSV and WARC, each record); ``include``/``exclude`` are glob patterns (``inputs.Selection``).
    """
    counts: Counter[str] = Counter()
    sidecars: dict[Path, Sidecar | None] = {}
    selection = Selection(tuple(include), tuple(exclude))
    for entry in iter_inputs(paths, selection):
        if isinstance(entry, Failure):
            counts[entry.error] += 1
            yield entry
            continue
        sidecar = None
        if isinstance(entry, Path):
            if entry.parent not in sidecars:
                loaded = load_sidecar(entry.parent)
                if isinstance(loaded, Failure):
                    counts[loaded.error] += 1
                    yield loaded
                    loaded = None
                sidecars[entry.parent] = loaded
            sidecar = sidecars[entry.parent]
            meta = sidecar.meta(entry) if sidecar else None
            fallback = (meta.published if meta else None) or published
            origin, items = str(entry), read_file(entry, published=fallback, max_bytes=max_bytes)
        else:
            meta, origin, items = None, "<stdin>", read_stdin(published=published, max_bytes=max_bytes)
        try:
            for item in items:
                if meta is not None and isinstance(item, Article):
                    item = meta.fill(item)
                counts["article" if isinstance(item, Article) else item.error] += 1
                yield item
        except Exception as error:
            logger.exception("reading %s failed", origin)
            counts[type(error).__name__] += 1
            yield failure(type(error).__name__, f"reading stopped on an unexpected error: {error}", origin)
    logger.info("read %d articles; failures: %s", counts.pop("article", 0), dict(counts) or "none")


def count_records(paths: Iterable[str | os.PathLike[str]], *, include: Iterable[str] = (),
                  exclude: Iterable[str] = ()) -> int | None:
    """About how many records (articles and failures) ``read_paths`` will give for these paths, for a
    progress bar; None when one of them is stdin."""
    files: list[Path] = []
    for entry in iter_inputs(paths, Selection(tuple(include), tuple(exclude)), quiet=True):
        if entry == "-":
            return None
        if isinstance(entry, Path):
            files.append(entry)
    return estimate_records(files)
