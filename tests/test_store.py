"""The DuckDB store: round-trips, idempotent writes, filters, failures, reopening, the writer lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sitreps.store.duckdb as store_module
from sitreps.errors import StoreError
from sitreps.model import (
    MODALITIES,
    PLACE_PRECISIONS,
    PLOVER_TYPES,
    QUANTITY_KINDS,
    STANCES,
    Actor,
    Article,
    Claim,
    Coded,
    Event,
    Evidence,
    Failure,
    Place,
    Quantity,
    When,
)
from sitreps.store import DuckStore, WriteCounts, open_store
from sitreps.store.migrations import MIGRATIONS, migrate, schema_version

RUSSIA = Actor("Russian", "Russia", "RUS", "MIL", 0, 7)
REBELS = Actor("rebel positions", "Syrian rebels", "SYR", "REB", 30, 45)
POLICE = Actor("police", "Kenyan police", "KEN", "COP", 0, 6)
PROTESTERS = Actor("protesters", "Kenyan protesters", "KEN", "CVL", 20, 30)
MINISTRY = Actor("The defence ministry", "Russian Ministry of Defence", "RUS", "MIL", 50, 70)


def make_article(text: str, published: date | None = date(2015, 10, 18), **fields: str) -> Article:
    return Article(text, url=fields.pop("url", f"https://example.org/{len(text)}"), title="A title",
                   published=published, outlet="Example News", lang="en", origin="test", **fields)


def strike(article: Article, *, sentence: int = 0, day: date = date(2015, 10, 17), killed: int = 300,
           claimant: Actor | None = MINISTRY) -> Event:
    return Event(
        article_id=article.id, sentence=sentence, evidence=Evidence(0, 40, article.text[:40]),
        event_type="ASSAULT", trigger="struck", mode="aerial", context=("military",), cameo="195",
        acled={"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
        source=(RUSSIA,), target=(REBELS,),
        location=Place("Syria", "Syria", "SYR", None, 35.0, 38.0, 163843, "country", "only place named",
                       80, 85),
        date=When(day, day, "day", "on Saturday", 90, 101),
        quantities={"killed": Quantity(killed, killed, killed + 10, f"killed {killed}", 60, 70)},
        claim=Claim(claimant, "claimed", "the ministry said", 50, 70) if claimant else None,
        confidence=0.82,
    )


def protest(article: Article, *, day: date = date(2019, 6, 3)) -> Event:
    return Event(
        article_id=article.id, sentence=1, evidence=Evidence(5, 30, article.text[5:30]),
        event_type="PROTEST", trigger="marched", source=(PROTESTERS,), target=(POLICE,),
        location=Place("Nairobi", "Nairobi", "KEN", "Nairobi", -1.29, 36.82, 184745, "city", "named city"),
        date=When(day, day, "day"), claim=Claim(None, "asserted"), modality="asserted", confidence=0.6,
    )


@pytest.fixture()
def corpus() -> list[Coded]:
    syria = make_article(
        "Russian jets struck rebel positions in Syria on Saturday, the defence ministry said. " * 2)
    kenya = make_article("Thousands of protesters marched on police lines in Nairobi on Monday.")
    return [
        Coded(syria, events=(strike(syria), strike(syria, sentence=1, day=date(2015, 10, 16), killed=12))),
        Coded(kenya, events=(protest(kenya),)),
    ]


@pytest.fixture()
def store(tmp_path: Path, corpus: list[Coded]) -> Iterator[DuckStore]:
    with open_store(tmp_path / "events.duckdb") as opened:
        opened.write(corpus)
        yield opened


def all_events(corpus: list[Coded]) -> list[Event]:
    return [event for packet in corpus for event in packet.events]


def test_store_roundtrips_events_and_articles(store: DuckStore, corpus: list[Coded]) -> None:
    events = list(store.events())
    assert sorted(events, key=lambda e: e.id) == sorted(all_events(corpus), key=lambda e: e.id)
    assert {e.id for e in events} == {e.id for e in all_events(corpus)}
    articles = sorted((packet.article for packet in corpus), key=lambda a: a.id)
    assert sorted(store.articles(), key=lambda a: a.id) == articles
    assert {a.id for a in store.articles()} == {p.article.id for p in corpus} == store.article_ids()
    assert len(list(store.articles(limit=1))) == 1


def test_store_orders_events_by_date(store: DuckStore) -> None:
    days = [event.date.start for event in store.events() if event.date]
    assert days == sorted(days)


def test_store_write_counts_new_and_seen(tmp_path: Path, corpus: list[Coded]) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.write(corpus) == WriteCounts(articles_new=2, articles_seen=0, events=3)
        before = store.counts()
        assert store.write(corpus) == WriteCounts(articles_new=0, articles_seen=2, events=0)
        assert store.write(corpus[:1] + corpus[:1]) == WriteCounts(0, 2, 0)
        assert store.counts() == before
        assert before["articles"] == 2 and before["events"] == 3


def test_store_skips_duplicates_inside_a_batch(tmp_path: Path, corpus: list[Coded]) -> None:
    packet = corpus[0]
    doubled = Coded(packet.article, events=packet.events + packet.events)
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.write([doubled, packet]) == WriteCounts(articles_new=1, articles_seen=1, events=2)
        assert len(list(store.events())) == 2
        assert store.counts()["actors"] == 2  # Russia and Syrian rebels, each once


def test_store_write_empty_batch(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.write([]) == WriteCounts(0, 0, 0)
        assert store.counts()["articles"] == 0


def test_store_filters_by_type(store: DuckStore) -> None:
    assert {e.event_type for e in store.events(event_type="ASSAULT")} == {"ASSAULT"}
    assert len(list(store.events(event_type="assault"))) == 2
    assert [e.trigger for e in store.events(event_type="PROTEST")] == ["marched"]
    assert list(store.events(event_type="AID")) == []


@pytest.mark.parametrize(("actor", "expected"), [
    ("RUS", {"ASSAULT"}), ("rus", {"ASSAULT"}), ("Syrian Rebels", {"ASSAULT"}), ("KEN", {"PROTEST"}),
    ("kenyan police", {"PROTEST"}), ("Russian Ministry of Defence", set()), ("USA", set()),
])
def test_store_filters_by_actor_code_or_name(store: DuckStore, actor: str, expected: set[str]) -> None:
    assert {e.event_type for e in store.events(actor=actor)} == expected


def test_store_filters_by_country_dates_article_and_limit(store: DuckStore, corpus: list[Coded]) -> None:
    assert [e.location.country for e in store.events(country="ken") if e.location] == ["KEN"]
    assert len(list(store.events(country="SYR"))) == 2
    assert [e.date.start for e in store.events(since=date(2015, 10, 17)) if e.date] == [
        date(2015, 10, 17), date(2019, 6, 3)]
    assert [e.date.start for e in store.events(until=date(2015, 10, 16)) if e.date] == [date(2015, 10, 16)]
    assert len(list(store.events(since=date(2015, 10, 16), until=date(2015, 10, 17)))) == 2
    assert {e.article_id for e in store.events(article_id=corpus[1].article.id)} == {corpus[1].article.id}
    assert len(list(store.events(limit=1))) == 1
    assert len(list(store.events(actor="RUS", country="SYR", since=date(2015, 10, 17)))) == 1


def test_store_summary(store: DuckStore) -> None:
    summary = store.summary()
    assert summary["by_type"] == {"ASSAULT": 2, "PROTEST": 1}
    assert summary["by_country"] == {"SYR": 2, "KEN": 1}
    assert summary["top_actors"] == {"RUS": 2, "KEN": 1}
    assert summary["top_claimants"] == {"Russian Ministry of Defence": 2}
    assert summary["by_stance"] == {"claimed": 2, "asserted": 1}
    assert summary["date_range"] == {"start": "2015-10-16", "end": "2019-06-03"}
    assert summary["counts"] == store.counts()
    assert store.counts()["claims"] == 2 and store.counts()["located"] == 3


def test_store_summary_of_an_empty_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as store:
        summary = store.summary()
    assert summary["by_type"] == {} and summary["date_range"] is None
    assert summary["counts"]["events"] == 0


def test_store_records_failures_once(tmp_path: Path) -> None:
    first = Failure("read", "a1", "empty", "no text", "in.jsonl#3", datetime(2024, 1, 1, tzinfo=UTC))
    again = Failure("read", "a1", "empty", "no text at all", "in.jsonl#3")
    elsewhere = Failure("read", "a1", "empty", "no text", "in.jsonl#9")
    other = Failure("nlp", "a2", "ValueError", "bad offsets")
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.record([first, again, elsewhere]) == 2
        assert store.record([again, other]) == 1
        assert store.record([]) == 0
        stored = list(store.failures())
        assert store.counts()["failures"] == 3
    assert stored[0] == first and stored[0].at == first.at
    assert {(f.stage, f.item_id, f.origin) for f in stored} == {
        ("read", "a1", "in.jsonl#3"), ("read", "a1", "in.jsonl#9"), ("nlp", "a2", None)}


def test_store_reopen_keeps_data(tmp_path: Path, corpus: list[Coded]) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(path) as store:
        store.write(corpus)
        store.record([Failure("read", "x", "binary", "not text")])
        counts = store.counts()
    with open_store(path) as store:
        assert store.counts() == counts
        assert store.write(corpus) == WriteCounts(0, 2, 0)
    with open_store(path, read_only=True) as store:
        assert sorted(store.events(), key=lambda e: e.id) == sorted(all_events(corpus), key=lambda e: e.id)
        with pytest.raises(StoreError, match="read-only"):
            store.write(corpus)


def test_store_read_only_needs_an_existing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "missing.duckdb", read_only=True)


def test_store_keeps_its_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with open_store(path):
        pass
    with duckdb.connect(str(path)) as conn:
        assert schema_version(conn) == len(MIGRATIONS)
        assert migrate(conn) == len(MIGRATIONS)  # nothing left to apply
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(len(MIGRATIONS) + 1)])
    with pytest.raises(StoreError, match="newer than this sitreps"):
        open_store(path)


def test_store_batch_is_one_transaction(tmp_path: Path, corpus: list[Coded],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real_insert = store_module._insert

    def failing_insert(conn, table, columns, rows):  # type: ignore[no-untyped-def]
        if table == "event_actors":
            raise RuntimeError("disk full")
        real_insert(conn, table, columns, rows)

    with open_store(tmp_path / "s.duckdb") as store:
        monkeypatch.setattr(store_module, "_insert", failing_insert)
        with pytest.raises(RuntimeError, match="disk full"):
            store.write(corpus)
        monkeypatch.setattr(store_module, "_insert", real_insert)
        assert store.counts()["articles"] == 0 and store.counts()["events"] == 0
        assert store.write(corpus) == WriteCounts(2, 0, 3)


def test_store_second_writer_in_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    script = textwrap.dedent(f"""
        from sitreps.errors import StoreError
        from sitreps.store import open_store
        try:
            open_store({str(path)!r})
        except StoreError as error:
            print("refused:", error)
        else:
            print("opened")
    """)
    with open_store(path):
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                                check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused:")
    assert "locked by another process" in result.stdout and str(path) in result.stdout
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert again.stdout.startswith("opened"), again.stderr


def test_store_error_pickles() -> None:
    import pickle

    error = StoreError("x.duckdb", "locked by another process")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


# -- property: any event survives the round-trip ----------------------------------------------------

texts = st.text(max_size=20)
maybe_texts = st.none() | texts
offsets = st.none() | st.integers(0, 100_000)
codes = st.none() | st.sampled_from(["RUS", "SYR", "IGO", "NGO", "TNA", "usa"])
actors = st.builds(Actor, texts, texts, codes, st.none() | st.sampled_from(["GOV", "MIL", "REB", "CVL"]),
                   offsets, offsets)
coords = st.none() | st.floats(-180, 180, allow_nan=False)
places = st.builds(Place, texts, texts, codes, maybe_texts, coords, coords,
                   st.none() | st.integers(0, 10**9), st.sampled_from(PLACE_PRECISIONS), texts,
                   offsets, offsets)
whens = st.builds(lambda a, b, p, t, s, e: When(min(a, b), max(a, b), p, t, s, e), st.dates(), st.dates(),
                  st.sampled_from(["day", "week", "month", "range", "publication"]), maybe_texts,
                  offsets, offsets)
quantities = st.builds(Quantity, st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6), texts,
                       offsets, offsets, st.booleans())
claims = st.builds(Claim, st.none() | actors, st.sampled_from(STANCES), maybe_texts, offsets, offsets)
events = st.builds(
    Event,
    article_id=st.just("a1"), sentence=st.integers(0, 500),
    evidence=st.builds(Evidence, st.integers(0, 10**6), st.integers(0, 10**6), texts),
    event_type=st.sampled_from(PLOVER_TYPES), trigger=texts, mode=maybe_texts,
    context=st.lists(texts, max_size=3).map(tuple),
    cameo=st.none() | st.from_regex(r"\d{2,4}", fullmatch=True),
    acled=st.none() | st.dictionaries(st.sampled_from(["event_type", "sub_event_type"]), texts, min_size=1),
    source=st.lists(actors, max_size=2).map(tuple), target=st.lists(actors, max_size=2).map(tuple),
    location=st.none() | places, date=st.none() | whens,
    quantities=st.dictionaries(st.sampled_from(QUANTITY_KINDS), quantities, max_size=3),
    claim=st.none() | claims, modality=st.sampled_from(MODALITIES),
    confidence=st.integers(0, 1000).map(lambda n: n / 1000),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events, max_size=4, unique_by=lambda e: e.id))
def test_store_roundtrip_property(generated: list[Event]) -> None:
    article = Article("some text", url="https://example.org/p", id="a1")
    with open_store(":memory:") as store:
        assert store.write([Coded(article, events=tuple(generated))]).events == len(generated)
        back = {event.id: event for event in store.events()}
        assert back == {event.id: event for event in generated}
        for event in generated:
            assert Event.from_dict(event.to_dict()) == event
        named = {a.code.lower() for e in generated for a in e.source + e.target if a.code}
        for code in named:
            assert all(any((a.code or "").lower() == code for a in e.source + e.target)
                       for e in store.events(actor=code))
