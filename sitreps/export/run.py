"""``export``: open a store read-only and write one format from it (a folder for parquet and gdelt, a file or
``-`` for the rest)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..store import open_store
from .acled import write_acled
from .gdelt import write_gdelt
from .geojson import write_geojson
from .inputs import NO_ARTICLE, article_infos, has_incidents, read_incidents
from .parquet import write_parquet
from .plover import write_plover
from .rows import EVENT_COLUMNS, INCIDENT_COLUMNS, event_row, incident_rows, write_csv
from .summary import summarize

FORMATS = ("parquet", "plover", "gdelt", "acled", "geojson", "csv")
FOLDER_FORMATS = ("parquet", "gdelt")


@contextmanager
def _opened(out: str | Path) -> Iterator[IO[str]]:
    if str(out) == "-":
        yield sys.stdout
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def export(db: str | Path, fmt: str, out: str | Path, *, incidents: bool = False,
           view: str = "corrected") -> dict[str, int]:
    """Write the store at ``db`` as ``fmt`` to ``out``; rows written per table or file: the corrected view (the
    analysts' corrections applied, sitreps/review) or, with ``view="machine"``, the coder's own output.

    ``incidents`` exports incident records instead of event tellings (it raises ``NoIncidents`` when the store
    has none). Parquet always writes the event tables, and the incident tables too when the store has them.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in FOLDER_FORMATS and str(out) == "-":
        raise ValueError(f"{fmt} writes a folder of files; give a folder, not -")
    path = str(db)
    with open_store(path, read_only=True) as store:
        conn = store.conn  # the exporters read with SQL over the store's own connection
        articles = article_infos(conn)
        from ..review.view import reviewed_events, tables

        chosen = tables(conn, view)
        records = read_incidents(conn, path, chosen.incidents) if incidents else None
        events = store.events() if chosen.events == "events" else reviewed_events(conn)
        if fmt == "parquet":
            if records is None and has_incidents(conn):
                records = read_incidents(conn, path, chosen.incidents)
            return write_parquet(out, events, articles, records)
        if fmt == "gdelt":
            folder = Path(out)
            folder.mkdir(parents=True, exist_ok=True)
            with _opened(folder / "events.tsv") as rows, _opened(folder / "mentions.tsv") as mentions:
                n_rows, n_mentions = write_gdelt(rows, mentions, events, articles, records)
            return {"events.tsv": n_rows, "mentions.tsv": n_mentions}
        with _opened(out) as handle:
            if fmt == "plover":
                n = write_plover(handle, events, articles, records)
            elif fmt == "acled":
                n = write_acled(handle, events, articles, records)
            elif fmt == "geojson":
                n = write_geojson(handle, events, articles, records)
            elif records is not None:
                n = write_csv((row for i in records for row in incident_rows(i, articles)), INCIDENT_COLUMNS,
                              handle)
            else:
                n = write_csv((event_row(e, articles.get(e.article_id, NO_ARTICLE)) for e in events),
                              EVENT_COLUMNS, handle)
        return {str(out): n}


def summary(db: str | Path, by: str, filters: Any = None) -> list[dict[str, Any]]:
    """``summarize`` over the store at ``db``, opened read-only: one dict per group (of the events and incidents
    ``filters`` keeps, a ``sitreps.query.Filters``)."""
    with open_store(str(db), read_only=True) as store:
        return summarize(store.conn, by, filters)  # SQL over the store's own connection
