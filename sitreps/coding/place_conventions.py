"""Conventions by which short reports name places: the division after a village in brackets or after a comma
("Kapkwen (Bomet)", "Kasipul, Homa Bay"), a division below a county written after its name ("Kasarani
sub-county"), and the people of a place named by it ("Nyeri residents")."""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span, Token

from .parsed import entities
from .place_words import LOCAL_NOUNS, SUBDIVISION_WORDS


def local_people(token: Token) -> bool:
    """A name that the people living there are called by: "Nyeri residents", "the Kibera villagers"."""
    return token.dep_ in ("compound", "nmod") and token.head.i != token.i and token.head.lower_ in LOCAL_NOUNS


def subdivision_after(token: Token) -> bool:
    """A name followed by a word for a division below a county: "Kasarani sub-county", "Mathare constituency"."""
    doc = token.doc
    after = "".join(t.lower_ for t in doc[token.i + 1:token.i + 4])
    return any(after.startswith(word) for word in SUBDIVISION_WORDS)


def bracketed_apart(doc: Doc) -> list[Span]:
    """spaCy's entities, each cut at a bracket into the names on either side: "Kapkwen (Bomet)" tagged as one
    name is a village and the division it lies in."""
    out = []
    for ent in entities(doc):
        start = ent.start
        for t in ent:
            if t.text in ("(", ")"):
                if t.i > start:
                    out.append(Span(doc, start, t.i, label=ent.label_))
                start = t.i + 1
        if start == ent.start:
            out.append(ent)
        elif start < ent.end:
            out.append(Span(doc, start, ent.end, label=ent.label_))
    return out


def hyphened(doc: Doc, i: int, taken: Container[int] = ()) -> bool:
    """Whether the capitalised word at ``i`` is joined by a hyphen, without spaces, to the next capitalised
    word, both untagged and not ``taken``: the one name "Sud-Kivu", which spaCy splits in three."""
    if i < 0 or i + 2 >= len(doc) or doc[i + 1].text != "-" or doc[i].whitespace_ or doc[i + 1].whitespace_:
        return False
    first, last = doc[i], doc[i + 2]
    return all(w.pos_ == "PROPN" and w.text[:1].isupper() and not w.ent_type_ and w.i not in taken
               for w in (first, last))
