"""Drafts of events: the argument words of each trigger, and triggers that tell one act merged.

``draft_of`` finds a trigger's doer and target words by its grammar (active, passive, a noun with its
possessor or "by" phrase, a light verb's subject); ``merge`` joins two triggers that tell one violent act
("air strikes … killed", "killed when police fired"). Words only: actors are resolved later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..kb import KnowledgeBase
from ..nlp.kbmatch import KBMatch
from .actors import POSSESSIVES
from .arguments import AID_NOUNS, DONE_VERBS, shared_passive
from .recode import GENERIC_CODES, WEAPON_WORDS
from .syntax import agent, children, is_passive, noun_modifiers, patients, pobjs, subject
from .triggers import Hit

TARGET_PREPS = {
    "ASSAULT": ("on", "against", "at", "of"), "COERCE": ("of", "on", "against"), "PROTEST": ("against",),
    "ACCUSE": ("against",), "SANCTION": ("on", "against", "from"), "THREATEN": ("against",),
    "CONSULT": ("with",), "COOPERATE": ("with",), "AGREE": ("with",), "AID": ("to", "for"),
    "REQUEST": ("on", "to"), "SUPPORT": ("for",), "MOBILIZE": ("against",), "RETREAT": ("from",),
    "REJECT": (), "CONCEDE": ("to",),
}


PARTNER_PREPS = ("with", "against", "on", "to", "toward", "towards", "at")


@dataclass
class Draft:
    """An event being assembled from one or more trigger hits."""

    hits: list[Hit]
    source: list[Token] = field(default_factory=list)
    target: list[Token] = field(default_factory=list)
    aimed: set[int] = field(default_factory=set)  # target words of the act's aim only: no place anchors

    @property
    def main(self) -> Hit:
        return self.hits[0]


def merge(doc: Doc, drafts: list[Draft], plover_of) -> list[Draft]:  # type: ignore[no-untyped-def]
    """One violent act told by two words ("air strikes … killed", "killed in an attack") is one event; so is
    crowd control told with its aim ("fired tear gas and water cannon to disperse the crowd")."""
    out: list[Draft] = []
    for d in drafts:
        tok = doc[d.main.head]
        partner = None
        for o in out if plover_of(d.main) in ("ASSAULT", "COERCE") else ():
            means = _dispersal_means(doc, d, o, plover_of)
            if means is not None:  # the means tells the act; the aim adds whom it was done to
                aim = o if means is d else d
                aimed = {t.i for t in aim.target} - {t.i for t in means.target}
                o.hits, o.source = means.hits, list(dict.fromkeys(means.source + aim.source))
                o.target, o.aimed = list(dict.fromkeys(means.target + aim.target)), aimed
                partner = o
                break
        if partner is not None:
            continue
        if plover_of(d.main) == "ASSAULT":
            for o in out:
                if plover_of(o.main) != "ASSAULT":
                    continue
                other = doc[o.main.head]
                linked = (tok.head == other and tok.dep_ in ("nsubj", "nsubjpass", "dobj"))\
                    or (other.head == tok and other.dep_ in ("nsubj", "nsubjpass", "dobj")) \
                    or (tok.head.head == other and tok.head.dep_ == "prep" and tok.dep_ == "pobj") \
                    or (other.head.head == tok and other.head.dep_ == "prep" and other.dep_ == "pobj") \
                    or relative(tok, other) or relative(other, tok) \
                    or tok.i in o.main.words or other.i in d.main.words \
                    or (not d.source or not o.source) and (when_clause(tok, other) or when_clause(other, tok))
                # "killed in police firing" (triggers); "two were killed when the police opened fire"
                if linked:
                    partner = o
                    break
        if partner is None:
            out.append(d)
            continue
        first, second = (d, partner) if specific(d.main.trigger.cameo) > specific(partner.main.trigger.cameo) \
            else (partner, d)
        partner.hits = first.hits + [h for h in second.hits if h not in first.hits]
        partner.source = first.source + [t for t in second.source if t not in first.source]
        merged_target = [t for t in first.target + second.target if t.i not in {h.head for h in partner.hits}]
        partner.target = list(dict.fromkeys(merged_target))
    return out


def _dispersal_means(doc: Doc, a: Draft, b: Draft, plover_of) -> Draft | None:  # type: ignore[no-untyped-def]
    """Crowd control (CAMEO 175: tear gas, water cannon, baton charges) and the dispersal or other force it
    was used for, told as its purpose clause, are one act: the draft of its means, or None."""
    if plover_of(b.main) not in ("ASSAULT", "COERCE"):
        return None
    for means, aim in ((a, b), (b, a)):
        if not (means.main.trigger.cameo or "").startswith("175"):
            continue
        verb = doc[means.main.light] if means.main.light is not None else doc[means.main.head]
        goal = doc[aim.main.head]
        if goal.dep_ in ("advcl", "xcomp") and goal.head.i == verb.i \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in goal.children):
            return means
    return None


def relative(verb: Token, noun: Token) -> bool:
    """"the bombing (in Kabul), which killed 12": the relative clause tells of the noun's act."""
    if verb.dep_ != "relcl" or not any(c.lower_ in ("which", "that") for c in verb.children):
        return False
    head = verb.head
    return head == noun or (head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head == noun)


