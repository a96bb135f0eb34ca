"""The Dask executor (sitreps.run.dask): a LocalCluster codes one task per file into Parquet shards, the one
writer loads them; the store is the one a local run makes, and a second run loads nothing twice. Real worker
processes, a real DuckDB file, made-up articles."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the Dask executor needs the optional extra sitreps[dask]")

from sitreps import api
from sitreps.run.records import dumps, loads
from sitreps.store import open_store


def write_files(folder: Path, files: int = 3, per_file: int = 4) -> None:
    folder.mkdir()
    for f in range(files):
        lines = []
        for i in range(per_file):
            n = f * per_file + i
            lines.append(f'{{"url": "https://example.test/{n}", "published": "2024-04-0{f + 1}", "text": '
                         f'"Gunmen attacked a police post in Marrowick on Monday, killing {n % 5 + 2} officers, '
                         f'the governor said. Report {n}."}}')
        (folder / f"part-{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def stored(db: Path) -> tuple[set[str], set[str]]:
    with open_store(db, read_only=True) as store:
        return {a.id for a in store.articles()}, {e.id for e in store.events()}


def places(db: Path) -> set[str | None]:
    with open_store(db, read_only=True) as store:
        return {e.location.country if e.location else None for e in store.events()}


def test_dask_stores_what_a_local_run_stores_and_loads_shards_once(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_files(folder)
    local = api.ingest([folder], db=tmp_path / "local.duckdb", workers=1, incidents=False, provenance=False)
    first = api.ingest([folder], db=tmp_path / "dask.duckdb", dask="", workers=2, incidents=False,
                       provenance=False)
    assert first.articles_new == local.articles_new == 12 and first.events == local.events > 0
    assert stored(tmp_path / "dask.duckdb") == stored(tmp_path / "local.duckdb")
    shards = sorted((tmp_path / "dask.duckdb.shards").glob("*.parquet"))
    assert len(shards) == 3  # one per input file
    again = api.ingest([folder], db=tmp_path / "dask.duckdb", dask="", workers=2, incidents=False,
                       provenance=False)
    assert again.articles_new == 0 and again.articles_seen == 12
    assert sorted((tmp_path / "dask.duckdb.shards").glob("*.parquet")) == shards  # reused, not written again
    assert stored(tmp_path / "dask.duckdb") == stored(tmp_path / "local.duckdb")


def test_a_focus_country_is_applied_on_dask_as_in_a_local_run(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write_files(folder, files=2, per_file=2)
    options = {"incidents": False, "provenance": False, "country": "nga"}
    api.ingest([folder], db=tmp_path / "local.duckdb", workers=1, **options)  # type: ignore[arg-type]
    api.ingest([folder], db=tmp_path / "dask.duckdb", dask="", workers=2, **options)  # type: ignore[arg-type]
    for db in ("local.duckdb", "dask.duckdb"):  # the made-up town is placed in the focus country
        assert places(tmp_path / db) == {"NGA"}, db
    assert stored(tmp_path / "dask.duckdb") == stored(tmp_path / "local.duckdb")
    without = api.ingest([folder], db=tmp_path / "plain.duckdb", dask="", workers=2, incidents=False,
                         provenance=False)
    assert without.articles_new == 4 and without.events > 0
    assert places(tmp_path / "plain.duckdb") == {None}  # no country given: none, not the shards above


def test_records_go_to_json_and_back_unchanged() -> None:
    from sitreps.model import Article

    packets = list(api.code_articles([Article(text="Police arrested 20 protesters in Minsk on Sunday.",
                                              url="https://example.test/r")], geocode=False))
    assert packets and packets[0].events
    assert [loads(dumps(p)) for p in packets] == packets
