"""Faults at the store: a second process holding the DuckDB file, the disk full (a file size limit,
RLIMIT_FSIZE, in a subprocess), a damaged store file. Each gives a clear message and no traceback, stores no
partial batch, and the same command run again afterwards stores everything once."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitreps.cli import cli
from sitreps.store import open_store

STORY = ("Troops shelled the town of Velmora on Tuesday, killing {n} people, officials said. Police in Port "
         "Avalon arrested {n} dock workers on Monday after a protest over unpaid wages, the police chief said.")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("news")
    for n in range(2, 32):
        (folder / f"story-{n:02}.txt").write_text(STORY.format(n=n))
    return folder


def ingest(runner: CliRunner, *paths: Path, db: Path) -> tuple[int, str]:
    result = runner.invoke(cli, ["ingest", *map(str, paths), "--db", str(db)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def contents(db: Path) -> tuple[set[str], set[str], int]:
    """Article ids, event ids, and events whose article is not stored (a partial write)."""
    with open_store(db, read_only=True) as store:
        conn = store._conn
        articles = {row[0] for row in conn.execute("SELECT id FROM articles").fetchall()}
        events = {row[0] for row in conn.execute("SELECT id FROM events").fetchall()}
        orphans = conn.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)"
                               ).fetchone()
    return articles, events, orphans[0] if orphans else 0


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], set[str]]:
    """What a clean run stores."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    code, output = ingest(CliRunner(), inputs, db=db)
    assert code == 0, output
    articles, events, _ = contents(db)
    assert len(articles) == 30 and events
    return articles, events


def test_a_store_held_by_another_writer(runner: CliRunner, inputs: Path, tmp_path: Path,
                                        reference: tuple[set[str], set[str]]) -> None:
    db = tmp_path / "held.duckdb"
    code, _ = ingest(runner, inputs / "story-02.txt", db=db)
    assert code == 0
    before = contents(db)
    hold = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('holding', flush=True); sys.stdin.read()"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "holding"
        code, output = ingest(runner, inputs, db=db)
        assert code == 1
        assert "locked by another process" in output and "Traceback" not in output
        watch_list = tmp_path / "feeds.txt"
        watch_list.write_text("http://127.0.0.1:9/feed\n")
        watched = runner.invoke(cli, ["watch", str(watch_list), "--db", str(db), "--once"])
        assert watched.exit_code == 1 and "locked by another process" in watched.output
    finally:
        holder.communicate(input="", timeout=30)
    assert contents(db) == before  # nothing written while it was held
    code, output = ingest(runner, inputs, db=db)
    assert code == 0, output
    articles, events, orphans = contents(db)
    assert (articles, events, orphans) == (*reference, 0)


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), not the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_the_disk_full_stores_no_partial_batch_and_the_run_can_be_repeated(
        runner: CliRunner, inputs: Path, tmp_path: Path, reference: tuple[set[str], set[str]]) -> None:
    db = tmp_path / "full.duckdb"
    code, _ = ingest(runner, inputs / "story-02.txt", db=db)
    assert code == 0
    before = contents(db)
    limit = 100_000  # the write-ahead log cannot grow past 100 KB: the batch of 29 articles does not fit
    full = subprocess.run([sys.executable, "-m", "sitreps", "ingest", str(inputs), "--db", str(db)],
                          capture_output=True, text=True, timeout=300, check=False, preexec_fn=lambda: _limit_file_size(limit),
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert full.returncode == 1, full.stdout + full.stderr
    assert "the disk is full" in full.stderr and "run the same command again" in full.stderr
    assert "Traceback" not in full.stderr
    assert contents(db) == before  # the failed batch left nothing behind
    code, output = ingest(runner, inputs, db=db)
    assert code == 0, output
    assert "29 new, 1 already stored" in output
    assert contents(db) == (*reference, 0)


def _zero_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.write(b"\0" * 4096)


def _cut_in_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _scramble_blocks(path: Path) -> None:
    """64 bytes of garbage inside every 256 KB block after the 12 KB of headers: checksums no longer match."""
    with path.open("r+b") as handle:
        for offset in range(12_288 + 1_000, path.stat().st_size, 262_144):
            handle.seek(offset)
            handle.write(bytes(range(64)))


@pytest.mark.parametrize("damage", [_zero_header, _cut_in_half, _scramble_blocks])
def test_a_damaged_store_file(runner: CliRunner, inputs: Path, tmp_path: Path, damage: object,
                              reference: tuple[set[str], set[str]]) -> None:
    db = tmp_path / "damaged.duckdb"
    code, _ = ingest(runner, inputs / "story-02.txt", db=db)
    assert code == 0
    damage(db)  # type: ignore[operator]
    damaged = db.read_bytes()
    code, output = ingest(runner, inputs, db=db)
    assert code == 1
    assert "damaged" in output and "write to a new --db" in output and "Traceback" not in output
    listed = runner.invoke(cli, ["events", "--db", str(db)])
    assert listed.exit_code == 1 and "damaged" in listed.output
    code, output = ingest(runner, inputs, db=db)  # the same again: the same clear message
    assert code == 1 and "damaged" in output
    if damage is not _scramble_blocks:  # there DuckDB may rewrite the damaged block; it stores nothing new
        assert db.read_bytes() == damaged
    fresh = tmp_path / "fresh.duckdb"
    code, output = ingest(runner, inputs, db=fresh)
    assert code == 0, output
    assert contents(fresh) == (*reference, 0)
