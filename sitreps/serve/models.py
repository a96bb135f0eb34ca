"""Pydantic models at the edge of the HTTP API: what the JSON responses look like (the records inside are
the SCHEMA.md event record, the incident record, and the flat dicts of ``sitreps.query``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    """Every error: a reason, the parameter at fault, and the valid values where they are a closed list."""

    error: str = Field(description="Why the request was refused.")
    field: str | None = Field(None, description="The parameter at fault.")
    valid: list[str] = Field(default_factory=list, description="The values accepted, where they are few.")


class PageOut(BaseModel):
    """One page of a list."""

    total: int = Field(description="How many records match in all (see total_exact).")
    total_exact: bool = Field(default=True, description="False: more than `total` match (a page counts up to "
                                                        "10,000 where the pre-aggregated counts cannot answer).")
    count: int = Field(description="How many records are on this page.")
    next: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    items: list[dict[str, Any]]


class EvidenceOut(BaseModel):
    event_id: str
    event_type: str | None
    mode: str | None
    sentence: int | None
    evidence: dict[str, Any] | None = Field(description="start and end: character offsets into `text`.")
    claimant: dict[str, Any] | None
    stance: str | None
    modality: str | None
    quantities: dict[str, Any] | None
    confidence: float | None


class ArticleOut(BaseModel):
    """An article with its text and every event's evidence offsets into that text."""

    id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    byline: str | None
    lang: str | None
    origin: str | None
    text: str
    events: list[EvidenceOut]
    provenance: dict[str, Any] | None = Field(description="Reuse, stitched, spun and duplicates, where known.")


class StatsOut(BaseModel):
    """Counts of the matching events."""

    events: int
    incidents: int | None
    date_range: dict[str, str] | None
    by_type: dict[str, int] | None = None
    by_country: dict[str, int] | None = None
    by_day: dict[str, int] | None = None
    by_month: dict[str, int] | None = None
    by_year: dict[str, int] | None = None
    by_stance: dict[str, int] | None = None
    by_modality: dict[str, int] | None = None
