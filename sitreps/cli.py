"""The command line: thin commands over the library functions in ``sitreps.api``."""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import click

from . import __version__, api
from .errors import SitrepsError
from .model import Article, Event, Failure

FORMATS = ("jsonl", "json", "csv")
CSV_COLUMNS = ("id", "article_id", "sentence", "event_type", "mode", "cameo", "source", "source_codes",
               "target", "target_codes", "location", "country", "lat", "lon", "precision", "date_start",
               "date_end", "date_precision", "killed", "injured", "arrested", "claimant", "stance", "modality",
               "confidence", "evidence")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date like 2015-10-18") from error


def flat_row(event: Event) -> dict[str, Any]:
    """One event as a flat row for CSV and tables."""
    q = event.quantities
    loc = event.location
    claimant = event.claim.claimant if event.claim else None
    return {
        "id": event.id, "article_id": event.article_id, "sentence": event.sentence,
        "event_type": event.event_type, "mode": event.mode, "cameo": event.cameo,
        "source": "; ".join(a.name for a in event.source), "source_codes": "; ".join(a.code or "" for a in event.source),
        "target": "; ".join(a.name for a in event.target), "target_codes": "; ".join(a.code or "" for a in event.target),
        "location": loc.name if loc else None, "country": loc.country if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None, "precision": loc.precision if loc else None,
        "date_start": event.date.start.isoformat() if event.date else None,
        "date_end": event.date.end.isoformat() if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "killed": q["killed"].best if "killed" in q else None, "injured": q["injured"].best if "injured" in q else None,
        "arrested": q["arrested"].best if "arrested" in q else None,
        "claimant": claimant.name if claimant else None, "stance": event.claim.stance if event.claim else None,
        "modality": event.modality, "confidence": round(event.confidence, 3), "evidence": event.evidence.text,
    }


def write_events(events: Iterable[Event], fmt: str, out: Any = None) -> int:
    out = out or sys.stdout
    n = 0
    if fmt == "jsonl":
        for e in events:
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        rows = [e.to_dict() for e in events]
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        n = len(rows)
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for e in events:
            writer.writerow(flat_row(e))
            n += 1
    return n


class Group(click.Group):
    """Turns sitreps' own errors into a one-line message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SitrepsError as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=Group)
@click.version_option(__version__, prog_name="sitreps")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """sitreps: who did what to whom, where, when, how many, and who says so, from news reports."""
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2), format="%(levelname)s %(name)s: %(message)s")


def knowledge_options(fn: Any) -> Any:
    """--actors and --triggers: the user's own knowledge-base and trigger files."""
    fn = click.option("--triggers", multiple=True, type=click.Path(exists=True, dir_okay=False),
                      help="Extra event-trigger file (TSV, as sitreps/data/lexicon/triggers.tsv, or a PETRARCH "
                           "verb dictionary, .txt); repeatable.")(fn)
    return click.option("--actors", multiple=True, type=click.Path(exists=True, dir_okay=False),
                        help="Extra actor file: JSON Lines as in sitreps/data/kb/, or a PETRARCH actor or agent "
                             "dictionary (.txt); repeatable.")(fn)


