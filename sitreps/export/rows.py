"""Flat rows: every field of an event record or incident record as ``dotted.name -> value``, for CSV and GeoJSON.

Nested objects become dotted names (``location.lat``, ``quantities.killed.best``, ``claim.claimant.name``).
A list of actors becomes one column per actor field, the actors' values joined with ``"; "`` in the same order
(``source.name`` "Russia; Syria" lines up with ``source.code`` "RUS; SYR"). A list of plain values is joined the
same way. Each row ends with the columns of the article it was read from, so it stands on its own.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..model import QUANTITY_KINDS, Event
from .inputs import NO_ARTICLE, ArticleInfo, first_article

SEP = "; "

ACTOR_FIELDS = ("text", "name", "code", "sector", "start", "end", "fuzzy")
PLACE_FIELDS = ("text", "name", "country", "admin1", "lat", "lon", "geonames_id", "precision", "reason",
                "start", "end", "use")
DATE_FIELDS = ("text", "start", "end", "precision", "span_start", "span_end")
QUANTITY_FIELDS = ("low", "best", "high", "text", "start", "end", "aggregate")
ACLED_FIELDS = ("event_type", "sub_event_type", "inter1", "inter2", "interaction", "civilian_targeting",
                "fatalities")
ARTICLE_COLUMNS = ("article.url", "article.outlet", "article.title", "article.published")


def _prefixed(prefix: str, fields: Iterable[str]) -> list[str]:
    return [f"{prefix}.{name}" for name in fields]


EVENT_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "sentence", *_prefixed("evidence", ("start", "end", "text")),
    "event_type", "trigger", "mode", "context", "cameo", *_prefixed("acled", ACLED_FIELDS),
    *_prefixed("source", ACTOR_FIELDS), *_prefixed("target", ACTOR_FIELDS),
    *_prefixed("location", PLACE_FIELDS), *_prefixed("date", DATE_FIELDS),
    *(c for kind in QUANTITY_KINDS for c in _prefixed(f"quantities.{kind}", QUANTITY_FIELDS)),
    *_prefixed("claim.claimant", ACTOR_FIELDS), "claim.stance", "claim.text", "claim.start", "claim.end",
    "modality", "confidence", "main", *ARTICLE_COLUMNS,
)

INCIDENT_ACTOR_FIELDS = ("name", "code", "sector", "tellings")
INCIDENT_FIELDS: tuple[str, ...] = (
    "id", "event_type", "mode", "cameo", "acled.event_type", "acled.sub_event_type",
    *_prefixed("source", INCIDENT_ACTOR_FIELDS), *_prefixed("target", INCIDENT_ACTOR_FIELDS),
    *_prefixed("location", ("name", "country", "admin1", "lat", "lon", "precision", "reason")),
    *_prefixed("date", ("start", "end", "precision")),
    *(c for kind in QUANTITY_KINDS for c in _prefixed(f"quantities.{kind}", ("low", "best", "high", "disputed"))),
    "articles", "sources", "first_seen", "last_seen", "claims.count", "aggregate_claims.count",
)
CLAIM_FIELDS: tuple[str, ...] = (
    "claim.aggregate", "claim.event_id", "claim.article_id", "claim.outlet",
    *_prefixed("claim.claimant", ("name", "code", "sector")), "claim.stance", "claim.modality",
    *(c for kind in QUANTITY_KINDS for c in _prefixed(f"claim.quantities.{kind}", ("low", "best", "high"))),
    *_prefixed("claim.evidence", ("start", "end", "text")), "claim.confidence",
)
INCIDENT_COLUMNS: tuple[str, ...] = (*INCIDENT_FIELDS, *CLAIM_FIELDS, *ARTICLE_COLUMNS)


def flatten(value: Any, prefix: str = "", out: dict[str, Any] | None = None) -> dict[str, Any]:
    """``{"a": {"b": 1}, "l": [{"n": "x"}, {"n": "y"}]}`` -> ``{"a.b": 1, "l.n": "x; y"}``."""
    out = {} if out is None else out
    if isinstance(value, Mapping):
        for key, inner in value.items():
            flatten(inner, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list | tuple):
        if value and all(isinstance(item, Mapping) for item in value):
            keys = list(dict.fromkeys(k for item in value for k in item))
            for key in keys:
                out[f"{prefix}.{key}"] = SEP.join(_text(item.get(key)) for item in value)
        elif value:
            out[prefix] = SEP.join(_text(item) for item in value)
    elif value is not None:
        out[prefix] = value
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def article_columns(article: ArticleInfo) -> dict[str, Any]:
    return {"article.url": article.url, "article.outlet": article.outlet, "article.title": article.title,
            "article.published": article.published.isoformat() if article.published else None}


def event_row(event: Event, article: ArticleInfo) -> dict[str, Any]:
    """Every field of ``event.to_dict()``, flat, then its article's URL, outlet, title and date."""
    row = flatten(event.to_dict())
    row.update(article_columns(article))
    return row


def incident_fields(incident: Mapping[str, Any]) -> dict[str, Any]:
    """The incident's own fields, flat, with its claims counted (the claims themselves are rows of their own)."""
    own = {k: v for k, v in incident.items() if k not in ("claims", "aggregate_claims")}
    row = flatten(own)
    row["claims.count"] = len(incident.get("claims") or ())
    row["aggregate_claims.count"] = len(incident.get("aggregate_claims") or ())
    return row


def incident_rows(incident: Mapping[str, Any], articles: Mapping[str, ArticleInfo]) -> Iterator[dict[str, Any]]:
    """One row per claim (aggregate claims too, marked), each with the incident's fields and its own article.

    An incident without claims still gives one row, citing its earliest article.
    """
    base = incident_fields(incident)
    tellings = [(False, c) for c in incident.get("claims") or ()]
    tellings += [(True, c) for c in incident.get("aggregate_claims") or ()]
    if not tellings:
        yield {**base, **article_columns(first_article(list(incident.get("articles") or ()), articles))}
        return
    for aggregate, claim in tellings:
        row = dict(base)
        flatten(claim, "claim", row)
        row["claim.aggregate"] = aggregate
        row.update(article_columns(articles.get(claim.get("article_id") or "", NO_ARTICLE)))
        yield row


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Iterable[str], out: IO[str]) -> int:
    """Write rows under a fixed header (fields outside it are left out); booleans as true/false."""
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _text(v) for k, v in row.items()})
        n += 1
    return n
