"""Passive readings, patients and unrealised clauses (coding/syntax.py)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from sitreps.coding.syntax import is_passive, noun_modifiers, patients, subject, unrealised


def _word(doc: Doc, word: str) -> Token:
    return next(t for t in doc if t.lower_ == word)


def test_a_participle_on_a_noun_is_done_to_that_noun(nlp: Language) -> None:
    doc = nlp("Six people killed in the firing were buried on Friday.")
    killed = _word(doc, "killed")
    assert is_passive(killed) and [t.lower_ for t in patients(killed)] == ["people"] and subject(killed) == []
    doc = nlp("The rebels said their fighters had shot down a helicopter.")
    assert not is_passive(_word(doc, "shot"))  # a clause of its own, with a subject


def test_coordinated_passive_takes_the_shared_subject(nlp: Language) -> None:
    doc = nlp("The leaders left the office and were arrested in the town.")
    assert [t.lower_ for t in patients(_word(doc, "arrested"))] == ["leaders"]


def test_headline_participles_are_passive(nlp: Language) -> None:
    doc = nlp("Four policemen and four civilians also killed.")
    killed = _word(doc, "killed")
    assert is_passive(killed) and "policemen" in [t.lower_ for t in patients(killed)]


def test_control_under_a_passive_verb(nlp: Language) -> None:
    doc = nlp("The police were forced to fire in the air.")
    assert [t.lower_ for t in subject(_word(doc, "fire"))] == ["police"]


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("The state police sent teams to Mumbai to apprehend the suspect.", "apprehend", "planned"),
    ("The police are finding it difficult to arrest him.", "arrest", "planned"),
    ("We will not hesitate in arresting even senior leaders.", "arresting", "planned"),
    ("The governments should be directed to restrain the pilgrims and detain them.", "detain", "hypothetical"),
    ("The police had to fire in the air.", "fire", None),
    ("They were booked for killing two men.", "killing", None),
    ("The police arrested twelve men.", "arrested", None),
])
def test_unrealised_clauses(nlp: Language, text: str, word: str, expected: str | None) -> None:
    assert unrealised(_word(nlp(text), word)) == expected


def test_police_named_before_a_misread_gerund(nlp: Language) -> None:
    doc = nlp("73 people have died in police firing.")
    assert "police" in [t.lower_ for t in noun_modifiers(_word(doc, "firing"))]
