"""Provenance of an article: wire copies and near-duplicates, stitched pages, spun names, reliability."""

from .store import BuildReport, article_records, build_provenance, outlet_reliability, record, source_groups

__all__ = ["BuildReport", "article_records", "build_provenance", "outlet_reliability", "record", "source_groups"]
