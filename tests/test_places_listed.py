"""Place names found through lists, cue nouns, name-initial place words and spellings that spaCy's labels hide."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span

from sitreps.coding.place_spans import candidate_spans, title_word
from sitreps.geo.places import PlaceFinder
from sitreps.model import Article

SENTENCES = {
    "apostrophe": "Government forces entered the town of Ma’arzaf on Sunday.",
    "actor": "A car bomb exploded in Sadr City on Monday, police said.",
    "colon": "Gunmen raided three villages: Dangora, Kwamtaba and Ruwandi on Tuesday.",
    "like": "In villages like Bolodo and Kirtami, soldiers burned houses and killed dozens.",
    "joined": "The army shelled the Haddar and Mashrafiya suburbs of Homs on Friday.",
    "generic": "Troops captured Jabal al-Qusair after heavy fighting.",
    "station": "Rebels bombed the Tarmazi pumping station last week.",
    "township": "He was killed in Kitengo township near the border.",
    "commune": "Protesters gathered in Mubanga commune on Monday.",
    "home": "A woman was found dead at her Karampur residence on Sunday.",
    "entered": "Rebel fighters entered Kesabo and Lorumbi on Monday, officials said.",
    "captured": "Police captured Ahmed after a long chase.",
    "apostrophe generic": "Troops stormed Jabal Afa’ira at dawn.",
    "residents": "Protests by residents of Mukatende blocked the road.",
    "council": "The local council of Alkara urged the world to act.",
    "appos": "The bomber struck the offices of Abu Talfa, a town near Baquba.",
    "ministers": "The Council of Ministers met on Monday.",
    "adjective": "Troops launched a new assault in the southern Aleppo districts on Wednesday.",
    "western": "Fighting raged in the Western suburbs.",
}


@pytest.fixture(scope="module")
def found() -> dict[str, set[str]]:
    finder = PlaceFinder(article_wide=True)
    articles = [Article(text=text, id=key) for key, text in SENTENCES.items()]
    return {r.article.id: {p.text for p in r.places} for r in finder(articles)}


def test_a_name_with_an_apostrophe_inside_is_a_title_word(nlp: Language) -> None:
    doc = nlp("Ma’arzaf and Al-‘Eiss but not ma’arzaf")
    assert title_word(doc[0]) and not title_word(doc[-1])


def test_a_transliterated_name_with_an_apostrophe_is_found(found: dict[str, set[str]]) -> None:
    assert "Ma’arzaf" in found["apostrophe"]


def test_a_place_named_after_a_person_the_kb_knows_is_found(found: dict[str, set[str]]) -> None:
    assert "Sadr City" in found["actor"]


def test_names_a_plural_place_noun_announces_are_places(found: dict[str, set[str]]) -> None:
    assert {"Dangora", "Kwamtaba"} <= found["colon"]
    assert {"Bolodo", "Kirtami"} <= found["like"]
    assert {"Haddar", "Mashrafiya"} <= found["joined"]


def test_a_name_begun_by_a_word_for_a_kind_of_place_is_found(found: dict[str, set[str]]) -> None:
    assert "Jabal al-Qusair" in found["generic"]


def test_what_a_verb_of_entering_or_holding_ground_acts_on_is_a_place(found: dict[str, set[str]]) -> None:
    assert {"Kesabo", "Lorumbi"} <= found["entered"]
    assert "Ahmed" not in found["captured"]  # people are captured as often as towns


def test_a_generic_place_word_begins_a_name_with_an_apostrophe(found: dict[str, set[str]]) -> None:
    assert "Jabal Afa’ira" in found["apostrophe generic"]


def test_the_place_that_residents_or_a_council_belong_to(found: dict[str, set[str]]) -> None:
    assert "Mukatende" in found["residents"]
    assert "Alkara" in found["council"]
    assert not found["ministers"]  # a council's own name is no place


def test_a_name_that_an_apposition_calls_a_town_after_a_plain_of(found: dict[str, set[str]]) -> None:
    assert "Abu Talfa" in found["appos"]


def test_a_name_spacy_takes_for_an_adjective_before_a_place_noun(found: dict[str, set[str]]) -> None:
    assert "Aleppo" in found["adjective"]
    assert not found["western"]


def test_names_before_a_place_or_home_noun_are_found(found: dict[str, set[str]]) -> None:
    assert "Tarmazi" in found["station"]
    assert "Kitengo" in found["township"]
    assert "Mubanga" in found["commune"]
    assert "Karampur" in found["home"]


def test_an_entity_that_runs_over_the_full_stop_is_cut_there(nlp: Language) -> None:
    doc = nlp("Rebels shelled the town of Qarmidan.\n")
    start = next(t.i for t in doc if t.text == "Qarmidan")
    doc.ents = [Span(doc, start, len(doc), label="GPE")]
    spans = [doc[s.start:s.end].text for s in candidate_spans(doc, [])]
    assert "Qarmidan" in spans
