"""Placing articles into incidents. An article's anchor tellings (``Telling.anchors``) of one family whose
places and dates can meet form one unit; its weightiest unit (``Settings.units_per_article``) places the
article, its other tellings follow the unit or stay out. The units of a build and the stored incidents they
could join are clustered by average link (``place``) over candidate pairs from an index by weightiest terms
and week, so no step compares all pairs. Aggregate tellings never join: they are linked to every incident
they cover afterwards (``covers``).
"""

from __future__ import annotations

import heapq
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from ..coding.place_words import UNRESOLVED
from .merge import haversine_km
from .profile import Vocabulary
from .score import Group, compatible, score
from .settings import Settings
from .telling import Telling

logger = logging.getLogger(__name__)


def _weeks(window: tuple[date, date] | None) -> Iterator[int | None]:
    if window is None:
        yield None
        return
    first, last = window[0].toordinal() // 7, window[1].toordinal() // 7
    yield from range(first, last + 1)


def _cell(lat: float, lon: float) -> str:
    return f"~{round(lat, 1):.1f},{round(lon, 1):.1f}"


class Index:
    """Groups by the weightiest terms of their articles' profiles and the weeks of their date windows (``None``
    for an undated group): a unit is only compared with the groups that share one of its weightiest terms and
    whose weeks meet its own, and a term that more than ``crowd`` groups of a week share (a country, a word
    of every report) finds none by itself, so no step compares all pairs."""

    def __init__(self, vocabulary: Vocabulary, keys: int, crowd: int = 200) -> None:
        self.vocabulary = vocabulary
        self.keys = keys
        self.crowd = crowd  # a term shared by more groups in one week than this finds no candidates by itself
        self._by: dict[str, dict[int | None, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.groups: dict[int, Group] = {}
        self._posted: dict[int, list[tuple[str, int | None]]] = {}

    def terms(self, group: Group) -> set[str]:
        """Its articles' weightiest terms, and a key for each town it is placed at (a cell of 0.1 degree): a
        rewrite in other words ("Avdeyevka" for "Avdiivka") still meets the story it rewrites there."""
        words = {t for a, p in group.profiles.items() for t in self.vocabulary.top(a, p, self.keys)}
        return words | {_cell(lat, lon) for lat, lon in group.points}

    def _lookup(self, unit: Group) -> set[str]:
        """The keys a unit is looked up by: its terms, and the cells around each of its towns."""
        keys = {t for a, p in unit.profiles.items() for t in self.vocabulary.top(a, p, self.keys)}
        for lat, lon in unit.points:
            keys |= {_cell(lat + dy / 10, lon + dx / 10) for dy in (-1, 0, 1) for dx in (-1, 0, 1)}
        return keys

    def add(self, group: Group) -> None:
        key = id(group)
        self.groups[key] = group
        posted = [(term, week) for term in self.terms(group) for week in _weeks(group.window)]
        self._posted[key] = posted
        for term, week in posted:
            self._by[term][week].add(key)

    def remove(self, group: Group) -> None:
        key = id(group)
        for term, week in self._posted.pop(key, []):
            self._by[term][week].discard(key)
        self.groups.pop(key, None)

    def candidates(self, unit: Group) -> Iterator[Group]:
        keys: set[int] = set()
        for term in self._lookup(unit):
            buckets = self._by.get(term)
            if not buckets:
                continue
            weeks = list(buckets) if unit.window is None else [None, *_weeks(unit.window)]
            for week in weeks:
                found = buckets.get(week, set())
                if len(found) <= self.crowd:
                    keys |= found
        for key in sorted(keys, key=lambda k: min(self.groups[k].articles)):
            yield self.groups[key]


@dataclass
class Placement:
    """What a build decided: the groups (stored ones it loaded and new ones) and the tellings left out."""

    groups: list[Group] = field(default_factory=list)
    left_out: list[Telling] = field(default_factory=list)
    aggregates: list[Telling] = field(default_factory=list)


_MATERIAL_CONFLICT = ("violence", "repression", "protest")


def alone(t: Telling, settings: Settings) -> Group:
    """A group of one telling, to be compared with the groups it may join."""
    group = Group(t.family)
    group.add(t, settings)
    return group


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
        fallback = next((t for t in ordered if t.event.modality in ("asserted", "negated")), ordered[0] if ordered else None)
    for t in ordered:
        if not t.anchors(settings) and t is not fallback:
            rest.append(t)
            continue
        single = alone(t, settings)
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
        single = alone(t, settings)
        home = next((u for u in out if compatible(u, single, settings)), None)
        if home is None:
            left.append(t)
        else:
            home.add(t, settings)
    return out, left


def place(articles: Iterable[list[Telling]], stored: Iterable[Group], settings: Settings) -> Placement:
    """Place the articles' main units among the stored and new incidents by average-link agglomerative
    clustering over the candidate pairs: the best-scoring pair of clusters is merged first, its neighbours
    are scored again, until no pair scores ``Settings.join``. Two stored incidents are never merged, so a
    build only grows what is stored; the result does not depend on the order of the articles."""
    vocabulary = Vocabulary()
    index = Index(vocabulary, settings.name_keys, settings.crowd)
    result = Placement()
    stored = list(stored)
    found: list[Group] = []
    for tellings in articles:
        plain = [t for t in tellings if not t.aggregate]
        result.aggregates += [t for t in tellings if t.aggregate]
        kept, left = units(plain, settings)
        result.left_out += left
        found += kept
    for group in [*stored, *found]:
        for profile in group.profiles.values():
            vocabulary.count(profile)
    vocabulary.towns = towns_named([*stored, *found], vocabulary, settings)
    alive: dict[int, Group] = {}
    for number, group in enumerate([*stored, *found]):
        alive[number] = group
    key_of = {id(g): k for k, g in alive.items()}
    neighbours: dict[int, set[int]] = defaultdict(set)
    version: dict[int, int] = defaultdict(int)
    heap: list[tuple[float, int, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        if alive[a].stored_id and alive[b].stored_id:
            return
        s = score(alive[a], alive[b], settings, vocabulary)
        if s is not None and s.total >= settings.join:
            heapq.heappush(heap, (-s.total, min(a, b), max(a, b), a, b, version[a] * 1_000_003 + version[b]))

    for group in stored:
        index.add(group)
    for unit in found:
        me = key_of[id(unit)]
        for candidate in index.candidates(unit):
            other = key_of[id(candidate)]
            neighbours[me].add(other)
            neighbours[other].add(me)
            push(me, other)
        index.add(unit)
    while heap:
        _, _, _, a, b, stamp = heapq.heappop(heap)
        if a not in alive or b not in alive or stamp != version[a] * 1_000_003 + version[b]:
            continue
        keep, gone = (b, a) if alive[b].stored_id else (a, b)
        alive[keep].absorb(alive.pop(gone), settings)
        version[keep] += 1
        neighbours[keep] = (neighbours[keep] | neighbours.pop(gone, set())) - {keep, gone}
        for other in sorted(neighbours[keep]):
            if other in alive:
                neighbours[other].discard(gone)
                neighbours[other].add(keep)
                push(keep, other)
    result.groups = list(alive.values())
    return result


def towns_named(groups: list[Group], vocabulary: Vocabulary, settings: Settings) -> dict[str, frozenset[str]]:
    """The rare proper names of the groups' titles and ledes that the gazetteer has as towns, with their
    countries (one query); empty where the names clash is off or no gazetteer can be opened."""
    if settings.name_rare <= 0:
        return {}
    rare = max(3.0, settings.name_rare * vocabulary.articles)
    names = sorted({n for g in groups for found in g.lede_names.values() for n in found if vocabulary.df[n] <= rare})
    if not names:
        return {}
    from ..geo.gazetteer import Gazetteer

    try:
        with Gazetteer.open() as gazetteer:
            found = gazetteer.candidates([n[1:] for n in names])
    except Exception as exc:  # noqa: BLE001 - without a gazetteer the clash is off, and the log says why
        logger.warning("incidents: no gazetteer for the names clash (%s); it is off for this build", exc)
        return {}
    return {"@" + name: frozenset(c.country for c in hits if c.kind == "city" and c.country)
            for name, hits in found.items() if any(c.kind == "city" for c in hits)}


def eligible(t: Telling, settings: Settings) -> bool:
    """Whether a telling that did not place its article still belongs in an incident of its article's story:
    confident, not a total, told as done or denied (not planned or hypothetical)."""
    e = t.event
    return not t.aggregate and e.confidence >= settings.min_confidence and e.modality in ("asserted", "negated")


def split_story(story: Group, extra: Iterable[Telling], settings: Settings) -> list[Group]:
    """The incidents of one story (a group of articles telling the same news): its tellings, and the other
    confident tellings of its new articles (``extra``), partitioned by family and by places and dates that can
    meet, the weightiest first. The curfew a prison attack led to, or a raid on another village the same
    report tells, is its own incident; each lists the articles whose tellings it holds."""
    fold = settings.fold_undated
    pool = sorted([*story.tellings, *extra], key=lambda t: (fold and not t.own_date,
                                                            -t.event.confidence * (2.0 if t.event.main else 1.0),
                                                            t.event.article_id, t.event.sentence, t.event.id))
    parts: list[Group] = []
    for t in pool:
        single = alone(t, settings)
        undated = t.event.date is None or t.event.date.precision == "publication"
        if undated:  # told with no date of its own ("army denies killing 31 in Djibo"): the story's, in its town
            single.window = None
        main = _folds_into(parts, single, t, settings) if fold and not t.own_date else None
        home = main if main is not None and not undated else None  # a date carried over: its article's incident
        if home is None:
            home = next((p for p in parts if compatible(p, single, settings) and _same_locality(p, single, t, settings)
                         and (not undated or p.window is None or _same_town(p, single, settings))), None)
        if home is None:  # one sentence tells one act ("police fired on protesters, killing three"), in any families
            home = next((p for p in parts if _same_sentence(p, t) and compatible(p, single, settings, same_family=False)
                         and _same_locality(p, single, t, settings)), None)
        home = home or main
        if home is None:
            parts.append(single)
        else:
            home.add(t, settings)
    return parts


def _folds_into(parts: list[Group], single: Group, t: Telling, settings: Settings) -> Group | None:
    """The incident a telling whose sentence gives no date belongs to as its article's: the first (surest) part
    holding a telling of its article, in the same country; not where it counts the dead in another town
    (a second attack told in passing), only a reaction, an arrest, the wounded taken to hospital there."""
    main = next((p for p in parts if any(o.event.article_id == t.event.article_id for o in p.tellings)), None)
    if main is None or (single.country and main.country and main.country != single.country):
        return None
    if "killed" in t.event.quantities and main.point and single.point \
            and haversine_km(*main.point, *single.point) > settings.near_km:
        return None
    return main


def _same_sentence(part: Group, t: Telling) -> bool:
    return any(o.event.article_id == t.event.article_id and o.event.sentence == t.event.sentence
               for o in part.tellings)


def _same_town(a: Group, b: Group, settings: Settings) -> bool:
    pa, pb = a.point, b.point
    return pa is not None and pb is not None and haversine_km(*pa, *pb) <= settings.near_km


def _localities(tellings: Iterable[Telling]) -> tuple[set[str], set[str]]:
    """The names of the towns and villages tellings are placed at, and those of them the gazetteer lacks."""
    named, lacking = set(), set()
    for e in (t.event for t in tellings):
        place = e.location
        if place is None or place.precision not in ("point", "city", "admin1"):
            continue
        name = (place.text or place.name).lower()
        if UNRESOLVED in place.reason:  # (event_place may say first why the place is the event's)
            lacking.add(name)
            named.add(name)
        elif place.precision != "admin1":
            named.add(name)
    return named, lacking


def _same_locality(part: Group, single: Group, t: Telling, settings: Settings) -> bool:
    """Whether a telling may join a part of its story by place and day. Two days one article tells are two
    incidents ("attacked on Wednesday", "a patrol was ambushed on Thursday"), and so are two towns more than
    ``near_km`` apart; a village the gazetteer lacks ("an attack on the village of X", put near the town the
    story names most) is not the town: where either side is placed at such a village, the other must name
    it too, or name no town at all."""
    day = t.event.date.start if t.event.date is not None and t.event.date.precision == "day" else None
    if day is not None and any(o.event.article_id == t.event.article_id and o.event.date is not None
                               and o.event.date.precision == "day" and o.event.date.start != day
                               for o in part.tellings):
        return False  # one report telling two days tells two acts ("attacked on Wednesday", "ambushed on Thursday")
    mine, mine_lacking = _localities([t])
    theirs, theirs_lacking = _localities(part.tellings)
    pa, pb = part.point, single.point
    if pa and pb and haversine_km(*pa, *pb) > settings.near_km and not mine & theirs:
        return False
    if not (mine_lacking or theirs_lacking) or not mine or not theirs:
        return True
    return bool(mine & theirs)


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
