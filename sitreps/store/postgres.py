"""The PostgreSQL store (psycopg 3): the same schema, migrations and API as the DuckDB one, for a team's server.

``PgConnection`` makes a psycopg connection read the store's SQL (dialect.py rewrites placeholders and types)
and hand back JSON columns as text, as DuckDB does, so the query layer, incidents and provenance run on it
unchanged. Rows go in with ``COPY``. Many readers, one writer: a writer holds a session advisory lock
(``WRITER_LOCK``) from opening to closing, and a second writer is refused with the lock holder's process id.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Sequence
from typing import Any

from ..errors import StoreBusy, StoreError
from .dialect import postgres_sql, redact
from .migrations import MIGRATIONS, schema_version
from .sqlstore import SqlStore

logger = logging.getLogger(__name__)

_NAMES = itertools.count()  # server-side cursor names, unique in the process
WRITER_LOCK = 0x5175_7265_7073  # the advisory lock key every sitreps writer takes (a constant: "sitreps")
SAME_ORDER = ("C", "C.UTF-8", "C.utf8", "POSIX", "ucs_basic")  # collations that sort text as DuckDB does

try:
    import psycopg
    from psycopg.types.string import TextLoader
except ImportError:  # the pg extra is not installed
    psycopg = None  # type: ignore[assignment]


def _connect(url: str, *, read_only: bool) -> Any:
    if psycopg is None:
        raise StoreError(redact(url), "PostgreSQL needs psycopg: pip install 'sitreps[pg]'")
    try:
        raw = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.RawCursor)
        raw.server_cursor_factory = psycopg.RawServerCursor
    except psycopg.Error as error:
        raise StoreError(redact(url), f"cannot connect: {str(error).strip()}") from error
    for name in ("json", "jsonb"):  # JSON columns read back as their text, as DuckDB gives them
        raw.adapters.register_loader(name, TextLoader)
    if read_only:
        raw.execute("SET default_transaction_read_only = on")
    return raw


class PgCursor:
    """A psycopg cursor that reads the store's SQL (``?`` placeholders, DOUBLE). ``server``: each statement runs
    in a server-side cursor (``WITH HOLD``, as the connection is in autocommit), so a streamed read of millions
    of rows holds one ``fetchmany`` of them in memory at a time, not all of them."""

    dialect = "postgresql"

    def __init__(self, raw: Any, *, server: bool = False) -> None:
        self._raw, self._server = raw, server
        self._cursor: Any = None if server else raw.cursor()

    def execute(self, sql: str, params: Sequence[Any] | None = None, /) -> PgCursor:
        if self._server:
            if self._cursor is not None:
                self._cursor.close()
            reads = sql.lstrip()[:6].upper() in ("SELECT", "WITH")  # a server-side cursor can only read
            self._cursor = (self._raw.cursor(name=f"sitreps_{next(_NAMES)}", withhold=True) if reads
                            else self._raw.cursor())
        self._cursor.execute(postgres_sql(sql), list(params) if params else None)
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]], /) -> PgCursor:
        """One statement over many parameter rows, as DuckDB's ``executemany``."""
        if self._cursor is None or self._server:
            if self._cursor is not None:  # the statement's own cursor only: close() would end a pooled one
                self._cursor.close()
            self._cursor = self._raw.cursor()
        self._cursor.executemany(postgres_sql(sql), [list(row) for row in rows])
        return self

    @property
    def description(self) -> Any:
        return self._cursor.description

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())

    def fetchmany(self, size: int = 1000, /) -> list[Any]:
        return list(self._cursor.fetchmany(size))

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None


