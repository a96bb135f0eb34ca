"""PLOVER gold-standard JSON records as gold.

A file is a JSON array, an object holding the array (under ``data``, ``records`` or ``events``), or JSON
Lines. A record is one coded event::

    {"id": "p1", "text": "...", "date": "2021-03-04", "event": "FIGHT", "mode": "firearms",
     "context": ["military"], "source": "SYRMIL", "target": ["SYRREB"], "location": "Idlib"}

``event`` or ``event_type`` is the PLOVER type; the older labels are renamed to the current 16 (FIGHT is
ASSAULT, DEMAND is REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE). ``source`` / ``target`` are codes: a
string (several joined by ``;`` or ``/``), a list, or ``{"code", "sector"}`` objects. ``location`` is a
place name or ``{"name", "country", "lat", "lon"}``. Records sharing an ``id`` (or, without ids, the same
text) are one text with several events.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..model import PLOVER_TYPES
from .score import GoldRecord
from .sitreps_gold import COORDS, GOLD, FieldGold, country_iso3

logger = logging.getLogger(__name__)

OLD_LABELS = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}


def current_type(label: str | None) -> str | None:
    """A PLOVER label in today's 16 names; None for an unknown one."""
    if not label:
        return None
    name = OLD_LABELS.get(label.strip().upper(), label.strip().upper())
    if name not in PLOVER_TYPES:
        logger.warning("not a PLOVER event type: %r", label)
        return None
    return name


def codes(value: Any) -> tuple[str, ...]:
    """Actor codes from a string (``"USA;GBR"``), a list, or ``{"code", "sector"}`` objects."""
    out: list[str] = []
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(item, Mapping):
            code = f"{item.get('code') or ''}{item.get('sector') or ''}"
            out += [code] if code else []
        elif isinstance(item, str):
            out += [c for c in re.split(r"[;/,\s]+", item.strip().upper()) if c]
    return tuple(out)


def countries(found: Sequence[str]) -> tuple[str, ...]:
    """The ISO3 countries that codes start with (``SYRMIL`` → ``SYR``); other codes are left out."""
    out: list[str] = []
    for code in found:
        head = code[:3]
        if len(code) >= 3 and country_iso3(head) == head and head not in out:
            out.append(head)
    return tuple(out)


def record_gold(raw: Mapping[str, Any]) -> FieldGold:
    """The gold fields of one PLOVER record."""
    values: dict[str, Any] = {}
    kind = current_type(raw.get("event") or raw.get("event_type"))
    if kind:
        values["event_type"] = kind
    if raw.get("mode"):
        values["mode"] = str(raw["mode"])
    if raw.get("context"):
        ctx = raw["context"]
        values["context"] = tuple(str(c) for c in (ctx if isinstance(ctx, list) else [ctx]))
    for side in ("source", "target"):
        found = codes(raw.get(side))
        if found:
            values[f"{side} code"] = found
        if country := countries(found):
            values[f"{side} country"] = country
    location = raw.get("location")
    if isinstance(location, str) and location.strip():
        values["place"] = location.strip()
    elif isinstance(location, Mapping):
        if location.get("name") or location.get("text"):
            values["place"] = str(location.get("name") or location.get("text"))
        if iso3 := country_iso3(location.get("country")):
            values["country"] = iso3
        if location.get("lat") is not None and location.get("lon") is not None:
            values[COORDS] = (float(location["lat"]), float(location["lon"]))
    return FieldGold(values)


def _published(raw: Mapping[str, Any]) -> date | None:
    value = raw.get("date") or raw.get("published") or raw.get("publication_date")
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def parse_plover(items: Sequence[Any], *, origin: str = "plover") -> Iterator[GoldRecord]:
    """Gold records from parsed PLOVER records, grouped by id (or text)."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for number, raw in enumerate(items, start=1):
        if not isinstance(raw, Mapping) or not str(raw.get("text") or "").strip():
            logger.warning("%s:%d: no text, skipped", origin, number)
            continue
        key = str(raw.get("id") or raw["text"])
        groups.setdefault(key, []).append(raw)
    for number, (key, raws) in enumerate(groups.items(), start=1):
        first = raws[0]
        rid = str(first.get("id") or f"{origin}:{number}")
        events = tuple(g for g in (record_gold(r) for r in raws) if g.values)
        yield GoldRecord(rid, str(first["text"]).strip(), _published(first), (), {GOLD: events}, ("fields",))


def load_items(text: str) -> list[Any]:
    """A JSON array, an object holding one, or JSON Lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(data, Mapping):
        data = next((data[k] for k in ("data", "records", "events") if isinstance(data.get(k), list)), [data])
    return list(data)


def read_plover_json(path: str | Path) -> Iterator[GoldRecord]:
    """Gold records from a PLOVER ``.json`` / ``.jsonl`` file, or every such file in a folder."""
    path = Path(path)
    files = [path] if path.is_file() else sorted([*path.glob("*.json"), *path.glob("*.jsonl")])
    if not files:
        raise FileNotFoundError(f"no *.json or *.jsonl file in {path}")
    for file in files:
        yield from parse_plover(load_items(file.read_text(encoding="utf-8")), origin=file.stem)
