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


# -- place names: GeoWebNews, GeoVirus ---------------------------------------------------------------

@dataclass
class GeoSummary:
    """Totals of a place-name evaluation."""

    records: int = 0
    gold: int = 0  # gold toponyms with coordinates
    predicted: int = 0  # predicted names, less those on ignored gold names (demonyms, languages)
    exact: int = 0  # predicted names on a gold toponym, same ends
    overlap: int = 0  # predicted names overlapping a gold toponym
    located: int = 0  # overlap matches with gold coordinates
    within: int = 0  # … whose predicted point is within ACC_KM
    errors_km: list[float] = field(default_factory=list)
    country_right: int = 0
    country_total: int = 0
    gold_by_type: Counter[str] = field(default_factory=Counter)
    found_by_type: Counter[str] = field(default_factory=Counter)

    def share(self, a: int, b: int) -> float:
        return a / b if b else 0.0

    def to_dict(self) -> dict[str, Any]:
        s = self.share
        return {
            "records": self.records, "gold": self.gold, "predicted": self.predicted,
            "precision": round(s(self.overlap, self.predicted), 4), "recall": round(s(self.overlap, self.gold), 4),
            "precision_exact": round(s(self.exact, self.predicted), 4),
            "recall_exact": round(s(self.exact, self.gold), 4),
            "acc161": round(s(self.within, self.located), 4), "located": self.located,
            "mean_error_km": round(statistics.fmean(self.errors_km), 1) if self.errors_km else None,
            "median_error_km": round(statistics.median(self.errors_km), 1) if self.errors_km else None,
            "country_accuracy": round(s(self.country_right, self.country_total), 4),
            "country_scored": self.country_total,
            "recall_by_type": {t: round(s(self.found_by_type[t], n), 4) for t, n in sorted(self.gold_by_type.items())},
        }


def match_spans(gold: Sequence[GoldPlace], predicted: Sequence[Place]) -> list[tuple[GoldPlace, Place]]:
    """Pairs of gold and predicted names whose spans overlap, one to one, the largest overlaps first."""
    pairs = []
    for g in gold:
        for i, p in enumerate(predicted):
            if p.start is not None and p.end is not None and p.start < g.end and g.start < p.end:
                pairs.append((min(p.end, g.end) - max(p.start, g.start), g.start, i, g))
    used_gold: set[tuple[int, int]] = set()
    used_pred: set[int] = set()
    out = []
    for _size, _start, i, g in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if (g.start, g.end) in used_gold or i in used_pred:
            continue
        used_gold.add((g.start, g.end))
        used_pred.add(i)
        out.append((g, predicted[i]))
    return out


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from ..geo.gazetteer import _km

    return _km(a, b)


@dataclass
class GeoEvaluation:
    fmt: str
    summary: GeoSummary
    errors: list[dict[str, Any]] = field(default_factory=list)  # one row per miss, false alarm or far point
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.fmt, "seconds": round(self.seconds, 1), "failures": len(self.failures),
                **self.summary.to_dict()}


def score_places(record: GoldRecord, predicted: Sequence[Place], summary: GeoSummary, gazetteer: Any,
                 errors: list[dict[str, Any]]) -> None:
    """Add one record's counts to ``summary`` and its mistakes to ``errors``."""
    every: tuple[GoldPlace, ...] = record.meta["places"]
    gold = list({(g.start, g.end): g for g in every if g.lat is not None and g.lon is not None}.values())
    ignored = [g for g in every if g.kind in IGNORED_TYPES]
    pairs = match_spans(gold, predicted)
    matched = {id(p) for _, p in pairs}
    spare = [p for p in predicted if id(p) not in matched]
    false = [p for p in spare if not match_spans(ignored, [p])]
    summary.records += 1
    summary.gold += len(gold)
    summary.predicted += len(pairs) + len(false)
    summary.overlap += len(pairs)
    summary.exact += sum(1 for g, p in pairs if (g.start, g.end) == (p.start, p.end))
    summary.gold_by_type.update(g.kind for g in gold)
    summary.found_by_type.update(g.kind for g, _ in pairs)
    for g, p in pairs:
        summary.located += 1
        far = None
        if p.lat is not None and p.lon is not None:
            far = km((g.lat, g.lon), (p.lat, p.lon))  # type: ignore[arg-type]
            summary.errors_km.append(far)
            summary.within += far <= ACC_KM
        near = gazetteer.nearest(g.lat, g.lon, within_km=COUNTRY_KM)
        if near is not None and near.country:
            summary.country_total += 1
            summary.country_right += p.country == near.country
        if far is None or far > ACC_KM:
            errors.append({"id": record.id, "error": "far", "gold": g.to_dict(), "gold_country": near and near.country,
                           "predicted": p.to_dict(), "km": round(far, 1) if far is not None else None})
    found = {(g.start, g.end) for g, _ in pairs}
    for g in gold:
        if (g.start, g.end) not in found:
            errors.append({"id": record.id, "error": "missed", "gold": g.to_dict(),
                           "context": record.text[max(0, g.start - 60):g.end + 60]})
    for p in false:
        errors.append({"id": record.id, "error": "false", "predicted": p.to_dict(),
                       "context": record.text[max(0, (p.start or 0) - 60):(p.end or 0) + 60]})


def evaluate_geo(fmt: str, path: str | Path, *, limit: int | None = None, model: str | None = None,
                 gazetteer: str | None = None) -> GeoEvaluation:
    """Find the place names in every article of a GeoWebNews or GeoVirus file and score them."""
    import time

    from ..geo import Gazetteer
    from ..geo.places import find_places

    started = time.perf_counter()
    reader = {"geowebnews": read_geowebnews, "geovirus": read_geovirus}[fmt]
    records = _take(reader(Path(path)), limit)
    failures: list[Failure] = []
    articles = [Article(text=r.text, id=r.id, origin=r.id) for r in records]
    by_id = {r.id: r for r in records}
    summary, errors = GeoSummary(), []
    with Gazetteer.open(gazetteer) as gaz:
        for found in find_places(articles, model=model, gazetteer=gazetteer, on_error=failures.append):
            score_places(by_id[found.article.id], found.places, summary, gaz, errors)
    return GeoEvaluation(fmt, summary, errors, failures, time.perf_counter() - started)


def _take(records: Iterable[GoldRecord], limit: int | None) -> list[GoldRecord]:
    out = []
    for r in records:
        if r.skip:
            continue
        if limit is not None and len(out) >= limit:
            break
        out.append(r)
    return out
