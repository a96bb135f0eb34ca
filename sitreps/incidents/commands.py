"""``sitreps incidents build`` (a thin layer over ``build_incidents``) and the incidents' CSV and table writer;
the ``sitreps incidents`` list itself is the query layer's (sitreps/query/commands.py)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import click

from ..store.options import store_option
from ..store.target import exists
from .model import Incident
from .settings import Settings

CSV_COLUMNS = ("id", "event_type", "mode", "location", "country", "admin1", "lat", "lon", "precision",
               "date_start", "date_end", "date_precision", "killed_low", "killed_best", "killed_high",
               "injured_best", "disputed", "source", "target", "claims", "articles", "sources", "first_seen",
               "last_seen")


def flat(incident: Incident) -> dict[str, Any]:
    """One incident as a flat row for CSV and tables."""
    loc, when, q = incident.location, incident.date, incident.quantities
    killed, injured = q.get("killed"), q.get("injured")
    return {
        "id": incident.id, "event_type": incident.event_type, "mode": incident.mode,
        "location": loc.name if loc else None, "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None, "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "precision": loc.precision if loc else None,
        "date_start": when.start.isoformat() if when else None, "date_end": when.end.isoformat() if when else None,
        "date_precision": when.precision if when else None,
        "killed_low": killed.low if killed else None, "killed_best": killed.best if killed else None,
        "killed_high": killed.high if killed else None, "injured_best": injured.best if injured else None,
        "disputed": any(f.disputed for f in q.values()),
        "source": "; ".join(a.name for a in incident.source), "target": "; ".join(a.name for a in incident.target),
        "claims": len(incident.claims), "articles": len(incident.articles), "sources": "; ".join(incident.sources),
        "first_seen": incident.first_seen.isoformat() if incident.first_seen else None,
        "last_seen": incident.last_seen.isoformat() if incident.last_seen else None,
    }


def _top(actors: Iterable[Any], n: int = 2) -> str:
    return "; ".join(a.name for a in list(actors)[:n])


EVERY_LINE = ("killed", "injured")  # the figures every JSON line gives, null where no telling gives one


def line_record(incident: Incident) -> dict[str, Any]:
    """An incident as one JSON line: its record, with the same keys on every line (killed and injured, the
    place and the date as objects, their values null where the tellings give none), for line readers."""
    record = incident.to_dict()
    for kind in EVERY_LINE:
        record["quantities"].setdefault(kind, {"low": None, "best": None, "high": None, "disputed": False})
    if record["location"] is None:
        record["location"] = {"name": None, "country": None, "admin1": None, "lat": None, "lon": None,
                              "precision": "unknown", "reason": "no telling of it has a place"}
    if record["date"] is None:
        record["date"] = {"start": None, "end": None, "precision": None}
    return record


def write_incidents(found: Iterable[Incident], fmt: str, out: Any = None) -> int:
    out = out or sys.stdout
    n = 0
    if fmt == "jsonl":
        for incident in found:
            out.write(json.dumps(line_record(incident), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for incident in found:
            writer.writerow(flat(incident))
            n += 1
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("date", "type", "place", "killed (low/best/high)", "claims", "articles", "source → target")
        for incident in found:
            row = flat(incident)
            killed = "" if row["killed_best"] is None else \
                f"{row['killed_low']}/{row['killed_best']}/{row['killed_high']}" + (" disputed" if row["disputed"] else "")
            table.add_row(row["date_start"] or "", incident.event_type, row["location"] or "", killed,
                          str(row["claims"]), str(row["articles"]),
                          f"{_top(incident.source)} → {_top(incident.target)}")
            n += 1
        Console().print(table)
    return n


def _require(db: str) -> None:
    if not exists(db):
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")


def threshold_options(fn: Any) -> Any:
    """The main thresholds of ``Settings`` as options."""
    defaults = Settings()
    for name, help_text in (
            ("join", "Least score for a telling to join an incident instead of starting one."),
            ("max_km", "Point or city places further apart than this are never one incident (unless --text-over-km)."),
            ("min_confidence", "Tellings below this confidence never place their article in an incident."),
            ("text_min", "Below this cosine of their word profiles two groups are never one incident."),
            ("text_full", "Cosine of two articles' word profiles that counts as full agreement."),
            ("text_sure", "From this word cosine on, places in two countries do not veto a join."),
            ("text_over_km", ("From this word cosine on (and one names the other's town), places over --max-km "
                              "apart do not veto a join.")),
            ("strongest", "Share of the closest article pair in the link between two groups (0: average link)."),
            ("name_rare", ("Share of a build's articles under which a proper name is rare: groups whose ledes give rare "
                           "names, none in the other's reports, are two incidents (0: off)."))):
        fn = click.option(f"--{name.replace('_', '-')}", name, type=float, default=getattr(defaults, name),
                          show_default=True, help=help_text)(fn)
    fn = click.option("--fold-undated/--no-fold-undated", "fold_undated", default=defaults.fold_undated,
                      show_default=True, help=("A telling whose sentence gives no date joins its article's main "
                                               "incident (a reaction, an arrest, the wounded) where it fits no other."))(fn)
    return click.option("--units-per-article", "units_per_article", type=click.IntRange(min=1),
                        default=defaults.units_per_article, show_default=True,
                        help="Incidents one article may be placed in (its weightiest groups of tellings).")(fn)


@click.command("build")
@store_option("Database to update")
@click.option("--rebuild", is_flag=True, help="Forget every incident and group all stored events again.")
@threshold_options
def build(db: str, rebuild: bool, **thresholds: Any) -> None:
    """Group the stored events not yet placed into incidents (all of them with --rebuild)."""
    from ..review.records import refresh_if_stale
    from ..store import open_store
    from .build import build_incidents

    _require(db)
    settings = replace(Settings(), **thresholds)
    with open_store(db) as store:
        report = build_incidents(store, settings, rebuild=rebuild)
        refresh_if_stale(store._conn)  # analysts' corrections over the regrouped incidents
    click.echo(f"{report.events} events placed: {report.incidents_new} new incidents, {report.incidents_changed} "
               f"changed, {report.left_out} events in none, {report.aggregates} aggregate tellings; "
               f"{report.incidents_total} incidents in {db} ({report.seconds:.1f}s)")
