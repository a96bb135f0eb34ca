"""Place names in an article, each resolved to a gazetteer place with a precision and a reason.

Place names come from the knowledge base (countries), spaCy's GPE/LOC/FAC
entities, and cue patterns that catch villages spaCy tags as people or
organisations ("the village of Kafr Nabl", "near Tal Abyad"). Each is resolved
through the gazetteer with the article's countries as context. Which of them an
event happened in is chosen in event_place.py; datelines are read in datelines.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..geo import Gazetteer
from ..geo.gazetteer import Candidate, town_stem
from ..geo.names import normalise
from ..model import Place
from ..nlp.kbmatch import KBMatch

PLACE_PREPS = frozenset({"in", "near", "at", "outside", "around", "across", "inside", "into", "on", "from",
                         "to", "towards", "toward", "throughout", "over", "off", "within"})
PLACE_CUES = frozenset({"village", "town", "city", "district", "province", "governorate", "region",
                        "neighbourhood", "neighborhood", "suburb", "camp", "state", "county", "area",
                        "localities", "locality", "villages", "towns", "municipality", "oblast", "countryside",
                        "outskirts", "border", "coast", "frontier", "suburbs", "mountains", "hills", "valley",
                        "desert", "airport", "port", "front", "frontline", "streets", "centre", "center", "commune",
                        "township", "colony", "zone", "subdistrict", "sub-district", "prefecture",
                        "parish", "hamlet", "mountain", "hill", "river"})
# Nouns whose "of" introduces a place ("the hometown of Quetta", "the southern sector of Aleppo").
OF_CUES = PLACE_CUES | frozenset({"hometown", "sector", "capital", "birthplace", "stronghold", "enclave",
                                  "part", "parts", "heart", "edge", "entrance", "environs", "vicinity",
                                  "quarter", "island", "islands", "peninsula", "countryside", "south", "north",
                                  "east", "west", "outskirt", "city-state", "desert-city", "settlement", "hamlet",
                                  "community", "troublespot", "northeast", "northwest", "southeast", "southwest",
                                  "north-east", "north-west", "south-east", "south-west"})
# Common nouns whose "of" names the place their people live in or run: "residents of X", "the local council of X".
OF_PEOPLE = frozenset({"resident", "inhabitant", "villager", "native", "mayor", "governor", "council"})
# Capitalised words that are never taken as an untagged place: month and weekday abbreviations.
NOT_PLACES = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat "
                       "sun".split())
# Heads that make a place name a description of people: "a U.S. official", "Russian troops".
PEOPLE_NOUNS = frozenset("""
    official officials minister ministry forces force troops soldiers army military government president
    spokesman spokeswoman spokesperson diplomat diplomats envoy ambassador leader leaders authorities police
    officer officers lawmakers media newspaper agency company firm jets warplanes aircraft navy warships
    people citizens nationals national delegation team side counterpart counterparts fighters rebels
    militants separatists opposition regime administration cabinet parliament embassy consulate soldier
    fighter rebel militant separatist warplane jet warship citizen marine marines commander commanders
    journalist journalists worker workers contractor contractors""".split())
PRECISION_RANK = {"point": 0, "city": 1, "admin1": 2, "region": 3, "country": 4, "unknown": 5}
KIND_PRECISION = {"city": "city", "admin1": "admin1", "country": "country", "region": "region"}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start_token: int
    end_token: int
    place: Place


def _use(token: Token) -> str:
    """How a place name is used: "literal" (in Aleppo, a Mogadishu cafe), "metonymic" (Moscow said),
    or "adjectival" (a U.S. official, Russian jets)."""
    if token.dep_ in ("nsubj", "nsubjpass", "agent") \
            or token.dep_ == "pobj" and token.head.dep_ == "agent" and token.head.lower_ == "by":
        return "metonymic"  # "Moscow said", "captured by Israel": who did it, not where
    if token.dep_ == "pobj" and token.head.lower_ in ("of", "from") and token.head.head.ent_type_ == "PERSON" \
            or token.head.lower_ == "from" and token.head.head.pos_ in ("NOUN", "PRON", "NUM", "PROPN"):
        return "adjectival"  # "Ricardo Munguia of El Salvador", "a U.N. worker from Poland": where people are from
    if token.dep_ in ("compound", "amod", "nmod", "poss"):
        head = token.head
        if head.lemma_.lower() in PLACE_CUES or head.lemma_.lower() in PLACE_HEADS | HOME_NOUNS \
                or head.ent_type_ in ("GPE", "LOC", "FAC"):
            return "literal"  # "the Idlib countryside", "Syria's Idlib province", "Bethlehem's church"
        if head.lemma_.lower() in PEOPLE_NOUNS or head.lower_ in PEOPLE_NOUNS \
                or head.ent_type_ in ("PERSON", "ORG", "NORP"):  # "US soldiers": lemma "soldier"
            return "adjectival"
        return "literal" if token.dep_ != "poss" else "adjectival"
    return "literal"


def _capital_runs(doc: Doc, taken: set[int]) -> list[_Span]:
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
                out.append(_Span(i, end, "caps", "dateline", False, within=_qualifier(doc, end)))
            elif _cued(doc[end - 1]):
                out.append(_Span(i, end, "caps", _use(doc[end - 1]), True))
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


def _title(token: Token) -> bool:
    """A word in title case, an apostrophe inside it allowed: "Sa’eed", "Ma’an", "Al-‘Eiss"."""
    return token.text[:1].isupper() and APOSTROPHES.sub("", token.text).istitle()


APOSTROPHES = re.compile(r"[’'‘`ʼ]")


def _headed(words: Span) -> bool:
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


def _cued(token: Token, depth: int = 0) -> bool:
    """A capitalised name after a place cue: "the village of X", "in X", "X province"; or one joined to
    such a name ("the towns of Khan Touman, Aleis and Alzorba")."""
    head = token.head
    if token.dep_ == "conj" and head.i != token.i and depth < 6 and head.pos_ == "PROPN":
        return _cued(head, depth + 1)
    if head.dep_ == "prep" and head.lower_ == "of" and _of_cue(head):
        return True
    if head.dep_ == "prep" and head.lower_ in PLACE_PREPS:
        return True
    if token.dep_ == "compound" and head.lemma_.lower() in PLACE_CUES:  # "the Idlib countryside"
        return True
    if token.dep_ == "poss" and head.lemma_.lower() in PLACE_NOUNS:  # "Bethlehem's Church"
        return True
    return any(c.lemma_.lower() in PLACE_CUES for c in token.rights)


def _of_cue(prep: Token) -> bool:
    """Whether the noun an "of" hangs from marks a place: "the village of X", "the rebel-held town of X"."""
    noun = prep.head
    return noun.lemma_.lower() in OF_CUES or noun.lower_.rsplit("-", 1)[-1] in OF_CUES \
        or noun.is_lower and noun.lemma_ in OF_PEOPLE


@dataclass(frozen=True, slots=True)
class _Span:
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


def _candidate_spans(doc: Doc, kb_matches: Sequence[KBMatch]) -> list[_Span]:
    """Every possible place name in the document."""
    taken: set[int] = set()
    out: list[_Span] = []
    surnames = {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    people = {i for e in doc.ents if e.label_ == "PERSON" and (len(e) > 1 or _titled(doc, e)
                                                                or e.text.lower() in surnames)
              for i in range(e.start, e.end)}  # "Lewis Hamilton", "Hamilton said": not Bermuda's capital
    named_places = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") or (
        e.label_ == "ORG" and e[-1].lower_ in PLACE_HEADS)]
    for m in kb_matches:
        if m.form != "name" and any(e.start <= m.start_token and m.end_token <= e.end and len(e) > m.end_token -
                                    m.start_token for e in named_places):
            continue  # "the French Quarter", "Russian Hill": a place's own name, not France's people
        root = doc[m.start_token:m.end_token].root
        use, cued = _use(root), _cued(root)
        if m.entry.kind == "country" and m.entry.code:  # "Syria", and "Syrian" as an adjectival mention of it
            demonym = m.form != "name"
            out.append(_Span(m.start_token, m.end_token, "country", "adjectival" if demonym else use, cued,
                             m.entry.code, demonym))
        elif m.entry.kind == "capital" and doc[m.end_token - 1].text[:1].isupper() \
                and not m.text.lower().startswith("the ") \
                and m.start_token not in people:
            out.append(_Span(m.start_token, m.end_token, "name", use, cued, m.entry.code))  # "Kyiv said": metonymic
        elif m.entry.kind == "igo" and m.form == "name" and _bare(m.text)[:1].isupper():
            out.append(_Span(_unthe(doc, m.start_token), m.end_token, "region",
                             use if use != "literal" else "metonymic", cued))
            # "EU leaders", "the EU": a union of countries, where the gazetteer has it as a region
        elif any(e.start <= m.start_token and m.end_token <= e.end and len(e) > m.end_token - m.start_token
                 for e in named_places) or _noun_cued(root):
            continue  # "Sadr City", "the Al-Assad Suburb", "the Al-Assad and Minyan suburbs": a place named after one
        taken.update(range(m.start_token, m.end_token))
    for span in _capital_runs(doc, taken):
        out.append(span)
        taken.update(range(span.start, span.end))
    for whole in doc.ents:
        if any(i in taken for i in range(whole.start, whole.end)):
            continue
        end = next((t.i for t in whole[1:] if t.like_num), whole.end)  # "Sabr 20 kilometers": "Sabr"
        cut = end != whole.end
        while end - whole.start > 1 and (doc[end - 1].text in (".", ",", ";", ":") or doc[end - 1].is_space):
            end -= 1  # "Hazrama.\n", "Dangora,": an entity that runs on over the stop or comma
        ent = doc[whole.start:end]
        label = whole.label_ if not cut or whole.label_ in ("GPE", "LOC", "FAC", *ENTITY_LABELS) \
            else "GPE" if whole.label_ not in NUMERIC_LABELS and _cued(ent.root) else ""
        if label in ("GPE", "LOC", "FAC") or (label in (*ENTITY_LABELS, *NAME_LABELS) and _cued(ent.root)):
            out.append(_Span(ent.start, ent.end, "name", _use(ent.root), _cued(ent.root)))  # "in Chattanooga" (PRODUCT)
        elif label in ENTITY_LABELS and _bare(ent.text)[:1].isupper() and not _personal(doc, whole):
            norp = label == "NORP" and not _noun_cued(ent.root)  # "the Tarmiyah pumping station": a place
            out.append(_Span(ent.start, ent.end, "entity", "adjectival" if norp else _use(ent.root), False,
                             demonym=norp))  # "Colombo's business district" (ORG)
        elif label == "PERSON" and len(ent) > 1 and not _titled(doc, ent) and all(_title(t) for t in ent):
            out.append(_Span(ent.start, ent.end, "person", _use(ent.root), False))  # "Tamil Nadu said"
        elif label in ENTITY_LABELS and _headed(ent):
            out.append(_Span(ent.start, ent.end, "entity", _use(ent.root), False))  # "captured Jabal al-Sayyid"
        else:
            continue
        taken.update(range(ent.start, ent.end))
    for t in doc:  # proper nouns spaCy did not tag, after a cue
        if t.i in taken or t.ent_type_ or not _title(t) or t.pos_ != "PROPN" and not _named_like_a_word(t):
            continue
        start = t.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].i not in taken \
                and not doc[start - 1].ent_type_:
            start -= 1
        if t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and not doc[t.i + 1].ent_type_:
            continue  # the run goes on: take it at its last word
        if _cued(t):
            out.append(_Span(start, t.i + 1, "name", "literal", True))
        elif _use(t) == "literal" and len(doc[start:t.i + 1].text) >= 4 and not t.like_num \
                and t.lower_.rstrip(".") not in NOT_PLACES:
            out.append(_Span(start, t.i + 1, "weak", "literal", False))  # "shelled Aleppo", untagged
        taken.update(range(start, t.i + 1))
    return sorted(out, key=lambda s: (s.start, s.end))


ENTITY_LABELS = ("ORG", "PERSON", "NORP", "LANGUAGE")
DATELINE_MARKS = frozenset({",", "(", "—", "–", "-", "--", ":"})  # what follows the place of a dateline
NAME_LABELS = ("PRODUCT", "WORK_OF_ART", "EVENT", "LAW")  # names spaCy mislabels; places where a cue marks them
NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
# Last words that make a name a place even where spaCy calls it an organisation: "Heart Hospital",
# "Al-Rasoul Checkpoint", "Jazal Mountains", "Royal Street".
PLACE_HEADS = frozenset("""
    street road avenue boulevard lane square highway hospital airport airbase base camp district suburb
    quarter neighbourhood neighborhood mountains mountain hill hills heights river valley farms farm checkpoint
    prison jail plant bridge market mosque church cathedral basilica temple shrine school university college
    stadium station junction crossing village town city province county governorate region island islands
    lake beach park port harbour harbor dam field fields forest forests desert palace hotel tower compound
    complex gate canal plaza roundabout theater theatre zone township commune colony auditorium""".split())
PLACE_NOUNS = PLACE_CUES | PLACE_HEADS  # every noun that marks the name beside it as a place
# Words for a kind of place that begin a place's name, in English and in the Arabic names news transliterates
# (kafr: village, jabal: mountain, deir: monastery, khirbet: ruin, wadi: valley, tell: mound, beit: house).
PLACE_GENERICS = frozenset("""
    mount lake fort cape kafr kfar jabal jebel jbel deir khirbet khirbat wadi tell beit""".split())
# Words that are the whole name of some division or town but, capitalised alone in a longer name or in
# running text, rarely mean it: "the Centre" (India's government), "the Western Trust", "Capital One".
GENERIC_NAMES = PLACE_NOUNS | frozenset("""
    north south east west northern southern eastern western central upper lower greater new old great
    national federal royal general grand united international independent independence union liberty
    capital metropolitan republic kingdom""".split())
# Those of them that name a building or a way, not a locality: an event is put at the town named with them
# ("at Ershad Mosque in north Tehran") rather than at the building, and at the building rather than its province.
FACILITY_HEADS = frozenset("""
    street road avenue boulevard lane square highway hospital airport airbase base checkpoint prison jail plant
    bridge market mosque church cathedral basilica temple shrine school university college stadium station
    junction crossing park port harbour harbor dam palace hotel tower compound complex gate canal plaza
    roundabout theater theatre""".split())
# Places people live in: "his Moscow home", "Baghdad's main bridges", "their suburban Charlotte home".
HOME_NOUNS = frozenset({"home", "house", "residence", "apartment", "flat", "streets", "courtyard", "building",
                        "neighbourhood", "neighborhood", "restaurant", "cafe", "shop", "farm"})
# Faiths and sects, which spaCy calls NORP like the villages it does not know: "a mostly Shia neighbourhood".
FAITHS = frozenset("""shia shiite shi'ite sunni alawite druze christian christians muslim muslims jewish catholic
    protestant orthodox hindu buddhist sikh coptic yazidi""".split())
# Nouns of attack whose "on" or "against" names the place attacked: "the assault on Kulbus".
ATTACK_NOUNS = frozenset({"attack", "assault", "raid", "strike", "airstrike", "offensive", "bombardment",
                          "bombing", "shelling", "push", "advance", "march", "incursion", "siege"})
# Words that make a name an organisation's, not a place's, unless a place word ends it.
ORG_WORDS = frozenset("""
    army forces force party front brigade brigades division battalion regiment corps council ministry agency
    news committee group organization organisation union movement police court bank company inc ltd corp
    association federation commission institute foundation network times post press radio tv television
    league club team authority office department government state-run tribe tribes clan clans convention
    parliament assembly congress senate""".split())
# Particles that cannot end a name: "Jabal Al" is the start of one ("Jabal Al-Akrad") cut short.
NAME_PARTICLES = frozenset("al el ad as ash ar an bin ibn abu umm de la del di da van von".split())
# Prepositions that put what follows somewhere ("in", "at", "near"), unlike "to", "from", "on".
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "throughout", "within",
                            "into", "towards", "toward", "between", "beyond", "along"})
UNRESOLVED = "not in the gazetteer"  # how the reason of a place name the gazetteer lacks begins
# … and how it goes on where the point comes from the article at large, not from the name's own sentence
# (or only from a country), or where the gazetteer has small namesakes abroad: `sitreps places` leaves these out
MAIN_PLACE, ABROAD = "the place the article names most", "small namesakes abroad"
ARTICLE_WIDE = (MAIN_PLACE, "the article's country", "no place to put it in", "the country named in its sentence",
                ABROAD)


def placed_by_article(place: Place) -> bool:
    """Whether a name the gazetteer lacks got its point only from the article at large (``ARTICLE_WIDE``),
    as `sitreps places` leaves out: all but a street, a building or another name a place noun ends ("Royal
    Street", "Barclays Center", "Torkula village") placed at the place the article names most, which is
    where such a name most often lies."""
    reason = place.reason
    if not reason.startswith(UNRESOLVED) or not any(w in reason for w in ARTICLE_WIDE):
        return False
    headed = place.text.rsplit(" ", 1)[-1].lower() in PLACE_NOUNS
    return not (headed and MAIN_PLACE in reason and ABROAD not in reason)


DEMONYM = "is a demonym of"  # how the reason of a place found through its demonym reads
TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "gen", "general", "col", "colonel", "president",
                    "minister", "sheikh", "imam", "judge", "prof", "professor", "rev", "father", "brother", "sister"})


def _bare(text: str) -> str:
    """A name without a leading article: "the Heart Hospital" → "Heart Hospital"."""
    return text.removeprefix("the ").removeprefix("The ")


def _personal(doc: Doc, ent: Span) -> bool:
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
    return any(e.label_ == "PERSON" and len(e) > 1 and e[-1].lower_ == last for e in doc.ents)


def _taken_ground(token: Token) -> bool:
    """Whether a name is what a verb of taking or holding ground acts on: "entered Jarabulus", "stormed X",
    "X was shelled", "patrolled X" (or a name joined to such a one)."""
    while token.dep_ == "conj" and token.head.i != token.i and token.head.pos_ == "PROPN":
        token = token.head
    return token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB" \
        and token.head.lemma_.lower() in GROUND_VERBS


# Verbs whose object is ground entered, held or struck: a place, not the people in it (not "capture", "seize" or
# "encircle": people are captured and encircled as often as towns).
GROUND_VERBS = frozenset("""
    enter storm overrun besiege occupy shell bombard patrol invade""".split())


def _titled(doc: Doc, ent: Span) -> bool:
    return ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in TITLES


FOREIGN_TOWN = 100_000  # below this, a town outside the article's countries is not taken …
CUED_FOREIGN_TOWN = 10_000  # … unless a cue marks it ("in Tikrit") and it dwarfs its namesakes
DOMINANT = 5  # how many times larger than every namesake a town must be to be the one meant abroad
ENTITY_TOWN = 100_000  # a name spaCy labels ORG or PERSON is taken as a town only when it is this large
ENTITY_CITY = 1_000_000  # … and under a name that is not its own only when it is this large
DIVISION_SUFFIX = re.compile(r"\s+(province|governorate|region|oblast|district|state|county|city|town)$", re.I)
WEAK_TOWN = 50_000  # below this, a proper noun spaCy did not tag and no cue marks is not taken as a place
DIVISION_WORDS = frozenset({"province", "governorate", "region", "oblast", "district", "state", "county"})


def find_place_mentions(doc: Doc, kb_matches: Sequence[KBMatch], gazetteer: Gazetteer,
                        countries: Sequence[str], *, demonyms: bool = False,
                        unresolved: bool = True) -> list[PlaceMention]:
    """Every place name in the document that the gazetteer resolves, each with its use; with ``demonyms``,
    also the places named through their people's word ("Syrian", "European"), as adjectival uses; with
    ``unresolved``, also the names that are places by their label or cue but that the gazetteer lacks
    (villages, districts, streets, facilities: "the village of Mainok", "Heart Hospital"), placed at the
    place they lie in (see ``_unresolved_mentions``).

    Two passes: a small town outside ``countries`` (the countries the article names) is left out at first;
    the countries of the places resolved in the first pass then join the context ("in Tikrit" in a story
    that names only the USA, but also Baghdad), and the names left out are tried again.
    """
    spans: list[tuple[_Span, str]] = []
    for span in _candidate_spans(doc, kb_matches):
        if span.demonym and not demonyms:
            continue
        while span.end - span.start > 1 and doc[span.end - 1].lower_ in ("'s", "’s", "'", "’"):
            span = replace(span, end=span.end - 1)  # "Pattani province's capital"
        if span.kind != "country" and span.end < len(doc) and doc[span.end].lower_ in DIVISION_WORDS:
            span = replace(span, end=span.end + 1)  # "Idlib province" asks for the division
        words = doc[span.start:span.end]
        first = next((w.i for w in words if w.text[:1].isupper()), span.start)
        name = doc[first:span.end].text if span.kind != "country" else _bare(words.text)  # "east Jerusalem"
        if name and name[0].isupper():
            spans.append((span, name))
    bases = {name: DIVISION_SUFFIX.sub("", name) for _, name in spans}
    lacking = [(s, n) for s, n in spans if unresolved and _unknown_place(doc, s, n)]
    inner = [t for s, _ in lacking for t in _inner_runs(doc, s)]  # asked now, so that one query serves all
    known = gazetteer.candidates([*bases, *bases.values(), *inner])  # one query; most names are not places
    spans = [(s, n) for s, n in spans if s.kind == "country" or known.get(n) or known.get(bases[n])
             or gazetteer.ap_state(n)]
    listed = {s.start for s, _ in spans}  # the names the gazetteer has some place of
    out: dict[int, PlaceMention] = {}
    alone = _named_only_by_capital(kb_matches)
    for code, capital in alone.items():  # "Victoria" in a Canadian story: the Seychelles are not its context
        resolved = gazetteer.resolve(capital, countries=[c for c in countries if c != code])
        if resolved is not None and resolved[0].country != code:
            countries = [c for c in countries if c != code]
    context = list(countries)
    for attempt in range(2):
        for span, name in spans:
            if span.start in out:
                continue
            own = [c for c in context if not (span.kind == "name" and c == span.code and alone.get(c) == normalise(name))]
            mention = _resolve_mention(doc, span, name, gazetteer, own, known.get(name) or [])
            if mention is not None:
                out[span.start] = mention
        more = [m.place.country for m in out.values() if m.place.country and m.place.country not in context]
        if not more:
            break
        if not context:
            _in_others_countries(doc, out, spans, gazetteer, known)
            more = [m.place.country for m in out.values() if m.place.country and m.place.country not in context]
        context += list(dict.fromkeys(more))
    found = _states_not_countries([out[k] for k in sorted(out)], gazetteer)
    abroad = {s.start for s, n in spans if s.start not in out and _abroad(s, n, gazetteer, context)}
    lacking = [(s, n) for s, n in lacking if s.start not in out]  # the gazetteer lacks it, has only small
    # namesakes abroad (a village), or has only namesakes its label rules out ("Bama Town": not Bama, a PERSON)
    ruled_out = {s.start for s, _ in lacking if s.start in listed and s.start not in abroad}
    if lacking:
        found = sorted(found + _unresolved_mentions(doc, lacking, found, gazetteer, countries, abroad, ruled_out),
                       key=lambda m: m.start_token)
    return found


def _in_others_countries(doc: Doc, out: dict[int, PlaceMention], spans: Sequence[tuple[_Span, str]],
                         gazetteer: Gazetteer, known: dict[str, list[Candidate]]) -> None:
    """Where the article names no country, a town found without one to go by is tried again among the
    countries of the other places found ("Gloucester" beside Cirencester and Cheltenham: the English city,
    not the larger one in Canada), and moved there when it has a namesake in them."""
    by_start = {span.start: (span, name) for span, name in spans}
    for start, mention in list(out.items()):
        if mention.place.precision not in ("city", "admin1") or start not in by_start:
            continue
        others = Counter(m.place.country for k, m in out.items() if k != start and m.place.country
                         and m.place.precision != "region"
                         and normalise(m.place.name) != normalise(mention.place.name))  # not its own repeats
        if not others or mention.place.country in others:
            continue
        span, name = by_start[start]
        again = _resolve_mention(doc, span, name, gazetteer, [c for c, _ in others.most_common()],
                                 known.get(name) or [])
        if again is not None and again.place.country in others:
            out[start] = again


def _unknown_place(doc: Doc, span: _Span, name: str) -> bool:
    """Whether a name is a place even where the gazetteer lacks it: spaCy calls it a GPE, LOC or FAC, a
    place cue marks it ("the village of X", "X district", "attacked in X"), or a place word ends it
    ("Heart Hospital"); never an acronym, a person's name or an organisation's ("Free Syrian Army")."""
    if span.kind in ("country", "region") or span.demonym:
        return False
    words = doc[span.start:span.end]
    lowered = [w.lower_ for w in words]
    headed = _headed(words)
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
    if labels & {"WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "LANGUAGE"} and not (headed or _noun_cued(words.root)):
        return False  # "the town of Souran" is still a place where spaCy calls it a product
    if headed:
        return True
    root = words.root
    if labels & {"GPE", "LOC", "FAC"} and not labels & {"PERSON", "ORG", "NORP"} and (
            len(words) > 1 or root.dep_ == "appos"):
        return True  # other one-word names must be cued: "supplied by Hagai", "shot Oudeh" are men spaCy calls GPEs
    if "PERSON" in labels and _personal(doc, doc[span.start:span.end]):
        return False
    if labels == {"NORP"} and (lowered[0] in FAITHS or not _noun_cued(root)):
        return False  # "a mostly Shia neighbourhood": a people, not a place
    return _place_cued(root)


def _place_cued(token: Token, depth: int = 0) -> bool:
    """A stricter ``_cued``: a place noun ("the village of X", "X district", "Mogadishu's X district"), a
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
    return _noun_cued(token)


def _noun_cued(token: Token, depth: int = 0) -> bool:
    """A place noun marks the name: "the village of X", "X district", "Treskavica mountain", "his X residence",
    "villages like X", "four villages: X, Y and Z"; or one joined to such a name ("the X and Y suburbs")."""
    head = token.head
    if head.dep_ == "prep" and head.lower_ == "of" and _of_cue(head):
        return True
    if token.dep_ in ("compound", "nmod", "appos") and head.lemma_.lower() in PLACE_NOUNS | HOME_NOUNS:
        return True
    if any(c.lemma_.lower() in PLACE_NOUNS for c in token.rights):
        return True
    if head.dep_ == "prep" and head.lower_ in ("like", "including", "as") and token.dep_ == "pobj":
        noun = head.head.head if head.head.lower_ == "such" else head.head
        if noun.tag_ == "NNS" and noun.lemma_.lower() in PLACE_NOUNS:
            return True  # "villages like X", "the rivers, including the X", "towns such as X"
    if _listed_after_place_noun(token):
        return True
    if token.dep_ == "conj" and head.i != token.i and depth < 6 and head.pos_ == "PROPN":
        return _noun_cued(head, depth + 1)
    return False


def _listed_after_place_noun(token: Token) -> bool:
    """The first of a list that a plural place noun announces: "raided four villages: X, Y and Z", "two
    eastern towns, X and Y"."""
    doc, i = token.doc, token.i
    while i > 0 and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].text in ("-", "’", "'")):
        i -= 1
    return i > 1 and doc[i - 1].text in (":", ",") and doc[i - 2].tag_ == "NNS" \
        and doc[i - 2].lemma_.lower() in PLACE_NOUNS


