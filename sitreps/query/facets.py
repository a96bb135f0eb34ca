"""Counted lists over the matching events: actors, places, outlets, and the stats (counts by type, country and
day). Paged by an opaque offset cursor: the lists are short and their order (count, then key) is stable."""

from __future__ import annotations

from typing import Any

from . import tally
from .filters import Filters, QueryError
from .lists import MAX_PAGE, Page
from .sql import decode_offset, encode_offset, event_where

FACETS: dict[str, tuple[str, str, str]] = {
    # name: (key columns, FROM (with e the events), extra condition)
    "actors": ("ea.code, ea.name, ea.sector", "{event_actors} ea JOIN {events} e ON e.id = ea.event_id",
               "ea.role IN ('source', 'target')"),
    "claimants": ("ea.code, ea.name, ea.sector", "{event_actors} ea JOIN {events} e ON e.id = ea.event_id",
                  "ea.role = 'claimant'"),
    "places": ("e.location_name, e.location_country, e.location_admin1, e.lat, e.lon", "{events} e",
               "e.location_name IS NOT NULL"),
    "outlets": ("a.outlet", "{events} e JOIN articles a ON a.id = e.article_id", "a.outlet IS NOT NULL"),
}
FIELDS = {"actors": ("code", "name", "sector"), "claimants": ("code", "name", "sector"),
          "places": ("name", "country", "admin1", "lat", "lon"), "outlets": ("outlet",)}


def _needs_provenance(conn: Any, filters: Filters) -> None:
    from .lists import has_table

    if filters.provenance() and not has_table(conn, "article_provenance"):
        raise QueryError("stitched", "this store has no provenance; run `sitreps provenance build` first")


def facet(conn: Any, name: str, filters: Filters, *, limit: int = 100, cursor: str | None = None) -> Page:
    """The distinct actors (sources and targets), claimants, places or outlets of the matching events, most
    events first, each with its number of events (``events``); outlets also with their ``articles``."""
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError("limit", f"{limit} is not between 1 and {MAX_PAGE}")
    _needs_provenance(conn, filters)
    filters = filters.bind(conn)
    keys, source, extra = FACETS[name]
    source = source.format(**filters.tables.names())
    where = event_where(filters).and_(extra)
    offset = decode_offset(cursor)
    articles = ", count(DISTINCT a.id)" if name == "outlets" else ""
    sql = (f"SELECT {keys}, count(DISTINCT e.id){articles} FROM {source}{where.sql()} GROUP BY {keys}"
           f" ORDER BY count(DISTINCT e.id) DESC, {keys} LIMIT {limit + 1} OFFSET {offset}")
    rows = conn.execute(sql, list(where.params)).fetchall()
    fields = FIELDS[name]
    items = []
    for row in rows[:limit]:
        item = dict(zip(fields, row))
        item["events"] = int(row[len(fields)])
        if articles:
            item["articles"] = int(row[len(fields) + 1])
        items.append(item)
    total_row = conn.execute(f"SELECT count(*) FROM (SELECT {keys} FROM {source}{where.sql()} GROUP BY {keys}) t",
                             list(where.params)).fetchone()
    after = encode_offset(offset + limit) if len(rows) > limit else None
    return Page(tuple(items), int(total_row[0]) if total_row else 0, after)


STATS_BY = {"type": "e.event_type", "country": "e.location_country", "day": "e.date_start",
            "month": "substr(CAST(e.date_start AS VARCHAR), 1, 7)", "year": "substr(CAST(e.date_start AS VARCHAR), 1, 4)",
            "stance": "coalesce(e.stance, 'asserted')", "modality": "e.modality"}


def stats(conn: Any, filters: Filters, by: tuple[str, ...] = ("type", "country", "day"),
          *, top: int = 10000) -> dict[str, Any]:
    """Counts of the matching events by each of ``by`` (type, country, day, month, year, stance, modality),
    largest first (days in order), at most ``top`` groups each; with the total, the date range and, when the
    store has incidents, the matching incidents' count."""
    for name in by:
        if name not in STATS_BY:
            raise QueryError("by", f"{name!r} is not a grouping", tuple(STATS_BY))
    _needs_provenance(conn, filters)
    filters = filters.bind(conn)
    from .lists import count, has_table

    if all(name in tally.BY for name in by) and tally.usable(conn, filters):
        fast = tally.stats(conn, filters, by, top)
        fast["incidents"] = count(conn, "incidents", filters) if has_table(conn, "incidents") else None
        return fast
    out = tally.grouped(conn, f"{filters.tables.events} e", event_where(filters), count_sql="count(*)",
                        day_sql="e.date_start", keys=STATS_BY, by=by, top=top)
    out["incidents"] = count(conn, "incidents", filters) if has_table(conn, "incidents") else None
    return out
