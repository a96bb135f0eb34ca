"""Place names inside longer names: "Washington" in "The Washington Post", "Toronto" in "the Toronto Police
Services Board", "Syrian" in "the Syrian army", "Europe" in "the Council of Europe", "Hampshire" in
"Thruxton, Hampshire".

GeoWebNews counts these as place mentions (its *embedded* types). Inside the name of an organisation, an
event, a law or a building (spaCy's ORG, FAC, EVENT…) the place is not where anything happens, so such a
part carries use "embedded"; inside a longer place name the gazetteer lacks (a GPE or LOC) it keeps that
name's own use. ``find_place_mentions`` leaves all of them out; the event coder never sees them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from ..geo import Candidate, Gazetteer
from ..geo.names import normalise
from ..model import Place
from ..nlp.kbmatch import KBMatch
from .parsed import entities
from .place_spans import PlaceMention, name_use
from .place_words import (
    DEMONYM,
    DIVISION_WORDS,
    ENTITY_CITY,
    GENERIC_NAMES,
    NAME_PARTICLES,
    NOT_PLACES,
    ORG_WORDS,
    PLACE_NOUNS,
)
from .places import place_mention

EMBEDDED = "embedded"  # the use of a place named inside an organisation's, an event's or a building's name
HOST_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "GPE", "LOC"})  # not PERSON:
# "Paris Hilton", "Jackson Browne" are people whose names are also towns
PLACE_LABELS = frozenset({"GPE", "LOC"})  # hosts that are places themselves: their parts keep the host's use
FUNCTION_POS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "PRON", "AUX", "PART"})
EMBEDDED_TOWN = 100_000  # a town named inside a longer name must be this large, unless the article names it


def find_embedded_places(doc: Doc, kb_matches: Sequence[KBMatch], found: Sequence[PlaceMention],
                         gazetteer: Gazetteer, countries: Sequence[str]) -> list[PlaceMention]:
    """The places named inside the longer names of ``doc`` that no mention in ``found`` covers: a country or
    capital the knowledge-base matcher saw inside a longer name (``KBMatch.inner``), else a run of the
    name's capitalised words that the gazetteer knows as a country, a division, a region, a town of
    ``EMBEDDED_TOWN`` people or a town the article names on its own."""
    taken = {i for m in found for i in range(m.start_token, m.end_token)}
    named = {normalise(m.place.text): m.place for m in found if m.place.lat is not None}
    context = list(dict.fromkeys([*countries, *(m.place.country for m in found if m.place.country)]))
    people = {t.lower_ for e in entities(doc) if e.label_ == "PERSON" and len(e) > 1 for t in e}  # "Trump Tower"
    out: list[PlaceMention] = []
    hosts: list[tuple[Span, str]] = []
    kb_tokens: set[int] = set()
    for m in kb_matches:
        kb_tokens.update(range(m.start_token, m.end_token))
        if m.entry.kind in ("country", "capital") or any(i in taken for i in range(m.start_token, m.end_token)):
            continue
        use = EMBEDDED
        for part in m.inner:
            mention = _kb_part(doc, part, m.text, gazetteer, context, use)
            if mention is not None:
                out.append(mention)
                taken.update(range(part.start_token, part.end_token))
        hosts.append((doc[m.start_token:m.end_token], use))
    for ent in entities(doc):
        if ent.label_ in HOST_LABELS and len(ent) > 1 and not any(i in taken or i in kb_tokens for i in
                                                                  range(ent.start, ent.end)):
            hosts.append((ent, name_use(ent.root) if ent.label_ in PLACE_LABELS else EMBEDDED))
    runs = [(run, host, use) for host, use in hosts for run in _runs(host, taken, people)]
    known = gazetteer.candidates({r.text for run, _, _ in runs for r in _parts(run)})  # one query for all
    for n, (run, host, use) in enumerate(runs):
        after = runs[n + 1][0] if n + 1 < len(runs) and runs[n + 1][1] is host else None
        within = after.text if after is not None and run.doc[run.end:after.start].text == "," else None
        out.extend(_gazetteer_parts(run, host.text, use, known, gazetteer, context, named, within))
    return sorted(out, key=lambda m: m.start_token)


def _kb_part(doc: Doc, part: KBMatch, host: str, gazetteer: Gazetteer, context: Sequence[str],
             use: str) -> PlaceMention | None:
    """A country or capital the knowledge base found inside a longer name, resolved."""
    words = doc[part.start_token:part.end_token]
    if not words.text[:1].isupper() or not part.entry.code:
        return None
    if part.entry.kind == "capital":
        resolved = gazetteer.resolve(words.text, countries=[part.entry.code])
        if resolved is None or resolved[0].country != part.entry.code:
            return None
        cand, reason = resolved
    else:
        country = gazetteer.country(part.entry.code)
        if country is None:
            return None
        cand, reason = country, f"'{words.text}' names a country"
        if part.form != "name":
            reason = f"'{words.text}' {DEMONYM} {country.name}"
    return place_mention(words, cand, f"{reason}; named inside '{host}'", use)


def _runs(host: Span, taken: set[int], people: set[str]) -> Iterator[Span]:
    """The runs of a name's capitalised words that may name a place: no organisation or place-head word,
    no month, no number, no word taken by another mention, no word of a person's name."""
    doc = host.doc
    run: list[Token] = []
    for token in [*host, None]:
        if token is not None and token.i not in taken and _name_word(token) and token.lower_ not in people:
            run.append(token)
            continue
        while run and run[-1].lower_ in NAME_PARTICLES:
            run.pop()
        if run:
            yield doc[run[0].i:run[-1].i + 1]
        run = []


