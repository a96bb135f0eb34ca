"""Latency of the HTTP API over a big store of synthetic events (no NLP involved).

    python bench/api.py [--events N] [--db FILE] [--clients C] [--requests R] [--keep]

Fills a fresh store (through the migrations, so with every index they make) with N synthetic events in SQL:
types, countries and outlets drawn from skewed weights, dates over 2015-2024 growing denser towards the end and
written in date order (as a news feed arrives), three events per article (one country and day per article), one
incident per article (its three events as its claims), ids as hashes (like the store's own, so not in insertion
order), a source and a target per event and a claimant for two
in five. Then starts `sitreps serve` on it in a subprocess and runs the common queries with C concurrent clients,
R requests per query (parameters varied: country, month, box, actor, day), and prints p50 and p95 per query, the
store's size on disk and the time to fill it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from sitreps.store import open_store
from sitreps.store.counts import TABLES as COUNT_TABLES
from sitreps.store.counts import rebuild

# weights: a conflict-news mix, violence first (my own rough shares, not measured from any data set)
TYPES = {"ASSAULT": 34, "COERCE": 12, "PROTEST": 10, "ACCUSE": 8, "CONSULT": 6, "THREATEN": 5, "MOBILIZE": 4,
         "REQUEST": 4, "AGREE": 3, "SUPPORT": 3, "REJECT": 3, "SANCTION": 2, "AID": 2, "COOPERATE": 2,
         "RETREAT": 1, "CONCEDE": 1}
# country: (weight, lat, lon, adjective) -- rough centroids
COUNTRIES = {
    "SYR": (14, 35.0, 38.5, "Syrian"), "UKR": (12, 49.0, 32.0, "Ukrainian"), "AFG": (8, 34.0, 66.0, "Afghan"),
    "IRQ": (8, 33.0, 44.0, "Iraqi"), "YEM": (7, 15.5, 47.5, "Yemeni"), "NGA": (6, 9.5, 8.0, "Nigerian"),
    "SOM": (5, 6.0, 46.0, "Somali"), "MLI": (4, 17.0, -4.0, "Malian"), "BFA": (4, 12.5, -1.5, "Burkinabe"),
    "SDN": (4, 15.0, 30.0, "Sudanese"), "COD": (4, -3.0, 23.5, "Congolese"), "MMR": (4, 21.0, 96.0, "Burmese"),
    "ISR": (3, 31.5, 35.0, "Israeli"), "PSE": (3, 31.9, 35.2, "Palestinian"), "LBY": (2, 27.0, 17.0, "Libyan"),
    "ETH": (2, 9.0, 39.5, "Ethiopian"), "KEN": (2, 0.5, 37.5, "Kenyan"), "PAK": (2, 30.0, 70.0, "Pakistani"),
    "IND": (2, 22.0, 79.0, "Indian"), "MEX": (2, 23.0, -102.0, "Mexican"), "COL": (1, 4.0, -73.0, "Colombian"),
    "HTI": (1, 19.0, -72.5, "Haitian"), "RUS": (1, 56.0, 38.0, "Russian"), "TUR": (1, 39.0, 35.0, "Turkish"),
    "IRN": (1, 32.0, 53.0, "Iranian"), "LBN": (1, 33.9, 35.9, "Lebanese"), "CMR": (1, 6.0, 12.5, "Cameroonian"),
    "MOZ": (1, -18.0, 35.0, "Mozambican"), "PHL": (1, 12.0, 122.0, "Philippine"), "VEN": (1, 7.0, -66.0,
                                                                                           "Venezuelan"),
}
SECTORS = ("MIL", "REB", "COP", "CVL", "GOV", "OPP")
STANCES = ("asserted", "reported", "claimed", "denied")
FIRST_DAY, DAYS = "2015-01-01", 3653
ARTICLES = [1]  # how many articles the store holds (set once filled)
COUNTS_S = [0.0]  # seconds the fill spent counting events and incidents into the pre-aggregates


def _weighted(weights: dict[str, Any], size: int = 1000) -> str:
    """A SQL list literal of ``size`` items, each key repeated in proportion to its weight."""
    total = sum(w if isinstance(w, int) else w[0] for w in weights.values())
    items: list[str] = []
    for key, w in weights.items():
        items += [key] * max(1, round(size * (w if isinstance(w, int) else w[0]) / total))
    return "[" + ", ".join(f"'{k}'" for k in items) + "]"


def _u(i: str, salt: int) -> str:
    """A deterministic uniform [0, 1) from an integer column and a salt."""
    return f"((hash({i} * 31 + {salt}) % 1000003) / 1000003.0)"


def fill(db: Path, n: int, chunk: int = 999_999, *, indexes: bool = True, counts: bool = True) -> float:
    """Write n synthetic events (and articles, actors, incidents) into a fresh store, ``chunk`` (a multiple of
    three: an article's events stay in one chunk) at a time; return seconds.
    ``indexes=False``: drop the migrations' indexes first, to measure what they cost; ``counts=False``: leave
    the pre-aggregated counts empty (``drop_counts`` then removes them)."""
    with open_store(db) as store:
        conn = store._conn
        if not indexes:
            conn.execute("DROP INDEX IF EXISTS events_article")
        started = time.perf_counter()
        values = ", ".join(f"('{c}', {lat}, {lon}, '{adj}')" for c, (_, lat, lon, adj) in COUNTRIES.items())
        conn.execute(f"CREATE TEMP TABLE countries AS SELECT * FROM (VALUES {values}) t(code, lat, lon, adj)")
        types, countries = _weighted(TYPES), _weighted(COUNTRIES)
        for lo in range(0, n, chunk):
            hi = min(n, lo + chunk)
            conn.execute("BEGIN")
            conn.execute(f"""CREATE OR REPLACE TEMP TABLE g AS
                SELECT i, i // 3 AS art, substr(md5('e' || i), 1, 16) AS id, substr(md5('a' || (i // 3)), 1, 16) AS article_id,
                  {types}[1 + CAST(floor({_u('i', 1)} * len({types})) AS INT)] AS event_type,
                  {countries}[1 + CAST(floor({_u('i // 3', 2)} * len({countries})) AS INT)] AS country,
                  DATE '{FIRST_DAY}' + CAST(floor({DAYS - 1} * sqrt((i // 3 + 0.5) / {(n + 2) // 3})) AS INT) AS day,
                  CAST(floor({_u('i', 3)} * 40) AS INT) AS town, {_u('i', 4)} AS u4, {_u('i', 5)} AS u5,
                  {_u('i', 6)} AS u6, {_u('i // 3', 7)} AS u7
                FROM range({lo}, {hi}) r(i)""")
            conn.execute("""CREATE OR REPLACE TEMP TABLE f AS
                SELECT g.*, c.lat + (town % 8) - 4 + u4 AS lat, c.lon + (town // 8) * 1.5 - 3 + u5 AS lon,
                  c.adj || ' ' || (['military', 'rebels', 'police', 'civilians', 'government', 'opposition'])
                    [1 + CAST(floor(u4 * 6) AS INT)] AS source_name,
                  (['MIL', 'REB', 'COP', 'CVL', 'GOV', 'OPP'])[1 + CAST(floor(u4 * 6) AS INT)] AS source_sector,
                  c.adj || ' ' || (['civilians', 'military', 'rebels', 'protesters'])[1 + CAST(floor(u5 * 4) AS INT)]
                    AS target_name,
                  (['CVL', 'MIL', 'REB', 'CVL'])[1 + CAST(floor(u5 * 4) AS INT)] AS target_sector,
                  CASE WHEN event_type = 'ASSAULT' AND u6 < 0.6 THEN CAST(floor(u6 * u6 * 80) AS BIGINT) END
                    AS killed,
                  CASE WHEN u7 < 0.4 THEN c.adj || ' ' || (['army', 'ministry', 'police', 'monitor'])
                    [1 + CAST(floor(u7 * 10) AS INT)] END AS claimant,
                  'Town' || town || ' ' || country AS place,
                  'Outlet' || CAST(floor(200 * pow(u7, 3)) AS INT) AS outlet
                FROM g JOIN countries c ON c.code = g.country""")
            conn.execute("""INSERT INTO articles SELECT DISTINCT ON (article_id) article_id,
                  'https://news.invalid/' || article_id, 'Report from ' || place, day + 1, outlet, NULL, 'en',
                  'synthetic', repeat(source_name || ' and ' || target_name || ' near ' || place || '. ', 8),
                  TIMESTAMP '2025-01-01 00:00:00' FROM f ORDER BY article_id""")
            conn.execute(f"""INSERT INTO events SELECT id, article_id, i % 3, (i % 3) * 120, (i % 3) * 120 + 100,
                  ev, event_type, 'trigger', NULL, [], NULL, NULL, NULL, src::JSON, tgt::JSON, place, country,
                  'Province' || (town % 10), lat, lon, NULL, 'city', loc::JSON, day, day, 'day', dt::JSON, q::JSON,
                  killed, killed, killed, claimant, CASE WHEN claimant IS NOT NULL THEN country END,
                  CASE WHEN claimant IS NOT NULL THEN st END, NULL, 'asserted', 0.5 + u6 / 2,
                  json_object('id', id, 'article_id', article_id, 'sentence', i % 3, 'evidence',
                    json_object('start', (i % 3) * 120, 'end', (i % 3) * 120 + 100, 'text', ev),
                    'event_type', event_type, 'mode', NULL, 'context', [], 'cameo', NULL, 'acled', NULL,
                    'source', src::JSON, 'target', tgt::JSON, 'location', loc::JSON, 'date', dt::JSON,
                    'quantities', q::JSON, 'claim', CASE WHEN claimant IS NOT NULL THEN json_object('claimant',
                      json_object('name', claimant, 'code', country), 'stance', st) END,
                    'modality', 'asserted', 'confidence', 0.5 + u6 / 2)
                FROM (SELECT *, source_name || ' attacked ' || target_name || ' in ' || place AS ev,
                        json_array(json_object('text', source_name, 'name', source_name, 'code', country,
                          'sector', source_sector)) AS src,
                        json_array(json_object('text', target_name, 'name', target_name, 'code', country,
                          'sector', target_sector)) AS tgt,
                        json_object('name', place, 'country', country, 'lat', lat, 'lon', lon,
                          'precision', 'city') AS loc,
                        json_object('start', day, 'end', day, 'precision', 'day') AS dt,
                        CASE WHEN killed IS NOT NULL THEN json_object('killed', json_object('low', killed,
                          'best', killed, 'high', killed)) ELSE json_object() END AS q,
                        {list(STANCES)}[1 + CAST(floor(u7 * 4) AS INT)] AS st FROM f) t""")
            conn.execute("""INSERT INTO event_actors
                SELECT id, 'source', source_name, source_name, country, source_sector FROM f UNION ALL
                SELECT id, 'target', target_name, target_name, country, target_sector FROM f UNION ALL
                SELECT id, 'claimant', claimant, claimant, country, NULL FROM f WHERE claimant IS NOT NULL""")
            conn.execute("""INSERT INTO incidents
                SELECT 'i' || article_id, 'violence', first(event_type ORDER BY i), first(place),
                  first(country), first('Province' || (town % 10)), first(lat ORDER BY i), first(lon ORDER BY i),
                  min(day), max(day), min(day), max(day), min(killed), max(killed), max(killed),
                  min(killed) <> max(killed), 1, 1, min(day) + 1, min(day) + 1,
                  json_object('id', 'i' || article_id, 'event_type', first(event_type ORDER BY i),
                    'location', json_object('name', first(place), 'country', first(country),
                      'lat', first(lat ORDER BY i), 'lon', first(lon ORDER BY i), 'precision', 'city'),
                    'date', json_object('start', min(day), 'end', max(day), 'precision', 'day'),
                    'quantities', CASE WHEN max(killed) IS NOT NULL THEN json_object('killed', json_object(
                      'low', min(killed), 'best', max(killed), 'high', max(killed),
                      'disputed', min(killed) <> max(killed))) ELSE json_object() END,
                    'claims', list(json_object('event_id', id, 'article_id', article_id, 'outlet', outlet,
                      'stance', 'asserted', 'evidence', json_object('text', source_name))),
                    'articles', [first(article_id)], 'sources', [first(outlet)])::VARCHAR
                FROM f GROUP BY article_id""")
            conn.execute("INSERT INTO incident_events SELECT 'i' || article_id, id, 'claim' FROM f")
            conn.execute("COMMIT")
            print(f"  {hi:,} events written ({time.perf_counter() - started:.0f}s)", file=sys.stderr)
        counted = time.perf_counter()
        if counts:  # what the writers keep as they go, counted here in one pass (sitreps/store/counts.py)
            rebuild(conn)
        COUNTS_S[0] = time.perf_counter() - counted
        conn.execute("CHECKPOINT")
        return time.perf_counter() - started


def drop_counts(db: Path) -> None:
    """Remove the pre-aggregated counts, so the server counts rows as it did before them (for measuring)."""
    with open_store(db) as store:
        for table in COUNT_TABLES:
            store._conn.execute(f"DROP TABLE IF EXISTS {table}")
        store._conn.execute("CHECKPOINT")


def article_id(k: int) -> str:
    """The id the fill gives article k: like the store's own ids, a hash, so ids are not in insertion order."""
    return hashlib.md5(f"a{k}".encode()).hexdigest()[:16]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def queries(rng: random.Random) -> dict[str, Any]:
    """Each common query with parameters drawn afresh."""
    top = list(COUNTRIES)[:8]
    year = rng.randrange(2016, 2025)
    month = f"{year}-{rng.randrange(1, 13):02d}"
    day = f"{month}-{rng.randrange(1, 29):02d}"
    code = rng.choice(top)
    lat, lon = COUNTRIES[code][1:3]
    return {
        "country+month": ("/events", {"country": code, "since": month, "until": month, "limit": 100}),
        "bbox": ("/events", {"bbox": f"{lon - 2},{lat - 2},{lon + 2},{lat + 2}", "limit": 100}),
        "bbox+month": ("/events", {"bbox": f"{lon - 2},{lat - 2},{lon + 2},{lat + 2}", "since": month,
                                   "until": month, "limit": 100}),
        "actor": ("/events", {"actor": f"{COUNTRIES[code][3]} rebels", "limit": 100}),
        "day's incidents": ("/incidents", {"since": day, "until": day, "limit": 100}),
        "stats (country)": ("/stats", {"country": code}),
        "stats (all)": ("/stats", {}),
        "geojson country-year incidents": ("/incidents", {"format": "geojson", "country": code,
                                                          "since": str(year), "until": str(year)}),
        "article": (f"/articles/{article_id(rng.randrange(ARTICLES[0]))}", {}),
    }


def measure(base: str, clients: int, requests: int, seed: int = 7) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    plan = [(name, path, params) for _ in range(requests) for name, (path, params) in queries(rng).items()]
    rng.shuffle(plan)
    timings: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}

    def one(job: tuple[str, str, dict[str, Any]]) -> tuple[str, float, int]:
        name, path, params = job
        with httpx.Client(base_url=base, timeout=120) as http:
            started = time.perf_counter()
            response = http.get(path, params=params)
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params}: {response.status_code} {response.text[:200]}")
        return name, elapsed, len(response.content)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, plan[: clients * 2]))  # warm-up
        for name, elapsed, size in pool.map(one, plan):
            timings.setdefault(name, []).append(elapsed)
            sizes.setdefault(name, []).append(size)
    out = {}
    for name, values in timings.items():
        values.sort()
        out[name] = {"n": len(values), "p50_ms": 1000 * statistics.median(values),
                     "p95_ms": 1000 * values[max(0, round(0.95 * len(values)) - 1)],
                     "mean_kb": statistics.mean(sizes[name]) / 1024}
    return out



@contextlib.contextmanager
def served(target: str) -> Iterator[str]:
    """``sitreps serve`` on ``target`` (a DuckDB file, or a postgresql:// URL) in a subprocess on a free
    loopback port, once it answers; yields its base URL and stops it at the end."""
    port = _port()
    flag = "--pg" if target.startswith("postgres") else "--db"
    server = subprocess.Popen([sys.executable, "-m", "sitreps", "serve", flag, target, "--port", str(port)],
                              stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{base}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, default=None, help="Store to fill (default: a temporary file).")
    parser.add_argument("--reuse", action="store_true", help="Query --db as it is, without filling it.")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40, help="Requests per query.")
    parser.add_argument("--keep", action="store_true", help="Keep the store afterwards.")
    parser.add_argument("--without-indexes", action="store_true",
                        help="Drop the migrations' indexes before filling (to measure their cost at ingest).")
    parser.add_argument("--without-counts", action="store_true",
                        help="Drop the pre-aggregated counts (also with --reuse), to measure what they save.")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="sitreps-bench-")) / "api.duckdb"
    fill_s = None
    if not args.reuse:
        for suffix in ("", ".wal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        fill_s = fill(db, args.events, indexes=not args.without_indexes, counts=not args.without_counts)
    if args.without_counts:
        drop_counts(db)
    size_mb = db.stat().st_size / 2**20
    ARTICLES[0] = (args.events + 2) // 3
    with served(str(db)) as base:
        results = measure(base, args.clients, args.requests)
    report = {"events": args.events, "indexes": not args.without_indexes, "counts": not args.without_counts,
              "clients": args.clients, "fill_s": fill_s, "counts_s": None if args.reuse else round(COUNTS_S[0], 1),
              "size_mb": round(size_mb, 1),
              "cpus": os.cpu_count(), "load_average": [round(x, 1) for x in os.getloadavg()], "queries": results}
    print(json.dumps(report, indent=2))
    if not args.keep and not args.db:
        db.unlink(missing_ok=True)
        db.parent.rmdir()


if __name__ == "__main__":
    main()
