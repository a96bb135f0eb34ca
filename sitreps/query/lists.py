"""The lists the API and the CLI serve: events, incidents, claims and articles, a page at a time or streamed.

Each takes a store connection (DuckDB's, or the PostgreSQL store's; ``execute(sql, params)``), resolved
``Filters``, a sort and a cursor, and gives plain records: events and incidents as their stored JSON records
(SCHEMA.md, the incident contract), claims in the incident contract's claim shape, articles as flat dicts.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..review.view import MACHINE
from . import tally
from .filters import Filters, QueryError
from .sql import Order, Where, article_where, encode_cursor, event_where, incident_where, order

MAX_PAGE = 1000
CHUNK = 1000


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: its records, how many match in all, and the cursor of the next page (None at the
    end)."""

    items: tuple[dict[str, Any], ...]
    total: int
    next: str | None
    total_exact: bool = True  # False: more than ``total`` match (counting stopped there; ``page``'s total_cap)


@dataclass(frozen=True, slots=True)
class _List:
    """A list's SQL: what to select, from where, how it is filtered, and how a row becomes a record."""

    kind: str
    columns: str
    source: str
    where: Callable[[Filters], Where]
    id_column: str
    record: Callable[[tuple[Any, ...]], dict[str, Any]]
    needs: str | None = None  # a table that must exist
    stored: bool = False  # the one column selected is the stored JSON record, served as it is
    flat: tuple[tuple[str, str], ...] = ()  # (name, SQL) of the flat columns for CSV and GeoJSON


def has_table(conn: Any, name: str) -> bool:
    row = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
                       " AND table_schema = current_schema()", [name]).fetchone()
    return bool(row and row[0])


def _event(row: tuple[Any, ...]) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(row[0])
    return record


def _claim(row: tuple[Any, ...]) -> dict[str, Any]:
    record, outlet = json.loads(row[0]), row[1]
    claim = record.get("claim") or {}
    return {"event_id": record["id"], "article_id": record["article_id"], "outlet": outlet,
            "claimant": claim.get("claimant"), "stance": claim.get("stance", "asserted"),
            "modality": record.get("modality"),
            "quantities": {k: {"low": q.get("low"), "best": q.get("best"), "high": q.get("high")}
                           for k, q in (record.get("quantities") or {}).items()},
            "evidence": record.get("evidence"), "confidence": record.get("confidence"),
            "event_type": record.get("event_type"), "location": record.get("location"), "date": record.get("date")}


ARTICLE_FIELDS = ("id", "url", "title", "outlet", "published", "byline", "lang", "origin")


def _article(row: tuple[Any, ...]) -> dict[str, Any]:
    out = dict(zip(ARTICLE_FIELDS, row))
    out["published"] = out["published"].isoformat() if out["published"] else None
    out["events"] = int(row[len(ARTICLE_FIELDS)] or 0)
    return out


_PLACE = (("location", "{p}location_name"), ("country", "{p}location_country"), ("admin1", "{p}location_admin1"),
          ("lat", "{p}lat"), ("lon", "{p}lon"))
EVENT_FLAT = (("id", "e.id"), ("article_id", "e.article_id"), ("event_type", "e.event_type"), ("mode", "e.mode"),
              *((n, c.format(p="e.")) for n, c in _PLACE), ("precision", "e.location_precision"),
              ("date_start", "e.date_start"), ("date_end", "e.date_end"), ("date_precision", "e.date_precision"),
              ("killed_low", "e.killed_low"), ("killed_best", "e.killed_best"), ("killed_high", "e.killed_high"),
              ("claimant", "e.claimant_name"), ("stance", "coalesce(e.stance, 'asserted')"),
              ("modality", "e.modality"), ("confidence", "e.confidence"), ("evidence", "e.evidence_text"))
INCIDENT_FLAT = (("id", "i.id"), ("event_type", "i.event_type"), ("location", "i.location_name"),
                 ("country", "i.country"), ("admin1", "i.admin1"), ("lat", "i.lat"), ("lon", "i.lon"),
                 ("date_start", "i.date_start"), ("date_end", "i.date_end"), ("killed_low", "i.killed_low"),
                 ("killed_best", "i.killed_best"), ("killed_high", "i.killed_high"), ("disputed", "i.disputed"),
                 ("articles", "i.n_articles"), ("sources", "i.n_sources"), ("first_seen", "i.first_seen"),
                 ("last_seen", "i.last_seen"))

LISTS: dict[str, _List] = {
    "events": _List("events", "e.record", "{events} e", event_where, "e.id", _event, stored=True, flat=EVENT_FLAT),
    "claims": _List("events", "e.record, (SELECT outlet FROM articles WHERE id = e.article_id)", "{events} e",
                    event_where, "e.id", _claim),
    "incidents": _List("incidents", "i.record", "{incidents} i", incident_where, "i.id", _event, "incidents",
                       stored=True, flat=INCIDENT_FLAT),
    "articles": _List("articles", ", ".join(f"a.{c}" for c in ARTICLE_FIELDS)
                      + ", (SELECT count(*) FROM {events} WHERE article_id = a.id)", "articles a", article_where,
                      "a.id", _article),
}


