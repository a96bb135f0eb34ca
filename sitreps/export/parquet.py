"""Parquet: one file per table in a folder, with typed columns (docs/exports.md lists them).

Dates are ``date32``, counts ``int64``, offsets ``int64``, coordinates and confidence ``float64``, flags ``bool``.
Actor lists are ``list<struct>``; every other nested value has flat columns of its own, and the whole record
rides along as a JSON string (``record``) so nothing is lost. Rows are written in batches, so a store of any
size streams through.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import QUANTITY_KINDS, Event
from .inputs import NO_ARTICLE, ArticleInfo, first_article

BATCH = 10_000

_S, _I, _F, _B, _D = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()
_ARTICLE = [("article_url", _S), ("article_outlet", _S), ("article_title", _S), ("article_published", _D)]
_ACTOR = pa.struct([("text", _S), ("name", _S), ("code", _S), ("sector", _S), ("start", _I), ("end", _I)])
_INCIDENT_ACTOR = pa.struct([("name", _S), ("code", _S), ("sector", _S), ("tellings", _I)])
_FIGURES = [(f"{kind}_{bound}", _I) for kind in QUANTITY_KINDS for bound in ("low", "best", "high")]

ARTICLES = pa.schema([("id", _S), ("url", _S), ("title", _S), ("published", _D), ("outlet", _S), ("lang", _S),
                      ("ingested_at", pa.timestamp("us")), ("length", _I)])
EVENTS = pa.schema([
    ("id", _S), ("article_id", _S), ("sentence", _I), ("evidence_start", _I), ("evidence_end", _I),
    ("evidence_text", _S), ("event_type", _S), ("trigger", _S), ("mode", _S), ("context", pa.list_(_S)),
    ("cameo", _S), ("acled_event_type", _S), ("acled_sub_event_type", _S), ("acled_inter1", _I),
    ("acled_inter2", _I), ("acled_interaction", _S), ("acled_civilian_targeting", _B),
    ("source", pa.list_(_ACTOR)), ("target", pa.list_(_ACTOR)),
    ("location_text", _S), ("location_name", _S), ("location_country", _S), ("location_admin1", _S),
    ("lat", _F), ("lon", _F), ("geonames_id", _I), ("location_precision", _S), ("location_reason", _S),
    ("date_start", _D), ("date_end", _D), ("date_precision", _S), ("date_text", _S), *_FIGURES,
    ("claimant_name", _S), ("claimant_code", _S), ("claimant_sector", _S), ("stance", _S), ("claim_text", _S),
    ("modality", _S), ("confidence", _F), ("main", _B), *_ARTICLE, ("record", _S),
])
EVENT_ACTORS = pa.schema([("event_id", _S), ("role", _S), ("text", _S), ("name", _S), ("code", _S),
                          ("sector", _S), ("start", _I), ("end", _I)])
QUANTITIES = pa.schema([("event_id", _S), ("kind", _S), ("low", _I), ("best", _I), ("high", _I), ("text", _S),
                        ("start", _I), ("end", _I), ("aggregate", _B)])
INCIDENTS = pa.schema([
    ("id", _S), ("event_type", _S), ("mode", _S), ("cameo", _S), ("acled_event_type", _S),
    ("acled_sub_event_type", _S), ("source", pa.list_(_INCIDENT_ACTOR)), ("target", pa.list_(_INCIDENT_ACTOR)),
    ("location_name", _S), ("location_country", _S), ("location_admin1", _S), ("lat", _F), ("lon", _F),
    ("location_precision", _S), ("location_reason", _S), ("date_start", _D), ("date_end", _D),
    ("date_precision", _S), *_FIGURES, *[(f"{kind}_disputed", _B) for kind in QUANTITY_KINDS],
    ("articles", pa.list_(_S)), ("sources", pa.list_(_S)), ("first_seen", _D), ("last_seen", _D),
    ("claims", _I), ("aggregate_claims", _I), *_ARTICLE, ("record", _S),
])
INCIDENT_CLAIMS = pa.schema([
    ("incident_id", _S), ("aggregate", _B), ("event_id", _S), ("article_id", _S), ("outlet", _S),
    ("claimant_name", _S), ("claimant_code", _S), ("claimant_sector", _S), ("stance", _S), ("modality", _S),
    *_FIGURES, ("evidence_start", _I), ("evidence_end", _I), ("evidence_text", _S), ("confidence", _F),
    *_ARTICLE,
])
INCIDENT_EVENTS = pa.schema([("incident_id", _S), ("event_id", _S)])


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _article(article: ArticleInfo) -> dict[str, Any]:
    return {"article_url": article.url, "article_outlet": article.outlet, "article_title": article.title,
            "article_published": article.published}


def _figures(quantities: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, q in quantities.items():
        if kind in QUANTITY_KINDS and q:
            for bound in ("low", "best", "high"):
                out[f"{kind}_{bound}"] = q.get(bound)
    return out


def event_record(event: Event, article: ArticleInfo) -> dict[str, Any]:
    """The ``events`` row of an event."""
    record = event.to_dict()
    acled, loc, when = record["acled"] or {}, record["location"] or {}, record["date"] or {}
    claim = record["claim"] or {}
    claimant = claim.get("claimant") or {}
    return {
        "id": event.id, "article_id": event.article_id, "sentence": event.sentence,
        "evidence_start": event.evidence.start, "evidence_end": event.evidence.end,
        "evidence_text": event.evidence.text, "event_type": event.event_type, "trigger": event.trigger,
        "mode": event.mode, "context": list(event.context), "cameo": event.cameo,
        "acled_event_type": acled.get("event_type"), "acled_sub_event_type": acled.get("sub_event_type"),
        "acled_inter1": acled.get("inter1"), "acled_inter2": acled.get("inter2"),
        "acled_interaction": acled.get("interaction"), "acled_civilian_targeting": acled.get("civilian_targeting"),
        "source": record["source"], "target": record["target"],
        "location_text": loc.get("text"), "location_name": loc.get("name"), "location_country": loc.get("country"),
        "location_admin1": loc.get("admin1"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "geonames_id": loc.get("geonames_id"), "location_precision": loc.get("precision"),
        "location_reason": loc.get("reason"), "date_start": _day(when.get("start")),
        "date_end": _day(when.get("end")), "date_precision": when.get("precision"), "date_text": when.get("text"),
        **_figures(record["quantities"]),
        "claimant_name": claimant.get("name"), "claimant_code": claimant.get("code"),
        "claimant_sector": claimant.get("sector"), "stance": claim.get("stance"), "claim_text": claim.get("text"),
        "modality": event.modality, "confidence": event.confidence, "main": event.main,
        **_article(article), "record": json.dumps(record, ensure_ascii=False),
    }


def actor_records(event: Event) -> Iterator[dict[str, Any]]:
    roles = [("source", event.source), ("target", event.target)]
    if event.claim and event.claim.claimant:
        roles.append(("claimant", (event.claim.claimant,)))
    for role, actors in roles:
        for a in actors:
            yield {"event_id": event.id, "role": role, "text": a.text, "name": a.name, "code": a.code,
                   "sector": a.sector, "start": a.start, "end": a.end}


def quantity_records(event: Event) -> Iterator[dict[str, Any]]:
    for kind, q in event.quantities.items():
        yield {"event_id": event.id, "kind": kind, **q.to_dict()}


def incident_record(incident: Mapping[str, Any], articles: Mapping[str, ArticleInfo]) -> dict[str, Any]:
    """The ``incidents`` row of an incident dict."""
    loc, when, acled = incident.get("location") or {}, incident.get("date") or {}, incident.get("acled") or {}
    quantities = incident.get("quantities") or {}
    ids = list(incident.get("articles") or ())
    return {
        "id": incident["id"], "event_type": incident.get("event_type"), "mode": incident.get("mode"),
        "cameo": incident.get("cameo"), "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "source": incident.get("source") or [], "target": incident.get("target") or [],
        "location_name": loc.get("name"), "location_country": loc.get("country"),
        "location_admin1": loc.get("admin1"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "location_precision": loc.get("precision"), "location_reason": loc.get("reason"),
        "date_start": _day(when.get("start")), "date_end": _day(when.get("end")),
        "date_precision": when.get("precision"), **_figures(quantities),
        **{f"{kind}_disputed": bool(q.get("disputed")) for kind, q in quantities.items()
           if kind in QUANTITY_KINDS and q},
        "articles": ids, "sources": list(incident.get("sources") or ()),
        "first_seen": _day(incident.get("first_seen")), "last_seen": _day(incident.get("last_seen")),
        "claims": len(incident.get("claims") or ()), "aggregate_claims": len(incident.get("aggregate_claims") or ()),
        **_article(first_article(ids, articles)), "record": json.dumps(incident, ensure_ascii=False),
    }


def claim_records(incident: Mapping[str, Any], articles: Mapping[str, ArticleInfo]) -> Iterator[dict[str, Any]]:
    tellings = [(False, c) for c in incident.get("claims") or ()]
    tellings += [(True, c) for c in incident.get("aggregate_claims") or ()]
    for aggregate, claim in tellings:
        claimant, evidence = claim.get("claimant") or {}, claim.get("evidence") or {}
        yield {
            "incident_id": incident["id"], "aggregate": aggregate, "event_id": claim.get("event_id"),
            "article_id": claim.get("article_id"), "outlet": claim.get("outlet"),
            "claimant_name": claimant.get("name"), "claimant_code": claimant.get("code"),
            "claimant_sector": claimant.get("sector"), "stance": claim.get("stance"),
            "modality": claim.get("modality"), **_figures(claim.get("quantities") or {}),
            "evidence_start": evidence.get("start"), "evidence_end": evidence.get("end"),
            "evidence_text": evidence.get("text"), "confidence": claim.get("confidence"),
            **_article(articles.get(claim.get("article_id") or "", NO_ARTICLE)),
        }


class _Table:
    """A Parquet file written in batches of rows."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path, self.schema, self.count = path, schema, 0
        self.rows: list[dict[str, Any]] = []
        self._writer: pq.ParquetWriter | None = None

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, self.schema)
        if self.rows:
            self._writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self.flush()  # an empty table still gets its file, with its schema
        assert self._writer is not None
        self._writer.close()


