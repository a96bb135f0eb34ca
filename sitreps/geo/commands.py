"""``sitreps gazetteer import FILE`` and ``sitreps places PATH``.

Registered in ``sitreps/cli.py``::

    from .geo.commands import gazetteer, places
    cli.add_command(gazetteer); cli.add_command(places)
"""

from __future__ import annotations

import csv
import json
import sys
import time
from datetime import date

import click

from ..model import Article, Failure


@click.group("gazetteer")
def gazetteer() -> None:
    """The place-name gazetteer: what it holds, and importing a full GeoNames dump into it."""


@gazetteer.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False))
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False), default=None,
              help="GeoNames alternateNamesV2.txt or .zip: more spellings for the places.")
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="Gazetteer file to import into (default: the cache, ~/.cache/sitreps or $SITREPS_HOME).")
@click.option("--classes", default="PA", show_default=True,
              help="GeoNames feature classes to take: P populated places, A divisions (T, L, S… also work).")
def import_command(dump: str, alternate_names: str | None, db: str | None, classes: str) -> None:
    """Import a GeoNames dump (allCountries.txt/.zip or a country file such as SY.zip) into the gazetteer."""
    import duckdb

    from .importer import import_geonames

    click.echo(f"importing {dump} …", err=True)
    try:
        report = import_geonames(dump, alternate_names=alternate_names, db=db, classes=classes)
    except duckdb.IOException as error:  # another process holds the file
        raise click.ClickException(f"could not write the gazetteer (is sitreps running?): {error}") from error
    rate = report.rows_read / report.seconds if report.seconds else 0.0
    click.echo(f"{report.rows_read} rows read, {report.places_added} places added, {report.divisions_merged} "
               f"divisions merged, {report.names_added} names added in {report.seconds:.1f}s "
               f"({rate:,.0f} rows/s) → {report.db}")


@gazetteer.command("info")
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="Gazetteer file (default: the cache).")
def info(db: str | None) -> None:
    """Where the gazetteer is, what it holds and what was imported into it."""
    import duckdb

    from .gazetteer import Gazetteer

    with Gazetteer.open(db) as gaz:  # built first where missing
        path = gaz.path
    with duckdb.connect(str(path), read_only=True) as con:
        click.echo(f"gazetteer: {path}")
        for kind, n in con.execute("select kind, count(*) from places group by kind order by kind").fetchall():
            click.echo(f"  {kind:<8} {n:>10,}")
        names = con.execute("select count(*) from names").fetchone()[0]  # type: ignore[index]
        click.echo(f"  names    {names:>10,}")
        tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
        if "imports" in tables:
            rows = con.execute("select source, places_added, names_added, seconds, imported_at "
                               "from imports order by imported_at").fetchall()
            for source, added, keys, seconds, at in rows:
                click.echo(f"  imported {source} at {at:%Y-%m-%d %H:%M}: {added:,} places, {keys:,} names, "
                           f"{seconds:.0f}s")


@click.command("places")
@click.argument("path", type=str)
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) used when a record has none.")
@click.option("--format", "fmt", type=click.Choice(("jsonl", "csv")), default="jsonl", show_default=True)
@click.option("--model", default=None, help="Any installed spaCy pipeline, by name.")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False), default=None,
              help="Gazetteer file (default: the cache).")
def places(path: str, published: str | None, fmt: str, model: str | None, gazetteer_path: str | None) -> None:
    """Print every place name found in PATH (a file, a folder, or - for stdin), resolved, one per line."""
    from .. import api
    from .places import ROW_FIELDS, find_places

    try:
        when = date.fromisoformat(published) if published else None
    except ValueError as error:
        raise click.BadParameter(f"{published!r} is not a date like 2015-10-18", param_hint="--published") \
            from error
    failures: list[Failure] = []
    articles: list[Article] = []
    for item in api.read([path], published=when):
        (failures if isinstance(item, Failure) else articles).append(item)  # type: ignore[arg-type]
    started = time.perf_counter()
    writer = csv.DictWriter(sys.stdout, fieldnames=ROW_FIELDS) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    n = 0
    for found in find_places(articles, model=model, gazetteer=gazetteer_path, on_error=failures.append):
        for row in found.rows():
            if writer is not None:
                writer.writerow(row)
            else:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    for f in failures:
        click.echo(f"skipped {f.origin or f.item_id}: {f.error}: {f.message}", err=True)
    click.echo(f"{n} place names in {len(articles)} articles, {time.perf_counter() - started:.1f}s", err=True)


COMMANDS = (gazetteer, places)
