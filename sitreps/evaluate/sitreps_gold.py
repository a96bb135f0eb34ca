"""Gold in sitreps' own shape, and the per-field scoring that ACLED and PLOVER JSON gold share.

A sitreps gold file is JSON Lines, one record a line::

    {"id": "r1", "text": "...", "published": "2024-05-02",
     "events": [{"event_type": "ASSAULT", "source": ["RUS"], "target": ["UKR"], "country": "UKR",
                 "place": "Kharkiv", "lat": 49.99, "lon": 36.23, "date": "2024-05-01", "killed": 3,
                 "claimant": "Ukrainian Air Force", "stance": "claimed"}]}

Every event field is optional; an event is scored on the fields it gives. ``"claimant": null`` means
the outlet's own voice (that is a value, and it is scored); leaving the key out means not annotated.

Scoring: per record, gold and predicted events are paired one to one, greedily by best agreement (same
PLOVER type counts most, then each other field that agrees); pairs must agree on something. Event type is
scored over all events (an unpaired predicted event is a false positive). Every other field is scored on
the gold events that give it: right on the paired event is a true positive; a different value is a false
positive and a false negative; no value, or no paired event, is a false negative.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Actor, Event
from .score import Counts, GoldRecord, Predicted, RecordScore, match_counts

logger = logging.getLogger(__name__)

GOLD = "gold"  # the GoldRecord.meta key that holds a format's own gold events
OUTLET = "(outlet)"  # the claimant value for the outlet's own voice
KM = 161.0  # Acc@161km: within 100 miles, as in geoparsing evaluations
COORDS = "Acc@161km"


@dataclass(frozen=True, slots=True)
class NamedActor:
    """A gold actor by name, with the sector and country a generic name implies ("Police Forces of India")."""

    name: str
    sector: str | None = None
    country: str | None = None  # ISO3

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sector": self.sector, "country": self.country}


@dataclass(frozen=True, slots=True)
class FieldGold:
    """One gold event as field name → value; only the fields the data annotates are present."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: _plain(v) for k, v in self.values.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value.isoformat() if isinstance(value, date) else value


# ---------------------------------------------------------------- matching values


def normal_name(text: str) -> str:
    """Lower case, no parentheses, no leading article, single spaces."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text.casefold())
    text = re.sub(r"[^\w\s-]", " ", text)
    text = re.sub(r"^\s*(the|a|an)\s+", "", text)
    return " ".join(text.split())


def names_match(gold: str, candidates: Sequence[str | None], threshold: float = 85.0) -> bool:
    """Whether a gold name matches any candidate (name or text): rapidfuzz token-sort ratio ≥ threshold,
    or the shorter's words are all in the longer and make at least half of it. ACLED's "Short - Long"
    names are tried whole and by their short part."""
    return any(_name_match(normal_name(g), candidates, threshold) for g in {gold, gold.split(" - ")[0]})


def _name_match(g: str, candidates: Sequence[str | None], threshold: float) -> bool:
    from rapidfuzz import fuzz

    if not g:
        return False
    for candidate in candidates:
        c = normal_name(candidate or "")
        if not c:
            continue
        if fuzz.token_sort_ratio(g, c) >= threshold:
            return True
        small, large = sorted((set(g.split()), set(c.split())), key=len)
        if small <= large and 2 * len(small) >= len(large):
            return True
    return False


def actor_matches(gold: NamedActor, actor: Actor) -> bool:
    """By name, or by the sector (and country) a generic gold name implies."""
    if names_match(gold.name, (actor.name, actor.text)):
        return True
    return bool(gold.sector and actor.sector == gold.sector
                and (gold.country is None or actor.code in (None, gold.country)))


def code_matches(gold: str, actor: Actor) -> bool:
    """A gold code is the actor's code, or its code and sector run together (``RUSMIL``)."""
    return bool(actor.code) and gold.upper() in {actor.code, f"{actor.code}{actor.sector or ''}"}


@lru_cache(maxsize=4096)
def country_iso3(name: str | None) -> str | None:
    """ISO3 for a country name, alpha-2/3 or numeric code, via pycountry; None when unknown."""
    import pycountry

    if not name or not str(name).strip():
        return None
    value = str(name).strip()
    if value.isdigit():
        found = pycountry.countries.get(numeric=value.zfill(3))
        return found.alpha_3 if found else None
    try:
        return pycountry.countries.lookup(value).alpha_3
    except LookupError:
        pass
    try:
        return pycountry.countries.search_fuzzy(value)[0].alpha_3
    except LookupError:
        logger.debug("no country for %r", value)
        return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def killed(event: Event) -> int:
    """The event's best killed count; no count is 0."""
    q = event.quantities.get("killed")
    return q.best if q else 0


def within(gold: int, predicted: int, share: float = 0.2) -> bool:
    return abs(predicted - gold) <= share * gold


# ---------------------------------------------------------------- fields

Getter = Callable[[Event], Any]
Judge = Callable[[Any, Any], Counts]


