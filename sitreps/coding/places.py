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
from ..geo.gazetteer import Candidate
from ..geo.names import normalise
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


@dataclass(frozen=True, slots=True)
class _Span:
    """A possible place name: its tokens, where it came from, how it is used and whether a cue marks it."""

    start: int
    end: int
    kind: str  # "country" (a KB country, by name or demonym), "name", "entity" (an ORG/PERSON/NORP label),
    # "weak" (an untagged proper noun), "region" (a KB body such as the EU, kept only as a region)
    use: str
    cued: bool
    code: str | None = None  # the KB country's ISO3
    demonym: bool = False  # "Syrian", "European": the people's word, not the place's name


def _candidate_spans(doc: Doc, kb_matches: Sequence[KBMatch]) -> list[_Span]:
    """Every possible place name in the document."""
    taken: set[int] = set()
    out: list[_Span] = []
    surnames = {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    people = {i for e in doc.ents if e.label_ == "PERSON" and (len(e) > 1 or _titled(doc, e)
                                                                or e.text.lower() in surnames)
              for i in range(e.start, e.end)}  # "Lewis Hamilton", "Hamilton said": not Bermuda's capital
    for m in kb_matches:
        root = doc[m.start_token:m.end_token].root
        use, cued = _use(root), _cued(root)
        if m.entry.kind == "country" and m.entry.code:  # "Syria", and "Syrian" as an adjectival mention of it
            demonym = m.form != "name"
            out.append(_Span(m.start_token, m.end_token, "country", "adjectival" if demonym else use, cued,
                             m.entry.code, demonym))
        elif m.entry.kind == "capital" and m.text[:1].isupper() and not m.text.lower().startswith("the ") \
                and m.start_token not in people:
            out.append(_Span(m.start_token, m.end_token, "name", use, cued))  # "Kyiv said" is metonymic
        elif m.entry.kind == "igo" and m.form == "name" and m.text[:1].isupper():
            out.append(_Span(m.start_token, m.end_token, "region", use if use != "literal" else "metonymic",
                             cued))  # "EU leaders": a union of countries, where the gazetteer has it as a region
        taken.update(range(m.start_token, m.end_token))
    for ent in doc.ents:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.label_ in ("GPE", "LOC", "FAC") or (ent.label_ in ENTITY_LABELS and _cued(ent.root)):
            out.append(_Span(ent.start, ent.end, "name", _use(ent.root), _cued(ent.root)))
        elif ent.label_ in ENTITY_LABELS and ent.text[:1].isupper() and not _personal(doc, ent):
            norp = ent.label_ == "NORP"
            out.append(_Span(ent.start, ent.end, "entity", "adjectival" if norp else _use(ent.root), False,
                             demonym=norp))  # "Colombo's business district" (ORG)
        else:
            continue
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
            out.append(_Span(start, t.i + 1, "name", "literal", True))
        elif _use(t) == "literal" and len(doc[start:t.i + 1].text) >= 4 and not t.like_num \
                and t.lower_.rstrip(".") not in NOT_PLACES:
            out.append(_Span(start, t.i + 1, "weak", "literal", False))  # "shelled Aleppo", untagged
        taken.update(range(start, t.i + 1))
    return sorted(out, key=lambda s: (s.start, s.end))


ENTITY_LABELS = ("ORG", "PERSON", "NORP", "LANGUAGE")
DEMONYM = "is a demonym of"  # how the reason of a place found through its demonym reads
TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "gen", "general", "col", "colonel", "president",
                    "minister", "sheikh", "imam", "judge", "prof", "professor", "rev", "father", "brother", "sister"})


def _personal(doc: Doc, ent: Span) -> bool:
    """Whether a PERSON-labelled name is a person's: a title before it, the subject or object of a verb, or
    the last name of a longer person named in the article ("Lewis Hamilton" … "Hamilton said")."""
    if ent.label_ != "PERSON":
        return False
    if _titled(doc, ent) or len(ent) > 1:
        return True
    if ent.root.dep_ in ("nsubj", "nsubjpass", "dobj", "conj") or (
            ent.root.dep_ == "appos" and ent.root.head.lemma_.lower() not in OF_CUES):
        return True
    last = ent.text.lower()
    return any(e.label_ == "PERSON" and len(e) > 1 and e[-1].lower_ == last for e in doc.ents)


def _titled(doc: Doc, ent: Span) -> bool:
    return ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in TITLES


FOREIGN_TOWN = 100_000  # below this, a town outside the article's countries is not taken …
CUED_FOREIGN_TOWN = 10_000  # … unless a cue marks it ("in Tikrit") and it dwarfs its namesakes
DOMINANT = 5  # how many times larger than every namesake a town must be to be the one meant abroad
ENTITY_TOWN = 100_000  # a name spaCy labels ORG or PERSON is taken as a town only when it is this large
DIVISION_SUFFIX = re.compile(r"\s+(province|governorate|region|oblast|district|state|county|city|town)$", re.I)
WEAK_TOWN = 50_000  # below this, a proper noun spaCy did not tag and no cue marks is not taken as a place
DIVISION_WORDS = frozenset({"province", "governorate", "region", "oblast", "district", "state", "county"})


