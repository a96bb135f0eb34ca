"""Long documents in sections (sitreps.nlp.sections): the events of a long made-up story are those of its parts,
at the whole text's offsets and sentence numbers, and the dateline and names told before reach later sections."""

from __future__ import annotations

import itertools
from datetime import date

from sitreps.model import Article
from sitreps.nlp.sections import split_sections
from sitreps.nlp.spacy import SpacyCoder

FILLER = ("The market in the old town reopened and traders sold apples, pears and bread to visitors from the "
          "coast.\n\n")


def story(paragraphs: int) -> str:
    parts = [("Trouble in the valley\n\nHALDENPORT, May 3 (Test Wire) - The Northern Liberation Front attacked a "
             "police post on Friday, killing two officers, the governor said.\n\n")]
    for i in range(paragraphs):
        parts.append(FILLER)
        if i % 40 == 39:
            parts.append(f"Later, gunmen burned {i % 9 + 2} houses near the river, residents said.\n\n")
    return "".join(parts)


def test_windows_cover_the_text_and_cut_at_paragraphs() -> None:
    text = story(200)
    windows = split_sections(text, 3_000)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(windows))
    assert all(end - start <= 3_000 for start, end in windows)
    assert all(text[start - 2:start] == "\n\n" for start, _ in windows[1:])


def test_sections_find_the_events_of_the_whole_at_its_offsets() -> None:
    text = story(200)
    article = Article(text=text, url="https://example.test/long", published=date(2024, 5, 3))
    whole = next(iter(SpacyCoder(geocode=False, section_chars=10**6)([article])))
    cut = next(iter(SpacyCoder(geocode=False, section_chars=3_000)([article])))
    assert len(split_sections(text, 3_000)) > 5
    key = lambda c: sorted((e.event_type, e.trigger, e.evidence.start, e.sentence) for e in c.events)
    assert key(cut) == key(whole)
    assert [(s.start, s.end) for s in cut.sentences] == [(s.start, s.end) for s in whole.sentences]
    for event in cut.events:
        assert text[event.evidence.start:event.evidence.end] == event.evidence.text
        assert event.article_id == article.id
    assert len({e.id for e in cut.events}) == len(cut.events)
    burned = [e for e in cut.events if e.trigger == "burned"]
    assert burned and all(e.date is not None and e.date.start <= date(2024, 5, 3) for e in burned)


def test_the_dateline_place_reaches_a_later_section() -> None:
    text = story(120)
    article = Article(text=text, url="https://example.test/dateline", published=date(2024, 5, 3))
    whole = next(iter(SpacyCoder(section_chars=10**6)([article])))
    cut = next(iter(SpacyCoder(section_chars=3_000)([article])))
    places = lambda c: [(e.evidence.start, e.location and e.location.name) for e in c.events]
    assert places(cut) == places(whole)
