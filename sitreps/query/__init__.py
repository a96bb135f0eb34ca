"""One query layer over the store for the HTTP API and the CLI: resolved filters (``Filters.parse``), pages and
streams of events, incidents, claims and articles, one article with its evidence offsets, and counted lists
(actors, claimants, places, outlets, stats). See docs/api.md.

    >>> from sitreps.query import Filters, page
    >>> page(conn, "events", Filters.parse(country="Syria", since="2015-10"), limit=10)
"""

from __future__ import annotations

from . import tally
from .facets import facet, stats
from .filters import ActorMatch, Filters, QueryError, parse_span
from .lists import Page, article, count, features, page, stream

__all__ = ["ActorMatch", "Filters", "Page", "QueryError", "article", "count", "facet", "features", "page",
           "parse_span", "stats", "stream", "tally"]
