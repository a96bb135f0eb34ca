"""People named with a title: the title beside the name ("Jane Okoth, the Kenyan interior minister"), the
name beside a title ("the army chief, Lt. Gen. Y"), and the key by which a later mention ("Okoth") finds them."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .parsed import entities

TITLE_ABBREVIATIONS = frozenset({"lt", "gen", "col", "maj", "capt", "sgt", "brig", "adm", "cpl", "dr", "mr", "mrs",
                                 "ms", "gov", "sen", "rep", "pres", "lt.", "gen.", "col.", "maj.", "capt.", "sgt.",
                                 "brig.", "adm.", "dr.", "mr.", "mrs.", "ms.", "gov.", "sen.", "rep."})


def name_key(name: str) -> str:
    words = [w for w in name.lower().replace("’", "'").split() if w not in TITLE_ABBREVIATIONS]
    return " ".join(w.removesuffix("'s") for w in words)


def titles_of(token: Token, ent: Span) -> list[Token]:
    """The nouns that give a person's title beside the name: an appositive of the name ("Jane Okoth, the
    interior minister"), or the noun the name is the appositive of ("the minister, Jane Okoth")."""
    out = []
    for t in ent:
        out += [c for c in t.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.i not in range(ent.start, ent.end)]
        if t.dep_ == "appos" and t.head.pos_ == "NOUN" and t.head.i not in range(ent.start, ent.end):
            out.append(t.head)
    return out


def person_named(token: Token, span: Span) -> Span | None:
    """The person a titled phrase names: "Interior Minister Jane Okoth" (the head is the name), "the army
    chief, Lt. Gen. Y" (the name is the head's appositive)."""
    if token.ent_type_ == "PERSON":
        return entity_span(token)
    for c in token.children:
        if c.dep_ == "appos" and c.ent_type_ == "PERSON":
            return entity_span(c)
    return None


def entity_span(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for ent in entities(token.doc):
        if ent.start <= token.i < ent.end:
            return ent
    return None
