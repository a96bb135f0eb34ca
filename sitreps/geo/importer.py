"""Import a full GeoNames dump into the gazetteer, so that villages resolve too.

    import_geonames("allCountries.zip", alternate_names="alternateNamesV2.zip")   # into default_path()

The dump (``allCountries.txt``, a country file such as ``SY.txt``, or their ``.zip``) is bulk-loaded by
DuckDB, never read into Python lists. What it adds to the gazetteer built from cities500:

* populated places (feature class P) that are not there yet, as ``city`` rows keyed by their GeoNames id;
* administrative divisions (class A: ADM1-ADM5, ADMD). An ADM1 whose GeoNames code its country's cities
  already link to a first-level division lends that division its names (and its point, where it had none);
  any other ADM1 becomes a new ``admin1`` row. Lower divisions become ``city`` rows: the gazetteer has
  no finer kind, and a district is about a town's size;
* names: every Latin-script name of the dump (name, ASCII name, alternate names) and, if given, of
  ``alternateNamesV2.txt`` for every place the gazetteer now holds, countries included (by GeoNames id);
  alternate names shorter than ``MIN_ALTERNATE`` letters and links, postcodes and codes are left out.

Existing rows are kept as they are. Importing the same file twice changes nothing. The ``imports``
table records each run. A gazetteer rebuilt for a new ``VERSION`` starts again from cities500.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .build import _LATIN, VERSION, build
from .gazetteer import _version, default_path
from .names import normalise

logger = logging.getLogger(__name__)

GEONAME_COLUMNS = {
    "geonameid": "BIGINT", "name": "VARCHAR", "asciiname": "VARCHAR", "alternatenames": "VARCHAR",
    "latitude": "DOUBLE", "longitude": "DOUBLE", "fclass": "VARCHAR", "fcode": "VARCHAR", "cc": "VARCHAR",
    "cc2": "VARCHAR", "admin1": "VARCHAR", "admin2": "VARCHAR", "admin3": "VARCHAR", "admin4": "VARCHAR",
    "population": "BIGINT", "elevation": "VARCHAR", "dem": "VARCHAR", "timezone": "VARCHAR",
    "modified": "VARCHAR",
}
ALTERNATE_COLUMNS = {
    "alternatenameid": "BIGINT", "geonameid": "BIGINT", "isolanguage": "VARCHAR", "name": "VARCHAR",
    "preferred": "VARCHAR", "short": "VARCHAR", "colloquial": "VARCHAR", "historic": "VARCHAR",
    "from_": "VARCHAR", "to_": "VARCHAR",
}
DIVISION_CODES = ("ADM1", "ADM2", "ADM3", "ADM4", "ADM5", "ADMD")
# alternateNames "languages" that are not names: links, postcodes, airport and other codes.
NOT_NAMES = ("link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "abbr", "fr_1793")
# Alternate names shorter than this are mostly codes ("MoD", "WA", "DR") that catch abbreviations in text.
MIN_ALTERNATE = 4
_CSV = "delim = '\t', quote = '', escape = '', header = false, auto_detect = false, null_padding = true"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one import did."""

    db: str
    source: str
    rows_read: int
    places_added: int
    divisions_merged: int
    names_added: int
    seconds: float

    def to_dict(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__slots__}  # type: ignore[attr-defined]


