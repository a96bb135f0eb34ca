"""``build_incidents``: place the events no build has seen into incidents, incrementally.

Only the new events are read; the stored incidents they could join are loaded by family and date window in
SQL; each touched incident is merged again and rewritten under its new id (a hash of its sorted event ids,
so an incident whose tellings did not change keeps its id). ``rebuild=True`` clears the tables first.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..store.counts import compact
from .cluster import covers, eligible, place, split_story
from .merge import merge
from .model import incident_id
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
        waiting: dict[str, list[Telling]] = {}  # the new articles' tellings that placed nothing, by article
        for t in placement.left_out:
            if eligible(t, settings):
                waiting.setdefault(t.event.article_id, []).append(t)
        for group in placement.groups:
            if not group.changed:
                continue
            if group.stored_id:
                old_ids.append(group.stored_id)
            extra = [t for a in sorted(group.articles) for t in waiting.pop(a, [])]
            story = group.story or incident_id(sorted(group.articles))
            for part in split_story(group, extra, settings):
                cover = [a for a in every_aggregate if covers(a, part, settings)]
                incident = replace(merge(part.tellings, cover, max_km=settings.max_km,
                                         min_confidence=settings.min_confidence), story=story)
                written.append((incident, part))
                links += [(incident.id, t.event.id, "claim") for t in part.tellings]
                links += [(incident.id, a.event.id, "aggregate") for a in cover]
                linked |= {a.event.id for a in cover}
        unplaced = {t.event.id for ts in waiting.values() for t in ts}  # articles in no changed story
        placement.left_out = [t for t in placement.left_out
                              if not eligible(t, settings) or t.event.id in unplaced]
        links += [(None, t.event.id, "none") for t in placement.left_out]
        links += [(None, eid, "aggregate") for eid in sorted(new_ids - linked)]
        write(conn, written, old_ids, links)
        if written or old_ids:
            compact(conn, "incident_counts")  # one row per group again (sitreps/store/counts.py)
        total = conn.execute("SELECT count(*) FROM incidents").fetchone()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    report = BuildReport(
        events=sum(len(ts) for ts in articles), incidents_new=max(0, len(written) - len(old_ids)),
        incidents_changed=len(old_ids), incidents_total=int(total[0]) if total else 0,
        left_out=len(placement.left_out), aggregates=len(new_aggregates), seconds=time.perf_counter() - started)
    logger.info("incidents: %s", report)
    return report
