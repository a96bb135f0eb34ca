"""The store's schema as a list of migrations, applied in order; the version lives in ``meta``.

Add a migration by appending a function to ``MIGRATIONS`` (decorate it with ``@migration``); never edit
one that has shipped. Each runs in its own transaction, together with the version bump.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import duckdb

logger = logging.getLogger(__name__)

Migration = Callable[[duckdb.DuckDBPyConnection], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(conn: duckdb.DuckDBPyConnection) -> None:
    """Articles, events (the full record plus flat columns), their actors, and failures."""
    conn.execute("""
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, published DATE, outlet VARCHAR,
            byline VARCHAR, lang VARCHAR, origin VARCHAR, text VARCHAR, ingested_at TIMESTAMP
        )""")
    conn.execute("""
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY, article_id VARCHAR, sentence BIGINT,
            evidence_start BIGINT, evidence_end BIGINT, evidence_text VARCHAR,
            event_type VARCHAR, trigger VARCHAR, mode VARCHAR, context VARCHAR[], cameo VARCHAR,
            acled_event_type VARCHAR, acled_sub_event_type VARCHAR, source JSON, target JSON,
            location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
            lat DOUBLE, lon DOUBLE, geonames_id BIGINT, location_precision VARCHAR, location JSON,
            date_start DATE, date_end DATE, date_precision VARCHAR, date JSON, quantities JSON,
            killed_low BIGINT, killed_best BIGINT, killed_high BIGINT,
            claimant_name VARCHAR, claimant_code VARCHAR, stance VARCHAR, claim JSON,
            modality VARCHAR, confidence DOUBLE, record JSON
        )""")
    conn.execute("""
        CREATE TABLE event_actors (
            event_id VARCHAR, role VARCHAR, text VARCHAR, name VARCHAR, code VARCHAR, sector VARCHAR
        )""")
    conn.execute("""
        CREATE TABLE failures (
            key VARCHAR PRIMARY KEY, stage VARCHAR, item_id VARCHAR, error VARCHAR, message VARCHAR,
            origin VARCHAR, "at" TIMESTAMP
        )""")



def schema_version(conn: duckdb.DuckDBPyConnection) -> int:
    """The number of migrations applied to this database (0 for a new one)."""
    has_meta = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        " AND table_schema = current_schema()").fetchone()
    if not has_meta or not has_meta[0]:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: duckdb.DuckDBPyConnection) -> int:
    """Apply every pending migration in order; return the schema version reached."""
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    version = schema_version(conn)
    for number, fn in enumerate(MIGRATIONS[version:], start=version + 1):
        logger.info("applying migration %d: %s", number, fn.__name__)
        conn.execute("BEGIN TRANSACTION")
        try:
            fn(conn)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(number)])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


@migration
def m002_incidents(conn: duckdb.DuckDBPyConnection) -> None:
    """Incidents (the merged record plus flat columns) and which events tell each (sitreps/incidents).

    ``incident_events.role`` is 'claim' (a telling of the incident), 'aggregate' (a total that covers it)
    or 'none' (an event looked at and left out of every incident, so an incremental build skips it);
    ``incident_id`` is NULL for 'none' and for an aggregate that covers no incident yet."""
    conn.execute("""
        CREATE TABLE incidents (
            id VARCHAR PRIMARY KEY, family VARCHAR, event_type VARCHAR, location_name VARCHAR, country VARCHAR,
            admin1 VARCHAR, lat DOUBLE, lon DOUBLE, date_start DATE, date_end DATE,
            window_start DATE, window_end DATE,
            killed_low BIGINT, killed_best BIGINT, killed_high BIGINT, disputed BOOLEAN,
            n_articles BIGINT, n_sources BIGINT, first_seen DATE, last_seen DATE, record JSON
        )""")
    conn.execute("CREATE TABLE incident_events (incident_id VARCHAR, event_id VARCHAR, role VARCHAR)")


@migration
def m003_article_provenance(conn: duckdb.DuckDBPyConnection) -> None:
    """Each article's provenance (copies, stitched, spun, reliability), the LSH bands it is found by, and how
    many articles use each content word (for tf-idf)."""
    conn.execute("""
        CREATE TABLE article_provenance (
            article_id VARCHAR PRIMARY KEY, duplicate_of VARCHAR, stitched_score DOUBLE, spun_score DOUBLE,
            reliability DOUBLE, record JSON
        )""")
    conn.execute("CREATE TABLE article_bands (article_id VARCHAR, paragraph INTEGER, band SMALLINT, key BIGINT)")
    conn.execute("CREATE TABLE provenance_terms (term VARCHAR PRIMARY KEY, df BIGINT)")


@migration
def m004_query_indexes(conn: duckdb.DuckDBPyConnection) -> None:
    """An index on ``events.article_id``, so an article's events (``/articles/{id}``, ``--article``) are found by
    lookup rather than by scanning every event (sitreps/query; cost at ingest in docs/api.md)."""
    conn.execute("CREATE INDEX IF NOT EXISTS events_article ON events (article_id)")


@migration
def m005_ingest_runs(conn: duckdb.DuckDBPyConnection) -> None:
    """Each ``ingest`` run: its inputs, when it started and ended, how far it got, and how it ended ('running'
    until it does: a run killed midway stays so, and the next run reports it as interrupted; sitreps/run)."""
    conn.execute("""
        CREATE TABLE ingest_runs (
            id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, inputs VARCHAR, status VARCHAR,
            articles_read BIGINT, articles_new BIGINT, articles_seen BIGINT, events BIGINT, failures BIGINT
        )""")
