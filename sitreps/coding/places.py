"""Where it happened: place names in the article, and the one place each event happened in.

Place names come from the knowledge base (countries), spaCy's GPE/LOC/FAC
entities, and cue patterns that catch villages spaCy tags as people or
organisations ("the village of Kafr Nabl", "near Tal Abyad"). Each is resolved
through the gazetteer with the article's countries as context. An event takes
the place attached to its words; failing that, the only place in the sentence;
failing that, the article's dateline, and the reason says which.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..geo import Gazetteer
from ..model import Place
from ..nlp.kbmatch import KBMatch

PLACE_PREPS = frozenset({"in", "near", "at", "outside", "around", "across", "inside", "into", "on", "from",
                         "to", "towards", "toward", "throughout", "over", "off", "within"})
PLACE_CUES = frozenset({"village", "town", "city", "district", "province", "governorate", "region",
                        "neighbourhood", "neighborhood", "suburb", "camp", "state", "county", "area",
                        "localities", "locality", "villages", "towns", "municipality", "oblast", "countryside",
                        "outskirts", "border", "coast", "frontier", "suburbs", "mountains", "hills", "valley",
                        "desert", "airport", "port", "front", "frontline", "streets", "centre", "center"})
# Nouns whose "of" introduces a place ("the hometown of Quetta", "the southern sector of Aleppo").
OF_CUES = PLACE_CUES | frozenset({"hometown", "sector", "capital", "birthplace", "stronghold", "enclave",
                                  "part", "parts", "heart", "edge", "entrance", "environs", "vicinity",
                                  "quarter", "island", "islands", "peninsula", "countryside", "south", "north",
                                  "east", "west", "outskirt", "city-state", "desert-city"})
# Capitalised words that are never taken as an untagged place: month and weekday abbreviations.
NOT_PLACES = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat "
                       "sun".split())
# Heads that make a place name a description of people: "a U.S. official", "Russian troops".
PEOPLE_NOUNS = frozenset("""
    official officials minister ministry forces force troops soldiers army military government president
    spokesman spokeswoman spokesperson diplomat diplomats envoy ambassador leader leaders authorities police
    officer officers lawmakers media newspaper agency company firm jets warplanes aircraft navy warships
    people citizens nationals national delegation team side counterpart counterparts fighters rebels
    militants separatists opposition regime administration cabinet parliament embassy consulate""".split())
PRECISION_RANK = {"point": 0, "city": 1, "admin1": 2, "region": 3, "country": 4, "unknown": 5}
KIND_PRECISION = {"city": "city", "admin1": "admin1", "country": "country", "region": "region"}
DATELINE = re.compile(
    r"^\s*([A-Z][A-Z'’.\- ]{2,40}?(?:,\s*[A-Z][A-Za-z'’.\- ]{2,30}?)?)\s*"
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?\s*(?:\([^)]{1,60}\))?\s*[-–—:]")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start_token: int
    end_token: int
    place: Place


def _use(token: Token) -> str:
    """How a place name is used: "literal" (in Aleppo, a Mogadishu cafe), "metonymic" (Moscow said),
    or "adjectival" (a U.S. official, Russian jets)."""
    if token.dep_ in ("nsubj", "nsubjpass", "agent"):
        return "metonymic"
    if token.dep_ in ("compound", "amod", "nmod", "poss"):
        head = token.head
        if head.lemma_.lower() in PLACE_CUES or head.ent_type_ in ("GPE", "LOC", "FAC"):
            return "literal"  # "the Idlib countryside", "Syria's Idlib province"
        if head.lemma_.lower() in PEOPLE_NOUNS or head.ent_type_ in ("PERSON", "ORG", "NORP"):
            return "adjectival"
        return "literal" if token.dep_ != "poss" else "adjectival"
    return "literal"


def _cued(token: Token) -> bool:
    """A capitalised name after a place cue: "the village of X", "in X", "X province"."""
    head = token.head
    if head.dep_ == "prep" and head.lower_ == "of" and (head.head.lemma_.lower() in OF_CUES
                                                         or head.head.lower_.rsplit("-", 1)[-1] in OF_CUES):
        return True
    if head.dep_ == "prep" and head.lower_ in PLACE_PREPS:
        return True
    if token.dep_ == "compound" and head.lemma_.lower() in PLACE_CUES:  # "the Idlib countryside"
        return True
    return any(c.lemma_.lower() in PLACE_CUES for c in token.rights)


def _candidate_spans(doc: Doc, kb_matches: Sequence[KBMatch]) -> list[tuple[int, int, str, str]]:
    """(start_token, end_token, kind, use) for every possible place name in the document."""
    taken: set[int] = set()
    out: list[tuple[int, int, str, str]] = []
    for m in kb_matches:
        use = _use(doc[m.start_token:m.end_token].root)
        if m.entry.kind == "country":  # "Syria", and "Syrian" as an adjectival mention of it
            out.append((m.start_token, m.end_token, "country", use if m.form == "name" else "adjectival"))
        elif m.entry.kind == "capital" and m.text[:1].isupper() and not m.text.lower().startswith("the "):
            out.append((m.start_token, m.end_token, "name", use))  # "in Kyiv"; "Kyiv said" is metonymic
        taken.update(range(m.start_token, m.end_token))
    for ent in doc.ents:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.label_ in ("GPE", "LOC", "FAC") or (ent.label_ in ("ORG", "PERSON", "NORP", "LANGUAGE") and _cued(ent.root)):
            out.append((ent.start, ent.end, "name", _use(ent.root)))
            taken.update(range(ent.start, ent.end))
    for t in doc:  # proper nouns spaCy did not tag, after a cue
        if t.i in taken or t.pos_ != "PROPN" or t.ent_type_ or not t.is_title:
            continue
        start = t.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].i not in taken \
                and not doc[start - 1].ent_type_:
            start -= 1
        if t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN" and not doc[t.i + 1].ent_type_:
            continue  # the run goes on: take it at its last word
        if _cued(t):
            out.append((start, t.i + 1, "name", "literal"))
        elif _use(t) == "literal" and len(doc[start:t.i + 1].text) >= 4 and not t.like_num \
                and t.lower_.rstrip(".") not in NOT_PLACES:
            out.append((start, t.i + 1, "weak", "literal"))  # "shelled Aleppo": a big place spaCy did not tag
        taken.update(range(start, t.i + 1))
    return sorted(out)


FOREIGN_TOWN = 100_000  # below this, a town outside the article's countries is not taken
DIVISION_SUFFIX = re.compile(r"\s+(province|governorate|region|oblast|district|state|county|city|town)$", re.I)
WEAK_TOWN = 50_000  # below this, a proper noun spaCy did not tag and no cue marks is not taken as a place
DIVISION_WORDS = frozenset({"province", "governorate", "region", "oblast", "district", "state", "county"})


def find_place_mentions(doc: Doc, kb_matches: Sequence[KBMatch], gazetteer: Gazetteer,
                        countries: Sequence[str]) -> list[PlaceMention]:
    """Every place name in the document that the gazetteer resolves, each with its use.

    Two passes: a small town outside ``countries`` (the countries the article names) is left out at first;
    the countries of the places resolved in the first pass then join the context ("in Tikrit" in a story
    that names only the USA, but also Baghdad), and the names left out are tried again.
    """
    spans = []
    for start, end, kind, use in _candidate_spans(doc, kb_matches):
        if kind != "country" and end < len(doc) and doc[end].lower_ in DIVISION_WORDS:
            end += 1  # "Idlib province" asks for the division
        name = doc[start:end].text.removeprefix("the ").removeprefix("The ")
        if name and name[0].isupper():
            spans.append((start, end, kind, use, name))
    bases = {name: DIVISION_SUFFIX.sub("", name) for *_, name in spans}
    known = gazetteer.candidates([*bases, *bases.values()])  # one query; most names are not places
    spans = [s for s in spans if known.get(s[-1]) or known.get(bases[s[-1]])]
    out: dict[int, PlaceMention] = {}
    context = list(countries)
    for attempt in range(2):
        for start, end, kind, use, name in spans:
            if start in out:
                continue
            mention = _resolve_mention(doc, start, end, kind, use, name, gazetteer, context)
            if mention is not None:
                out[start] = mention
        more = [m.place.country for m in out.values() if m.place.country and m.place.country not in context]
        if not more:
            break
        context += list(dict.fromkeys(more))
    return [out[k] for k in sorted(out)]


def _resolve_mention(doc: Doc, start: int, end: int, kind: str, use: str, name: str, gazetteer: Gazetteer,
                     countries: Sequence[str]) -> PlaceMention | None:
    resolved = gazetteer.resolve(name, countries=countries)
    if resolved is None:
        return None
    cand, reason = resolved
    if countries and cand.country not in countries and cand.kind in ("city", "admin1") \
            and cand.population < FOREIGN_TOWN:
        return None  # a small namesake abroad is likelier a village the gazetteer lacks
    if kind == "weak" and cand.kind == "city" and cand.population < WEAK_TOWN:
        return None  # an untagged, uncued name is taken only when it is a big place
    span = doc[start:end]
    return PlaceMention(start, end, Place(
        span.text, cand.name, cand.country, cand.admin1, cand.lat, cand.lon, cand.geonames_id,
        KIND_PRECISION.get(cand.kind, "unknown"), reason, span.start_char, span.end_char, use=use))


def _attached(token: Token, anchors: set[int]) -> bool:
    """Whether the place word hangs (through prepositions and nouns) off one of the event's words."""
    t = token
    for _ in range(6):
        if t.i in anchors:
            return True
        if t.head is t:
            return False
        t = t.head
    return t.i in anchors