def import_geonames(dump: str | Path, *, alternate_names: str | Path | None = None,
                    db: str | Path | None = None, classes: str = "PA") -> ImportReport:
    """Load a GeoNames dump (and optionally alternateNamesV2) into the gazetteer at ``db``.

    The gazetteer is built first where it is missing or stale. ``classes`` names the GeoNames feature
    classes taken (P populated places, A divisions; others, such as T or L, go in as ``city`` rows).
    All in one transaction: a failed import leaves the gazetteer as it was.
    """
    path = Path(db) if db is not None else default_path()
    if not path.exists() or _version(path) != VERSION:
        build(path)
    started = time.perf_counter()
    with _text_file(Path(dump)) as dump_txt, _text_file(alternate_names) as alt_txt:
        con = duckdb.connect(str(path))
        try:
            con.execute("set preserve_insertion_order = false")
            varchar = duckdb.sqltype("VARCHAR")
            con.create_function("normalise", normalise, [varchar], varchar, side_effects=False)
            con.execute("begin")
            counts = _import(con, dump_txt, alt_txt, sorted(set(classes.upper())))
            seconds = time.perf_counter() - started
            report = ImportReport(str(path), str(dump), *counts, round(seconds, 2))
            con.execute("create table if not exists imports (source VARCHAR, alternate_names VARCHAR, "
                        "rows_read BIGINT, places_added BIGINT, names_added BIGINT, seconds DOUBLE, "
                        "imported_at TIMESTAMP)")
            con.execute("insert into imports values (?, ?, ?, ?, ?, ?, current_timestamp)",
                        [str(dump), str(alternate_names or ""), report.rows_read, report.places_added,
                         report.names_added, report.seconds])
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        finally:
            con.close()
    logger.info("imported %s into %s: %d places and %d names added in %.1f s", dump, path,
                report.places_added, report.names_added, report.seconds)
    return report


@contextmanager
def _text_file(path: str | Path | None) -> Iterator[Path | None]:
    """The dump as a plain text file: itself, or its main member streamed out of the zip."""
    if path is None:
        yield None
        return
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if not zipfile.is_zipfile(path):
        yield path
        return
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if m.filename.endswith(".txt")
                   and not m.filename.lower().startswith(("readme", "iso-languagecodes"))]
        if not members:
            raise ValueError(f"{path} holds no GeoNames .txt file")
        wanted = path.stem + ".txt"
        member = next((m for m in members if Path(m.filename).name == wanted),
                      max(members, key=lambda m: m.file_size))
        with tempfile.TemporaryDirectory(prefix="sitreps-geonames-") as folder:
            out = Path(folder) / Path(member.filename).name
            with archive.open(member) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            yield out