def find_place_mentions(doc: Doc, kb_matches: Sequence[KBMatch], gazetteer: Gazetteer,
                        countries: Sequence[str], *, demonyms: bool = False) -> list[PlaceMention]:
    """Every place name in the document that the gazetteer resolves, each with its use; with ``demonyms``,
    also the places named through their people's word ("Syrian", "European"), as adjectival uses.

    Two passes: a small town outside ``countries`` (the countries the article names) is left out at first;
    the countries of the places resolved in the first pass then join the context ("in Tikrit" in a story
    that names only the USA, but also Baghdad), and the names left out are tried again.
    """
    spans: list[tuple[_Span, str]] = []
    for span in _candidate_spans(doc, kb_matches):
        if span.demonym and not demonyms:
            continue
        if span.kind != "country" and span.end < len(doc) and doc[span.end].lower_ in DIVISION_WORDS:
            span = replace(span, end=span.end + 1)  # "Idlib province" asks for the division
        name = doc[span.start:span.end].text.removeprefix("the ").removeprefix("The ")
        if name and name[0].isupper():
            spans.append((span, name))
    bases = {name: DIVISION_SUFFIX.sub("", name) for _, name in spans}
    known = gazetteer.candidates([*bases, *bases.values()])  # one query; most names are not places
    spans = [(s, n) for s, n in spans if s.kind == "country" or known.get(n) or known.get(bases[n])]
    out: dict[int, PlaceMention] = {}
    context = list(countries)
    for attempt in range(2):
        for span, name in spans:
            if span.start in out:
                continue
            mention = _resolve_mention(doc, span, name, gazetteer, context, known.get(name) or [])
            if mention is not None:
                out[span.start] = mention
        more = [m.place.country for m in out.values() if m.place.country and m.place.country not in context]
        if not more:
            break
        context += list(dict.fromkeys(more))
    return _states_not_countries([out[k] for k in sorted(out)], gazetteer)


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
    resolved = gazetteer.resolve(name, countries=countries)
    if resolved is None:
        return None
    cand, reason = resolved
    if span.kind == "region" and cand.kind != "region":
        return None
    if countries and cand.country not in countries and cand.kind in ("city", "admin1") \
            and cand.population < FOREIGN_TOWN and not (_dominant_abroad(span, cand, namesakes)
                                                        and not gazetteer.lower_division_countries(name) & set(countries)):
        return None  # a small namesake abroad is likelier a village the gazetteer lacks
    if span.kind == "weak" and cand.kind == "city" and cand.population < WEAK_TOWN:
        return None  # an untagged, uncued name is taken only when it is a big place
    if span.kind == "entity" and not _entity_place(name, cand):
        return None  # "Jordan" the person, "BA" the airline: only a large place of that very name
    return _mention(doc, span, cand, reason)


def _entity_place(name: str, cand: Candidate) -> bool:
    """Whether a name spaCy labels ORG, PERSON or NORP is still taken as the place: a region, or a country or
    large town whose own name it is ("Colombo's business district"), never an acronym ("BA", "MoD")."""
    if cand.kind == "region":
        return True
    if sum(ch.isupper() for ch in name) > 1 + name.count(" ") or len(name) < 4:
        return False
    own = normalise(name) == normalise(cand.name)
    return own and (cand.kind == "country" or (cand.kind == "city" and cand.population >= ENTITY_TOWN))


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
    return PlaceMention(span.start, span.end, Place(
        words.text, cand.name, cand.country, cand.admin1, cand.lat, cand.lon, cand.geonames_id,
        KIND_PRECISION.get(cand.kind, "unknown"), reason, words.start_char, words.end_char, use=span.use))


def _states_not_countries(mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """"Georgia" in a story whose other places all lie in the USA is the state: a country name that is also
    a first-level division of the one other country the article's places lie in, where none lies in it."""
    located = Counter(m.place.country for m in mentions if m.place.country and m.place.precision != "country")
    out = []
    for m in mentions:
        place = m.place
        if place.precision == "country" and located and place.country not in located and len(located) == 1:
            (host,) = located
            divisions = [c for c in gazetteer.candidates([place.text]).get(place.text, [])
                         if c.kind == "admin1" and c.country == host]
            if divisions:
                d = divisions[0]
                place = replace(place, name=d.name, country=d.country, admin1=d.admin1, lat=d.lat, lon=d.lon,
                                geonames_id=d.geonames_id, precision="admin1",
                                reason=f"'{place.text}' names a first-level division of the country the "
                                       "article's other places lie in")
                m = replace(m, place=place)
        out.append(m)
    return out


def _attached(token: Token, anchors: set[int]) -> bool:
    """Whether the place word hangs (through prepositions and nouns) off one of the event's words."""
    t = token
    for _ in range(6):
        if t.i in anchors:
            return True
        if t.head.i == t.i:
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
