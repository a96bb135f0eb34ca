"""The one place an event happened in, chosen among the place names of its sentence.

An event takes the place attached to its words (through prepositions and nouns; a
noun event also through the verb it is the subject of: "the attack occurred in X"),
preferring its own clause's place over another verb's or the doer's ("police in
Mombasa"), a place named as the event's over one told of another place ("Mir Ali, a
town in North Waziristan") or a possessor ("Tokyo's skies"), the place in another
over the one it is said to be in ("Liberia in west Africa"), and a precise place over
a wide one or a point of reference ("south of Cairo"); failing that, the only or
most precise place in the sentence; failing that, the town of the people who did it
("Dallas police shot…") or any place in the doers' words ("refugees in Kakuma marched"); failing that, in a
short report without a dateline, the one place of the sentence before or of the whole report ("Traders marched
in Kitale. Police fired tear gas."); failing that, the fallback the caller gives (the dateline or the
article's place), and the reason says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..model import Place
from .parsed import sentences
from .place_spans import PlaceMention
from .place_words import ARTICLE_WIDE, DEMONYM, FACILITY_HEADS, PLACE_NOUNS, PRECISION_RANK, UNRESOLVED


def _attached(token: Token, anchors: set[int]) -> bool:
    """Whether the place word hangs (through prepositions and nouns) off one of the event's words."""
    t = token
    for _ in range(8):
        if t.i in anchors:
            return True
        if t.head.i == t.i or t.lemma_.lower() in REPORTERS:
            return False  # "according to a military source in Deir Ezzor": where it was told, not done
        t = t.head
    return t.i in anchors


def _through_clause(token: Token, anchors: set[int]) -> bool:
    """Whether a place reaches the event's words only through another verb's clause ("launched an assault in
    Hama, targeting the village of X": X is the target's place, Hama the assault's)."""
    t = token
    for _ in range(8):
        if t.i in anchors or t.head.i == t.i:
            return False
        t = t.head
        if t.pos_ == "VERB" and t.i not in anchors:
            return True
    return False


# Words through which a place tells where a report came from: "according to a source in Deir Ezzor".
REPORTERS = frozenset({"accord", "according", "source", "official", "spokesman", "spokeswoman", "spokesperson",
                       "correspondent", "reporter", "witness", "agency", "newspaper", "statement", "monitor"})
DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                        "north-east", "north-west", "south-east", "south-west"})


def _reference(token: Token) -> bool:
    """Whether a place is a point of reference: "(260 kilometers) south of Cairo", "9 km from Lubumbashi",
    or part of a description of another place ("Srinagar, Indian Kashmir's biggest city")."""
    t = token
    for _ in range(4):
        if t.dep_ == "appos" and t.head.ent_type_ in ("GPE", "LOC", "FAC") and t.i != token.i:
            return True
        if t.head.i == t.i:
            break
        t = t.head
    head = token.head
    if head.lower_ not in ("of", "from") or head.dep_ != "prep":
        return False
    word = head.head
    return word.lower_ in DIRECTIONS or word.lower_ in ("km", "kms", "kilometers", "kilometres", "miles", "mile")


