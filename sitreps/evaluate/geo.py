"""Geoparsing measured on its own: GeoWebNews, GeoVirus, and the event_location sentences.

    result = evaluate_geo("geowebnews", "path/to/GWN.xml")
    result.summary.recall, result.summary.acc161, result.summary.country_accuracy

Place names: a predicted name matches a gold toponym whose span it overlaps (one to one, most
overlap first); *exact* matches also share both ends. Acc@161km is the share of matched names with
gold coordinates whose predicted point lies within 161 km; country accuracy compares the predicted
place's country with the gold point's, taken as the country of the gazetteer's nearest city.

Event places (``event-location``): each record is one sentence with one event verb and the span(s),
if any, where that event happened. *Strict*: the event sitreps coded for that verb (else its most
confident event) has a place matching a gold span (overlapping it, or the same name once normalised).
*Lenient*: any event's place does.
"""

from __future__ import annotations

import json
import logging
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..geo.names import normalise
from ..model import Article, Event, Failure, Place
from .score import GoldRecord

logger = logging.getLogger(__name__)

ACC_KM = 161.0  # 100 miles, the usual tolerance in geoparsing papers
COUNTRY_KM = 500.0  # how far the nearest city may be from a gold point for it to lend the point a country
IGNORED_TYPES = frozenset({"Demonym", "Language"})  # GeoWebNews names that are not places: never FP
GEO_FORMATS = ("geowebnews", "geovirus", "event-location")


@dataclass(frozen=True, slots=True)
class GoldPlace:
    """One annotated toponym: its span in the text and, where given, its point."""

    text: str
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    kind: str = ""  # the data set's type (GeoWebNews: Literal, Metonymic…; event_location: LOCATION)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "lat": self.lat, "lon": self.lon,
                "kind": self.kind}


# -- readers ---------------------------------------------------------------------------------------

def _one_file(path: Path, patterns: Sequence[str]) -> Path:
    if path.is_file():
        return path
    for pattern in patterns:
        found = sorted(path.glob(pattern))
        if found:
            return found[0]
    raise FileNotFoundError(f"no {' or '.join(patterns)} in {path}")


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _aligned(text: str, name: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of ``name`` at or within two characters of ``start`` (GeoVirus offsets are one-based)."""
    for shift in (0, -1, 1, -2, 2):
        if 0 <= start + shift and text[start + shift:end + shift] == name:
            return start + shift, end + shift
    return None


def read_geowebnews(path: Path) -> Iterator[GoldRecord]:
    """GeoWebNews (``GWN.xml``): each article with every toponym; the ones with coordinates are scored."""
    root = ET.parse(_one_file(path, ["GWN.xml", "*.xml"])).getroot()
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for t in article.iter("toponym"):
            name, start, end = t.findtext("extractedName") or "", int(t.findtext("start") or 0), \
                int(t.findtext("end") or 0)
            span = _aligned(text, name, start, end) or (start, end)
            gold.append(GoldPlace(name, *span, _float(t.findtext("latitude")), _float(t.findtext("longitude")),
                                  t.findtext("type") or ""))
        yield GoldRecord(f"gwn-{article.get('file')}", text, meta={"places": tuple(gold)}, fields=())


def read_geovirus(path: Path) -> Iterator[GoldRecord]:
    """GeoVirus (``GeoVirus.xml``): WikiNews outbreak stories, every location with its point."""
    root = ET.parse(_one_file(path, ["GeoVirus.xml", "*.xml"])).getroot()
    for n, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        gold = []
        for loc in article.findall("./locations/location"):
            name = loc.findtext("name") or ""
            span = _aligned(text, name, int(loc.findtext("start") or 0), int(loc.findtext("end") or 0))
            if span is None:
                logger.warning("geovirus article %d: %r not found at its offsets", n, name)
                continue
            gold.append(GoldPlace(name, *span, _float(loc.findtext("lat")), _float(loc.findtext("lon")),
                                  "location"))
        yield GoldRecord(f"geovirus-{n}", text, meta={"places": tuple(gold),
                                                      "source": article.findtext("source")}, fields=())


def _token_span(record: dict[str, Any], span: dict[str, Any]) -> tuple[str, int, int]:
    """A span's text and offsets from its tokens (the character offsets are wrong in some sources)."""
    tokens, text = record.get("tokens") or [], record["text"]
    first, last = span.get("token_start"), span.get("token_end")
    if isinstance(first, int) and isinstance(last, int) and 0 <= first <= last < len(tokens):
        start, end = tokens[first]["start"], tokens[last]["end"]
        if text[start:end].strip():
            return text[start:end], start, end
    start, end = span["start"], span["end"]
    given = span.get("text")
    if given and text[start:end] != given and given in text:
        start = text.find(given)
        end = start + len(given)
    return text[start:end], start, end


def read_event_location(path: Path) -> Iterator[GoldRecord]:
    """Halterman's event_location sentences (a JSON array, or JSON Lines): the verb and its place(s)."""
    source = _one_file(path, ["*.json", "*.jsonl"])
    raw = source.read_text(encoding="utf-8")
    rows = json.loads(raw) if raw.lstrip().startswith("[") else [json.loads(x) for x in raw.splitlines() if x.strip()]
    for n, row in enumerate(rows):
        if row.get("answer") not in (None, "accept") or not row.get("text"):
            continue
        verbs = [_token_span(row, s) for s in row.get("spans", []) if s.get("label") == "VERB"]
        gold = tuple(GoldPlace(*_token_span(row, s), kind="LOCATION") for s in row.get("spans", [])
                     if s.get("label") == "LOCATION")
        meta = {"places": gold, "verb": verbs[0] if verbs else None, "source": row.get("source")}
        if not verbs:
            meta["skip"] = "no event verb"
        yield GoldRecord(f"el-{n}-{row.get('_id', '')}", row["text"], meta=meta, fields=())


