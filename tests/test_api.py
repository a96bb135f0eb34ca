"""The Python API: extract, code_articles, read, ingest, sample_articles, and the record contract."""

from __future__ import annotations

import doctest
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import sitreps
from sitreps import api
from sitreps.errors import ModelNotFound
from sitreps.model import (
    DATE_PRECISIONS,
    MODALITIES,
    PLACE_PRECISIONS,
    PLOVER_TYPES,
    QUANTITY_KINDS,
    STANCES,
    Article,
    Coded,
    Event,
    Failure,
)
from sitreps.store import open_store


@pytest.fixture(scope="module")
def wire_events() -> list[Event]:
    text = ("The Russian defence ministry said stepped-up air strikes on rebel positions in Syria killed "
            "300 anti-Assad rebels and that it hit 60 Islamic State targets over the last day.")
    return api.extract(text, published="2015-10-18")


def test_extract_returns_events(wire_events: list[Event], wire_text: str) -> None:
    assert wire_events
    assert all(isinstance(e, Event) for e in wire_events)
    assert len({e.article_id for e in wire_events}) == 1
    assert all(wire_text[e.evidence.start:e.evidence.end] == e.evidence.text for e in wire_events)
    killed = [e for e in wire_events if e.event_type == "ASSAULT" and "killed" in e.quantities]
    assert killed and killed[0].quantities["killed"].best == 300


def test_extract_ids_are_stable(wire_events: list[Event], wire_text: str) -> None:
    again = api.extract(wire_text, published="2015-10-18")
    assert [e.id for e in again] == [e.id for e in wire_events]
    assert again == wire_events
    assert len({e.id for e in wire_events}) == len(wire_events)


def test_extract_takes_a_date_or_a_string(wire_events: list[Event], wire_text: str) -> None:
    assert api.extract(wire_text, published=date(2015, 10, 18)) == wire_events


def test_extract_resolves_dates_against_publication(wire_text: str) -> None:
    later = api.extract(wire_text, published="2016-02-01")
    dated = [e for e in later if e.date is not None and e.date.text]
    assert dated
    assert all(e.date.end <= date(2016, 2, 1) for e in dated)
    assert any(e.date.start == date(2016, 1, 31) for e in dated)


def test_extract_of_nothing_is_nothing() -> None:
    assert api.extract("") == []


def test_event_round_trips_through_dict_and_json(wire_events: list[Event]) -> None:
    for event in wire_events:
        record = event.to_dict()
        back = Event.from_dict(record)
        assert back == event
        assert back.id == event.id
        text = json.dumps(record)
        assert json.loads(text) == record
        assert Event.from_dict(json.loads(text)) == event


def test_code_articles_yields_one_coded_per_article(wire_text: str) -> None:
    articles = [Article(wire_text, published=date(2015, 10, 18)),
                Article("Police arrested 20 protesters in Nairobi on Tuesday.", published=date(2023, 7, 12))]
    coded = list(api.code_articles(articles))
    assert [c.article for c in coded] == articles
    for packet in coded:
        assert isinstance(packet, Coded)
        assert packet.sentences
        assert all(e.article_id == packet.article.id for e in packet.events)


def test_code_articles_codes_a_repeated_article_once(wire_text: str) -> None:
    article = Article(wire_text, published=date(2015, 10, 18))
    assert len(list(api.code_articles([article, article]))) == 1


def test_extract_with_a_bogus_model_names_it(wire_text: str) -> None:
    with pytest.raises(ModelNotFound) as raised:
        api.extract(wire_text, model="no_such_model_xyz")
    assert raised.value.model == "no_such_model_xyz"
    assert "no_such_model_xyz" in str(raised.value)


def test_read_gives_articles_and_failures(mixed_inputs: Path) -> None:
    items = list(api.read([mixed_inputs], published="2015-10-18"))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(articles) == 4
    assert {a.id for a in articles} >= {"mosul-1", "minsk-1"}, "a record's own id is the article id"
    assert sorted(f.error for f in failures) == ["binary", "empty", "parse"]
    wire = [a for a in articles if a.origin and a.origin.endswith("wire.txt")]
    assert wire and wire[0].published == date(2015, 10, 18)


