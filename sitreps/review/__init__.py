"""Analyst review: corrections to the machine's events and incidents, kept as their own records (who, when,
what, why) and never written over the machine's output; queries and exports read the corrected view by default
and the machine's on request (``view="machine"``). See docs/api.md.

    >>> from sitreps.review import correct, corrections
    >>> correct("sitreps.duckdb", "event", EVENT_ID, "correct", who="ana", field="figure",
    ...         value={"kind": "killed", "best": 12}, why="the hospital's list")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .model import ACTIONS, FIELDS, Correction, NotFound, ReviewError, parse_correction
from .overlay import Refreshed
from .view import CORRECTED, MACHINE, VIEWS, Tables, has_corrections, tables

__all__ = ["ACTIONS", "CORRECTED", "FIELDS", "MACHINE", "VIEWS", "Correction", "NotFound", "Refreshed",
           "ReviewError", "Tables", "correct", "corrections", "has_corrections", "parse_correction", "refresh",
           "tables"]


def correct(db: str | Path, target: str, target_id: str, action: str, *, who: str, why: str | None = None,
            field: str | None = None, value: Any = None) -> tuple[Correction, Refreshed]:
    """Store one correction in the store at ``db`` (opened for writing) and rebuild its corrected view."""
    from ..store import open_store
    from .records import add

    correction = parse_correction(target, target_id, action, who=who, why=why, field=field, value=value)
    with open_store(db) as store:
        return correction, add(store._conn, correction)


def corrections(db: str | Path, *, target_id: str | None = None, incident: str | None = None,
                limit: int = 1000) -> list[dict[str, Any]]:
    """The corrections stored in ``db``, newest first (see ``records.corrections``)."""
    from ..store import open_store
    from .records import corrections as listed

    with open_store(db, read_only=True) as store:
        return listed(store._conn, target_id=target_id, incident=incident, limit=limit)


def refresh(db: str | Path) -> Refreshed:
    """Rebuild the corrected view of the store at ``db`` from its corrections."""
    from ..store import open_store
    from .records import rebuild

    with open_store(db) as store:
        return rebuild(store._conn)