def _unresolved_mentions(doc: Doc, lacking: Sequence[tuple[_Span, str]], found: Sequence[PlaceMention],
                         gazetteer: Gazetteer, countries: Sequence[str], abroad: set[int] | None = None,
                         ruled_out: set[int] | None = None) -> list[PlaceMention]:
    """Place names the gazetteer lacks, each placed at the place it most likely lies in: a place named
    within it ("University of Alberta", "Deir Ezzor Military Airport"), else the nearest town or division
    named in its sentence, else the one the article names most in the country it names most, else that
    country (precision says which); no point where there is none. Those in ``ruled_out`` (names whose
    namesakes the gazetteer has but their label or words rule out: "Bama Town", "West Coast") are placed
    only at a place named in their sentence, else left out."""
    taken = {i for m in found for i in range(m.start_token, m.end_token)}
    resolved = [m for m in found if not m.place.reason.startswith(UNRESOLVED) and m.place.country
                and DEMONYM not in m.place.reason]  # "French" says whose, not where: not the article's country
    by_country = Counter(m.place.country for m in resolved)
    home = by_country.most_common(1)[0][0] if by_country else (countries[0] if countries else None)
    context = [c for c, _ in by_country.most_common()] + [c for c in countries if c not in by_country]
    local = [m for m in resolved if m.place.precision in ("city", "admin1") and m.place.lat is not None]
    counted = Counter((m.place.name, m.place.country) for m in local if m.place.country == home)
    main = max((m for m in local if m.place.country == home),
               key=lambda m: (counted[(m.place.name, m.place.country)], -m.start_token), default=None)
    whole = gazetteer.country(home) if home else None
    country = None if whole is None else Place(whole.name, whole.name, whole.country, None, whole.lat, whole.lon,
                                               whole.geonames_id, "country")
    inner = _inner_places(doc, [s for s, _ in lacking], gazetteer, context, resolved)
    out = []
    for span, _name in lacking:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        words = doc[span.start:span.end]
        sent = words.sent
        if span.start in (ruled_out or ()):
            near = [m for m in local if sent.start <= m.start_token < sent.end]
            if near:
                at = min(near, key=lambda m: abs(m.start_token - span.start)).place
                out.append(PlaceMention(span.start, span.end, Place(
                    words.text, words.text, at.country, at.admin1, at.lat, at.lon, None, at.precision,
                    f"{UNRESOLVED}; placed at {at.name}, the place named nearest it", words.start_char,
                    words.end_char, use=span.use)))
            continue
        near = [m for m in local if sent.start <= m.start_token < sent.end] or [
            m for m in resolved if sent.start <= m.start_token < sent.end and m.place.precision == "country"
            and m.place.use == "literal" and m.place.lat is not None
            and (_noun_cued(words.root) or words[-1].lower_ in PLACE_HEADS)]  # "the village of X in northern Syria"
        at: Place | None
        if span.start in inner:
            at = inner[span.start]
            why = f"placed at {at.name}, named within it"
        elif near:
            at = min(near, key=lambda m: abs(m.start_token - span.start)).place
            why = f"placed at {at.name}, the place named nearest it" if at.precision != "country" \
                else f"placed in {at.name}, the country named in its sentence"
        elif main is not None:
            at, why = main.place, f"placed at {main.place.name}, the place the article names most"
        elif country is not None:
            at, why = country, f"placed in {country.name}, the article's country"
        else:
            at, why = None, "no place to put it in"
        reason = f"{UNRESOLVED} (it has only small namesakes abroad); {why}" if span.start in (abroad or ()) \
            else f"{UNRESOLVED}; {why}"
        use = span.use if span.use != "adjectival" or words[-1].lower_ in PLACE_HEADS else "adjectival"
        if at is None:
            place = Place(words.text, words.text, None, None, None, None, None, "unknown", reason,
                          words.start_char, words.end_char, use=use)
        else:
            place = Place(words.text, words.text, at.country, at.admin1 if at.precision != "country" else None,
                          at.lat, at.lon, None, at.precision, reason, words.start_char, words.end_char, use=use)
        out.append(PlaceMention(span.start, span.end, place))
    return out


