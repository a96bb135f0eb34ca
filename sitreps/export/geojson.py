"""GeoJSON: a FeatureCollection of incidents (or event tellings), one Feature each.

``geometry`` is a Point ``[lon, lat]`` where the place has coordinates, else null. ``properties`` are the flat
rows of rows.py under a fixed set of names, null where empty (dotted names, actor lists joined with "; ", the cited article's URL, outlet, title and date);
an incident's claims stay a list of objects under ``claims`` (and ``aggregate_claims``), as GeoJSON allows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from ..model import Event
from .inputs import NO_ARTICLE, ArticleInfo, first_article
from .rows import ARTICLE_COLUMNS, EVENT_COLUMNS, INCIDENT_FIELDS, article_columns, event_row, incident_fields


def _geometry(place: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not place or place.get("lat") is None or place.get("lon") is None:
        return None
    return {"type": "Point", "coordinates": [place["lon"], place["lat"]]}


def event_feature(event: Event, article: ArticleInfo) -> dict[str, Any]:
    place = event.location.to_dict() if event.location else None
    row = event_row(event, article)
    return {"type": "Feature", "id": event.id, "geometry": _geometry(place),
            "properties": {c: row.get(c) for c in EVENT_COLUMNS}}


def incident_feature(incident: Mapping[str, Any], articles: Mapping[str, ArticleInfo]) -> dict[str, Any]:
    row = incident_fields(incident)
    row.update(article_columns(first_article(list(incident.get("articles") or ()), articles)))
    properties = {c: row.get(c) for c in (*INCIDENT_FIELDS, *ARTICLE_COLUMNS)}
    properties["claims"] = list(incident.get("claims") or ())
    properties["aggregate_claims"] = list(incident.get("aggregate_claims") or ())
    return {"type": "Feature", "id": incident["id"], "geometry": _geometry(incident.get("location")),
            "properties": properties}


def write_geojson(out: IO[str], events: Iterable[Event] = (), articles: Mapping[str, ArticleInfo] | None = None,
                  incidents: Iterable[Mapping[str, Any]] | None = None) -> int:
    """A FeatureCollection of ``incidents`` when given, else of ``events``, written feature by feature."""
    known = articles or {}
    features = (incident_feature(i, known) for i in incidents) if incidents is not None else \
        (event_feature(e, known.get(e.article_id, NO_ARTICLE)) for e in events)
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for feature in features:
        out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n
