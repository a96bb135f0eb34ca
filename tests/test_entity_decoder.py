"""The NumPy decoder of the model's entity recogniser finds, token by token, the entities the stock one finds."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import ENT_IOB, ENT_TYPE  # type: ignore[import-not-found]
from spacy.tokens import Doc

from sitreps.nlp.entity_decoder import GreedyEntities, Unsupported, agrees, use_greedy_entities
from sitreps.nlp.spacy import DEFAULT_MODEL, load_model

# made up for this test: names of people, bodies and places, dates, times, counts and money; entities at the end
# of a sentence and of the text; lower case and capitals; spaces, blank lines and a one-word text
TEXTS = [
    "Police in the town of Baidoa said on Tuesday that gunmen from the Islamic Front killed 12 people.",
    "The Ministry of Defence of the Russian Federation said its jets hit 60 targets near Aleppo last week.",
    ("President Amina Diallo met the North Atlantic Treaty Organisation's envoy, Jan de Vries, in Brussels.\n\n"
    "They spoke for two hours. The talks cost $4.5 million, about 30 percent of the budget of the UN mission"),
    ("on 3 march 2021 about 200 farmers from the bharatiya kisan union blocked the highway near ludhiana, "
    "said superintendent of police rajesh kumar."),
    "GUERRILLAS OF THE NATIONAL LIBERATION FRONT ATTACKED A FARM NEAR SAN SALVADOR AT 0300 ON 12 JANUARY.",
    "  \n New York  \t and   Los Angeles\n",
    "Kenya",
    "",
    ("Mr. O'Neill told the BBC that the First World War ended on the eleventh hour of 11 November 1918. "
    "Then he left for Washington, D.C., with the Secretary-General"),
]


@pytest.fixture(scope="module")
def parsed() -> list[Doc]:
    """The texts parsed by the stock model up to its recogniser."""
    nlp = spacy.load(DEFAULT_MODEL)
    with nlp.select_pipes(disable=["ner"]):
        return list(nlp.pipe(TEXTS))


@pytest.fixture(scope="module")
def recogniser() -> object:
    return spacy.load(DEFAULT_MODEL).get_pipe("ner")


def _copy(docs: list[Doc]) -> list[Doc]:
    return [Doc(doc.vocab).from_bytes(doc.to_bytes()) for doc in docs]


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_the_same_entities_as_the_stock_recogniser(parsed: list[Doc], recogniser: object,
                                                   batch_size: int) -> None:
    stock = list(recogniser.pipe(_copy(parsed), batch_size=batch_size))  # type: ignore[attr-defined]
    ours = list(GreedyEntities().read(recogniser).pipe(_copy(parsed), batch_size=batch_size))
    found = 0
    for theirs, mine in zip(stock, ours, strict=True):
        assert [(e.start, e.end, e.label_) for e in mine.ents] == [(e.start, e.end, e.label_) for e in theirs.ents]
        assert (mine.to_array([ENT_IOB, ENT_TYPE]) == theirs.to_array([ENT_IOB, ENT_TYPE])).all()
        found += len(theirs.ents)
    assert found >= 20  # the texts do hold entities: the comparison is not of empty lists
    labels = {e.label_ for doc in ours for e in doc.ents}
    assert {"PERSON", "GPE", "ORG", "DATE", "CARDINAL"} <= labels


def test_an_entity_never_runs_over_a_sentence_start(parsed: list[Doc], recogniser: object) -> None:
    for doc in GreedyEntities().read(recogniser).pipe(_copy(parsed)):
        for ent in doc.ents:
            assert not any(token.is_sent_start for token in ent[1:]), ent


def test_preset_entities_are_left_to_the_stock_decoder(recogniser: object) -> None:
    doc = Doc(recogniser.vocab, words=["Amina", "Diallo", "flew", "to", "Nairobi", "on", "Monday", "."],  # type: ignore[attr-defined]
              spaces=[True, True, True, True, True, True, False, False])
    doc.ents = [doc.char_span(0, 12, label="ORG")]
    GreedyEntities().read(recogniser)(doc)
    assert (doc.ents[0].text, doc.ents[0].label_) == ("Amina Diallo", "ORG")  # kept, as the stock decoder keeps it


def test_load_model_puts_the_decoder_in_place() -> None:
    nlp = load_model()
    assert nlp.pipe_names[-1] == "ner"
    decoder = nlp.get_pipe("ner")
    assert isinstance(decoder, GreedyEntities)
    assert "PERSON" in decoder.labels  # the model's recogniser's own attributes read through
    doc = nlp("Amina Diallo flew to Nairobi on Monday.")
    assert {(e.text, e.label_) for e in doc.ents} >= {("Nairobi", "GPE"), ("Monday", "DATE")}


def test_a_recogniser_it_cannot_read_is_left_in_place() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.get_pipe("ner").cfg["beam_width"] = 4
    with pytest.raises(Unsupported):
        GreedyEntities().read(nlp.get_pipe("ner"))
    assert not use_greedy_entities(nlp)
    assert not isinstance(nlp.get_pipe("ner"), GreedyEntities)
    assert not use_greedy_entities(spacy.blank("en"))


def test_a_decoder_that_disagrees_on_the_probes_is_not_put_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard for another model or spaCy version: a decoder that cut entities short would fail the probes."""
    nlp = spacy.load(DEFAULT_MODEL)
    assert agrees(nlp, GreedyEntities().read(nlp.get_pipe("ner")))
    monkeypatch.setattr(GreedyEntities, "_goes_on", lambda self, *args: False)  # no entity past two tokens
    assert not agrees(nlp, GreedyEntities().read(nlp.get_pipe("ner")))
    assert not use_greedy_entities(nlp)
    assert not isinstance(nlp.get_pipe("ner"), GreedyEntities)
