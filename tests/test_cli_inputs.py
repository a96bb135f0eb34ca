"""The CLI over the inputs a user points at: patterns, missing paths and nothing readable (non-zero exits),
and extract writing its events as they are coded."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitreps import api
from sitreps.cli import cli
from sitreps.store import open_store

ARREST = ("Police in Port Avalon arrested {n} dock workers on Monday after a protest over unpaid wages, "
          "the city's police chief said.")


def invoke(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_missing_path_exits_non_zero_and_names_it(runner: CliRunner, tmp_path: Path, command: str) -> None:
    db = tmp_path / "x.duckdb"
    extra = ["--db", str(db)] if command == "ingest" else []
    result = invoke(runner, command, str(tmp_path / "no-such-folder"), *extra)
    assert result.exit_code == 1
    assert "there is no file or folder at" in result.output and "no-such-folder" in result.output
    assert not db.exists()  # nothing was started


def test_ingest_with_nothing_readable_exits_non_zero_and_records_why(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "docs-only"
    folder.mkdir()
    (folder / "README.md").write_text(ARREST.format(n=3))
    (folder / "blank.txt").write_text("   \n")
    db = tmp_path / "x.duckdb"
    result = invoke(runner, "ingest", str(folder), "--db", str(db))
    assert result.exit_code == 1
    assert "nothing readable" in result.output and "1 empty" in result.output
    with open_store(db, read_only=True) as store:
        assert [f.error for f in store.failures()] == ["empty"]
        assert store.counts()["articles"] == 0


def test_ingest_include_and_exclude(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(3):
        (folder / f"story-{n}.txt").write_text(ARREST.format(n=n + 2))
    (folder / "skip-me.txt").write_text(ARREST.format(n=9))
    db = tmp_path / "x.duckdb"
    result = invoke(runner, "ingest", str(folder), "--db", str(db), "--include", "story-*",
                    "--exclude", "*-2.txt")
    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as store:
        assert sorted(Path(a.origin or "").name for a in store.articles()) == ["story-0.txt", "story-1.txt"]


def test_extract_writes_events_before_reading_ends(runner: CliRunner, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The coder works in batches of 32: with 40 articles, the first batch's events are on stdout while the
    reader is still giving articles."""
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{n}", "text": ARREST.format(n=n + 2),
                                        "published": "2024-03-04"}) + "\n" for n in range(40)))
    seen_when_done: list[int] = []
    real_read = api.read

    def watched(*args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from real_read(*args, **kwargs)
        sys.stdout.flush()
        seen_when_done.append(sys.stdout.buffer.getvalue().count(b"\n"))  # type: ignore[attr-defined]

    monkeypatch.setattr(api, "read", watched)
    result = invoke(runner, "extract", str(path))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["article_id"] for r in lines} >= {"a0", "a39"}
    assert seen_when_done and 0 < seen_when_done[0] < len(lines)
