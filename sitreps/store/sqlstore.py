"""What both back ends share: the write and read API over a connection that speaks the store's SQL.

``SqlStore`` holds the logic; ``DuckStore`` (sitreps/store/duckdb.py) and ``PgStore`` (sitreps/store/postgres.py)
give it a connection and their fastest way to insert many rows. The SQL here is written once for both (see
sitreps/store/dialect.py).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Self

from ..errors import StoreError
from ..model import Article, Coded, Event, Failure
from .counts import COMPACT_EVERY, append, compact, event_keys
from .dialect import Connection
from .migrations import MIGRATIONS, migrate, schema_version
from .rows import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    FAILURE_COLUMNS,
    actor_rows,
    article_row,
    event_row,
    failure_row,
)

logger = logging.getLogger(__name__)

_FETCH = 1000
_TOP = 10


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """What one ``write`` did: articles stored, articles skipped as already stored, events stored."""

    articles_new: int = 0
    articles_seen: int = 0
    events: int = 0


def existing(conn: Connection, table: str, column: str, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` are already in ``table.column``."""
    if not keys:
        return set()
    found = conn.execute(f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest($1::VARCHAR[]))",
                         [list(keys)]).fetchall()
    return {row[0] for row in found}


class SqlStore:
    """Articles, events, their actors, and failures over ``self._conn``; subclasses open it and insert rows."""

    path: str
    read_only: bool
    dialect: str = "duckdb"
    _appended = 0  # rows this writer appended to event_counts since they were last folded
    _conn: Connection

    @property
    def conn(self) -> Connection:
        """The store's connection, for the query layer, incidents and provenance (SQL in dialect.py's subset)."""
        return self._conn

    def _insert(self, table: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _check_schema(self) -> None:
        version = schema_version(self._conn)
        if version > len(MIGRATIONS):
            raise StoreError(self.path, f"schema version {version} is newer than this sitreps knows "
                                        f"({len(MIGRATIONS)}); upgrade sitreps")
        if version < len(MIGRATIONS):
            if self.read_only:
                raise StoreError(self.path, f"schema version {version} needs migrating to "
                                            f"{len(MIGRATIONS)}; open it read-write once")
            migrate(self._conn)

    # -- writing ---------------------------------------------------------------------------------

    def write(self, batch: Iterable[Coded], /) -> WriteCounts:
        """Store a batch in one transaction; an article already stored is skipped with its events."""
        packets = list(batch)
        if not packets:
            return WriteCounts()
        now = datetime.now(UTC).replace(tzinfo=None)
        with self._transaction():
            stored = existing(self._conn, "articles", "id", list({p.article.id for p in packets}))
            fresh: dict[str, Coded] = {}
            seen = 0
            for packet in packets:
                if packet.article.id in stored or packet.article.id in fresh:
                    seen += 1
                else:
                    fresh[packet.article.id] = packet
            events: dict[str, Event] = {}
            for packet in fresh.values():
                for event in packet.events:
                    events.setdefault(event.id, event)
            for event_id in existing(self._conn, "events", "id", list(events)):
                del events[event_id]
            self._insert("articles", ARTICLE_COLUMNS,
                    [article_row(p.article, now) for p in fresh.values()])
            event_rows = [event_row(e) for e in events.values()]
            self._insert("events", EVENT_COLUMNS, event_rows)
            self._insert("event_actors", ACTOR_COLUMNS,
                    [row for e in events.values() for row in actor_rows(e)])
            self._appended += append(self._conn, "event_counts", event_keys(event_rows))
            if self._appended >= COMPACT_EVERY:
                compact(self._conn, "event_counts")
                self._appended = 0
        written = WriteCounts(len(fresh), seen, len(events))
        logger.debug("wrote %s to %s", written, self.path)
        return written

    def record(self, failures: Iterable[Failure], /) -> int:
        """Store failures, skipping any already stored (same stage, item, error, origin); return new rows."""
        rows: dict[str, tuple[Any, ...]] = {}
        for row in map(failure_row, failures):
            rows.setdefault(row[0], row)  # the first telling wins, as it does across batches
        if not rows:
            return 0
        with self._transaction():
            for key in existing(self._conn, "failures", "key", list(rows)):
                del rows[key]
            self._insert("failures", FAILURE_COLUMNS, list(rows.values()))
        return len(rows)

    def _transaction(self) -> _Transaction:
        if self.read_only:
            raise StoreError(self.path, "opened read-only; cannot write")
        return _Transaction(self._conn)

    # -- reading ---------------------------------------------------------------------------------

    def events(self, *, event_type: str | None = None, actor: str | None = None, country: str | None = None,
               since: date | None = None, until: date | None = None, article_id: str | None = None,
               limit: int | None = None) -> Iterator[Event]:
        """Events, oldest first; ``actor`` is a source or target code or name (any case)."""
        where: list[str] = []
        params: list[Any] = []
        if event_type is not None:
            where.append("upper(event_type) = upper(?)")
            params.append(event_type)
        if actor is not None:
            where.append("id IN (SELECT event_id FROM event_actors WHERE role IN ('source', 'target')"
                         " AND (lower(code) = lower(?) OR lower(name) = lower(?)))")
            params += [actor, actor]
        if country is not None:
            where.append("upper(location_country) = upper(?)")
            params.append(country)
        if since is not None:
            where.append("date_start >= ?")
            params.append(since)
        if until is not None:
            where.append("date_start <= ?")
            params.append(until)
        if article_id is not None:
            where.append("article_id = ?")
            params.append(article_id)
        sql = "SELECT record FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date_start NULLS LAST, article_id, sentence, evidence_start, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for (record,) in self._rows(sql, params):
            yield Event.from_dict(json.loads(record))

    def articles(self, *, limit: int | None = None) -> Iterator[Article]:
        """Stored articles, in order of ingestion."""
        sql = ("SELECT text, url, title, published, outlet, byline, lang, origin, id FROM articles"
               " ORDER BY ingested_at, id")
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self._rows(sql, params):
            yield Article(*row)

    def article_ids(self) -> set[str]:
        """The ids of every stored article, so an ingester can skip them before coding."""
        return {article_id for (article_id,) in self._rows("SELECT id FROM articles", [])}

    def failures(self) -> Iterator[Failure]:
        """Stored failures, oldest first."""
        sql = 'SELECT stage, item_id, error, message, origin, "at" FROM failures ORDER BY "at", key'
        for stage, item_id, error, message, origin, at in self._rows(sql, []):
            yield Failure(stage, item_id, error, message, origin, at.replace(tzinfo=UTC))

    def counts(self) -> dict[str, int]:
        """Row counts: articles, events, failures, claims (events with a named claimant), located, actors."""
        row = self._one("""
            SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events),
                   (SELECT count(*) FROM failures),
                   (SELECT count(*) FROM events WHERE claimant_name IS NOT NULL),
                   (SELECT count(*) FROM events WHERE location_country IS NOT NULL),
                   (SELECT count(DISTINCT coalesce(code, name)) FROM event_actors
                     WHERE role IN ('source', 'target'))""")
        keys = ("articles", "events", "failures", "claims", "located", "actors")
        return dict(zip(keys, (int(n) for n in row)))

    def summary(self) -> dict[str, Any]:
        """Counts by type, location country, stance; top source actors and claimants; the date range."""
        first, last = self._one("SELECT min(date_start), max(date_start) FROM events")
        return {
            "counts": self.counts(),
            "by_type": self._tally("SELECT event_type, count(*) FROM events GROUP BY 1"),
            "by_country": self._tally("SELECT location_country, count(*) FROM events"
                                      " WHERE location_country IS NOT NULL GROUP BY 1"),
            "by_stance": self._tally("SELECT stance, count(*) FROM events"
                                     " WHERE stance IS NOT NULL GROUP BY 1"),
            "top_actors": self._tally("SELECT code, count(DISTINCT event_id) FROM event_actors"
                                      " WHERE role = 'source' AND code IS NOT NULL GROUP BY 1", _TOP),
            "top_claimants": self._tally("SELECT claimant_name, count(*) FROM events"
                                         " WHERE claimant_name IS NOT NULL GROUP BY 1", _TOP),
            "date_range": {"start": first.isoformat(), "end": last.isoformat()} if first else None,
        }

    def _tally(self, sql: str, limit: int | None = None) -> dict[str, int]:
        sql += " ORDER BY 2 DESC, 1"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return {str(key): int(n) for key, n in self._rows(sql, [])}

    def _one(self, sql: str) -> tuple[Any, ...]:
        row = self._conn.execute(sql).fetchone()
        assert row is not None  # aggregates always give one row
        return row

    def _rows(self, sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
        """Stream rows through a cursor of its own, so a write in between cannot cut the read short."""
        cursor = self._conn.cursor()
        try:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(_FETCH):
                yield from chunk
        finally:
            cursor.close()

    # -- lifetime --------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (and, for a writer, release the file lock), folding the event counts this
        writer appended first."""
        if self._appended:
            self._appended = 0
            try:
                with self._transaction():
                    compact(self._conn, "event_counts")
            except Exception as error:  # noqa: BLE001 -- the unfolded rows sum to the same counts
                logger.warning("could not fold the event counts of %s: %s", self.path, error)
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()



class _Transaction:
    """BEGIN on entry; COMMIT on success, ROLLBACK on any error."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN TRANSACTION")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._conn.execute("ROLLBACK" if kind else "COMMIT")
