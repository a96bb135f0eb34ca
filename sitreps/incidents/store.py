"""The incidents tables: reading tellings and stored incidents by block, and writing what a build decided
(queries over them are the query layer's, sitreps/query). Every read is blocked in SQL."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..model import Event
from ..store.counts import append, subtract_incidents
from ..store.dialect import Connection
from .model import Incident
from .score import Group
from .telling import Telling

_LEDE = 600  # characters of an article's text read as its lede (its first paragraph or two)


def connection(target: Any) -> Connection:
    """The connection of a store (DuckDB or PostgreSQL, ``store.conn``) or the connection itself."""
    conn = getattr(target, "conn", target)
    if not callable(getattr(conn, "execute", None)) or not callable(getattr(conn, "cursor", None)):
        raise TypeError(f"not a sitreps store or store connection: {target!r}")
    return conn  # type: ignore[no-any-return]


def _has_table(conn: Connection, name: str) -> bool:
    row = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
                       " AND table_schema = current_schema()", [name]).fetchone()
    return bool(row and row[0])


def source_key_sql(conn: Connection) -> tuple[str, str]:
    """The join and the SQL expression giving each article's independent-source key (``a`` is the article).

    Where the provenance table exists, a wire copy counts with the article it copies (``duplicate_of``), so
    both give that original's outlet; otherwise the key is the article's outlet. An article without an outlet
    is its own source."""
    if _has_table(conn, "article_provenance"):
        join = (" LEFT JOIN article_provenance p ON p.article_id = a.id"
                " LEFT JOIN articles r ON r.id = coalesce(p.duplicate_of, a.id)")
        return join, "coalesce(r.outlet, r.id, a.outlet, a.id)"
    return "", "coalesce(a.outlet, a.id)"


def tellings(conn: Connection, where: str, params: Sequence[Any] = (),
             extra: str = "", links: bool = False) -> list[tuple[Telling, Any]]:
    """Events with their article's outlet, date, source key and lede, each with the ``extra`` column
    (``links``: joined with ``incident_events`` as ``ie``, one row per link)."""
    join, key = source_key_sql(conn)
    trust = "p.reliability" if join else "NULL"  # the article's reliability, where provenance is stored
    sql = (f"SELECT e.record, a.outlet, a.published, {key}, {trust},"
           f" coalesce(a.title, '') || ' . ' || substr(coalesce(a.text, ''), 1, {_LEDE}), {extra or 'NULL'}"
           f" FROM events e{' JOIN incident_events ie ON ie.event_id = e.id' if links else ''}"
           f" LEFT JOIN articles a ON a.id = e.article_id{join} WHERE {where}"
           " ORDER BY a.published NULLS LAST, e.article_id, e.sentence, e.evidence_start, e.id")
    out = []
    for record, outlet, published, source, reliability, lede, tag in conn.execute(sql, list(params)).fetchall():
        event = Event.from_dict(json.loads(record))
        out.append((Telling(event, outlet, published, source or event.article_id, lede,
                            None if reliability is None else float(reliability)), tag))
    return out


def new_tellings(conn: Connection) -> list[list[Telling]]:
    """The events no build has looked at yet, by article, in publication order."""
    rows = tellings(conn, "e.id NOT IN (SELECT event_id FROM incident_events)")
    articles: dict[str, list[Telling]] = {}
    for t, _ in rows:
        articles.setdefault(t.event.article_id, []).append(t)
    return list(articles.values())


def stored_groups(conn: Connection, lo: date | None, hi: date | None, settings: Any) -> list[Group]:
    """The stored incidents whose date windows meet [lo, hi], and the undated ones (any family: an article may
    join an incident told in another family when the words agree)."""
    if lo is None or hi is None:
        ids = conn.execute("SELECT id, family FROM incidents WHERE window_start IS NULL").fetchall()
    else:
        ids = conn.execute("SELECT id, family FROM incidents WHERE window_start IS NULL"
                           " OR (window_start <= $2 AND window_end >= $1)", [lo, hi]).fetchall()
    if not ids:
        return []
    groups = {iid: Group(family, stored_id=iid) for iid, family in ids}
    for iid, story in conn.execute("SELECT id, record->>'story' FROM incidents"
                                   " WHERE id IN (SELECT unnest($1::VARCHAR[]))", [list(groups)]).fetchall():
        groups[iid].story = story
    rows = tellings(conn, "ie.role = 'claim' AND ie.incident_id IN (SELECT unnest($1::VARCHAR[]))",
                    [list(groups)], extra="ie.incident_id", links=True)
    for t, iid in rows:
        groups[iid].add(t, settings)
    return list(groups.values())


def _with_links(where: str) -> str:
    return f"e.id IN (SELECT event_id FROM incident_events ie WHERE {where})"


def stored_aggregates(conn: Connection, group_ids: Sequence[str], lo: date | None,
                      hi: date | None) -> list[Telling]:
    """Aggregate tellings already placed that cover a loaded incident or whose dates meet [lo, hi]."""
    params: list[Any] = [list(group_ids)]
    where = "ie.role = 'aggregate' AND (ie.incident_id IN (SELECT unnest($1::VARCHAR[]))"
    if lo is not None and hi is not None:
        where += " OR ie.event_id IN (SELECT id FROM events WHERE date_start <= $3 AND date_end >= $2)"
        params += [lo, hi]
    rows = tellings(conn, _with_links(where + ")"), params)
    return [t for t, _ in rows]


def incident_row(incident: Incident, group: Group) -> tuple[Any, ...]:
    loc, when, killed = incident.location, incident.date, incident.quantities.get("killed")
    window = group.window
    return (incident.id, group.family, incident.event_type, loc.name if loc else None, loc.country if loc else None,
            loc.admin1 if loc else None, loc.lat if loc else None, loc.lon if loc else None,
            when.start if when else None, when.end if when else None,
            window[0] if window else None, window[1] if window else None,
            killed.low if killed else None, killed.best if killed else None, killed.high if killed else None,
            any(f.disputed for f in incident.quantities.values()), len(incident.articles), len(incident.sources),
            incident.first_seen, incident.last_seen, json.dumps(incident.to_dict(), ensure_ascii=False))


def write(conn: Connection, written: Sequence[tuple[Incident, Group]], old_ids: Sequence[str],
          links: Sequence[tuple[str | None, str, str]]) -> None:
    """Replace the incidents ``old_ids`` by ``written`` and add the event ``links`` (incident, event, role)."""
    if old_ids:
        subtract_incidents(conn, old_ids)
        conn.execute("DELETE FROM incidents WHERE id IN (SELECT unnest($1::VARCHAR[]))", [list(old_ids)])
        conn.execute("DELETE FROM incident_events WHERE incident_id IN (SELECT unnest($1::VARCHAR[]))",
                     [list(old_ids)])
    rows = [incident_row(i, g) for i, g in written]
    if rows:
        kinds = ("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "DOUBLE", "DATE",
                 "DATE", "DATE", "DATE", "BIGINT", "BIGINT", "BIGINT", "BOOLEAN", "BIGINT", "BIGINT", "DATE",
                 "DATE", "JSON")
        unnests = ", ".join(f"unnest(${i}::{k}[])" for i, k in enumerate(kinds, start=1))
        conn.execute(f"INSERT INTO incidents SELECT {unnests}", [list(col) for col in zip(*rows)])
        append(conn, "incident_counts", Counter(
            (r[8] if r[8] is not None else r[18], r[9] if r[9] is not None else r[19], r[2], r[4]) for r in rows))
    if links:
        conn.execute("INSERT INTO incident_events SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]),"
                     " unnest($3::VARCHAR[])", [list(col) for col in zip(*links)])
    conn.execute("DELETE FROM incident_events WHERE incident_id IS NULL AND role = 'aggregate' AND event_id IN"
                 " (SELECT event_id FROM incident_events WHERE incident_id IS NOT NULL)")


def clear(conn: Connection) -> None:
    conn.execute("DELETE FROM incidents")
    conn.execute("DELETE FROM incident_counts")
    conn.execute("DELETE FROM incident_events")
