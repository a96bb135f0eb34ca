"""Small readers of spaCy's dependency parse, shared by the extractors.

These are the only helpers that know spaCy's dependency labels; everything
else asks them questions ("who is the subject of this verb?").
"""

from __future__ import annotations


from spacy.tokens import Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the words coordinated with it: "Russia and Syria" → [Russia, Syria]."""
    out = [token]
    for c in token.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
            out.extend(with_conjuncts(c))
    return out


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def pobjs(token: Token, *preps: str) -> list[Token]:
    """Objects of the token's prepositions named: pobjs(attack, "on", "against")."""
    out: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in preps:
            out.extend(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
    return out


def subject(verb: Token) -> list[Token]:
    """The grammatical subject, inherited through coordination, control and relative clauses."""
    direct = children(verb, *SUBJECT_DEPS)
    if direct:
        return direct
    head = verb.head
    if head is verb:
        return []
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return subject(head)
    if verb.dep_ == "xcomp":  # "X threatened to strike": X strikes; "X urged Y to talk": Y talks
        obj = children(head, "dobj")
        return obj if obj else subject(head)
    if verb.dep_ in ("acomp", "advmod") and head.pos_ in ("VERB", "AUX"):  # "X is about to restore"
        return subject(head)
    if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
        return [head]
    if verb.dep_ == "advcl" and verb.tag_ == "VBG":  # "…, killing 12 people": the main clause's subject
        return subject(head)
    if verb.dep_ == "advcl" and verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and head.pos_ in ("VERB", "AUX"):  # "police fired rounds to disperse the mob": police disperse it
        return subject(head)
    return []


def agent(verb: Token) -> list[Token]:
    return pobjs(verb, "by")


def noun_phrase(token: Token) -> Span:
    """The words left of and including the noun: its determiners, modifiers and compounds."""
    doc = token.doc
    start = token.i
    for c in token.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "npadvmod", "punct", "case"):
            start = min(start, c.left_edge.i)
    end = token.i + 1
    for c in token.rights:  # flat names: "Nusra Front", "Hayat Tahrir al-Sham"
        if c.dep_ == "compound" and c.pos_ == "PROPN" and token.pos_ == "PROPN":
            end = max(end, c.i + 1)
    while start < token.i and doc[start].dep_ in ("punct", "cc"):
        start += 1
    return doc[start:end]
