"""``sitreps provenance build`` and ``sitreps articles`` on a real DuckDB file (made-up articles)."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner
from test_provenance import BANK, CHECKPOINT, SPUN, _stitch, _wire_copy

import sitreps
from sitreps.cli import cli
from sitreps.model import Article, Coded
from sitreps.store import open_store


def _db(tmp_path) -> str:
    db = str(tmp_path / "cli.duckdb")
    text, _ = _stitch()
    articles = [Article(CHECKPOINT, url="https://wire.example/1", published=date(2024, 3, 3), outlet="Wire"),
                Article(BANK, url="https://wire.example/2", published=date(2024, 3, 4), outlet="Wire"),
                Article(_wire_copy(), url="https://copier.example/1", published=date(2024, 3, 5),
                        outlet="Copier"),
                Article(text, url="https://farm.example/1", published=date(2024, 3, 6), outlet="Farm"),
                Article(SPUN, url="https://farm.example/2", published=date(2024, 3, 6), outlet="Farm")]
    with open_store(db) as store:
        store.write([Coded(a) for a in articles])
    return db


def test_build_then_list_as_jsonl(tmp_path):
    db = _db(tmp_path)
    runner = CliRunner()
    built = runner.invoke(cli, ["provenance", "build", "--db", db])
    assert built.exit_code == 0, built.output
    assert "5 new articles" in built.output
    listed = runner.invoke(cli, ["articles", "--db", db, "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    rows = {r["url"]: r for r in map(json.loads, listed.output.splitlines())}
    assert len(rows) == 5
    for row in rows.values():
        assert {"id", "url", "title", "outlet", "published", "stitched", "spun", "duplicates", "duplicate_of",
                "reuse", "reliability"} <= set(row)
        assert set(row["stitched"]) >= {"score", "boundaries"}
    assert rows["https://farm.example/1"]["stitched"]["score"] >= 0.5
    assert rows["https://farm.example/2"]["spun"]["score"] >= 0.5
    assert {"start", "end", "text", "canonical"} <= set(rows["https://farm.example/2"]["spun"]["substitutions"][0])
    assert rows["https://copier.example/1"]["duplicate_of"] == rows["https://wire.example/1"]["id"]


def test_filters_and_table(tmp_path):
    db = _db(tmp_path)
    runner = CliRunner()
    runner.invoke(cli, ["provenance", "build", "--db", db])
    spun = runner.invoke(cli, ["articles", "--db", db, "--format", "jsonl", "--spun"])
    assert [json.loads(line)["url"] for line in spun.output.splitlines()] == ["https://farm.example/2"]
    stitched = runner.invoke(cli, ["articles", "--db", db, "--format", "jsonl", "--stitched"])
    assert [json.loads(line)["url"] for line in stitched.output.splitlines()] == ["https://farm.example/1"]
    copies = runner.invoke(cli, ["articles", "--db", db, "--format", "jsonl", "--duplicates", "--limit", "5"])
    assert sorted(json.loads(line)["url"] for line in copies.output.splitlines()) == [
        "https://copier.example/1", "https://wire.example/1"]
    table = runner.invoke(cli, ["articles", "--db", db])
    assert table.exit_code == 0 and "Farm" in table.output
    outlets = runner.invoke(cli, ["provenance", "outlets", "--db", db])
    assert {json.loads(line)["outlet"] for line in outlets.output.splitlines()} == {"Wire", "Copier", "Farm"}


def test_python_api_reads_the_records(tmp_path):
    db = _db(tmp_path)
    CliRunner().invoke(cli, ["provenance", "build", "--db", db])
    rows = sitreps.articles(db=db, stitched=True)
    assert [r["url"] for r in rows] == ["https://farm.example/1"]
    assert rows[0]["reliability"]["score"] < 0.9


def test_missing_database_is_an_error(tmp_path):
    result = CliRunner().invoke(cli, ["articles", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and "no database" in result.output
