"""Totals and stats read from the pre-aggregated counts (sitreps/store/counts.py) instead of the rows.

Used when the filters are only types, countries and dates and the query reads the machine's tables (with a
correction in force the corrected view is counted row by row, as before). The same conditions as
``sitreps.query.sql`` puts on the rows, put on the groups: a row's last day on or after ``since``, its first
day on or before ``until``; so the answers are exact, not estimates.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..review.view import MACHINE
from .filters import Filters
from .sql import Columns, Where, place_and_time_where

TABLES = {"events": "event_counts", "claims": "event_counts", "incidents": "incident_counts"}
BY = {"type": "c.event_type", "country": "c.country", "day": "c.date_start",
      "month": "substr(CAST(c.date_start AS VARCHAR), 1, 7)", "year": "substr(CAST(c.date_start AS VARCHAR), 1, 4)"}


def usable(conn: Any, filters: Filters) -> bool:
    """Whether ``filters`` (bound) can be answered from the counts: only types, countries and dates, on the
    machine's tables, in a store that has the counts."""
    if filters.tables != MACHINE:
        return False
    bare = dataclasses.replace(filters, types=(), countries=(), since=None, until=None)
    if bare != Filters(view=filters.view, tables=filters.tables):
        return False
    from .lists import has_table

    return has_table(conn, "event_counts")


COUNT_COLUMNS = Columns("c.event_type", "c.country", "c.date_end", "c.date_start")  # no admin1, no box


def _where(filters: Filters) -> Where:
    return place_and_time_where(filters, COUNT_COLUMNS)


def total(conn: Any, name: str, filters: Filters) -> int:
    """How many events (or claims, or incidents) match: a sum over the groups."""
    where = _where(filters)
    row = conn.execute(f"SELECT sum(n) FROM {TABLES[name]} c{where.sql()}", list(where.params)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def stats(conn: Any, filters: Filters, by: tuple[str, ...], top: int) -> dict[str, Any]:
    """``sitreps.query.facets.stats`` for the events, from the groups (each of ``by`` in ``BY``; events are
    never deleted, so every group counts at least one and its days are the events' days)."""
    return grouped(conn, "event_counts c", _where(filters), count_sql="sum(n)", day_sql="c.date_start", keys=BY,
                   by=by, top=top)


def grouped(conn: Any, source: str, where: Where, *, count_sql: str, day_sql: str, keys: dict[str, str],
            by: tuple[str, ...], top: int) -> dict[str, Any]:
    """The count of ``source``'s rows that ``where`` keeps (``count_sql``: ``count(*)`` over rows, ``sum(n)``
    over groups), their date range, and the counts by each of ``by`` (SQL in ``keys``), largest first (days
    in order), at most ``top`` each: the stats, over the rows or over the pre-aggregated groups."""
    params = list(where.params)
    n, first, last = conn.execute(f"SELECT {count_sql}, min({day_sql}), max({day_sql}) FROM {source}{where.sql()}",
                                  params).fetchone()
    out: dict[str, Any] = {"events": int(n or 0),
                           "date_range": {"start": first.isoformat(), "end": last.isoformat()} if first else None}
    for name in by:
        key = keys[name]
        sort = "1" if name in ("day", "month", "year") else "2 DESC, 1"
        rows = conn.execute(f"SELECT {key}, {count_sql} FROM {source}{where.and_(f'{key} IS NOT NULL').sql()}"
                            f" GROUP BY 1 ORDER BY {sort} LIMIT {int(top)}", params).fetchall()
        out[f"by_{name}"] = {(k.isoformat() if hasattr(k, "isoformat") else str(k)): int(v) for k, v in rows}
    return out
