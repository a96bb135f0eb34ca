"""The incident record: one real-world incident, every telling of it kept as a claim.

``Incident.to_dict()`` gives the shape the other parts of sitreps (exports, summaries) and outside readers
rely on; ``Incident.from_dict`` reads it back from the store's ``incidents.record`` column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model import Evidence, content_id


def incident_id(event_ids: list[str] | tuple[str, ...] | set[str]) -> str:
    """The id of an incident: a content hash of its sorted event ids, so it stays put while its tellings do."""
    return content_id("incident", *sorted(event_ids))


@dataclass(frozen=True, slots=True)
class ActorCount:
    """An actor named by the tellings, and how many tellings name it."""

    name: str
    code: str | None
    sector: str | None
    tellings: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "code": self.code, "sector": self.sector, "tellings": self.tellings}


@dataclass(frozen=True, slots=True)
class IncidentPlace:
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "admin1": self.admin1, "lat": self.lat,
                "lon": self.lon, "precision": self.precision, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class IncidentDate:
    start: date
    end: date
    precision: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision}


@dataclass(frozen=True, slots=True)
class Figure:
    """A merged count: ``best`` by the rule in merge.py, ``low``/``high`` spanning every claim."""

    low: int
    best: int
    high: int
    disputed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "best": self.best, "high": self.high, "disputed": self.disputed}


@dataclass(frozen=True, slots=True)
class Claimant:
    name: str
    code: str | None
    sector: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "code": self.code, "sector": self.sector}


@dataclass(frozen=True, slots=True)
class IncidentClaim:
    """One telling: which event, in which article and outlet, who says so, and the figures it gives."""

    event_id: str
    article_id: str
    outlet: str | None
    claimant: Claimant | None
    stance: str
    modality: str
    quantities: dict[str, tuple[int, int, int]]
    evidence: Evidence
    confidence: float
    reliability: float | None = None  # the article's reliability (provenance): claims are ranked by it

    def to_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "article_id": self.article_id, "outlet": self.outlet,
                "reliability": self.reliability,
                "claimant": self.claimant.to_dict() if self.claimant else None, "stance": self.stance,
                "modality": self.modality,
                "quantities": {k: {"low": lo, "best": b, "high": hi} for k, (lo, b, hi) in self.quantities.items()},
                "evidence": self.evidence.to_dict(), "confidence": round(self.confidence, 3)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IncidentClaim:
        who = d.get("claimant")
        return cls(d["event_id"], d["article_id"], d.get("outlet"),
                   Claimant(who["name"], who.get("code"), who.get("sector")) if who else None,
                   d.get("stance") or "asserted", d.get("modality") or "asserted",
                   {k: (q["low"], q["best"], q["high"]) for k, q in (d.get("quantities") or {}).items()},
                   Evidence(**d["evidence"]), float(d.get("confidence", 0.5)), d.get("reliability"))


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world incident, merged from its tellings (see docs/incidents.md for the rules)."""

    id: str
    event_type: str
    mode: str | None = None
    cameo: str | None = None
    acled: dict[str, Any] | None = None
    source: tuple[ActorCount, ...] = ()
    target: tuple[ActorCount, ...] = ()
    location: IncidentPlace | None = None
    date: IncidentDate | None = None
    quantities: dict[str, Figure] = field(default_factory=dict)
    claims: tuple[IncidentClaim, ...] = ()
    aggregate_claims: tuple[IncidentClaim, ...] = ()
    articles: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    story: str | None = None  # the incidents of one story (the articles grouped together) share this id

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "event_type": self.event_type, "mode": self.mode, "cameo": self.cameo,
            "acled": dict(self.acled) if self.acled else None,
            "source": [a.to_dict() for a in self.source], "target": [a.to_dict() for a in self.target],
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "quantities": {k: f.to_dict() for k, f in self.quantities.items()},
            "claims": [c.to_dict() for c in self.claims],
            "aggregate_claims": [c.to_dict() for c in self.aggregate_claims],
            "articles": list(self.articles), "sources": list(self.sources),
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "story": self.story,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        def actors(rows: list[dict[str, Any]] | None) -> tuple[ActorCount, ...]:
            return tuple(ActorCount(a["name"], a.get("code"), a.get("sector"), int(a.get("tellings", 1)))
                         for a in rows or ())

        loc, when = d.get("location"), d.get("date")

        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            id=d["id"], event_type=d["event_type"], mode=d.get("mode"), cameo=d.get("cameo"),
            acled=d.get("acled"), source=actors(d.get("source")), target=actors(d.get("target")),
            location=IncidentPlace(**loc) if loc else None,
            date=IncidentDate(date.fromisoformat(when["start"]), date.fromisoformat(when["end"]),
                              when["precision"]) if when else None,
            quantities={k: Figure(q["low"], q["best"], q["high"], bool(q.get("disputed")))
                        for k, q in (d.get("quantities") or {}).items()},
            claims=tuple(IncidentClaim.from_dict(c) for c in d.get("claims") or ()),
            aggregate_claims=tuple(IncidentClaim.from_dict(c) for c in d.get("aggregate_claims") or ()),
            articles=tuple(d.get("articles") or ()), sources=tuple(d.get("sources") or ()),
            first_seen=day(d.get("first_seen")), last_seen=day(d.get("last_seen")), story=d.get("story"),
        )
