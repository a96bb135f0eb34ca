"""Geoparsing measured on its own: GeoWebNews, GeoVirus, and the event_location sentences.

    from sitreps.evaluate import evaluate
    from sitreps.evaluate.geo import headline
    headline(evaluate("geowebnews", "path/to/GWN.xml").summary)   # precision, recall, acc161km, …

Place names: a predicted name matches a gold toponym whose span it overlaps (one to one, most
overlap first); *exact* matches also share both ends. Acc@161km is the share of matched names with
gold coordinates whose predicted point lies within 161 km; country accuracy compares the predicted
place's country with the gold point's, taken as the country of the gazetteer's nearest city (names
resolved to a region, such as a continent or a sea, have no country and are not scored on it).

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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..coding.place_words import DEMONYM
from ..geo.gazetteer import Gazetteer, _km
from ..geo.names import normalise
from ..model import Article, Event, Failure, Place
from .score import Counts, GoldRecord, Predicted, RecordScore, Summary

if TYPE_CHECKING:
    from ..geo.places import PlaceFinder

logger = logging.getLogger(__name__)

ACC_KM = 161.0  # 100 miles, the usual tolerance in geoparsing papers
COUNTRY_KM = 500.0  # how far the nearest city may be from a gold point for it to lend the point a country
IGNORED_TYPES = frozenset({"Demonym", "Language"})  # GeoWebNews names that are not places: never FP


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
        yield GoldRecord(f"geovirus-{n}", text, meta={"places": tuple(gold), "demonyms": False,
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
    if raw.lstrip().startswith("["):
        rows = json.loads(raw)
    else:
        rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
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


def score_places(record: GoldRecord, places: Sequence[Place], gazetteer: Gazetteer) -> RecordScore:
    """One article's place names against its gold toponyms with coordinates.

    Counts: ``place_name`` (overlap) and ``place_name_exact``; ``acc161km`` and ``country_accuracy``
    count matched names only, as true positives (right) and false negatives (wrong), so their recall is
    the accuracy. Values: ``error_km`` per matched name, ``within 161km, <precision>`` (1 or 0) per matched
    name, and ``found <type>`` (1 or 0) per gold toponym: their means are accuracies and recalls.
    """
    every: tuple[GoldPlace, ...] = record.meta["places"]
    gold = list({(g.start, g.end): g for g in every if g.lat is not None and g.lon is not None}.values())
    ignored = [g for g in every if g.kind in IGNORED_TYPES]
    pairs = match_spans(gold, places)
    matched = {id(p) for _, p in pairs}
    unscored = not record.meta.get("demonyms", True)  # GeoVirus marks no demonyms: "Syrian" is neither
    false = [p for p in places if id(p) not in matched and not match_spans(ignored, [p])
             and not (unscored and DEMONYM in p.reason)]
    exact = sum(1 for g, p in pairs if (g.start, g.end) == (p.start, p.end))
    within = country_right = country_total = 0
    distances: list[float] = []
    far: list[dict[str, Any]] = []
    kms: list[float | None] = []
    for g, p in pairs:
        located = p.lat is not None and p.lon is not None
        km = _km((g.lat, g.lon), (p.lat, p.lon)) if located else None  # type: ignore[arg-type]
        near = gazetteer.nearest(g.lat, g.lon, within_km=COUNTRY_KM)  # type: ignore[arg-type]
        kms.append(km)
        if km is not None:
            distances.append(round(km, 1))
            within += km <= ACC_KM
        if near is not None and near.country and p.precision != "region":  # continents, seas: no country
            country_total += 1
            country_right += p.country == near.country
        elsewhere = near is not None and near.country and p.country not in (near.country, None)
        if km is None or km > ACC_KM or elsewhere:
            far.append({"gold": g.to_dict(), "gold_country": near.country if near else None,
                        "predicted": p.to_dict(), "km": round(km) if km is not None else None})
    found = {(g.start, g.end) for g, _ in pairs}
    counts = {
        "place_name": Counts(len(pairs), len(false), len(gold) - len(pairs)),
        "place_name_exact": Counts(exact, len(pairs) + len(false) - exact, len(gold) - exact),
        "acc161km": Counts(within, 0, len(pairs) - within),
        "country_accuracy": Counts(country_right, 0, country_total - country_right),
    }
    values: dict[str, list[float]] = {"error_km": distances}
    for (g, p), km in zip(pairs, kms):  # Acc@161km by what the prediction is: country, admin1, city, region
        values.setdefault(f"within 161km, {p.precision}", []).append(float(km is not None and km <= ACC_KM))
    for g in gold:
        values.setdefault(f"found {g.kind}", []).append(float((g.start, g.end) in found))
    detail = {"missed": [_context(record.text, g.text, g.start, g.end)
                         for g in gold if (g.start, g.end) not in found],
              "false": [_context(record.text, p.text, p.start or 0, p.end or 0)
                        | {"name": p.name, "country": p.country} for p in false],
              "wrong": far}
    return RecordScore(record.id, counts, values={k: tuple(v) for k, v in values.items()}, detail=detail)


def _context(text: str, name: str, start: int, end: int) -> dict[str, Any]:
    return {"text": name, "start": start, "context": text[max(0, start - 60):end + 60].replace("\n", " ")}


# -- event places: event_location ---------------------------------------------------------------------

NO_PLACE_IN_SENTENCE = "no place in the sentence"  # how coding/places.py's fallback reasons begin


def place_matches(place: Place | None, gold: Sequence[GoldPlace]) -> bool:
    """Whether a predicted place is one of the gold spans: overlapping it, or the same name normalised."""
    if place is None:
        return False
    from_sentence = not place.reason.startswith(NO_PLACE_IN_SENTENCE)
    for g in gold:
        if from_sentence and place.start is not None and place.end is not None \
                and place.start < g.end and g.start < place.end:
            return True
        if normalise(g.text) and normalise(g.text) in (normalise(place.text), normalise(place.name)):
            return True
    return False


def _same_verb(trigger: str, verb: str) -> bool:
    """"killing" ~ "killed": a trigger word sharing its first three letters (all, if shorter) with the verb."""
    verb = verb.lower()
    for word in trigger.lower().split():
        n = min(3, len(verb), len(word))
        if n and word[:n] == verb[:n]:
            return True
    return False


def verb_event(events: Sequence[Event], verb: tuple[str, int, int] | None) -> Event | None:
    """The event coded for the gold verb (a trigger sharing its stem), else the most confident event."""
    if not events:
        return None
    own = [e for e in events if verb is not None and _same_verb(e.trigger, verb[0])]
    return max(own or events, key=lambda e: e.confidence)


def score_event_place(record: GoldRecord, events: Sequence[Event], places: Sequence[Place]) -> RecordScore:
    """One sentence: the place of the gold verb's event against the gold place(s).

    Counts: ``event_place`` (strict: the verb's event, else the most confident one; a wrong or spurious
    place from the sentence is a false positive, a missing or wrong one a false negative),
    ``event_place_any`` (lenient: any event's place), ``place_name_found`` (the gold place is among the
    names ``find_places`` found) and, for sentences whose event has no place, ``placeless_kept``.
    """
    gold: tuple[GoldPlace, ...] = record.meta["places"]
    chosen = verb_event(events, record.meta.get("verb"))
    place = chosen.location if chosen is not None else None
    spoken = place is not None and not place.reason.startswith(NO_PLACE_IN_SENTENCE)
    detail: dict[str, Any] = {"verb": (record.meta.get("verb") or ("",))[0], "gold": [g.text for g in gold],
                              "event": chosen.trigger if chosen else None,
                              "predicted": place.to_dict() if place else None,
                              "other_events": [(e.trigger, e.location.text if e.location else None)
                                               for e in events if e is not chosen],
                              "places_found": [p.text for p in places], "source": record.meta.get("source")}
    if not gold:
        counts = {"event_place": Counts(0, int(spoken), 0),
                  "placeless_kept": Counts(int(not spoken), 0, int(spoken))}
        return RecordScore(record.id, counts, detail=detail)
    strict = place_matches(place, gold)
    lenient = strict or any(place_matches(e.location, gold) for e in events)
    recognised = bool(match_spans(gold, places))
    detail["error"] = None if strict else "no event" if not events else "gold place not found as a place name" \
        if not recognised else "another place chosen" if spoken else "event has no place from the sentence"
    counts = {"event_place": Counts(int(strict), int(spoken and not strict), int(not strict)),
              "event_place_any": Counts(int(lenient), 0, int(not lenient)),
              "place_name_found": Counts(int(recognised), 0, int(not recognised))}
    return RecordScore(record.id, counts, values={"no event": (float(not events),)}, detail=detail)


# -- scorers for ``sitreps evaluate`` ----------------------------------------------------------------

class _WithFinder:
    """Holds a ``PlaceFinder``, loaded on first use: the scorers find each record's place names themselves,
    since the events carry only their own place."""

    article_wide = False  # list names the gazetteer lacks that only the article at large places

    def __init__(self, model: str | None = None, gazetteer: str | None = None) -> None:
        self.model, self.gazetteer = model, gazetteer
        self._finder: PlaceFinder | None = None

    def places(self, record: GoldRecord) -> tuple[tuple[Place, ...], Gazetteer]:
        from ..geo.places import PlaceFinder

        if self._finder is None:
            self._finder = PlaceFinder(model=self.model, gazetteer=self.gazetteer, on_error=_log_failure,
                                       article_wide=self.article_wide)
        found = list(self._finder([Article(text=record.text, id=record.id, origin=record.id)]))
        return (found[0].places if found else ()), self._finder.loaded_gazetteer()


class PlaceNameScorer(_WithFinder):
    """``(record, predicted) -> RecordScore`` for GeoWebNews and GeoVirus."""

    def __call__(self, record: GoldRecord, predicted: Sequence[Predicted]) -> RecordScore:
        places, gazetteer = self.places(record)
        return score_places(record, places, gazetteer)


class EventPlaceScorer(_WithFinder):
    """``(record, predicted) -> RecordScore`` for event_location. Its place names are every name the event
    coder can place events at, those placed only by the article at large included."""

    article_wide = True

    def __call__(self, record: GoldRecord, predicted: Sequence[Predicted]) -> RecordScore:
        places, _ = self.places(record)
        return score_event_place(record, [p.event for p in predicted if p.event is not None], places)


def _log_failure(failure: Failure) -> None:
    logger.warning("place finding failed on %s: %s: %s", failure.item_id, failure.error, failure.message)


def headline(summary: Summary) -> dict[str, float | None]:
    """The numbers docs/geo.md reports, from a summary of ``PlaceNameScorer`` or ``EventPlaceScorer`` scores."""
    c = summary.counts
    out: dict[str, float | None] = {k: round(getattr(c[name], attr), 4) for k, name, attr in (
        ("precision", "place_name", "precision"), ("recall", "place_name", "recall"),
        ("precision_exact", "place_name_exact", "precision"), ("recall_exact", "place_name_exact", "recall"),
        ("acc161km", "acc161km", "recall"), ("country_accuracy", "country_accuracy", "recall"),
        ("event_place_strict", "event_place", "recall"), ("event_place_lenient", "event_place_any", "recall"),
        ("place_name_found", "place_name_found", "recall")) if name in c}
    errors = summary.values.get("error_km")
    if errors:
        out["mean_error_km"] = round(statistics.fmean(errors), 1)
        out["median_error_km"] = round(statistics.median(errors), 1)
    return out