INNER_TOWN = 100_000  # a place named inside a longer name, outside the article's countries, must be this large


def _inner_runs(doc: Doc, span: _Span) -> list[str]:
    """The shorter runs of a name's capitalised words that may name a place, longest first."""
    words = list(doc[span.start:span.end])
    options = []
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            part = words[i:i + size]
            if not all(w.text[:1].isupper() and w.lower_ not in PLACE_HEADS and w.lower_ not in ORG_WORDS
                       and w.lower_.rstrip(".") not in NOT_PLACES for w in part):
                continue
            text = doc[part[0].i:part[-1].i + 1].text
            if len(text) >= 4:
                options.append(text)
    return options


def _inner_places(doc: Doc, spans: Sequence[_Span], gazetteer: Gazetteer, countries: Sequence[str],
                  found: Sequence[PlaceMention]) -> dict[int, Place]:
    """For names the gazetteer lacks, the place named by a shorter run of their words, longest first:
    "Colorado State University" → Colorado, "Dara'a Al-Balad District" → Dara'a. Only a place in the
    article's countries that is a division, a country, a town of ``INNER_TOWN`` people or one the article
    names on its own."""
    named = {normalise(m.place.name) for m in found} | {normalise(m.place.text) for m in found}
    runs = {span.start: _inner_runs(doc, span) for span in spans}
    known = gazetteer.candidates({t for options in runs.values() for t in options})  # asked with the names
    out: dict[int, Place] = {}
    for start, options in runs.items():
        for text in options:
            if not known.get(text):
                continue
            found = gazetteer.resolve(text, countries=countries)
            if found is None:
                continue
            cand = found[0]
            if cand.kind == "region" or cand.lat is None or cand.country not in countries or not (
                    cand.kind in ("country", "admin1") or cand.population >= INNER_TOWN or normalise(text) in named):
                continue
            out[start] = Place(text, cand.name, cand.country, cand.admin1, cand.lat, cand.lon, cand.geonames_id,
                               KIND_PRECISION.get(cand.kind, "unknown"))
            break
    return out


