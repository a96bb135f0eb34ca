"""Storage: the DuckDB store, the pipeline's single writer."""

from __future__ import annotations

from .duckdb import DuckStore, WriteCounts, open_store

__all__ = ["DuckStore", "WriteCounts", "open_store"]
