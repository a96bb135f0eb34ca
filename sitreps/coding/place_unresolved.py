"""Place names the gazetteer lacks (villages, districts, streets, buildings), each placed at the place it
most likely lies in: a place named within it, in its sentence, or in the article at large."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc

from ..geo import Gazetteer
from ..geo.names import normalise
from ..model import Place
from .place_spans import (
    NameSpan,
    PlaceMention,
    noun_cued,
)
from .place_words import (
    DEMONYM,
    KIND_PRECISION,
    NOT_PLACES,
    ORG_WORDS,
    PLACE_HEADS,
    UNRESOLVED,
)


def unresolved_mentions(doc: Doc, lacking: Sequence[tuple[NameSpan, str]], found: Sequence[PlaceMention],
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
    context = [c for c, _ in by_country.most_common() if c] + [c for c in countries if c not in by_country]
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
                nearest = min(near, key=lambda m: abs(m.start_token - span.start)).place
                out.append(PlaceMention(span.start, span.end, Place(
                    words.text, words.text, nearest.country, nearest.admin1, nearest.lat, nearest.lon, None,
                    "admin1" if nearest.precision in ("city", "point") else nearest.precision,
                    f"{UNRESOLVED}; placed at {nearest.name}, the place named nearest it",
                    words.start_char,
                    words.end_char, use=span.use)))
            continue
        near = [m for m in local if sent.start <= m.start_token < sent.end] or [
            m for m in resolved if sent.start <= m.start_token < sent.end and m.place.precision == "country"
            and m.place.use == "literal" and m.place.lat is not None
            and (noun_cued(words.root) or words[-1].lower_ in PLACE_HEADS)]  # "the village of X in northern Syria"
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
            # a place beside the town it is put at lies somewhere around it: the town's division, not the town
            precision = "admin1" if at.precision in ("city", "point") and span.start not in inner else at.precision
            place = Place(words.text, words.text, at.country, at.admin1 if at.precision != "country" else None,
                          at.lat, at.lon, None, precision, reason, words.start_char, words.end_char, use=use)
        out.append(PlaceMention(span.start, span.end, place))
    return out


INNER_TOWN = 100_000  # a place named inside a longer name, outside the article's countries, must be this large


def inner_runs(doc: Doc, span: NameSpan) -> list[str]:
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


def _inner_places(doc: Doc, spans: Sequence[NameSpan], gazetteer: Gazetteer, countries: Sequence[str],
                  found: Sequence[PlaceMention]) -> dict[int, Place]:
    """For names the gazetteer lacks, the place named by a shorter run of their words, longest first:
    "Colorado State University" → Colorado, "Dara'a Al-Balad District" → Dara'a. Only a place in the
    article's countries that is a division, a country, a town of ``INNER_TOWN`` people or one the article
    names on its own."""
    named = {normalise(m.place.name) for m in found} | {normalise(m.place.text) for m in found}
    runs = {span.start: inner_runs(doc, span) for span in spans}
    known = gazetteer.candidates({t for options in runs.values() for t in options})  # asked with the names
    out: dict[int, Place] = {}
    for start, options in runs.items():
        for text in options:
            if not known.get(text):
                continue
            resolved = gazetteer.resolve(text, countries=countries)
            if resolved is None:
                continue
            cand = resolved[0]
            if cand.kind == "region" or cand.lat is None or cand.country not in countries or not (
                    cand.kind in ("country", "admin1") or cand.population >= INNER_TOWN or normalise(text) in named):
                continue
            out[start] = Place(text, cand.name, cand.country, cand.admin1, cand.lat, cand.lon, cand.geonames_id,
                               KIND_PRECISION.get(cand.kind, "unknown"))
            break
    return out
