"""How a trigger's code is refined by its sentence, and the word lists that do it.

The lexicon gives each trigger a CAMEO code; the sentence can make it more precise: the weapon named
("hit 60 targets" among air strikes is an aerial attack), who is sent (troops deployed, observers sent as
aid), a refusal ("will not meet" is a REJECT), whether the doer is an armed force.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from spacy.tokens import Span, Token

from ..lexicon import CameoCode, Lexicon
from ..model import Actor
from .syntax import pobjs

GENERIC_CODES = frozenset({"18", "19", "20", "180", "190", "200", "17", "170"})

WEAPON_CUES = (  # (CAMEO code, words): the means of an attack the sentence names, most telling first
    ("1952", frozenset({"drone", "drones", "uav", "uavs"})),
    ("195", frozenset({"air", "airstrike", "airstrikes", "jets", "jet", "warplanes", "warplane", "aircraft",
                       "helicopter", "helicopters", "bombers", "sorties", "aerial", "airstrip", "raids"})),
    ("194", frozenset({"shelling", "shells", "artillery", "mortar", "mortars", "rockets", "rocket", "tanks",
                       "howitzer", "howitzers", "missiles", "missile", "grad", "barrage", "shelled"})),
    ("183", frozenset({"bomb", "bombs", "bombing", "ied", "explosive", "explosives", "blast", "car-bomb"})),
    ("193", frozenset({"gunmen", "gunfire", "gunfight", "shot", "shooting", "rifles", "firefight", "gunman"})),
)


WEAPON_WORDS = frozenset({"grad", "katyusha", "kalashnikov", "ak-47", "artillery"}).union(
    *(cues for _, cues in WEAPON_CUES))


def weapon_code(sent: Span) -> str:
    """The most specific CAMEO assault code the sentence's words support, else the generic 190."""
    words = {t.lower_ for t in sent}
    for code, cues in WEAPON_CUES:
        if words & cues:
            return code
    return "190"




# Civilians sent abroad: a deployment of them is aid, not a show of force.
CIVILIANS = frozenset({"observer", "monitor", "team", "expert", "doctor", "medic", "rescuer", "volunteer",
                       "inspector", "staff", "specialist", "engineer", "nurse",
                       # and what aid is made of: "is mobilising additional funds to support peace building"
                       "fund", "money", "resource", "aid", "assistance", "relief", "food", "medicine", "vaccine"})


TROOPS = frozenset({"troop", "soldier", "peacekeeper", "contingent", "marine", "paratrooper", "battalion",
                    "platoon", "brigade", "regiment"})


def civilians(token: Token, target: Sequence[Token]) -> bool:
    """Whether those deployed are civilians: "deployed election observers", "the deployment of an advance
    team"; not "a team of paratroopers"."""
    sent = target or pobjs(token, "of")
    return bool(sent) and all(t.lemma_.lower() in CIVILIANS and not any(
        w.lemma_.lower() in TROOPS for w in t.subtree) for t in sent)


# A cooperative act refused ("will not meet") is a REJECT: the CAMEO code of each refusal.
REFUSALS = {"CONSULT": "125", "AGREE": "120", "SUPPORT": "120", "COOPERATE": "121", "AID": "122",
            "RETREAT": "124", "CONCEDE": "124"}


def will_not(token: Token) -> bool:
    """Negated in the future or conditional, or refused as impossible: "will not", "won't", "would not",
    "shall not", "cannot accept", "can't allow"."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall", "'ll", "can", "ca", "cannot")
               for c in verb.children)


def voices_accord(verb: Token) -> bool:
    """"Agree with" as a view held, not a deal made: in the present ("they agree with the recommendation") or
    with what is agreed told as a clause ("agreed with the Senate that…"); not "agreed with Iran to…"."""
    if not any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
        return False
    if any(c.dep_ == "xcomp" for c in verb.children):
        return False
    return verb.tag_ in ("VBP", "VBZ") or any(c.dep_ == "ccomp" for c in verb.children)


# Light verbs that start or carry on an act ("launched an offensive", "carried out raids", "continued their
# advance"): the event's trigger names them with the act's noun, as news tells the act by the verb.
LAUNCHING = frozenset({"launch", "mount", "wage", "unleash", "carry", "conduct", "begin", "start", "continue",
                       "undertake", "resume", "intensify", "escalate", "step"})


# Verbs of a military or police move: made by an armed force ("thousands of police officers are patrolling the
# markets") they are events even where the force is named by no actor the knowledge base knows; those of
# ARMED_ONLY are events only then: "troops entered the town", not "the governor entered the assembly".
ARMED_MOVES = frozenset({"enter", "patrol", "advance"})


ARMED_ONLY = frozenset({"enter", "advance"})


ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "SPY"})


ARMED_WORDS = frozenset({"force", "tank", "unit", "division", "militant", "fighter", "gunman", "army",
                         "militia", "commando", "jihadist", "insurgent", "rebel", "policeman", "police",
                         "jaysh", "jaish"})  # Arabic "army": "Jaysh al-Islam", "Jaish al-Fateh"


def stem(lemma: str) -> str:
    """A word's stem, for telling an act taken up again: "struck", "strikes" → "strik"; "shelling" → "shell"."""
    word = lemma.lower()
    word = word[:-3] if word.endswith("ing") and len(word) > 5 else word
    return word.removesuffix("e")


