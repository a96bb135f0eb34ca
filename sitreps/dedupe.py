"""Dropping articles already seen in this run (the store drops those seen in earlier runs)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .model import Article


@dataclass
class UniqueArticles:
    """Article → Article, each id once: the same story read twice is coded once."""

    name: str = "dedupe.ids.v1"
    seen: set[str] = field(default_factory=set)

    def __call__(self, articles: Iterable[Article], /) -> Iterator[Article]:
        for article in articles:
            if article.id not in self.seen:
                self.seen.add(article.id)
                yield article
