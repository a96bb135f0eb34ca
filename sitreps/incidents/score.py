"""How alike an article's main tellings are to an incident: vetoes first (places too far apart, dates that
cannot meet, another country unless the words are sure), then a weighted score dominated by the words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..coding.place_words import FACILITY_HEADS, UNRESOLVED
from ..model import Place
from .merge import agree, credible, haversine_km
from .profile import Vocabulary, terms
from .settings import Settings
from .telling import Telling, proper_names

_PRECISE = ("point", "city")


class Group:
    """Tellings held together while building: a new article's tellings, or a stored incident's."""

    def __init__(self, family: str, stored_id: str | None = None) -> None:
        self.first_family = family
        self.stored_id = stored_id  # the incident id in the store this group was loaded as, if any
        self.story: str | None = None  # a stored incident's story (cluster.split_story)
        self.tellings: list[Telling] = []
        self.families: Counter[str] = Counter()
        self.countries: Counter[str] = Counter()
        self.points: Counter[tuple[float, float]] = Counter()
        self.point_names: dict[tuple[float, float], str] = {}
        self.localities: set[str] = set()  # the towns and villages its tellings are placed at, by name
        self.admin1: Counter[str] = Counter()
        self.days: Counter[date] = Counter()
        self.window: tuple[date, date] | None = None
        self.actors: Counter[str] = Counter()
        self.killed: set[int] = set()
        self.articles: set[str] = set()
        self.profiles: dict[str, Counter[str]] = {}  # article id -> the terms of its lede and told sentences
        self.lede_names: dict[str, frozenset[str]] = {}  # article id -> the proper names of its title and lede
        self._sentences: set[tuple[str, int]] = set()
        self.changed = stored_id is None

    def add(self, t: Telling, settings: Settings) -> None:
        self.tellings.append(t)
        e = t.event
        self.families[t.family] += 1
        place = e.location
        if place is not None and place.country:
            self.countries[place.country] += 1
            if place.precision in _PRECISE and place.lat is not None and place.lon is not None:
                spot = (round(place.lat, 3), round(place.lon, 3))
                self.points[spot] += 1
                self.point_names.setdefault(spot, place.text or place.name)
            if _locality(place):
                self.localities.add((place.text or place.name).lower())
            if place.admin1 and place.precision != "country":
                self.admin1[place.admin1] += 1
        if e.date is not None and e.date.precision == "day":
            self.days[e.date.start] += 1
        w = t.window(settings)
        if w is not None:
            self.window = w if self.window is None else (max(self.window[0], w[0]), min(self.window[1], w[1])) \
                if _meet(self.window, w) else (min(self.window[0], w[0]), max(self.window[1], w[1]))
        self.actors.update(t.actor_keys())
        if "killed" in e.quantities and credible(e) and not e.quantities["killed"].aggregate:
            self.killed.add(e.quantities["killed"].best)
        self.articles.add(e.article_id)
        profile = self.profiles.get(e.article_id)
        if profile is None:
            profile = self.profiles[e.article_id] = terms(t.lede)
            self.lede_names[e.article_id] = frozenset("@" + n for n in proper_names(t.lede[:settings.name_lede]))
        if (e.article_id, e.sentence) not in self._sentences:
            self._sentences.add((e.article_id, e.sentence))
            profile.update(terms(e.evidence.text))

    def absorb(self, other: Group, settings: Settings) -> None:
        for t in other.tellings:
            self.add(t, settings)
        self.changed = True

    @property
    def family(self) -> str:
        """The family most of its tellings give (the first one's on a tie)."""
        if not self.families:
            return self.first_family
        top = max(self.families.values())
        return self.first_family if self.families[self.first_family] == top else self.families.most_common(1)[0][0]

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    @property
    def point(self) -> tuple[float, float] | None:
        return self.points.most_common(1)[0][0] if self.points else None

    @property
    def day(self) -> date | None:
        return self.days.most_common(1)[0][0] if self.days else None

    def names_any(self, names: set[str]) -> bool:
        """Whether this group's articles name any of these towns or villages."""
        wanted = [[t for t in terms(n) if t[0] not in "@#"] for n in names]
        return any(w and all(x in p for x in w) for w in wanted for p in self.profiles.values())

    def mentions(self, other: Group) -> bool:
        """Whether this group's articles name the other's main place (its words, not just its country)."""
        point = other.point
        words = [t for t in terms(other.point_names.get(point, "")) if t[0] not in "@#"] if point else []
        return bool(words) and any(all(w in p for w in words) for p in self.profiles.values())

    def text(self, other: Group, vocabulary: Vocabulary, strongest: float = 0.0) -> float:
        """Average link: the mean cosine of the TF-IDF profiles of each article of one side with each of the
        other's (an article never meets itself), blended with the strongest such cosine (share ``strongest``)."""
        sims = [vocabulary.similarity(x, px, y, py)
                for x, px in self.profiles.items() for y, py in other.profiles.items() if x != y]
        return (1 - strongest) * sum(sims) / len(sims) + strongest * max(sims) if sims else 0.0


def _locality(place: Place) -> bool:
    """A town or village an event is placed at by name: a city or point the gazetteer has, or a name it lacks
    that is not a building or site ("the National Penitentiary", "Kibera market" are where in a town)."""
    if place.precision in _PRECISE and UNRESOLVED not in place.reason:
        return True
    name = (place.text or place.name or "").strip()
    return UNRESOLVED in place.reason and bool(name) and not name.lower().startswith("the ") \
        and name.split()[-1].lower() not in FACILITY_HEADS


def _meet(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True, slots=True)
class Score:
    total: float
    parts: dict[str, float | None]  # None: one side does not tell it, and it is left out of the mean


def compatible(a: Group, b: Group, settings: Settings, *, same_family: bool = True, text: float = 0.0) -> bool:
    """The vetoes: dates that cannot meet; two different countries, unless the words are sure (``text`` at least
    ``Settings.text_sure``); precise places more than ``max_km`` apart, unless the words are surer still
    (``Settings.text_over_km``) and one side's articles name the other's place (the town was placed
    differently, not told differently); and (``same_family``, inside an article) families."""
    if same_family and a.family != b.family:
        return False
    if a.country and b.country and a.country != b.country and text < settings.text_sure:
        return False
    pa, pb = a.point, b.point
    if pa and pb and haversine_km(*pa, *pb) > settings.max_km and not (
            text >= settings.text_over_km and (a.mentions(b) or b.mentions(a))):
        return False
    near = pa is not None and pb is not None and haversine_km(*pa, *pb) <= settings.near_km
    if a.localities and b.localities and not a.localities & b.localities and not near and not (
            a.names_any(b.localities) or b.names_any(a.localities)):
        return False  # two named towns or villages, neither named in the other's reports: two incidents
    return not (a.window and b.window and not _meet(a.window, b.window))


def names_clash(a: Group, b: Group, settings: Settings, vocabulary: Vocabulary) -> bool:
    """Whether the two groups' reports name different towns up front: each side's titles and ledes give rare
    proper names that are towns of its country in the gazetteer ("gunmen attacked Kukshi", "jets bombed
    Gembu", where the coder did not place the act there), and no report of one side has any of the other's.
    Two reports of one incident name its town; two look-alikes name two towns. Only between groups told of one
    day (a day apart at most) and not placed within ``near_km`` of each other. Off with ``name_rare`` 0."""
    if settings.name_rare <= 0 or (a.point and b.point and haversine_km(*a.point, *b.point) <= settings.near_km):
        return False  # placed in one town: a rewrite's other spelling ("Avdeyevka") is not another town
    if a.day is None or b.day is None or abs((a.day - b.day).days) > 1:
        return False  # look-alikes are told of one day; across days, the dates and the words tell them apart
    rare = max(3.0, settings.name_rare * vocabulary.articles)

    def names(g: Group) -> dict[str, set[str]]:
        country = g.country
        return {k: {n for n in v if vocabulary.df[n] <= rare and n in vocabulary.towns
                    and (country is None or country in vocabulary.towns[n])} for k, v in g.lede_names.items()}

    mine, theirs = names(a), names(b)
    if not any(mine.values()) or not any(theirs.values()):
        return False
    shared = any(x != y and (mine[x] & b.profiles[y].keys() or theirs[y] & a.profiles[x].keys())
                 for x in a.profiles for y in b.profiles)
    return not shared


def _same_spot_and_day(a: Group, b: Group, settings: Settings) -> bool:
    """One family, one town (within ``near_km``) and days a day apart at most: ACLED's own unit of an event
    (type, location, day), which no choice of words by a rewriter undoes ("Avdiivka" pounded overnight,
    "Avdeyevka" hammered on Monday night)."""
    pa, pb = a.point, b.point
    return a.family == b.family and pa is not None and pb is not None \
        and haversine_km(*pa, *pb) <= settings.near_km and a.day is not None and b.day is not None \
        and abs((a.day - b.day).days) <= 1


def score(a: Group, b: Group, settings: Settings, vocabulary: Vocabulary) -> Score | None:
    """The score of ``a`` joining ``b`` (None: a veto): the weighted mean of the parts both sides tell."""
    if a.window and b.window and not _meet(a.window, b.window):
        return None
    text = a.text(b, vocabulary, settings.strongest)
    if text < settings.text_min and not _same_spot_and_day(a, b, settings):
        return None
    if not compatible(a, b, settings, same_family=False, text=text):
        return None
    if names_clash(a, b, settings, vocabulary):
        return None
    pa, pb = a.point, b.point
    place: float | None
    if pa and pb:
        km = haversine_km(*pa, *pb)
        place = 1.0 if km <= settings.near_km else max(0.0, 1.0 - km / settings.max_km)
    elif a.country and b.country:
        place = (0.6 if set(a.admin1) & set(b.admin1) else 0.4) if a.country == b.country else 0.0
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
    family = 1.0 if a.family == b.family else 0.0
    figures = (1.0 if any(agree(x, y) for x in a.killed for y in b.killed) else 0.0) \
        if a.killed and b.killed else None
    parts = {"text": min(1.0, text / settings.text_full), "actors": actors, "place": place, "date": when,
             "family": family, "quantities": figures}
    weights = {"text": settings.w_text, "actors": settings.w_actors, "place": settings.w_place,
               "date": settings.w_date, "family": settings.w_family, "quantities": settings.w_quantities}
    known = {k: v for k, v in parts.items() if v is not None}
    total = sum(weights[k] * v for k, v in known.items()) / sum(weights[k] for k in known)
    return Score(total, parts)