def test_ingest_is_idempotent(mixed_inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "api.duckdb"
    first = api.ingest([mixed_inputs], db=db)
    assert (first.articles_read, first.articles_new, first.failures) == (4, 4, 3)
    assert first.events > 0
    assert first.failure_kinds == {"binary": 1, "empty": 1, "parse": 1}
    second = api.ingest([mixed_inputs], db=db)
    assert (second.articles_read, second.articles_new, second.articles_seen) == (4, 0, 4)
    assert (second.events, second.failures) == (0, 0)
    with open_store(db, read_only=True) as store:
        assert store.counts()["events"] == first.events
        assert store.counts()["failures"] == 3


def test_ingest_reports_progress(write_inputs: Callable[[Path], Path], tmp_path: Path) -> None:
    folder = write_inputs(tmp_path / "somewhere")
    ticks: list[int] = []
    report = api.ingest([folder], db=tmp_path / "progress.duckdb", progress=ticks.append)
    assert report.articles_new == 4 and report.failures == 3
    assert sum(ticks) == 7  # every record read: coded, already stored or failed (the bar's total counts them)


def test_sample_articles_carry_the_manifest(sample_corpus: Any) -> None:
    assert len(sample_corpus.articles) > 20
    assert all(a.published is not None for a in sample_corpus.articles)
    assert all(a.outlet for a in sample_corpus.articles)
    assert len({a.id for a in sample_corpus.articles}) == len(sample_corpus.articles)


def test_sample_corpus_codes_without_failures(sample_corpus: Any) -> None:
    assert sample_corpus.failures == ()
    assert len(sample_corpus.coded) == len(sample_corpus.articles)
    assert sum(len(c.events) for c in sample_corpus.coded) > 50


def test_sana_strike_is_told_as_sana_tells_it(sample_corpus: Any) -> None:
    packet = sample_corpus.by_file("levant-wire-sana-nusra.txt")
    told = [e for e in packet.events if "SANA said joint Syrian-Russian airstrikes" in e.evidence.text
            and e.event_type == "ASSAULT" and e.claim is not None
            and e.claim.stance in ("claimed", "reported")]
    assert told, [(e.event_type, e.claim, e.evidence.text[:60]) for e in packet.events]


def test_every_event_keeps_the_contract(sample_corpus: Any) -> None:
    for article, event in sample_corpus.events():
        text = article.text
        assert event.article_id == article.id
        assert event.event_type in PLOVER_TYPES
        assert event.modality in MODALITIES
        assert 0.0 <= event.confidence <= 1.0
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        claimant = (event.claim.claimant,) if event.claim and event.claim.claimant else ()
        for actor in (*event.source, *event.target, *claimant):
            assert actor.name
            if actor.start is not None:
                assert text[actor.start:actor.end] == actor.text
        if event.claim is not None:
            assert event.claim.stance in STANCES
            if event.claim.start is not None:
                assert text[event.claim.start:event.claim.end] == event.claim.text
        if event.location is not None:
            assert event.location.precision in PLACE_PRECISIONS
            if event.location.start is not None:
                assert text[event.location.start:event.location.end] == event.location.text
        if event.date is not None:
            assert event.date.precision in DATE_PRECISIONS
            assert event.date.start <= event.date.end
            if event.date.span_start is not None:
                assert text[event.date.span_start:event.date.span_end] == event.date.text
        for kind, quantity in event.quantities.items():
            assert kind in QUANTITY_KINDS
            assert 0 <= quantity.low <= quantity.best <= quantity.high
            if quantity.start is not None:
                assert text[quantity.start:quantity.end].strip() and quantity.end <= len(text)


def test_quantity_text_is_the_words_its_offsets_point_to() -> None:
    text = 'The army said its strikes killed "dozens of terrorists" near Idlib on Thursday.'
    counts = [q for e in api.extract(text, published="2016-07-22") for q in e.quantities.values()]
    assert any(q.best == 12 for q in counts), "'dozens' is 12"
    for quantity in counts:
        assert text[quantity.start:quantity.end] == quantity.text


def test_sentences_and_mentions_point_into_the_text(sample_corpus: Any) -> None:
    for packet in sample_corpus.coded:
        text = packet.article.text
        assert [s.index for s in packet.sentences] == list(range(len(packet.sentences)))
        for sent in packet.sentences:
            assert text[sent.start:sent.end] == sent.text
        for mention in packet.mentions:
            assert text[mention.start:mention.end] == mention.text
        for event in packet.events:
            sent = packet.sentences[event.sentence]
            assert sent.start <= event.evidence.start < event.evidence.end


@pytest.mark.parametrize("module", [sitreps, api], ids=["sitreps", "sitreps.api"])
def test_the_docstring_examples_run(module: ModuleType) -> None:
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(module, module.__name__):
        runner.run(test, out=ignore_output)
    assert runner.failures == 0


def test_sitreps_extract_is_the_function_after_coding(wire_events: list[Event], wire_text: str) -> None:
    # coding imports every submodule; none of them may shadow the package's own ``extract``
    assert callable(sitreps.extract)
    assert sitreps.extract(wire_text, published="2015-10-18") == wire_events


def ignore_output(text: str) -> None:
    """Doctest output sink: the assertions look at the counts instead."""
