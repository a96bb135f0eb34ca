"""An analyst's correction: its own record (who, when, what, why), never a change to the machine's output.

The actions: on an event (one telling, a claim of an incident) ``confirm``, ``reject`` or ``correct`` one field
(``type``, ``actor``, ``place``, ``date``, ``figure``); on an incident ``merge`` (another incident into this
one) or ``split`` (one of its events out, into an incident of its own); on a correction ``retract`` (it no
longer applies; the record stays). ``parse_correction`` checks what a person or a client sent and gives the
value in one shape per field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime
from typing import Any

from ..errors import FieldError
from ..model import PLOVER_TYPES, QUANTITY_KINDS, content_id

ACTIONS: dict[str, tuple[str, ...]] = {"event": ("confirm", "reject", "correct"), "incident": ("merge", "split"),
                                       "correction": ("retract",)}
FIELDS = ("type", "actor", "place", "date", "figure")
ROLES = ("source", "target")
MAX_TEXT = 500  # characters of a name, a reason or an analyst's name
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,200}$")


class ReviewError(FieldError):
    """A correction that cannot be taken: ``field`` is the part at fault, ``reason`` says why, ``valid`` lists the
    values accepted where they are few."""


class NotFound(ReviewError):
    """A correction naming an event, incident or correction the store does not hold."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Correction:
    """One analyst's correction. ``value`` is plain JSON: a type name, an actor, a place, a date, a figure, the
    incident merged in, the event split out, or nothing (confirm, reject, retract)."""

    target: str  # event, incident or correction
    target_id: str
    action: str
    who: str
    why: str = ""
    field: str | None = None  # for ``correct``: type, actor, place, date, figure
    value: Any = None
    made_at: datetime = dataclass_field(default_factory=_now)  # UTC
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id("correction", self.target, self.target_id, self.action,
                                                      self.field, self.value, self.who, self.made_at.isoformat()))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "made_at": self.made_at.isoformat() + "Z", "who": self.who, "target": self.target,
                "target_id": self.target_id, "action": self.action, "field": self.field, "value": self.value,
                "why": self.why}

    def row(self) -> tuple[Any, ...]:
        """The ``corrections`` row: id, made_at, who, target, target_id, action, field, value (JSON), why."""
        return (self.id, self.made_at, self.who, self.target, self.target_id, self.action, self.field,
                json.dumps(self.value, ensure_ascii=False, sort_keys=True), self.why)

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Correction:
        cid, made_at, who, target, target_id, action, fld, value, why = row
        return cls(target, target_id, action, who, why or "", fld, json.loads(value) if value else None,
                   made_at, cid)