class PgConnection:
    """A psycopg connection in autocommit (the store's code says BEGIN and COMMIT itself, as with DuckDB) that
    speaks the store's SQL; ``execute`` gives a cursor, as DuckDB's connection does."""

    dialect = "postgresql"

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None, /) -> PgCursor:
        return PgCursor(self.raw).execute(sql, params)

    def cursor(self) -> PgCursor:
        """A cursor of its own, for a streamed read (server-side)."""
        return PgCursor(self.raw, server=True)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]], /) -> PgCursor:
        return PgCursor(self.raw).executemany(sql, rows)

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert ``rows`` with one ``COPY``, the fastest way into PostgreSQL."""
        with self.raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def close(self) -> None:
        self.raw.close()


class PgStore(SqlStore):
    """A PostgreSQL database holding articles, events, their actors, failures, incidents and provenance."""

    dialect = "postgresql"
    _conn: PgConnection

    def __init__(self, url: str, *, read_only: bool = False, writer_lock: bool = True) -> None:
        """``writer_lock=False``: a read-write session that does not take the ingest writer's lock, for small
        writes beside an ingest run (an analyst's correction); it cannot migrate the schema."""
        self.path = redact(url)
        self.read_only = read_only
        self._locked = False
        self._conn = PgConnection(_connect(url, read_only=read_only))
        try:
            if not read_only and writer_lock:
                self._lock()
            elif not read_only and schema_version(self._conn) != len(MIGRATIONS):
                raise StoreError(self.path, "the schema needs migrating: open it once as the writer")
            self._check_schema()
            self._check_collation()
        except psycopg.Error as error:  # e.g. no right to create tables in the schema
            self.close()
            raise StoreError(self.path, f"cannot set up the store: {str(error).strip()}") from error
        except BaseException:
            self.close()
            raise

    def _lock(self) -> None:
        """Take the writer lock, or say who holds it."""
        row = self._conn.execute("SELECT pg_try_advisory_lock(?)", [WRITER_LOCK]).fetchone()
        if row and row[0]:
            self._locked = True
            return
        holder = self._conn.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND (classid::bigint << 32) | objid::bigint = ?", [WRITER_LOCK]).fetchone()
        who = f"process {holder[0]} on the server" if holder else "another session"
        raise StoreError(self.path, f"another sitreps writer ({who}) holds this database's writer lock: one "
                                    "writer at a time; wait for it to finish (readers are not blocked)")

    def close(self) -> None:
        """Let the writer lock go (at once: a closed session's locks go only when its server process has ended,
        a moment later), then close the connection."""
        if self._locked and not self._conn.raw.closed:
            try:
                self._conn.execute("SELECT pg_advisory_unlock(?)", [WRITER_LOCK])
            except psycopg.Error:  # the connection is broken: the server lets the lock go with it
                logger.debug("could not unlock %s before closing", self.path)
            self._locked = False
        self._conn.close()

    def _check_schema(self) -> None:
        if self.read_only and not self._has_meta():
            raise StoreError(self.path, "no sitreps store in this database; write to it once first")
        super()._check_schema()

    def _has_meta(self) -> bool:
        row = self._conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
                                 " AND table_schema = current_schema()").fetchone()
        return bool(row and row[0])

    def _check_collation(self) -> None:
        row = self._conn.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()").fetchone()
        if row and row[0] not in SAME_ORDER:
            logger.warning("%s: collation %s sorts names in another order than DuckDB does; create the database "
                           "with LOCALE 'C.UTF-8' for the same order (docs/postgresql.md)", self.path, row[0])

    def _insert(self, table: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        if rows:
            self._conn.copy_rows(table, [name for name, _ in columns], rows)

    def __repr__(self) -> str:
        return f"PgStore({self.path!r}, read_only={self.read_only})"


class PgPool:
    """Connections for a server's requests, one per request at a time, kept for the next (read-only unless
    ``read_only=False``: sessions that may write an analyst's correction beside an ingest, without its lock).
    At most ``limit`` are open at once (PostgreSQL's own default is 100 for all its clients): a request past
    that waits up to ``wait`` seconds for one to come back, then is refused with ``StoreBusy``; ``size`` of
    them are kept open between requests."""

    def __init__(self, url: str, *, size: int = 8, limit: int = 32, wait: float = 30.0,
                 read_only: bool = True) -> None:
        self._url, self._read_only, self._wait, self._limit = url, read_only, wait, max(limit, 1)
        self._idle: queue.LifoQueue[PgConnection] = queue.LifoQueue(maxsize=min(size, self._limit))
        self._slots = threading.BoundedSemaphore(self._limit)  # one per connection open, idle or in use
        self._lock = threading.Lock()
        self._closed = False
        self._slots.acquire()
        self._idle.put(self._open())  # fail now, not on the first request, if the database is not there

    def _open(self) -> PgConnection:
        store = PgStore(self._url, read_only=self._read_only, writer_lock=False)  # checks the schema
        return store._conn

    def cursor(self) -> _PooledCursor:
        try:
            conn = self._idle.get_nowait()  # its slot is held already
        except queue.Empty:
            if not self._slots.acquire(timeout=self._wait):
                raise StoreBusy(redact(self._url), f"all {self._limit} connections busy for {self._wait:g} s; "
                                                   "try again") from None
            try:
                conn = self._open()
            except BaseException:
                self._slots.release()
                raise
        return _PooledCursor(self, conn)

    def give_back(self, conn: PgConnection) -> None:
        with self._lock:
            if not self._closed and conn.raw.info.transaction_status == 0:  # idle, nothing half done
                try:
                    self._idle.put_nowait(conn)
                    return
                except queue.Full:
                    pass
        conn.close()
        self._slots.release()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


class _PooledCursor(PgCursor):
    """A server-side cursor on a pooled connection, for one request or one streamed response; closing it gives
    the connection back. ``cursor()`` gives another cursor on the same connection."""

    def __init__(self, pool: PgPool, conn: PgConnection) -> None:
        super().__init__(conn.raw, server=True)
        self._pool = pool
        self._conn: PgConnection | None = conn

    def cursor(self) -> PgCursor:
        if self._conn is None:
            raise StoreError("postgresql", "this request's connection was given back already")
        return self._conn.cursor()

    def close(self) -> None:
        super().close()
        if self._conn is not None:  # once: the connection and its slot go back one time
            conn, self._conn = self._conn, None
            self._pool.give_back(conn)
