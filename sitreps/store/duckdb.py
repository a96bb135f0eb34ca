"""The embedded DuckDB store: the pipeline's single writer, and the read side for the CLI and API.

Each event is kept whole as its SCHEMA.md record (``events.record``), so ``Event.from_dict`` gives back
exactly what was written, and also as flat columns (type, actors, place, date, killed, claimant) to
query on. A batch is written in one transaction with one columnar ``INSERT … SELECT unnest(…)`` per
table, which is about forty times faster than ``executemany`` in DuckDB.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import duckdb

from ..errors import StoreError, store_failure
from ..model import Actor, Article, Coded, Event, Failure, content_id
from .migrations import MIGRATIONS, migrate, schema_version

logger = logging.getLogger(__name__)

_FETCH = 1000
_TOP = 10

ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"), ("url", "VARCHAR"), ("title", "VARCHAR"), ("published", "DATE"),
    ("outlet", "VARCHAR"), ("byline", "VARCHAR"), ("lang", "VARCHAR"), ("origin", "VARCHAR"),
    ("text", "VARCHAR"), ("ingested_at", "TIMESTAMP"),
)
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"), ("article_id", "VARCHAR"), ("sentence", "BIGINT"),
    ("evidence_start", "BIGINT"), ("evidence_end", "BIGINT"), ("evidence_text", "VARCHAR"),
    ("event_type", "VARCHAR"), ("trigger", "VARCHAR"), ("mode", "VARCHAR"), ("context", "VARCHAR[]"),
    ("cameo", "VARCHAR"), ("acled_event_type", "VARCHAR"), ("acled_sub_event_type", "VARCHAR"),
    ("source", "JSON"), ("target", "JSON"), ("location_name", "VARCHAR"), ("location_country", "VARCHAR"),
    ("location_admin1", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("geonames_id", "BIGINT"),
    ("location_precision", "VARCHAR"), ("location", "JSON"), ("date_start", "DATE"), ("date_end", "DATE"),
    ("date_precision", "VARCHAR"), ("date", "JSON"), ("quantities", "JSON"), ("killed_low", "BIGINT"),
    ("killed_best", "BIGINT"), ("killed_high", "BIGINT"), ("claimant_name", "VARCHAR"),
    ("claimant_code", "VARCHAR"), ("stance", "VARCHAR"), ("claim", "JSON"), ("modality", "VARCHAR"),
    ("confidence", "DOUBLE"), ("record", "JSON"),
)
ACTOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR"), ("role", "VARCHAR"), ("text", "VARCHAR"), ("name", "VARCHAR"),
    ("code", "VARCHAR"), ("sector", "VARCHAR"),
)
FAILURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "VARCHAR"), ("stage", "VARCHAR"), ("item_id", "VARCHAR"), ("error", "VARCHAR"),
    ("message", "VARCHAR"), ("origin", "VARCHAR"), ('"at"', "TIMESTAMP"),
)


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """What one ``write`` did: articles stored, articles skipped as already stored, events stored."""

    articles_new: int = 0
    articles_seen: int = 0
    events: int = 0


# one encoder for every value: json.dumps(**options) would build a new one on each call
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str | None:
    return None if value is None else _JSON.encode(value)


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def article_row(article: Article, ingested_at: datetime) -> tuple[Any, ...]:
    """The ``articles`` row for an article, in ``ARTICLE_COLUMNS`` order."""
    return (article.id, article.url, article.title, article.published, article.outlet, article.byline,
            article.lang, article.origin, article.text, ingested_at)


def event_row(event: Event) -> tuple[Any, ...]:
    """The ``events`` row for an event, in ``EVENT_COLUMNS`` order."""
    record = event.to_dict()
    place, when, claim = event.location, event.date, event.claim
    acled = event.acled or {}
    killed = event.quantities.get("killed")
    claimant = claim.claimant if claim else None
    return (
        event.id, event.article_id, event.sentence,
        event.evidence.start, event.evidence.end, event.evidence.text,
        event.event_type, event.trigger, event.mode, list(event.context), event.cameo,
        acled.get("event_type"), acled.get("sub_event_type"),
        _dumps(record["source"]), _dumps(record["target"]),
        place.name if place else None, place.country if place else None, place.admin1 if place else None,
        place.lat if place else None, place.lon if place else None, place.geonames_id if place else None,
        place.precision if place else None, _dumps(record["location"]),
        when.start if when else None, when.end if when else None, when.precision if when else None,
        _dumps(record["date"]), _dumps(record["quantities"]),
        killed.low if killed else None, killed.best if killed else None, killed.high if killed else None,
        claimant.name if claimant else None, claimant.code if claimant else None,
        claim.stance if claim else None, _dumps(record["claim"]),
        event.modality, event.confidence, _dumps(record),
    )


def actor_rows(event: Event) -> Iterator[tuple[Any, ...]]:
    """The ``event_actors`` rows of an event: its sources, targets and named claimant."""
    roles: list[tuple[str, Sequence[Actor]]] = [("source", event.source), ("target", event.target)]
    if event.claim and event.claim.claimant:
        roles.append(("claimant", (event.claim.claimant,)))
    for role, actors in roles:
        for actor in actors:
            yield (event.id, role, actor.text, actor.name, actor.code, actor.sector)


def failure_row(failure: Failure) -> tuple[Any, ...]:
    """The ``failures`` row; ``key`` makes the same (stage, item, error, origin) one row."""
    key = content_id(failure.stage, failure.item_id, failure.error, failure.origin)
    return (key, failure.stage, failure.item_id, failure.error, failure.message, failure.origin,
            _utc_naive(failure.at))


def _insert(conn: duckdb.DuckDBPyConnection, table: str, columns: Sequence[tuple[str, str]],
            rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert many rows in one statement: each column goes in as one typed list, unnested side by side."""
    if not rows:
        return
    names = ", ".join(name for name, _ in columns)
    unnests = ", ".join(f"unnest(${i}::{kind}[])" for i, (_, kind) in enumerate(columns, start=1))
    conn.execute(f"INSERT INTO {table} ({names}) SELECT {unnests}", [list(col) for col in zip(*rows)])


