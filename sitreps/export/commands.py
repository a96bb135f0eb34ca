"""``sitreps export`` and ``sitreps summary``: thin commands over ``sitreps.export``."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from ..query.commands import filter_options, filters_from
from ..store.options import store_option
from ..store.target import exists
from .run import FORMATS
from .summary import BY


def _require_db(db: str) -> None:
    if not exists(db):
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")


@click.command("export")
@click.argument("out", type=str)
@store_option("Database to read")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="parquet and gdelt write a folder (OUT); the others one file (OUT, or - for stdout).")
@click.option("--incidents", is_flag=True,
              help="Export incidents (one record per real-world incident, every telling kept) instead of "
                   "event tellings; needs `sitreps incidents build` first.")
@click.option("--machine", is_flag=True, help="The coder's output as it wrote it, without the analysts' corrections.")
def export_command(out: str, db: str, fmt: str, incidents: bool, machine: bool) -> None:
    """Write the store's events (or incidents) as Parquet, PLOVER, GDELT, ACLED, GeoJSON or CSV to OUT."""
    from . import export

    _require_db(db)
    try:
        counts = export(db, fmt, out, incidents=incidents, view="machine" if machine else "corrected")
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    if out != "-":
        click.echo(", ".join(f"{n} rows → {name}" for name, n in counts.items()), err=True)


@click.command("summary")
@click.option("--by", "by", type=click.Choice(BY), required=True, help="What to group by.")
@click.option("--format", "fmt", type=click.Choice(("table", "csv", "jsonl")), default="table", show_default=True)
@filter_options(lists=False)
def summary_command(db: str, by: str, fmt: str, **options: Any) -> None:
    """Counts per group: incidents and disputed ones, events, killed low/best/high (docs/exports.md says how),
    of the events and incidents the filters keep (those of ``sitreps events``)."""
    from . import summary

    _require_db(db)
    filters = filters_from(options)
    rows = summary(db, by, filters)
    if fmt == "table":
        click.echo(_matches(db, filters))
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        columns = list(rows[0]) if rows else ["group"]
        writer = csv.DictWriter(sys.stdout, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    else:
        _print_table(rows, by)


def _matches(db: str, filters: Any) -> str:
    """"N events match, M incidents": how many the filters keep (an incident counts once however grouped)."""
    from ..query import count
    from ..query.lists import has_table
    from ..store import open_store

    with open_store(db, read_only=True) as store:
        events = count(store.conn, "events", filters)
        incidents = count(store.conn, "incidents", filters) if has_table(store.conn, "incidents") else None
    return f"{events} events match" + (f", {incidents} incidents" if incidents is not None else "")


def _print_table(rows: list[dict[str, Any]], by: str) -> None:
    """The rows with each low/best/high triple in one column ("12-12-20"), so it fits a terminal; on a terminal
    narrower than the table, one line per group, wrapped without breaking a word."""
    import shutil
    import textwrap

    from rich.console import Console
    from rich.table import Table

    width = shutil.get_terminal_size().columns
    if width < 120:
        for row in rows:
            text = f"{row['group']}: "
            if "incidents" in row:
                text += (f"{row['incidents']} incidents ({row['disputed_incidents']} disputed), killed "
                         + "-".join(str(row[f"incident_killed_{b}"]) for b in ("low", "best", "high")) + "; ")
            text += (f"{row['events']} events, killed "
                     + "-".join(str(row[f"event_killed_{b}"]) for b in ("low", "best", "high"))
                     + f", {row['aggregate_tellings']} aggregate tellings")
            click.echo(textwrap.fill(text, width, subsequent_indent="    ", break_long_words=False,
                                     break_on_hyphens=False))
        click.echo(textwrap.fill("killed: low-best-high summed; events' sums leave out aggregate tellings "
                                 "(counted apart) and add up every telling of an incident, so read the incidents' "
                                 "sums first.", width, break_long_words=False, break_on_hyphens=False))
        return

    table = Table(title=f"by {by}")
    columns: list[tuple[str, tuple[str, ...]]] = [(by, ("group",))]
    if rows and "incidents" in rows[0]:
        columns += [("incidents", ("incidents",)), ("disputed", ("disputed_incidents",)),
                    ("killed (incidents)", tuple(f"incident_killed_{b}" for b in ("low", "best", "high")))]
    columns += [("events", ("events",)),
                ("killed (events)", tuple(f"event_killed_{b}" for b in ("low", "best", "high"))),
                ("aggregate", ("aggregate_tellings",))]
    for title, _ in columns:
        table.add_column(title, justify="left" if title == by else "right")
    for row in rows:
        table.add_row(*("-".join(str(row[k]) for k in keys) for _, keys in columns))
    Console().print(table)
    Console().print("killed: low-best-high summed; events' sums leave out aggregate tellings (counted apart) "
                    "and add up every telling of an incident, so read the incidents' sums first.",
                    style="dim")


COMMANDS = (export_command, summary_command)