def when_clause(clause: Token, verb: Token) -> bool:
    """The violent act of a "when" clause is how the main clause's harm was done: "one person was killed
    when a mob clashed with the police", "three died as police fired on the crowd"."""
    return clause.dep_ == "advcl" and clause.head == verb and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in ("when", "as", "after") for c in clause.children)


def specific(code: str) -> int:
    return 0 if code in GENERIC_CODES else len(code)


def only_a_qualifier(doc: Doc, draft: Draft, drafts: Sequence[Draft]) -> bool:
    """A participle that only qualifies the people another event is done to: in "will release the detained
    fishermen" the release is told, the detention is who they are."""
    tok = doc[draft.main.head]
    return tok.dep_ == "amod" and any(d is not draft and tok.head.i in {t.i for t in d.target} for d in drafts)


def misread_progressive(verb: Token) -> bool:
    """A progressive verb the parser read as a participle on the object of "be": "soldiers are now patrolling
    farms" as "are (patrolling farms)"; not "these are the fighting units"."""
    noun = verb.head
    return verb.dep_ == "amod" and verb.tag_ == "VBG" and verb.i < noun.i and noun.dep_ == "attr" \
        and noun.head.lemma_ == "be" and not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)


OWNER_PRONOUNS = frozenset(POSSESSIVES) | {"my", "your"}




CLASH_VERBS = frozenset({"clash", "skirmish", "battle", "scuffle"})  # reciprocal fights: every side is a doer


def draft_of(doc: Doc, hit: Hit, plover: str, known: Mapping[int, KBMatch], kb: KnowledgeBase) -> Draft:
    """The argument words of one trigger of a PLOVER type; ``known`` maps token indices to knowledge-base
    matches."""
    tok = doc[hit.head]
    preps = TARGET_PREPS.get(plover, ())
    if hit.pos == "VERB":
        if is_passive(tok):
            return Draft([hit], agent(tok), patients(tok))
        if shared_passive(tok):  # "were chased away by the police and arrested": the first verb's voice
            return Draft([hit], agent(tok) or agent(tok.head), patients(tok))
        if tok.dep_ == "amod" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
            return Draft([hit], agent(tok), [tok.head])  # "the arrested workers": they were arrested
        if misread_progressive(tok):  # "soldiers are now patrolling farms" read as "are (patrolling farms)"
            return Draft([hit], subject(tok.head.head), [tok.head])
        objects = [c for c in children(tok, "dobj", "dative") if c.i not in hit.words]
        pattern_objects = [c for c in children(tok, "dobj") if c.i in hit.words]  # "imposed sanctions on X"
        target = objects or pobjs(tok, *preps) or [
            t for o in pattern_objects for t in pobjs(o, *preps, *PARTNER_PREPS, "for")]  # "restored ties with X"
        if plover in ("AID", "SUPPORT", "REQUEST") and target and target[0].lemma_.lower() in AID_NOUNS:
            target = pobjs(tok, "to", "for") or children(tok, "dative")
        if plover == "ASSAULT" and tok.lemma_.lower() in CLASH_VERBS:  # "a mob clashed with the police":
            return Draft([hit], subject(tok) + pobjs(tok, "with"), target)  # both sides fought
        return Draft([hit], subject(tok), target)
    source = [c for c in tok.children if c.dep_ == "poss"] + pobjs(tok, "by", "from")
    source += [a for c in tok.children if c.dep_ == "acl" and c.lemma_.lower() in DONE_VERBS
               for a in agent(c)]  # "the arrests made by the police"
    if plover == "ASSAULT" and tok.lemma_.lower() in CLASH_VERBS:
        source += pobjs(tok, "with")  # "the clash with the police": both sides fought
    source += [c for c in noun_modifiers(tok) if c.i != hit.head  # "*police firing" names its doer
               and c.lower_ not in WEAPON_WORDS  # "Grad rockets", "artillery fire" name no one
               and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.i in known
                    or kb.sector_of(c.lower_) is not None)]  # "police firing", "army shelling"
    target = pobjs(tok, *preps)
    if hit.light is not None:
        light = doc[hit.light]
        if not source or all(t.lower_ in OWNER_PRONOUNS for t in source):  # "the Kremlin launched its
            source = (subject(light) if not is_passive(light) else agent(light)) or source  # air strikes"
        target = target or pobjs(light, *preps)
    elif tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":  # "air strikes killed 300 rebels"
        target = target or children(tok.head, "dobj")
    return Draft([hit], source, target)
