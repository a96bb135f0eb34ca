"""GDELT 2.0-style event and mention tables: tab-separated, the codebook's column names in its order.

The first 61 columns of ``events.tsv`` are GDELT 2.0's event table and the 16 of ``mentions.tsv`` its mentions
table; we fill what we know and leave the rest empty (docs/exports.md has the map). Unlike GDELT's files each
starts with a header line, and ``events.tsv`` carries a few ``sitreps_`` columns after GDELT's, so a row stands on
its own (outlet, title, publication date, our type and figures): ``cut -f1-61`` and ``tail -n +2`` give GDELT's
exact layout. ``GLOBALEVENTID`` is our event or incident id (a hex string, not GDELT's integer).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from ..model import Event
from .countries import country_name, fips
from .inputs import NO_ARTICLE, ArticleInfo, first_article

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
SITREPS_COLUMNS: tuple[str, ...] = (
    "sitreps_outlet", "sitreps_title", "sitreps_published", "sitreps_event_type", "sitreps_mode",
    "sitreps_killed_low", "sitreps_killed_best", "sitreps_killed_high", "sitreps_killed_disputed",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText",
    "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)
# CAMEO's quad classes by root code: 01-05 verbal cooperation, 06-08 material cooperation,
# 09-13 verbal conflict, 14-20 material conflict
_QUAD = {f"{root:02d}": 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 for root in range(1, 21)}
MENTION_WEB = 1


@dataclass(frozen=True, slots=True)
class Telling:
    """One mention: an event told in an article, with its offsets and the coder's confidence."""

    event_id: str
    article: ArticleInfo
    sentence: int | None
    actor1: int | None
    actor2: int | None
    action: int | None
    confidence: float | None


