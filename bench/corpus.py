"""Benchmark corpora: the bundled sample repeated to a size, or the first articles read from paths."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice

from sitreps.api import read, sample_articles
from sitreps.model import Article, Failure

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Corpus:
    """The articles to measure on, and where they came from."""

    articles: tuple[Article, ...]
    source: str
    failures: int = 0  # inputs the readers turned into Failures (skipped)

    @property
    def words(self) -> int:
        return sum(count_words(a.text) for a in self.articles)


def count_words(text: str) -> int:
    """Whitespace-separated words: the unit of the words/s rates."""
    return len(text.split())


def variant(article: Article, copy: int) -> Article:
    """The same story under another URL, so its id differs and the dedupe stage keeps it."""
    if copy == 0:
        return article
    base = article.url or f"sample:{os.path.basename(article.origin or article.id)}"
    return replace(article, url=f"{base}#copy-{copy}", id="")


def repeat(articles: Iterable[Article], n: int) -> Iterator[Article]:
    """``n`` articles: the given ones in turn, each later round a fresh variant of the first."""
    pool = list(articles)
    if not pool:
        return
    for i in range(n):
        yield variant(pool[i % len(pool)], i // len(pool))


def sample_corpus(n: int) -> Corpus:
    """The bundled sample corpus repeated (with distinct ids) to ``n`` articles."""
    items = list(sample_articles())
    pool = [a for a in items if isinstance(a, Article)]
    failures = len(items) - len(pool)
    label = f"bundled sample ({len(pool)} articles) repeated to {n}"
    return Corpus(tuple(repeat(pool, n)), label, failures)


def read_corpus(paths: Iterable[str], n: int | None) -> Corpus:
    """The first ``n`` articles (all when ``n`` is None) read from ``paths``; Failures are skipped."""
    paths = list(paths)
    failures = 0

    def articles() -> Iterator[Article]:
        nonlocal failures
        for item in read(paths):
            if isinstance(item, Failure):
                failures += 1
            else:
                yield item

    chosen = tuple(islice(articles(), n) if n else articles())
    if failures:
        logger.info("%d inputs could not be read and were skipped", failures)
    return Corpus(chosen, ", ".join(paths), failures)
