"""Pre-aggregated counts the query layer reads instead of scanning every matching row (docs/api.md).

``event_counts`` holds how many events there are per (first day, last day, type, country), and
``incident_counts`` the same for incidents (their first and last day: the date, else the days the incident was
seen). A list's total and the stats whose filters are only types, countries and dates are sums over these rows,
exact, and their cost does not grow with the number of matches (sitreps/query/tally.py).

Kept by the writers, in the same transaction as the rows they count: ``SqlStore.write`` adds a row per group
of the events it inserts; the incidents builder subtracts the incidents it replaces and adds those it writes,
and empties the table when it rebuilds. Each write appends rows, so ``compact`` folds them into one row per
group (``SqlStore`` at close and every ``COMPACT_EVERY`` appended rows, the builder at the end of a build).
Migration m009_counts makes and fills both tables from what a store holds (``rebuild``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from .rows import EVENT_COLUMNS

TABLES = ("event_counts", "incident_counts")
# what each table counts, as SQL over its source table: (source, first day, last day, type, country)
SOURCES = {
    "event_counts": ("events", "date_start", "coalesce(date_end, date_start)", "event_type", "location_country"),
    "incident_counts": ("incidents", "coalesce(date_start, first_seen)", "coalesce(date_end, last_seen)",
                        "event_type", "country"),
}
COMPACT_EVERY = 50_000  # appended rows a writer lets pile up before folding them
Key = tuple[date | None, date | None, str | None, str | None]

_E = {name: i for i, (name, _) in enumerate(EVENT_COLUMNS)}


def create(conn: Any) -> None:
    """The two tables (migration m009_counts), filled from the rows the store holds."""
    for table in TABLES:
        conn.execute(f"CREATE TABLE {table} (date_start DATE, date_end DATE, event_type VARCHAR,"
                     " country VARCHAR, n BIGINT)")
    rebuild(conn)


def rebuild(conn: Any, tables: Sequence[str] = TABLES) -> None:
    """Count ``tables`` afresh from their source tables (in date order, so DuckDB skips blocks by date)."""
    for table in tables:
        source, first, last, kind, country = SOURCES[table]
        conn.execute(f"DELETE FROM {table}")
        conn.execute(f"INSERT INTO {table} SELECT {first}, {last}, {kind}, {country}, count(*) FROM {source}"
                     " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4")


def compact(conn: Any, table: str) -> None:
    """Fold ``table``'s appended rows into one per group (groups summing to nothing dropped)."""
    conn.execute(f"CREATE TEMP TABLE {table}_folded AS SELECT date_start, date_end, event_type, country,"
                 f" CAST(sum(n) AS BIGINT) AS n FROM {table} GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0")
    conn.execute(f"DELETE FROM {table}")
    conn.execute(f"INSERT INTO {table} SELECT * FROM {table}_folded ORDER BY 1, 2, 3, 4")
    conn.execute(f"DROP TABLE {table}_folded")


def event_keys(rows: Iterable[Sequence[Any]]) -> Counter[Key]:
    """The groups of ``events`` rows (in ``EVENT_COLUMNS`` order) and how many fall in each."""
    start, end, kind, country = _E["date_start"], _E["date_end"], _E["event_type"], _E["location_country"]
    return Counter((r[start], r[end] if r[end] is not None else r[start], r[kind], r[country]) for r in rows)


def append(conn: Any, table: str, counts: Counter[Key], sign: int = 1) -> int:
    """Add ``counts`` (times ``sign``) to ``table``; return the rows appended."""
    rows = [(*key, sign * n) for key, n in counts.items() if n]
    if rows:
        conn.execute(f"INSERT INTO {table} SELECT unnest($1::DATE[]), unnest($2::DATE[]), unnest($3::VARCHAR[]),"
                     " unnest($4::VARCHAR[]), unnest($5::BIGINT[])", [list(col) for col in zip(*rows)])
    return len(rows)


def subtract_incidents(conn: Any, ids: Sequence[str]) -> None:
    """Take the stored incidents ``ids`` out of ``incident_counts`` (before they are deleted)."""
    _, first, last, kind, country = SOURCES["incident_counts"]
    conn.execute(f"INSERT INTO incident_counts SELECT {first}, {last}, {kind}, {country}, -count(*) FROM incidents"
                 " WHERE id IN (SELECT unnest($1::VARCHAR[])) GROUP BY 1, 2, 3, 4", [list(ids)])
