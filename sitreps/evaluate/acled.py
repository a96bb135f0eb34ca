"""ACLED-style CSV as gold: each row's ``notes`` is the text, the row's columns are its one event.

Columns read (by header name, case-insensitive; the ones missing are not scored): ``notes``,
``event_type``, ``sub_event_type``, ``actor1``, ``actor2``, ``country`` (or ``iso3`` / numeric ``iso``),
``location``, ``latitude``, ``longitude``, ``fatalities``, ``event_date``, and an id from
``event_id_cnty`` / ``event_id`` / ``id`` (else the row number). Rows without notes are skipped.

ACLED's types become PLOVER types by ``plover_type``: Battles, Explosions/Remote violence and Violence
against civilians are ASSAULT; Protests PROTEST; Riots PROTEST with mode ``riot``; Strategic developments by
sub-event type where the sub-type is one PLOVER event (Arrests COERCE mode ``arrest``, Agreement AGREE,
Looting/property destruction ASSAULT); the other strategic developments have no PLOVER type, and their
rows are scored on every other field only. Also scored: ``inter1``, ``inter2`` and ``interaction`` against
``acled.inter1`` … and, where deaths are reported (fatalities > 0), ``fatalities`` against the event's
``acled.fatalities``. The row's country is kept as ``meta["country"]``, the focus country to code it with
(``evaluate(..., country_from_gold=True)``).
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..coding.acled import main_event
from .score import GoldRecord, Predicted, RecordScore
from .sitreps_gold import COORDS, GOLD, FieldGold, NamedActor, country_iso3, score_fields

logger = logging.getLogger(__name__)

EVENT_TYPES: dict[str, tuple[str, str | None]] = {
    "battles": ("ASSAULT", None),
    "explosions/remote violence": ("ASSAULT", None),
    "violence against civilians": ("ASSAULT", None),
    "protests": ("PROTEST", None),
    "riots": ("PROTEST", "riot"),
}
STRATEGIC: dict[str, tuple[str, str | None]] = {
    "arrests": ("COERCE", "arrest"),
    "agreement": ("AGREE", None),
    "looting/property destruction": ("ASSAULT", None),
}
# ACLED's generic actor names say the actor's sector, and the country in "of X" or "(X)".
GENERIC: tuple[tuple[str, str], ...] = (
    (r"^military forces of\b", "MIL"), (r"^police forces of\b", "COP"), (r"^government of\b", "GOV"),
    (r"^civilians\b", "CVL"), (r"^protesters\b", "CVL"), (r"^rioters\b", "CVL"),
)
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%y")


def plover_type(event_type: str, sub_event_type: str = "") -> tuple[str | None, str | None]:
    """The PLOVER type and mode of an ACLED event type (and sub-type); (None, None) where none fits."""
    kind = event_type.strip().casefold()
    if kind == "strategic developments":
        return STRATEGIC.get(sub_event_type.strip().casefold(), (None, None))
    return EVENT_TYPES.get(kind, (None, None))


def named_actor(name: str) -> NamedActor:
    """An ACLED actor name with the sector and country its generic form implies."""
    sector = next((s for pattern, s in GENERIC if re.search(pattern, name.strip(), re.IGNORECASE)), None)
    country = None
    if sector:
        m = re.search(r"\bof ([^(]+)", name) or re.search(r"\(([^)0-9]+)\)", name)
        country = country_iso3(m.group(1).strip()) if m else None
    return NamedActor(name.strip(), sector, country)


def parse_day(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    logger.warning("not an ACLED date: %r", value)
    return None


def row_gold(row: Mapping[str, str]) -> FieldGold:
    """The gold fields of one CSV row (keys already lower-cased)."""
    values: dict[str, Any] = {}
    kind, sub = row.get("event_type", "") or "", row.get("sub_event_type", "") or ""
    plover, mode = plover_type(kind, sub)
    if plover:
        values["event_type"] = plover
    if mode:
        values["mode"] = mode
    if kind.strip():
        values["acled event_type"] = kind.strip()
    if sub.strip():
        values["acled sub_event_type"] = sub.strip()
    for column, side in (("actor1", "source"), ("actor2", "target")):
        if (row.get(column) or "").strip():
            values[f"{side} actor"] = (named_actor(row[column]),)
    country = country_iso3(row.get("iso3") or row.get("country") or row.get("iso"))
    if country:
        values["country"] = country
    if (row.get("location") or "").strip():
        values["place"] = row["location"].strip()
    try:
        values[COORDS] = (float(row["latitude"]), float(row["longitude"]))
    except (KeyError, TypeError, ValueError):
        pass
    day = parse_day(row["event_date"]) if (row.get("event_date") or "").strip() else None
    if day:
        values["date"] = day
    fatalities = (row.get("fatalities") or "").strip()
    if fatalities.isdigit():
        values["killed"] = values["killed ±20%"] = int(fatalities)
        if int(fatalities) > 0:
            values["fatalities"] = int(fatalities)  # scored where deaths are reported
    for column in ("inter1", "inter2"):
        if (row.get(column) or "").strip().isdigit():
            values[f"acled {column}"] = int(row[column])
    if (row.get("interaction") or "").strip().isdigit():
        values["acled interaction"] = row["interaction"].strip()
    return FieldGold(values)


def parse_csv(lines: Iterator[str], *, origin: str = "acled") -> Iterator[GoldRecord]:
    """Gold records from the lines of one ACLED-style CSV file."""
    reader = csv.DictReader(lines)
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().casefold(): (v or "") for k, v in raw.items()}
        text = row.get("notes", "").strip()
        if not text:
            logger.warning("%s:%d: no notes, skipped", origin, number)
            continue
        gold = row_gold(row)
        rid = row.get("event_id_cnty") or row.get("event_id") or row.get("id") or f"{origin}:{number}"
        # No publication date: ACLED notes name their day, and the event date would score itself.
        meta = {GOLD: (gold,), "country": gold.values.get("country")}
        yield GoldRecord(rid, text, None, (), meta, ("fields",))


def score_acled(record: GoldRecord, predicted: Sequence[Predicted]) -> RecordScore:
    """Score a row's one gold event against the one event sitreps' ACLED coding picks for the note
    (``sitreps.coding.acled.main_event``: in the first sentence with an ACLED-coded act, the highest-ranked
    act; where no event has an ACLED code, the first event), not against whichever event fits best: a note
    tells one event, and so must the coder."""
    events = [p.event for p in predicted if p.event is not None]
    main = main_event(events) or (events[0] if events else None)
    return score_fields(record, [p for p in predicted if main is not None and p.event is main])


def read_acled(path: str | Path) -> Iterator[GoldRecord]:
    """Gold records from an ACLED CSV file, or every ``*.csv`` in a folder."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.glob("*.csv"))
    if not files:
        raise FileNotFoundError(f"no *.csv file in {path}")
    for file in files:
        with file.open(encoding="utf-8-sig", newline="") as lines:
            yield from parse_csv(lines, origin=file.stem)
