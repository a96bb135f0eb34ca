"""Placing tellings into incidents, one article at a time, in the order the articles were published.

An article's anchor tellings (``Telling.anchors``) of one family whose places and dates can meet form one
unit; the unit joins the stored or new incident it scores best with (at least ``Settings.join``), or starts
one. Its other tellings of that family follow the unit (they add claims, never an article to an incident);
those that match no unit stay out. Aggregate tellings never join: they are linked to every incident they
cover afterwards (``covers``). Candidates come from an index by family, country and week, so a telling is
only compared with incidents in its country (or unplaced) whose dates can meet its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from .merge import haversine_km
from .score import Group, Rarity, compatible, score
from .settings import Settings
from .telling import Telling


def _weeks(window: tuple[date, date] | None) -> Iterator[int | None]:
    if window is None:
        yield None
        return
    first, last = window[0].toordinal() // 7, window[1].toordinal() // 7
    yield from range(first, last + 1)


class Index:
    """Groups by family, country and week of their date window (``None`` for an undated or unplaced group)."""

    def __init__(self) -> None:
        self._by: dict[tuple[str, str | None], dict[int | None, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.groups: dict[int, Group] = {}
        self._keys: dict[int, tuple[tuple[str, str | None], list[int | None]]] = {}

    def add(self, group: Group) -> None:
        key = id(group)
        self.groups[key] = group
        block = (group.family, group.country)
        weeks = list(_weeks(group.window))
        self._keys[key] = (block, weeks)
        for week in weeks:
            self._by[block][week].add(key)

    def remove(self, group: Group) -> None:
        key = id(group)
        block, weeks = self._keys.pop(key, ((group.family, None), []))
        for week in weeks:
            self._by[block][week].discard(key)
        self.groups.pop(key, None)

    def candidates(self, unit: Group) -> Iterator[Group]:
        if unit.country is None:  # an unplaced telling may join an incident in any country
            blocks = [b for b in self._by if b[0] == unit.family]
        else:
            blocks = [(unit.family, unit.country), (unit.family, None)]
        keys: set[int] = set()
        for block in blocks:
            buckets = self._by.get(block)
            if not buckets:
                continue
            if unit.window is None:
                keys |= {k for ks in buckets.values() for k in ks}
                continue
            keys |= buckets.get(None, set())
            for week in _weeks(unit.window):
                keys |= buckets.get(week, set())
        for key in sorted(keys):
            yield self.groups[key]


@dataclass
class Placement:
    """What a build decided: the groups (stored ones it loaded and new ones) and the tellings left out."""

    groups: list[Group] = field(default_factory=list)
    left_out: list[Telling] = field(default_factory=list)
    aggregates: list[Telling] = field(default_factory=list)


_MATERIAL_CONFLICT = ("violence", "repression", "protest")


def _weight(unit: Group) -> float:
    """How much a unit is what its article is about: its tellings' confidence, doubled in the first two
    sentences (title and lede), doubled again for the material-conflict families."""
    told = sum(t.event.confidence * (2.0 if t.event.sentence <= 1 else 1.0) for t in unit.tellings)
    return told * (2.0 if unit.family in _MATERIAL_CONFLICT else 1.0)


def units(tellings: list[Telling], settings: Settings) -> tuple[list[Group], list[Telling]]:
    """An article's anchors grouped into units (one per family and compatible place/date), of which the
    ``Settings.units_per_article`` weightiest are kept; the other tellings follow the first kept unit they are
    compatible with, or are returned as left out."""
    out: list[Group] = []
    rest: list[Telling] = []
    ordered = sorted(tellings, key=lambda t: (-t.event.confidence, t.event.sentence, t.event.id))
    fallback = None
    if settings.fallback and not any(t.anchors(settings) for t in ordered):
        fallback = next((t for t in ordered if t.event.modality in ("asserted", "negated")), None)
    for t in ordered:
        if not t.anchors(settings) and t is not fallback:
            rest.append(t)
            continue
        single = Group(t.family)
        single.add(t, settings)
        home = next((u for u in out if compatible(u, single, settings)), None)
        if home is None:
            out.append(single)
        else:
            home.add(t, settings)
    out.sort(key=lambda u: -_weight(u))
    for extra in out[settings.units_per_article:]:
        rest += extra.tellings
    out = out[:settings.units_per_article]
    left: list[Telling] = []
    for t in rest:
        single = Group(t.family)
        single.add(t, settings)
        home = next((u for u in out if compatible(u, single, settings)), None)
        if home is None:
            left.append(t)
        else:
            home.add(t, settings)
    return out, left


def place(articles: Iterable[list[Telling]], stored: Iterable[Group], settings: Settings) -> Placement:
    """Place each article's tellings (articles in publication order) among the stored and new incidents."""
    index = Index()
    result = Placement()
    rarity = Rarity()
    articles = list(articles)
    for group in stored:
        index.add(group)
        for article_id in group.articles:
            rarity.count(frozenset().union(*(t.names() for t in group.tellings if t.event.article_id == article_id)))
    for tellings in articles:
        rarity.count(frozenset().union(*(t.names() for t in tellings)))
    for tellings in articles:
        plain = [t for t in tellings if not t.aggregate]
        result.aggregates += [t for t in tellings if t.aggregate]
        found, left = units(plain, settings)
        result.left_out += left
        for unit in found:
            best, best_score = None, settings.join
            for candidate in index.candidates(unit):
                s = score(unit, candidate, settings, rarity)
                if s is not None and s.total >= best_score:
                    best, best_score = candidate, s.total
            if best is None:
                index.add(unit)
            else:
                index.remove(best)
                best.absorb(unit, settings)
                index.add(best)
    result.groups = list(index.groups.values())
    return result


def covers(aggregate: Telling, group: Group, settings: Settings) -> bool:
    """Whether an aggregate telling ("300 killed over the past week in the north") covers an incident: same
    family, its place containing the incident's, its date range covering the incident's dates."""
    if aggregate.family != group.family:
        return False
    place = aggregate.event.location
    if place is None or not place.country or place.country != group.country:
        return False
    if place.precision in ("point", "city") and place.lat is not None and place.lon is not None:
        point = group.point
        if point is None or haversine_km(place.lat, place.lon, *point) > settings.max_km:
            return False
    elif place.precision == "admin1" and place.admin1 and place.admin1 not in group.admin1:
        return False
    when, window = aggregate.event.date, group.window
    if when is None or window is None:
        return when is None and window is None
    return when.start <= window[1] and window[0] <= when.end
