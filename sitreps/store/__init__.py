"""Storage: one store API (``Store``) with two back ends, the embedded DuckDB file (the default) and a
PostgreSQL database (``postgresql://`` URL; docs/postgresql.md). ``open_store`` picks by the target."""

from __future__ import annotations

from .dialect import Connection, is_postgres, redact
from .duckdb import DuckStore
from .sqlstore import SqlStore, WriteCounts
from .target import Store, describe, exists, open_store

__all__ = ["Connection", "DuckStore", "SqlStore", "Store", "WriteCounts", "describe", "exists", "is_postgres",
           "open_store", "redact"]
