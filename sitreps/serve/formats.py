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


def flat(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """A record as one flat row (CSV, GeoJSON properties). Events and incidents come flat from the query layer
    (``kind`` "flat"); a claim is flattened here; any other record has its nested values written as JSON."""
    if kind == "flat":
        return record
    if kind != "claims":
        return {k: (_JSON.encode(v) if isinstance(v, (dict, list)) else v) for k, v in record.items()}
    loc = record.get("location") or {}
    when = record.get("date") or {}
    killed = (record.get("quantities") or {}).get("killed") or {}
    return {"event_id": record.get("event_id"), "article_id": record.get("article_id"),
            "outlet": record.get("outlet"), "event_type": record.get("event_type"),
            "date_start": when.get("start"), "date_end": when.get("end"), "location": loc.get("name"),
            "country": loc.get("country"), "lat": loc.get("lat"), "lon": loc.get("lon"),
            "claimant": (record.get("claimant") or {}).get("name"), "stance": record.get("stance"),
            "modality": record.get("modality"), "killed_low": killed.get("low"), "killed_best": killed.get("best"),
            "killed_high": killed.get("high"), "confidence": record.get("confidence"),
            "evidence": (record.get("evidence") or {}).get("text")}


BATCH = 1 << 16  # characters handed to the server at a time: one hand-over per line would cost more than the line


def batched(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into strings of about ``BATCH`` characters."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= BATCH:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def jsonl(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    return batched(_JSON.encode(record) + "\n" for record in records)


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
    return batched(_features(kind, records))


def feature_collection(features: Iterable[str]) -> Iterator[str]:
    """A FeatureCollection of Features already written as JSON text (``sitreps.query.features``)."""
    return batched(_collection(features))


def _collection(features: Iterable[str]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for feature in features:
        yield feature if first else "," + feature
        first = False
    yield "]}\n"


def _features(kind: str, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for record in records:
        row = flat(kind, record)
        lat, lon = row.get("lat"), row.get("lon")
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        feature = {"type": "Feature", "id": row.get("id") or row.get("event_id"), "geometry": geometry,
                   "properties": row}
        yield ("" if first else ",") + _JSON.encode(feature)
        first = False
    yield "]}\n"
