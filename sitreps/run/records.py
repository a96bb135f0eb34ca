"""Coded articles and failures as plain JSON records and back, for shards written by one process and loaded
by another (``sitreps.run.dask``): every dataclass of ``sitreps.model`` by its class name, dates as ISO text."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any

from .. import model

_KIND = "~"  # the key holding a record's class name
_DATE, _TIME = "~date", "~datetime"


def to_plain(value: Any) -> Any:
    """A model value as JSON-able values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {_KIND: type(value).__name__, **{f.name: to_plain(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, datetime):
        return {_TIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def from_plain(value: Any) -> Any:
    """The model value ``to_plain`` gave (sequences come back as tuples, as the model holds them)."""
    if isinstance(value, list):
        return tuple(from_plain(v) for v in value)
    if not isinstance(value, dict):
        return value
    if _TIME in value:
        return datetime.fromisoformat(value[_TIME])
    if _DATE in value:
        return date.fromisoformat(value[_DATE])
    if _KIND in value:
        cls = getattr(model, value[_KIND])
        return cls(**{k: from_plain(v) for k, v in value.items() if k != _KIND})
    return {k: from_plain(v) for k, v in value.items()}


def dumps(value: Any) -> str:
    return json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    return from_plain(json.loads(text))