def _country(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from .read.jsonl import country_code

    code = country_code(value)
    if code is None:
        raise click.BadParameter(f"{value!r} is not a country (give its ISO3 code, e.g. KEN)")
    return code


def country_option(fn: Any) -> Any:
    """--country: the country a collection is known to be about."""
    return click.option("--country", callback=_country, metavar="ISO3",
                        help="The country the articles are about (ISO3, e.g. KEN): place names prefer it, and an "
                             "event with no place of its own is put in it at country precision. A record's own "
                             "'country' field wins.")(fn)


def future_option(fn: Any) -> Any:
    """``--future-as-act``: PETRARCH's convention for promised and future acts instead of PLOVER's."""
    return click.option("--future-as-act", is_flag=True,
                        help="Code promised and future acts as the act itself with modality 'planned' (as PETRARCH "
                             "and CAMEO dictionaries do) instead of PLOVER's AGREE, CONCEDE and THREATEN.")(fn)


@cli.command()
@click.argument("path", type=str)
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) used when a record has none.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--model", default=None, help="Any installed spaCy pipeline, by name.")
@knowledge_options
@future_option
@country_option
def extract(path: str, published: date | None, fmt: str, model: str | None, actors: tuple[str, ...],
            triggers: tuple[str, ...], future_as_act: bool, country: str | None) -> None:
    """Print the events in PATH (a file, a folder, or - for stdin) without a database."""
    failures: list[Failure] = []
    articles: list[Article] = []
    for item in api.read([path], published=published):
        (failures if isinstance(item, Failure) else articles).append(item)  # type: ignore[arg-type]
    coded = api.code_articles(articles, model=model, on_error=failures.append, actors=actors, triggers=triggers,
                              intentions=not future_as_act, country=country)
    events = (e for packet in coded for e in packet.events)
    write_events(events, fmt)
    for f in failures:
        click.echo(f"skipped {f.origin or f.item_id}: {f.error}: {f.message}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=str)
@click.option("--db", default="sitreps.duckdb", show_default=True, help="Database file to write to.")
@click.option("--published", callback=_date, help="Publication date used when a record has none.")
@click.option("--model", default=None, help="Any installed spaCy pipeline, by name.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes that code articles (default: the machine's cores); this process writes.")
@click.option("--dask", "dask_address", is_flag=False, flag_value="", default=None, metavar="[ADDRESS]",
              help="Code on a Dask cluster: the scheduler at ADDRESS, or a new local one of --workers processes "
                   "when none is given (needs sitreps[dask]); shards go to DB.shards/.")
@click.option("--parse-all", is_flag=True, help="Parse every sentence, not only those that can hold an event.")
@click.option("--max-chars", type=click.IntRange(min=1), default=None,
              help="Size limit: a longer text is a recorded too-long failure (default 20,000,000 characters; "
                   "texts over 20,000 are coded in sections).")
@click.option("--batch-size", type=click.IntRange(min=1), default=100, show_default=True,
              help="Articles written per transaction (a run killed midway loses at most one batch's work).")
@knowledge_options
@future_option
@country_option
def ingest(paths: tuple[str, ...], db: str, published: date | None, model: str | None, workers: int | None,
           dask_address: str | None, parse_all: bool, max_chars: int | None, batch_size: int, actors: tuple[str, ...], triggers: tuple[str, ...], future_as_act: bool,
           country: str | None) -> None:
    """Read articles from PATHS, code their events and store them in the database."""
    from .run.local import default_workers

    n = workers or default_workers()
    report = _with_progress(lambda progress: api.ingest(paths, db=db, published=published, model=model,
                                                       progress=progress, actors=actors, triggers=triggers,
                                                       intentions=not future_as_act, country=country,
                                                       workers=n, skim=not parse_all, batch_size=batch_size,
                                                       max_chars=max_chars, dask=dask_address))
    _print_report(report)


@cli.command()
@click.option("--db", default="sitreps.duckdb", show_default=True, help="Database file to read.")
def failures(db: str) -> None:
    """List the inputs that could not be read or coded, with the reason."""
    from .store import open_store

    _require_db(db)
    with open_store(db, read_only=True) as store:
        for f in store.failures():
            click.echo(f"{f.stage}\t{f.error}\t{f.origin or f.item_id}\t{f.message}")


@cli.command()
@click.option("--db", default="sitreps-demo.duckdb", show_default=True, help="Database file to (re)create.")
def demo(db: str) -> None:
    """Run the bundled sample news through the whole pipeline into a fresh database, then summarise."""
    from .store import open_store

    for suffix in ("", ".wal"):
        Path(db + suffix).unlink(missing_ok=True)
    click.echo(f"Reading the bundled sample corpus in {api.sample_dir()}")
    report = _with_progress(lambda progress: api.ingest((), db=db, progress=progress, articles=api.sample_articles()))
    _print_report(report)
    from .incidents import query_incidents
    from .report import print_incidents, print_pages, print_summary

    with open_store(db, read_only=True) as store:
        events, counts = list(store.events()), store.counts()
        outlets = {a.id: a.outlet for a in store.articles() if a.outlet}
    print_incidents(query_incidents(db), outlets)
    print_pages(api.articles(db=db))
    print_summary(events, counts)
    click.echo(f"\nNext, try:\n  sitreps incidents --db {db}\n  sitreps events --db {db} --type ASSAULT"
               " --country Syria\n"
               f"  sitreps summary --db {db} --by country\n  sitreps export --db {db} --format geojson --incidents "
               f"incidents.geojson\n  sitreps serve --db {db}   (the map: http://127.0.0.1:8000/)")


def _require_db(db: str) -> None:
    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")


def _with_progress(job: Any) -> api.IngestReport:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("coding"), BarColumn(), TextColumn("{task.completed} articles"),
               TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn())
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("coding", total=None, rate=0.0)

        def progress(n: int) -> None:
            bar.advance(task, n)
            elapsed = bar.tasks[task].elapsed or 0
            bar.update(task, rate=bar.tasks[task].completed / elapsed if elapsed else 0.0)

        return job(progress)


def _print_report(report: api.IngestReport) -> None:
    import shutil
    import textwrap

    if report.interrupted_runs:
        click.echo(f"going on after {report.interrupted_runs} interrupted run(s): {report.articles_seen} articles "
                   f"already stored were skipped")
    line = (f"{report.articles_read} articles read ({report.articles_new} new, {report.articles_seen} already "
            f"stored), {report.events} events, {report.failures} failures, in {report.seconds:.1f}s "
            f"({report.articles_per_second:.1f} articles/s) → {report.db}")
    click.echo(textwrap.fill(line, max(40, shutil.get_terminal_size().columns), break_long_words=False,
                             break_on_hyphens=False))
    for kind, n in sorted(report.failure_kinds.items()):
        click.echo(f"  failures: {n} × {kind}")
    if report.worker_peak_rss_mb:
        click.echo(f"  {report.workers} worker processes, peak memory {report.worker_peak_rss_mb:.0f} MiB "
                   f"(the largest)")


def main() -> None:
    cli()


def _add_commands() -> None:
    from .evaluate.command import evaluate
    from .export.commands import export_command, summary_command
    from .geo.commands import gazetteer, places
    from .provenance.commands import provenance
    from .query.commands import articles, events, incidents
    from .serve.commands import serve

    for command in (evaluate, gazetteer, incidents, places, export_command, summary_command, provenance, events,
                    articles, serve):
        cli.add_command(command)


_add_commands()