def _resolve_mention(doc: Doc, span: _Span, name: str, gazetteer: Gazetteer, countries: Sequence[str],
                     namesakes: Sequence[Candidate]) -> PlaceMention | None:
    if span.kind == "country":
        own = gazetteer.resolve(name, countries=[span.code or ""]) if not span.demonym else None
        if own is not None:
            return _mention(doc, span, own[0], own[1])  # "Scotland", "Crimea": a part the KB files under its country
        country = gazetteer.country(span.code or "")
        if country is None:
            return None
        text = doc[span.start:span.end].text
        return _mention(doc, span, country, f"'{text}' names a country")
    narrowed = gazetteer.resolve(f"{name}, {span.within}", countries=countries) if span.within else None
    if narrowed is not None and "after the comma" in narrowed[1]:
        return _mention(doc, span, *narrowed)  # "ALLENDALE, N.J.": the Allendale in New Jersey
    resolved = gazetteer.resolve(name, countries=countries)
    if resolved is None:
        return None
    cand, reason = resolved
    if span.kind == "region" and cand.kind != "region":
        return None
    if countries and cand.kind == "city" and cand.country not in countries and span.kind in ("name", "weak") \
            and cand.population >= FOREIGN_TOWN:  # a smaller town abroad is left out below
        lower = [c for c in countries if c in gazetteer.lower_division_countries(name)]
        whole = gazetteer.country(lower[0]) if lower else None
        if whole is not None:  # "Kent" in a story on the UK: the county, not the town in Washington state
            return _mention(doc, span, whole, f"'{name}' names a division below the first level of {whole.name}, "
                                              "a country named in the article")
    if countries and cand.country not in countries and (cand.kind == "city" or cand.kind == "admin1"
                                                        and cand.population > 0) \
            and cand.population < FOREIGN_TOWN and not (_dominant_abroad(span, cand, namesakes)
                                                        and not gazetteer.lower_division_countries(name) & set(countries)):
        return None  # a small namesake abroad is likelier a village the gazetteer lacks
    if all(w in GENERIC_NAMES for w in normalise(name).split()) and cand.country not in countries \
            and cand.kind in ("city", "admin1"):
        return None  # "the Centre" in a story about India is its government, not Haiti's Centre department
    if len(name) <= 2 and name.isupper() and normalise(name) != normalise(cand.name) \
            and cand.kind not in ("country", "admin1", "region"):
        return None  # "SA", "BC", "WA": a code that some town has among its alternate names
    if span.kind == "caps" and (normalise(cand.name) not in (normalise(name), town_stem(normalise(name)))
                                or cand.kind == "region"
                                or cand.kind == "city" and cand.population < WEAK_TOWN and not span.cued):
        return None  # "BOSTON", "CALAMBA CITY", not "NEWS" (a town somewhere that has it among its other names)
    if span.kind == "weak" and cand.kind == "city" and cand.population < WEAK_TOWN:
        return None  # an untagged, uncued name is taken only when it is a big place
    if span.kind == "entity" and not _entity_place(name, cand, countries):
        return None  # "Jordan" the person, "BA" the airline: only a large place of that very name
    if span.kind == "person" and not (cand.kind in ("country", "admin1") and cand.country in countries
                                      and normalise(name) == normalise(cand.name)):
        return None  # "Tamil Nadu said": a division of the article's countries under its own name, never a town
    return _mention(doc, span, cand, reason)


