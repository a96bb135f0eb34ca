"""``sitreps watch FEEDS.txt [--every 15m] [--once]``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from .watch import RoundReport, parse_every, watch


def _every(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        seconds = parse_every(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error
    if seconds < 1:
        raise click.BadParameter("the period must be at least one second")
    return seconds


def _print(report: RoundReport) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    for feed in report.feeds:
        if feed.error:
            what = f"error: {feed.error}"
        elif feed.status == 304:
            what = "not modified"
        else:
            what = f"{feed.items} items, {feed.new} new"
        click.echo(f"{stamp}  {feed.url}: {what}")
    click.echo(f"{stamp}  {report.articles_new} new articles, {report.events} events, {report.failures} "
               f"failures, in {report.seconds:.1f}s")


@click.command("watch")
@click.argument("feeds", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", default="sitreps.duckdb", show_default=True, help="Database file to write to.")
@click.option("--every", default="15m", show_default=True, callback=_every,
              help="How often to poll: 15m, 1h, 1h30m, 90s.")
@click.option("--once", is_flag=True, help="Poll every feed once, then stop.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for a feed's answer.")
@click.option("--model", default=None, help="Any installed spaCy pipeline, by name.")
def watch_command(feeds: str, db: str, every: float, once: bool, timeout: float, model: str | None) -> None:
    """Poll the RSS/Atom feeds listed in FEEDS (one URL a line) and ingest their new items.

    Each request sends back the feed's ETag and Last-Modified, so an unchanged feed costs one 304; an item
    is taken in once (by its id, else its link), and the store records what each feed gave (``feeds``,
    ``feed_items``). Safe to stop (Ctrl-C) and start again."""
    options: dict[str, Any] = {"timeout": timeout}
    if model:
        options["model"] = model
    try:
        watch(feeds, db=db, every=every, once=once, on_round=_print, **options)
    except KeyboardInterrupt:
        click.echo("stopped; what each feed gave is stored, and the next start goes on from there", err=True)
