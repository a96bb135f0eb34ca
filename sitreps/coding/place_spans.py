"""Where place names may be in a parsed document: candidate spans, the cues that mark them, and their use.

Place names come from the knowledge base (countries), spaCy's GPE/LOC/FAC entities, names in capitals
(datelines inside the text) and cue patterns that catch villages spaCy tags as people or organisations
("the village of Kafr Nabl", "near Tal Abyad"). places.py resolves them through the gazetteer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import Place
from ..nlp.kbmatch import KBMatch
from .parsed import entities
from .place_conventions import bracketed_apart, hyphened, local_people, subdivision_after
from .place_words import (
    AGENCY_PARTICIPLES,
    AGREEMENT_NOUNS,
    APOSTROPHES,
    ATTACK_NOUNS,
    DATELINE_MARKS,
    ENTITY_LABELS,
    FAITHS,
    GROUND_VERBS,
    HOME_NOUNS,
    LOCATIVE_PREPS,
    NAME_LABELS,
    NAME_PARTICLES,
    NOT_PLACES,
    NUMERIC_LABELS,
    OF_CUES,
    OF_PEOPLE,
    ORG_WORDS,
    PEOPLE_NOUNS,
    PLACE_CUES,
    PLACE_GENERICS,
    PLACE_HEADS,
    PLACE_NOUNS,
    PLACE_PREPS,
    TITLES,
)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start_token: int
    end_token: int
    place: Place


def name_use(token: Token) -> str:
    """How a place name is used: "literal" (in Aleppo, a Mogadishu cafe), "metonymic" (Moscow said),
    or "adjectival" (a U.S. official, Russian jets)."""
    if token.dep_ in ("nsubj", "nsubjpass", "agent") \
            or token.dep_ == "pobj" and token.head.dep_ == "agent" and token.head.lower_ == "by":
        return "metonymic"  # "Moscow said", "captured by Israel": who did it, not where
    if token.dep_ == "pobj" and token.head.lower_ in ("of", "from") and token.head.head.ent_type_ == "PERSON" \
            or token.head.lower_ == "from" and token.head.head.pos_ in ("NOUN", "PRON", "NUM", "PROPN"):
        return "adjectival"  # "Ricardo Munguia of El Salvador", "a U.N. worker from Poland": where people are from
    if token.head.lower_ in AGENCY_PARTICIPLES and token.head.i > token.i:
        return "metonymic"  # "Moscow-backed fighters": backed by Moscow's government, not fighting in Moscow
    if token.dep_ in ("compound", "amod", "nmod", "poss"):
        head = token.head
        if head.lemma_.lower() in AGREEMENT_NOUNS or head.lower_ in AGREEMENT_NOUNS:
            return "adjectival"  # "the Minsk truce": the name of an agreement, not a place of the event
        if head.lemma_.lower() in PLACE_CUES or head.lemma_.lower() in PLACE_HEADS | HOME_NOUNS \
                or head.ent_type_ in ("GPE", "LOC", "FAC"):
            return "literal"  # "the Idlib countryside", "Syria's Idlib province", "Bethlehem's church"
        if head.lemma_.lower() in PEOPLE_NOUNS or head.lower_ in PEOPLE_NOUNS \
                or head.ent_type_ in ("PERSON", "ORG", "NORP"):  # "US soldiers": lemma "soldier"
            return "adjectival"
        return "literal" if token.dep_ != "poss" else "adjectival"
    return "literal"


def _capital_runs(doc: Doc, taken: set[int]) -> list[NameSpan]:
    """Names written in capitals that spaCy rarely tags as places: a dateline inside the text ("BOSTON
    (Reuters) -", "TORONTO —", "ALBUQUERQUE, N.M."), used as "dateline", or a cued one ("District of
    FLORIDA"). Each is resolved like an untagged name ("weak"): only a large place under its own name."""
    out = []
    i = 0
    while i < len(doc):
        if not _shouted_word(doc[i]) or i in taken:
            i += 1
            continue
        end = i
        while end < len(doc) and _shouted_word(doc[end]) and end not in taken:
            end += 1
        letters = sum(len(t) for t in doc[i:end])
        after = doc[end].text if end < len(doc) else ""
        first = i == 0 or "\n" in doc[i - 1].text or doc[i - 1].is_sent_end or doc[i - 1].text in (".", "&")
        if letters >= 4 and end - i <= 3:
            if after in DATELINE_MARKS and (first or after != "-"):
                out.append(NameSpan(i, end, "caps", "dateline", False, within=_qualifier(doc, end)))
            elif cue_marks(doc[end - 1]):
                out.append(NameSpan(i, end, "caps", name_use(doc[end - 1]), True))
        i = end
    return out


def _qualifier(doc: Doc, comma: int) -> str | None:
    """The state or country written after a dateline's comma ("ALLENDALE, N.J. -": "N.J."), if any."""
    if comma + 1 >= len(doc) or doc[comma].text != ",":
        return None
    end = comma + 1
    while end < len(doc) and end - comma <= 3 and (doc[end].text[:1].isupper() or doc[end].text == "."):
        end += 1
    return doc[comma + 1:end].text if end > comma + 1 else None


def title_word(token: Token) -> bool:
    """A word in title case, an apostrophe inside it allowed: "Sa’eed", "Ma’an", "Al-‘Eiss"."""
    return token.text[:1].isupper() and APOSTROPHES.sub("", token.text).istitle()


def headed_name(words: Span) -> bool:
    """Whether a name of two or more words is a place by its own words: a place word ends it ("Bama Town",
    "Heart Hospital") or a word for a kind of place begins it ("Jabal al-Sayyid", "Kafr Nabuda", "Mount Sinjar")."""
    named = [w for w in words if APOSTROPHES.sub("", w.text).isalpha()]
    return len(named) > 1 and (named[-1].lower_ in PLACE_HEADS or named[0].lower_ in PLACE_GENERICS
                               and named[0].text[:1].isupper())


def _shouted_word(token: Token) -> bool:
    return token.is_alpha and token.is_upper and len(token) >= 2


def _named_like_a_word(token: Token) -> bool:
    """A capitalised word spaCy took for an adjective or a common noun, inside a sentence, before a place noun
    it describes: "the southern Aleppo districts", "the Durres suburbs"."""
    return token.pos_ in ("ADJ", "NOUN") and not token.is_sent_start and token.dep_ in ("amod", "compound") \
        and token.head.lemma_.lower() in PLACE_NOUNS and not token.is_upper


def _unthe(doc: Doc, start: int) -> int:
    """Where a name starts without its article: "the EU" starts at "EU"."""
    return start + 1 if doc[start].lower_ == "the" else start


def cue_marks(token: Token, depth: int = 0) -> bool:
    """A capitalised name after a place cue: "the village of X", "in X", "X province"; or one joined to
    such a name ("the towns of Khan Touman, Aleis and Alzorba")."""
    head = token.head
    if token.dep_ == "conj" and head.i != token.i and depth < 6 and head.pos_ == "PROPN":
        return cue_marks(head, depth + 1)
    if head.dep_ == "prep" and head.lower_ == "of" and _of_cue(head):
        return True
    if head.dep_ == "prep" and head.lower_ in PLACE_PREPS:
        return True
    if token.dep_ == "compound" and head.lemma_.lower() in PLACE_CUES:  # "the Idlib countryside"
        return True
    if token.dep_ == "poss" and head.lemma_.lower() in PLACE_NOUNS:  # "Bethlehem's Church"
        return True
    if local_named(token, depth):
        return True  # "Nyeri residents", "Kasarani sub-county", "in Rongo, Homa Bay"
    return any(c.lemma_.lower() in PLACE_CUES for c in token.rights)


def local_named(token: Token, depth: int = 0) -> bool:
    """Whether a name is marked as a place by a convention that makes it a local one, a part of a place the
    report is about: "Nyeri residents", "Kasarani sub-county", "in Rongo, Homa Bay"."""
    return local_people(token) or subdivision_after(token) or division_of(token, depth)


def division_of(token: Token, depth: int = 0) -> bool:
    """The division written after a place, set off by a comma or in brackets: "in Rongo, Homa Bay", "residents
    of Kapkwen (Bomet)", "in Ndithini village (Kitui)": the larger place the first one lies in, a naming
    convention of short reports."""
    head = token.head
    if token.dep_ != "appos" or head.i == token.i or head.i > token.i or depth >= 6 \
            or head.pos_ != "PROPN" and head.lemma_.lower() not in PLACE_NOUNS:  # "in Ndithini village (Kitui)"
        return False
    doc = token.doc
    first = token.i
    while first > head.i + 2 and (doc[first - 1].pos_ == "PROPN" or doc[first - 1].text == "-"
                                  and not doc[first - 2].whitespace_ and not doc[first - 1].whitespace_):
        first -= 1  # "Homa Bay", "Sud-Kivu"
    if doc[first - 1].text not in (",", "(") or first - 1 != head.i + 1 \
            or head.pos_ != "PROPN" and (doc[first - 1].text != "(" or head.tag_ == "NNS"):
        return False  # not a list: "in 44 states, Washington"
    return cue_marks(head, depth + 1)


def _of_cue(prep: Token) -> bool:
    """Whether the noun an "of" hangs from marks a place: "the village of X", "the rebel-held town of X"."""
    noun = prep.head
    return noun.lemma_.lower() in OF_CUES or noun.lower_.rsplit("-", 1)[-1] in OF_CUES \
        or noun.is_lower and noun.lemma_ in OF_PEOPLE


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A possible place name: its tokens, where it came from, how it is used and whether a cue marks it."""

    start: int
    end: int
    kind: str  # "country" (a KB country, by name or demonym), "name", "entity" (an ORG/PERSON/NORP label),
    # "weak" (an untagged proper noun), "region" (a KB body such as the EU, kept only as a region), "person"
    # (a PERSON label on more than one word: a place only as a division or country of the article's countries),
    # "caps" (a name in capitals: a dateline inside the text, or a cued one; taken only as a large place)
    use: str
    cued: bool
    code: str | None = None  # the ISO3 of the KB country, or of the country whose capital the name is
    demonym: bool = False  # "Syrian", "European": the people's word, not the place's name
    within: str | None = None  # the state or country written after it ("ALLENDALE, N.J."), to narrow it by


def candidate_spans(doc: Doc, kb_matches: Sequence[KBMatch]) -> list[NameSpan]:
    """Every possible place name in the document."""
    taken: set[int] = set()
    out: list[NameSpan] = []
    surnames = {e[-1].lower_ for e in entities(doc) if e.label_ == "PERSON" and len(e) > 1}
    people = {i for e in entities(doc) if e.label_ == "PERSON" and (len(e) > 1 or _titled(doc, e)
                                                                or e.text.lower() in surnames)
              for i in range(e.start, e.end)}  # "Lewis Hamilton", "Hamilton said": not Bermuda's capital
    named_places = [e for e in entities(doc) if e.label_ in ("GPE", "LOC", "FAC") or (
        e.label_ == "ORG" and e[-1].lower_ in PLACE_HEADS)]
    for m in kb_matches:
        if m.form != "name" and any(e.start <= m.start_token and m.end_token <= e.end and len(e) > m.end_token -
                                    m.start_token for e in named_places):
            continue  # "the French Quarter", "Russian Hill": a place's own name, not France's people
        root = doc[m.start_token:m.end_token].root
        use, cued = name_use(root), cue_marks(root)
        if m.entry.kind == "country" and m.entry.code:  # "Syria", and "Syrian" as an adjectival mention of it
            demonym = m.form != "name"
            out.append(NameSpan(m.start_token, m.end_token, "country", "adjectival" if demonym else use, cued,
                             m.entry.code, demonym))
        elif m.entry.kind == "capital" and doc[m.end_token - 1].text[:1].isupper() \
                and not m.text.lower().startswith("the ") \
                and m.start_token not in people:
            out.append(NameSpan(m.start_token, m.end_token, "name", use, cued, m.entry.code))  # "Kyiv said": metonymic
        elif m.entry.kind == "igo" and m.form == "name" and bare_name(m.text)[:1].isupper():
            out.append(NameSpan(_unthe(doc, m.start_token), m.end_token, "region",
                             use if use != "literal" else "metonymic", cued))
            # "EU leaders", "the EU": a union of countries, where the gazetteer has it as a region
        elif any(e.start <= m.start_token and m.end_token <= e.end and len(e) > m.end_token - m.start_token
                 for e in named_places) or noun_cued(root):
            continue  # "Sadr City", "the Al-Assad Suburb", "the Al-Assad and Minyan suburbs": a place named after one
        taken.update(range(m.start_token, m.end_token))
    for span in _capital_runs(doc, taken):
        out.append(span)
        taken.update(range(span.start, span.end))
    for whole in bracketed_apart(doc):
        if any(i in taken for i in range(whole.start, whole.end)):
            continue
        end = next((t.i for t in whole[1:] if t.like_num), whole.end)  # "Sabr 20 kilometers": "Sabr"
        cut = end != whole.end
        while end - whole.start > 1 and (doc[end - 1].text in (".", ",", ";", ":") or doc[end - 1].is_space):
            end -= 1  # "Hazrama.\n", "Dangora,": an entity that runs on over the stop or comma
        ent = doc[whole.start:end]
        label = whole.label_ if not cut or whole.label_ in ("GPE", "LOC", "FAC", *ENTITY_LABELS) \
            else "GPE" if whole.label_ not in NUMERIC_LABELS and cue_marks(ent.root) else ""
        if label in ("GPE", "LOC", "FAC") or (label in (*ENTITY_LABELS, *NAME_LABELS) and cue_marks(ent.root)):
            out.append(NameSpan(ent.start, ent.end, "name", name_use(ent.root), cue_marks(ent.root)))  # "in Chattanooga" (PRODUCT)
        elif label in ENTITY_LABELS and bare_name(ent.text)[:1].isupper() and not personal_name(doc, whole):
            norp = label == "NORP" and not noun_cued(ent.root)  # "the Tarmiyah pumping station": a place
            out.append(NameSpan(ent.start, ent.end, "entity", "adjectival" if norp else name_use(ent.root), False,
                             demonym=norp))  # "Colombo's business district" (ORG)
        elif label == "PERSON" and len(ent) > 1 and not _titled(doc, ent) and all(title_word(t) for t in ent):
            out.append(NameSpan(ent.start, ent.end, "person", name_use(ent.root), False))  # "Tamil Nadu said"
        elif label in ENTITY_LABELS and headed_name(ent):
            out.append(NameSpan(ent.start, ent.end, "entity", name_use(ent.root), False))  # "captured Jabal al-Sayyid"
        else:
            continue
        taken.update(range(ent.start, ent.end))
    for t in doc:  # proper nouns spaCy did not tag, after a cue
        if t.i in taken or t.ent_type_ or not title_word(t) or t.pos_ != "PROPN" and not _named_like_a_word(t):
            continue
        start = t.i
        while start > 0 and (doc[start - 1].pos_ == "PROPN" and doc[start - 1].i not in taken
                             and not doc[start - 1].ent_type_ or hyphened(doc, start - 2, taken)):
            start -= 1 if doc[start - 1].pos_ == "PROPN" else 2
        if t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and not doc[t.i + 1].ent_type_ \
                or hyphened(doc, t.i, taken):
            continue  # the run goes on: take it at its last word ("Sud-Kivu": "Sud", "-", "Kivu")
        if cue_marks(t):
            out.append(NameSpan(start, t.i + 1, "name", "literal", True))
        elif name_use(t) == "literal" and len(doc[start:t.i + 1].text) >= 4 and not t.like_num \
                and t.lower_.rstrip(".") not in NOT_PLACES:
            out.append(NameSpan(start, t.i + 1, "weak", "literal", False))  # "shelled Aleppo", untagged
        taken.update(range(start, t.i + 1))
    return sorted(out, key=lambda s: (s.start, s.end))


def bare_name(text: str) -> str:
    """A name without a leading article: "the Heart Hospital" → "Heart Hospital"."""
    return text.removeprefix("the ").removeprefix("The ")


def personal_name(doc: Doc, ent: Span) -> bool:
    """Whether a PERSON-labelled name is a person's: a title before it, the subject or object of a verb, or
    the last name of a longer person named in the article ("Lewis Hamilton" … "Hamilton said")."""
    if ent.label_ != "PERSON":
        return False
    if _titled(doc, ent) or len(ent) > 1:
        return True
    if (ent.root.dep_ in ("nsubj", "nsubjpass", "dobj", "conj") and not _taken_ground(ent.root)) or (
            ent.root.dep_ == "appos" and ent.root.head.lemma_.lower() not in OF_CUES):
        return True
    last = ent.text.lower()
    return any(e.label_ == "PERSON" and len(e) > 1 and e[-1].lower_ == last for e in entities(doc))


def _taken_ground(token: Token) -> bool:
    """Whether a name is what a verb of taking or holding ground acts on: "entered Jarabulus", "stormed X",
    "X was shelled", "patrolled X" (or a name joined to such a one)."""
    while token.dep_ == "conj" and token.head.i != token.i and token.head.pos_ == "PROPN":
        token = token.head
    return token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB" \
        and token.head.lemma_.lower() in GROUND_VERBS


def _titled(doc: Doc, ent: Span) -> bool:
    return ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in TITLES


def unknown_place(doc: Doc, span: NameSpan, name: str) -> bool:
    """Whether a name is a place even where the gazetteer lacks it: spaCy calls it a GPE, LOC or FAC, a
    place cue marks it ("the village of X", "X district", "attacked in X"), or a place word ends it
    ("Heart Hospital"); never an acronym, a person's name or an organisation's ("Free Syrian Army")."""
    if span.kind in ("country", "region") or span.demonym:
        return False
    words = doc[span.start:span.end]
    lowered = [w.lower_ for w in words]
    headed = headed_name(words)
    if span.start > 0 and doc[span.start - 1].pos_ == "PROPN" and doc[span.start - 1].ent_type_:
        return False  # the tail of a longer name: "High School" of "Marjory Stoneman Douglas High School"
    last = words[-1].text
    if not (last[:1].isupper() or headed) or "-" in last and last.rsplit("-", 1)[-1][:1].islower():
        return False  # "Deir Hafer and", "the Ahmad Madobe-led"
    if any(w in ORG_WORDS for w in lowered) and not headed:
        return False
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 3 or (not any(ch.islower() for ch in letters) and len(letters) <= 5 and not headed):
        return False  # "ISIS", "SAA"
    if len(words) == 1 and lowered[0].rstrip(".") in NOT_PLACES or lowered[-1] in NAME_PARTICLES:
        return False
    labels = {w.ent_type_ for w in words} - {""}
    if labels & NUMERIC_LABELS:
        return False
    if labels & {"WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "LANGUAGE"} and not (headed or noun_cued(words.root)):
        return False  # "the town of Souran" is still a place where spaCy calls it a product
    if headed:
        return True
    root = words.root
    if labels & {"GPE", "LOC", "FAC"} and not labels & {"PERSON", "ORG", "NORP"} and (
            len(words) > 1 or root.dep_ == "appos"):
        return True  # other one-word names must be cued: "supplied by Hagai", "shot Oudeh" are men spaCy calls GPEs
    if "PERSON" in labels and personal_name(doc, doc[span.start:span.end]):
        return False
    if labels == {"NORP"} and (lowered[0] in FAITHS or not noun_cued(root)):
        return False  # "a mostly Shia neighbourhood": a people, not a place
    return _place_cued(root)


def _place_cued(token: Token, depth: int = 0) -> bool:
    """A stricter ``cue_marks``: a place noun ("the village of X", "X district", "Mogadishu's X district"), a
    locative preposition ("in X", "near X"), or a name joined to one so cued."""
    head = token.head
    if token.dep_ == "conj" and head.i != token.i and depth < 6 and head.pos_ == "PROPN":
        return _place_cued(head, depth + 1)
    if head.dep_ == "prep" and head.lower_ in LOCATIVE_PREPS or _taken_ground(token):
        return True
    if head.dep_ == "prep" and head.lower_ in ("on", "against") and (
            head.head.lemma_.lower() in ATTACK_NOUNS
            or any(c.dep_ == "dobj" and c.lemma_.lower() in ATTACK_NOUNS for c in head.head.children)):
        return True  # "the assault on Kulbus", "staged the assault on Kulbus"
    return noun_cued(token)


def noun_cued(token: Token, depth: int = 0) -> bool:
    """A place noun marks the name: "the village of X", "X district", "Treskavica mountain", "his X residence",
    "villages like X", "four villages: X, Y and Z"; or one joined to such a name ("the X and Y suburbs")."""
    head = token.head
    if head.dep_ == "prep" and head.lower_ == "of" and _of_cue(head):
        return True
    if token.dep_ in ("compound", "nmod", "appos") and head.lemma_.lower() in PLACE_NOUNS | HOME_NOUNS:
        return True
    if any(c.lemma_.lower() in PLACE_NOUNS for c in token.rights) or local_people(token) \
            or subdivision_after(token):
        return True
    if head.dep_ == "prep" and head.lower_ in ("like", "including", "as") and token.dep_ == "pobj":
        noun = head.head.head if head.head.lower_ == "such" else head.head
        if noun.tag_ == "NNS" and noun.lemma_.lower() in PLACE_NOUNS:
            return True  # "villages like X", "the rivers, including the X", "towns such as X"
    if _listed_after_place_noun(token):
        return True
    if token.dep_ == "conj" and head.i != token.i and depth < 6 and head.pos_ == "PROPN":
        return noun_cued(head, depth + 1)
    return False


def _listed_after_place_noun(token: Token) -> bool:
    """The first of a list that a plural place noun announces: "raided four villages: X, Y and Z", "two
    eastern towns, X and Y"."""
    doc, i = token.doc, token.i
    while i > 0 and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].text in ("-", "’", "'")):
        i -= 1
    return i > 1 and doc[i - 1].text in (":", ",") and doc[i - 2].tag_ == "NNS" \
        and doc[i - 2].lemma_.lower() in PLACE_NOUNS