def event_location(sent: Span, anchors: set[int], mentions: Sequence[PlaceMention],
                   exclude: Sequence[tuple[int, int]], fallback: Place | None) -> Place | None:
    """The place the event happened in, with the reason for the choice; ``fallback`` (with its own reason)
    when the sentence names none."""
    doc = sent.doc
    inside = [m for m in mentions if sent.start <= m.start_token < sent.end
              and not any(s <= m.place.start < e for s, e in exclude if m.place.start is not None)]
    literal = [m for m in inside if m.place.use == "literal"]
    attached = [m for m in inside if _attached(doc[m.end_token - 1], anchors) and (
        m.place.use == "literal" or _told_as_place(doc[m.end_token - 1], m.place.use, anchors))]
    if attached:
        best = min(attached, key=lambda m: _attached_rank(m, doc, anchors, attached))
        return with_reason(best.place, f"'{best.place.text}' is attached to the event's words; {best.place.reason}")
    if literal:
        best = min(literal, key=lambda m: _rank(m, doc))
        why = "only place named in the sentence" if len(literal) == 1 else "most precise place named in the sentence"
        return with_reason(best.place, f"{why}; {best.place.reason}")
    homes = [m for m in mentions if sent.start <= m.start_token < sent.end and _home_of_locals(m, doc)]
    if homes:  # "Dallas police shot…", "gunmen in Mogadishu killed…": no other place, so the doers' town
        best = min(homes, key=lambda m: _rank(m, doc))
        return with_reason(best.place, f"the town of the people who did it, the sentence naming no other place; "
                                       f"{best.place.reason}")
    doers = [m for m in mentions if sent.start <= m.start_token < sent.end and m.place.use == "literal"
             and (PRECISION_RANK.get(m.place.precision, 9) < PRECISION_RANK["region"]
                  or m.place.reason.startswith(UNRESOLVED)) and not _reported_by(doc[m.end_token - 1])]
    if doers:  # "refugees in Turkana County marched": the doers' words name the only place
        best = min(doers, key=lambda m: _rank(m, doc))
        return with_reason(best.place, f"the place named in the doers' words, the sentence naming no other; "
                                       f"{best.place.reason}")
    dated = fallback is not None and PRECISION_RANK.get(fallback.precision, 9) < PRECISION_RANK["country"]
    return (None if dated else report_place(sent, mentions)) or at_fallback_precision(fallback)


def _reported_by(token: Token) -> bool:
    """Whether a place tells who reported the event, not who did it: "according to Washington", "a statement
    by the Kisumu office"."""
    t = token
    for _ in range(8):
        if t.lemma_.lower() in REPORTERS or t.lower_ in REPORTERS:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


SHORT_REPORT = 5  # a report of at most this many sentences tells of one incident, in one place


def report_place(sent: Span, mentions: Sequence[PlaceMention]) -> Place | None:
    """Where an event of a short report (with no dateline) whose sentence names no place happened: the one place
    (finer than a country) named in the nearest sentence before it that names one ("Traders marched in Kitale. Police fired
    tear gas."), else the report's one place wherever it is named, at the precision it has."""
    doc = sent.doc
    sents = list(sentences(doc))
    if len(sents) > SHORT_REPORT:
        return None
    named = [m for m in mentions if m.place.use == "literal" and m.place.lat is not None
             and PRECISION_RANK.get(m.place.precision, 9) < PRECISION_RANK["region"]
             and not _reference(doc[m.end_token - 1]) and not _reported_by(doc[m.end_token - 1])
             and not (m.place.reason.startswith(UNRESOLVED) and any(w in m.place.reason for w in ARTICLE_WIDE))]
    # a name the gazetteer lacks, put where the article's main place is, tells nothing of its own
    before = [m for m in named if m.start_token < sent.start]
    if before:
        last = max(m.start_token for m in before)
        told = doc[last].sent
        one = _one_place([m for m in before if told.start <= m.start_token < told.end])
        if one is not None:
            return with_reason(one.place, f"no place in the sentence; '{one.place.text}', the one place named in "
                                          f"the sentence before, of a short report; {one.place.reason}")
    one = _one_place(named)
    if one is None:
        return None
    return with_reason(one.place, f"no place in the sentence; '{one.place.text}', the one place the short report "
                                  f"names; {one.place.reason}")


def _one_place(mentions: Sequence[PlaceMention]) -> PlaceMention | None:
    """The most precise of ``mentions`` where they are all one place or lie at one point ("Kapkwen (Bomet)"
    placed at Bomet); None where they name several."""
    if not mentions:
        return None
    points = {(round(m.place.lat or 0, 2), round(m.place.lon or 0, 2)) for m in mentions}
    names = {(m.place.name.casefold(), m.place.country) for m in mentions}
    if len(points) > 1 and len(names) > 1:
        return None
    return min(mentions, key=lambda m: _rank(m))


