"""Look place names up in the gazetteer database, and pick one place among namesakes.

    gazetteer = Gazetteer.open()          # builds ~/.cache/sitreps/gazetteer-<VERSION>.duckdb the first time
    gazetteer.resolve("Hama", countries=["SYR"])
    # (Candidate(name='Hama', country='SYR', kind='city', …), "most populous 'Hama' in Syria, …")

A Gazetteer holds a read-only DuckDB connection; it pickles as its path, so a worker process reopens it.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import duckdb

from .build import VERSION, build, read_us_states
from .names import normalise, split_admin_suffix

logger = logging.getLogger(__name__)

KINDS = ("country", "admin1", "city", "region")
PRECISIONS = {"country": "country", "admin1": "admin1", "city": "city", "region": "region"}
NEAR_KM = 300.0  # how far a namesake may lie from ``near`` and still be picked for being near
CAPITAL_SHADOWS = 100_000  # a capital this large wins over a division of its name
CITY_SHARE = 0.2  # a city this share of a same-named division's population, in its country, wins over it

_READ_CONFIG: dict[str, str | bool | int | float | list[str]] = {"threads": 1}  # lookups are tiny; one thread keeps each worker lean
_COLUMNS = "p.id, p.kind, p.name, p.country, p.admin1, p.admin1_id, p.lat, p.lon, p.population, " \
           "p.geonames_id, p.capital"
# Great-circle km from a point (lat, lat, lon as parameters) to a place row, as ``_km`` computes it.
_SQL_KM = ("2 * 6371.0 * asin(sqrt(pow(sin(radians(p.lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(p.lat)) "
           "* pow(sin(radians(p.lon - ?) / 2), 2)))")
_LOOKUP = f"""
    select n.key, {_COLUMNS} from names n join places p on p.id = n.id
    where n.key in (select unnest(?::VARCHAR[])) order by n.key, p.population desc, p.id"""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may mean."""

    geonames_id: int | None
    name: str
    country: str | None  # ISO3
    admin1: str | None  # name of the first-level division
    lat: float | None
    lon: float | None
    population: int
    kind: str  # one of KINDS

    @property
    def precision(self) -> str:
        """The place precision of SCHEMA.md that this kind of place gives."""
        return PRECISIONS[self.kind]


@dataclass(frozen=True, slots=True)
class _Hit:
    """A candidate with what resolve needs and callers do not: the place's ids and capital flag."""

    candidate: Candidate
    id: int
    admin1_id: int | None
    capital: bool


def default_path() -> Path:
    """``$SITREPS_HOME/gazetteer-<VERSION>.duckdb``, or the same under ``~/.cache/sitreps``."""
    home = os.environ.get("SITREPS_HOME")
    folder = Path(home) if home else Path.home() / ".cache" / "sitreps"
    return folder / f"gazetteer-{VERSION}.duckdb"


# A namesake abroad wins over one in the article's countries when it is this big and this much bigger.
MEMO_SIZE = 200_000  # names remembered per open gazetteer (place names repeat across a corpus)
ECLIPSE_POPULATION = 100_000
ECLIPSE_RATIO = 8
# A namesake whose own name it is wins over a place that has it only as an alternate name ("Salisbury", the
# English town, not Harare) unless that place is this many times larger ("Cologne": Köln).
MAIN_NAME_RATIO = 50
# Words after a name that mark a second-level division: "Orange County" is not California.
SECOND_LEVEL = frozenset({"county"})
SECOND_LEVEL_COUNTRIES = frozenset({"USA"})  # where a county is below the first level
LOWER_DIVISIONS = frozenset({"district"})  # a district named after a town lies below the first level


