"""The store's schema as a list of migrations, applied in order; the version lives in ``meta``.

Add a migration by appending a function to ``MIGRATIONS`` (decorate it with ``@migration``); never edit
one that has shipped. Each runs in its own transaction, together with the version bump. Migrations run on
DuckDB and on PostgreSQL alike: write plain SQL with the types VARCHAR (or TEXT), BIGINT, INTEGER, SMALLINT,
DOUBLE, BOOLEAN, DATE, TIMESTAMP, JSON and VARCHAR[]; the PostgreSQL connection spells DOUBLE its way
(sitreps/store/dialect.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Migration = Callable[[Any], None]  # a DuckDB connection or the PostgreSQL one (sitreps/store/postgres.py)
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration."""
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(conn: Any) -> None:
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



def schema_version(conn: Any) -> int:
    """The number of migrations applied to this database (0 for a new one)."""
    has_meta = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        " AND table_schema = current_schema()").fetchone()
    if not has_meta or not has_meta[0]:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: Any) -> int:
    """Apply every pending migration in order; return the schema version reached."""
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    version = schema_version(conn)
    for number, fn in enumerate(MIGRATIONS[version:], start=version + 1):
        logger.info("applying migration %d: %s", number, fn.__name__)
        conn.execute("BEGIN TRANSACTION")
        try:
            fn(conn)
            conn.execute("DELETE FROM meta WHERE key = 'schema_version'")
            conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(number)])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


@migration
def m002_incidents(conn: Any) -> None:
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
def m003_article_provenance(conn: Any) -> None:
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
def m004_query_indexes(conn: Any) -> None:
    """An index on ``events.article_id``, so an article's events (``/articles/{id}``, ``--article``) are found by
    lookup rather than by scanning every event (sitreps/query; cost at ingest in docs/api.md)."""
    conn.execute("CREATE INDEX IF NOT EXISTS events_article ON events (article_id)")


@migration
def m005_corrections(conn: Any) -> None:
    """Analysts' corrections (sitreps/review), each its own record: who, when, what (target, action, field,
    value as JSON text) and why; never written over the machine's rows. The corrected view is built from them:
    corrected copies of the events and incidents they touch (``review_*``, the machine tables' own columns),
    the machine rows those stand in for (``review_hidden``), and the views that read the machine's tables with
    the copies in their place (``reviewed_*``). SQL that DuckDB and PostgreSQL both accept. A later migration
    that adds a column to a machine table adds it to its ``review_*`` copy and makes the view again."""
    conn.execute("""
        CREATE TABLE corrections (
            id VARCHAR PRIMARY KEY, made_at TIMESTAMP, who VARCHAR, target VARCHAR, target_id VARCHAR,
            action VARCHAR, field VARCHAR, value VARCHAR, why VARCHAR
        )""")
    conn.execute("CREATE INDEX corrections_target ON corrections (target_id)")
    for table in ("events", "event_actors", "incidents", "incident_events"):
        conn.execute(f"CREATE TABLE review_{table} AS SELECT * FROM {table} WHERE 1 = 0")
    conn.execute("CREATE TABLE review_hidden (kind VARCHAR, id VARCHAR)")
    hidden = "(SELECT id FROM review_hidden WHERE kind = '{}')"
    events, incidents = hidden.format("event"), hidden.format("incident")
    keep = {"events": f"id NOT IN {events}", "event_actors": f"event_id NOT IN {events}",
            "incidents": f"id NOT IN {incidents}",
            "incident_events": f"(incident_id IS NULL OR incident_id NOT IN {incidents}) AND event_id NOT IN {events}"}
    for table, condition in keep.items():
        # the columns named, so a column a later migration adds to the machine's table does not break the view
        names = ", ".join(f'"{name}"' for (name,) in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
            " AND table_schema = current_schema() ORDER BY ordinal_position", [f"review_{table}"]).fetchall())
        conn.execute(f"CREATE VIEW reviewed_{table} AS SELECT {names} FROM {table} WHERE {condition}"
                     f" UNION ALL SELECT {names} FROM review_{table}")


