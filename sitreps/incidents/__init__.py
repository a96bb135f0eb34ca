"""Incidents: the tellings of one real-world incident, across articles and claimants, merged into one record
that keeps every claim (see docs/incidents.md).

    >>> from sitreps.incidents import build_incidents, query_incidents
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .build import BuildReport, build_incidents
from .model import Incident
from .settings import FAMILIES, Settings, family_of

__all__ = ["FAMILIES", "BuildReport", "Incident", "Settings", "build_incidents", "family_of", "query_incidents"]


def query_incidents(db: str | Path = "sitreps.duckdb", *, event_type: str | None = None, country: str | None = None,
                    since: date | str | None = None, until: date | str | None = None, actor: str | None = None,
                    limit: int | None = None) -> list[Incident]:
    """The incidents stored in ``db``, filtered by the query layer as ``sitreps incidents`` filters them (a
    type, a country by code or name, dates as a year, a month or a day, an actor by code, name or alias)."""
    from ..query import Filters, stream
    from ..store import open_store
    from .store import connection

    filters = Filters.parse(type=event_type, country=country, since=since, until=until, actor=actor)
    with open_store(db, read_only=True) as store:
        return [Incident.from_dict(r) for r in stream(connection(store), "incidents", filters, limit=limit)]