def _abroad(span: _Span, name: str, gazetteer: Gazetteer, countries: Sequence[str]) -> bool:
    """Whether a name resolves only to a small town outside the article's countries (see ``_resolve_mention``)."""
    if not countries or span.kind not in ("name", "weak", "entity"):
        return False
    resolved = gazetteer.resolve(name, countries=countries)
    if resolved is None:
        return True
    cand = resolved[0]
    return cand.country not in countries and (cand.kind == "city" or cand.kind == "admin1" and cand.population > 0) \
        and cand.population < FOREIGN_TOWN


def _entity_place(name: str, cand: Candidate, countries: Sequence[str] = ()) -> bool:
    """Whether a name spaCy labels ORG, PERSON or NORP is still taken as the place: a region, or a country,
    a division of the article's ``countries`` ("Karnataka said") or a large town whose own name it is
    ("Colombo's business district"), never an acronym ("BA", "MoD")."""
    if cand.kind == "region":
        return True
    if sum(ch.isupper() for ch in name) > 1 + name.count(" ") or len(name) < 4:
        return False
    own = normalise(name) == normalise(cand.name)
    if cand.kind == "city" and cand.population >= ENTITY_CITY and len(name) >= 5:
        return True  # "patrolled Katmandu": a great city under another spelling
    return own and (cand.kind == "country" or (cand.kind == "admin1" and cand.country in countries
                                               and normalise(name) not in GENERIC_NAMES)
                    or (cand.kind == "city" and cand.population >= ENTITY_TOWN))


