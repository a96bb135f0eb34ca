"""Provenance: wire copies with their share, stitched pages, spun names, clean pages, incremental builds.

Every article here is made up for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from sitreps.model import Article, Coded
from sitreps.provenance import article_records, build_provenance, source_groups
from sitreps.provenance.spun import spun
from sitreps.provenance.stitched import stitched
from sitreps.provenance.text import paragraphs
from sitreps.store import open_store

CHECKPOINT = """KANDAHAR, March 3 (Wire) - Gunmen attacked a police checkpoint on the outskirts of the southern city late on Tuesday, killing four officers and wounding two others, provincial officials said.

The attackers fled on motorbikes towards the desert district of Maiwand after a gunfight that lasted nearly an hour, according to the provincial police chief.

No group immediately claimed responsibility for the assault on the checkpoint, the third attack on police posts in the province this month.

Residents said the road to the airport was closed for several hours while police and soldiers searched orchards near the checkpoint for the gunmen."""

BANK = """OSLO, March 4 (Wire) - Norway's central bank kept its main interest rate unchanged on Wednesday and signalled that borrowing costs would stay on hold through the summer as inflation eased toward its target.

Governor Ida Wolden said the krone had strengthened more than expected since January, which was helping the bank bring down the price of imported goods for households.

Economists polled before the rate decision had unanimously predicted no change, and the krone barely moved after the central bank's announcement.

The central bank will publish new forecasts for inflation, growth and unemployment alongside its next interest rate decision in June."""

HARBOUR = """The harbour authority in the coastal town opened a new ferry terminal on Friday, ending three years of construction that had closed the old pier to tourists.

The terminal can handle four ferries at once, the harbour authority said, twice as many as the old pier, and has a covered waiting hall for foot passengers.

Ferry operators said bookings for the summer season were already higher than last year, and the harbour authority expects the terminal to bring more tourists to the town.

The old pier will be rebuilt as a fishing harbour once the ferries have moved to the new terminal, the town council said."""


def _store(tmp_path, articles):
    store = open_store(tmp_path / "provenance.duckdb")
    store.write([Coded(a) for a in articles])
    return store


def _by_url(store):
    return {r["url"]: r for r in article_records(store)}


def _wire_copy() -> str:
    return (CHECKPOINT.replace("four officers", "four policemen").replace("nearly an hour", "about an hour")
            + "\n\nFollow our live coverage for more updates.")


def test_wire_copy_is_found_with_its_share(tmp_path):
    original = Article(CHECKPOINT, url="https://wire.example/1", published=date(2024, 3, 3), outlet="Wire")
    copy = Article(_wire_copy(), url="https://copier.example/1", published=date(2024, 3, 4), outlet="Copier")
    other = Article(BANK, url="https://wire.example/2", published=date(2024, 3, 4), outlet="Wire")
    with _store(tmp_path, [copy, original, other]) as store:
        build_provenance(store)
        rows = _by_url(store)
        groups = source_groups(store, [original.id, copy.id, other.id])
    assert rows["https://copier.example/1"]["duplicate_of"] == original.id
    assert rows["https://wire.example/1"]["duplicate_of"] is None  # the earliest copy is the original
    assert rows["https://wire.example/1"]["duplicates"] == [copy.id]
    share = {r["article_id"]: r["share"] for r in rows["https://copier.example/1"]["reuse"]}
    assert 0.6 < share[original.id] < 1.0  # edited words and the added line are not in the original
    assert rows["https://wire.example/2"]["duplicates"] == []
    assert sorted(groups) == sorted([sorted([original.id, copy.id]), [other.id]])
    assert any("copy of" in r for r in rows["https://copier.example/1"]["reliability"]["reasons"])


def _stitch() -> tuple[str, int]:
    first = CHECKPOINT.split("\n\n")[:2]
    second = BANK.split("\n\n")[1:4]
    text = "\n\n".join(first + second)
    return text, text.index(second[0])


def test_stitched_page_is_split_where_the_second_story_begins_by_its_copies(tmp_path):
    text, boundary = _stitch()
    page = Article(text, url="https://farm.example/1", published=date(2024, 3, 5), outlet="Farm")
    sources = [Article(CHECKPOINT, url="https://wire.example/1", published=date(2024, 3, 3)),
               Article(BANK, url="https://wire.example/2", published=date(2024, 3, 4))]
    with _store(tmp_path, [page, *sources]) as store:
        build_provenance(store)
        found = _by_url(store)["https://farm.example/1"]
    assert found["stitched"]["score"] >= 0.5
    assert found["stitched"]["boundaries"] == [boundary]
    assert [s["matches"] for s in found["stitched"]["segments"]] == [[sources[0].id], [sources[1].id]]
    assert found["duplicates"] == []  # taking paragraphs from two stories is not a copy of either


def test_stitched_page_is_split_by_its_text_alone():
    text, boundary = _stitch()
    paras = paragraphs(text)
    found = stitched(text, paras, [frozenset()] * len(paras))
    assert found.score >= 0.5
    assert found.boundaries == (boundary,)
    assert [text[s.start:s.start + 8] for s in found.segments] == ["KANDAHAR", "Governor"]


@pytest.mark.parametrize("story", [CHECKPOINT, BANK, HARBOUR])
def test_one_story_is_not_stitched(story):
    paras = paragraphs(story)
    found = stitched(story, paras, [frozenset()] * len(paras))
    assert found.score < 0.5
    assert found.boundaries == ()


SPUN = """MOSCOW, March 6 (Wire) - The Russian Federation said on Monday that aircraft of the North Atlantic Treaty Organisation had flown close to its western border, and the Foreign Ministry summoned an envoy.

