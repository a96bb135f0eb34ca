"""ACLED-style CSV: ACLED's columns in ACLED's order, then a few ``sitreps_``/``article_`` columns so a row stands
on its own. Meanings follow ACLED's codebook (see docs/exports.md for the map and what stays empty).

``fatalities`` is the incident's best killed figure (the event's, without incidents); 0 when none is told, as
ACLED codes it. ``notes`` is built from the evidence: the date, then each telling's words with who said so and
the figure it gives, and a line on the dispute when the tellings disagree.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import IO, Any

from ..model import Event
from .countries import country_name, iso_numeric
from .inputs import NO_ARTICLE, ArticleInfo, first_article

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "sitreps_id", "sitreps_event_type", "article_url", "article_outlet", "article_title", "article_published",
)
# ACLED's disorder type by event type (codebook §0); Excessive force is both
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Protests": "Demonstrations",
             "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
_GEO_PRECISION = {"point": 1, "city": 1, "admin1": 3, "region": 3}
SEP = "; "


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if sub_event_type == "Mob violence":
        return "Political violence"
    return _DISORDER.get(event_type or "")


def event_date(when: Mapping[str, Any] | None) -> tuple[date | None, int | None]:
    """The day ACLED would code and its time_precision: 1 a day, 2 a week or so (the middle of the span),
    3 a month or a span of up to a month (its middle); anything vaguer has no precision ACLED codes."""
    if not when or not when.get("start"):
        return None, None
    start = date.fromisoformat(str(when["start"])[:10])
    end = date.fromisoformat(str(when.get("end") or when["start"])[:10])
    days = (end - start).days + 1
    middle = start + timedelta(days=(days - 1) // 2)
    if when.get("precision") in ("day", "publication") or days == 1:
        return start, 1
    if days <= 10:
        return middle, 2
    if days <= 31:
        return middle, 3
    return middle, None


def _actors(actors: list[Mapping[str, Any]]) -> tuple[str | None, str | None]:
    names = [str(a["name"]) for a in actors if a.get("name")]
    return (names[0] if names else None), (SEP.join(names[1:]) or None)


def _place(place: Mapping[str, Any] | None) -> dict[str, Any]:
    if not place:
        return {}
    lat, lon = place.get("lat"), place.get("lon")
    return {"iso": iso_numeric(place.get("country")), "country": country_name(place.get("country")),
            "admin1": place.get("admin1"), "location": place.get("name"),
            "latitude": round(lat, 4) if lat is not None else None,
            "longitude": round(lon, 4) if lon is not None else None,
            "geo_precision": _GEO_PRECISION.get(place.get("precision") or "")}


def _article(article: ArticleInfo) -> dict[str, Any]:
    return {"article_url": article.url, "article_outlet": article.outlet, "article_title": article.title,
            "article_published": article.published.isoformat() if article.published else None,
            "timestamp": int(article.ingested_at.timestamp()) if article.ingested_at else None}


def _telling(claimant: Mapping[str, Any] | None, stance: str | None, outlet: str | None,
             quantities: Mapping[str, Any], text: str | None) -> str:
    who = (claimant or {}).get("name") or outlet or "the outlet"
    killed = quantities.get("killed")
    figure = f", killed {killed['best']}" if killed and killed.get("best") is not None else ""
    words = " ".join((text or "").split())
    return f"{who} ({stance or 'asserted'}{figure}): \"{words}\""


def _row(sitreps_id: str, event_type: str | None, acled: Mapping[str, Any], when: Mapping[str, Any] | None,
         source: list[Mapping[str, Any]], target: list[Mapping[str, Any]], place: Mapping[str, Any] | None,
         fatalities: int | None, article: ArticleInfo) -> dict[str, Any]:
    day, precision = event_date(when)
    actor1, assoc1 = _actors(source)
    actor2, assoc2 = _actors(target)
    country = (place or {}).get("country") or "XXX"
    kind, sub = acled.get("event_type"), acled.get("sub_event_type")
    return {"event_id_cnty": f"{country}{sitreps_id}", "event_date": day.isoformat() if day else None,
            "year": day.year if day else None, "time_precision": precision,
            "disorder_type": disorder_type(kind, sub), "event_type": kind, "sub_event_type": sub,
            "actor1": actor1, "assoc_actor_1": assoc1, "inter1": acled.get("inter1"), "actor2": actor2,
            "assoc_actor_2": assoc2, "inter2": acled.get("inter2") or None, "interaction": acled.get("interaction"),
            "civilian_targeting": "Civilians targeted" if acled.get("civilian_targeting") else None,
            **_place(place), "fatalities": fatalities or 0, "sitreps_id": sitreps_id,
            "sitreps_event_type": event_type, **_article(article)}


def event_row(event: Event, article: ArticleInfo) -> dict[str, Any]:
    record = event.to_dict()
    killed = event.quantities.get("killed")
    acled = record["acled"] or {}
    # the telling's own figure, else the deaths the ACLED coding put on it (the incident's, within the article)
    fatalities = killed.best if killed else acled.get("fatalities")
    row = _row(event.id, event.event_type, acled, record["date"], record["source"], record["target"],
               record["location"], fatalities, article)
    claim = record["claim"] or {}
    day = row["event_date"] or "an unknown date"
    row["notes"] = f"On {day}, " + _telling(claim.get("claimant"), claim.get("stance"), article.outlet,
                                            record["quantities"], event.evidence.text)
    row["source"] = article.outlet
    tags = []
    if killed and killed.aggregate:
        tags.append("aggregate figure (a total over a period or area)")
    if "size" in event.quantities:
        tags.append(f"crowd size={event.quantities['size'].best}")
    row["tags"] = SEP.join(tags) or None
    return row


def incident_row(incident: Mapping[str, Any], articles: Mapping[str, ArticleInfo]) -> dict[str, Any]:
    article = first_article(list(incident.get("articles") or ()), articles)
    quantities = incident.get("quantities") or {}
    killed = quantities.get("killed") or {}
    row = _row(incident["id"], incident.get("event_type"), incident.get("acled") or {}, incident.get("date"),
               list(incident.get("source") or ()), list(incident.get("target") or ()), incident.get("location"),
               killed.get("best"), article)
    claims = list(incident.get("claims") or ())
    day = row["event_date"] or "an unknown date"
    parts = [_telling(c.get("claimant"), c.get("stance"), c.get("outlet"), c.get("quantities") or {},
                      (c.get("evidence") or {}).get("text")) for c in claims]
    notes = f"On {day}: " + " | ".join(parts) if parts else f"On {day}."
    if killed.get("disputed"):
        notes += (f" | Fatalities disputed: the tellings give {killed.get('low')} to {killed.get('high')};"
                  f" {killed.get('best')} coded.")
    row["notes"] = notes
    row["source"] = SEP.join(incident.get("sources") or ()) or None
    tags = ["disputed fatalities"] if killed.get("disputed") else []
    if (quantities.get("size") or {}).get("best") is not None:
        tags.append(f"crowd size={quantities['size']['best']}")
    row["tags"] = SEP.join(tags) or None
    return row


def write_acled(out: IO[str], events: Iterable[Event] = (), articles: Mapping[str, ArticleInfo] | None = None,
                incidents: Iterable[Mapping[str, Any]] | None = None) -> int:
    """ACLED-style CSV of ``incidents`` when given, else of ``events``; return the rows written.

    Only what has an ACLED event type is written: ACLED codes nothing else (talks, accusations, aid…).
    """
    known = articles or {}
    rows = (incident_row(i, known) for i in incidents if (i.get("acled") or {}).get("event_type")) \
        if incidents is not None else \
        (event_row(e, known.get(e.article_id, NO_ARTICLE)) for e in events if (e.acled or {}).get("event_type"))
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS + EXTRA_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        n += 1
    return n
