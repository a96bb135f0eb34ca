"""Resume: `sitreps ingest` killed with SIGKILL mid-batch and started again stores every article exactly once,
loses none, and says how many it skipped as already stored. A real subprocess, a real DuckDB file, made-up
articles."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from sitreps.run import state
from sitreps.store import open_store

N = 60
BATCH = 10


def write_articles(folder: Path) -> None:
    folder.mkdir()
    for i in range(N):
        (folder / f"report-{i:03d}.txt").write_text(
            f"Report number {i}\n\nGunmen attacked a checkpoint near the town of Marrowick-{i} on Monday, "
            f"killing {i % 5 + 2} soldiers, the governor said. Residents fled to the hills.\n", encoding="utf-8")


def sitreps(*args: str) -> list[str]:
    return [sys.executable, "-m", "sitreps", *args]


def kill_after_first_batch(command: list[str]) -> None:
    """Start the command, wait until it has written one batch (its debug log says so), then SIGKILL it."""
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([process.stderr], [], [], 1.0)
            line = process.stderr.readline() if ready else ""
            if "articles stored, running" in line:
                os.kill(process.pid, signal.SIGKILL)  # mid-batch: the next batch is being coded
                break
            if process.poll() is not None:
                raise AssertionError("ingest ended before it could be killed")
        else:
            raise AssertionError("no batch was written in time")
    finally:
        if process.poll() is None:
            process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


def test_killed_ingest_goes_on_and_stores_every_article_once(tmp_path: Path) -> None:
    folder, db = tmp_path / "news", tmp_path / "store.duckdb"
    write_articles(folder)
    command = sitreps("-vv", "ingest", str(folder), "--db", str(db), "--workers", "1", "--batch-size", str(BATCH))
    kill_after_first_batch(command)

    conn = duckdb.connect(str(db))
    first = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    assert BATCH <= first < N  # at least the first batch, not everything

    again = subprocess.run(sitreps("ingest", str(folder), "--db", str(db), "--workers", "1"),
                           capture_output=True, text=True, check=True)
    assert f"({N - first} new, {first} already stored)" in again.stdout
    assert "going on after 1 interrupted run(s)" in again.stdout

    with open_store(db, read_only=True) as store:
        rows = [a.id for a in store.articles()]
        runs = state.runs(store)
    assert len(rows) == len(set(rows)) == N  # every article, exactly once
    assert [r.status for r in runs] == [state.INTERRUPTED, state.DONE]
    # the killed run's progress, kept in the store (a batch written as it was killed may not be counted yet)
    assert first - BATCH <= runs[0].articles_new <= first and runs[0].articles_new >= BATCH
    assert runs[1].articles_new == N - first and runs[1].articles_seen == first

    third = subprocess.run(sitreps("ingest", str(folder), "--db", str(db), "--workers", "1"),
                           capture_output=True, text=True, check=True)
    assert f"(0 new, {N} already stored)" in third.stdout
    assert "interrupted" not in third.stdout
