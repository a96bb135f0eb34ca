"""What a user asks for, checked and resolved once for every list the query layer serves.

``Filters.parse(...)`` takes the words a person types (``type=assault``, ``country=Syria``, ``actor=Russia``,
``since=2020``) and gives back resolved values (``ASSAULT``; ``SYR``; the knowledge base's codes and names for
Russia; 2020-01-01), or raises ``QueryError`` with the reason and, where the values are a closed list (the 16
PLOVER types, stances, modalities), the valid ones.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ..errors import FieldError
from ..model import MODALITIES, PLOVER_TYPES, STANCES
from ..review.view import MACHINE, VIEWS, Tables

MAX_TEXT = 200  # characters of a free-text or name filter


class QueryError(FieldError):
    """A filter that cannot be answered: ``reason`` says why, ``valid`` lists the values accepted (if few)."""


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor filter resolved: any of ``codes`` or ``names`` (lower case), or, for a name the knowledge base
    does not know, ``part`` of a stored name (lower case) or the ``codes`` typed."""

    text: str
    codes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    part: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A day, month or year as typed: ``first`` and ``last`` day."""

    first: date
    last: date


@dataclass(frozen=True, slots=True)
class Filters:
    """Resolved filters; ``None`` or empty means not filtered. Lists mean any of."""

    types: tuple[str, ...] = ()
    mode: str | None = None
    actor: ActorMatch | None = None
    countries: tuple[str, ...] = ()
    admin1: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    since: date | None = None
    until: date | None = None
    claimant: ActorMatch | None = None
    stance: str | None = None
    modality: str | None = None
    disputed: bool | None = None
    min_confidence: float | None = None
    outlet: str | None = None
    article: str | None = None
    text: str | None = None
    stitched: bool | None = None  # articles stitched from several stories (provenance score >= 0.5), or not
    spun: bool | None = None  # articles with spun names, or not
    duplicates: bool | None = None  # articles that are near-copies or have stored near-copies, or neither
    view: str = "corrected"  # the analysts' corrections applied (sitreps/review), or "machine": the coder's own
    tables: Tables = MACHINE  # what the SQL reads for ``view``; set against the store by ``bind``

    @classmethod
    def parse(cls, *, type: str | None = None, mode: str | None = None, actor: str | None = None,
              country: str | None = None, admin1: str | None = None, bbox: str | None = None,
              since: str | date | None = None, until: str | date | None = None, claimant: str | None = None,
              stance: str | None = None, modality: str | None = None, disputed: bool | str | None = None,
              min_confidence: float | str | None = None, outlet: str | None = None, article: str | None = None,
              q: str | None = None, stitched: bool | str | None = None, spun: bool | str | None = None,
              duplicates: bool | str | None = None, view: str | None = None) -> Filters:
        """Filters from the words a user typed; ``QueryError`` for any that cannot be resolved."""
        for name, value in (("actor", actor), ("claimant", claimant), ("admin1", admin1), ("outlet", outlet),
                            ("article", article), ("q", q), ("mode", mode)):
            if value is not None and len(value) > MAX_TEXT:
                raise QueryError(name, f"longer than {MAX_TEXT} characters")
        actor, claimant, bbox = _blank(actor), _blank(claimant), _blank(bbox)
        since, until = _blank(since), _blank(until)
        return cls(
            types=tuple(event_type(t) for t in _items(type)),
            mode=_blank(mode),
            actor=resolve_actor(actor) if actor else None,
            countries=tuple(country_iso3(c) for c in _items(country)),
            admin1=_blank(admin1),
            bbox=parse_bbox(bbox) if bbox else None,
            since=parse_span(since, "since").first if since else None,
            until=parse_span(until, "until").last if until else None,
            claimant=resolve_actor(claimant) if claimant else None,
            stance=_choice("stance", stance, STANCES),
            modality=_choice("modality", modality, MODALITIES),
            disputed=_bool("disputed", disputed),
            min_confidence=_confidence(min_confidence),
            outlet=_blank(outlet), article=_blank(article), text=_blank(q), stitched=_bool("stitched", stitched),
            spun=_bool("spun", spun), duplicates=_bool("duplicates", duplicates),
            view=_choice("view", view, VIEWS) or "corrected")

    def bind(self, conn: Any) -> Filters:
        """These filters reading the tables of their ``view`` in this store (``sitreps.review.view``)."""
        from ..review.view import tables

        return dataclasses.replace(self, tables=tables(conn, self.view))

    def provenance(self) -> bool:
        """Whether a provenance filter is set (they need the ``article_provenance`` table)."""
        return self.stitched is not None or self.spun is not None or self.duplicates is not None


def _blank(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value.strip() if isinstance(value, str) else value


def _items(value: str | None) -> list[str]:
    """A comma-separated list: ``ASSAULT,COERCE``."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def event_type(value: str) -> str:
    """A PLOVER type in any case; anything else is refused with the 16 listed."""
    upper = value.strip().upper()
    if upper not in PLOVER_TYPES:
        raise QueryError("type", f"{value!r} is not a PLOVER event type", PLOVER_TYPES)
    return upper


