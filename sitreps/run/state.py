"""Ingest state kept in the store, not in memory: one row per run (``ingest_runs``), updated as each batch is
written, so a run killed at any point leaves a trace that the next one reports; the articles themselves are
the rest of the state (each batch is written in one transaction, and stored articles are skipped)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

RUNNING, DONE, FAILED, INTERRUPTED = "running", "done", "failed", "interrupted"


@dataclass(frozen=True, slots=True)
class Run:
    id: str
    started: datetime
    finished: datetime | None
    inputs: tuple[str, ...]
    status: str
    articles_read: int
    articles_new: int
    articles_seen: int
    events: int
    failures: int


def _conn(store: Any) -> Any:
    return getattr(store, "_conn", store)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def begin(store: Any, inputs: Iterable[str]) -> tuple[str, list[Run]]:
    """Start a run: the runs that never ended (killed) are marked interrupted and returned, a new row is
    written; returns the new run's id and those runs."""
    conn = _conn(store)
    left = [r for r in runs(store) if r.status == RUNNING]
    run_id = uuid.uuid4().hex[:16]
    conn.execute("BEGIN TRANSACTION")
    try:
        if left:
            conn.execute(f"UPDATE ingest_runs SET status = '{INTERRUPTED}' WHERE status = '{RUNNING}'")
        conn.execute("INSERT INTO ingest_runs VALUES ($1, $2, NULL, $3, $4, 0, 0, 0, 0, 0)",
                     [run_id, _now(), json.dumps(list(inputs)), RUNNING])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return run_id, left


def progress(store: Any, run_id: str, *, read: int, new: int, seen: int, events: int, failures: int,
             status: str = RUNNING) -> None:
    """The run's counts so far (after each written batch); ``status`` DONE or FAILED at its end."""
    finished = None if status == RUNNING else _now()
    _conn(store).execute(
        "UPDATE ingest_runs SET articles_read = $1, articles_new = $2, articles_seen = $3, events = $4, "
        "failures = $5, status = $6, finished = $7 WHERE id = $8",
        [read, new, seen, events, failures, status, finished, run_id])


def runs(store: Any) -> list[Run]:
    """Every run, oldest first."""
    rows = _conn(store).execute(
        "SELECT id, started, finished, inputs, status, articles_read, articles_new, articles_seen, events, "
        "failures FROM ingest_runs ORDER BY started").fetchall()
    return [Run(r[0], r[1], r[2], tuple(json.loads(r[3] or "[]")), *r[4:]) for r in rows]
