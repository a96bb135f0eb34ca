"""Incidents: the tellings of one real-world incident, across articles and claimants, merged into one record
that keeps every claim (see docs/incidents.md).

    >>> from sitreps.incidents import build_incidents, query_incidents
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from .build import BuildReport, build_incidents
from .model import Incident
from .settings import FAMILIES, Settings, family_of

__all__ = ["FAMILIES", "BuildReport", "Incident", "Settings", "build_incidents", "family_of", "query_incidents"]


def query_incidents(db: str | Path = "sitreps.duckdb", *, event_type: str | None = None, country: str | None = None,
                    since: date | str | None = None, until: date | str | None = None, actor: str | None = None,
                    limit: int | None = None) -> list[Incident]:
    """The incidents stored in ``db``, filtered as ``sitreps events`` filters events."""
    from ..store import open_store
    from .store import connection, query

    def day(value: date | str | None) -> date | None:
        return value if value is None or isinstance(value, date) else date.fromisoformat(str(value)[:10])

    with open_store(db, read_only=True) as store:
        found: Iterator[Incident] = query(connection(store), event_type=event_type, country=country,
                                          since=day(since), until=day(until), actor=actor, limit=limit)
        return list(found)