PROVENANCE = ("duplicate_of", "duplicates", "reuse", "stitched", "spun", "reliability")


def _article_provenance(row: tuple[Any, ...]) -> dict[str, Any]:
    """An article with its provenance fields (as ``sitreps.provenance.article_records`` gives them)."""
    out = _article(row[:-1])
    body = json.loads(row[-1]) if row[-1] else {}
    out.update({"duplicate_of": None, "duplicates": [], "reuse": [], "stitched": None, "spun": None,
                "reliability": None, **{k: v for k, v in body.items() if k in PROVENANCE}})
    return out


def _spec(name: str, conn: Any, filters: Filters | None = None) -> _List:
    """List ``name`` reading the tables of the filters' view (bound: ``Filters.bind``)."""
    spec = LISTS[name]
    names = (filters.tables if filters is not None else MACHINE).names()
    spec = dataclasses.replace(spec, source=spec.source.format(**names), columns=spec.columns.format(**names))
    if spec.needs and not has_table(conn, spec.needs):
        raise QueryError(name, f"this store has no {spec.needs}; run `sitreps incidents build` first")
    provenance = has_table(conn, "article_provenance")
    if filters is not None and filters.provenance() and not provenance:
        raise QueryError("stitched", "this store has no provenance; run `sitreps provenance build` first")
    if name == "articles" and provenance:
        return dataclasses.replace(
            spec, columns=spec.columns + ", p.record", record=_article_provenance,
            source="articles a LEFT JOIN article_provenance p ON p.article_id = a.id")
    return spec


def count(conn: Any, name: str, filters: Filters, *, cap: int | None = None) -> int:
    """How many records of list ``name`` match; with ``cap``, counting may stop past ``cap`` (``cap`` is then
    given, meaning "more than ``cap``": ``page`` says so in ``Page.total_exact``). Exact and cheap wherever the pre-aggregated counts answer
    (``sitreps.query.tally``)."""
    filters = filters.bind(conn)
    return _count(conn, name, _spec(name, conn, filters), filters, cap)[0]


def _count(conn: Any, name: str, spec: _List, filters: Filters, cap: int | None) -> tuple[int, bool]:
    """``count`` with the filters bound and the list's SQL made, and whether it is exact."""
    if name in tally.TABLES and tally.usable(conn, filters):
        return tally.total(conn, name, filters), True
    where = spec.where(filters)
    source = f"{spec.source}{where.sql()}"
    if cap is not None:  # the scan stops at the (cap + 1)th match
        source = f"(SELECT 1 AS one FROM {source} LIMIT {int(cap) + 1}) capped"
    row = conn.execute(f"SELECT count(*) FROM {source}", list(where.params)).fetchone()
    found = int(row[0]) if row else 0
    if cap is not None and found > cap:
        return cap, False
    return found, True


def page(conn: Any, name: str, filters: Filters, *, sort: str | None = None, limit: int = 100,
         cursor: str | None = None, with_total: bool = True, raw: bool = False,
         total_cap: int | None = None) -> Page:
    """One page of list ``name`` (events, claims, incidents, articles): at most ``limit`` records after
    ``cursor``, in a stable order (the sort key, then the id). ``raw``: events and incidents as their stored JSON
    text, not parsed (for a server that passes them on as they are). ``total_cap``: count the matches only up
    to this many (``Page.total_exact`` False when more match), where counting them all would scan them all.

    The page is found in two steps: the sort keys and ids of the page first, then the records by id (the primary
    key), so the sort never carries the large record column."""
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError("limit", f"{limit} is not between 1 and {MAX_PAGE}")
    filters = filters.bind(conn)
    spec = _spec(name, conn, filters)
    how = order(spec.kind, sort, spec.id_column)
    where = how.after(spec.where(filters), cursor)
    keys = conn.execute(f"SELECT {how.key}, {spec.id_column} FROM {spec.source}{where.sql()}{how.sql()}"
                        f" LIMIT {limit + 1}", list(where.params)).fetchall()
    more = len(keys) > limit
    keys = keys[:limit]
    ids = [row[1] for row in keys]
    rows: dict[str, tuple[Any, ...]] = {}
    if ids:
        found = conn.execute(f"SELECT {spec.id_column}, {spec.columns} FROM {spec.source}"
                             f" WHERE {spec.id_column} IN ({', '.join('?' for _ in ids)})", ids).fetchall()
        rows = {row[0]: row[1:] for row in found}
    if raw and spec.stored:
        items: tuple[Any, ...] = tuple(rows[i][0] for i in ids)
    else:
        items = tuple(spec.record(rows[i]) for i in ids)
    after = encode_cursor(how.name, keys[-1][0], keys[-1][1]) if more and keys else None
    total, exact = _count(conn, name, spec, filters, total_cap) if with_total else (-1, True)
    return Page(items, total, after, total_exact=exact)


