"""``sitreps events``, ``sitreps incidents`` and ``sitreps articles``: thin commands over the query layer.

Each prints how many records match; tables are one block per record, wrapped at the terminal's width without
breaking a word, so they read at 80 columns.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable
from typing import Any

import click

from ..store.options import store_option
from ..store.target import exists
from .filters import Filters, QueryError
from .lists import page, stream

TABLE_ROWS = 25  # records a table shows unless --limit says otherwise


def filter_options(fn: Callable[..., Any] | None = None, *, lists: bool = True) -> Any:
    """The query layer's filters as options (the same names as the HTTP API's parameters), with ``--db``;
    ``lists``: also ``--sort`` and ``--limit``. Use as ``@filter_options`` or ``@filter_options(lists=False)``."""
    if fn is None:
        return lambda f: _filter_options(f, lists)
    return _filter_options(fn, lists)


def _filter_options(fn: Callable[..., Any], lists: bool) -> Callable[..., Any]:
    options = (
        ("--type", "PLOVER event type(s), comma-separated, e.g. ASSAULT or ASSAULT,COERCE."),
        ("--mode", "PLOVER mode, e.g. arrest, air, firearms."),
        ("--actor", "Source or target: a code (RUS), a name or alias (Russia) or part of a name."),
        ("--country", "Country of the place: ISO3 (SYR), ISO2 or a name (Syria); comma-separated."),
        ("--admin1", "First-level region of the place."),
        ("--bbox", "west,south,east,north in degrees."),
        ("--since", "On or after: a year (2020), a month (2020-03) or a day (2020-03-05)."),
        ("--until", "On or before: a year, a month or a day (to its end)."),
        ("--claimant", "Who says so: a code, name, alias or part of a name."),
        ("--stance", "asserted, reported, claimed or denied."),
        ("--modality", "asserted, negated, planned, threatened or hypothetical."),
        ("--disputed", "true: only incidents (or their events) with disputed figures; false: none."),
        ("--min-confidence", "Least confidence, 0..1."),
        ("--outlet", "The outlet that published the article."),
        ("--article", "An article id."),
        ("--q", "Words in the evidence (articles: in the title or text)."),
    )
    for name, text in reversed(options):
        fn = click.option(name, help=text)(fn)
    fn = store_option("Database to read")(fn)
    fn = click.option("--machine", is_flag=True, default=False,
                      help="The coder's output as it wrote it, without the analysts' corrections.")(fn)
    if not lists:
        return fn
    fn = click.option("--sort", help="Sort key (events: date, confidence, killed; incidents: date, killed, "
                                     "sources; articles: published, outlet); '-' before it for descending.")(fn)
    return click.option("--limit", type=click.IntRange(min=1), default=None,
                        help=f"At most this many records (a table shows {TABLE_ROWS} unless told).")(fn)


def filters_from(options: dict[str, Any]) -> Filters:
    """The filters of a command's options; a bad one is a usage error naming its option."""
    try:
        return Filters.parse(type=options["type"], mode=options["mode"], actor=options["actor"],
                             country=options["country"], admin1=options["admin1"], bbox=options["bbox"],
                             since=options["since"], until=options["until"], claimant=options["claimant"],
                             stance=options["stance"], modality=options["modality"], disputed=options["disputed"],
                             min_confidence=options["min_confidence"], outlet=options["outlet"],
                             article=options["article"], q=options["q"], stitched=options.get("stitched"),
                             spun=options.get("spun"), duplicates=options.get("duplicates"),
                             view="machine" if options.get("machine") else None)
    except QueryError as error:
        raise click.BadParameter(str(error).split(": ", 1)[1], param_hint=f"--{error.field.replace('_', '-')}") \
            from error


def _open(db: str) -> Any:
    from ..store import open_store

    if not exists(db):
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")
    return open_store(db, read_only=True)


def _run(name: str, options: dict[str, Any], fmt: str, block: Callable[[dict[str, Any]], list[str]],
         write: Callable[[Iterable[dict[str, Any]]], int]) -> None:
    """Count the matches, then print a table of blocks or every record in ``fmt``."""
    filters = filters_from(options)
    with _open(options["db"]) as store:
        conn = store.conn
        try:
            if fmt == "table":
                limit = options["limit"] or TABLE_ROWS
                found = page(conn, name, filters, sort=options["sort"], limit=min(limit, 1000))
                _print_blocks([block(r) for r in found.items])
                shown = len(found.items)
                more = f"; showing the first {shown} (--limit for more)" if shown < found.total else ""
                click.echo(f"{found.total} {name} match{more}")
                return
            from .lists import count

            total = count(conn, name, filters)
            write(stream(conn, name, filters, sort=options["sort"], limit=options["limit"]))
            if sys.stderr.isatty():  # a person is watching; a pipe or a script gets only the records
                click.echo(f"{total} {name} match", err=True)
        except QueryError as error:
            raise click.UsageError(str(error)) from error


def _print_blocks(blocks: list[list[str]]) -> None:
    """Each record as lines: the first flush left, the rest indented, every line wrapped at the terminal's
    width without breaking a word or a hyphenated name."""
    width = max(40, shutil.get_terminal_size().columns)
    for lines in blocks:
        for number, line in enumerate(lines):
            indent = "" if number == 0 else "  "
            click.echo(textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent + "  ",
                                     break_long_words=False, break_on_hyphens=False))
        click.echo("")


def _place(loc: dict[str, Any] | None) -> str:
    if not loc:
        return "no place"
    return f"{loc.get('name') or '?'}, {loc.get('country') or '?'} ({loc.get('precision') or '?'})"


