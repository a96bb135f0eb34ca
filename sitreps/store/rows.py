"""The store's rows: the columns of each table and how an article, event, actor or failure becomes a row.

Shared by both back ends (sitreps/store/duckdb.py, sitreps/store/postgres.py), so they write the same values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from ..model import Actor, Article, Event, Failure, content_id

ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"), ("url", "VARCHAR"), ("title", "VARCHAR"), ("published", "DATE"),
    ("outlet", "VARCHAR"), ("byline", "VARCHAR"), ("lang", "VARCHAR"), ("origin", "VARCHAR"),
    ("text", "VARCHAR"), ("ingested_at", "TIMESTAMP"),
)
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"), ("article_id", "VARCHAR"), ("sentence", "BIGINT"),
    ("evidence_start", "BIGINT"), ("evidence_end", "BIGINT"), ("evidence_text", "VARCHAR"),
    ("event_type", "VARCHAR"), ("trigger", "VARCHAR"), ("mode", "VARCHAR"), ("context", "VARCHAR[]"),
    ("cameo", "VARCHAR"), ("acled_event_type", "VARCHAR"), ("acled_sub_event_type", "VARCHAR"),
    ("source", "JSON"), ("target", "JSON"), ("location_name", "VARCHAR"), ("location_country", "VARCHAR"),
    ("location_admin1", "VARCHAR"), ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("geonames_id", "BIGINT"),
    ("location_precision", "VARCHAR"), ("location", "JSON"), ("date_start", "DATE"), ("date_end", "DATE"),
    ("date_precision", "VARCHAR"), ("date", "JSON"), ("quantities", "JSON"), ("killed_low", "BIGINT"),
    ("killed_best", "BIGINT"), ("killed_high", "BIGINT"), ("claimant_name", "VARCHAR"),
    ("claimant_code", "VARCHAR"), ("stance", "VARCHAR"), ("claim", "JSON"), ("modality", "VARCHAR"),
    ("confidence", "DOUBLE"), ("record", "JSON"),
)
ACTOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR"), ("role", "VARCHAR"), ("text", "VARCHAR"), ("name", "VARCHAR"),
    ("code", "VARCHAR"), ("sector", "VARCHAR"),
)
FAILURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "VARCHAR"), ("stage", "VARCHAR"), ("item_id", "VARCHAR"), ("error", "VARCHAR"),
    ("message", "VARCHAR"), ("origin", "VARCHAR"), ('"at"', "TIMESTAMP"),
)

# one encoder for every value: json.dumps(**options) would build a new one on each call
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str | None:
    return None if value is None else _JSON.encode(value)


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def article_row(article: Article, ingested_at: datetime) -> tuple[Any, ...]:
    """The ``articles`` row for an article, in ``ARTICLE_COLUMNS`` order."""
    return (article.id, article.url, article.title, article.published, article.outlet, article.byline,
            article.lang, article.origin, article.text, ingested_at)


def event_row(event: Event) -> tuple[Any, ...]:
    """The ``events`` row for an event, in ``EVENT_COLUMNS`` order."""
    record = event.to_dict()
    place, when, claim = event.location, event.date, event.claim
    acled = event.acled or {}
    killed = event.quantities.get("killed")
    claimant = claim.claimant if claim else None
    return (
        event.id, event.article_id, event.sentence,
        event.evidence.start, event.evidence.end, event.evidence.text,
        event.event_type, event.trigger, event.mode, list(event.context), event.cameo,
        acled.get("event_type"), acled.get("sub_event_type"),
        _dumps(record["source"]), _dumps(record["target"]),
        place.name if place else None, place.country if place else None, place.admin1 if place else None,
        place.lat if place else None, place.lon if place else None, place.geonames_id if place else None,
        place.precision if place else None, _dumps(record["location"]),
        when.start if when else None, when.end if when else None, when.precision if when else None,
        _dumps(record["date"]), _dumps(record["quantities"]),
        killed.low if killed else None, killed.best if killed else None, killed.high if killed else None,
        claimant.name if claimant else None, claimant.code if claimant else None,
        claim.stance if claim else None, _dumps(record["claim"]),
        event.modality, event.confidence, _dumps(record),
    )


def actor_rows(event: Event) -> Iterator[tuple[Any, ...]]:
    """The ``event_actors`` rows of an event: its sources, targets and named claimant."""
    roles: list[tuple[str, Sequence[Actor]]] = [("source", event.source), ("target", event.target)]
    if event.claim and event.claim.claimant:
        roles.append(("claimant", (event.claim.claimant,)))
    for role, actors in roles:
        for actor in actors:
            yield (event.id, role, actor.text, actor.name, actor.code, actor.sector)


def failure_row(failure: Failure) -> tuple[Any, ...]:
    """The ``failures`` row; ``key`` makes the same (stage, item, error, origin) one row."""
    key = content_id(failure.stage, failure.item_id, failure.error, failure.origin)
    return (key, failure.stage, failure.item_id, failure.error, failure.message, failure.origin,
            _utc_naive(failure.at))
