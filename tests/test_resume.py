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


def _spawned_workers(parent: int) -> list[int]:
    """The worker processes (multiprocessing's spawn) whose parent is ``parent``, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def test_a_worker_killed_mid_run_stops_the_run_cleanly_and_it_goes_on(tmp_path: Path) -> None:
    if not Path("/proc/self/stat").exists():
        import pytest

        pytest.skip("finding the worker processes reads /proc")
    n = 200
    folder, db = tmp_path / "news", tmp_path / "store.duckdb"
    folder.mkdir()
    for i in range(n):
        (folder / f"report-{i:03d}.txt").write_text(
            f"Report number {i}\n\nGunmen attacked a checkpoint near the town of Marrowick-{i} on Monday, "
            f"killing {i % 5 + 2} soldiers, the governor said.\n", encoding="utf-8")
    command = sitreps("-vv", "ingest", str(folder), "--db", str(db), "--workers", "2", "--batch-size", str(BATCH))
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    killed, log = None, []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        ready, _, _ = select.select([process.stderr], [], [], 1.0)
        line = process.stderr.readline() if ready else ""
        log.append(line)
        if killed is None and "articles stored, running" in line:  # the workers are coding the next chunks
            workers = _spawned_workers(process.pid)
            assert workers, "no worker process found"
            killed = workers[0]
            os.kill(killed, signal.SIGKILL)
    said = "".join(log) + process.stderr.read()
    process.wait(timeout=120)
    assert killed is not None, "no batch was written in time"
    assert process.returncode == 1, said[-2000:]  # a clear error, not a crash
    assert "a worker process died" in said and "run the same command again" in said
    assert "Traceback" not in said

    with open_store(db, read_only=True) as store:
        stored = [a.id for a in store.articles()]
        runs = state.runs(store)
    conn = duckdb.connect(str(db), read_only=True)
    orphans = conn.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()
    eventless = conn.execute("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM events)").fetchone()
    conn.close()
    assert BATCH <= len(stored) < n and len(stored) == len(set(stored))
    assert orphans == (0,) and eventless == (0,)  # whole articles only: every stored one has its events
    assert [r.status for r in runs] == [state.FAILED]

    again = subprocess.run(sitreps("ingest", str(folder), "--db", str(db), "--workers", "2"),
                           capture_output=True, text=True, check=True)
    assert f"({n - len(stored)} new, {len(stored)} already stored)" in again.stdout
    with open_store(db, read_only=True) as store:
        rows = [a.id for a in store.articles()]
    assert len(rows) == len(set(rows)) == n