def _dominant_abroad(span: _Span, cand: Candidate, namesakes: Sequence[Candidate]) -> bool:
    """Whether a town abroad is still the one meant: a cue marks the name ("in Tikrit") and the town is
    of some size and much larger than any other place of that name."""
    if not span.cued or cand.population < CUED_FOREIGN_TOWN:
        return False
    others = [c.population for c in namesakes if c.kind in ("city", "admin1") and c.geonames_id != cand.geonames_id
              and (c.name, c.country) != (cand.name, cand.country)]
    return all(cand.population >= DOMINANT * size for size in others)


def _mention(doc: Doc, span: _Span, cand: Candidate, reason: str) -> PlaceMention:
    words = doc[span.start:span.end]
    if span.demonym:
        reason = f"'{words.text}' {DEMONYM} {cand.name}"
    return place_mention(words, cand, reason, span.use)


def place_mention(words: Span, cand: Candidate, reason: str, use: str) -> PlaceMention:
    """The words resolved to a gazetteer place, with the reason and the use."""
    return PlaceMention(words.start, words.end, Place(
        words.text, cand.name, cand.country, cand.admin1, cand.lat, cand.lon, cand.geonames_id,
        KIND_PRECISION.get(cand.kind, "unknown"), reason, words.start_char, words.end_char, use=use))