def _when(when: dict[str, Any] | None) -> str:
    if not when:
        return "undated"
    span = when["start"] + (f"..{when['end']}" if when.get("end") and when["end"] != when["start"] else "")
    return f"{span} ({when.get('precision')})" if when.get("precision") else span


def _actors(actors: list[dict[str, Any]] | None) -> str:
    return ", ".join(f"{a.get('name')} [{' '.join(x for x in (a.get('code'), a.get('sector')) if x) or '?'}]"
                     for a in actors or []) or "-"


def figures_line(quantities: dict[str, Any] | None) -> str:
    parts = []
    for kind, q in (quantities or {}).items():
        low, best, high = q.get("low"), q.get("best"), q.get("high")
        told = f"{best}" if low == high else f"{low}-{high}, best {best}"
        parts.append(f"{kind} {told}" + (" DISPUTED" if q.get("disputed") else ""))
    return "; ".join(parts)


def event_block(r: dict[str, Any]) -> list[str]:
    """An event as lines: what, when, where and how many; who to whom; who says so; the words."""
    claim = r.get("claim") or {}
    claimant = (claim.get("claimant") or {}).get("name") or "outlet"
    figures = figures_line(r.get("quantities"))
    head = " · ".join(x for x in (r["event_type"] + (f"/{r['mode']}" if r.get("mode") else ""), _when(r.get("date")),
                                  _place(r.get("location")), figures) if x)
    words = " ".join(((r.get("evidence") or {}).get("text") or "").split())
    words = words if len(words) <= 200 else words[:197] + "..."
    return [head, f"{_actors(r.get('source'))} -> {_actors(r.get('target'))}",
            (f"{claimant} ({claim.get('stance', 'asserted')}), {r.get('modality')}, confidence "
             f"{r.get('confidence', 0):.2f}, trigger '{r.get('trigger')}'"), f'"{words}"',
            f"event {r['id']}, article {r['article_id']}"]


def incident_block(r: dict[str, Any]) -> list[str]:
    """An incident as lines: what, when, where and the merged figures; who to whom; its tellings."""
    head = " · ".join(x for x in (r["event_type"] + (f"/{r['mode']}" if r.get("mode") else ""), _when(r.get("date")),
                                  _place(r.get("location")), figures_line(r.get("quantities"))) if x)
    claimants = sorted({(c.get("claimant") or {}).get("name") or "outlet" for c in r.get("claims") or []})
    return [head, f"{_actors(r.get('source'))} -> {_actors(r.get('target'))}",
            (f"{len(r.get('claims') or [])} claims by {', '.join(claimants) or '-'}; "
             f"{len(r.get('articles') or [])} articles; sources: {', '.join(r.get('sources') or []) or '?'}"),
            f"incident {r['id']}"]


def article_block(r: dict[str, Any]) -> list[str]:
    """An article as lines: when, where from, title; its events and url; its provenance where known."""
    lines = [f"{r.get('published') or 'undated'} · {r.get('outlet') or 'unknown outlet'} · {r.get('title') or '-'}",
             f"{r.get('events', 0)} events; {r.get('url') or 'no url'}"]
    badges = []
    if r.get("duplicate_of"):
        badges.append(f"copy of {r['duplicate_of']}")
    if r.get("duplicates"):
        badges.append(f"{len(r['duplicates'])} near-copies stored")
    for name in ("stitched", "spun"):
        if (r.get(name) or {}).get("score", 0) >= 0.5:
            badges.append(f"{name} {r[name]['score']:.2f}")
    trust = r.get("reliability") or {}
    if trust:
        reasons = "; ".join(trust.get("reasons") or [])
        badges.append(f"reliability {trust.get('score', 0):.2f}" + (f" ({reasons})" if reasons else ""))
    if badges:
        lines.append(", ".join(badges))
    return [*lines, f"article {r['id']}"]


def _jsonl(records: Iterable[dict[str, Any]]) -> int:
    n = 0
    for record in records:
        click.echo(json.dumps(record, ensure_ascii=False))
        n += 1
    return n


@click.command("events")
@filter_options
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl", "json", "csv")), default="table",
              show_default=True)
def events(fmt: str, **options: Any) -> None:
    """Query the stored events (the filters are those of the HTTP API; see docs/api.md)."""
    from ..cli import write_events
    from ..model import Event

    _run("events", options, fmt, event_block,
         lambda records: write_events((Event.from_dict(r) for r in records), fmt))


@click.group("incidents", invoke_without_command=True)
@filter_options
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl", "csv")), default="table", show_default=True)
@click.pass_context
def incidents(ctx: click.Context, fmt: str, **options: Any) -> None:
    """Query the incidents built from the stored events (``sitreps incidents build`` makes them)."""
    if ctx.invoked_subcommand is not None:
        return
    from ..incidents import Incident
    from ..incidents.commands import write_incidents

    _run("incidents", options, fmt, incident_block,
         lambda records: write_incidents((Incident.from_dict(r) for r in records), fmt))


def _add_build() -> None:
    from ..incidents.commands import build

    incidents.add_command(build)


_add_build()


@click.command("articles")
@filter_options
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
@click.option("--stitched", is_flag=True, default=None, help="Only pages stitched from several stories (score ≥ 0.5).")
@click.option("--spun", is_flag=True, default=None, help="Only pages with spun names (score ≥ 0.5).")
@click.option("--duplicates", is_flag=True, default=None,
              help="Only articles that are near-copies or have stored near-copies.")
def articles(fmt: str, **options: Any) -> None:
    """The stored articles with their provenance (JSON Lines: id, url, title, outlet, published, byline, lang,
    origin, events, and duplicate_of, duplicates, reuse, stitched, spun, reliability once `sitreps provenance
    build` has run)."""
    _run("articles", options, fmt, article_block, _jsonl)
