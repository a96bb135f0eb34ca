"""The embedded DuckDB store: the pipeline's single writer, and the read side for the CLI and API.

Each event is kept whole as its SCHEMA.md record (``events.record``), so ``Event.from_dict`` gives back
exactly what was written, and also as flat columns (type, actors, place, date, killed, claimant) to
query on. A batch is written in one transaction with one columnar ``INSERT … SELECT unnest(…)`` per
table, which is about forty times faster than ``executemany`` in DuckDB. The write and read API is
``SqlStore``'s (sitreps/store/sqlstore.py), shared with the PostgreSQL store.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError, store_failure
from .sqlstore import SqlStore, WriteCounts

__all__ = ["DuckStore", "WriteCounts", "open_store"]


def _insert(conn: duckdb.DuckDBPyConnection, table: str, columns: Sequence[tuple[str, str]],
            rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert many rows in one statement: each column goes in as one typed list, unnested side by side."""
    if not rows:
        return
    names = ", ".join(name for name, _ in columns)
    unnests = ", ".join(f"unnest(${i}::{kind}[])" for i, (_, kind) in enumerate(columns, start=1))
    conn.execute(f"INSERT INTO {table} ({names}) SELECT {unnests}", [list(col) for col in zip(*rows)])


def _open_error(path: str, error: duckdb.Error) -> StoreError:
    explained = store_failure(path, error)
    if explained.message.startswith("the store failed"):
        return StoreError(path, f"cannot open the store: {error}")
    return explained


class DuckStore(SqlStore):
    """A DuckDB file holding articles, events, their actors, and failures."""

    dialect = "duckdb"
    _conn: duckdb.DuckDBPyConnection

    def __init__(self, path: str | Path = "sitreps.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(self.path, "no such store; write to it once before opening it read-only")
        try:
            self._conn = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as error:
            raise _open_error(self.path, error) from error
        try:
            self._check_schema()
        except duckdb.Error as error:  # a damaged file opens, then fails on its first read
            self._conn.close()
            raise store_failure(self.path, error) from error
        except BaseException:
            self._conn.close()
            raise

    def _insert(self, table: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[Any, ...]]) -> None:
        _insert(self._conn, table, columns, rows)

    def __repr__(self) -> str:
        return f"DuckStore({self.path!r}, read_only={self.read_only})"


def open_store(path: str | Path, *, read_only: bool = False) -> DuckStore:
    """Open (creating and migrating if needed) the DuckDB store at ``path``."""
    return DuckStore(path, read_only=read_only)