def _scalar(same: Callable[[Any, Any], bool]) -> Judge:
    def judge(gold: Any, predicted: Any) -> Counts:
        if predicted is None:
            return Counts(fn=1)
        return Counts(tp=1) if same(gold, predicted) else Counts(fp=1, fn=1)
    return judge


def _actors(same: Callable[[Any, Any], bool]) -> Judge:
    def judge(gold: Any, predicted: Any) -> Counts:
        return match_counts(list(gold), list(predicted or ()), same)
    return judge


def _place_same(gold: str, place: Any) -> bool:
    return names_match(gold, (place.name, place.text, place.admin1))


def _day_same(gold: date, when: Any) -> bool:
    return bool(when.start == gold and when.end == gold)


def _coords(event: Event) -> tuple[float, float] | None:
    loc = event.location
    return (loc.lat, loc.lon) if loc and loc.lat is not None and loc.lon is not None else None


def _near(gold: tuple[float, float], predicted: tuple[float, float]) -> bool:
    return haversine_km(*gold, *predicted) <= KM


def _claimant(event: Event) -> Any:
    return event.claim.claimant if event.claim and event.claim.claimant else OUTLET


def _claimant_same(gold: str, predicted: Any) -> bool:
    if gold == OUTLET or predicted == OUTLET:
        return gold == predicted
    return (predicted.code or "") == gold.upper() or names_match(gold, (predicted.name, predicted.text))


