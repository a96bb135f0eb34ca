"""``sitreps review add|list|refresh``: thin commands over ``sitreps.review``."""

from __future__ import annotations

import json
from typing import Any

import click

from ..store.dialect import is_postgres
from ..store.options import store_option
from ..store.target import describe, exists
from .model import ACTIONS, FIELDS, ReviewError

DB = store_option("Database to review")


def _require(db: str) -> None:
    if not exists(db):
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")


@click.group("review")
def review() -> None:
    """Analysts' corrections: confirm, reject or correct an event; merge or split incidents. Each is kept as its
    own record; queries and exports show the corrected view (--machine for the coder's own output)."""


@review.command("add")
@click.argument("target", type=click.Choice(tuple(ACTIONS)))
@click.argument("target_id", metavar="ID")
@click.argument("action", type=click.Choice(sorted({a for acts in ACTIONS.values() for a in acts})))
@click.option("--field", type=click.Choice(FIELDS), default=None, help="For correct: the field corrected.")
@click.option("--value", default=None,
              help='The value: a type (PROTEST); JSON for an actor {"role": "target", "name": ...}, a place '
                   '{"name", "country", "lat", "lon"}, a date (2020-03-05 or {"start", "end"}), a figure '
                   '{"kind": "killed", "best": 12}; the incident merged in; the event split out.')
@click.option("--who", required=True, help="Your name, kept with the correction.")
@click.option("--why", default=None, help="The reason, in a sentence.")
@DB
def add(target: str, target_id: str, action: str, field: str | None, value: str | None, who: str,
        why: str | None, db: str) -> None:
    """Store a correction of the event, incident or correction ID and rebuild the corrected view.

    \b
    sitreps review add event ID reject --who ana --why "a drill, not an attack"
    sitreps review add event ID correct --field figure --value '{"kind": "killed", "best": 12}' --who ana
    sitreps review add incident ID merge --value OTHER_INCIDENT_ID --who ana
    """
    from . import correct

    _require(db)
    parsed: Any = value
    if value is not None and value.lstrip()[:1] in ("{", "[", '"'):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as error:
            raise click.BadParameter(f"not JSON: {error}", param_hint="--value") from error
    try:
        correction, done = correct(db, target, target_id, action, who=who, why=why, field=field, value=parsed)
    except ReviewError as error:
        raise click.UsageError(str(error)) from error
    click.echo(f"correction {correction.id}: {target} {target_id} {action}"
               + (f" {field} = {json.dumps(correction.value)}" if field else "")
               + f"; corrected view: {done.events} events ({done.rejected} rejected), {done.incidents} incidents")
    for stale in done.stale:
        click.echo(f"correction {stale} no longer applies (its event or incident is gone)", err=True)


@review.command("list")
@click.option("--id", "target_id", default=None, help="Only the corrections of this event, incident or correction.")
@click.option("--incident", default=None, help="Only those of this incident and its events.")
@click.option("--limit", type=click.IntRange(1, 1000), default=1000, show_default=True)
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
@DB
def list_command(target_id: str | None, incident: str | None, limit: int, fmt: str, db: str) -> None:
    """The stored corrections, newest first."""
    from . import corrections

    _require(db)
    found = corrections(db, target_id=target_id, incident=incident, limit=limit)
    for c in found:
        if fmt == "jsonl":
            click.echo(json.dumps(c, ensure_ascii=False))
            continue
        what = f"{c['target']} {c['target_id']} {c['action']}"
        if c["field"]:
            what += f" {c['field']} = {json.dumps(c['value'], ensure_ascii=False)}"
        elif c["value"] is not None:
            what += f" {c['value']}"
        click.echo(f"{c['made_at'][:19]} {c['who']}: {what}" + (f" ({c['why']})" if c["why"] else "")
                   + (f" [retracted by {c['retracted']}]" if c["retracted"] else "") + f"  #{c['id']}")
    if fmt == "table":
        click.echo(f"{len(found)} corrections")
    from ..store import open_store
    from .overlay import stale

    with open_store(db, read_only=True) as store:
        if stale(store._conn):
            where = f"--pg {describe(db)}" if is_postgres(db) else f"--db {db}"
            click.echo(f"the corrected view is older than the machine's tables: run `sitreps review refresh "
                       f"{where}`", err=True)


@review.command("refresh")
@DB
def refresh_command(db: str) -> None:
    """Rebuild the corrected view from the stored corrections (after ingest or `sitreps incidents build`)."""
    from . import refresh

    _require(db)
    done = refresh(db)
    click.echo(f"corrected view: {done.events} events ({done.rejected} rejected), {done.incidents} incidents"
               + (f"; {len(done.stale)} corrections no longer apply" if done.stale else ""))
