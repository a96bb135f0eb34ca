"""What the exporters read from the store: article facts, events, incident records, and nothing else.

The exporters themselves work over plain iterables (``Event`` values, ``ArticleInfo`` by id, incident dicts in
the shape of ``Incident.to_dict()``), so they can be fed from anywhere; this module is the only one that knows
the store's tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..errors import SitrepsError
from ..store.dialect import Connection


class NoIncidents(SitrepsError):
    """The store has no incidents table (or it is empty) and an export asked for incidents."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: no incidents in this store; run `sitreps incidents build --db {self.path}` first"


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article's facts every exported row carries, without its text."""

    id: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    lang: str | None = None
    ingested_at: datetime | None = None
    length: int | None = None  # characters of text


NO_ARTICLE = ArticleInfo("")


def article_infos(conn: Connection) -> dict[str, ArticleInfo]:
    """Every stored article's facts by id (no text: 100k articles fit in memory this way)."""
    rows = conn.execute("SELECT id, url, title, published, outlet, lang, ingested_at, length(text)"
                        " FROM articles").fetchall()
    return {row[0]: ArticleInfo(*row) for row in rows}


def has_table(conn: Connection, name: str) -> bool:
    row = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
                       " AND table_schema = current_schema()", [name]).fetchone()
    return bool(row and row[0])


def has_incidents(conn: Connection) -> bool:
    """True when the incidents table exists and holds at least one incident."""
    if not has_table(conn, "incidents"):
        return False
    row = conn.execute("SELECT count(*) FROM incidents").fetchone()
    return bool(row and row[0])


def read_incidents(conn: Connection, path: str, table: str = "incidents") -> Iterator[dict[str, Any]]:
    """The stored incident records (``incidents.record``, the contract dict), in id order; ``table``
    ``reviewed_incidents`` for the corrected view (sitreps/review)."""
    if not has_incidents(conn):
        raise NoIncidents(path)
    cursor = conn.cursor()
    try:
        cursor.execute(f"SELECT record FROM {table} ORDER BY id")
        while chunk := cursor.fetchmany(1000):
            for (record,) in chunk:
                yield json.loads(record) if isinstance(record, str) else record
    finally:
        cursor.close()


def first_article(ids: list[str], articles: Mapping[str, ArticleInfo]) -> ArticleInfo:
    """The earliest published of ``ids`` (ties and undated ones by id): the article an incident row cites."""
    known = [articles[i] for i in ids if i in articles]
    if not known:
        return ArticleInfo(ids[0]) if ids else NO_ARTICLE
    return min(known, key=lambda a: (a.published is None, a.published or date.min, a.id))
