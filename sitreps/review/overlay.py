"""The corrected view in the store: corrected copies of the events and incidents the corrections touch, written
to the ``review_*`` tables with the machine rows they stand in for in ``review_hidden`` (the ``reviewed_*``
views of migration m005 read the two together). Rebuilt whole from the corrections in force by ``refresh``,
after each correction (there are few) and after the machine's tables change (``sitreps review refresh``).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Event
from .apply import Group, Reviewed, apply_event, regroup
from .model import Correction, ReviewError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What a refresh wrote: corrected events (rejected ones included), incidents rebuilt, and the ids of the
    corrections that no longer apply (their event or incident is not in the store any more)."""

    events: int
    rejected: int
    incidents: int
    stale: tuple[str, ...] = ()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def active(conn: Any) -> list[Correction]:
    """The corrections in force (not retracted), oldest first."""
    rows = conn.execute("SELECT id, made_at, who, target, target_id, action, field, value, why FROM corrections"
                        " WHERE action <> 'retract' AND id NOT IN"
                        " (SELECT target_id FROM corrections WHERE action = 'retract')"
                        " ORDER BY made_at, id").fetchall()
    return [Correction.from_row(tuple(row)) for row in rows]


def refresh(conn: Any) -> Refreshed:
    """Rebuild the corrected view from the corrections in force (call inside the writer's transaction)."""
    corrections = active(conn)
    by_event: dict[str, list[Correction]] = {}
    for c in corrections:
        if c.target == "event":
            by_event.setdefault(c.target_id, []).append(c)
    records = _records(conn, list(by_event))
    stale = [c.id for eid, cs in by_event.items() if eid not in records for c in cs]
    reviewed = {eid: apply_event(records[eid], cs) for eid, cs in by_event.items() if eid in records}
    moves = [c for c in corrections if c.target == "incident"]
    groups = _groups(conn, list(reviewed), moves)
    originals = set(groups)
    from ..incidents.model import incident_id

    stale += regroup(groups, moves, incident_id)
    rejected = {eid for eid, r in reviewed.items() if r.status == "rejected"}
    for group in groups.values():
        group.claims = [e for e in group.claims if e not in rejected]
        group.aggregates = [e for e in group.aggregates if e not in rejected]
    incidents = _incidents(conn, [g for g in groups.values() if g.claims], reviewed)
    for table in ("events", "event_actors", "incidents", "incident_events"):
        conn.execute(f"DELETE FROM review_{table}")
    conn.execute("DELETE FROM review_hidden")
    _write(conn, reviewed, incidents, originals)
    conn.execute("DELETE FROM meta WHERE key = 'review_basis'")
    conn.execute("INSERT INTO meta (key, value) VALUES ('review_basis', ?)", [basis(conn)])
    done = Refreshed(len(reviewed), len(rejected), len(incidents), tuple(stale))
    logger.info("corrected view refreshed: %s", done)
    return done


def _event(record: dict[str, Any]) -> Event:
    try:
        return Event.from_dict(record)
    except (KeyError, TypeError, ValueError) as error:
        raise ReviewError("id", f"event {record.get('id')!r} is not a readable record ({error})") from error


def basis(conn: Any) -> str:
    """What the corrected view was built over: the machine's event and incident counts and the first and last
    incident ids (an ingest or an incidents build changes them)."""
    row = conn.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM incident_events),"
                       " (SELECT count(*) FROM incidents), (SELECT min(id) FROM incidents),"
                       " (SELECT max(id) FROM incidents)").fetchone()
    return json.dumps(list(row))


def stale(conn: Any) -> bool:
    """Whether the store has corrections and the machine's tables changed since the corrected view was built."""
    if not conn.execute("SELECT 1 FROM corrections LIMIT 1").fetchone():
        return False
    row = conn.execute("SELECT value FROM meta WHERE key = 'review_basis'").fetchone()
    return row is None or row[0] != basis(conn)


