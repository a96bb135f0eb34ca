"""Merging the tellings of one incident into its record. Figures are never averaged.

- ``best``: the figure the most independent sources give (distinct outlets; an article without an outlet is
  its own source; a wire copy counts with its original), ties and the case of one source each going to the
  lowest (ACLED's conservative rule). Denied, negated and hypothetical tellings are claims, not support. A
  floor ("at least 16") half-supports every figure at or above it: a fuller later count is no contradiction.
- ``low``/``high`` span every claim's own low and high.
- ``disputed``: two credible claims disagree beyond rounding (``agree``), a count is under another's floor,
  or a denial gives a figure.
- the place: the most precise place that the tellings agree on (see ``merged_place``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import Event, Place, Quantity
from .model import (
    ActorCount,
    Claimant,
    Figure,
    Incident,
    IncidentClaim,
    IncidentDate,
    IncidentPlace,
    incident_id,
)
from .telling import Telling

_PRECISE = ("point", "city")
_RANK = {"point": 0, "city": 1, "admin1": 2, "country": 3, "region": 4, "unknown": 5}
_DATE_RANK = {"day": 0, "range": 1, "week": 2, "month": 3, "publication": 4, "year": 5}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def agree(a: int, b: int) -> bool:
    """Two figures agree when equal, or when the larger is at least 10, they are within 10% of it and one of
    them is a round number (a multiple of 5): "about 50" and 48 are one figure told with rounding."""
    if a == b:
        return True
    big = max(a, b)
    return big >= 10 and abs(a - b) <= 0.1 * big and (a % 5 == 0 or b % 5 == 0)


def credible(event: Event) -> bool:
    """A telling whose figures support a count: not denied, negated or hypothetical."""
    stance = event.claim.stance if event.claim else "asserted"
    return stance != "denied" and event.modality in ("asserted", "reported")


def figure(tellings: Sequence[Telling], kind: str, min_confidence: float = 0.5) -> Figure | None:
    """The merged count of one kind (killed, injured…) over the tellings that give it. Support for ``best``
    comes from the credible tellings at ``min_confidence`` or more (from every credible one if none is)."""
    told = [(t, t.event.quantities[kind]) for t in tellings if kind in t.event.quantities]
    if not told:
        return None
    low = min(q.low for _, q in told)
    high = max(q.high for _, q in told)
    sure = [(t, q) for t, q in told if credible(t.event) and t.event.confidence >= min_confidence]
    sources: dict[int, set[str]] = defaultdict(set)
    floors: dict[int, set[str]] = defaultdict(set)  # "at least N": a floor, not a count
    for t, q in sure or told:
        if credible(t.event):
            (floors if lower_bound(q) else sources)[q.best].add(t.source_key or t.event.article_id)
    if sources or floors:
        best = min({*sources, *floors}, key=lambda value: (-_support(value, sources, floors), value))
    else:
        best = min(q.best for _, q in told)
    values = sorted(sources)
    disputed = any(not agree(a, b) and not _ranges_meet(told, a, b) for a in values for b in values if a < b)
    disputed = disputed or any(v < f for v in values for f in floors)  # a count under another's floor
    disputed = disputed or any(not credible(t.event) for t, _ in told)
    return Figure(low, best, high, disputed)


_FLOOR = re.compile(r"\b(at least|more than|over|upwards of|no fewer than|not less than|as many as)\b",
                    re.IGNORECASE)


def lower_bound(q: Quantity) -> bool:
    """Whether a count is told as a floor ("at least 12", "more than 40"): it does not contradict a higher one."""
    return q.low == q.high and bool(_FLOOR.search(q.text or ""))


def _support(value: int, sources: dict[int, set[str]], floors: dict[int, set[str]]) -> float:
    """How many independent sources give a figure: 1 each for those who count it, a half for each other source
    whose floor it is above or at ("at least 16" half supports 17: a later, fuller count)."""
    exact = sources.get(value, set())
    under = {key for floor, keys in floors.items() if floor <= value for key in keys} - exact
    return len(exact) + 0.5 * len(under)


def _ranges_meet(told: Sequence[tuple[Telling, object]], a: int, b: int) -> bool:
    """Whether some claim giving ``a`` has a range reaching ``b`` or the reverse ("at least 10" and 12)."""
    for _, q in told:
        lo, best, hi = q.low, q.best, q.high  # type: ignore[attr-defined]
        hi = max(a, b) if lower_bound(q) else hi  # type: ignore[arg-type]
        if best in (a, b) and lo <= min(a, b) and hi >= max(a, b):
            return True
    return False


def _actors(tellings: Sequence[Telling], side: str) -> tuple[ActorCount, ...]:
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str | None, str | None]] = {}
    for t in tellings:
        seen: set[str] = set()
        for a in getattr(t.event, side):
            key = (a.code or "") + "|" + a.name.lower()
            if key not in seen:
                seen.add(key)
                counts[key] += 1
                first.setdefault(key, (a.name, a.code, a.sector))
    return tuple(ActorCount(*first[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def merged_place(places: Sequence[Place], max_km: float = 25.0) -> IncidentPlace | None:
    """The most precise place the tellings agree on: the country most of them give; then, in it, the most
    told point or city place when every precise place lies within ``max_km`` of it, else the admin1 area
    they share, else the country."""
    located = [p for p in places if p.country]
    if not located:
        return None
    countries = Counter(p.country for p in located)
    country, n_country = countries.most_common(1)[0]
    inside = [p for p in located if p.country == country]
    precise = [p for p in inside if p.precision in _PRECISE and p.lat is not None and p.lon is not None]
    note = f"{n_country} of {len(located)} placed tellings in {country}"
    if precise:
        names = Counter(p.name for p in precise)
        name, n = names.most_common(1)[0]
        top = min((p for p in precise if p.name == name), key=lambda p: _RANK.get(p.precision, 9))
        far = [p for p in precise if haversine_km(top.lat, top.lon, p.lat, p.lon) > max_km]  # type: ignore[arg-type]
        if not far:
            others = len(precise) - n
            tail = f"; {others} other precise places within {max_km:g} km" if others else ""
            return IncidentPlace(top.name, country, top.admin1, top.lat, top.lon, top.precision,
                                 f"{note}; {n} name {top.name}{tail}")
    admins = Counter(p.admin1 for p in inside if p.admin1 and p.precision != "country")
    if len(admins) == 1:
        admin, n = admins.most_common(1)[0]
        why = "the precise places disagree" if precise else "none more precise"
        told = next((p for p in inside if p.precision == "admin1" and p.admin1 == admin and p.lat is not None), None)
        return IncidentPlace(admin, country, admin, told.lat if told else None, told.lon if told else None, "admin1",
                             f"{note}; {n} in {admin}; {why}")
    reason = f"{note}; the precise places disagree" if precise else f"{note}; none more precise"
    # the country's own point, as a telling placed at country precision gives it (a representative point)
    whole = next((p for p in inside if p.precision == "country" and p.lat is not None and p.lon is not None), None)
    return IncidentPlace(whole.name if whole else str(country), country, None, whole.lat if whole else None,
                         whole.lon if whole else None, "country", reason)


def merged_date(tellings: Sequence[Telling]) -> IncidentDate | None:
    """The most precise date told: the day most day-precision tellings give (the span of all of them when they
    disagree, as a range), else the narrowest coarser date."""
    dates = [t.event.date for t in tellings if t.event.date is not None]
    if not dates:
        return None
    days = [d for d in dates if d.precision == "day"]
    if days:
        counts = Counter(d.start for d in days)
        day, n = counts.most_common(1)[0]
        if n * 2 > len(days) or len(counts) == 1:
            return IncidentDate(day, day, "day")
        return IncidentDate(min(d.start for d in days), max(d.end for d in days), "range")
    best = min(dates, key=lambda d: (_DATE_RANK.get(d.precision, 9), (d.end - d.start).days))
    return IncidentDate(best.start, best.end, best.precision)


def claim_of(t: Telling) -> IncidentClaim:
    e = t.event
    who = e.claim.claimant if e.claim else None
    return IncidentClaim(
        e.id, e.article_id, t.outlet, Claimant(who.name, who.code, who.sector) if who else None,
        e.claim.stance if e.claim else "asserted", e.modality,
        {k: (q.low, q.best, q.high) for k, q in e.quantities.items()}, e.evidence, e.confidence, t.reliability)


def _ranked(tellings: Sequence[Telling]) -> list[Telling]:
    """Claims in order of their article's reliability (provenance: copies, stitched and spun pages rank
    lower), most reliable first; never dropped. Without provenance, in the order the tellings were read."""
    return sorted(tellings, key=lambda t: -(t.reliability if t.reliability is not None else 1.0))


def _most(values: Sequence[str | None]) -> str | None:
    told = Counter(v for v in values if v)
    return min(told, key=lambda v: (-told[v], v)) if told else None


def _placing(tellings: Sequence[Telling]) -> list[Place]:
    """The places an incident is placed by: those of the tellings whose sentence gives its own date, where any
    has a place (a sentence that only goes on about the lede's act, "the wounded were taken to hospital in
    X", does not move it), else every telling's."""
    own = [t.event.location for t in tellings if t.own_date and t.event.location is not None]
    return own or [t.event.location for t in tellings if t.event.location is not None]


def merge(tellings: Sequence[Telling], aggregates: Sequence[Telling] = (), *, max_km: float = 25.0,
          min_confidence: float = 0.5) -> Incident:
    """The incident record of these tellings; ``aggregates`` are the totals that cover it, kept apart."""
    order = sorted(tellings, key=lambda t: (t.event.article_id, t.event.sentence, t.event.evidence.start, t.event.id))
    events = [t.event for t in order]
    event_type = _most([e.event_type for e in events]) or events[0].event_type
    typed = [e for e in events if e.event_type == event_type]
    acled = next((e.acled for e in typed if e.acled), None)
    kinds = sorted({k for e in events for k in e.quantities})
    quantities = {k: f for k in kinds if (f := figure(order, k, min_confidence)) is not None}
    outlets: dict[str, str] = {}  # one name per independent source: its key is the original's outlet
    for t in order:
        outlets.setdefault(t.source_key or t.event.article_id, t.source_key or t.outlet or t.event.article_id)
    published = [t.published for t in order if t.published]
    return Incident(
        id=incident_id([e.id for e in events]), event_type=event_type, mode=_most([e.mode for e in typed]),
        cameo=_most([e.cameo for e in typed]),
        acled={"event_type": acled.get("event_type"), "sub_event_type": acled.get("sub_event_type")}
        if acled else None,
        source=_actors(order, "source"), target=_actors(order, "target"),
        location=merged_place(_placing(order), max_km),
        date=merged_date(order), quantities=quantities,
        claims=tuple(claim_of(t) for t in _ranked(order)),
        aggregate_claims=tuple(claim_of(t) for t in sorted(aggregates, key=lambda t: t.event.id)),
        articles=tuple(sorted({e.article_id for e in events})), sources=tuple(sorted(set(outlets.values()))),
        first_seen=min(published) if published else None, last_seen=max(published) if published else None,
    )