def _existing(conn: duckdb.DuckDBPyConnection, table: str, column: str, keys: Sequence[str]) -> set[str]:
    if not keys:
        return set()
    found = conn.execute(f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest($1::VARCHAR[]))",
                         [list(keys)]).fetchall()
    return {row[0] for row in found}


def _open_error(path: str, error: duckdb.Error) -> StoreError:
    explained = store_failure(path, error)
    if explained.message.startswith("the store failed"):
        return StoreError(path, f"cannot open the store: {error}")
    return explained


class DuckStore:
    """A DuckDB file holding articles, events, their actors, and failures."""

    def __init__(self, path: str | Path = "sitreps.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(self.path, "no such store; write to it once before opening it read-only")
        try:
            self._conn = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as error:
            raise _open_error(self.path, error) from error
        try:
            self._check_schema()
        except duckdb.Error as error:  # a damaged file opens, then fails on its first read
            self._conn.close()
            raise store_failure(self.path, error) from error
        except BaseException:
            self._conn.close()
            raise

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
            stored = _existing(self._conn, "articles", "id", list({p.article.id for p in packets}))
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
            for event_id in _existing(self._conn, "events", "id", list(events)):
                del events[event_id]
            _insert(self._conn, "articles", ARTICLE_COLUMNS,
                    [article_row(p.article, now) for p in fresh.values()])
            _insert(self._conn, "events", EVENT_COLUMNS, [event_row(e) for e in events.values()])
            _insert(self._conn, "event_actors", ACTOR_COLUMNS,
                    [row for e in events.values() for row in actor_rows(e)])
        counts = WriteCounts(len(fresh), seen, len(events))
        logger.debug("wrote %s to %s", counts, self.path)
        return counts

    def record(self, failures: Iterable[Failure], /) -> int:
        """Store failures, skipping any already stored (same stage, item, error, origin); return new rows."""
        rows: dict[str, tuple[Any, ...]] = {}
        for row in map(failure_row, failures):
            rows.setdefault(row[0], row)  # the first telling wins, as it does across batches
        if not rows:
            return 0
        with self._transaction():
            for key in _existing(self._conn, "failures", "key", list(rows)):
                del rows[key]
            _insert(self._conn, "failures", FAILURE_COLUMNS, list(rows.values()))
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
        """Close the connection (and, for a writer, release the file lock)."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DuckStore({self.path!r}, read_only={self.read_only})"


class _Transaction:
    """BEGIN on entry; COMMIT on success, ROLLBACK on any error."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN TRANSACTION")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._conn.execute("ROLLBACK" if kind else "COMMIT")


def open_store(path: str | Path, *, read_only: bool = False) -> DuckStore:
    """Open (creating and migrating if needed) the DuckDB store at ``path``."""
    return DuckStore(path, read_only=read_only)
