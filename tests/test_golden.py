"""The quality gate: the golden cases over the bundled sample corpus may not slide below their floors.

Floors live in eval/baseline.json. A change that lowers one fails here; raising them is
``python eval/golden.py --json`` and an edit of the baseline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitreps.golden import GoldenReport, corpus_digest, sample_report
from sitreps.golden_corpus import CorpusReport, corpus_report

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))
EPSILON = 1e-9


@pytest.fixture(scope="module")
def report() -> GoldenReport:
    return sample_report(CASES)


def test_golden_corpus_is_the_one_the_floors_were_set_on() -> None:
    assert corpus_digest() == BASELINE["corpus_sha256"], "sample corpus or cases changed: re-pin eval/baseline.json"


def test_every_sample_article_has_a_golden_case() -> None:
    stems = {p.name.removesuffix(".expected.json") for p in CASES.glob("*.expected.json")}
    articles = {p.stem for p in (ROOT / "sitreps" / "data" / "sample").iterdir()
                if p.suffix in (".html", ".txt", ".xml")}
    assert articles == stems


def test_golden_recall_holds_its_floor(report: GoldenReport) -> None:
    assert report.expected >= 100
    assert report.found >= BASELINE["found"], report.as_dict()


def test_unwanted_events_stay_under_the_ceiling(report: GoldenReport) -> None:
    assert report.unwanted <= BASELINE["unwanted"], [c.produced_unwanted for c in report.cases if c.unwanted]


@pytest.mark.parametrize("field", sorted(BASELINE["fields"]))
def test_field_agreement_holds_its_floor(report: GoldenReport, field: str) -> None:
    assert report.field_agreement().get(field, 0.0) >= BASELINE["fields"][field] - EPSILON


@pytest.fixture(scope="module")
def across() -> CorpusReport:
    return corpus_report(CASES)


def test_incidents_across_articles_hold_their_floor(across: CorpusReport) -> None:
    floor = BASELINE["corpus"]
    assert across.incidents_expected >= 2 and across.apart_expected >= 2
    assert across.incidents_found >= floor["incidents"]["found"], across.missed
    assert across.apart_kept >= floor["apart"]["kept"], across.missed
    assert across.totals_expected >= 1 and across.totals_kept >= floor["totals"]["kept"], across.missed


@pytest.mark.parametrize("kind", ["duplicates", "stitched", "spun"])
def test_provenance_of_the_sample_pages_holds_its_floor(across: CorpusReport, kind: str) -> None:
    got, floor = across.provenance[kind], BASELINE["corpus"]["provenance"][kind]
    assert got["expected"] >= 1
    assert got["found"] >= floor["found"], across.missed
    assert got["false_alarms"] <= floor["false_alarms"], across.missed