def _fold(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _acled(key: str) -> Getter:
    return lambda e: (e.acled or {}).get(key) or None


def _eq(a: Any, b: Any) -> bool:
    return bool(a == b)


FIELDS: dict[str, tuple[Getter, Judge]] = {
    "event_type": (lambda e: e.event_type, _scalar(_eq)),
    "mode": (lambda e: e.mode, _scalar(_fold)),
    "context": (lambda e: e.context, _actors(_fold)),
    "acled event_type": (_acled("event_type"), _scalar(_fold)),
    "acled sub_event_type": (_acled("sub_event_type"), _scalar(_fold)),
    "acled inter1": (lambda e: (e.acled or {}).get("inter1"), _scalar(_eq)),
    "acled inter2": (lambda e: (e.acled or {}).get("inter2"), _scalar(_eq)),  # 0: no second actor
    "acled interaction": (_acled("interaction"), _scalar(_eq)),
    "fatalities": (lambda e: (e.acled or {}).get("fatalities", killed(e)), _scalar(_eq)),
    "source code": (lambda e: e.source, _actors(code_matches)),
    "target code": (lambda e: e.target, _actors(code_matches)),
    "source country": (lambda e: e.source, _actors(lambda g, a: a.code == g)),
    "target country": (lambda e: e.target, _actors(lambda g, a: a.code == g)),
    "source actor": (lambda e: e.source, _actors(actor_matches)),
    "target actor": (lambda e: e.target, _actors(actor_matches)),
    "country": (lambda e: e.location.country if e.location else None, _scalar(_eq)),
    "place": (lambda e: e.location, _scalar(_place_same)),
    COORDS: (_coords, _scalar(_near)),
    "date": (lambda e: e.date, _scalar(_day_same)),
    "killed": (killed, _scalar(_eq)),
    "killed ±20%": (killed, _scalar(within)),
    "claimant": (_claimant, _scalar(_claimant_same)),
    "stance": (lambda e: e.claim.stance if e.claim else None, _scalar(_fold)),
}


def compare(gold: FieldGold, event: Event | None) -> dict[str, Counts]:
    """Counts per gold field against one predicted event (None: the gold event went unpaired)."""
    out: dict[str, Counts] = {}
    for name, value in gold.values.items():
        if name not in FIELDS or name == "event_type":
            continue
        getter, judge = FIELDS[name]
        out[name] = judge(value, getter(event) if event is not None else None)
    return out


def agreement(gold: FieldGold, event: Event) -> int:
    """How well a predicted event fits a gold one: 3 for the same type, 1 for each other field right."""
    same_type = 3 * (gold.values.get("event_type") == event.event_type)
    return same_type + sum(1 for c in compare(gold, event).values() if c.tp)


def pair(golds: Sequence[FieldGold], events: Sequence[Event]) -> dict[int, int]:
    """Gold index → predicted index, one to one, best agreement first; pairs must agree on something."""
    scored = sorted(((agreement(g, e), gi, ei) for gi, g in enumerate(golds) for ei, e in enumerate(events)),
                    key=lambda t: (-t[0], t[1], t[2]))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for score, gi, ei in scored:
        if score > 0 and gi not in pairs and ei not in used:
            pairs[gi] = ei
            used.add(ei)
    return pairs


def score_fields(record: GoldRecord, predicted: Sequence[Predicted]) -> RecordScore:
    """Score one record whose ``meta["gold"]`` holds ``FieldGold`` events."""
    golds: Sequence[FieldGold] = record.meta.get(GOLD, ())
    events = [p.event for p in predicted if p.event is not None]
    pairs = pair(golds, events)
    counts: dict[str, Counts] = {}
    per_type: dict[str, Counts] = {}
    distances: list[float] = []
    typed = any("event_type" in g.values for g in golds) or not golds
    if typed:
        counts["event_type"] = Counts()
    detail: list[dict[str, Any]] = []
    for gi, gold in enumerate(golds):
        event = events[pairs[gi]] if gi in pairs else None
        for name, c in compare(gold, event).items():
            counts[name] = counts.get(name, Counts()) + c
        gtype = gold.values.get("event_type")
        if gtype:
            right = event is not None and event.event_type == gtype
            c = Counts(tp=1) if right else Counts(fn=1)
            counts["event_type"] += c
            per_type[gtype] = per_type.get(gtype, Counts()) + c
        where = _coords(event) if event is not None else None
        if "Acc@161km" in gold.values and where:
            (glat, glon), (plat, plon) = gold.values[COORDS], where
            distances.append(round(haversine_km(glat, glon, plat, plon), 1))
        detail.append({"gold": gold.to_dict(),
                       "predicted": None if event is None else _seen(event, gold)})
    paired_types = {ei: golds[gi].values.get("event_type") for gi, ei in pairs.items()}
    for ei, event in enumerate(events):
        if ei in paired_types and paired_types[ei] in (event.event_type, None):
            continue  # right, or paired with a gold event that has no type
        if typed:
            counts["event_type"] += Counts(fp=1)
            per_type[event.event_type] = per_type.get(event.event_type, Counts()) + Counts(fp=1)
    unpaired = [_seen(e, None) for ei, e in enumerate(events) if ei not in paired_types]
    return RecordScore(record.id, counts, per_type=per_type,
                       values={"distance_km": tuple(distances)} if distances else {},
                       detail={"events": detail, "unpaired_predicted": unpaired})


def _seen(event: Event, gold: FieldGold | None) -> dict[str, Any]:
    """The predicted values of the fields a gold event gives (all, for an unpaired event: type and evidence)."""
    out: dict[str, Any] = {"event_type": event.event_type, "evidence": event.evidence.text}
    for name in (gold.values if gold else ()):
        if name in FIELDS and name != "event_type":
            out[name] = _plain(_shown(FIELDS[name][0](event)))
    return out


def _shown(value: Any) -> Any:
    if isinstance(value, Actor):
        return {"name": value.name, "code": value.code, "sector": value.sector}
    if isinstance(value, tuple):
        return [_shown(v) for v in value]
    return value.to_dict() if hasattr(value, "to_dict") else value


# ---------------------------------------------------------------- the sitreps gold reader


def gold_event(raw: Mapping[str, Any]) -> FieldGold:
    """A SCHEMA-like gold event dict as ``FieldGold``."""
    values: dict[str, Any] = {}
    if raw.get("event_type"):
        values["event_type"] = str(raw["event_type"]).upper()
    if raw.get("mode"):
        values["mode"] = str(raw["mode"])
    for side in ("source", "target"):
        codes = [c.get("code") if isinstance(c, Mapping) else c for c in _listed(raw.get(side))]
        if codes := [str(c) for c in codes if c]:
            values[f"{side} code"] = tuple(codes)
    if raw.get("country"):
        values["country"] = country_iso3(str(raw["country"])) or str(raw["country"]).upper()
    if raw.get("place"):
        values["place"] = str(raw["place"])
    if raw.get("lat") is not None and raw.get("lon") is not None:
        values[COORDS] = (float(raw["lat"]), float(raw["lon"]))
    if raw.get("date"):
        values["date"] = date.fromisoformat(str(raw["date"])[:10])
    if raw.get("killed") is not None:
        values["killed"] = values["killed ±20%"] = int(raw["killed"])
    if "claimant" in raw:
        claimant = raw["claimant"]
        values["claimant"] = OUTLET if claimant is None else str(
            claimant.get("code") or claimant.get("name") if isinstance(claimant, Mapping) else claimant)
    if raw.get("stance"):
        values["stance"] = str(raw["stance"])
    return FieldGold(values)


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def parse_sitreps_gold(lines: Iterator[str] | Sequence[str], *, origin: str = "gold") -> Iterator[GoldRecord]:
    """Gold records from sitreps gold JSON Lines; bad lines are logged and skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            published = date.fromisoformat(str(raw["published"])[:10]) if raw.get("published") else None
            events = tuple(gold_event(e) for e in raw.get("events") or ())
            yield GoldRecord(str(raw.get("id") or f"{origin}:{number}"), str(raw["text"]), published, (),
                             {GOLD: events}, ("fields",))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            logger.warning("%s:%d: not a sitreps gold record (%s), skipped", origin, number, error)


def read_sitreps_gold(path: str | Path) -> Iterator[GoldRecord]:
    """Gold records from a ``.jsonl`` file, or every ``*.jsonl`` in a folder."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no *.jsonl file in {path}")
    for file in files:
        with file.open(encoding="utf-8") as lines:
            yield from parse_sitreps_gold(lines, origin=file.stem)
