"""Every place name in an article, resolved: geoparsing on its own, apart from the events.

    finder = PlaceFinder()
    for found in finder(articles):
        for place in found.places:
            print(place.text, place.name, place.country, place.lat, place.lon, place.reason)

It runs what the event coder runs (spaCy, the knowledge-base matcher, ``find_place_mentions`` with
the article's countries as context) plus the dateline, and nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Article, Failure, Place
from ..pipeline import OnError, raise_failure

logger = logging.getLogger(__name__)

ROW_FIELDS = ("article_id", "text", "start", "end", "name", "country", "admin1", "lat", "lon", "geonames_id", "use",
              "precision", "reason")


@dataclass(frozen=True, slots=True)
class ArticlePlaces:
    """The places named in one article, in text order."""

    article: Article
    places: tuple[Place, ...]
    countries: tuple[str, ...] = ()  # the article's countries (ISO3), most named first: the context

    def rows(self) -> Iterator[dict[str, Any]]:
        """One flat row per place name, as ``sitreps places`` prints them."""
        for place in self.places:
            yield place_row(self.article.id, place)

    def by_text(self) -> dict[str, dict[str, Any]]:
        """The rows keyed by the words as written (a name written twice keeps its last row)."""
        return {row["text"]: row for row in self.rows()}


def place_row(article_id: str, place: Place) -> dict[str, Any]:
    """A place name as a flat JSON-able row (``ROW_FIELDS``)."""
    return {"article_id": article_id, "text": place.text, "start": place.start, "end": place.end,
            "name": place.name, "country": place.country, "admin1": place.admin1, "lat": place.lat,
            "lon": place.lon, "geonames_id": place.geonames_id, "precision": place.precision,
            "reason": place.reason, "use": place.use}


@dataclass
class PlaceFinder:
    """Articles → ``ArticlePlaces``: spaCy, the knowledge-base matcher, the gazetteer."""

    model: str | None = None  # spaCy pipeline; None = sitreps' default
    gazetteer: str | None = None  # gazetteer path; None = the default cache location
    actors: tuple[str, ...] = ()
    batch_size: int = 32
    dateline: bool = True  # add the dateline's place when no other name covers it
    demonyms: bool = True  # list places named through their demonym ("Syrian"), as adjectival uses
    embedded: bool = True  # list places named inside longer names ("The Washington Post"), as embedded uses
    # list names the gazetteer lacks whose point comes only from the article at large (its most named place or
    # country), not from a place named within them or in their sentence, as ``placed_by_article`` tells (a
    # street or building placed at the most named place is listed anyway); the event coder uses them all
    article_wide: bool = False
    on_error: OnError = raise_failure
    _parts: tuple[Any, ...] | None = field(default=None, init=False, repr=False)

    def _load(self) -> tuple[Any, Any, Any]:
        if self._parts is None:
            from ..geo import Gazetteer
            from ..kb import KnowledgeBase
            from ..nlp.kbmatch import KBMatcher
            from ..nlp.spacy import DEFAULT_MODEL, load_model

            nlp = load_model(self.model or DEFAULT_MODEL)
            kb = KnowledgeBase.load(self.actors)
            self._parts = (nlp, KBMatcher(nlp.vocab, kb), Gazetteer.open(self.gazetteer))
        return self._parts

    def __call__(self, articles: Iterable[Article], /) -> Iterator[ArticlePlaces]:
        from ..coding.datelines import find_dateline
        from ..coding.embedded_places import find_embedded_places
        from ..coding.places import article_countries, find_place_mentions, placed_by_article

        nlp, matcher, gazetteer = self._load()
        pairs = ((article.text, article) for article in articles)
        for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            try:
                matches = matcher(doc)
                countries = article_countries(matches)
                mentions = find_place_mentions(doc, matches, gazetteer, countries, demonyms=self.demonyms)
                if not self.article_wide:
                    mentions = [m for m in mentions if not placed_by_article(m.place)]
                if self.embedded:
                    mentions += find_embedded_places(doc, matches, mentions, gazetteer, countries)
                places = [m.place for m in mentions]
                if self.dateline:
                    line = find_dateline(article.text, gazetteer, countries)
                    if line is not None and not any(_overlaps(line, p) for p in places):
                        places.append(line)
                places.sort(key=lambda p: (p.start if p.start is not None else -1, p.end or 0))
                yield ArticlePlaces(article, tuple(places), tuple(countries))
            except Exception as error:  # noqa: BLE001 - one bad article never stops a run
                logger.warning("place finding failed on %s: %s", article.id, error)
                self.on_error(Failure("geo.places", article.id, type(error).__name__, str(error),
                                      article.origin))

    def loaded_gazetteer(self) -> Any:
        """The open ``Gazetteer`` this finder resolves names with."""
        return self._load()[2]

    def close(self) -> None:
        """Close the gazetteer (spaCy's model stays cached in the process)."""
        if self._parts is not None:
            self._parts[2].close()
            self._parts = None


def find_places(articles: Iterable[Article], *, model: str | None = None, gazetteer: str | None = None,
                actors: Iterable[str] = (), on_error: OnError = raise_failure) -> Iterator[ArticlePlaces]:
    """Every place name in each article, resolved, one ``ArticlePlaces`` per article."""
    finder = PlaceFinder(model=model, gazetteer=gazetteer, actors=tuple(map(str, actors)), on_error=on_error)
    try:
        yield from finder(articles)
    finally:
        finder.close()


def _overlaps(a: Place, b: Place) -> bool:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return False
    return a.start < b.end and b.start < a.end
