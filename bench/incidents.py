"""How long building incidents takes over a big store of made-up events (no NLP involved).

    python bench/incidents.py [--events N] [--towns T] [--days D] [--batches B]

Writes N made-up ASSAULT tellings (1-3 tellings per article, one incident told by 1-4 articles, in T
towns of 5 countries over D days) into a fresh DuckDB file, builds incidents once from scratch and then
incrementally after each of B more batches, and prints the times and how many incidents came out.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sitreps.incidents import build_incidents
from sitreps.model import Actor, Article, Coded, Event, Evidence, Place, Quantity, When
from sitreps.store import open_store

COUNTRIES = ("KEN", "NGA", "SYR", "IRQ", "AFG")


def made_up(n: int, towns: int, days: int, seed: int) -> list[Coded]:
    rng = random.Random(seed)
    places = [Place(f"Town{i}", f"Town{i}", COUNTRIES[i % 5], f"Province{i % 40}", rng.uniform(-10, 10),
                    rng.uniform(20, 60), None, "city", "made up") for i in range(towns)]
    out: list[Coded] = []
    made = 0
    incident = 0
    while made < n:
        incident += 1
        town = rng.choice(places)
        day = date(2031, 1, 1) + timedelta(days=rng.randrange(days))
        killed = rng.randrange(1, 30)
        for k in range(rng.randint(1, 4)):
            text = f"Gunmen attacked Town{incident % towns} on Friday, killing {killed + k % 2} people."
            article = Article(text=text, outlet=f"Outlet{rng.randrange(50)}", published=day,
                              id=f"s{seed}-{incident}-{k}")
            events = tuple(Event(article.id, j, Evidence(0, len(text), text), "ASSAULT", trigger="attacked",
                                 source=(Actor("gunmen", "gunmen"),), target=(Actor("people", "people"),),
                                 location=town, date=When(day, day, "day", "Friday"),
                                 quantities={"killed": Quantity(killed, killed, killed, str(killed))},
                                 confidence=0.9, main=True) for j in range(rng.randint(1, 3)))
            out.append(Coded(article, events=events))
            made += len(events)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--towns", type=int, default=400)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--batches", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        with open_store(db) as store:
            store.write(made_up(args.events, args.towns, args.days, seed=0))
            started = time.perf_counter()
            report = build_incidents(store)
            print(f"from scratch: {report.events} events -> {report.incidents_total} incidents in "
                  f"{time.perf_counter() - started:.1f}s")
            for batch in range(1, args.batches + 1):
                store.write(made_up(max(1, args.events // 100), args.towns, args.days, seed=batch))
                started = time.perf_counter()
                report = build_incidents(store)
                print(f"batch {batch}: {report.events} new events, {report.incidents_new} new and "
                      f"{report.incidents_changed} changed incidents in {time.perf_counter() - started:.2f}s")


if __name__ == "__main__":
    main()