Officials in the USA said the flights were routine, and a spokesman for the White Home declined to comment on the protest from the Russian Federation."""


def test_spun_names_are_found_with_offsets():
    found = spun(SPUN)
    assert found.score >= 0.5
    got = {(s.text, s.canonical) for s in found.substitutions}
    assert got == {("Russian Federation", "Russia"), ("North Atlantic Treaty Organisation", "NATO"),
                   ("USA", "U.S."), ("White Home", "White House")}
    for sub in found.substitutions:
        assert SPUN[sub.start:sub.end] == sub.text
    assert sum(s.text == "Russian Federation" for s in found.substitutions) == 2


def test_official_names_in_titles_and_treaties_are_not_spin():
    text = ("The minister cited the \"Treaty between the United States of America and the Russian Federation on "
            "Measures\" and the Embassy of the Russian Federation issued a statement. " + BANK)
    found = spun(text)
    assert found.substitutions == ()
    assert found.score == 0.0


def test_one_official_form_in_a_long_article_is_weak():
    text = HARBOUR + "\n\nThe ferries were built in the Republic of Korea, the council said.\n\n" + BANK
    found = spun(text)
    assert [s.canonical for s in found.substitutions] == ["South Korea"]
    assert found.score < 0.5


def test_clean_articles_score_low(tmp_path):
    articles = [Article(t, url=f"https://wire.example/{i}", published=date(2024, 3, i + 1), outlet="Wire",
                        byline="A Reporter") for i, t in enumerate((CHECKPOINT, BANK, HARBOUR))]
    with _store(tmp_path, articles) as store:
        build_provenance(store)
        rows = list(article_records(store))
    assert len(rows) == 3
    for row in rows:
        assert row["stitched"]["score"] < 0.5
        assert row["spun"]["score"] < 0.5
        assert row["duplicate_of"] is None and row["duplicates"] == []
        assert row["reliability"]["score"] >= 0.9


def test_build_is_incremental(tmp_path):
    text, boundary = _stitch()
    page = Article(text, url="https://farm.example/1", published=date(2024, 3, 5))
    original = Article(CHECKPOINT, url="https://wire.example/1", published=date(2024, 3, 3))
    with _store(tmp_path, [page, original]) as store:
        first = build_provenance(store)
        assert (first.new, first.updated) == (2, 0)
        assert build_provenance(store).new == 0  # nothing new: nothing done
        before = _by_url(store)["https://farm.example/1"]["stitched"]["segments"]
        assert before[0]["matches"] == [original.id]
        later = Article(BANK, url="https://wire.example/2", published=date(2024, 3, 4))
        copy = Article(_wire_copy(), url="https://copier.example/1", published=date(2024, 3, 6))
        store.write([Coded(later), Coded(copy)])
        second = build_provenance(store)
        rows = _by_url(store)
    assert second.new == 2 and second.updated >= 2  # the page and the original were touched
    assert rows["https://farm.example/1"]["stitched"]["boundaries"] == [boundary]
    assert rows["https://farm.example/1"]["stitched"]["segments"][1]["matches"] == [later.id]
    assert rows["https://wire.example/1"]["duplicates"] == [copy.id]
    assert rows["https://copier.example/1"]["duplicate_of"] == original.id


def test_alternating_paragraphs_of_two_stored_stories_are_found(tmp_path):
    a, b = CHECKPOINT.split("\n\n"), BANK.split("\n\n")
    parts = [a[0], b[0], a[1], b[1]]
    text = "\n\n".join(parts)
    page = Article(text, url="https://farm.example/3", published=date(2024, 3, 7))
    sources = [Article(CHECKPOINT, url="https://wire.example/1", published=date(2024, 3, 3)),
               Article(BANK, url="https://wire.example/2", published=date(2024, 3, 4))]
    with _store(tmp_path, [page, *sources]) as store:
        build_provenance(store)
        found = _by_url(store)["https://farm.example/3"]["stitched"]
    assert found["score"] >= 0.5
    assert found["boundaries"] == [text.index(p) for p in parts[1:]]


def test_a_sentence_added_from_another_story_is_not_a_stitch(tmp_path):
    a = CHECKPOINT.split("\n\n")
    added = BANK.split("\n\n")[2]
    text = "\n\n".join([a[0], a[1], a[2] + " " + added, a[3]])
    copy = Article(text, url="https://copier.example/2", published=date(2024, 3, 7))
    sources = [Article(CHECKPOINT, url="https://wire.example/1", published=date(2024, 3, 3)),
               Article(BANK, url="https://wire.example/2", published=date(2024, 3, 4))]
    with _store(tmp_path, [copy, *sources]) as store:
        build_provenance(store)
        found = _by_url(store)["https://copier.example/2"]
    assert found["stitched"]["score"] < 0.5
    assert found["duplicate_of"] == sources[0].id


def test_reliability_gives_its_reasons(tmp_path):
    page = Article(HARBOUR + "\n\nThis page was compiled from partner feeds. Like and share with your friends!",
                   url="https://farm.example/4")
    wire = Article(BANK, url="https://wire.example/2", published=date(2024, 3, 4), byline="A Reporter")
    with _store(tmp_path, [page, wire]) as store:
        build_provenance(store)
        rows = _by_url(store)
    reasons = rows["https://farm.example/4"]["reliability"]["reasons"]
    assert reasons == ["no byline", "no publication date", "says it was compiled from other reports",
                       "caption or page residue in the text"]
    assert rows["https://farm.example/4"]["reliability"]["score"] < rows["https://wire.example/2"]["reliability"]["score"]
    assert rows["https://wire.example/2"]["reliability"] == {"score": 1.0, "reasons": []}
