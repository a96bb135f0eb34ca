"""Scale-out efficiency of ingest: the same files coded by 1 and by N workers, locally and on Dask.

    python bench/scaleout.py PATH [PATH ...] [--workers 2] [--engines local,dask] [--json]

For each engine (``local``: ``sitreps ingest --workers``; ``dask``: ``sitreps ingest --dask`` on a new
LocalCluster) and each worker count (1, then N), a fresh store is filled from PATHs by ``sitreps.api.ingest``
in a fresh interpreter, so no run inherits another's loaded model. Two times are printed per run: the coding
(read, code, write: ``api.ingest`` without the provenance and incident builds, which run once in the writer
whatever the workers) and the whole ingest with them. Scale-out efficiency = t(1) / (N x t(N)). Dask's shards
are written beside each store and removed with it, so no run reuses another's. Give Dask one file per task
you want: PATHs with fewer files than workers leave workers idle.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHILD = """
import json, sys, time
from sitreps import api
paths, db, workers, engine, builds = json.loads(sys.argv[1])
started = time.perf_counter()
report = api.ingest(paths, db=db, workers=workers, dask="" if engine == "dask" else None,
                    incidents=builds, provenance=builds)
print(json.dumps({"seconds": time.perf_counter() - started, "articles": report.articles_new,
                  "events": report.events, "failures": report.failures}))
"""


def run(paths: list[str], workers: int, engine: str, builds: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="sitreps-scaleout-") as folder:
        db = str(Path(folder) / "store.duckdb")
        args = json.dumps([paths, db, workers, engine, builds])
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", CHILD, args], capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"{engine} with {workers} worker(s) failed:\n{done.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        result["process_seconds"] = time.perf_counter() - started  # the interpreter's start and imports too
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engines", default="local,dask")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    for engine in args.engines.split(","):
        for builds in (False, True):
            times = {}
            for n in (1, args.workers):
                times[n] = run(args.paths, n, engine, builds)
            one, many = times[1]["seconds"], times[args.workers]["seconds"]
            key = f"{engine}, {'whole ingest' if builds else 'coding and writing'}"
            results[key] = {"runs": times, "efficiency": one / (args.workers * many), "speedup": one / many}
            if not args.json:
                print(f"{key}: 1 worker {one:.1f} s, {args.workers} workers {many:.1f} s; speed-up "
                      f"{one / many:.2f}, efficiency {one / (args.workers * many):.2f} "
                      f"({times[1]['articles']} articles, {times[1]['events']} events)", flush=True)
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
