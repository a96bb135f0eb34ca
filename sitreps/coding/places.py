"""Place names in an article, each resolved to a gazetteer place with a precision and a reason.

Place names come from the knowledge base (countries), spaCy's GPE/LOC/FAC
entities, and cue patterns that catch villages spaCy tags as people or
organisations ("the village of Kafr Nabl", "near Tal Abyad"). Each is resolved
through the gazetteer with the article's countries as context. Which of them an
event happened in is chosen in event_place.py; datelines are read in datelines.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from ..geo import Gazetteer
from ..geo.gazetteer import Candidate, town_stem
from ..geo.names import normalise
from ..model import Place
from ..nlp.kbmatch import KBMatch
from .place_conventions import local_people, subdivision_after
from .place_spans import (
    NameSpan,
    PlaceMention,
    bare_name,
    candidate_spans,
    division_of,
    unknown_place,
)
from .place_unresolved import (
    inner_runs,
    unresolved_mentions,
)
from .place_words import (
    ABROAD,
    ARTICLE_WIDE,
    CUED_FOREIGN_TOWN,
    DEMONYM,
    DIVISION_SUFFIX,
    DIVISION_WORDS,
    DOMINANT,
    ENTITY_CITY,
    ENTITY_TOWN,
    FOREIGN_TOWN,
    GENERIC_NAMES,
    KIND_PRECISION,
    MAIN_PLACE,
    PLACE_NOUNS,
    UNRESOLVED,
    WEAK_TOWN,
)


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


def find_place_mentions(doc: Doc, kb_matches: Sequence[KBMatch], gazetteer: Gazetteer,
                        countries: Sequence[str], *, demonyms: bool = False,
                        unresolved: bool = True) -> list[PlaceMention]:
    """Every place name in the document that the gazetteer resolves, each with its use; with ``demonyms``,
    also the places named through their people's word ("Syrian", "European"), as adjectival uses; with
    ``unresolved``, also the names that are places by their label or cue but that the gazetteer lacks
    (villages, districts, streets, facilities: "the village of Mainok", "Heart Hospital"), placed at the
    place they lie in (see ``unresolved_mentions``).

    Two passes: a small town outside ``countries`` (the countries the article names) is left out at first;
    the countries of the places resolved in the first pass then join the context ("in Tikrit" in a story
    that names only the USA, but also Baghdad), and the names left out are tried again.
    """
    spans: list[tuple[NameSpan, str]] = []
    for span in candidate_spans(doc, kb_matches):
        if span.demonym and not demonyms:
            continue
        while span.end - span.start > 1 and doc[span.end - 1].lower_ in ("'s", "’s", "'", "’"):
            span = replace(span, end=span.end - 1)  # "Pattani province's capital"
        if span.kind != "country" and span.end < len(doc) and doc[span.end].lower_ in DIVISION_WORDS:
            span = replace(span, end=span.end + 1)  # "Idlib province" asks for the division
        words = doc[span.start:span.end]
        first = next((w.i for w in words if w.text[:1].isupper()), span.start)
        name = doc[first:span.end].text if span.kind != "country" else bare_name(words.text)  # "east Jerusalem"
        if name and name[0].isupper():
            spans.append((span, name))
    bases = {name: DIVISION_SUFFIX.sub("", name) for _, name in spans}
    lacking = [(s, n) for s, n in spans if unresolved and unknown_place(doc, s, n)]
    inner = [t for s, _ in lacking for t in inner_runs(doc, s)]  # asked now, so that one query serves all
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
        found = sorted(found + unresolved_mentions(doc, lacking, found, gazetteer, countries, abroad, ruled_out),
                       key=lambda m: m.start_token)
    return found


def _in_others_countries(doc: Doc, out: dict[int, PlaceMention], spans: Sequence[tuple[NameSpan, str]],
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


def _resolve_mention(doc: Doc, span: NameSpan, name: str, gazetteer: Gazetteer, countries: Sequence[str],
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
    last = doc[span.end - 1]
    if countries and cand.country not in countries and (local_people(last) or subdivision_after(last) or (
            division_of(last) and last.head.i < span.start and cand.kind == "city" and cand.population < ENTITY_CITY)):
        return None  # "Saku constituency", "Karima ward", "(Masinga)" after a village: a part of the story's country
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


def _abroad(span: NameSpan, name: str, gazetteer: Gazetteer, countries: Sequence[str]) -> bool:
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


def _dominant_abroad(span: NameSpan, cand: Candidate, namesakes: Sequence[Candidate]) -> bool:
    """Whether a town abroad is still the one meant: a cue marks the name ("in Tikrit") and the town is
    of some size and much larger than any other place of that name."""
    if not span.cued or cand.population < CUED_FOREIGN_TOWN:
        return False
    others = [c.population for c in namesakes if c.kind in ("city", "admin1") and c.geonames_id != cand.geonames_id
              and (c.name, c.country) != (cand.name, cand.country)]
    return all(cand.population >= DOMINANT * size for size in others)


def _mention(doc: Doc, span: NameSpan, cand: Candidate, reason: str) -> PlaceMention:
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
