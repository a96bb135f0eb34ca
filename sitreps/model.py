"""The data model: plain, frozen, picklable values. No spaCy objects in here.

Every value that was read from text keeps the character offsets of its words
(``start`` inclusive, ``end`` exclusive) into ``Article.text``, so a reader can
check it. ``Event.to_dict()`` gives the record of SCHEMA.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STANCES = ("asserted", "reported", "claimed", "denied")
MODALITIES = ("asserted", "negated", "planned", "threatened", "hypothetical")
DATE_PRECISIONS = ("day", "week", "month", "year", "range", "publication")
PLACE_PRECISIONS = ("point", "city", "admin1", "country", "region", "unknown")
QUANTITY_KINDS = ("killed", "injured", "arrested", "displaced", "targets", "munitions", "size")


def content_id(*parts: object) -> str:
    """A stable id from content, so every worker computes the same id for the same input."""
    payload = json.dumps(parts, separators=(",", ":"), sort_keys=True, default=str)
    return hashlib.sha1(payload.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One story as read, before any NLP. ``text`` is what every offset points into."""

    text: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    byline: str | None = None
    lang: str | None = None
    origin: str | None = None  # where it was read from: a path, "path#line", a feed entry
    id: str = field(default="", compare=False)
    country: str | None = None  # ISO3 of the country the story is known to be about (a focus country), if any

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.url, self.text))


@dataclass(frozen=True, slots=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A named thing in the text: from spaCy's NER or from the knowledge base."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, NORP, LOC, DATE… or KB kinds: COUNTRY, CAPITAL, IGO, GROUP, …
    kb_id: str | None = None  # the knowledge-base entry it matched, if any


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it, or to whom. ``code`` is ISO3, IGO, NGO or TNA; ``sector`` GOV, MIL, REB, CVL…"""

    text: str
    name: str
    code: str | None = None
    sector: str | None = None
    start: int | None = None
    end: int | None = None
    fuzzy: bool = False  # the name resolved only as a misspelling of a known one ("Hezbolah")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "name": self.name, "code": self.code, "sector": self.sector,
                               "start": self.start, "end": self.end}
        if self.fuzzy:
            out["fuzzy"] = True
        return out


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    name: str
    country: str | None = None  # ISO3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str = "unknown"
    reason: str = ""
    start: int | None = None
    end: int | None = None
    use: str = "literal"  # literal (in Aleppo), metonymic (Moscow said), adjectival (a U.S. official)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "admin1": self.admin1,
                "lat": self.lat, "lon": self.lon, "geonames_id": self.geonames_id,
                "precision": self.precision, "reason": self.reason, "start": self.start, "end": self.end,
                "use": self.use}


@dataclass(frozen=True, slots=True)
class When:
    """A resolved date or date range; ``text`` None means the publication-date fallback."""

    start: date
    end: date
    precision: str
    text: str | None = None
    span_start: int | None = None
    span_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "precision": self.precision, "span_start": self.span_start, "span_end": self.span_end}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count, ACLED-style: low / best / high. ``aggregate`` marks totals over a period or area."""

    low: int
    best: int
    high: int
    text: str
    start: int | None = None
    end: int | None = None
    aggregate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "best": self.best, "high": self.high, "text": self.text,
                "start": self.start, "end": self.end, "aggregate": self.aggregate}


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says the event happened, and how. ``claimant`` None is the outlet's own voice."""

    claimant: Actor | None
    stance: str  # one of STANCES
    text: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"claimant": self.claimant.to_dict() if self.claimant else None, "stance": self.stance,
                "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Event:
    """One event as one article tells it, attributed to whoever says so."""

    article_id: str
    sentence: int
    evidence: Evidence
    event_type: str  # one of PLOVER_TYPES
    trigger: str = ""  # the words that name the event ("struck", "air strikes")
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    acled: dict[str, Any] | None = None  # event_type, sub_event_type, inter1, inter2, interaction, …
    source: tuple[Actor, ...] = ()
    target: tuple[Actor, ...] = ()
    location: Place | None = None
    date: When | None = None
    quantities: dict[str, Quantity] = field(default_factory=dict)
    claim: Claim | None = None
    modality: str = "asserted"
    confidence: float = 0.5
    main: bool = False  # the sentence's main event: the one the coder is surest it reports
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(
                self.article_id, self.sentence, self.evidence.start, self.event_type, self.trigger,
                [a.name for a in self.source], [a.name for a in self.target],
                self.claim.claimant.name if self.claim and self.claim.claimant else None))

    def to_dict(self) -> dict[str, Any]:
        """The SCHEMA.md record, as plain JSON-able values."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "evidence": self.evidence.to_dict(),
            "event_type": self.event_type,
            "trigger": self.trigger,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "acled": dict(self.acled) if self.acled else None,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "location": self.location.to_dict() if self.location else None,
            "date": self.date.to_dict() if self.date else None,
            "quantities": {k: q.to_dict() for k, q in self.quantities.items()},
            "claim": self.claim.to_dict() if self.claim else None,
            "modality": self.modality,
            "confidence": round(self.confidence, 3),
            "main": self.main,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        """The inverse of ``to_dict``: what the store and the API read back."""

        def actor(a: dict[str, Any]) -> Actor:
            return Actor(a["text"], a["name"], a.get("code"), a.get("sector"), a.get("start"), a.get("end"),
                         bool(a.get("fuzzy", False)))

        loc, when, claim = d.get("location"), d.get("date"), d.get("claim")
        return cls(
            article_id=d["article_id"],
            sentence=d["sentence"],
            evidence=Evidence(**d["evidence"]),
            event_type=d["event_type"],
            trigger=d.get("trigger", ""),
            mode=d.get("mode"),
            context=tuple(d.get("context") or ()),
            cameo=d.get("cameo"),
            acled=d.get("acled"),
            source=tuple(actor(a) for a in d.get("source") or ()),
            target=tuple(actor(a) for a in d.get("target") or ()),
            location=Place(**loc) if loc else None,
            date=When(date.fromisoformat(when["start"]), date.fromisoformat(when["end"]), when["precision"],
                      when.get("text"), when.get("span_start"), when.get("span_end")) if when else None,
            quantities={k: Quantity(**q) for k, q in (d.get("quantities") or {}).items()},
            claim=Claim(actor(claim["claimant"]) if claim.get("claimant") else None, claim["stance"],
                        claim.get("text"), claim.get("start"), claim.get("end")) if claim else None,
            modality=d.get("modality", "asserted"),
            confidence=d.get("confidence", 0.5),
            main=d.get("main", False),
            id=d.get("id", ""),
        )


@dataclass(frozen=True, slots=True)
class Failure:
    """What a stage records instead of crashing a ten-million-article run."""

    stage: str
    item_id: str
    error: str  # a short machine-readable kind: "empty", "binary", "too-large", "encoding", exception name…
    message: str  # what a person reads
    origin: str | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "item_id": self.item_id, "error": self.error, "message": self.message,
                "origin": self.origin, "at": self.at.isoformat()}


@dataclass(frozen=True, slots=True)
class Coded:
    """The packet that leaves the NLP stage: an article and everything read from it, as plain values."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
