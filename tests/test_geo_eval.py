"""Geoparsing evaluation: the readers, the span matching, the scores, and ``sitreps evaluate`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitreps.evaluate import FORMATS, SCORERS, evaluate
from sitreps.evaluate.command import evaluate as evaluate_command
from sitreps.evaluate.geo import (
    GoldPlace,
    headline,
    match_spans,
    place_matches,
    read_event_location,
    read_geovirus,
    read_geowebnews,
    score_event_place,
    score_places,
    verb_event,
)
from sitreps.evaluate.score import GoldRecord, summarize
from sitreps.geo.gazetteer import Candidate
from sitreps.model import Event, Evidence, Place

TEXT = "Fighting spread from Aleppo to the town of Azaz, near the Turkish border, and on to Sitripville."
ALEPPO = (36.20, 37.16)


def span(name: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


def gwn_xml(text: str) -> str:
    """A GeoWebNews file of one article: two literal toponyms, a demonym and an expression."""
    def toponym(name: str, kind: str, coords: tuple[float, float] | None) -> str:
        start, end = span(name, text)
        point = f"<latitude>{coords[0]}</latitude><longitude>{coords[1]}</longitude>" if coords else ""
        return (f"<toponym><extractedName>{name}</extractedName><type>{kind}</type><start>{start}</start>"
                f"<end>{end}</end>{point}</toponym>")
    toponyms = [toponym("Aleppo", "Literal", ALEPPO), toponym("Azaz", "Literal", (36.59, 37.05)),
                toponym("Turkish", "Demonym", None), toponym("town", "Literal_Expression", None)]
    return (f'<?xml version="1.0" ?><articles><article file="7"><title>t</title><text>{text}</text>'
            f"<toponyms>{''.join(toponyms)}</toponyms></article></articles>")


def geovirus_xml(text: str) -> str:
    """GeoVirus offsets are one-based: the reader puts them right."""
    locations = "".join(
        f"<location><name>{name}</name><start>{span(name, text)[0] + 1}</start><end>{span(name, text)[1] + 1}</end>"
        f"<lat>{lat}</lat><lon>{lon}</lon><page>p</page></location>"
        for name, (lat, lon) in (("Aleppo", ALEPPO), ("Azaz", (36.59, 37.05))))
    return f"<articles><article><source>s</source><text>{text}</text><locations>{locations}</locations></article></articles>"


def place(name: str, *, country: str = "SYR", lat: float = ALEPPO[0], lon: float = ALEPPO[1], text: str = TEXT,
          reason: str = "test") -> Place:
    start, end = span(name, text)
    return Place(name, name, country, None, lat, lon, None, "city", reason, start, end)


class NearestCity:
    """A stand-in gazetteer: every point lies in Syria."""

    def nearest(self, lat: float, lon: float, *, within_km: float = 300.0) -> Candidate:
        return Candidate(None, "Somewhere", "SYR", None, lat, lon, 0, "city")


def test_formats_are_registered() -> None:
    for name in ("geowebnews", "geovirus", "event-location"):
        assert name in FORMATS and name in SCORERS


def test_read_geowebnews(tmp_path: Path) -> None:
    (tmp_path / "GWN.xml").write_text(gwn_xml(TEXT), encoding="utf-8")
    (record,) = read_geowebnews(tmp_path)
    assert record.id == "gwn-7" and record.text == TEXT
    gold = record.meta["places"]
    assert [(g.text, g.kind) for g in gold][:2] == [("Aleppo", "Literal"), ("Azaz", "Literal")]
    assert all(TEXT[g.start:g.end] == g.text for g in gold)
    assert gold[2].lat is None


def test_read_geovirus_fixes_one_based_offsets(tmp_path: Path) -> None:
    path = tmp_path / "GeoVirus.xml"
    path.write_text(geovirus_xml(TEXT), encoding="utf-8")
    (record,) = read_geovirus(path)
    assert [TEXT[g.start:g.end] for g in record.meta["places"]] == ["Aleppo", "Azaz"]


def test_read_event_location_prefers_token_offsets(tmp_path: Path) -> None:
    text = "Gunmen killed two men in Mosul on Monday."
    tokens = [{"text": w, "start": text.index(w), "end": text.index(w) + len(w), "id": i}
              for i, w in enumerate(["Gunmen", "killed", "two", "men", "in", "Mosul"])]
    rows = [{"_id": "a", "text": text, "tokens": tokens, "source": "AP",
             "spans": [{"start": 7, "end": 13, "token_start": 1, "token_end": 1, "label": "VERB"},
                       {"start": 10, "end": 11, "token_start": 5, "token_end": 5, "label": "LOCATION"}]},
            {"_id": "b", "text": "Nothing.", "tokens": [], "spans": []},
            {"_id": "c", "text": text, "tokens": tokens, "answer": "reject", "spans": []}]
    path = tmp_path / "split.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    records = list(read_event_location(path))
    assert len(records) == 2  # the rejected one is left out
    first, second = records
    assert [g.text for g in first.meta["places"]] == ["Mosul"]  # from its tokens, not its wrong offsets
    assert first.meta["verb"][0] == "killed"
    assert second.skip == "no event verb"


def test_match_spans_is_one_to_one_largest_overlap_first() -> None:
    gold = [GoldPlace("Azaz", *span("Azaz")), GoldPlace("Aleppo", *span("Aleppo"))]
    wide = Place("Aleppo to the town of Azaz", "x", start=span("Aleppo")[0], end=span("Azaz")[1])
    pairs = match_spans(gold, [wide, place("Azaz")])
    assert {(g.text, p.text) for g, p in pairs} == {("Azaz", "Azaz"), ("Aleppo", "Aleppo to the town of Azaz")}


def test_score_places_counts_spans_distance_and_country() -> None:
    gold = (GoldPlace("Aleppo", *span("Aleppo"), *ALEPPO, "Literal"),
            GoldPlace("Azaz", *span("Azaz"), 36.59, 37.05, "Literal"),
            GoldPlace("Sitripville", *span("Sitripville"), 10.0, 10.0, "Literal"),
            GoldPlace("Turkish", *span("Turkish"), kind="Demonym"))
    record = GoldRecord("r", TEXT, meta={"places": gold}, fields=())
    predicted = [place("Aleppo"),  # right
                 place("Azaz", lat=33.0, lon=36.0, country="LBN"),  # found, but ~400 km off, in another country
                 place("Turkish", country="TUR"),  # on a demonym: neither right nor wrong
                 place("border")]  # no gold there: a false alarm
    score = score_places(record, predicted, NearestCity())  # type: ignore[arg-type]
    c = score.counts
    assert (c["place_name"].tp, c["place_name"].fp, c["place_name"].fn) == (2, 1, 1)
    assert (c["acc161km"].tp, c["acc161km"].fn) == (1, 1)
    assert (c["country_accuracy"].tp, c["country_accuracy"].fn) == (1, 1)
    assert score.values["error_km"][0] == 0.0 and score.values["error_km"][1] > 161
    assert [m["text"] for m in score.detail["missed"]] == ["Sitripville"]
    numbers = headline(summarize([score]))
    assert numbers["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert numbers["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert numbers["acc161km"] == 0.5


def event(trigger: str, location: Place | None, confidence: float = 0.5) -> Event:
    return Event("a", 0, Evidence(0, 10, TEXT[:10]), "ASSAULT", trigger=trigger, location=location,
                 confidence=confidence)


def test_the_verb_event_is_picked_before_the_most_confident() -> None:
    killed, shelled = event("killed", None, 0.3), event("shelled", None, 0.9)
    assert verb_event([shelled, killed], ("killing", 0, 7)) is killed
    assert verb_event([shelled, killed], ("marched", 0, 7)) is shelled
    assert verb_event([], ("killed", 0, 6)) is None


def test_place_matches_by_span_or_name_but_not_by_a_fallback() -> None:
    gold = [GoldPlace("Azaz", *span("Azaz"))]
    assert place_matches(place("Azaz"), gold)
    assert place_matches(Place("AZAZ", "Azaz", start=0, end=4), gold)  # same name elsewhere
    assert not place_matches(place("Aleppo"), gold)
    fallback = Place("Syria", "Syria", "SYR", start=None, end=None, reason="no place in the sentence; …")
    assert not place_matches(fallback, gold)


def test_score_event_place_strict_and_lenient() -> None:
    gold = (GoldPlace("Azaz", *span("Azaz")),)
    record = GoldRecord("r", TEXT, meta={"places": gold, "verb": ("spread", 9, 15)}, fields=())
    events = [event("spread", place("Aleppo"), 0.9), event("fighting", place("Azaz"), 0.4)]
    score = score_event_place(record, events, [place("Aleppo"), place("Azaz")])
    assert (score.counts["event_place"].tp, score.counts["event_place"].fp) == (0, 1)
    assert score.counts["event_place_any"].tp == 1
    assert score.counts["place_name_found"].tp == 1
    assert score.detail["error"] == "another place chosen"
    placeless = GoldRecord("q", TEXT, meta={"places": (), "verb": ("spread", 9, 15)}, fields=())
    kept = score_event_place(placeless, [event("spread", None)], [])
    assert kept.counts["placeless_kept"].tp == 1


def test_evaluate_geovirus_end_to_end(tmp_path: Path) -> None:
    text = "Syrian health officials in Aleppo reported new cases of the virus, and more were found in Azaz."
    path = tmp_path / "GeoVirus.xml"
    path.write_text(geovirus_xml(text), encoding="utf-8")
    result = evaluate("geovirus", path)
    numbers = headline(result.summary)
    assert numbers["recall"] == 1.0
    assert numbers["acc161km"] == 1.0
    assert numbers["country_accuracy"] == 1.0


def test_the_command_prints_json_for_event_location(tmp_path: Path) -> None:
    text = "Syrian troops shelled rebels in Aleppo on Monday, killing four fighters."
    tokens = [{"text": w, "start": text.index(w), "end": text.index(w) + len(w), "id": i}
              for i, w in enumerate(text.rstrip(".").split())]
    verb, where = [t["id"] for t in tokens if t["text"] in ("shelled", "Aleppo")]
    rows = [{"_id": "x", "text": text, "tokens": tokens, "spans": [
        {"start": 0, "end": 0, "token_start": verb, "token_end": verb, "label": "VERB"},
        {"start": 0, "end": 0, "token_start": where, "token_end": where, "label": "LOCATION"}]}]
    path = tmp_path / "el.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    result = CliRunner().invoke(evaluate_command, ["event-location", str(path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout[result.stdout.index("{"):])
    assert payload["fields"]["place_name_found"]["tp"] == 1
    assert payload["fields"]["event_place"]["tp"] == 1


def test_a_place_found_through_its_demonym_is_no_false_alarm_where_demonyms_are_not_marked() -> None:
    from sitreps.coding.place_words import DEMONYM

    gold = (GoldPlace("Aleppo", *span("Aleppo"), *ALEPPO, "location"),)
    predicted = [place("Aleppo"), place("Turkish", country="TUR", reason=f"'Turkish' {DEMONYM} Turkey")]
    unmarked = GoldRecord("r", TEXT, meta={"places": gold, "demonyms": False}, fields=())
    marked = GoldRecord("r", TEXT, meta={"places": gold}, fields=())
    assert score_places(unmarked, predicted, NearestCity()).counts["place_name"].fp == 0  # type: ignore[arg-type]
    assert score_places(marked, predicted, NearestCity()).counts["place_name"].fp == 1  # type: ignore[arg-type]
