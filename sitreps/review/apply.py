"""Corrections applied, as pure functions over records: an event's corrections to its SCHEMA.md record, and
merges and splits to the grouping of events into incidents. The store side is ``sitreps.review.overlay``."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import Correction

REASON = "corrected by an analyst"


@dataclass(frozen=True, slots=True)
class Reviewed:
    """An event's record after its corrections, and what the analysts said of it."""

    record: dict[str, Any]
    status: str  # confirmed, corrected or rejected
    fields: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()

    def review(self) -> dict[str, Any]:
        """The ``review`` key of the corrected record."""
        return {"status": self.status, "fields": list(self.fields), "corrections": list(self.corrections)}


def apply_event(record: dict[str, Any], corrections: Iterable[Correction]) -> Reviewed:
    """The event ``record`` with ``corrections`` (oldest first) applied to a copy: the last of confirm and
    reject is the verdict; each ``correct`` sets its field. The machine's record is not changed."""
    out = copy.deepcopy(record)
    verdict = "confirmed"
    fields: list[str] = []
    ids: list[str] = []
    for c in corrections:
        ids.append(c.id)
        if c.action in ("confirm", "reject"):
            verdict = "rejected" if c.action == "reject" else "confirmed"
        elif c.action == "correct" and c.field:
            _set(out, c.field, c.value)
            if c.field not in fields:
                fields.append(c.field)
    status = "rejected" if verdict == "rejected" else "corrected" if fields else "confirmed"
    reviewed = Reviewed(out, status, tuple(fields), tuple(ids))
    out["review"] = reviewed.review()
    return reviewed


def _set(record: dict[str, Any], name: str, value: Any) -> None:
    if name == "type":
        if value != record.get("event_type"):  # the machine's mode and codes were for the machine's type
            record.update({"event_type": value, "mode": None, "cameo": None, "acled": None})
    elif name == "actor":
        who = ({"text": value["name"], "name": value["name"], "code": value.get("code"),
                "sector": value.get("sector"), "start": None, "end": None} if value.get("name") else None)
        record[value["role"]] = [who] if who else []
    elif name == "place":
        precision = ("point" if value.get("lat") is not None else "admin1" if value.get("admin1")
                     else "country" if value.get("country") else "unknown")
        record["location"] = {"text": value["name"], "name": value["name"], "country": value.get("country"),
                              "admin1": value.get("admin1"), "lat": value.get("lat"), "lon": value.get("lon"),
                              "geonames_id": None, "precision": precision, "reason": REASON, "start": None,
                              "end": None, "use": "literal"}
    elif name == "date":
        start, end = value["start"], value.get("end") or value["start"]
        record["date"] = {"text": REASON, "start": start, "end": end,
                          "precision": "day" if start == end else "range", "span_start": None, "span_end": None}
    elif name == "figure":
        quantities = record.setdefault("quantities", {})
        kind = value["kind"]
        if value.get("best") is None:
            quantities.pop(kind, None)
        else:
            aggregate = bool((quantities.get(kind) or {}).get("aggregate", False))
            quantities[kind] = {"low": value["low"], "best": value["best"], "high": value["high"], "text": REASON,
                                "start": None, "end": None, "aggregate": aggregate}


@dataclass(slots=True)
class Group:
    """An incident's events as the corrections leave them: its tellings (``claims``), the totals that cover it
    (``aggregates``), and where it came from."""

    id: str
    claims: list[str] = field(default_factory=list)
    aggregates: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # incidents merged into this one
    split_from: str | None = None
    corrections: list[str] = field(default_factory=list)


def regroup(groups: dict[str, Group], moves: Sequence[Correction], new_id: Any) -> list[str]:
    """Apply merges and splits (oldest first) to ``groups`` (incident id -> its events), in place; a split
    event makes an incident of its own, with the id ``new_id([event_id])``. Returns the ids of the
    corrections that no longer apply (an incident or event not there any more)."""
    stale: list[str] = []
    for c in moves:
        group = groups.get(c.target_id)
        if group is None:
            stale.append(c.id)
            continue
        if c.action == "merge":
            other = groups.pop(str(c.value), None)
            if other is None or other is group:
                stale.append(c.id)
                continue
            group.claims += [e for e in other.claims if e not in group.claims]
            group.aggregates += [e for e in other.aggregates if e not in group.aggregates]
            group.merged += [other.id, *other.merged]
            group.corrections += [*other.corrections, c.id]
        elif c.action == "split":
            event = str(c.value)
            if event not in group.claims or len(group.claims) < 2:
                stale.append(c.id)
                continue
            group.claims.remove(event)
            group.corrections.append(c.id)
            alone = new_id([event])
            groups[alone] = Group(alone, [event], split_from=group.id, corrections=[c.id])
    return stale
