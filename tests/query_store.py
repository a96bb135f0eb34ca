"""A store for the query and server tests: made-up articles ingested into a real DuckDB file (with their
incidents), and every stored event and incident read back whole, to check each filter against."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from sitreps import api
from sitreps.model import Article

ARTICLES = (
    Article(text="Russian warplanes bombed a market in Idlib on Tuesday, killing nine civilians, a Syrian "
                 "monitoring group said.", url="https://wire.example.org/idlib", title="Market bombed in Idlib",
            published=date(2020, 3, 4), outlet="Made-up Wire"),
    Article(text="Russia struck rebel positions near Aleppo on Monday, the Russian defence ministry said.",
            url="https://paper.example.com/aleppo", title="Strikes near Aleppo", published=date(2019, 11, 12),
            outlet="Second Paper"),
    Article(text="Kenyan police fired tear gas at protesters in Nairobi on Wednesday and arrested 40 people, "
                 "witnesses said.", url="https://daily.example.net/nairobi", title="Tear gas in Nairobi",
            published=date(2021, 6, 2), outlet="Daily Example"),
    Article(text="Ukrainian forces shelled Russian positions near Donetsk on Friday, killing three soldiers, "
                 "Russia's defence ministry said.", url="https://wire.example.org/donetsk",
            title="Shelling near Donetsk", published=date(2022, 5, 6), outlet="Made-up Wire"),
    Article(text="Soldiers shot dead seven protesters in Mandalay on Saturday, witnesses told reporters.",
            url="https://daily.example.net/mandalay", title="Protesters shot in Mandalay",
            published=date(2021, 3, 13), outlet="Daily Example"),
)


@dataclass(frozen=True)
class Store:
    path: Path
    events: tuple[dict[str, Any], ...]
    incidents: tuple[dict[str, Any], ...]


def build_store(folder: Path, articles: tuple[Article, ...] = ARTICLES) -> Store:
    db = folder / "query.duckdb"
    api.ingest((), db=db, articles=list(articles))
    conn = duckdb.connect(str(db), read_only=True)
    try:
        events = tuple(json.loads(r) for (r,) in conn.execute("SELECT record FROM events").fetchall())
        incidents = tuple(json.loads(r) for (r,) in conn.execute("SELECT record FROM incidents").fetchall())
    finally:
        conn.close()
    return Store(db, events, incidents)


def start_day(record: dict[str, Any]) -> date | None:
    return date.fromisoformat(record["date"]["start"]) if record.get("date") else None


def end_day(record: dict[str, Any]) -> date | None:
    return date.fromisoformat(record["date"]["end"]) if record.get("date") else None


def country(record: dict[str, Any]) -> str | None:
    return (record.get("location") or {}).get("country")
