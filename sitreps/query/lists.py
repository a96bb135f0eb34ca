"""The lists the API and the CLI serve: events, incidents, claims and articles, a page at a time or streamed.

Each takes a DB-API style connection (DuckDB's; ``execute(sql, params)``), resolved ``Filters``, a sort and a
cursor, and gives plain records: events and incidents as their stored JSON records (SCHEMA.md, the incident
contract), claims in the incident contract's claim shape, articles as flat dicts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

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


LISTS: dict[str, _List] = {
    "events": _List("events", "e.record", "events e", event_where, "e.id", _event),
    "claims": _List("events", "e.record, (SELECT outlet FROM articles WHERE id = e.article_id)", "events e",
                    event_where, "e.id", _claim),
    "incidents": _List("incidents", "i.record", "incidents i", incident_where, "i.id", _event, "incidents"),
    "articles": _List("articles", ", ".join(f"a.{c}" for c in ARTICLE_FIELDS)
                      + ", (SELECT count(*) FROM events WHERE article_id = a.id)", "articles a", article_where,
                      "a.id", _article),
}


def _spec(name: str, conn: Any) -> _List:
    spec = LISTS[name]
    if spec.needs and not has_table(conn, spec.needs):
        raise QueryError(name, f"this store has no {spec.needs}; run `sitreps incidents build` first")
    return spec


def count(conn: Any, name: str, filters: Filters) -> int:
    """How many records of list ``name`` match."""
    spec = _spec(name, conn)
    where = spec.where(filters)
    row = conn.execute(f"SELECT count(*) FROM {spec.source}{where.sql()}", list(where.params)).fetchone()
    return int(row[0]) if row else 0


def page(conn: Any, name: str, filters: Filters, *, sort: str | None = None, limit: int = 100,
         cursor: str | None = None, with_total: bool = True) -> Page:
    """One page of list ``name`` (events, claims, incidents, articles): at most ``limit`` records after
    ``cursor``, in a stable order (the sort key, then the id)."""
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError("limit", f"{limit} is not between 1 and {MAX_PAGE}")
    spec = _spec(name, conn)
    how = order(spec.kind, sort, spec.id_column)
    where = how.after(spec.where(filters), cursor)
    sql = (f"SELECT {spec.columns}, {how.key}, {spec.id_column} FROM {spec.source}{where.sql()}{how.sql()}"
           f" LIMIT {limit + 1}")
    rows = conn.execute(sql, list(where.params)).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    items = tuple(spec.record(row[:-2]) for row in rows)
    after = encode_cursor(how.name, rows[-1][-2], rows[-1][-1]) if more and rows else None
    total = count(conn, name, filters) if with_total else -1
    return Page(items, total, after)


def stream(conn: Any, name: str, filters: Filters, *, sort: str | None = None,
           limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Every matching record of list ``name`` (or the first ``limit``), read ``CHUNK`` rows at a time through a
    cursor of its own. The filters and sort are checked now (``QueryError``), the rows read as iterated."""
    spec = _spec(name, conn)
    how: Order = order(spec.kind, sort, spec.id_column)
    where = spec.where(filters)
    sql = f"SELECT {spec.columns} FROM {spec.source}{where.sql()}{how.sql()}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _rows(conn, sql, list(where.params), spec.record)


def _rows(conn: Any, sql: str, params: list[Any],
          record: Callable[[tuple[Any, ...]], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    cursor = conn.cursor()
    try:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            for row in chunk:
                yield record(row)
    finally:
        cursor.close()


def article(conn: Any, article_id: str) -> dict[str, Any] | None:
    """One article: its fields, its text, and every event's evidence offsets into that text (with the event's
    type, claimant, stance, modality and figures); its provenance record when the store has one."""
    row = conn.execute(f"SELECT {', '.join(ARTICLE_FIELDS)}, text FROM articles WHERE id = ?",
                       [article_id]).fetchone()
    if row is None:
        return None
    out = dict(zip(ARTICLE_FIELDS, row))
    out["published"] = out["published"].isoformat() if out["published"] else None
    out["text"] = row[-1]
    events = conn.execute("SELECT e.record FROM events e WHERE e.article_id = ?"
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
