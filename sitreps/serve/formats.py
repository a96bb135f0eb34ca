"""The formats a list is served in besides JSON: GeoJSON, CSV and JSON Lines, written as the rows are read."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

MEDIA = {"geojson": "application/geo+json", "csv": "text/csv; charset=utf-8",
         "jsonl": "application/x-ndjson"}
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def encode(value: Any) -> str:
    """Compact JSON, as the store keeps its records."""
    return _JSON.encode(value)


def _killed(record: dict[str, Any]) -> dict[str, Any]:
    killed = (record.get("quantities") or {}).get("killed") or {}
    return {"killed_low": killed.get("low"), "killed_best": killed.get("best"), "killed_high": killed.get("high")}


def _first_name(actors: Any) -> str | None:
    return "; ".join(a.get("name") or "" for a in actors) if actors else None


def flat(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A record as one flat row (CSV, GeoJSON properties): the fields an analyst sorts and filters on. Rows
    already flat (the query layer's flat columns, a plain article) only have nested values written as JSON."""
    if kind == "flat":
        return record
    if kind not in ("events", "incidents", "claims"):
        return {k: (_JSON.encode(v) if isinstance(v, (dict, list)) else v) for k, v in record.items()}
    loc = record.get("location") or {}
    when = record.get("date") or {}
    row: dict[str, Any] = {"id": record.get("id") or record.get("event_id"), "event_type": record.get("event_type"),
                           "mode": record.get("mode"), "date_start": when.get("start"), "date_end": when.get("end"),
                           "date_precision": when.get("precision"), "location": loc.get("name"),
                           "country": loc.get("country"), "admin1": loc.get("admin1"), "lat": loc.get("lat"),
                           "lon": loc.get("lon"), "precision": loc.get("precision"), **_killed(record)}
    if kind == "incidents":
        quantities = record.get("quantities") or {}
        row.update(disputed=any(q.get("disputed") for q in quantities.values()),
                   source=_first_name(record.get("source")), target=_first_name(record.get("target")),
                   claims=len(record.get("claims") or []), articles=len(record.get("articles") or []),
                   sources="; ".join(record.get("sources") or []))
        return row
    claim = record.get("claim") if kind == "events" else record
    claimant = (claim or {}).get("claimant") or {}
    evidence = record.get("evidence") or {}
    row.update(article_id=record.get("article_id"), source=_first_name(record.get("source")),
               target=_first_name(record.get("target")), claimant=claimant.get("name"),
               stance=(claim or {}).get("stance", "asserted"), modality=record.get("modality"),
               confidence=record.get("confidence"), evidence=evidence.get("text"))
    if kind == "claims":
        row["outlet"] = record.get("outlet")
    return row


def jsonl(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield _JSON.encode(record) + "\n"


def csv_rows(kind: str, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A header from the first row, then one line per record."""
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for record in records:
        row = flat(kind, record)
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(row)
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def geojson(kind: str, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A FeatureCollection, one Feature per record: a Point where the record has a place, else no geometry."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for record in records:
        row = flat(kind, record)
        lat, lon = row.get("lat"), row.get("lon")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        feature = {"type": "Feature", "id": row.get("id"), "geometry": geometry, "properties": row}
        yield ("" if first else ",") + _JSON.encode(feature)
        first = False
    yield "]}\n"