def _name_word(token: Token) -> bool:
    text, lower = token.text, token.lower_
    if token.like_num or token.is_punct or lower in ORG_WORDS or lower.rstrip(".") in NOT_PLACES:
        return False
    if token.pos_ in FUNCTION_POS or (token.is_stop and not token.text.isupper()):
        return False  # "The", "For", "No"
    if lower in PLACE_NOUNS and lower not in DIVISION_WORDS:
        return False
    return text[:1].isupper() or lower in NAME_PARTICLES


def _parts(run: Span) -> Iterator[Span]:
    """Every shorter or equal run of words inside ``run``, longest first, leftmost first."""
    for size in range(len(run), 0, -1):
        for i in range(len(run) - size + 1):
            part = run[i:i + size]
            if part[0].text[:1].isupper() and part[-1].lower_ not in NAME_PARTICLES \
                    and part[0].lower_ not in DIVISION_WORDS:
                yield part


def _gazetteer_parts(run: Span, host: str, use: str, known: dict[str, list[Candidate]], gazetteer: Gazetteer,
                     context: Sequence[str], named: dict[str, Place], within: str | None) -> Iterator[PlaceMention]:
    """The places a run names, longest first, each word in one place at most: the place the article names
    on its own by those words, else the gazetteer's, when ``_notable``; the whole run is looked for
    ``within`` the place named after its comma, where there is one ("Santa Maria, Davao del Sur")."""
    used: set[int] = set()
    for part in _parts(run):
        if any(t.i in used for t in part) or not known.get(part.text):
            continue
        if len(part) == 1 and part[0].lower_ in GENERIC_NAMES or len(part.text) <= 2 and not part.text.isupper():
            continue
        own = named.get(normalise(part.text))
        if own is not None:
            used.update(t.i for t in part)
            yield PlaceMention(part.start, part.end, Place(
                part.text, own.name, own.country, own.admin1, own.lat, own.lon, own.geonames_id, own.precision,
                f"named inside '{host}'; the article names '{own.text}' on its own", part.start_char,
                part.end_char, use=use))
            continue
        resolved = gazetteer.resolve(f"{part.text}, {within}" if within and len(part) == len(run) else part.text,
                                     countries=context)
        if resolved is None or not _notable(part.text, resolved[0], context) \
                or use != EMBEDDED and resolved[0].kind not in ("country", "region"):
            continue
        used.update(t.i for t in part)
        yield place_mention(part, resolved[0], f"{resolved[1]}; named inside '{host}'", use)


def _notable(text: str, cand: Candidate, context: Sequence[str]) -> bool:
    """Whether a place named inside a longer name is taken: a region of the sitreps list, or a country,
    division or town under its own name (not one of its alternate names: "Cup", "TASS") that is a country,
    or in the article's countries a division or a town of ``EMBEDDED_TOWN`` people; or a city of
    ``ENTITY_CITY`` people ("New York" too, though not its own name)."""
    if cand.kind == "region":
        return True
    if normalise(text) != normalise(cand.name):
        return cand.kind == "city" and cand.population >= ENTITY_CITY and len(text) >= 5
    if cand.kind == "admin1":
        return cand.country in context
    return cand.kind == "country" or cand.kind == "city" and (
        cand.population >= EMBEDDED_TOWN and cand.country in context or cand.population >= ENTITY_CITY)

