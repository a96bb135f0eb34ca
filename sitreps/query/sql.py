"""Filters as SQL: WHERE clauses with ``?`` parameters, sort keys and opaque keyset cursors.

Plain SQL only (IN lists, ILIKE, coalesce, sub-selects, DATE literals), so a PostgreSQL back end can run
the same text once ``?`` becomes its placeholder. Events are ``e``, incidents ``i``, articles ``a``.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from .filters import ActorMatch, Filters, QueryError


@dataclass(frozen=True, slots=True)
class Where:
    """``AND``-ed conditions and their parameters, in order."""

    parts: tuple[str, ...] = ()
    params: tuple[Any, ...] = ()

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.parts) if self.parts else ""

    def and_(self, part: str, *params: Any) -> Where:
        return Where((*self.parts, part), (*self.params, *params))


def _marks(values: tuple[Any, ...]) -> str:
    return ", ".join("?" for _ in values)


def _actor(match: ActorMatch) -> tuple[str, list[Any]]:
    """The condition on an ``event_actors`` row for an actor filter."""
    parts: list[str] = []
    params: list[Any] = []
    if match.codes:
        parts.append(f"code IN ({_marks(match.codes)})")
        params += match.codes
    if match.names:
        parts.append(f"lower(name) IN ({_marks(match.names)})")
        params += match.names
    if match.part:
        parts.append(_contains("name"))
        params.append(_like(match.part))
    return "(" + " OR ".join(parts) + ")", params


def _like(text: str) -> str:
    """An ILIKE pattern for text anywhere. No ESCAPE clause (it makes DuckDB's scan ten times slower): a % or
    backslash typed is dropped, and an _ matches any one character, itself included."""
    return "%" + text.replace("%", "").replace("\\", "") + "%"


def _contains(column: str) -> str:
    return f"{column} ILIKE ?"  # DuckDB and PostgreSQL both have ILIKE


def _bbox(where: Where, lat: str, lon: str, bbox: tuple[float, float, float, float]) -> Where:
    west, south, east, north = bbox
    where = where.and_(f"{lat} BETWEEN ? AND ?", south, north)
    if west <= east:
        return where.and_(f"{lon} BETWEEN ? AND ?", west, east)
    return where.and_(f"({lon} >= ? OR {lon} <= ?)", west, east)  # across the antimeridian


def provenance_where(f: Filters, column: str, where: Where) -> Where:
    """The provenance filters on the article id in ``column`` (scores of 0.5 or more, as ``sitreps articles``
    lists them; a copy or an original with copies is a duplicate)."""
    for flag, cond in ((f.stitched, "stitched_score >= 0.5"), (f.spun, "spun_score >= 0.5")):
        if flag is not None:
            where = where.and_(f"{column} {'' if flag else 'NOT '}IN (SELECT article_id FROM article_provenance"
                               f" WHERE {cond})")
    if f.duplicates is not None:
        copied = (f"({column} IN (SELECT article_id FROM article_provenance WHERE duplicate_of IS NOT NULL)"
                  f" OR {column} IN (SELECT duplicate_of FROM article_provenance WHERE duplicate_of IS NOT NULL))")
        where = where.and_(copied if f.duplicates else f"NOT {copied}")
    return where


def telling_where(f: Filters, where: Where | None = None) -> Where:
    """The conditions on a telling (an event row ``e``) alone: mode, actor, claimant, stance, modality,
    confidence, outlet, article and words in the evidence."""
    where = where or Where()
    if f.mode:
        where = where.and_("lower(e.mode) = lower(?)", f.mode)
    if f.actor:
        cond, params = _actor(f.actor)
        where = where.and_(f"e.id IN (SELECT event_id FROM {f.tables.event_actors} WHERE role IN ('source', "
                           f"'target') AND {cond})", *params)
    if f.claimant:
        cond, params = _actor(f.claimant)
        where = where.and_(f"e.id IN (SELECT event_id FROM {f.tables.event_actors} WHERE role = 'claimant'"
                           f" AND {cond})", *params)
    if f.stance:
        where = where.and_("coalesce(e.stance, 'asserted') = ?", f.stance)
    if f.modality:
        where = where.and_("e.modality = ?", f.modality)
    if f.min_confidence is not None:
        where = where.and_("e.confidence >= ?", f.min_confidence)
    if f.outlet:
        where = where.and_("e.article_id IN (SELECT id FROM articles WHERE lower(outlet) = lower(?))", f.outlet)
    if f.article:
        where = where.and_("e.article_id = ?", f.article)
    if f.text:
        where = where.and_(_contains("e.evidence_text"), _like(f.text))
    return provenance_where(f, "e.article_id", where)


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a table keeps what the type, place and date filters test (admin1 and the box: None where it keeps
    none, as the pre-aggregated counts); ``ends`` and ``starts`` are the dates a record's span meets."""

    type: str
    country: str
    ends: str
    starts: str
    admin1: str | None = None
    lat: str | None = None
    lon: str | None = None


EVENT_COLUMNS = Columns("e.event_type", "e.location_country", "coalesce(e.date_end, e.date_start)", "e.date_start",
                        "e.location_admin1", "e.lat", "e.lon")
INCIDENT_COLUMNS = Columns("i.event_type", "i.country", "coalesce(i.date_end, i.last_seen)",
                           "coalesce(i.date_start, i.first_seen)", "i.admin1", "i.lat", "i.lon")


def place_and_time_where(f: Filters, c: Columns, where: Where | None = None) -> Where:
    """The type, country, admin1, box and date filters on the columns ``c`` (a record's dates meet [since,
    until])."""
    where = where or Where()
    if f.types:
        where = where.and_(f"{c.type} IN ({_marks(f.types)})", *f.types)
    if f.countries:
        where = where.and_(f"{c.country} IN ({_marks(f.countries)})", *f.countries)
    if f.admin1 and c.admin1:
        where = where.and_(f"lower({c.admin1}) = lower(?)", f.admin1)
    if f.bbox and c.lat and c.lon:
        where = _bbox(where, c.lat, c.lon, f.bbox)
    if f.since:
        where = where.and_(f"{c.ends} >= ?", f.since)
    if f.until:
        where = where.and_(f"{c.starts} <= ?", f.until)
    return where


def event_where(f: Filters) -> Where:
    """Every filter on events."""
    where = place_and_time_where(f, EVENT_COLUMNS)
    if f.disputed is not None:
        where = where.and_(f"e.id IN (SELECT ie.event_id FROM {f.tables.incident_events} ie JOIN"
                           f" {f.tables.incidents} i ON"
                           " i.id = ie.incident_id WHERE i.disputed = ?)", f.disputed)
    return telling_where(f, where)


def has_telling_filters(f: Filters) -> bool:
    return bool(f.mode or f.actor or f.claimant or f.stance or f.modality or f.min_confidence is not None
                or f.outlet or f.article or f.text or f.provenance())


def incident_where(f: Filters) -> Where:
    """Every filter on incidents: place, dates, type and disputed on the incident; the rest on its tellings."""
    where = place_and_time_where(f, INCIDENT_COLUMNS)
    if f.disputed is not None:
        where = where.and_("i.disputed = ?", f.disputed)
    if has_telling_filters(f):
        tells = telling_where(f)
        where = where.and_(f"i.id IN (SELECT ie.incident_id FROM {f.tables.incident_events} ie JOIN"
                           f" {f.tables.events} e ON"
                           f" e.id = ie.event_id WHERE ie.role = 'claim' AND {' AND '.join(tells.parts)})",
                           *tells.params)
    return where


def article_where(f: Filters) -> Where:
    """Filters on articles: outlet, id, publication dates, words in the title or text; any event filter keeps
    the articles with a matching event."""
    where = Where()
    if f.outlet:
        where = where.and_("lower(a.outlet) = lower(?)", f.outlet)
    if f.article:
        where = where.and_("a.id = ?", f.article)
    if f.since:
        where = where.and_("a.published >= ?", f.since)
    if f.until:
        where = where.and_("a.published <= ?", f.until)
    if f.text:
        where = where.and_(f"({_contains('a.title')} OR {_contains('a.text')})",
                           _like(f.text), _like(f.text))
    events = event_where(Filters(types=f.types, mode=f.mode, actor=f.actor, countries=f.countries,
                                 admin1=f.admin1, bbox=f.bbox, claimant=f.claimant, stance=f.stance,
                                 modality=f.modality, disputed=f.disputed, min_confidence=f.min_confidence,
                                 tables=f.tables))
    if events.parts:
        where = where.and_(f"a.id IN (SELECT e.article_id FROM {f.tables.events} e{events.sql()})",
                           *events.params)
    return provenance_where(f, "a.id", where)


# -- sorting and cursors -------------------------------------------------------------------------------------

_LAST_DAY = "DATE '9999-12-31'"
SORTS: dict[str, dict[str, str]] = {
    "events": {"date": f"coalesce(e.date_start, {_LAST_DAY})", "confidence": "coalesce(e.confidence, 0)",
               "killed": "coalesce(e.killed_best, -1)"},
    "incidents": {"date": f"coalesce(i.date_start, i.first_seen, {_LAST_DAY})",
                  "killed": "coalesce(i.killed_best, -1)", "sources": "coalesce(i.n_sources, 0)"},
    "articles": {"published": f"coalesce(a.published, {_LAST_DAY})", "outlet": "coalesce(a.outlet, '')"},
}


@dataclass(frozen=True, slots=True)
class Order:
    """A sort: its key expression, direction and the id column that breaks ties."""

    name: str
    key: str
    descending: bool
    id_column: str

    def sql(self) -> str:
        way = " DESC" if self.descending else ""
        return f" ORDER BY {self.key}{way}, {self.id_column}{way}"

    def after(self, where: Where, cursor: str | None) -> Where:
        """``where`` and past the row the cursor points at."""
        if not cursor:
            return where
        key, last_id = decode_cursor(cursor, self.name)
        op = "<" if self.descending else ">"
        return where.and_(f"({self.key} {op} ? OR ({self.key} = ? AND {self.id_column} {op} ?))",
                          key, key, last_id)


def order(kind: str, sort: str | None, id_column: str) -> Order:
    """The sort named ``sort`` (``date``, ``-date`` for newest first, ...) for a list of ``kind``."""
    sorts = SORTS[kind]
    name = (sort or next(iter(sorts))).strip()
    bare = name.removeprefix("-")
    if bare not in sorts:
        raise QueryError("sort", f"{sort!r} is not a sort for {kind}",
                         tuple(v for s in sorts for v in (s, f"-{s}")))
    return Order(name, sorts[bare], name.startswith("-"), id_column)


def encode_cursor(sort: str, key: Any, last_id: str) -> str:
    """An opaque cursor: the sort and the last row's key and id."""
    value = {"d": key.isoformat()} if isinstance(key, date) else key
    raw = json.dumps([sort, value, last_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, value, last_id = json.loads(raw)
        if isinstance(value, dict):
            value = date.fromisoformat(value["d"])
    except (binascii.Error, ValueError, TypeError, KeyError) as error:
        raise QueryError("cursor", "not a cursor this server gave") from error
    if name != sort:
        raise QueryError("cursor", f"made for sort {name!r}, not {sort!r}; start again without a cursor")
    return value, str(last_id)


def encode_offset(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps(["offset", offset]).encode()).decode().rstrip("=")


def decode_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        name, offset = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if name != "offset" or not isinstance(offset, int) or offset < 0:
            raise ValueError(cursor)
    except (binascii.Error, ValueError, TypeError) as error:
        raise QueryError("cursor", "not a cursor this server gave") from error
    return offset
