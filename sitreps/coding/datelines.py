"""Datelines: "BEIRUT, Oct 18 (Levant Wire) -" at the head of a wire story, where it was filed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..geo import Gazetteer
from ..model import Place
from .places import KIND_PRECISION

DATELINE = re.compile(
    r"^\s*([A-Z][A-Z'’.\- ]{2,40}?(?:,\s*[A-Z][A-Za-z'’.\- ]{2,30}?)?)\s*"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?\s*(?:\([^)]{1,60}\))?\s*[-–—:]")


def _dateline(text: str) -> tuple[int, re.Match[str]] | None:
    """The dateline at the start of one of the first paragraphs (after a headline), and where it starts."""
    start = 0
    for _ in range(3):
        m = DATELINE.match(text[start:start + 200])
        if m:
            return start, m
        nxt = text.find("\n", start)
        if nxt < 0:
            return None
        start = nxt + 1
        while start < len(text) and text[start] in "\n\r ":
            start += 1
    return None


def dateline_end(text: str) -> int:
    """Where the dateline ends ("BEIRUT, Oct 18 (Levant Wire) -"), or 0 when there is none."""
    found = _dateline(text)
    return found[0] + found[1].end() if found else 0


def find_dateline(text: str, gazetteer: Gazetteer, countries: Sequence[str]) -> Place | None:
    """The place in a dateline such as "BEIRUT, Oct 18 (Levant Wire) -"."""
    found = _dateline(text)
    if found is None:
        return None
    offset, m = found
    raw = m.group(1).strip()
    first = re.split(r"[,/]", raw)[0].strip()  # "MOSCOW/BEIRUT": the first place
    name = first.title()
    resolved = gazetteer.resolve(name, countries=countries)
    if resolved is None:
        return None
    cand, reason = resolved
    start = offset + m.start(1)
    return Place(first, cand.name, cand.country, cand.admin1, cand.lat, cand.lon,
                 cand.geonames_id, KIND_PRECISION.get(cand.kind, "unknown"), f"dateline; {reason}",
                 start, start + len(first))
