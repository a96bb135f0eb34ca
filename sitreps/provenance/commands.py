"""``sitreps provenance build`` and ``sitreps articles``: thin commands over ``sitreps.provenance``."""

from __future__ import annotations

import json
from typing import Any

import click

from ..store.options import store_option
from ..store.target import exists


@click.group()
def provenance() -> None:
    """Wire copies, stitched and spun pages, reliability of the stored articles."""


@provenance.command("build")
@store_option("Database")
def build(db: str) -> None:
    """Find copies, stitched and spun pages among the articles that have no provenance yet."""
    from ..store import open_store
    from .store import build_provenance

    _require(db)
    with open_store(db) as store:
        report = build_provenance(store)
    click.echo(f"provenance: {report.new} new articles, {report.updated} stored ones updated, "
               f"in {report.seconds:.1f}s → {db}")


@provenance.command("outlets")
@store_option("Database")
def outlets(db: str) -> None:
    """Each outlet's reliability: mean score, articles, and how many gave each reason (JSON lines)."""
    from ..store import open_store
    from .store import outlet_reliability

    _require(db)
    with open_store(db, read_only=True) as store:
        for outlet, summary in outlet_reliability(store).items():
            click.echo(json.dumps({"outlet": outlet, **summary}, ensure_ascii=False))


@click.command()
@store_option("Database to read")
@click.option("--format", "fmt", type=click.Choice(("table", "jsonl")), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="At most this many articles.")
@click.option("--stitched", is_flag=True, help="Only pages stitched from several stories (score ≥ 0.5).")
@click.option("--spun", is_flag=True, help="Only pages with spun names (score ≥ 0.5).")
@click.option("--duplicates", is_flag=True, help="Only articles with stored near-copies.")
def articles(db: str, fmt: str, limit: int | None, stitched: bool, spun: bool, duplicates: bool) -> None:
    """The stored articles with their provenance: copies, stitched, spun, reliability."""
    from .. import api

    _require(db)
    rows = api.articles(db=db, limit=limit, stitched=stitched, spun=spun, duplicates=duplicates)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    else:
        _table(rows)


def _require(db: str) -> None:
    if not exists(db):
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")


def _score(part: Any) -> str:
    return f"{part['score']:.2f}" if part else "-"


def _table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "outlet", "published", "title", "copy of", "stitched", "spun", "reliability", "reasons")
    for row in rows:
        trust = row.get("reliability") or {}
        table.add_row(row["id"][:12], row.get("outlet") or "", row.get("published") or "",
                      (row.get("title") or "")[:40], (row.get("duplicate_of") or "")[:12],
                      _score(row.get("stitched")), _score(row.get("spun")),
                      f"{trust['score']:.2f}" if trust else "-", "; ".join(trust.get("reasons", []))[:80])
    Console().print(table)