def told_before(doers: Mapping[str, list[Actor]], key: str) -> list[Actor]:
    """The doers of the latest act of the same kind told by the same word: "airstrikes" … "the strikes"."""
    kind, _, stem = key.partition(":")
    for told in reversed(list(doers)):
        k, _, s = told.partition(":")
        if k == kind and s and stem and (s.endswith(stem) or stem.endswith(s)):
            return doers[told]
    return []


def participial_adjunct(tok: Token, pos: str) -> bool:
    """Whether a verb event is told in a participle clause after its main clause ("launched an offensive in
    Hama, targeting the village of X", "launched an offensive around X to seize Y"): the main clause's act is
    the sentence's event, the clause its aim or outcome."""
    purpose = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    return pos == "VERB" and tok.dep_ == "advcl" and tok.head.pos_ == "VERB" and tok.head.i < tok.i \
        and (tok.tag_ == "VBG" or purpose)


def refine(lexicon: Lexicon, code: CameoCode, sent: Span, tok: Token, source: Sequence[Token],
           target: Sequence[Token]) -> CameoCode:
    """The trigger's code made precise by its sentence: the weapon named, troops or civilians sent."""
    if code.plover == "ASSAULT" and code.code in GENERIC_CODES:
        code = lexicon.cameo(weapon_code(sent)) or code  # "hit 60 targets" among air strikes is aerial
    if code.code in ("042", "043") and any(w.lemma_.lower() in TROOPS for t in source for w in t.subtree):
        code = lexicon.cameo("154") or code  # troops arriving are deployed, not on a visit
    if code.code in ("15", "150", "154") and civilians(tok, target):
        code = lexicon.cameo("070") or code  # "deployed election observers", "rescue teams": aid
    if code.code in ("15", "150", "154") and _peacekeeping(tok, source):
        code = lexicon.cameo("074") or code  # troops sent on a peacekeeping mission give protection (CAMEO 074)
    return code  # peacekeepers withdrawn (1661) are senses.tsv rows, by the verb's object


# Peacekeeping told with the act itself: its doers, its object or a phrase of its own ("sent troops to the UN
# peacekeeping mission", "peacekeepers began deploying"), not anywhere in the sentence ("peacekeepers pulled
# out" beside a deployment is no peacekeeping of the deployment's).
PEACEKEEPING = re.compile(r"\bpeace-?keep(?:ing|ers?)\b", re.IGNORECASE)


def _peacekeeping(tok: Token, source: Sequence[Token]) -> bool:
    act = tok.head if tok.pos_ != "VERB" and tok.dep_ in ("dobj", "nsubjpass", "pobj") else tok
    doers = [*source, *(c for c in act.head.children if act.dep_ == "xcomp" and c.dep_ in ("nsubj", "nsubjpass"))]
    return any(PEACEKEEPING.search(w.text) for w in [*_own_words(act), *(w for t in doers for w in t.subtree)])


def _purpose(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _own_words(verb: Token) -> list[Token]:
    """A word's subtree without the clauses hung on it that tell another act; its purpose ("sent troops to
    serve as a peacekeeping force") and an xcomp stay."""
    other = {w.i for c in verb.children if c.dep_ in ("advcl", "ccomp", "conj") and not _purpose(c)
             for w in c.subtree}
    return [w for w in verb.subtree if w.i not in other]
