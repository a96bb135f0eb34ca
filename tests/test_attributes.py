"""The table-lookup attribute ruler gives, token by token, what the model's own ruler gives."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from sitreps.nlp.attributes import CachedLemmas, FastAttributes, Unsupported, use_fast_attributes
from sitreps.nlp.spacy import DEFAULT_MODEL, load_model

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]

# made up for this test: the ruler's one-token rules (every tag), its two-token ones ("gonna", "let's",
# "y'all", "there is", "ain't", "c'mon"), spaces and blank lines, numbers and names
TEXTS = [
    "Police said gunmen attacked a market in the town of Baidoa on Tuesday, killing 12 people and wounding 30.",
    "Y'all ain't gonna believe it. Let's go! There is a man at the gate, and there were two more. C'mon, gotta run.",
    "He gets it; she got it.  \n\n  They'd've said so, wouldn't they?\t The ministry's spokesman denied it.",
    "The protesters marched to the governor's office and demanded the release of 45 detained students.",
    "\"We will not surrender,\" the rebel commander told reporters in a video posted online late on Monday.",
    "",
    "   ",
    "UN peacekeepers, the E.U. and NATO's 3rd brigade met at 10:30 a.m. -- then left; costs: $4.5m (est.).",
]


@pytest.fixture(scope="module")
def stock() -> spacy.language.Language:
    return spacy.load(DEFAULT_MODEL)


def test_load_model_puts_the_fast_ruler_in_place() -> None:
    nlp = load_model()
    assert "attribute_ruler" in nlp.pipe_names
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributes)
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, CachedLemmas)
    # what other code reads from the model's lemmatizer is still there (the skim's word forms, the verbs)
    assert lemmatizer.mode == "rule" and lemmatizer.lookups.has_table("lemma_rules")


def test_every_token_annotated_as_the_stock_ruler_does(stock: spacy.language.Language) -> None:
    fast = spacy.load(DEFAULT_MODEL)
    assert use_fast_attributes(fast)
    for ours, theirs in zip(fast.pipe(TEXTS), stock.pipe(TEXTS), strict=True):
        assert [t.text for t in ours] == [t.text for t in theirs]
        assert (ours.to_array(COLUMNS) == theirs.to_array(COLUMNS)).all(), \
            [(a.text, a.pos_, str(a.morph), a.lemma_, b.pos_, str(b.morph), b.lemma_)
             for a, b in zip(ours, theirs) if (a.pos_, str(a.morph), a.lemma_) != (b.pos_, str(b.morph), b.lemma_)]
    # the two-token rules did fire: "gon na" is lemmatised as "go to", "ai n't" as "be not"
    doc = fast(TEXTS[1])
    lemmas = {t.text.lower(): t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to" and lemmas["ai"] == "be"


def test_later_pattern_wins_and_matches_are_read_before_any_is_applied() -> None:
    nlp = spacy.blank("en")
    doc = nlp.make_doc("the dog barks")
    for token, tag in zip(doc, ("DT", "NN", "VBZ")):
        token.tag_ = tag
    ruler = FastAttributes([
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "TAG": "XX"}, "index": 0},
        {"patterns": [[{"LOWER": "dog"}]], "attrs": {"POS": "PROPN"}, "index": 0},
        # would match "dog" only if the first rule's new tag were seen: it must not be
        {"patterns": [[{"TAG": "XX"}]], "attrs": {"LEMMA": "wrong"}, "index": 0},
        {"patterns": [[{"LOWER": "dog"}, {"TAG": {"IN": ["VBZ", "VBD"]}}]], "attrs": {"LEMMA": "bark"}, "index": 1},
        # one rule whose two patterns both match "the": applied once, in the rule's turn
        {"patterns": [[{"TAG": "DT"}], [{"LOWER": "the"}]], "attrs": {"POS": "DET"}, "index": 0},
    ])
    ruler(doc)
    assert [t.pos_ for t in doc] == ["DET", "PROPN", ""]
    assert doc[1].tag_ == "XX" and doc[1].lemma_ != "wrong"
    assert doc[2].lemma_ == "bark"


def test_a_pattern_it_cannot_read_leaves_the_stock_ruler() -> None:
    with pytest.raises(Unsupported):
        FastAttributes([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}, "index": 0}])
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "A"}]], {"POS": "DET"})  # ORTH: not among what the stand-in reads
    assert not use_fast_attributes(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
