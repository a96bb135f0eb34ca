"""Exports of a store to the formats other tools read: Parquet, PLOVER, GDELT, ACLED, GeoJSON and CSV, and the
first counts an analyst looks at (``summarize``). docs/exports.md has every column map."""

from __future__ import annotations

from .inputs import ArticleInfo, NoIncidents
from .run import FORMATS, export, summary
from .summary import BY, summarize

__all__ = ["BY", "FORMATS", "ArticleInfo", "NoIncidents", "export", "summarize", "summary"]