def event_location(sent: Span, anchors: set[int], mentions: Sequence[PlaceMention],
                   exclude: Sequence[tuple[int, int]], fallback: Place | None) -> Place | None:
    """The place the event happened in, with the reason for the choice; ``fallback`` (with its own reason)
    when the sentence names none."""
    inside = [m for m in mentions if sent.start <= m.start_token < sent.end and m.place.use == "literal"
              and not any(s <= m.place.start < e for s, e in exclude if m.place.start is not None)]
    attached = [m for m in inside if _attached(sent.doc[m.end_token - 1], anchors)]
    if attached:
        best = min(attached, key=lambda m: PRECISION_RANK.get(m.place.precision, 9))
        return with_reason(best.place, f"'{best.place.text}' is attached to the event's words; {best.place.reason}")
    if inside:
        best = min(inside, key=lambda m: PRECISION_RANK.get(m.place.precision, 9))
        why = "only place named in the sentence" if len(inside) == 1 else "most precise place named in the sentence"
        return with_reason(best.place, f"{why}; {best.place.reason}")
    return fallback


def with_reason(place: Place, reason: str) -> Place:
    return replace(place, reason=reason)


def _dateline(text: str) -> tuple[int, re.Match[str]] | None:
    """The dateline at the start of one of the first paragraphs (after a headline), and where it starts."""
    start = 0
    for _ in range(3):
        m = DATELINE.match(text[start:start + 200])
        if m:
            return start, m
        nxt = text.find("\n", start)
        if nxt < 0:
            return None
        start = nxt + 1
        while start < len(text) and text[start] in "\n\r ":
            start += 1
    return None