def _states_not_countries(mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """"Georgia" in a story whose other places mostly lie in the USA is the state: a country name that is also
    a first-level division of the country most of the article's places lie in, where none lies in it."""
    located = Counter(m.place.country for m in mentions if m.place.country and m.place.precision != "country")
    out = []
    for m in mentions:
        place = m.place
        host, most = located.most_common(1)[0] if located else (None, 0)
        if place.precision == "country" and host and place.country not in located and most * 2 > sum(located.values()):
            divisions = [c for c in gazetteer.candidates([place.text]).get(place.text, [])
                         if c.kind == "admin1" and c.country == host and c.lat is not None]
            if divisions:
                d = divisions[0]
                place = replace(place, name=d.name, country=d.country, admin1=d.admin1, lat=d.lat, lon=d.lon,
                                geonames_id=d.geonames_id, precision="admin1",
                                reason=f"'{place.text}' names a first-level division of the country the "
                                       "article's other places lie in")
                m = replace(m, place=place)
        out.append(m)
    return out


def _named_only_by_capital(kb_matches: Sequence[KBMatch]) -> dict[str, str]:
    """The countries the article names only through one capital's name, with that name: "Victoria" alone
    does not make a story Seychellois, so it is resolved without the Seychelles as context."""
    names: dict[str, set[str]] = {}
    for m in kb_matches:
        if m.entry.kind in ("country", "capital") and m.entry.code:
            names.setdefault(m.entry.code, set()).add(normalise(m.text) if m.entry.kind == "capital" else "")
    return {code: next(iter(forms)) for code, forms in names.items() if len(forms) == 1 and "" not in forms}


def article_countries(kb_matches: Sequence[KBMatch]) -> list[str]:
    """The countries the article names (by name, demonym or capital), most named first: the context in
    which its place names are resolved."""
    counts = Counter(m.entry.code for m in kb_matches if m.entry.kind in ("country", "capital") and m.entry.code)
    return [code for code, _ in counts.most_common()]
