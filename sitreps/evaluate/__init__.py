"""Measure sitreps against annotated data: read gold records, code their texts, score the events.

    >>> from sitreps.evaluate import evaluate
    >>> result = evaluate("petrarch", "path/to/petrarch2_unittest")
    >>> result.summary.counts["event_type"].f1

A format is a function ``path -> Iterator[GoldRecord]`` in ``FORMATS``; adding one is adding a reader.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..model import Article, Failure
from .acled import read_acled, score_acled
from .args import read_muc4, read_rams, read_wikievents, score_arguments
from .attribution import read_attribution, score_attributions
from .cameo_tsv import read_cameo_tsv
from .geo import EventPlaceScorer, PlaceNameScorer, read_event_location, read_geovirus, read_geowebnews
from .indiapolice import read_indiapolice, score_sentences
from .petrarch import read_petrarch
from .plover_json import read_plover_json
from .score import (
    Counts,
    GoldEvent,
    GoldRecord,
    Predicted,
    RecordScore,
    Summary,
    plover_quad,
    score_record,
    summarize,
)
from .sitreps_gold import read_sitreps_gold, score_fields

logger = logging.getLogger(__name__)

Reader = Callable[[Path], Iterator[GoldRecord]]
FORMATS: dict[str, Reader] = {"petrarch": read_petrarch, "cameo-tsv": read_cameo_tsv}
Scorer = Callable[[GoldRecord, Sequence[Predicted]], RecordScore]
# Formats with gold beyond event types and codes bring their own scorer; the rest use ``score_record``.
SCORERS: dict[str, Scorer] = {}


def register(name: str, reader: Reader, scorer: Scorer | None = None) -> None:
    """Add a format: its reader, and its scorer when ``score_record`` is not the one."""
    FORMATS[name] = reader
    if scorer is not None:
        SCORERS[name] = scorer


for _name, _reader, _scorer in (
        ("acled", read_acled, score_acled), ("plover-json", read_plover_json, score_fields),
        ("sitreps", read_sitreps_gold, score_fields), ("rams", read_rams, score_arguments),
        ("wikievents", read_wikievents, score_arguments), ("muc4", read_muc4, score_arguments),
        ("indiapolice", read_indiapolice, score_sentences),
        ("attribution", read_attribution, score_attributions)):
    register(_name, _reader, _scorer)
_place_names = PlaceNameScorer()  # geoparsing: loads spaCy and the gazetteer on first use
register("geowebnews", read_geowebnews, _place_names)
register("geovirus", read_geovirus, _place_names)
register("event-location", read_event_location, EventPlaceScorer())

__all__ = [
    "FORMATS",
    "SCORERS",
    "SPLITS",
    "Counts",
    "Evaluation",
    "GoldEvent",
    "GoldRecord",
    "Predicted",
    "RecordScore",
    "Summary",
    "evaluate",
    "plover_quad",
    "predict",
    "read_gold",
    "register",
    "score_record",
    "split_of",
    "summarize",
    "write_errors",
]


SPLITS = ("all", "tune", "check", "both")
TUNE_SHARE = 70  # percent of records in the tune split; the rest is the check split


def split_of(record_id: str) -> str:
    """The fixed split a record belongs to: 'tune' (70%) or 'check' (30%), by a hash of its id.

    The first 8 hex digits of the SHA-1 of the id, as a number, modulo 100: below 70 is tune. The split
    never changes with the code, the order of the records or the data set's size.
    """
    bucket = int(hashlib.sha1(record_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "tune" if bucket < TUNE_SHARE else "check"


class UnknownFormat(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"no evaluation format {self.name!r}; known: {', '.join(sorted(FORMATS))}"


def read_gold(fmt: str, path: str | Path) -> Iterator[GoldRecord]:
    """The gold records of a data set in one of ``FORMATS``."""
    if fmt not in FORMATS:
        raise UnknownFormat(fmt)
    return FORMATS[fmt](Path(path))


def predict(records: Iterable[GoldRecord], *, model: str | None = None, actors: Iterable[str] = (),
            triggers: Iterable[str] = (), intentions: bool = True, country_from_gold: bool = False,
            skim: bool = True) -> tuple[dict[str, list[Predicted]], list[Failure]]:
    """Code every record's text in one pipeline run; predictions by record id, and any failures.

    ``actors``: extra knowledge-base files for the run, added to those the records name in ``meta["actors"]``
    (a data set's own dictionaries, such as the PETRARCH suites' actor and agent files). ``triggers``: extra
    trigger files, added to those in ``meta["triggers"]`` (such as the PETRARCH suites' verb dictionaries).
    ``country_from_gold``: code each record with the country its gold names (``meta["country"]``) as the
    focus country, as a user codes a collection known to be about one country (``--country``).
    """
    from .. import api

    failures: list[Failure] = []
    records = list(records)
    extra = list(dict.fromkeys([*map(str, actors), *(a for r in records for a in r.meta.get("actors", ()))]))
    verbs = list(dict.fromkeys([*map(str, triggers), *(t for r in records for t in r.meta.get("triggers", ()))]))
    articles = [Article(text=r.text, published=r.published, id=r.id, origin=r.id,
                        country=r.meta.get("country") if country_from_gold else None) for r in records]
    found: dict[str, list[Predicted]] = {a.id: [] for a in articles}
    for coded in api.code_articles(articles, model=model, on_error=failures.append, actors=extra,
                                   triggers=verbs, intentions=intentions, skim=skim):
        found.setdefault(coded.article.id, []).extend(Predicted.from_event(e) for e in coded.events)
    for f in failures:
        logger.warning("could not code %s: %s: %s", f.item_id, f.error, f.message)
    return found, failures


@dataclass
class Evaluation:
    """A scored data set: the totals, and every scored record beside its predictions."""

    summary: Summary
    records: list[GoldRecord] = field(default_factory=list)
    predicted: dict[str, list[Predicted]] = field(default_factory=dict)
    scores: list[RecordScore] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    by_split: dict[str, Summary] = field(default_factory=dict)  # split "both": the tune and check summaries

    def wrong(self) -> Iterator[tuple[GoldRecord, list[Predicted], RecordScore]]:
        """The records with anything wrong, in data-set order."""
        for record, score in zip(self.records, self.scores):
            if not score.right:
                yield record, self.predicted.get(record.id, []), score


def evaluate(fmt: str, path: str | Path, *, limit: int | None = None, model: str | None = None,
             intentions: bool = True, split: str = "all", country_from_gold: bool = False,
             skim: bool = True) -> Evaluation:
    """Read a data set, code its texts with sitreps and score the events.

    ``limit`` caps the records scored (records the reader marks as skipped do not count); ``intentions``
    as in ``sitreps.api.build_pipeline``; ``split`` keeps only the records of the tune or check split
    (``split_of``), or all of them; "both" codes all of them once and summarises each split apart
    (``Evaluation.by_split``), the summary being the whole; ``country_from_gold`` as in ``predict``;
    ``skim`` False parses every sentence (``sitreps.nlp.skim``), to measure what the skim costs.
    """
    if split not in SPLITS:
        raise ValueError(f"no split {split!r}; known: {', '.join(SPLITS)}")
    skipped: Counter[str] = Counter()
    records: list[GoldRecord] = []
    for record in read_gold(fmt, path):
        if split in ("tune", "check") and split_of(record.id) != split:
            continue
        if record.skip:
            skipped[record.skip] += 1
            continue
        if limit is not None and len(records) >= limit:
            break
        records.append(record)
    predicted, failures = predict(records, model=model, intentions=intentions, country_from_gold=country_from_gold,
                                  skim=skim)
    scorer = SCORERS.get(fmt, score_record)
    scores = [scorer(r, predicted.get(r.id, [])) for r in records]
    summary = summarize(scores, dict(skipped))
    by_split = {} if split != "both" else {
        part: summarize([s for r, s in zip(records, scores) if split_of(r.id) == part]) for part in ("tune", "check")}
    return Evaluation(summary, records, predicted, scores, failures, by_split)


def error_row(record: GoldRecord, predicted: list[Predicted], score: RecordScore) -> dict[str, Any]:
    """One wrong record as a JSON-able row: gold beside predicted."""
    row: dict[str, Any] = {
        "id": record.id, "text": record.text,
        "gold_types": sorted({e.event_type for e in record.events if e.event_type}),
        "predicted_types": sorted({p.event_type for p in predicted}),
        "gold": [e.to_dict() for e in record.events],
        "predicted": [p.to_dict() for p in predicted],
        "counts": {k: c.to_dict() for k, c in score.counts.items()},
    }
    if score.gold_quad is not None:
        row["gold_quad"], row["predicted_quad"] = score.gold_quad, score.quad_cameo
        row["predicted_quad_plover"] = score.quad_plover
    if record.meta.get("category"):
        row["category"] = record.meta["category"]
    if score.detail:
        row["detail"] = score.detail
    return row


def write_errors(result: Evaluation, out: TextIO) -> int:
    """Write the wrong records as JSON Lines; returns how many."""
    n = 0
    for record, predicted, score in result.wrong():
        out.write(json.dumps(error_row(record, predicted, score), ensure_ascii=False) + "\n")
        n += 1
    return n
