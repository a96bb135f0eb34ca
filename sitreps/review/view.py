"""Which tables a query reads: the machine's, or the corrected view (the machine's rows with the analysts'
corrected copies in their place). The one place the query layer learns of corrections (sitreps/query binds its
filters here); the copies are made by ``sitreps.review.overlay`` whenever a correction is stored.

The corrected view is four SQL views made by migration m005_corrections (``reviewed_events``,
``reviewed_event_actors``, ``reviewed_incidents``, ``reviewed_incident_events``); a store without a correction
reads the machine's tables directly, so corrections cost nothing until there are some.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Event

VIEWS = ("corrected", "machine")


@dataclass(frozen=True, slots=True)
class Tables:
    """The names of the event and incident tables (or views) a query reads."""

    events: str = "events"
    event_actors: str = "event_actors"
    incidents: str = "incidents"
    incident_events: str = "incident_events"

    def names(self) -> dict[str, str]:
        """For ``str.format``: ``"{events} e".format(**tables.names())``."""
        return {"events": self.events, "event_actors": self.event_actors, "incidents": self.incidents,
                "incident_events": self.incident_events}


MACHINE = Tables()
CORRECTED = Tables("reviewed_events", "reviewed_event_actors", "reviewed_incidents", "reviewed_incident_events")


def _has_table(conn: Any, name: str) -> bool:
    row = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
                       " AND table_schema = current_schema()", [name]).fetchone()
    return bool(row and row[0])


def has_corrections(conn: Any) -> bool:
    """Whether the store has a corrected view that differs from the machine's (a correction in force)."""
    if not _has_table(conn, "review_hidden"):
        return False
    return conn.execute("SELECT 1 FROM review_hidden LIMIT 1").fetchone() is not None


def tables(conn: Any, view: str = "corrected") -> Tables:
    """The tables for ``view``: ``corrected`` (the default; the machine's where nothing is corrected) or
    ``machine`` (the coder's output as it wrote it)."""
    if view not in VIEWS:
        raise ValueError(f"{view!r} is not a view; choose one of {', '.join(VIEWS)}")
    if view == "machine" or not has_corrections(conn):
        return MACHINE
    return CORRECTED


def reviewed_events(conn: Any) -> Iterator[Event]:
    """Every event of the corrected view, in the order ``DuckStore.events`` gives the machine's (for exports)."""
    from ..model import Event

    cursor = conn.cursor()
    try:
        cursor.execute(f"SELECT record FROM {CORRECTED.events}"
                       " ORDER BY date_start NULLS LAST, article_id, sentence, evidence_start, id")
        while chunk := cursor.fetchmany(1000):
            for (record,) in chunk:
                yield Event.from_dict(json.loads(record) if isinstance(record, str) else record)
    finally:
        cursor.close()
