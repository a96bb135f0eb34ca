"""JSON records ({"id", "text" | "html", "url", "title", "published", "outlet"}) to Articles."""

from __future__ import annotations

import dataclasses
import email.utils
import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from ..errors import BadInput
from ..model import Article, Failure
from .html import read_html
from .sniff import decode
from .text import failure, read_text, text_problem

logger = logging.getLogger(__name__)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# SCHEMA.md's field first; the others are names common datasets use, read only when it is missing.
ID_KEYS = ("id", "doc_id", "article_id", "uuid")
TEXT_KEYS = ("text", "body", "content", "article", "maintext", "full_text", "doc_text")
HTML_KEYS = ("html", "raw_html")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "date", "published_at", "publish_date", "date_publish", "pubdate")
COUNTRY_KEYS = ("country", "iso3", "country_code")  # the country the story is known to be about


def country_code(value: object) -> str | None:
    """ISO3 for a country given as an ISO3 or ISO2 code or an English name ("KEN", "KE", "Kenya"); None
    when it is none of these."""
    import pycountry

    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return str(pycountry.countries.lookup(value.strip()).alpha_3)
    except LookupError:
        return None


def parse_published(value: object) -> date | None:
    """A publication date from "YYYY-MM-DD", an ISO datetime, an RFC 2822 date, a date string or epoch."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds, as some exports write them
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import: only when a record needs it

    parsed = dateparser.parse(text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                                "REQUIRE_PARTS": ["year"]})
    return parsed.date() if parsed else None


def _string(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return (value.strip() or None) if isinstance(value, str) else str(value)


def _key(record: dict[str, Any], keys: tuple[str, ...]) -> str:
    """The first of the keys the record has with a value, else the first key."""
    return next((key for key in keys if record.get(key) not in (None, "")), keys[0])


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return _string(record, _key(record, keys))


def read_record(record: object, *, origin: str, published: date | None = None) -> Article | Failure:
    """One JSON record to an Article: ``text`` read as plain text, else ``html`` as a page; a ``country``
    (ISO3, ISO2 or name) is the article's focus country."""
    result = _read_record(record, origin=origin, published=published)
    if isinstance(result, Article) and isinstance(record, dict) and (raw := _first(record, COUNTRY_KEYS)):
        country = country_code(raw)
        if country is None:
            logger.warning("%s: %r is not a country; the record has no focus country", origin, raw)
        else:
            result = dataclasses.replace(result, country=country)
    return result


def _read_record(record: object, *, origin: str, published: date | None = None) -> Article | Failure:
    if not isinstance(record, dict):
        return failure("parse", f"the record is a JSON {type(record).__name__}, not an object", origin)
    record_id = _first(record, ID_KEYS) or ""
    text, html = record.get(_key(record, TEXT_KEYS)), record.get(_key(record, HTML_KEYS))
    has_text = isinstance(text, str) and text.strip()
    has_html = isinstance(html, str) and html.strip()
    if not has_text and not has_html:
        if isinstance(text, str) or isinstance(html, str):
            return failure("empty", "the record's text/html field is empty", origin, record_id)
        return failure("missing-field", "the record has neither a 'text' nor an 'html' field", origin, record_id)
    raw_date = record.get(_key(record, DATE_KEYS))
    stated = parse_published(raw_date)
    if raw_date not in (None, "") and stated is None:
        logger.warning("%s: could not read the published date %r; using the fallback", origin, raw_date)
    url, title, outlet = _string(record, "url"), _first(record, TITLE_KEYS), _string(record, "outlet")
    lang = _string(record, "lang") or _string(record, "language")
    if has_text:
        return read_text(str(text), published=stated or published, url=url, title=title, outlet=outlet,
                         origin=origin, byline=_string(record, "byline") or _string(record, "author"),
                         id=record_id, lang=lang)
    result = read_html(str(html), published=published, url=url, origin=origin, title=title, outlet=outlet,
                       id=record_id)
    if isinstance(result, Article) and lang:
        problem = text_problem(result.text, lang=lang)
        if problem:
            return failure(*problem, origin=origin, item_id=record_id)
    if isinstance(result, Article) and stated:
        result = dataclasses.replace(result, published=stated)
    return result


def read_lines(lines: Iterable[bytes], *, path: str, published: date | None = None,
               max_bytes: int = 20_000_000) -> Iterator[Article | Failure]:
    """JSON Lines, one record per line; a bad line becomes a Failure at "path#lineno" and reading goes on."""
    for number, raw in enumerate(lines, start=1):
        origin = f"{path}#{number}"
        if len(raw) > max_bytes:
            yield failure("too-large", f"line {number} is over the {max_bytes:,}-byte limit", origin)
            continue
        if not raw.strip():
            continue  # blank lines separate nothing in JSON Lines
        try:
            line = decode(raw)
        except BadInput as error:
            yield failure(error.kind, error.message, origin)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield failure("parse", f"line {number} is not valid JSON: {error.msg} at column {error.colno}",
                          origin)
            continue
        except RecursionError:
            yield failure("parse", f"line {number} nests JSON too deeply to read", origin)
            continue
        yield read_record(record, origin=origin, published=published)


def bounded_lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes]:
    """The lines of a binary stream, each read at most max_bytes + 1 long: a longer line comes out cut
    (so it reads as too large) and the rest of it is skipped, never held in memory."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            rest = line
            while rest and not rest.endswith(b"\n"):
                rest = stream.readline(max_bytes + 1)
        yield line


def read_json(text: str, *, path: str, published: date | None = None) -> Iterator[Article | Failure]:
    """A .json file: one record, or a list of records (origin "path#index", from 1)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield failure("parse", f"the file is not valid JSON: {error.msg} at line {error.lineno}", path)
        return
    except RecursionError:
        yield failure("parse", "the file nests JSON too deeply to read", path)
        return
    if isinstance(data, list):
        if not data:
            yield failure("empty", "the JSON file holds an empty list", path)
        for index, record in enumerate(data, start=1):
            yield read_record(record, origin=f"{path}#{index}", published=published)
    else:
        yield read_record(data, origin=path, published=published)
