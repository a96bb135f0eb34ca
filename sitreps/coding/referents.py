"""The people of one article, and whom a pronoun or a role word refers to.

Every person the parser names (and every known person it took for something else) is kept under the last
name, with the fullest form of the name seen, a gender where the text tells it and the role words said of
them where named. The gender comes from what the text says: an honorific or a gendered role word ("Mr.",
"Mrs.", "spokeswoman", "congressman"), else the pronouns the text binds to the person ("Jo said she would
run", "Jo praised herself"), else a common given name that nearly always names one or the other
(given_names.py). "he" and "she" find the latest fitting person before them (``person_before``);
"the spokesman", "the senator" the latest person named with that word (``person_with_role``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .actors import ActorResolver
from .claims import SPEECH_VERBS
from .given_names import gender_of
from .parsed import entities
from .quotes import Quote
from .syntax import noun_phrase

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                   "herself": "f"}
FEMALE = frozenset({"mrs", "ms", "miss", "madam", "spokeswoman", "congresswoman", "chairwoman", "businesswoman",
                    "councilwoman", "actress", "wife", "mother", "daughter", "sister", "queen", "princess", "lady",
                    "grandmother", "widow"})
MALE = frozenset({"mr", "sir", "spokesman", "congressman", "chairman", "businessman", "councilman", "husband",
                  "father", "son", "brother", "king", "prince", "grandfather", "widower"})
# Titles written short, as the role word they stand for: "Sen. Jo Smith … the senator".
ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                 "pres": "president", "lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "amb": "ambassador"}


@dataclass
class Person:
    """One person of the article: the fullest form of the name seen so far, gender, role words."""

    name: str
    gender: str | None = None
    roles: set[str] = field(default_factory=set)
    given: str | None = None  # the gender a common given name suggests, where the text tells none


class People:
    """The people an article names, in order of mention. ``quote_at`` tells the quotation an offset stands
    in (names inside quotations are what someone said, not who speaks)."""

    def __init__(self, doc: Doc, resolver: ActorResolver, skip_before: int,
                 quote_at: Callable[[int], Quote | None]) -> None:
        self.doc, self.resolver, self.skip_before, self.quote_at = doc, resolver, skip_before, quote_at
        self.people: dict[str, Person] = {}  # by last name, lower case
        self._mentions: list[tuple[int, str]] = []  # (token index, last-name key) of each person mention
        for ent in entities(doc):
            if ent.label_ == "PERSON" and ent.start_char >= skip_before:
                self._add_person(ent)
        persons = {m.start_token for m in resolver.state.matches if m.entry.kind == "person"}
        for ent in entities(doc):  # a known person's name the parser took for something else, once or twice
            if ent.label_ != "PERSON" and ent.start_char >= skip_before and (
                    ent.start in persons or ent[-1].lower_.rstrip("'’s") in self.people):
                self._add_person(ent, known=True)
        named = {i for i, _ in self._mentions}
        for t in doc:  # '"…," Jo Okafor said': a speaker the parser did not name is a person too
            if t.dep_ == "nsubj" and t.pos_ == "PROPN" and not t.ent_type_ and t.i not in named and t.is_title \
                    and t.head.lemma_.lower() in SPEECH_VERBS and t.idx >= skip_before and not quote_at(t.idx):
                first = t.i
                while first > 0 and doc[first - 1].dep_ in ("compound", "flat") and doc[first - 1].head.i == t.i \
                        and doc[first - 1].pos_ == "PROPN" and doc[first - 1].is_title:
                    first -= 1
                self._add_person(doc[first:t.i + 1])
        self._mentions.sort()
        self._learn_genders()

    def get(self, key: str) -> Person | None:
        return self.people.get(key)

    def _quoted(self, token: Token) -> bool:
        return self.quote_at(token.idx) is not None

    def _add_person(self, ent: Span, known: bool = False) -> None:
        words = [t for t in ent if t.lower_.rstrip(".") not in MALE | FEMALE]
        stops = [k for k, t in enumerate(words[:-1]) if t.is_stop and len(t) > 1]
        if len(words) > 3 and stops:  # a title-case headline read as a name: "… The Difference Between Jo Smith"
            words = words[stops[-1] + 1:]
        entry = None if known else self.resolver.state.kb.lookup(ent.text)
        if not words or entry is not None and entry.kind != "person":  # a company or a network, misread
            return
        key = words[-1].lower_.rstrip("'’s")
        name = " ".join(t.text for t in words).removesuffix("'s").removesuffix("’s")
        person = self.people.setdefault(key, Person(name))
        if len(name) > len(person.name) and name.endswith(person.name.split()[-1]):
            person.name = name
        before = self.doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
        cues = {before, *(t.lower_.rstrip(".") for t in ent)} | self._descriptors(ent)
        if cues & FEMALE:
            person.gender = "f"
        elif cues & MALE:
            person.gender = "m"
        if len(words) > 1:
            person.given = person.given or gender_of(words[0].text)
        person.roles |= {ABBREVIATIONS.get(c, c) for c in self._descriptors(ent)}
        if before in ABBREVIATIONS:
            person.roles.add(ABBREVIATIONS[before])
        self._mentions.append((ent.start, key))

    def _learn_genders(self) -> None:
        """A person's gender where the text does not say "Mr." or "Mrs.": the pronouns that follow the person
        as a subject ("Jo Smith said her plan…", "Jo praised herself"; in a sentence naming no one else, any
        he or she after the name outside quotations), counted over the article; the kind that outnumbers
        the other two to one, from two cues up."""
        votes: dict[str, Counter[str]] = {}
        for i, key in self._mentions:
            token = self.doc[i]
            if not _subject_like(token) or self._quoted(token):
                continue
            sent = token.sent
            count = votes.setdefault(key, Counter())
            cues = {t for t in _reported_self(token) if not self._quoted(t)}
            if not any(k != key for j, k in self._mentions if sent.start <= j < sent.end):
                cues |= set(_bound_pronouns(token))
                after = [t for t in self.doc[i + 1:sent.end] if t.lower_ in PERSON_PRONOUNS and not self._quoted(t)]
                cues |= {next(t for t in after if PERSON_PRONOUNS[t.lower_] == g) for g in {PERSON_PRONOUNS[t.lower_] for t in after}}
            count.update(PERSON_PRONOUNS[t.lower_] for t in cues)  # each pronoun once
        for key, count in votes.items():
            (kind, n), *rest = count.most_common() or [("", 0)]
            other = rest[0][1] if rest else 0
            if n >= 2 and n >= 2 * other and self.people[key].gender is None:
                self.people[key].gender = kind
        for person in self.people.values():  # no cue in the text: a common given name's
            person.gender = person.gender or person.given

    def _descriptors(self, ent: Span) -> set[str]:
        """The role words said of a person where named: "Press Secretary Jo Smith", "Jo Smith, a spokesman"."""
        root = ent.root
        words = {t.lemma_.lower() for t in noun_phrase(root) if t.pos_ == "NOUN" and t.i < ent.start}
        words |= {t.lower_.rstrip(".") for t in self.doc[max(0, ent.start - 3):ent.start] if t.pos_ in ("NOUN", "PROPN")}
        for c in root.children:
            if c.dep_ == "appos" and c.pos_ == "NOUN":
                words.add(c.lemma_.lower())
                words |= {w.lemma_.lower() for w in c.children if w.dep_ == "compound"}
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":  # "a spokesman, Jo Smith"
            words.add(root.head.lemma_.lower())
        return words

    def person_before(self, token: Token, gender: str | None) -> Person | None:
        """The person a "he" or "she" refers to: the latest named before, sentence by sentence, a subject
        before other mentions; never one named inside a quotation the pronoun does not stand in. A person
        known to be of the pronoun's gender and standing as a subject within three sentences comes before one
        of unknown gender ("Jo Smith criticised Mrs. Ann Lee's plan. She said…": Jo Smith, unless a man)."""
        known = self._person_before(token, {gender}, 3, subjects_only=True) if gender else None
        return known or self._person_before(token, {None, gender}, 8)

    def _person_before(self, token: Token, genders: set[str | None], window: int,
                       depth: int = 0, subjects_only: bool = False) -> Person | None:
        sent = token.sent
        quote = self.quote_at(token.idx)
        same = {w for w, g in PERSON_PRONOUNS.items() if g in genders}
        for _ in range(window):
            found = [(i, key) for i, key in self._mentions
                     if sent.start <= i < min(sent.end, token.i)
                     and (self.quote_at(self.doc[i].idx) in (None, quote))]
            fitting = [(i, key) for i, key in found if self.people[key].gender in genders]
            subjects: list[tuple[int, str]] = [(i, key) for i, key in fitting if _subject_like(self.doc[i])]
            # "However, he held his fire on X": a pronoun subject before takes the chain on, not X
            chained = [(t.i, "") for t in sent if t.i < token.i and t.lower_ in same and t.dep_ == "nsubj"
                       and self.quote_at(t.idx) in (None, quote)] if depth < 4 else []
            ranked = sorted(subjects + chained) or ([] if subjects_only else fitting)
            if ranked:
                if sent.start <= token.i < sent.end:
                    i, key = ranked[-1]  # in the pronoun's own sentence, the latest before it
                else:  # in an earlier one, its main clause's subject ("X's claim that…, Jo said. She…": Jo)
                    i, key = next((m for m in ranked if _main_subject(self.doc[m[0]])), ranked[0])
                    if subjects_only and not _main_subject(self.doc[i]) and any(
                            self.people[k].gender is None and _main_subject(self.doc[j]) for j, k in found):
                        return None  # the main subject, of no known gender, may be meant: the wider search
                if not key:
                    return self._person_before(self.doc[i], genders, window, depth + 1, subjects_only)
                return self.people[key]
            if sent.start == 0 or sent.start_char < self.skip_before:
                return None
            sent = self.doc[sent.start - 1].sent
        return None

    def person_with_role(self, token: Token, role: str) -> Person | None:
        """The latest person named with this role word before the token: "the senator" → "Senator Jo Smith"."""
        for i, key in reversed(self._mentions):
            if i < token.i and role in self.people[key].roles:
                return self.people[key]
        return None

    def role(self, token: Token, span: Span) -> str | None:
        """The role word of a definite phrase that names no one: "the spokesman", "the former senator"."""
        if token.pos_ != "NOUN" or any(t.pos_ == "PROPN" for t in span):
            return None
        if not any(t.lower_ in ("the", "this", "that") for t in span):
            return None
        return token.lemma_.lower()


REFLEXIVES = {"himself": "he", "herself": "she"}


def _bound_pronouns(name: Token) -> list[Token]:
    """Pronouns that can only be the subject's own: "Jo unveiled her plan", "Jo said she would run",
    "Jo praised himself"."""
    t = name
    while t.dep_ in ("compound", "flat") and t.head.i != t.i:
        t = t.head
    if t.dep_ != "nsubj":
        return []
    verb = t.head
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("dobj", "attr"):
            out += [p for p in c.children if p.dep_ == "poss" and p.lower_ in ("his", "her")]
        if c.dep_ == "dobj" and c.lower_ in REFLEXIVES:
            out.append(c)
    return out


def _subject_like(token: Token) -> bool:
    """A name standing as (part of) a subject: "Jo Smith said", "Senator Smith's campaign"."""
    t = token
    for _ in range(3):
        if t.dep_ in ("nsubj", "nsubjpass"):
            return True
        if t.dep_ not in ("compound", "poss", "appos", "flat") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _main_subject(name: Token) -> bool:
    """A name (or pronoun) that is, or heads, the subject of its sentence's main verb, or of the verb of
    saying that tells the sentence ("X happened, Jo said": Jo)."""
    t = name
    while t.dep_ in ("compound", "flat") and t.head.i != t.i:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass") and (t.head.dep_ == "ROOT" or t.head.lemma_.lower() in SPEECH_VERBS
                                                  and t.head.dep_ in ("parataxis", "ccomp"))


def _reported_self(name: Token) -> list[Token]:
    """The subject pronoun of what a speaker says of themselves, the first person turned into the third:
    "Jo said she would run", "Jo told reporters that he was staying"."""
    t = name
    while t.dep_ in ("compound", "flat") and t.head.i != t.i:
        t = t.head
    if t.dep_ != "nsubj" or t.head.lemma_.lower() not in SPEECH_VERBS:
        return []
    return [s for c in t.head.children if c.dep_ == "ccomp" for s in c.children
            if s.dep_ in ("nsubj", "nsubjpass") and s.lower_ in ("he", "she")]
