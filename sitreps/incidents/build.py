"""``build_incidents``: place the events no build has seen into incidents, incrementally.

Only the new events are read; the stored incidents they could join are loaded by family and date window in
SQL; each touched incident is merged again and rewritten under its new id (a hash of its sorted event ids,
so an incident whose tellings did not change keeps its id). ``rebuild=True`` clears the tables first.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from .cluster import covers, place
from .merge import merge
from .settings import Settings
from .store import clear, connection, new_tellings, stored_aggregates, stored_groups, write
from .telling import Telling

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BuildReport:
    events: int = 0  # new events looked at
    incidents_new: int = 0
    incidents_changed: int = 0
    incidents_total: int = 0
    left_out: int = 0  # events that joined no incident (background, unsure, or matching no unit)
    aggregates: int = 0
    seconds: float = 0.0


def _range(articles: list[list[Telling]], settings: Settings) -> tuple[date | None, date | None]:
    windows = [w for ts in articles for t in ts if (w := t.window(settings)) is not None]
    if not windows:
        return None, None
    return min(w[0] for w in windows), max(w[1] for w in windows)


def build_incidents(target: Any, settings: Settings | None = None, *, rebuild: bool = False) -> BuildReport:
    """Group the stored events not yet placed into incidents (``target``: a DuckStore or DuckDB connection)."""
    settings = settings or Settings()
    started = time.perf_counter()
    conn = connection(target)
    conn.execute("BEGIN TRANSACTION")
    try:
        if rebuild:
            clear(conn)
        articles = new_tellings(conn)
        lo, hi = _range(articles, settings)
        stored = stored_groups(conn, lo, hi, settings)
        old_aggregates = stored_aggregates(conn, [g.stored_id or "" for g in stored], lo, hi)
        placement = place(articles, stored, settings)
        new_aggregates = placement.aggregates
        new_ids = {t.event.id for t in new_aggregates}
        for group in placement.groups:
            if any(covers(a, group, settings) for a in new_aggregates):
                group.changed = True
        written, old_ids = [], []
        links: list[tuple[str | None, str, str]] = []
        linked: set[str] = set()
        every_aggregate = [*old_aggregates, *new_aggregates]
        for group in placement.groups:
            if not group.changed:
                continue
            cover = [a for a in every_aggregate if covers(a, group, settings)]
            incident = merge(group.tellings, cover, max_km=settings.max_km, min_confidence=settings.min_confidence)
            written.append((incident, group))
            if group.stored_id:
                old_ids.append(group.stored_id)
            links += [(incident.id, t.event.id, "claim") for t in group.tellings]
            links += [(incident.id, a.event.id, "aggregate") for a in cover]
            linked |= {a.event.id for a in cover}
        links += [(None, t.event.id, "none") for t in placement.left_out]
        links += [(None, eid, "aggregate") for eid in sorted(new_ids - linked)]
        write(conn, written, old_ids, links)
        total = conn.execute("SELECT count(*) FROM incidents").fetchone()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    report = BuildReport(
        events=sum(len(ts) for ts in articles), incidents_new=sum(1 for i, g in written if not g.stored_id),
        incidents_changed=sum(1 for i, g in written if g.stored_id), incidents_total=int(total[0]) if total else 0,
        left_out=len(placement.left_out), aggregates=len(new_aggregates), seconds=time.perf_counter() - started)
    logger.info("incidents: %s", report)
    return report
