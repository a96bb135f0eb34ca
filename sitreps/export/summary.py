"""The counts an analyst looks at first, per week, month, country, admin1, event type or claimant: SQL over the
store's flat columns (and the incidents' records), so it stays fast on a store of 100k events.

Per group: incidents and disputed incidents (when the store has incidents), with the incidents' killed
low/best/high summed; event tellings, with their killed figures summed over *single-incident* tellings only: a
telling whose killed figure is an aggregate (a total over a period or area, ``quantities.killed.aggregate``) is
counted in ``aggregate_tellings`` and left out of the sums, since it would count the incidents it covers again.
Tellings of one incident by several articles still add up in the event sums: the incident sums are the ones
without repeats.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..query.filters import Filters
from ..query.sql import event_where, incident_where
from ..store.dialect import Connection, spell
from .inputs import has_incidents

BY = ("week", "month", "country", "admin1", "type", "claimant")
NONE = "(none)"
OUTLET = "(outlet)"  # no claimant: the outlet says so in its own voice

_EVENT_KEY = {
    "week": "{week}",
    "month": "substr(CAST(date_start AS VARCHAR), 1, 7)",
    "country": "location_country",
    "admin1": "location_country || ': ' || location_admin1",
    "type": "event_type",
    "claimant": f"coalesce(claimant_name, '{OUTLET}')",
}
_DAY = "CAST(record->'date'->>'start' AS DATE)"
_INCIDENT_KEY = {
    "week": "{week}",
    "month": f"substr(CAST({_DAY} AS VARCHAR), 1, 7)",
    "country": "record->'location'->>'country'",
    "admin1": "(record->'location'->>'country') || ': ' || (record->'location'->>'admin1')",
    "type": "record->>'event_type'",
}
_KILLED = "CAST(record->'quantities'->'killed'->>'{}' AS BIGINT)"

# plain SQL that DuckDB and PostgreSQL both run; the ISO week and a JSON array's elements are spelled per
# dialect (sitreps/store/dialect.py)
EVENT_SQL = """
    SELECT coalesce({key}, '{none}') AS grp, count(*) AS events,
           sum(killed_low) FILTER (WHERE NOT aggregate) AS event_killed_low,
           sum(killed_best) FILTER (WHERE NOT aggregate) AS event_killed_best,
           sum(killed_high) FILTER (WHERE NOT aggregate) AS event_killed_high,
           count(*) FILTER (WHERE aggregate) AS aggregate_tellings
    FROM (SELECT *, coalesce(CAST(quantities->'killed'->>'aggregate' AS BOOLEAN), false)
                    AS aggregate FROM events) AS tellings
    GROUP BY 1"""
INCIDENT_SQL = """
    SELECT coalesce(grp, '{none}') AS grp, count(DISTINCT id) AS incidents,
           count(DISTINCT id) FILTER (WHERE disputed) AS disputed_incidents,
           sum(low) AS incident_killed_low, sum(best) AS incident_killed_best, sum(high) AS incident_killed_high
    FROM (SELECT DISTINCT id, {key} AS grp, {low} AS low, {best} AS best, {high} AS high,
                 EXISTS (SELECT 1 FROM json_each(record->'quantities') AS q WHERE q.value->>'disputed' = 'true')
                 AS disputed
          FROM {table}) AS told
    GROUP BY 1"""
# an incident counts once under each claimant who tells it: one row per (incident, claim) first
CLAIMANT_KEY = f"coalesce(claim->'claimant'->>'name', '{OUTLET}')"
CLAIMS = "(SELECT *, {claims} AS claim FROM incidents) AS claims"


def summarize(conn: Connection, by: str, filters: Filters | None = None) -> list[dict[str, Any]]:
    """One dict per group, in time order for week/month and by most events otherwise; ``filters`` (the query
    layer's, as ``sitreps events`` takes them) keep the matching events and incidents only."""
    if by not in BY:
        raise ValueError(f"cannot summarize by {by!r}; choose one of {', '.join(BY)}")
    filters = (filters or Filters()).bind(conn)  # the corrected view unless filters.view is "machine"
    ew, iw, t = event_where(filters), incident_where(filters), filters.tables
    week = spell(conn, "iso_week", "date_start")
    events = _rows(conn, EVENT_SQL.format(key=_EVENT_KEY[by].format(week=week), none=NONE).replace("FROM events)",
                                                                              f"FROM {t.events} e{ew.sql()})"),
                   list(ew.params))
    groups: dict[str, dict[str, Any]] = {}
    incidents = has_incidents(conn)
    if incidents:
        key = CLAIMANT_KEY if by == "claimant" else _INCIDENT_KEY[by].format(week=spell(conn, "iso_week", _DAY))
        table = CLAIMS.format(claims=spell(conn, "json_elements", "record->'claims'")) if by == "claimant" \
            else "incidents"
        table = table.replace("incidents", f"(SELECT * FROM {t.incidents} i{iw.sql()}) AS i" if iw.parts
                              else t.incidents)
        sql = INCIDENT_SQL.format(key=key, table=table, none=NONE, low=_KILLED.format("low"), best=_KILLED.format("best"),
                                  high=_KILLED.format("high"))
        for row in _rows(conn, sql, list(iw.params)):
            name = row.pop("grp")
            groups[name] = {"group": name, **row}
    for row in events:
        name = row.pop("grp")
        groups.setdefault(name, {"group": name}).update(row)
    columns = (("incidents", "disputed_incidents", "incident_killed_low", "incident_killed_best",
                "incident_killed_high") if incidents else ()) + \
        ("events", "event_killed_low", "event_killed_best", "event_killed_high", "aggregate_tellings")
    out = [{"group": g["group"], **{c: g.get(c) or 0 for c in columns}} for g in groups.values()]
    if by in ("week", "month"):
        out.sort(key=lambda r: (r["group"] == NONE, r["group"]))
    else:
        out.sort(key=lambda r: (-r.get("incidents", 0), -r["events"], r["group"]))
    return out


def _rows(conn: Connection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [{n: (int(v) if isinstance(v, int | float | Decimal) and n != "grp" else v) for n, v in zip(names, row)}
            for row in cursor.fetchall()]
