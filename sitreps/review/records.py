"""The ``corrections`` table: storing a correction (after checking that what it names is in the store) with the
corrected view rebuilt in the same transaction, and listing them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .model import Correction, NotFound, ReviewError
from .overlay import Refreshed, refresh, stale

MAX_LIST = 1000


@contextmanager
def transaction(conn: Any) -> Iterator[None]:
    """BEGIN on entry; COMMIT on success, ROLLBACK on any error."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _one(conn: Any, sql: str, params: list[Any]) -> Any:
    row = conn.execute(sql, params).fetchone()
    return row[0] if row else None


def check(conn: Any, c: Correction) -> None:
    """``NotFound`` unless the event, incident or correction ``c`` names is in the store (incidents as the
    corrected view has them); ``ReviewError`` for a split that would leave an incident empty."""
    if c.target == "event":
        if not _one(conn, "SELECT count(*) FROM events WHERE id = ?", [c.target_id]):
            raise NotFound("id", f"no event {c.target_id!r}")
    elif c.target == "incident":
        for iid in (c.target_id, c.value) if c.action == "merge" else (c.target_id,):
            if not _one(conn, "SELECT count(*) FROM reviewed_incidents WHERE id = ?", [iid]):
                raise NotFound("id" if iid == c.target_id else "value", f"no incident {iid!r}")
        if c.action == "split":
            claims = [e for (e,) in conn.execute("SELECT event_id FROM reviewed_incident_events WHERE incident_id = ?"
                                                 " AND role = 'claim'", [c.target_id]).fetchall()]
            if c.value not in claims:
                raise NotFound("value", f"no event {c.value!r} among the claims of incident {c.target_id!r}")
            if len(claims) < 2:
                raise ReviewError("value", "the incident has one claim only; nothing to split it from")
    else:
        action = _one(conn, "SELECT action FROM corrections WHERE id = ?", [c.target_id])
        if action is None:
            raise NotFound("id", f"no correction {c.target_id!r}")
        if action == "retract":
            raise ReviewError("id", "a retraction cannot be retracted; make the correction again")
        if _one(conn, "SELECT count(*) FROM corrections WHERE action = 'retract' AND target_id = ?", [c.target_id]):
            raise ReviewError("id", f"correction {c.target_id!r} is already retracted")


def add(conn: Any, correction: Correction) -> Refreshed:
    """Store ``correction`` and rebuild the corrected view, in one transaction; what the rebuild did."""
    with transaction(conn):
        check(conn, correction)
        conn.execute("INSERT INTO corrections (id, made_at, who, target, target_id, action, field, value, why)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(correction.row()))
        return refresh(conn)


def refresh_if_stale(conn: Any) -> Refreshed | None:
    """Rebuild the corrected view when the machine's tables changed under it (``overlay.stale``): what a writer
    calls after an ingest or an incidents build. None when nothing needed doing (or the store has no
    ``corrections`` table yet)."""
    from .view import _has_table

    if not _has_table(conn, "corrections") or not stale(conn):
        return None
    return rebuild(conn)


def rebuild(conn: Any) -> Refreshed:
    """Rebuild the corrected view (after ``sitreps ingest`` or ``sitreps incidents build`` changed the machine's
    tables), in one transaction."""
    with transaction(conn):
        return refresh(conn)


def corrections(conn: Any, *, target_id: str | None = None, incident: str | None = None, limit: int = MAX_LIST,
                ) -> list[dict[str, Any]]:
    """The stored corrections, newest first, each with ``retracted`` (by which correction, or null):
    every one, those of one target (an event, incident or correction id), or those of an ``incident`` and of
    its events (as the machine and the corrected view group them)."""
    if not 1 <= limit <= MAX_LIST:
        raise ReviewError("limit", f"{limit} is not between 1 and {MAX_LIST}")
    where, params = "", []
    if target_id:
        where, params = " WHERE c.target_id = ?", [target_id]
    elif incident:
        where = (" WHERE c.target_id = ? OR c.value = ? OR c.target_id IN (SELECT event_id FROM incident_events"
                 " WHERE incident_id = ?) OR c.target_id IN (SELECT event_id FROM reviewed_incident_events"
                 " WHERE incident_id = ?)")
        params = [incident, f'"{incident}"', incident, incident]
    rows = conn.execute("SELECT c.id, c.made_at, c.who, c.target, c.target_id, c.action, c.field, c.value, c.why,"
                        " (SELECT min(r.id) FROM corrections r WHERE r.action = 'retract' AND r.target_id = c.id)"
                        f" FROM corrections c{where} ORDER BY c.made_at DESC, c.id LIMIT {int(limit)}",
                        params).fetchall()
    out = []
    for row in rows:
        record = Correction.from_row(tuple(row[:-1])).to_dict()
        record["retracted"] = row[-1]
        out.append(record)
    return out