def _import(con: duckdb.DuckDBPyConnection, dump: Path | None, alternates: Path | None,
            classes: list[str]) -> tuple[int, int, int, int]:
    """Fill the gazetteer's tables from the dump; (rows read, places added, divisions merged, names added)."""
    places_before = _count(con, "places")
    names_before = _count(con, "names")
    con.execute(f"""
        create temp table dump as
        select geonameid, name, asciiname, alternatenames, latitude as lat, longitude as lon, fclass, fcode,
               cc, coalesce(admin1, '') as a1, coalesce(population, 0) as population
        from read_csv(?, {_CSV}, columns = ?)
        where fclass in (select unnest(?::VARCHAR[])) and name is not null
          and (fclass <> 'A' or fcode in (select unnest(?::VARCHAR[])) or fcode like 'PCL%')""",
                [str(dump), GEONAME_COLUMNS, classes, list(DIVISION_CODES)])
    rows_read = _count(con, "dump")
    con.execute("create temp table iso as select code as iso2, country as iso3, id from places "
                "where kind = 'country' and code is not null")
    # GeoNames (country, admin1 code) -> the gazetteer's first-level division: from the cities in both,
    # else from an ADM1 row whose name is a name of a division of the same country.
    con.execute("""
        create temp table a1map as
        select d.cc, d.a1, mode(p.admin1_id) as admin1_id
        from dump d join places p on p.id = d.geonameid and p.kind = 'city'
        where p.admin1_id is not null and d.a1 <> '' group by d.cc, d.a1""")
    con.execute("""
        insert into a1map
        with adm1 as (
            select d.cc, d.a1, iso.iso3, unnest([normalise(d.name), normalise(coalesce(d.asciiname, d.name))])
                   as key
            from dump d join iso on iso.iso2 = d.cc
            where d.fcode = 'ADM1' and d.a1 <> ''
              and not exists (select 1 from a1map m where m.cc = d.cc and m.a1 = d.a1))
        select adm1.cc, adm1.a1, min(p.id) from adm1 join names n on n.key = adm1.key
             join places p on p.id = n.id and p.kind = 'admin1' and p.country = adm1.iso3
        group by adm1.cc, adm1.a1""")
    # Which gazetteer place each dump row names: an existing one (same id, a country by GeoNames id,
    # a linked division), or a new row under its own GeoNames id (none for an unknown country).
    con.execute("""
        create temp table target as
        select d.geonameid, coalesce(p.id, c.id, m.admin1_id, d.geonameid) as id,
               p.id is null and c.id is null and m.admin1_id is null and d.fcode not like 'PCL%' as new,
               m.admin1_id is not null and p.id is null as merged
        from dump d left join places p on p.id = d.geonameid
             left join places c on c.kind = 'country' and c.geonames_id = d.geonameid
             left join a1map m on d.fcode = 'ADM1' and m.cc = d.cc and m.a1 = d.a1""")
    merged = con.execute("select count(*) from target where merged").fetchone()[0]  # type: ignore[index]
    con.execute("""
        update places set lat = x.lat, lon = x.lon
        from (select t.id, d.lat, d.lon from dump d join target t using (geonameid) where t.merged) x
        where places.id = x.id and places.lat is null""")
    con.execute("""
        create temp table new_a1 as
        select d.cc, d.a1, d.geonameid as id, d.name from dump d join target t using (geonameid)
        where t.new and d.fcode = 'ADM1' and d.a1 <> ''""")
    con.execute("""
        insert into places
        select d.geonameid, case when d.fcode = 'ADM1' then 'admin1' else 'city' end, d.name, iso.iso3,
               case when d.fcode = 'ADM1' then d.name else coalesce(old.name, na.name) end,
               case when d.fcode = 'ADM1' then d.geonameid else coalesce(m.admin1_id, na.id) end,
               d.lat, d.lon, d.population, d.geonameid,
               case when d.fcode = 'ADM1' then d.cc || '-' || d.a1 else null end, d.fcode = 'PPLC'
        from dump d join target t using (geonameid) left join iso on iso.iso2 = d.cc
             left join a1map m on m.cc = d.cc and m.a1 = d.a1 left join places old on old.id = m.admin1_id
             left join new_a1 na on na.cc = d.cc and na.a1 = d.a1
        where t.new""")
    con.execute(f"""
        create temp table raw_name as
        with named as (select t.id, d.name, d.asciiname, d.alternatenames
                       from dump d join target t using (geonameid)),
             alternate as (select id, unnest(string_split(coalesce(alternatenames, ''), ',')) as raw from named)
        select distinct id, raw from (select id, unnest([name, asciiname]) as raw from named
                                      union all
                                      select id, raw from alternate where length(raw) >= {MIN_ALTERNATE})
        where raw is not null""")
    if alternates is not None:
        con.execute(f"""
            insert into raw_name
            select distinct coalesce(t.id, c.id, a.geonameid) as id, a.name as raw
            from read_csv(?, {_CSV}, columns = ?) a
                 left join target t on t.geonameid = a.geonameid
                 left join places c on c.kind = 'country' and c.geonames_id = a.geonameid
            where a.name is not null and length(a.name) >= {MIN_ALTERNATE}
              and coalesce(a.isolanguage, '') not in (select unnest(?::VARCHAR[]))""",
                    [str(alternates), ALTERNATE_COLUMNS, list(NOT_NAMES)])
    con.execute(f"""
        create temp table new_key as
        with latin as (select distinct raw from raw_name where raw <> '' and regexp_matches(raw, '{_LATIN}')),
             keyed as (select raw, normalise(raw) as key from latin)
        select distinct k.key, r.id from raw_name r join keyed k using (raw)
        where k.key <> '' and r.id in (select id from places)
        except select key, id from names""")
    _rewrite_names(con)
    for table in ("dump", "iso", "a1map", "target", "new_a1", "raw_name", "new_key"):
        con.execute(f"drop table {table}")
    return rows_read, _count(con, "places") - places_before, merged, _count(con, "names") - names_before


def _rewrite_names(con: duckdb.DuckDBPyConnection) -> None:
    """Add the new keys and keep ``names`` sorted by key, so that lookups skip most of it."""
    con.execute("""
        create table names_sorted as
        select key, id from (select key, id from names union all select key, id from new_key) order by key""")
    con.execute("drop index names_key")
    con.execute("drop table names")
    con.execute("alter table names_sorted rename to names")
    con.execute("create index names_key on names (key)")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"select count(*) from {table}").fetchone()[0])  # type: ignore[index]
