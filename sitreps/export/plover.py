"""PLOVER JSON records, one a line (the manual's "Data Fields" chapter: JSONL, named fields).

Our fields go to PLOVER's names where PLOVER has one (``actor``, ``recipient``, ``event``, ``event_loc``,
``event_text``, ``quad_code``, ``mode``, ``context``, ``dead``/``injured``/``arrested``, ``text_info``,
``cite_info``); everything else, the full sitreps record included, rides under the key ``sitreps``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from .. import __version__
from ..model import Event
from .countries import country_name
from .inputs import NO_ARTICLE, ArticleInfo, first_article

# the manual's quad table: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
QUAD = {**dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
        **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
        **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
        **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4)}
# the location object's resolution: 5 sub-city, 4 city, 3 district, 2 province, 1 country
RESOLUTION = {"point": 5, "city": 4, "admin1": 2, "country": 1}
SIZE = (("killed", "dead"), ("injured", "injured"), ("arrested", "arrested"))
CODEBOOK = "plover-2021"


def entity(actor: Mapping[str, Any]) -> dict[str, Any]:
    """An actor as PLOVER's entity object; ``identifier_text`` holds our canonical name."""
    out = {"code": actor.get("code"), "sector": actor.get("sector"), "identifier_text": actor.get("name")}
    if actor.get("text") is not None:
        out["entity_text"] = actor["text"]
    return out


def event_loc(place: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not place:
        return None
    return {"extracted_place": place.get("text"), "resolved_place": place.get("name"),
            "geonameid": place.get("geonames_id"), "lat": place.get("lat"), "lon": place.get("lon"),
            "province": place.get("admin1"), "country": country_name(place.get("country")),
            "country_code": place.get("country"), "resolution": RESOLUTION.get(place.get("precision") or "")}


def cite_info(article: ArticleInfo) -> dict[str, Any]:
    return {"url": article.url, "title": article.title, "publication": article.outlet, "language": article.lang,
            "coder": f"sitreps {__version__}", "codebook": CODEBOOK}


def article_dict(article: ArticleInfo) -> dict[str, Any]:
    return {"id": article.id or None, "url": article.url, "outlet": article.outlet, "title": article.title,
            "published": article.published.isoformat() if article.published else None}


def _dates(when: Mapping[str, Any] | None, article: ArticleInfo) -> dict[str, Any]:
    if not when:  # PLOVER requires a date: the publication date stands in, and sitreps.record says so
        return {"date": article.published.isoformat() if article.published else None}
    out = {"date": when.get("start")}
    if when.get("end") and when.get("end") != when.get("start"):
        out["enddate"] = when["end"]
    return out


def _size(quantities: Mapping[str, Any]) -> dict[str, Any]:
    return {ours: quantities[kind]["best"] for kind, ours in SIZE if quantities.get(kind)}


def plover_event(event: Event, article: ArticleInfo) -> dict[str, Any]:
    """One event telling as a PLOVER record."""
    record = event.to_dict()
    return {
        "id": event.id, "has_event": True, **_dates(record["date"], article),
        "actor": [entity(a) for a in record["source"]], "recipient": [entity(a) for a in record["target"]],
        "event": [event.event_type], "event_loc": event_loc(record["location"]),
        "event_text": [event.evidence.text], "quad_code": QUAD.get(event.event_type),
        "mode": [event.mode] if event.mode else [], "context": list(event.context), **_size(record["quantities"]),
        "text_info": {"sequence": event.sentence, "start": event.evidence.start, "end": event.evidence.end},
        "cite_info": cite_info(article),
        "sitreps": {"record": record, "article": article_dict(article)},
    }


def plover_incident(incident: Mapping[str, Any], articles: Mapping[str, ArticleInfo]) -> dict[str, Any]:
    """One incident as a PLOVER record: its tellings' evidence in ``event_text``, its earliest article cited."""
    article = first_article(list(incident.get("articles") or ()), articles)
    event_type = incident.get("event_type") or ""
    return {
        "id": incident["id"], "has_event": True, **_dates(incident.get("date"), article),
        "actor": [entity(a) for a in incident.get("source") or ()],
        "recipient": [entity(a) for a in incident.get("target") or ()],
        "event": [event_type] if event_type else [], "event_loc": event_loc(incident.get("location")),
        "event_text": [(c.get("evidence") or {}).get("text") for c in incident.get("claims") or ()],
        "quad_code": QUAD.get(event_type), "mode": [incident["mode"]] if incident.get("mode") else [],
        "context": [], **_size(incident.get("quantities") or {}), "cite_info": cite_info(article),
        "sitreps": {"incident": dict(incident), "article": article_dict(article),
                    "articles": [article_dict(articles.get(i, ArticleInfo(i))) for i in incident.get("articles") or ()]},
    }


def write_plover(out: IO[str], events: Iterable[Event] = (), articles: Mapping[str, ArticleInfo] | None = None,
                 incidents: Iterable[Mapping[str, Any]] | None = None) -> int:
    """PLOVER JSON Lines: of ``incidents`` when given, else of ``events``; return the records written."""
    known = articles or {}
    records = (plover_incident(i, known) for i in incidents) if incidents is not None else \
        (plover_event(e, known.get(e.article_id, NO_ARTICLE)) for e in events)
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