# (name, table, columns) of the indexes PostgreSQL needs for the query layer's common filters (country and
# dates, a box, an actor by code or name, an incident's tellings) and for the stats' counts by type, country and
# day (read from the indexes alone once vacuumed); bench/store_pg.py measures them
POSTGRES_INDEXES = (
    ("events_country_day", "events", "location_country, date_start"),
    ("events_day", "events", "date_start"),
    ("events_type", "events", "event_type"),
    ("events_lat_lon", "events", "lat, lon"),
    ("event_actors_event", "event_actors", "event_id"),
    ("event_actors_code", "event_actors", "code"),
    ("event_actors_name", "event_actors", "lower(name)"),
    ("incidents_country_day", "incidents", "country, date_start"),
    ("incidents_day", "incidents", "date_start"),
    ("incidents_lat_lon", "incidents", "lat, lon"),
    ("incident_events_incident", "incident_events", "incident_id"),
    ("incident_events_event", "incident_events", "event_id"),
)


@migration
def m006_postgres_indexes(conn: Any) -> None:
    """PostgreSQL only: ``POSTGRES_INDEXES``, as it reads whole rows where DuckDB scans only the columns a
    filter names (and skips blocks by their min and max); in DuckDB they would cost ingest time for little
    (docs/api.md), so a DuckDB store gets none."""
    if getattr(conn, "dialect", "duckdb") != "postgresql":
        return
    import psycopg

    for name, table, columns in POSTGRES_INDEXES:
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    # an actor given as part of a name is an ILIKE '%...%': a trigram index answers it where the pg_trgm
    # extension can be had (it ships with PostgreSQL and is trusted); without it the query scans, as DuckDB does
    conn.execute("SAVEPOINT trigrams")
    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        conn.execute("CREATE INDEX IF NOT EXISTS event_actors_name_trigrams ON event_actors"
                     " USING gin (name gin_trgm_ops)")
        conn.execute("RELEASE SAVEPOINT trigrams")
    except psycopg.Error as error:  # the extension is not installed or not allowed: the index is only a speed-up
        logger.warning("no trigram index on actor names (%s); part-of-a-name actor filters will scan", error)
        conn.execute("ROLLBACK TO SAVEPOINT trigrams")


@migration
def m007_feeds(conn: Any) -> None:
    """What ``sitreps watch`` saw: each feed's last answer (its ETag and Last-Modified for the next
    conditional request, the HTTP status, how many items, any error), and each item it has taken in (by the
    entry's id, else link), so a restart ingests new items only (sitreps/feeds)."""
    conn.execute("""
        CREATE TABLE feeds (
            url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, checked_at TIMESTAMP, status INTEGER,
            items BIGINT, new_items BIGINT, total_items BIGINT, error VARCHAR
        )""")
    conn.execute("""
        CREATE TABLE feed_items (
            feed_url VARCHAR, item_key VARCHAR, article_id VARCHAR, error VARCHAR, first_seen TIMESTAMP,
            PRIMARY KEY (feed_url, item_key)
        )""")


@migration
def m008_ingest_runs(conn: Any) -> None:
    """Each ``ingest`` run: its inputs, when it started and ended, how far it got, and how it ended ('running'
    until it does: a run killed midway stays so, and the next run reports it as interrupted; sitreps/run)."""
    conn.execute("""
        CREATE TABLE ingest_runs (
            id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, inputs VARCHAR, status VARCHAR,
            articles_read BIGINT, articles_new BIGINT, articles_seen BIGINT, events BIGINT, failures BIGINT
        )""")


@migration
def m009_counts(conn: Any) -> None:
    """Pre-aggregated counts of events and incidents per first day, last day, type and country, read for
    totals and stats whose filters are only those (sitreps/store/counts.py; their cost at ingest in
    docs/api.md)."""
    from .counts import create

    create(conn)
