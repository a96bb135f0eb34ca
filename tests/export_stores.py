"""Stores for the export tests: made-up articles ingested into a real DuckDB file, one hand-built aggregate
telling, and (in a copy) incidents built by hand in the contract shape of BRIEF10 / ``Incident.to_dict()``."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from sitreps import api
from sitreps.model import Article, Claim, Coded, Event, Evidence, Place, Quantity, When
from sitreps.store import open_store

ARTICLES = (
    Article(text="Rebels attacked an army base in Aleppo on Monday, killing 12 soldiers, the Syrian army said.",
            url="https://news.example.org/aleppo-base", title="Rebels attack army base",
            published=date(2015, 10, 20), outlet="Example Wire"),
    Article(text="Syrian rebels stormed an army base near Aleppo on Monday and killed 20 soldiers, an "
                 "opposition monitor said.",
            url="https://paper.example.com/aleppo", title="Base stormed near Aleppo",
            published=date(2015, 10, 21), outlet="Second Paper"),
    Article(text="Kenyan police fired tear gas at protesters in Nairobi on Wednesday and arrested 30 people, "
                 "witnesses said.",
            url="https://daily.example.net/nairobi", title="Tear gas in Nairobi", published=date(2023, 7, 12),
            outlet="Daily Example"),
)
TOTAL = Article(text="Across the province, fighting killed 150 people over the past month, a monitor said.",
                url="https://monthly.example.org/totals", title="A month of fighting",
                published=date(2015, 10, 31), outlet="Monthly Example")


def aggregate_event(article: Article) -> Event:
    """A telling whose killed figure is a total over a month: summaries must keep it out of their sums."""
    start = article.text.index("killed 150")
    return Event(article_id=article.id, sentence=0, evidence=Evidence(0, len(article.text), article.text),
                 event_type="ASSAULT", trigger="fighting",
                 location=Place("the province", "Aleppo Governorate", "SYR", "Aleppo", 36.2, 37.1,
                                precision="admin1", reason="made up"),
                 date=When(date(2015, 10, 1), date(2015, 10, 31), "month", "over the past month"),
                 quantities={"killed": Quantity(150, 150, 150, "killed 150", start, start + 10, aggregate=True)},
                 claim=Claim(None, "reported", "a monitor said"), confidence=0.6)


@dataclass(frozen=True)
class Stores:
    events: Path  # articles and events only
    incidents: Path  # the same, plus hand-built incidents
    records: tuple[dict[str, Any], ...]  # the incident dicts stored


def build_stores(folder: Path) -> Stores:
    plain = folder / "events.duckdb"
    api.ingest((), db=plain, articles=list(ARTICLES), incidents=False)  # events only: no incidents tables filled
    with open_store(plain) as store:
        store.write([Coded(TOTAL, events=(aggregate_event(TOTAL),))])
    with_incidents = folder / "incidents.duckdb"
    shutil.copy(plain, with_incidents)
    with open_store(plain, read_only=True) as store:
        events = list(store.events())
    records = tuple(hand_built_incidents(events))
    conn = duckdb.connect(str(with_incidents))
    # the incidents helper's migration may have made these tables already: the exporters read only `record`
    conn.execute("DROP TABLE IF EXISTS incident_events")
    conn.execute("DROP TABLE IF EXISTS incidents")
    conn.execute("CREATE TABLE incidents (id VARCHAR PRIMARY KEY, record JSON)")
    conn.execute("CREATE TABLE incident_events (incident_id VARCHAR, event_id VARCHAR)")
    for record in records:
        conn.execute("INSERT INTO incidents VALUES (?, ?)", [record["id"], json.dumps(record)])
        for claim in record["claims"]:
            conn.execute("INSERT INTO incident_events VALUES (?, ?)", [record["id"], claim["event_id"]])
    conn.close()
    return Stores(plain, with_incidents, records)


def _claim(event: Event, outlet: str | None) -> dict[str, Any]:
    claimant = event.claim.claimant if event.claim else None
    return {"event_id": event.id, "article_id": event.article_id, "outlet": outlet,
            "claimant": {"name": claimant.name, "code": claimant.code, "sector": claimant.sector}
            if claimant else None,
            "stance": event.claim.stance if event.claim else "asserted", "modality": event.modality,
            "quantities": {k: {"low": q.low, "best": q.best, "high": q.high} for k, q in event.quantities.items()},
            "evidence": event.evidence.to_dict(), "confidence": event.confidence}


def hand_built_incidents(events: list[Event]) -> Iterator[dict[str, Any]]:
    """Two incidents by hand: the Aleppo base attack told by two outlets with 12 and 20 killed (disputed), with
    the month's total as an aggregate claim; and the Nairobi protest, with no place, so no geometry."""
    outlets = {a.id: a.outlet for a in (*ARTICLES, TOTAL)}
    aleppo = [e for e in events if e.location and e.location.name == "Aleppo"]
    nairobi = [e for e in events if e.article_id == ARTICLES[2].id]
    total = [e for e in events if e.article_id == TOTAL.id]
    figures = [e.quantities["killed"].best for e in aleppo if "killed" in e.quantities]
    yield {
        "id": "inc-aleppo", "event_type": "ASSAULT", "mode": None, "cameo": "190",
        "acled": {"event_type": "Battles", "sub_event_type": "Armed clash"},
        "source": [{"name": "Syrian rebels", "code": "SYR", "sector": "REB", "tellings": len(aleppo)}],
        "target": [{"name": "Syrian military", "code": "SYR", "sector": "MIL", "tellings": len(aleppo)}],
        "location": {"name": "Aleppo", "country": "SYR", "admin1": "Aleppo", "lat": 36.2, "lon": 37.16,
                     "precision": "city", "reason": "every telling names it"},
        "date": {"start": "2015-10-19", "end": "2015-10-19", "precision": "day"},
        "quantities": {"killed": {"low": min(figures), "best": min(figures), "high": max(figures),
                                  "disputed": True}},
        "claims": [_claim(e, outlets[e.article_id]) for e in aleppo],
        "aggregate_claims": [_claim(e, outlets[e.article_id]) for e in total],
        "articles": [ARTICLES[0].id, ARTICLES[1].id], "sources": ["Example Wire", "Second Paper"],
        "first_seen": "2015-10-20", "last_seen": "2015-10-21",
    }
    yield {
        "id": "inc-nairobi", "event_type": "COERCE", "mode": "arrest", "cameo": "173",
        "acled": {"event_type": "Protests", "sub_event_type": "Protest with intervention"},
        "source": [{"name": "Kenyan police", "code": "KEN", "sector": "COP", "tellings": len(nairobi)}],
        "target": [], "location": None,
        "date": {"start": "2023-07-12", "end": "2023-07-12", "precision": "day"},
        "quantities": {"arrested": {"low": 30, "best": 30, "high": 30, "disputed": False}},
        "claims": [_claim(e, outlets[e.article_id]) for e in nairobi], "aggregate_claims": [],
        "articles": [ARTICLES[2].id], "sources": ["Daily Example"],
        "first_seen": "2023-07-12", "last_seen": "2023-07-12",
    }
