"""Argument helpers of an event: actors resolved from words, and whom an act was done to.

``resolve_all`` turns argument words into actors; ``own_argument`` and ``covered`` tell which words belong
to the act; ``done_to`` and ``told_passive`` say an act of force or arrest was done to someone, even where
no actor is named.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..model import Actor
from .actors import ActorResolver
from .syntax import is_passive, pobjs
from .triggers import Hit

AID_NOUNS = frozenset({"aid", "assistance", "support", "help", "supply", "food", "medicine", "relief", "weapon",
                        "arms", "money", "fund", "loan", "grant", "equipment", "ammunition",
                        # what aid is counted in: "sent 200 tonnes of food", "a team of medical experts"
                        "tonne", "ton", "team", "shipment", "consignment", "convoy", "package", "batch", "expert",
                        "dollar", "euro", "million", "billion", "vehicle", "truck", "tent", "vaccine", "dose"})


DONE_VERBS = frozenset({"make", "carry", "conduct", "effect", "perform"})  # "arrests made", "raids carried out"
COUNTED_ACTS = frozenset({"arrest", "detention"})


def resolve_all(resolver: ActorResolver, tokens: Sequence[Token], hint: str, speaker: Sequence[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for t in tokens:
        for a in resolver.resolve(t, hint=hint, speaker=speaker):
            if all(a.name != b.name for b in out):
                out.append(a)
    return out


def own_argument(token: Token, hits: Sequence[Hit]) -> bool:
    """Whether a word is an argument of the act's own words (its subject, object, "by" or "on" phrase), not
    one reached through another clause: in "airstrikes … reflect the intensity of the campaign" the
    intensity is what reflects, not what was struck."""
    words = {i for h in hits for i in (h.head, *h.words, *((h.light,) if h.light is not None else ()))}
    head = token.head
    return head.i in words or head.dep_ in ("prep", "agent") and head.head.i in words


def covered(token: Token, actors: Sequence[Actor]) -> bool:
    """Whether an actor already found stands on this word."""
    return any(a.start is not None and a.end is not None and a.start <= token.idx < a.end for a in actors)


def done_to(noun: Token) -> bool:
    """A noun of force or arrest told of whom it was done to, or as done: "the arrest of azmal khan", "the
    killing of three men", "the arrests made by the police", "arrests carried out on Sunday"."""
    if any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and t.ent_type_ not in ("DATE", "TIME")
           and t.lemma_.lower() not in AID_NOUNS for t in pobjs(noun, "of")):
        return True
    if any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in DONE_VERBS
           and not any(g.dep_ in ("nsubj", "aux") for g in c.children) for c in noun.children):
        return True
    # arrests counted or taken up as known: "the arrests", "our arrests", "the state figure of arrests",
    # "TADA arrests (18,686)": acts that were done; "an arrest" may still be wanted
    return noun.tag_ == "NNS" and noun.lemma_.lower() in COUNTED_ACTS


def told_passive(verb: Token) -> bool:
    """A finite passive ("were arrested", "was shot", "being detained"): someone had it done to them, even
    where the parser lost the subject of a lower-case or garbled sentence."""
    return any(c.dep_ == "auxpass" for c in verb.children) or shared_passive(verb)


def shared_passive(verb: Token) -> bool:
    """A participle coordinated with a passive verb, with no subject or auxiliary of its own: "were chased
    away by the security forces and arrested"."""
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.pos_ == "VERB" and is_passive(verb.head) \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj") for c in verb.children)
