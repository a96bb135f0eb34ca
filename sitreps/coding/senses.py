"""Reading a trigger's sense from its arguments: one generic matcher for the rows of ``senses.tsv``.

For a verb or noun the parse shows, ``sense_of`` reads the argument slots the rows name (object,
subject, to-infinitive, particle, preposition and its object, voice), finds the most specific row whose
conditions all hold, and gives the code of that sense: a code, ``-`` (no event in this sense) or ``=``
(the trigger rows' own code). Which row wins is data, not code: the heaviest row (a named class or word
counts 2, anything present 1), the first in the file among equals.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..senses import ANY, Condition, Sense, Senses
from .syntax import agent, children, is_passive, patients, reduced_participle, subject

RELATIVE = frozenset({"which", "that", "who", "whom"})


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _objects(word: Token) -> list[Token]:
    """What the act is done to: the direct object, the subject of a passive, the noun a participle
    qualifies ("three men sought over…"), the head of a relative clause ("the troops it withdrew")."""
    if word.pos_ in ("NOUN", "PROPN"):
        return [o for p in word.children if p.dep_ == "prep" and p.lower_ == "of" for o in children(p, "pobj")]
    found = children(word, "dobj")
    if is_passive(word):
        found = found + patients(word)
    elif not found and word.dep_ == "relcl" and word.head.pos_ in ("NOUN", "PROPN") \
            and not any(c.dep_ == "dobj" for c in word.children) and any(c.dep_ == "nsubj" for c in word.children):
        found = [word.head]  # "the troops it withdrew"
    return [t.head.head if t.lower_ in RELATIVE and t.head.dep_ == "relcl" else t for t in found]


def _subjects(word: Token) -> list[Token]:
    if word.pos_ in ("NOUN", "PROPN"):
        return [c for c in word.children if c.dep_ == "poss"]
    found = agent(word) if is_passive(word) else subject(word)
    return [word.head if t.lower_ in RELATIVE and word.dep_ == "relcl" else t for t in found]


def _infinitives(word: Token) -> list[Token]:
    """A to-infinitive complement: "seeking to expand", "threatened to strike"."""
    return [c for c in word.children if c.dep_ in ("xcomp", "ccomp", "advcl") and c.tag_ == "VB"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]


def _clauses(word: Token) -> list[Token]:
    """A clause complement, by its verb: "insisted (that) no civilians were hit"."""
    return [c for c in word.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]


def _preps(word: Token, prep: str) -> list[Token]:
    """The preposition ``prep`` hanging on the word, or on its object ("fired shots at a boat")."""
    heads = [word, *children(word, "dobj")]
    return [p for h in heads for p in h.children if p.dep_ in ("prep", "prt", "agent", "dative")
            and p.lower_ == prep]


def _prep_objects(prep: Token) -> list[Token]:
    """A preposition's object, but not a date or a time: "fired on Monday" names no target."""
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in ("DATE", "TIME")]


PARTICLE_ADVERBS = frozenset({"away", "off", "down", "out", "back", "up", "over", "in"})


def _particles(word: Token) -> list[Token]:
    """Particles, also one the parser read as an adverb right after the verb ("backed away")."""
    return [c for c in word.children if c.dep_ == "prt"
            or c.dep_ == "advmod" and c.i == word.i + 1 and c.lower_ in PARTICLE_ADVERBS]


def _named(word: Token) -> list[Token]:
    """A predicate on the object: "called the move destructive", "called it a provocation"."""
    return [c for c in word.children if c.dep_ in ("oprd", "acomp")
            or c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("ADJ", "NOUN")]


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.children if c.dep_ == "conj")
    return out


def in_class(token: Token, value: str, senses: Senses) -> bool:
    """Whether a token fits a condition's value: ``*`` anything, a CLASS (lemma, lowercase form, ``@ENT``
    entity type or ``@POS`` part of speech, ``-suffix`` of a common noun, ``police_officer`` a compound with
    its modifiers), or lemmas joined by ``|``."""
    if value == ANY:
        return True
    lemma, lower = _lemma(token), token.lower_
    if value[0].isupper():
        words = senses.words(value)
        compound = "_".join([c.lemma_.lower() for c in token.lefts if c.dep_ == "compound"] + [lemma])
        if lemma in words or lower in words or compound in words or f"@{token.ent_type_}" in words \
                or f"@{token.pos_}" in words:
            return True
        common = token.pos_ == "NOUN" and not token.ent_type_  # a word ending tells a common noun's kind only
        return common and any(w.startswith("-") and len(w) > 1 and lower.endswith(w[1:]) for w in words)
    return lemma in value.split("|") or lower in value.split("|")


def _holds(word: Token, cond: Condition, senses: Senses) -> list[Token] | None:
    """The tokens that satisfy the condition (possibly none for a bare slot), or None when it fails."""
    slot = cond.slot
    if slot == "passive":
        return [] if is_passive(word) or reduced_participle(word) else None
    if slot == "active":
        return None if is_passive(word) or reduced_participle(word) else []
    if slot == "noobj":
        return None if _objects(word) else []
    if slot == "prep":
        for prep in _preps(word, cond.word):
            objects = _with_conjuncts(_prep_objects(prep))
            own = prep.head.i == word.i  # not the object's ("a team *of paratroopers*")
            if cond.value == ANY and (objects or prep.dep_ == "prt"):
                return [prep] if own else []  # "fired at": the object is the target, not a trigger word
            fit = [o for o in objects if in_class(o, cond.value, senses)]
            if fit:
                return [prep, fit[0]] if own else []
        return None
    candidates = {"obj": _objects, "subj": _subjects, "to": _infinitives, "clause": _clauses, "prt": _particles,
                  "named": _named}[slot](word)
    fit = [t for t in _with_conjuncts(candidates) if in_class(t, cond.value, senses)]
    return fit[:1] if fit else None


@dataclass(frozen=True, slots=True)
class Found:
    """The sense row that fits, the particle and preposition words it matched (with a preposition's object
    where the row names its class), and the object it named by class ("withdrew *troops*")."""

    sense: Sense
    words: tuple[int, ...]
    objects: tuple[int, ...]
    inside: frozenset[int] = frozenset()  # the words of a clause complement the row named ("that …")


def sense_of(word: Token, pos: str, senses: Senses) -> Found | None:
    """The most specific sense row whose conditions all hold for ``word``; None when no row fits."""
    for sense in senses.of(_lemma(word), pos):  # heaviest first
        words: list[int] = []
        objects: list[int] = []
        inside: set[int] = set()
        for cond in sense.when:
            found = _holds(word, cond, senses)
            if found is None:
                break
            if cond.slot in ("prep", "prt"):
                words.extend(t.i for t in found)
            elif cond.slot == "obj" and cond.value != ANY:
                objects.extend(t.i for t in found)
            elif cond.slot == "clause":
                inside.update(w.i for t in found for w in t.subtree)
        else:
            return Found(sense, tuple(sorted(set(words))), tuple(objects), frozenset(inside))
    return None