def _stamp(moment: date | datetime | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.strftime("%Y%m%d%H%M%S")
    return moment.strftime("%Y%m%d") + "000000"


def _dates(start: str | date | None) -> dict[str, Any]:
    if not start:
        return {}
    day = start if isinstance(start, date) else date.fromisoformat(str(start)[:10])
    fraction = day.year + (day.timetuple().tm_yday - 1) / 365
    return {"SQLDATE": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"), "Year": day.year,
            "FractionDate": f"{fraction:.4f}"}


def _actor(n: int, actors: list[Mapping[str, Any]]) -> dict[str, Any]:
    if not actors:
        return {}
    first = actors[0]
    code, sector = first.get("code") or "", first.get("sector") or ""
    p = f"Actor{n}"
    return {f"{p}Code": code + sector, f"{p}Name": (first.get("name") or "").upper(),
            f"{p}CountryCode": code if country_name(code) else "",
            f"{p}KnownGroupCode": code if code in ("IGO", "NGO", "TNA") else "", f"{p}Type1Code": sector}


def _geo(place: Mapping[str, Any] | None) -> dict[str, Any]:
    """ActionGeo_*: type 1 country, 4 world city, 5 world state (2 and 3 for US states and cities)."""
    if not place or not place.get("country"):
        return {}
    precision, us = place.get("precision"), place.get("country") == "USA"
    kind = 1 if precision in ("country", "region", "unknown", None) else (2 if us else 5) \
        if precision == "admin1" else (3 if us else 4)
    names = [place.get("name"), place.get("admin1") if kind != 1 else None, country_name(place.get("country"))]
    full = ", ".join(dict.fromkeys(str(n) for n in names if n))
    return {"ActionGeo_Type": kind, "ActionGeo_FullName": full, "ActionGeo_CountryCode": fips(place["country"]),
            "ActionGeo_Lat": place.get("lat"), "ActionGeo_Long": place.get("lon"),
            "ActionGeo_FeatureID": place.get("geonames_id")}


def _cameo(code: str | None) -> dict[str, Any]:
    if not code:
        return {}
    return {"EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
            "QuadClass": _QUAD.get(code[:2])}


def _killed(q: Mapping[str, Any] | None) -> dict[str, Any]:
    if not q:
        return {}
    return {"sitreps_killed_low": q.get("low"), "sitreps_killed_best": q.get("best"),
            "sitreps_killed_high": q.get("high"), "sitreps_killed_disputed": q.get("disputed")}


def _sitreps(article: ArticleInfo, event_type: str | None, mode: str | None) -> dict[str, Any]:
    return {"SOURCEURL": article.url, "DATEADDED": _stamp(article.ingested_at), "sitreps_outlet": article.outlet,
            "sitreps_title": article.title,
            "sitreps_published": article.published.isoformat() if article.published else None,
            "sitreps_event_type": event_type, "sitreps_mode": mode}


def event_row(event: Event, article: ArticleInfo) -> dict[str, Any]:
    record = event.to_dict()
    return {"GLOBALEVENTID": event.id, **_dates((record["date"] or {}).get("start")),
            **_actor(1, record["source"]), **_actor(2, record["target"]), "IsRootEvent": int(event.main),
            **_cameo(event.cameo), "NumMentions": 1, "NumSources": 1, "NumArticles": 1,
            **_geo(record["location"]), **_sitreps(article, event.event_type, event.mode),
            **_killed(record["quantities"].get("killed"))}


def event_telling(event: Event, article: ArticleInfo) -> Telling:
    return Telling(event.id, article, event.sentence, event.source[0].start if event.source else None,
                   event.target[0].start if event.target else None, event.evidence.start, event.confidence)


def incident_row(incident: Mapping[str, Any], articles: Mapping[str, ArticleInfo]) -> dict[str, Any]:
    article = first_article(list(incident.get("articles") or ()), articles)
    claims = list(incident.get("claims") or ())
    outlets = {c.get("outlet") or c.get("article_id") for c in claims}
    return {"GLOBALEVENTID": incident["id"], **_dates((incident.get("date") or {}).get("start")),
            **_actor(1, list(incident.get("source") or ())), **_actor(2, list(incident.get("target") or ())),
            "IsRootEvent": 1, **_cameo(incident.get("cameo")), "NumMentions": len(claims),
            "NumSources": len(incident.get("sources") or ()) or len(outlets),
            "NumArticles": len(incident.get("articles") or ()), **_geo(incident.get("location")),
            **_sitreps(article, incident.get("event_type"), incident.get("mode")),
            **_killed((incident.get("quantities") or {}).get("killed"))}


def incident_tellings(incident: Mapping[str, Any], articles: Mapping[str, ArticleInfo]) -> Iterator[Telling]:
    """Every claim of an incident (aggregate ones too) as a mention."""
    for claim in [*(incident.get("claims") or ()), *(incident.get("aggregate_claims") or ())]:
        article = articles.get(claim.get("article_id") or "") or ArticleInfo(claim.get("article_id") or "",
                                                                              outlet=claim.get("outlet"))
        evidence = claim.get("evidence") or {}
        yield Telling(incident["id"], article, None, None, None, evidence.get("start"), claim.get("confidence"))


def mention_row(telling: Telling, event_added: str) -> dict[str, Any]:
    a = telling.article
    title = (a.title or "").replace("<", "(").replace(">", ")")
    return {"GLOBALEVENTID": telling.event_id, "EventTimeDate": event_added,
            "MentionTimeDate": _stamp(a.published or a.ingested_at), "MentionType": MENTION_WEB,
            "MentionSourceName": a.outlet, "MentionIdentifier": a.url,
            "SentenceID": telling.sentence + 1 if telling.sentence is not None else None,  # GDELT counts from 1
            "Actor1CharOffset": telling.actor1 if telling.actor1 is not None else -1,
            "Actor2CharOffset": telling.actor2 if telling.actor2 is not None else -1,
            "ActionCharOffset": telling.action if telling.action is not None else -1, "InRawText": 1,
            "Confidence": round(telling.confidence * 100) if telling.confidence is not None else None,
            "MentionDocLen": a.length, "Extras": f"<PAGE_TITLE>{title}</PAGE_TITLE>" if a.title else None}


def _writer(out: IO[str], columns: tuple[str, ...]) -> Any:
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter="\t", lineterminator="\n",
                            quoting=csv.QUOTE_NONE, escapechar="\\", extrasaction="ignore")
    writer.writeheader()
    return writer


def _clean(row: Mapping[str, Any]) -> dict[str, Any]:
    """Tabs and newlines inside a value become spaces, as GDELT's own files have none."""
    return {k: ("" if v is None else " ".join(str(v).split()) if isinstance(v, str) else v) for k, v in row.items()}


def write_gdelt(events_out: IO[str], mentions_out: IO[str], events: Iterable[Event] = (),
                articles: Mapping[str, ArticleInfo] | None = None,
                incidents: Iterable[Mapping[str, Any]] | None = None) -> tuple[int, int]:
    """Write the event table (of incidents when given, else of events) and its mentions; return both counts."""
    known = articles or {}
    rows, mentions = _writer(events_out, EVENT_COLUMNS + SITREPS_COLUMNS), _writer(mentions_out, MENTION_COLUMNS)
    n_rows = n_mentions = 0
    if incidents is not None:
        pairs: Iterable[tuple[dict[str, Any], Iterable[Telling]]] = (
            (incident_row(i, known), incident_tellings(i, known)) for i in incidents)
    else:
        pairs = ((event_row(e, a), [event_telling(e, a)])
                 for e in events for a in [known.get(e.article_id, NO_ARTICLE)])
    for row, tellings in pairs:
        rows.writerow(_clean(row))
        n_rows += 1
        for telling in tellings:
            mentions.writerow(_clean(mention_row(telling, row.get("DATEADDED") or "")))
            n_mentions += 1
    return n_rows, n_mentions