def article_countries(kb_matches: Sequence[KBMatch]) -> list[str]:
    """The countries the article names (by name, demonym or capital), most named first: the context in
    which its place names are resolved."""
    counts = Counter(m.entry.code for m in kb_matches if m.entry.kind in ("country", "capital") and m.entry.code)
    return [code for code, _ in counts.most_common()]


def dateline_end(text: str) -> int:
    """Where the dateline ends ("BEIRUT, Oct 18 (Levant Wire) -"), or 0 when there is none."""
    found = _dateline(text)
    return found[0] + found[1].end() if found else 0


def find_dateline(text: str, gazetteer: Gazetteer, countries: Sequence[str]) -> Place | None:
    """The place in a dateline such as "BEIRUT, Oct 18 (Levant Wire) -"."""
    found = _dateline(text)
    if found is None:
        return None
    offset, m = found
    raw = m.group(1).strip()
    first = re.split(r"[,/]", raw)[0].strip()  # "MOSCOW/BEIRUT": the first place
    name = first.title()
    resolved = gazetteer.resolve(name, countries=countries)
    if resolved is None:
        return None
    cand, reason = resolved
    start = offset + m.start(1)
    return Place(first, cand.name, cand.country, cand.admin1, cand.lat, cand.lon,
                 cand.geonames_id, KIND_PRECISION.get(cand.kind, "unknown"), f"dateline; {reason}",
                 start, start + len(first))
