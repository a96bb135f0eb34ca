"""How alike a group of tellings is to an incident: vetoes first (another country, places too far apart,
dates that cannot meet), then a weighted score over actors, place, date, words, trigger and figures."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .merge import agree, credible, haversine_km
from .settings import Settings
from .telling import Telling

_PRECISE = ("point", "city")
_TOP_NAMES = 40


class Group:
    """Tellings held together while building: a new article's tellings, or a stored incident's."""

    def __init__(self, family: str, stored_id: str | None = None) -> None:
        self.family = family
        self.stored_id = stored_id  # the incident id in the store this group was loaded as, if any
        self.tellings: list[Telling] = []
        self.countries: Counter[str] = Counter()
        self.points: Counter[tuple[float, float]] = Counter()
        self.admin1: Counter[str] = Counter()
        self.days: Counter[date] = Counter()
        self.window: tuple[date, date] | None = None
        self.actors: Counter[str] = Counter()
        self.names: Counter[str] = Counter()
        self.words: Counter[str] = Counter()
        self.triggers: set[str] = set()
        self.killed: set[int] = set()
        self.articles: set[str] = set()
        self.changed = stored_id is None

    def add(self, t: Telling, settings: Settings) -> None:
        self.tellings.append(t)
        e = t.event
        place = e.location
        if place is not None and place.country:
            self.countries[place.country] += 1
            if place.precision in _PRECISE and place.lat is not None and place.lon is not None:
                self.points[(round(place.lat, 3), round(place.lon, 3))] += 1
            if place.admin1 and place.precision != "country":
                self.admin1[place.admin1] += 1
        if e.date is not None and e.date.precision == "day":
            self.days[e.date.start] += 1
        w = t.window(settings)
        if w is not None:
            self.window = w if self.window is None else (max(self.window[0], w[0]), min(self.window[1], w[1])) \
                if _meet(self.window, w) else (min(self.window[0], w[0]), max(self.window[1], w[1]))
        self.actors.update(t.actor_keys())
        if t.event.article_id not in self.articles:
            self.names.update(t.names())
        self.words.update(t.words())
        if trig := t.trigger():
            self.triggers.add(trig)
        if "killed" in e.quantities and credible(e) and not e.quantities["killed"].aggregate:
            self.killed.add(e.quantities["killed"].best)
        self.articles.add(e.article_id)

    def absorb(self, other: Group, settings: Settings) -> None:
        for t in other.tellings:
            self.add(t, settings)
        self.changed = True

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    @property
    def point(self) -> tuple[float, float] | None:
        return self.points.most_common(1)[0][0] if self.points else None

    @property
    def day(self) -> date | None:
        return self.days.most_common(1)[0][0] if self.days else None

    def top_names(self) -> set[str]:
        return {n for n, _ in self.names.most_common(_TOP_NAMES)}


def _meet(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _cosine(a: set[str], b: set[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


class Rarity:
    """How much sharing a name tells: its inverse document frequency over the articles of a build, smoothed
    (``SMOOTHING`` unseen articles) so that a build of a few articles weighs every name about alike, while in
    a big one the name of a town outweighs the name of a country or a group that every report gives."""

    SMOOTHING = 10

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.articles = 0

    def count(self, names: set[str] | frozenset[str]) -> None:
        self.articles += 1
        self.df.update(names)

    def weight(self, name: str) -> float:
        return math.log((self.articles + self.SMOOTHING) / (self.df[name] + 1))

    def overlap(self, a: set[str], b: set[str]) -> float:
        """The weighted share of the smaller side's names that the other side also gives."""
        if not a or not b:
            return 0.0
        smaller = min(sum(map(self.weight, a)), sum(map(self.weight, b)))
        return min(1.0, sum(map(self.weight, a & b)) / smaller) if smaller > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    parts: dict[str, float | None]  # None: one side does not tell it, and it is left out of the mean


def compatible(a: Group, b: Group, settings: Settings) -> bool:
    """The vetoes: same family, no two different countries, precise places within ``max_km``, dates that meet."""
    if a.family != b.family:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    pa, pb = a.point, b.point
    if pa and pb and haversine_km(*pa, *pb) > settings.max_km:
        return False
    return not (a.window and b.window and not _meet(a.window, b.window))


def score(a: Group, b: Group, settings: Settings, rarity: Rarity | None = None) -> Score | None:
    """The score of ``a`` joining ``b`` (None: a veto): the weighted mean of the parts both sides tell."""
    if not compatible(a, b, settings):
        return None
    pa, pb = a.point, b.point
    place: float | None
    if pa and pb:
        km = haversine_km(*pa, *pb)
        place = 1.0 if km <= settings.near_km else max(0.0, 1.0 - km / settings.max_km)
    elif a.country and a.country == b.country:
        place = 0.6 if set(a.admin1) & set(b.admin1) else 0.4
    else:
        place = None
    when: float | None
    if a.day and b.day:
        when = 1.0 if a.day == b.day else 0.3
    elif a.window and b.window:
        when = 0.5
    else:
        when = None
    actors = len(set(a.actors) & set(b.actors)) / len(set(a.actors) | set(b.actors)) \
        if a.actors and b.actors else None
    names = (rarity or Rarity()).overlap(a.top_names(), b.top_names())
    words = 0.7 * names + 0.3 * _cosine(set(a.words), set(b.words))
    trigger = 1.0 if a.triggers & b.triggers else 0.0
    figures = (1.0 if any(agree(x, y) for x in a.killed for y in b.killed) else 0.0) \
        if a.killed and b.killed else None
    parts = {"actors": actors, "place": place, "date": when, "words": words, "trigger": trigger,
             "quantities": figures}
    weights = {"actors": settings.w_actors, "place": settings.w_place, "date": settings.w_date,
               "words": settings.w_words, "trigger": settings.w_trigger, "quantities": settings.w_quantities}
    known = {k: v for k, v in parts.items() if v is not None}
    total = sum(weights[k] * v for k, v in known.items()) / sum(weights[k] for k in known)
    return Score(total, parts)