def _text(name: str, value: Any, *, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ReviewError(name, "is required")
        return ""
    if not isinstance(value, str):
        raise ReviewError(name, "must be text")
    if len(value) > MAX_TEXT:
        raise ReviewError(name, f"longer than {MAX_TEXT} characters")
    return value.strip()


def parse_correction(target: Any, target_id: Any, action: Any, *, who: Any, why: Any = None, field: Any = None,
                     value: Any = None) -> Correction:
    """A correction from what a person typed or a client sent, each part checked (``ReviewError`` says which
    part is wrong and why). Whether its target exists is the store's to say (``sitreps.review.records``)."""
    if target not in ACTIONS:
        raise ReviewError("target", f"{target!r} is not a target", tuple(ACTIONS))
    if action not in ACTIONS[target]:
        raise ReviewError("action", f"{action!r} is not an action on an {target}", ACTIONS[target])
    if not isinstance(target_id, str) or not _ID.match(target_id):
        raise ReviewError("id", f"{target_id!r} is not an id")
    who_text, why_text = _text("who", who), _text("why", why, required=False)
    if action == "correct":
        if field not in FIELDS:
            raise ReviewError("field", f"{field!r} is not a field to correct", FIELDS)
        return Correction(target, target_id, action, who_text, why_text, field, field_value(field, value))
    if field is not None:
        raise ReviewError("field", f"only 'correct' takes a field, not {action!r}")
    if action in ("merge", "split"):
        other = value.get("id") if isinstance(value, dict) else value
        if not isinstance(other, str) or not _ID.match(other):
            raise ReviewError("value", f"{action} needs the id of the {'incident' if action == 'merge' else 'event'}"
                                       f" ({'merged in' if action == 'merge' else 'split out'})")
        if action == "merge" and other == target_id:
            raise ReviewError("value", "an incident cannot be merged with itself")
        return Correction(target, target_id, action, who_text, why_text, None, other)
    if value is not None:
        raise ReviewError("value", f"{action!r} takes no value")
    return Correction(target, target_id, action, who_text, why_text)


def field_value(name: str, value: Any) -> Any:
    """The value of a corrected field in its one shape: type "PROTEST"; actor {"role", "name", "code",
    "sector"} (no name: that side has no actor); place {"name", "country", "admin1", "lat", "lon"}; date
    {"start", "end"}; figure {"kind", "low", "best", "high"} (no best: the figure is not told)."""
    if name == "type":
        upper = value.strip().upper() if isinstance(value, str) else None
        if upper not in PLOVER_TYPES:
            raise ReviewError("value", f"{value!r} is not a PLOVER event type", PLOVER_TYPES)
        return upper
    if isinstance(value, str) and name in ("date", "actor", "place"):
        value = {"start": value} if name == "date" else {"name": value}
    if not isinstance(value, dict):
        raise ReviewError("value", f"a {name} is an object (see docs/api.md)")
    return {"actor": _actor, "place": _place, "date": _date, "figure": _figure}[name](value)


def _actor(value: dict[str, Any]) -> dict[str, Any]:
    role = value.get("role", "source")
    if role not in ROLES:
        raise ReviewError("value.role", f"{role!r} is not a side", ROLES)
    name = _text("value.name", value.get("name"), required=False)
    code = _text("value.code", value.get("code"), required=False).upper() or None
    sector = _text("value.sector", value.get("sector"), required=False).upper() or None
    if code and not re.fullmatch(r"[A-Z]{3}", code):
        raise ReviewError("value.code", f"{code!r} is not a three-letter code (ISO3, IGO, NGO, TNA)")
    return {"role": role, "name": name or None, "code": code, "sector": sector}


def _number(name: str, value: Any, low: float, high: float) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise ReviewError(name, f"{value!r} is not a number") from error
    if not low <= number <= high:
        raise ReviewError(name, f"{value!r} is not between {low:g} and {high:g}")
    return number


def _place(value: dict[str, Any]) -> dict[str, Any]:
    from ..query.filters import QueryError, country_iso3

    name = _text("value.name", value.get("name"))
    country = _text("value.country", value.get("country"), required=False)
    try:
        iso3 = country_iso3(country) if country else None
    except QueryError as error:
        raise ReviewError("value.country", error.reason) from error
    lat, lon = _number("value.lat", value.get("lat"), -90, 90), _number("value.lon", value.get("lon"), -180, 180)
    if (lat is None) != (lon is None):
        raise ReviewError("value.lat", "give both lat and lon, or neither")
    return {"name": name, "country": iso3, "admin1": _text("value.admin1", value.get("admin1"), required=False)
            or None, "lat": lat, "lon": lon}


def _day(name: str, value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ReviewError(name, f"{value!r} is not a day (2020-03-05)") from error


def _date(value: dict[str, Any]) -> dict[str, Any]:
    start = _day("value.start", value.get("start"))
    end = _day("value.end", value["end"]) if value.get("end") else start
    if end < start:
        raise ReviewError("value.end", "is before the start")
    return {"start": start.isoformat(), "end": end.isoformat()}


def _count(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise ReviewError(name, f"{value!r} is not a whole number of 0 or more")
    number = int(value)
    if number > 100_000_000:
        raise ReviewError(name, f"{value!r} is too large")
    return number


def _figure(value: dict[str, Any]) -> dict[str, Any]:
    kind = value.get("kind", "killed")
    if kind not in QUANTITY_KINDS:
        raise ReviewError("value.kind", f"{kind!r} is not a figure", QUANTITY_KINDS)
    best = _count("value.best", value.get("best"))
    low, high = _count("value.low", value.get("low")), _count("value.high", value.get("high"))
    if best is None:
        if low is not None or high is not None:
            raise ReviewError("value.best", "is required with low or high")
        return {"kind": kind, "low": None, "best": None, "high": None}
    low, high = best if low is None else low, best if high is None else high
    if not low <= best <= high:
        raise ReviewError("value.best", f"low {low} <= best {best} <= high {high} does not hold")
    return {"kind": kind, "low": low, "best": best, "high": high}
