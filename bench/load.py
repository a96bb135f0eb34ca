"""The HTTP API under load: C concurrent clients for T seconds, from this process, against `sitreps serve`
in another, on loopback. Prints requests, errors (by kind: status codes, timeouts, refused connections),
requests/s and latency p50/p95/p99.

    python bench/load.py [--events N] [--clients C] [--seconds T] [--db FILE [--reuse]] [--json]

The store is filled with N synthetic events by bench/api.py's ``fill`` (SQL only, no NLP); the requests are
bench/api.py's common queries (events by country and month, boxes, actors, a day's incidents, stats,
GeoJSON, one article), drawn at random. An error is any answer but 200 with a JSON body, or no answer
within the timeout.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
import api as api_bench


def load(base: str, clients: int, seconds: float, *, timeout: float = 30.0, seed: int = 7) -> dict[str, Any]:
    """Each client sends one request after another until the time is up."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        rng = random.Random(seed + k)
        with httpx.Client(base_url=base, timeout=timeout) as http:
            while time.monotonic() < stop:
                _, (path, params) = rng.choice(list(api_bench.queries(rng).items()))
                started = time.perf_counter()
                try:
                    response = http.get(path, params=params)
                    response.json()
                    error = None if response.status_code == 200 else f"HTTP {response.status_code}"
                except httpx.TimeoutException:
                    error = "timeout"
                except httpx.TransportError as failure:
                    error = type(failure).__name__
                except ValueError:
                    error = "not JSON"
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if error:
                        errors[error] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(q: float) -> float:
        return 1000 * latencies[max(0, round(q * len(latencies)) - 1)] if latencies else float("nan")

    return {"clients": clients, "seconds": round(wall, 2), "requests": len(latencies),
            "errors": sum(errors.values()), "error_kinds": dict(errors),
            "requests_per_s": round(len(latencies) / wall, 1) if wall else 0.0,
            "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--reuse", action="store_true", help="load --db as it is, without filling it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    folder = tempfile.TemporaryDirectory()
    db = args.db or Path(folder.name) / "load.duckdb"
    if not args.reuse:
        for suffix in ("", ".wal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        api_bench.fill(db, args.events)
    api_bench.ARTICLES[0] = (args.events + 2) // 3
    try:
        with api_bench.served(str(db)) as base:
            result = {"events": args.events, **load(base, args.clients, args.seconds)}
    finally:
        folder.cleanup()
    if args.json:
        print(json.dumps(result))
    else:
        print("  ".join(f"{k} {v}" for k, v in result.items()))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