def _choice(name: str, value: str | None, valid: tuple[str, ...]) -> str | None:
    if not _blank(value):
        return None
    lower = str(value).strip().lower()
    if lower not in valid:
        raise QueryError(name, f"{value!r} is not a {name}", valid)
    return lower


def _bool(name: str, value: bool | str | None) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    lower = value.strip().lower()
    if lower in ("1", "true", "yes"):
        return True
    if lower in ("0", "false", "no"):
        return False
    raise QueryError(name, f"{value!r} is not true or false", ("true", "false"))


def _confidence(value: float | str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError as error:
        raise QueryError("min_confidence", f"{value!r} is not a number between 0 and 1") from error
    if not 0.0 <= number <= 1.0:
        raise QueryError("min_confidence", f"{value!r} is not between 0 and 1")
    return number


_SPAN = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def parse_span(value: str | date, name: str = "date") -> Span:
    """``2020`` (the year), ``2020-03`` (the month) or ``2020-03-05`` (the day)."""
    if isinstance(value, date):
        return Span(value, value)
    found = _SPAN.match(value.strip())
    if not found:
        raise QueryError(name, f"{value!r} is not a year, a month or a day (2020, 2020-03, 2020-03-05)")
    year, month, day = (int(part) if part else None for part in found.groups())
    assert year is not None
    try:
        if month is None:
            return Span(date(year, 1, 1), date(year, 12, 31))
        if day is None:
            return Span(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
        return Span(date(year, month, day), date(year, month, day))
    except ValueError as error:
        raise QueryError(name, f"{value!r} is not a real date ({error})") from error


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in degrees (longitude, latitude)."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError as error:
        raise QueryError("bbox", f"{value!r} is not four numbers west,south,east,north") from error
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise QueryError("bbox", f"{value!r} is out of range: longitudes -180..180, latitudes -90..90, "
                                 "south <= north")
    return west, south, east, north


# -- countries -----------------------------------------------------------------------------------------------


@cache
def _country_names() -> dict[str, str]:
    """Lower-case name, official name, common name, ISO2 and ISO3 -> ISO3; knowledge-base names and aliases too."""
    import pycountry

    from ..kb import KnowledgeBase, normalize

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("alpha_3", "alpha_2", "name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(normalize(value), country.alpha_3)
    for entry in KnowledgeBase.load():
        if entry.kind == "country" and entry.code:
            for form in (entry.name, *entry.aliases):
                names.setdefault(normalize(form), entry.code)
    return names


def country_iso3(value: str) -> str:
    """ISO3 for an ISO3 or ISO2 code or a name ("SYR", "SY", "Syria", "syrian arab republic"); anything else is
    refused with the closest names as a hint."""
    from ..kb import normalize

    key = normalize(value)
    found = _country_names().get(key)
    if found:
        return found
    from rapidfuzz import process

    names = [name for name in _country_names() if len(name) > 3]  # names, not codes
    near = process.extract(key, names, limit=3, score_cutoff=70)
    import pycountry

    codes = sorted({_country_names()[name] for name, _, _ in near})
    known = [(pycountry.countries.get(alpha_3=code), code) for code in codes]
    hint = ", ".join(f"{country.name} ({code})" for country, code in known if country is not None)
    raise QueryError("country", f"{value!r} is not a country; give an ISO3 code (SYR) or an English name"
                                + (f"; did you mean {hint}?" if hint else ""))


# -- actors --------------------------------------------------------------------------------------------------


@cache
def _by_code() -> dict[str, Any]:
    """Code -> the knowledge-base entry for it, a country first."""
    from ..kb import KnowledgeBase

    out: dict[str, Any] = {}
    for entry in sorted(KnowledgeBase.load(), key=lambda e: (e.kind != "country", e.id)):
        if entry.code:
            out.setdefault(entry.code.upper(), entry)
    return out


def resolve_actor(value: str) -> ActorMatch:
    """A code, name, alias or part of a name. A name or code the knowledge base knows becomes that entry's code
    and names, so ``Russia`` and ``RUS`` match the same actors; otherwise the text matches a stored code
    exactly or part of a stored name."""
    from ..kb import KnowledgeBase

    text = value.strip()
    entry = _by_code().get(text.upper()) if re.fullmatch(r"[A-Za-z]{3}", text) else None
    entry = entry or KnowledgeBase.load().lookup(text)
    if entry is None:  # a stored code (letters only, as CAMEO's) or part of a stored name
        code = (text.upper(),) if re.fullmatch(r"[A-Za-z]{2,9}", text) else ()
        return ActorMatch(text, codes=code, part=text.lower())
    names = tuple(sorted({n.lower() for n in (entry.name, *entry.aliases)}))
    return ActorMatch(text, codes=(entry.code.upper(),) if entry.code else (), names=names)
