"""The command line: thin commands over the library functions in ``sitreps.api``."""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from . import __version__, api
from .errors import SitrepsError, store_failure
from .model import Article, Event, Failure
from .store.options import store_option
from .store.target import exists

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


def write_events(events: Iterable[Event], fmt: str, out: Any = None, *, flush: bool = False) -> int:
    """Events as JSON Lines, one JSON list or CSV, written as they come (``flush``: each one flushed, so a
    reader of the pipe sees it at once)."""
    out = out or sys.stdout
    n = 0
    if fmt == "jsonl":
        for e in events:
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            n += 1
            if flush:
                out.flush()
    elif fmt == "json":
        out.write("[")
        for e in events:
            out.write(("," if n else "") + "\n" + textwrap.indent(json.dumps(e.to_dict(), ensure_ascii=False,
                                                                             indent=2), "  "))
            n += 1
            if flush:
                out.flush()
        out.write("\n]\n" if n else "]\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for e in events:
            writer.writerow(flat_row(e))
            n += 1
            if flush:
                out.flush()
    return n


class Group(click.Group):
    """Turns sitreps' own errors into a one-line message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SitrepsError as error:
            raise click.ClickException(str(error)) from error
        except Exception as error:
            if not type(error).__module__.startswith(("duckdb", "_duckdb")):
                raise
            # a database error not met where the store is opened: the disk full, a damaged file
            raise click.ClickException(str(store_failure("the store (--db)", error))) from error


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


def input_options(fn: Any) -> Any:
    """--include and --exclude: glob patterns choosing the files to read."""
    fn = click.option("--exclude", multiple=True, metavar="GLOB",
                      help="Leave out files matching this pattern (tried on the name, the path below the folder "
                           "and the whole path; * crosses folders); repeatable.")(fn)
    return click.option("--include", multiple=True, metavar="GLOB",
                        help="Read only files matching this pattern; it also reads documentation a folder walk "
                             "skips (README*, LICENSE*, *.md, …); repeatable.")(fn)


def _check_paths(paths: Iterable[str]) -> None:
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise click.ClickException("there is no file or folder at " + ", ".join(map(repr, missing)))


def _nothing_readable(paths: Iterable[str], failures: dict[str, int]) -> click.ClickException:
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(failures.items())) or "no inputs found"
    return click.ClickException(f"nothing readable in {', '.join(paths)} ({kinds})")


@cli.command()
@click.argument("path", type=str)
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) used when a record has none.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--model", default=None, help="Any installed spaCy pipeline, by name.")
@input_options
@knowledge_options
@future_option
@country_option
def extract(path: str, published: date | None, fmt: str, model: str | None, include: tuple[str, ...],
            exclude: tuple[str, ...], actors: tuple[str, ...], triggers: tuple[str, ...], future_as_act: bool,
            country: str | None) -> None:
    """Print the events in PATH (a file, a folder, or - for stdin) without a database, as they are coded."""
    _check_paths([path])
    failed: dict[str, int] = {}
    read = 0

    def skipped(f: Failure) -> None:
        failed[f.error] = failed.get(f.error, 0) + 1
        click.echo(f"skipped {f.origin or f.item_id}: {f.error}: {f.message}", err=True)

    with _progress("extracting", _total([path], include, exclude)) as advance:
        def articles() -> Iterator[Article]:
            nonlocal read
            for item in api.read([path], published=published, include=include, exclude=exclude):
                if isinstance(item, Failure):
                    skipped(item)
                    advance(1)
                else:
                    read += 1
                    yield item

        coded = api.code_articles(articles(), model=model, on_error=skipped, actors=actors, triggers=triggers,
                                  intentions=not future_as_act, country=country)
        write_events((e for packet in _advancing(coded, advance) for e in packet.events), fmt, flush=True)
    if not read:
        raise _nothing_readable([path], failed)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=str)
@store_option("Database to write to")
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
@input_options
@knowledge_options
@future_option
@country_option
def ingest(paths: tuple[str, ...], db: str, published: date | None, model: str | None, workers: int | None,
           dask_address: str | None, parse_all: bool, max_chars: int | None, batch_size: int,
           include: tuple[str, ...], exclude: tuple[str, ...], actors: tuple[str, ...], triggers: tuple[str, ...],
           future_as_act: bool, country: str | None) -> None:
    """Read articles from PATHS, code their events and store them in the database."""
    from .run.local import default_workers

    _check_paths(paths)
    n = workers or default_workers()
    report = _with_progress(lambda progress: api.ingest(paths, db=db, published=published, model=model,
                                                       progress=progress, actors=actors, triggers=triggers,
                                                       intentions=not future_as_act, country=country,
                                                       include=include, exclude=exclude, workers=n,
                                                       skim=not parse_all, batch_size=batch_size,
                                                       max_chars=max_chars, dask=dask_address),
                            total=_total(paths, include, exclude))
    _print_report(report)
    if not report.articles_read:
        raise _nothing_readable(paths, report.failure_kinds)


@cli.command()
@store_option("Database to read")
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
    if not exists(db):
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")


def _total(paths: Iterable[str], include: Iterable[str], exclude: Iterable[str]) -> int | None:
    """About how many records the inputs hold, for the bar's total and ETA; None without a terminal (no
    bar to show) or with stdin."""
    if not sys.stderr.isatty():
        return None
    from .read import count_records

    return count_records(paths, include=include, exclude=exclude)


@contextlib.contextmanager
def _progress(label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (when it is a terminal): records done, of about how many, rate and ETA."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    done = "{task.completed}/~{task.total} records" if total else "{task.completed} records"
    columns = (TextColumn(label), BarColumn(), TextColumn(done), TextColumn("{task.fields[rate]:.1f}/s"),
               TimeElapsedColumn(), *((TextColumn("ETA"), TimeRemainingColumn()) if total else ()))
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(label, total=total, rate=0.0)

        def advance(n: int) -> None:
            bar.advance(task, n)
            elapsed = bar.tasks[task].elapsed or 0
            bar.update(task, rate=bar.tasks[task].completed / elapsed if elapsed else 0.0)

        yield advance


def _advancing(items: Iterable[Any], advance: Callable[[int], None]) -> Iterator[Any]:
    for item in items:
        advance(1)
        yield item


def _with_progress(job: Any, total: int | None = None) -> api.IngestReport:
    with _progress("coding", total) as advance:
        return job(advance)  # type: ignore[no-any-return]


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
    from .feeds.commands import watch_command
    from .geo.commands import gazetteer, places
    from .provenance.commands import provenance
    from .query.commands import articles, events, incidents
    from .review.commands import review
    from .serve.commands import serve

    for command in (evaluate, gazetteer, incidents, places, export_command, summary_command, provenance, events,
                    articles, serve, watch_command, review):
        cli.add_command(command)


_add_commands()