def stream(conn: Any, name: str, filters: Filters, *, sort: str | None = None, limit: int | None = None,
           flat: bool = False, open_cursor: Callable[[], Any] | None = None) -> Iterator[dict[str, Any]]:
    """Every matching record of list ``name`` (or the first ``limit``), read ``CHUNK`` rows at a time through a
    cursor of its own (``open_cursor()``, by default ``conn.cursor()``). ``flat``: events and incidents as their flat columns (for CSV and GeoJSON) instead of
    whole records. The filters and sort are checked now (``QueryError``), the rows read as iterated."""
    filters = filters.bind(conn)
    spec = _spec(name, conn, filters)
    how: Order = order(spec.kind, sort, spec.id_column)
    where = spec.where(filters)
    columns, record = spec.columns, spec.record
    if flat and spec.flat:
        columns = ", ".join(sql for _, sql in spec.flat)
        names = tuple(n for n, _ in spec.flat)
        record = functools.partial(_flat_row, names)
    sql = f"SELECT {columns} FROM {spec.source}{where.sql()}{how.sql()}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _rows(open_cursor or conn.cursor, sql, list(where.params), record)


def features(conn: Any, name: str, filters: Filters, *, sort: str | None = None, limit: int | None = None,
             open_cursor: Callable[[], Any] | None = None) -> Iterator[str]:
    """Every matching event or incident (list ``name``; or the first ``limit``) as a GeoJSON Feature in JSON
    text, written by the database rather than in Python: a Point where the record has a place, else no
    geometry, and the flat columns as properties (what ``stream(..., flat=True)`` gives). Read as ``stream``."""
    from ..store.dialect import spell

    filters = filters.bind(conn)
    spec = _spec(name, conn, filters)
    if not spec.flat:
        raise QueryError("format", f"{name} have no GeoJSON features of their own")
    how: Order = order(spec.kind, sort, spec.id_column)
    where = spec.where(filters)
    column = dict(spec.flat)
    lat, lon = column["lat"], column["lon"]
    point = spell(conn, "json_object", "'type', 'Point', 'coordinates', " + spell(conn, "json_array", f"{lon}, {lat}"))
    properties = spell(conn, "json_object", ", ".join(f"'{n}', {sql}" for n, sql in spec.flat))
    feature = spell(conn, "json_object", f"'type', 'Feature', 'id', {column['id']}, 'geometry', CASE WHEN {lat}"
                                         f" IS NOT NULL AND {lon} IS NOT NULL THEN {point} END,"
                                         f" 'properties', {properties}")
    sql = f"SELECT CAST({feature} AS VARCHAR) FROM {spec.source}{where.sql()}{how.sql()}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _texts(open_cursor or conn.cursor, sql, list(where.params))


def _texts(open_cursor: Callable[[], Any], sql: str, params: list[Any]) -> Iterator[str]:
    cursor = open_cursor()
    try:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            for (text,) in chunk:
                yield text
    finally:
        cursor.close()


def _flat_row(names: tuple[str, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    return {n: (v.isoformat() if isinstance(v, date) else v) for n, v in zip(names, row)}


def _rows(open_cursor: Callable[[], Any], sql: str, params: list[Any],
          record: Callable[[tuple[Any, ...]], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    cursor = open_cursor()
    try:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            for row in chunk:
                yield record(row)
    finally:
        cursor.close()


def article(conn: Any, article_id: str, *, view: str = "corrected") -> dict[str, Any] | None:
    """One article: its fields, its text, and every event's evidence offsets into that text (with the event's
    type, claimant, stance, modality and figures, in ``view``: corrected or machine); its provenance record
    when the store has one."""
    from ..review.view import tables

    row = conn.execute(f"SELECT {', '.join(ARTICLE_FIELDS)}, text FROM articles WHERE id = ?",
                       [article_id]).fetchone()
    if row is None:
        return None
    out = dict(zip(ARTICLE_FIELDS, row))
    out["published"] = out["published"].isoformat() if out["published"] else None
    out["text"] = row[-1]
    events = conn.execute(f"SELECT e.record FROM {tables(conn, view).events} e WHERE e.article_id = ?"
                          " ORDER BY e.sentence, e.evidence_start, e.id", [article_id]).fetchall()
    out["events"] = [_evidence(json.loads(record)) for (record,) in events]
    out["provenance"] = None
    if has_table(conn, "article_provenance"):
        prov = conn.execute("SELECT record FROM article_provenance WHERE article_id = ?", [article_id]).fetchone()
        if prov and prov[0]:
            out["provenance"] = json.loads(prov[0])
    return out


def _evidence(record: dict[str, Any]) -> dict[str, Any]:
    claim = record.get("claim") or {}
    return {"event_id": record["id"], "event_type": record.get("event_type"), "mode": record.get("mode"),
            "sentence": record.get("sentence"), "evidence": record.get("evidence"),
            "claimant": claim.get("claimant"), "stance": claim.get("stance", "asserted"),
            "modality": record.get("modality"), "quantities": record.get("quantities"),
            "confidence": record.get("confidence")}