def at_fallback_precision(fallback: Place | None) -> Place | None:
    """A place the event's sentence does not name (the dateline's town, the article's country) tells no more than
    the country: it keeps the town's name and coordinates, as ACLED keeps a representative point, at country
    precision."""
    if fallback is None or PRECISION_RANK.get(fallback.precision, 9) >= PRECISION_RANK["country"]:
        return fallback
    return replace(fallback, precision="country",
                   reason=f"{fallback.reason}; the event's own place is not told, so only its country is known")


# People who act where they live or work: "Dallas police", "residents in western Algiers", "gunmen in Mogadishu".
LOCAL_PEOPLE = frozenset({"police", "policeman", "policemen", "officers", "residents", "resident",
                          "villagers", "inhabitants", "locals", "citizens", "people", "gunmen", "gunman",
                          "youths", "students", "protesters", "protestors", "demonstrators", "crowd",
                          "crowds", "mob", "militiamen", "shopkeepers", "traders", "workers"})


def _home_of_locals(mention: PlaceMention, doc: Doc) -> bool:
    """Whether a town or a division (not a country: "U.S. police", "troops from Fiji") names local people:
    "Dallas police", "residents in western Algiers", "Nakuru County residents"."""
    if mention.place.precision not in ("city", "point", "admin1") or DEMONYM in mention.place.reason \
            or mention.place.use not in ("literal", "adjectival"):
        return False
    token = doc[mention.end_token - 1]
    if token.dep_ in ("compound", "nmod"):
        return token.head.lower_ in LOCAL_PEOPLE
    return mention.place.use == "literal" and token.dep_ == "pobj" and token.head.lower_ in ("in", "of", "from") \
        and token.head.head.lower_ in LOCAL_PEOPLE


def happening_verb(noun: Token) -> Token | None:
    """The verb an event told by a noun is the subject of, whose place is the event's: "the attack occurred in
    Baramulla", "clashes broke out at Khirbet al-Joz", "mortar rounds fell on Buhriz"."""
    if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB" and noun.head.i != noun.i:
        return noun.head  # not a copula: "the strikes were a response to attacks inside Iran"
    return None


def _told_as_place(token: Token, use: str, anchors: set[int]) -> bool:
    """Whether a name read as a possessor or a subject still tells where the event was: the owner of the ground
    the event was in or done to ("patrolled Tokyo's skies", "shot in Karachi's latest spasm of violence"), or
    the subject of the event's own passive verb ("Damascus is being shelled", "Fallujah was patrolled by")."""
    if use == "metonymic":
        return token.dep_ == "nsubjpass" and token.head.i in anchors
    if use != "adjectival" or token.dep_ != "poss":
        return False
    owned = token.head  # not a person's or a thing's: "Serbia's first premier", "Australia's embassy"
    steps = _path(owned, anchors)
    if owned.dep_ not in ("pobj", "dobj", "nsubjpass") or "appos" in steps or "conj" in steps:
        return False
    words = {owned.lower_, owned.lemma_.lower()}
    if words & SPANS_OF_TIME:
        return False  # "killed in Syria's civil war": the war's country, not the killing's place
    if owned.dep_ == "pobj" and owned.head.lower_ in LOCATIVE_PREPS and owned.pos_ == "NOUN":
        return True  # "in Karachi's latest spasm of violence"
    return bool(words & (PLACE_NOUNS | GROUND_NOUNS))


# Prepositions that put what follows around the event: "in Gondor's north".
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "across", "throughout", "within"})
# Nouns of ground, air or water that a place owns ("Iraq's northern skies", "Baghdad's largest slum").
GROUND_NOUNS = frozenset({"sky", "skies", "airspace", "water", "waters", "seawater", "seawaters", "territory",
                          "slum", "slums", "capital", "end", "soil", "part", "side", "heart", "north",
                          "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                          "interior", "mainland", "countryside", "outskirts", "suburb", "suburbs", "downtown",
                          "thoroughfare", "thoroughfares", "road", "roads", "flank", "field", "fields",
                          "refinery"})