def _records(conn: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = conn.execute(f"SELECT id, record FROM events WHERE id IN ({_marks(ids)})", ids).fetchall()
    return {eid: _json(record) for eid, record in rows}


def _groups(conn: Any, events: list[str], moves: list[Correction]) -> dict[str, Group]:
    """The machine's incidents that hold a reviewed event or that a merge or split names, with their events."""
    named = sorted({c.target_id for c in moves} | {str(c.value) for c in moves if c.action == "merge"})
    ids: set[str] = set(named)
    if events:
        ids |= {iid for (iid,) in conn.execute(
            f"SELECT DISTINCT incident_id FROM incident_events WHERE incident_id IS NOT NULL"
            f" AND event_id IN ({_marks(events)})", events).fetchall()}
    if not ids:
        return {}
    wanted = sorted(ids)
    known = {iid for (iid,) in conn.execute(f"SELECT id FROM incidents WHERE id IN ({_marks(wanted)})",
                                            wanted).fetchall()}
    groups = {iid: Group(iid) for iid in sorted(known)}
    rows = conn.execute(f"SELECT incident_id, event_id, role FROM incident_events WHERE incident_id IN"
                        f" ({_marks(wanted)}) ORDER BY incident_id, event_id", wanted).fetchall()
    for iid, eid, role in rows:
        if iid in groups:
            (groups[iid].claims if role == "claim" else groups[iid].aggregates).append(eid)
    for c in moves:
        if c.target_id in groups:
            groups[c.target_id].corrections.append(c.id)
    return groups


Links = list[tuple[str, str, str]]  # (incident id, event id, role)


def _incidents(conn: Any, groups: list[Group], reviewed: dict[str, Reviewed]) -> list[tuple[tuple[Any, ...], Links]]:
    """The ``incidents`` rows and links of the corrected groups, each merged again from its events as the
    corrections leave them (``sitreps.incidents.merge``), with a ``review`` key saying what changed."""
    from ..incidents.merge import merge
    from ..incidents.score import Group as Tellings
    from ..incidents.settings import Settings, family_of
    from ..incidents.store import incident_row, tellings

    wanted = sorted({e for g in groups for e in (*g.claims, *g.aggregates)})
    if not wanted:
        return []
    told = {}
    try:
        found = tellings(conn, f"e.id IN ({_marks(wanted)})", wanted)
    except (KeyError, TypeError, ValueError) as error:
        raise ReviewError("id", f"a stored event of these incidents is not a readable record ({error})") from error
    for t, _ in found:
        fixed = reviewed.get(t.event.id)
        told[t.event.id] = dataclasses.replace(t, event=_event(fixed.record)) if fixed else t
    stories = {iid: _json(r).get("story") for iid, r in conn.execute(
        f"SELECT id, record FROM incidents WHERE id IN ({_marks([g.id for g in groups])})",
        [g.id for g in groups]).fetchall()}
    settings = Settings()
    out = []
    for g in groups:
        claims = [told[e] for e in g.claims if e in told]
        if not claims:
            continue
        incident = merge(claims, [told[e] for e in g.aggregates if e in told], max_km=settings.max_km,
                         min_confidence=settings.min_confidence)
        incident = dataclasses.replace(incident, id=g.id, story=stories.get(g.id) or incident.story)
        shape = Tellings(family_of(incident.event_type))
        for t in claims:
            shape.add(t, settings)
        record = incident.to_dict()
        told_before = _machine_events(conn, [g.id, *g.merged])
        record["review"] = {"events": {e: reviewed[e].status for e in (*g.claims, *g.aggregates) if e in reviewed},
                            "rejected": sorted(e for e, r in reviewed.items() if r.status == "rejected"
                                               and e in told_before),
                            "merged": g.merged, "split_from": g.split_from, "corrections": g.corrections}
        row = incident_row(incident, shape)
        links = [(g.id, t.event.id, "claim") for t in claims] + [(g.id, e, "aggregate") for e in g.aggregates
                                                                 if e in told]
        out.append(((*row[:-1], json.dumps(record, ensure_ascii=False)), links))
    return out


def _machine_events(conn: Any, incident_ids: list[str]) -> set[str]:
    rows = conn.execute(f"SELECT event_id FROM incident_events WHERE incident_id IN ({_marks(incident_ids)})",
                        incident_ids).fetchall()
    return {eid for (eid,) in rows}


def _write(conn: Any, reviewed: dict[str, Reviewed], incidents: list[tuple[tuple[Any, ...], Links]],
           originals: set[str]) -> None:
    from ..store.rows import ACTOR_COLUMNS, EVENT_COLUMNS, actor_rows, event_row

    hidden = [("event", eid) for eid in sorted(reviewed)] + [("incident", iid) for iid in sorted(originals)]
    if hidden:
        conn.executemany("INSERT INTO review_hidden VALUES (?, ?)", hidden)
    kept = [r for r in reviewed.values() if r.status != "rejected"]
    events = []
    actors = []
    for r in kept:
        event = _event(r.record)
        events.append((*event_row(event)[:-1], json.dumps(r.record, ensure_ascii=False)))
        actors += list(actor_rows(event))
    _insert(conn, "review_events", [name for name, _ in EVENT_COLUMNS], events)
    _insert(conn, "review_event_actors", [name for name, _ in ACTOR_COLUMNS], actors)
    _insert(conn, "review_incidents", INCIDENT_NAMES, [row for row, _ in incidents])
    _insert(conn, "review_incident_events", ["incident_id", "event_id", "role"],
            [link for _, found in incidents for link in found])


# the columns of ``sitreps.incidents.store.incident_row``, in its order
INCIDENT_NAMES = ["id", "family", "event_type", "location_name", "country", "admin1", "lat", "lon", "date_start",
                  "date_end", "window_start", "window_end", "killed_low", "killed_best", "killed_high", "disputed",
                  "n_articles", "n_sources", "first_seen", "last_seen", "record"]


def _insert(conn: Any, table: str, names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (values in the order of ``names``) by column name."""
    if rows:
        columns = ", ".join(f'"{name}"' for name in names)
        conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({_marks(names)})",
                         [row[:len(names)] for row in rows])
