"""WARC archives (via warcio): every HTML response record becomes an Article."""

from __future__ import annotations

import io
import logging
import os
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from ..model import Article, Failure
from .html import read_html
from .text import failure

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _content_type(record: Any) -> tuple[str, str | None]:
    """The payload's media type and charset, from the HTTP headers (response) or the WARC ones (resource)."""
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    value = headers.get_header("Content-Type") or ""
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower(), charset


def _warc_date(record: Any) -> date | None:
    """The day the record was captured (WARC-Date, ISO 8601), or None when it has none that reads."""
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


Page = tuple[int, str | None, bytes, str | None, date | None, int]


def _size(stream: IO[bytes]) -> int | None:
    """The stream's length in bytes, when it is a file or in memory."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return len(stream.getbuffer()) if isinstance(stream, io.BytesIO) else None


def _pages(stream: IO[bytes], max_bytes: int, skipped: Counter[str], end: list[int]) -> Iterator[Page]:
    """(offset, url, body, charset, captured, missing) of each HTML page; a body over max_bytes comes out
    cut to max_bytes + 1; ``missing`` is how many bytes short of its Content-Length a record ended (cut
    short). At the end, ``end`` holds the offset where the last whole record ended."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    for record in records:
        kind = record.rec_type
        if kind not in ("response", "resource"):
            skipped[kind] += 1
            continue
        media, charset = _content_type(record)
        if media not in HTML_TYPES:
            skipped[f"{kind} {media or 'no type'}"] += 1
            continue
        status = record.http_headers.get_statuscode() if record.http_headers is not None else "200"
        if status and not str(status).startswith("2"):
            skipped[f"status {status}"] += 1
            continue
        url = record.rec_headers.get_header("WARC-Target-URI") or None
        body = record.content_stream().read(max_bytes + 1)
        missing = getattr(record.raw_stream, "limit", 0) if len(body) <= max_bytes else 0
        # the offset is known once the record is read
        yield records.get_record_offset(), url, body, charset, _warc_date(record), missing
    end.append(records.offset)


def read_warc(stream: IO[bytes], *, path: str, published: date | None = None,
              max_bytes: int = 20_000_000) -> Iterator[Article | Failure]:
    """HTML response (and resource) records of a WARC or WARC.gz stream, origin "path#offset"; a page
    that states no date of its own takes the record's WARC-Date (the day it was captured), else
    ``published``. The charset is the HTTP header's, else the page's <meta>, else detected (``decode``).

    Other records (requests, metadata, images, redirects) are skipped and counted at debug level; a damaged
    archive yields the pages before the damage and then a Failure.
    """
    skipped: Counter[str] = Counter()
    pages, damaged = 0, False
    end: list[int] = []
    found = _pages(stream, max_bytes, skipped, end)
    while True:
        try:
            offset, url, body, charset, captured, missing = next(found)
        except StopIteration:
            break
        except Exception as error:  # noqa: BLE001 - warcio raises many kinds on damaged input
            damaged = True
            yield failure("parse", f"the WARC archive is damaged after {pages} pages: "
                                   f"{type(error).__name__}: {error}", path)
            break
        pages += 1
        origin = f"{path}#{offset}"
        if missing:
            yield failure("truncated", f"the record of {url} ends {missing:,} bytes short of its length (the "
                                       "archive was cut short)", origin)
            continue
        if len(body) > max_bytes:
            yield failure("too-large", f"the HTML body of {url} is over the {max_bytes:,}-byte limit", origin)
            continue
        yield read_html(body, published=captured or published, url=url, origin=origin, charset=charset)
    size = _size(stream)
    if not damaged and end and size is not None and end[0] < size:
        damaged = True
        yield failure("truncated", f"the WARC archive ends in {size - end[0]:,} bytes that are no whole record "
                                   f"(cut short after {pages} pages?)", path)
    logger.debug("%s: %d HTML pages read; skipped %s", path, pages, dict(skipped) or "nothing")
    if not pages and not damaged:
        kinds = ", ".join(f"{n} {kind}" for kind, n in skipped.most_common()) or "no records at all"
        yield failure("empty", f"the WARC archive holds no HTML pages ({kinds})", path)