# Nouns of a span of time that a country is said to own: "Syria's civil war".
SPANS_OF_TIME = frozenset({"war", "conflict", "insurgency", "violence", "crisis", "campaign", "fighting", "unrest",
                           "uprising", "rebellion", "occupation", "siege", "election", "elections", "history",
                           "revolution"})


def _path(token: Token, anchors: set[int]) -> list[str]:
    """The dependency labels from a word up to the event's words (or to the root)."""
    steps = []
    t = token
    for _ in range(8):
        if t.i in anchors or t.head.i == t.i:
            break
        steps.append(t.dep_)
        t = t.head
    return steps


def _attached_rank(mention: PlaceMention, doc: Doc, anchors: set[int],
                   attached: Sequence[PlaceMention] = ()) -> tuple[bool, bool, bool, bool, float, bool]:
    """How well an attached place tells where the event was, best lowest. Through another verb's clause or
    the doer's words ("police in Mombasa launched a manhunt") comes after the event's own words; a place told
    of another place ("Mir Ali, a town in North Waziristan"), though not the name a noun is given ("died at
    National Hospital in the capital, Colombo"), after that; a possessor ("Tokyo's skies") after a place named
    as one; a place another of ``attached`` is said to be in ("Liberia in west Africa") after the place in it,
    whatever the gazetteer makes of their sizes; then the most precise."""
    token = doc[mention.end_token - 1]
    steps = _path(token, anchors)
    named = steps[:1] == ["appos"] and token.head.pos_ == "NOUN"  # the name of its noun: "the capital, Colombo"
    described = "appos" in steps[1:] or "appos" in steps[:1] and not named
    return (_through_clause(token, anchors) or "nsubj" in steps, described, mention.place.use == "adjectival",
            _holds(token, attached, doc), _rank(mention, doc), token.dep_ == "poss")  # "Yala's Yaha district"


def _holds(token: Token, attached: Sequence[PlaceMention], doc: Doc) -> bool:
    """Whether another attached place is said to be in this one: "the village of Tsatsan-Yurt in Kurchaloi
    district", "Vladivostok in the Far East"; not a building ("Highland Hospital in Oakland": the town ranks
    first, as the most precise place) nor a place near it ("near Medea")."""
    heads = {doc[m.end_token - 1].i: m for m in attached}
    t = token
    for _ in range(4):
        if t.dep_ not in ("pobj", "prep", "appos", "compound") or t.head.i == t.i \
                or t.dep_ == "prep" and t.lower_ not in CONTAINING_PREPS:
            return False
        t = t.head
        inner = heads.get(t.i)
        if inner is not None and t.i != token.i:
            return t.dep_ != "conj" and not _facility(inner, doc)
    return False


CONTAINING_PREPS = frozenset({"in", "of", "on", "inside", "within"})


def _facility(mention: PlaceMention, doc: Doc) -> bool:
    """A building or a way: "Highland Hospital", "the Sadriya market" (its noun outside the name)."""
    token = doc[mention.end_token - 1]
    return mention.place.text.rsplit(" ", 1)[-1].lower() in FACILITY_HEADS \
        or token.dep_ == "compound" and token.head.lower_ in FACILITY_HEADS


def _rank(mention: PlaceMention, doc: Doc | None = None) -> float:
    """How precise a place is, most precise lowest: a name the gazetteer lacks (a village, a district, a
    street) is finer than the town it is placed at; a point of reference ("south of Cairo") comes last."""
    later = 10.0 if doc is not None and _reference(doc[mention.end_token - 1]) else 0.0
    if mention.place.reason.startswith(UNRESOLVED):
        return later + (1.5 if mention.place.text.rsplit(" ", 1)[-1].lower() in FACILITY_HEADS else 0.5)
    return later + PRECISION_RANK.get(mention.place.precision, 9)


def with_reason(place: Place, reason: str) -> Place:
    return replace(place, reason=reason)