def write_parquet(folder: str | Path, events: Iterable[Event], articles: Mapping[str, ArticleInfo],
                  incidents: Iterable[Mapping[str, Any]] | None = None) -> dict[str, int]:
    """Write articles, events, event_actors and quantities (and the incident tables when ``incidents`` is given)
    as ``<table>.parquet`` files in ``folder``; return the rows written per table."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    tables = {name: _Table(out / f"{name}.parquet", schema) for name, schema in (
        ("articles", ARTICLES), ("events", EVENTS), ("event_actors", EVENT_ACTORS), ("quantities", QUANTITIES))}
    tables["articles"].add({"id": a.id, "url": a.url, "title": a.title, "published": a.published,
                            "outlet": a.outlet, "lang": a.lang, "ingested_at": a.ingested_at, "length": a.length}
                           for a in articles.values())
    for event in events:
        tables["events"].add([event_record(event, articles.get(event.article_id, NO_ARTICLE))])
        tables["event_actors"].add(actor_records(event))
        tables["quantities"].add(quantity_records(event))
    if incidents is not None:
        tables.update({name: _Table(out / f"{name}.parquet", schema) for name, schema in (
            ("incidents", INCIDENTS), ("incident_claims", INCIDENT_CLAIMS), ("incident_events", INCIDENT_EVENTS))})
        for incident in incidents:
            tables["incidents"].add([incident_record(incident, articles)])
            tables["incident_claims"].add(claim_records(incident, articles))
            tables["incident_events"].add({"incident_id": incident["id"], "event_id": c.get("event_id")}
                                          for c in incident.get("claims") or ())
    for table in tables.values():
        table.close()
    return {name: table.count for name, table in tables.items()}
