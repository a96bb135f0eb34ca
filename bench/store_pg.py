"""DuckDB and PostgreSQL side by side: the same stores, the same queries, in one run.

    python bench/store_pg.py --pg URL [--events N] [--clients C] [--requests R] [--sample]

URL is a PostgreSQL database this script may fill (it must hold no sitreps store yet, or one it filled before:
its tables are emptied first). Two measurements:

1. ``--sample``: the bundled sample corpus coded once (spaCy, not timed), then written into a fresh DuckDB file
   and into the PostgreSQL database as ``ingest`` writes it (batches of 100), with provenance and incidents
   built after: seconds for each step, on each back end.
2. ``--events N`` synthetic events (bench/api.py's ``fill``: types, countries, dates, actors, incidents) filled
   into a DuckDB file, copied as they are into PostgreSQL (``COPY``), then ``sitreps serve`` on each in turn
   and bench/api.py's common queries with C concurrent clients: p50 and p95 per query, and each store's size.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from sitreps.store import open_store

TABLES = ("articles", "events", "event_actors", "incidents", "incident_events", "article_provenance",
          "article_bands", "provenance_terms", "failures")


def _bench_api() -> Any:
    spec = importlib.util.spec_from_file_location("bench_api", Path(__file__).with_name("api.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def empty(url: str) -> None:
    """Open the PostgreSQL store (migrating it) and empty its tables."""
    with open_store(url) as store:
        store.conn.execute(f"TRUNCATE {', '.join(TABLES)}")


def sample(url: str) -> dict[str, dict[str, float]]:
    """Write the coded sample corpus into each back end as ingest does; seconds per step."""
    from sitreps import api
    from sitreps.incidents import build_incidents
    from sitreps.model import Failure
    from sitreps.provenance import build_provenance

    articles = [a for a in api.sample_articles() if not isinstance(a, Failure)]
    coded = list(api.code_articles(articles))
    out: dict[str, dict[str, float]] = {}
    folder = Path(tempfile.mkdtemp(prefix="sitreps-bench-"))
    for name, target in (("duckdb", str(folder / "sample.duckdb")), ("postgresql", url)):
        if name == "postgresql":
            empty(url)
        times: dict[str, float] = {}
        started = time.perf_counter()
        with open_store(target) as store:
            times["open"] = time.perf_counter() - started
            step = time.perf_counter()
            for start in range(0, len(coded), 100):
                store.write(coded[start:start + 100])
            times["write"] = time.perf_counter() - step
            step = time.perf_counter()
            build_provenance(store)
            times["provenance"] = time.perf_counter() - step
            step = time.perf_counter()
            build_incidents(store)
            times["incidents"] = time.perf_counter() - step
            times["events"] = store.counts()["events"]
        times["total"] = time.perf_counter() - started
        out[name] = {k: round(v, 3) for k, v in times.items()}
    (folder / "sample.duckdb").unlink()
    folder.rmdir()
    return out


def copy(duck: Path, url: str, chunk: int = 20_000) -> float:
    """Copy every table of the DuckDB store into the PostgreSQL one, as it is; seconds."""
    import duckdb

    empty(url)
    started = time.perf_counter()
    source = duckdb.connect(str(duck), read_only=True)
    with open_store(url) as store:
        conn = store.conn
        for table in TABLES:
            cursor = source.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            while rows := cursor.fetchmany(chunk):
                conn.copy_rows(table, [f'"{c}"' for c in columns], rows)  # type: ignore[attr-defined]
        conn.execute("VACUUM ANALYZE")  # as autovacuum does after many inserts: counts from the indexes alone
    source.close()
    return time.perf_counter() - started


def serve_and_measure(bench: Any, target: str, clients: int, requests: int) -> dict[str, Any]:
    with bench.served(target) as base:
        return bench.measure(base, clients, requests)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", required=True, help="A PostgreSQL database URL to fill.")
    parser.add_argument("--events", type=int, default=300_000, help="Synthetic events (0: skip the API part).")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=20, help="Requests per query.")
    parser.add_argument("--sample", action="store_true", help="Also time writing the coded sample corpus.")
    args = parser.parse_args()
    report: dict[str, Any] = {"cpus": os.cpu_count()}
    if args.sample:
        report["sample"] = sample(args.pg)
    if args.events:
        bench = _bench_api()
        folder = Path(tempfile.mkdtemp(prefix="sitreps-bench-"))
        duck = folder / "api.duckdb"
        report["events"] = args.events
        report["fill_duckdb_s"] = round(bench.fill(duck, args.events), 1)
        report["copy_to_postgresql_s"] = round(copy(duck, args.pg), 1)
        bench.ARTICLES[0] = (args.events + 2) // 3
        with open_store(args.pg, read_only=True) as store:
            size = store.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        report["size_mb"] = {"duckdb": round(duck.stat().st_size / 2**20, 1),
                             "postgresql": round(size / 2**20, 1)}
        report["queries"] = {name: serve_and_measure(bench, target, args.clients, args.requests)
                             for name, target in (("duckdb", str(duck)), ("postgresql", args.pg))}
        duck.unlink()
        folder.rmdir()
    report["load_average"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