class Gazetteer:
    """Countries, first-level divisions, cities (GeoNames cities500) and regions, by normalised name."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self._con = con
        rows = con.execute("select country, name from places where kind = 'country'").fetchall()
        self._country_names: dict[str, str] = {iso3: name for iso3, name in rows}
        self._states = {normalise(v): s["name"] for s in read_us_states() for v in (s["code"], s["ap"]) if v}
        self._ap_states = {normalise(s["ap"]): s["name"] for s in read_us_states() if s["ap"]}
        self._memo: dict[str, list[_Hit]] = {}
        self._country_rows: dict[str, Candidate | None] = {}
        self._lower: dict[str, set[str]] = {}

    @classmethod
    def open(cls, path: str | Path | None = None) -> Gazetteer:
        """Open the gazetteer at ``path`` (default ``default_path()``), built first if missing or stale."""
        path = Path(path) if path is not None else default_path()
        if not path.exists() or _version(path) != VERSION:
            logger.info("building gazetteer at %s", path)
            build(path)
        con = duckdb.connect(str(path), read_only=True, config=_READ_CONFIG)
        return cls(path, con)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __reduce__(self) -> tuple[Any, tuple[Path]]:
        return (Gazetteer.open, (self.path,))

    def candidates(self, names: Iterable[str]) -> dict[str, list[Candidate]]:
        """Every place each name may mean, most populous first, keyed by the name as given. One query."""
        names = list(names)
        hits = self._lookup(normalise(name) for name in names)
        return {name: [hit.candidate for hit in hits.get(normalise(name), [])] for name in names}

    def ap_state(self, name: str) -> str | None:
        """The US state an AP-style abbreviation stands for ("Calif." → California), or None."""
        return self._ap_states.get(normalise(name)) if name.strip().endswith(".") else None

    def lower_division_countries(self, name: str) -> set[str]:
        """The countries (ISO3) with a lower division of this name that has no row of its own ("Suffolk": GBR)."""
        key = normalise(name)
        if key not in self._lower:
            if len(self._lower) > MEMO_SIZE:
                self._lower.clear()
            rows = self._con.execute("select country from lower_names where key = ?", [key]).fetchall()
            self._lower[key] = {row[0] for row in rows if row[0]}
        return self._lower[key]

    def country(self, iso3_or_name: str) -> Candidate | None:
        """The country with this ISO3 code or name."""
        code = iso3_or_name.strip().upper()
        if len(code) == 3 and code in self._country_names:
            if code not in self._country_rows:  # one scan per country and open gazetteer
                row = self._con.execute(f"select {_COLUMNS} from places p where kind = 'country' and country = ?",
                                        [code]).fetchone()
                self._country_rows[code] = _hit(row).candidate if row else None
            return self._country_rows[code]
        hits = self._lookup([normalise(iso3_or_name)])
        found = hits.get(normalise(iso3_or_name), [])
        countries = [h.candidate for h in found if h.candidate.kind == "country"]
        return countries[0] if countries else None

    def nearest(self, lat: float, lon: float, *, within_km: float = 300.0) -> Candidate | None:
        """The city nearest a point, within ``within_km``: what country a bare coordinate lies in."""
        dlat = within_km / 111.0
        dlon = min(180.0, dlat / max(math.cos(math.radians(lat)), 0.01))
        row = self._con.execute(
            f"""select {_COLUMNS}, {_SQL_KM} as km from places p
                where kind = 'city' and lat between ? and ? and lon between ? and ?
                order by km, p.id limit 1""",
            [lat, lat, lon, lat - dlat, lat + dlat, lon - dlon, lon + dlon]).fetchone()
        return _hit(row[:-1]).candidate if row is not None and row[-1] <= within_km else None

    def resolve(self, name: str, *, countries: Sequence[str] = (),
                near: tuple[float, float] | None = None) -> tuple[Candidate, str] | None:
        """The place ``name`` most likely means, and the reason, or None when the gazetteer has no such name.

        Order: a country by that name; a region of the sitreps list; then among the namesakes in
        ``countries`` (all of them when none is there): a first-level division, unless a city of that name
        in its country is at least a fifth its size, or is a large capital; else the city nearest ``near``
        (within ``NEAR_KM``); else the most populous. "Idlib province" asks for
        the division: named so, or holding the chosen "Idlib". "Paris, Texas" and "Paris, France" narrow
        the namesakes to the state or country after the comma.
        """
        head, _, tail = name.rpartition(",")
        if head.strip() and tail.strip():
            narrowed = self._narrow(head, tail, countries, near)
            if narrowed is not None:
                return narrowed
        key = normalise(name)
        if not key:
            return None
        full = self.ap_state(name)
        if full is not None:  # "Calif.", "N.J.": AP's abbreviations of US states
            states = [h for h in self._lookup([normalise(full)]).get(normalise(full), [])
                      if h.candidate.kind == "admin1" and h.candidate.country == "USA"]
            if states:
                return states[0].candidate, f"'{name.strip()}' is the AP abbreviation of {full}"
        base, suffix = split_admin_suffix(key)
        stem = town_stem(key)
        hits = self._lookup([k for k in (key, base if suffix else None, stem) if k])
        if stem and not hits.get(key):  # "Aleppo City" is Aleppo where no place is called so
            return self._choose(name.strip().rsplit(" ", 1)[0], hits.get(stem, []), countries, near)
        if suffix:
            division = self._division(name.strip(), key, base, hits, countries, near)
            if division is not None:
                return division
        return self._choose(name, hits.get(key, []), countries, near)

    def _lookup(self, keys: Iterable[str]) -> dict[str, list[_Hit]]:
        """Hits for normalised names: one query for the names not asked before (remembered, misses too)."""
        keys = {key for key in keys if key}
        wanted = sorted(keys - self._memo.keys())
        if wanted:
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            fresh: dict[str, list[_Hit]] = {key: [] for key in wanted}
            for row in self._con.execute(_LOOKUP, [wanted]).fetchall():
                fresh[row[0]].append(_hit(row[1:]))
            self._memo.update(fresh)
        return {key: self._memo[key] for key in keys if self._memo.get(key)}

    def _choose(self, name: str, hits: list[_Hit], countries: Sequence[str],
                near: tuple[float, float] | None) -> tuple[Candidate, str] | None:
        if not hits:
            return None
        label = name.strip()
        for kind, why in (("country", "names a country"), ("region", "is a region of the sitreps list")):
            found = [h for h in hits if h.candidate.kind == kind]
            if found:
                return _prefer(found, countries).candidate, f"'{label}' {why}"
        key = normalise(label)
        pool = [h for h in hits if h.candidate.country in countries] or hits
        if pool is not hits and _eclipsed(pool, hits, key):
            pool = hits  # "Geneva" in a story naming the USA is still the Swiss city, not Geneva, NY
        where = self._where(pool, countries)
        cities = _own_name_first([h for h in pool if h.candidate.kind == "city"], key)
        divisions = [h for h in pool if h.candidate.kind == "admin1" and not _shadowed(h, hits)
                     and not (pool is hits and _dwarfed(h, hits))]
        if divisions:
            country = self._country_names.get(divisions[0].candidate.country or "", "?")
            return divisions[0].candidate, f"'{label}' names a first-level division of {country}{where}"
        if near is not None:
            close = _nearest(cities, near)
            if close is not None:
                km = _km(near, (close.candidate.lat, close.candidate.lon))
                return close.candidate, f"the '{label}' nearest the other places named ({km:.0f} km){where}"
        chosen = cities[0] if cities else pool[0]
        country = self._country_names.get(chosen.candidate.country or "", "?")
        notes = [f" of {len(pool)} namesakes" if len(pool) > 1 else "", f", in {country}{where}"]
        if chosen.capital:
            notes.append(", its capital")
        if any(h.candidate.kind == "admin1" for h in pool):
            notes.append("; the division of that name was passed over for the city")
        return chosen.candidate, f"most populous '{label}'{''.join(notes)}"

    def _where(self, pool: list[_Hit], countries: Sequence[str]) -> str:
        named = sorted({c for h in pool if (c := h.candidate.country) is not None and c in countries})
        if not named:
            return ""
        return ", a country named in the article" if len(named) == 1 else ", countries named in the article"

    def _division(self, label: str, key: str, base: str, hits: dict[str, list[_Hit]],
                  countries: Sequence[str], near: tuple[float, float] | None) -> tuple[Candidate, str] | None:
        """"Idlib province": a division or region called so, else one called "Idlib", else the one holding
        the "Idlib" that resolve would pick."""
        second = key.rsplit(" ", 1)[-1] in SECOND_LEVEL
        for wanted, kinds in ((key, ("admin1", "region")), (base, ("admin1",))):
            found = [h for h in hits.get(wanted, []) if h.candidate.kind in kinds
                     and not (second and wanted == base and h.candidate.country in SECOND_LEVEL_COUNTRIES)]
            if found:
                chosen = _prefer(found, countries)
                country = self._country_names.get(chosen.candidate.country or "", "")
                return chosen.candidate, f"'{label}' names a first-level division of {country or '?'}"
        cities = [h for h in hits.get(base, []) if h.candidate.kind == "city"]
        chosen_city = self._choose(base, cities, countries, near)
        if chosen_city is None:
            return None
        city, why = chosen_city
        if countries and city.country not in countries and city.population < 100_000:
            return None  # "Soum province" in a story on Burkina Faso is not the division holding Soum, Senegal
        if second and city.country in SECOND_LEVEL_COUNTRIES:  # "Orange County": nearer Orange than California
            return city, f"'{label}' is a county; the {why.removeprefix('the ')}, not its state"
        if key.rsplit(" ", 1)[-1] in LOWER_DIVISIONS:  # "Yala's Yaha district": the town, not Yala province
            return city, f"'{label}' is a district below the first level; the {why.removeprefix('the ')}"
        row = self._con.execute(f"select {_COLUMNS} from places p join places c on c.admin1_id = p.id "
                                "where c.geonames_id = ? and p.kind = 'admin1'",
                                [city.geonames_id]).fetchone()
        if row is None:
            return None
        return _hit(row).candidate, f"the first-level division holding the {why.removeprefix('the ')}"

    def _narrow(self, head: str, tail: str, countries: Sequence[str],
                near: tuple[float, float] | None) -> tuple[Candidate, str] | None:
        """"Paris, Texas" / "Paris, Tex." / "Hama, Syria": the head among places in the tail."""
        tail_key = normalise(tail)
        state = self._states.get(tail_key)
        hits = self._lookup([normalise(head), tail_key, normalise(state or "")])
        within = [h for h in hits.get(normalise(state or tail_key), [])
                  if h.candidate.kind in ("country", "admin1")]
        if not within:
            return None
        outer = _prefer(within, countries).candidate
        heads = [h for h in hits.get(normalise(head), []) if h.candidate.country == outer.country
                 and (outer.kind == "country" or h.candidate.admin1 == outer.name)]
        chosen = self._choose(head, heads, [outer.country] if outer.country else [], near)
        if chosen is None:
            return None
        return chosen[0], f"{chosen[1]}, within {outer.name} as written after the comma"


def _hit(row: Sequence[Any]) -> _Hit:
    place_id, kind, name, country, admin1, admin1_id, lat, lon, population, geonames_id, capital = row
    candidate = Candidate(geonames_id=geonames_id, name=name, country=country, admin1=admin1, lat=lat,
                          lon=lon, population=int(population or 0), kind=kind)
    return _Hit(candidate, place_id, admin1_id, bool(capital))


def _shadowed(division: _Hit, hits: list[_Hit]) -> bool:
    """Whether a division gives way to a city of its name: one in its country at least a fifth its size
    ("Idlib", "Rafah"; not "Delaware", Ohio), or a large capital ("Washington")."""
    size = division.candidate.population
    return any(h.candidate.kind == "city" and (
        (h.candidate.country == division.candidate.country and h.candidate.population >= size * CITY_SHARE)
        or (h.capital and h.candidate.population >= CAPITAL_SHADOWS)) for h in hits)


def _dwarfed(division: _Hit, hits: list[_Hit]) -> bool:
    """Whether, with no country of the article to go by, a division gives way to a much larger city of
    its name in another country ("Portland": Oregon's city, not Jamaica's parish)."""
    size = division.candidate.population
    return any(h.candidate.kind == "city" and h.candidate.country != division.candidate.country
                            and h.candidate.population >= max(ECLIPSE_POPULATION, ECLIPSE_RATIO * size)
                            for h in hits)


def _prefer(hits: list[_Hit], countries: Sequence[str]) -> _Hit:
    """The first (most populous) hit in ``countries``, else the first."""
    return next((h for h in hits if h.candidate.country in countries), hits[0])


def _nearest(hits: list[_Hit], near: tuple[float, float]) -> _Hit | None:
    located = [(h, _km(near, (h.candidate.lat, h.candidate.lon))) for h in hits
               if h.candidate.lat is not None and h.candidate.lon is not None]
    located = [(h, km) for h, km in located if km <= NEAR_KM]
    return min(located, key=lambda pair: pair[1])[0] if located else None


def _km(a: tuple[float, float], b: tuple[float | None, float | None]) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0] or 0.0, b[1] or 0.0))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _version(path: Path) -> str | None:
    """The version a gazetteer file was built with, or None where it is not one."""
    try:
        with duckdb.connect(str(path), read_only=True, config=_READ_CONFIG) as con:
            row = con.execute("select version from meta").fetchone()
    except duckdb.Error:
        return None
    return str(row[0]) if row else None


def _eclipsed(pool: list[_Hit], hits: list[_Hit], key: str) -> bool:
    """Whether a namesake outside the article's countries is a major city that dwarfs those inside (by
    ``MAIN_NAME_RATIO`` where the name is only one of its alternate names; never where it is only a translation
    of its name and a place inside has it as its own: see ``_translated``)."""
    inside = max((h.candidate.population for h in pool), default=0)
    owned = any(normalise(h.candidate.name) == key for h in pool)
    for h in hits:
        size = h.candidate.population
        if _translated(h, key) and owned:
            continue  # "White House" in a story on the USA: not Casablanca ("white house" in Spanish)
        ratio = ECLIPSE_RATIO if normalise(h.candidate.name) == key else MAIN_NAME_RATIO
        if h.candidate.kind == "city" and size >= ECLIPSE_POPULATION and size >= ratio * max(inside, 1):
            return True
    return False


def _saint(key: str) -> str:
    """"st petersburg" and "saint petersburg" alike: the abbreviation spelt out."""
    head, _, rest = key.partition(" ")
    return f"saint {rest}" if rest and head in ("st", "ste") else key


def _own_name_first(cities: list[_Hit], key: str) -> list[_Hit]:
    """Cities, most populous first, but the largest whose own name is ``key`` first unless the largest is
    ``MAIN_NAME_RATIO`` times its size ("St. Petersburg" is the own name of Saint Petersburg too) and has the
    name as more than a translation (``_translated``)."""
    key = _saint(key)
    if not cities or _saint(normalise(cities[0].candidate.name)) == key:
        return cities
    own = next((h for h in cities if _saint(normalise(h.candidate.name)) == key), None)
    if own is None or (own.candidate.population * MAIN_NAME_RATIO < cities[0].candidate.population
                       and not _translated(cities[0], key)):
        return cities
    return [own, *(h for h in cities if h is not own)]


def _translated(hit: _Hit, key: str) -> bool:
    """Whether a place has a name of several words only among its alternate names, as a translation of its
    own ("White House": Casablanca) rather than the name English writes it under ("Cologne": Köln, one word).
    A place whose own name it is comes first however small ("White House", Tennessee)."""
    own = _saint(normalise(hit.candidate.name))
    return " " in key and own != _saint(key) and town_stem(key) != own and town_stem(own) != key


TOWN_WORDS = ("city", "town")


def town_stem(key: str) -> str | None:
    """"aleppo city" → "aleppo": the name without a trailing "City" or "Town", tried where the whole is not."""
    head, _, last = key.rpartition(" ")
    return head if head and last in TOWN_WORDS else None
