"""Which place an event takes: doers named by a place are not where it happened, and the act of the main
clause outranks a participle clause's."""

from __future__ import annotations

from datetime import date

import pytest

from sitreps.model import Article, Event
from sitreps.nlp.spacy import SpacyCoder


@pytest.fixture(scope="module")
def coder() -> SpacyCoder:
    return SpacyCoder()


def _events(coder: SpacyCoder, text: str) -> list[Event]:
    coded = list(coder([Article(text=text, published=date(2016, 3, 1))]))
    return [e for c in coded for e in c.events]


def test_a_place_after_by_is_the_doer_not_the_place(coder: SpacyCoder) -> None:
    events = _events(coder, "The village was captured by Turkey on Sunday.")
    assert events
    # at most the article-wide guess, never as the place the act was done in
    assert all(e.location is None or "attached" not in e.location.reason for e in events)


def test_a_people_noun_makes_a_place_a_description(coder: SpacyCoder) -> None:
    events = _events(coder, "A US soldier was killed on Sunday.")
    assert events
    assert all(e.location is None or "attached" not in e.location.reason for e in events)


def test_the_main_clause_outranks_a_participle_clause(coder: SpacyCoder) -> None:
    events = _events(coder, "Rebels launched a powerful assault in the Hama countryside on Sunday, targeting "
                            "army positions near the village of Kafr Nabl.")
    top = max(events, key=lambda e: e.confidence)
    assert top.location is not None and "Hama" in top.location.text


def test_a_purpose_clause_ranks_below_the_main_clause(coder: SpacyCoder) -> None:
    events = _events(coder, "Rebels launched a powerful assault in the Hama countryside on Sunday to seize army "
                            "positions near the village of Kafr Nabl.")
    top = max(events, key=lambda e: e.confidence)
    assert top.location is not None and "Hama" in top.location.text
