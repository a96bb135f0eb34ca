"""What an article says about its main incident, as words: a TF-IDF profile of its title and lede and the
sentences of its main tellings, compared by cosine.

The terms are the content words (three letters or more, no function words), the proper names once more
(``@name``: the name of a town or a group tells more than a common word), and the numbers (``#12``). A term
weighs (1 + log tf) × its smoothed inverse document frequency over the articles of a build: ``SMOOTHING``
unseen articles are added to the count, so that in a build of a few articles every term weighs about alike,
while in a big one the name of a town outweighs the name of a country that every report gives.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from .telling import STOP, proper_names

_TERM = re.compile(r"[A-Za-z][A-Za-z'\-]+|\d[\d,.]*\d|\d")


def terms(text: str) -> Counter[str]:
    """The terms of a text with their counts: content words, proper names (``@``) and numbers (``#``). (A build
    asks for the same lede's terms each time it makes a group of its tellings: the answers are kept, a fresh
    Counter given each time.)"""
    return Counter(dict(_terms(text)))


@lru_cache(maxsize=4096)
def _terms(text: str) -> tuple[tuple[str, int], ...]:
    out: Counter[str] = Counter()
    for match in _TERM.finditer(text):
        word = match.group()
        if word[0].isdigit():
            digits = word.replace(",", "")
            if digits.isdigit() and len(digits) < 5:  # a count, not a year, a phone number or a decimal
                out["#" + str(int(digits))] += 1
            continue
        low = word.lower().removesuffix("'s")
        if len(low) >= 3 and low not in STOP:
            out[low] += 1
    for name in proper_names(text):
        out["@" + name] += 1
    return tuple(out.items())


class Vocabulary:
    """Document frequencies over the articles of a build, and the unit-length TF-IDF vectors of their profiles
    (computed once per article, when first asked for, so count every article before comparing any)."""

    SMOOTHING = 10

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.articles = 0
        self._vectors: dict[str, dict[str, float]] = {}
        self._cosines: dict[tuple[str, str], float] = {}
        self.towns: dict[str, frozenset[str]] = {}  # "@name" -> the countries with a town of that name (gazetteer)

    def count(self, profile: Iterable[str]) -> None:
        self.articles += 1
        self.df.update(set(profile))

    def idf(self, term: str) -> float:
        return math.log((self.articles + self.SMOOTHING) / (self.df[term] + 1))

    def vector(self, key: str, profile: Counter[str]) -> dict[str, float]:
        """The profile's TF-IDF vector of unit length (cached under ``key``, an article id)."""
        found = self._vectors.get(key)
        if found is None:
            raw = {t: (1.0 + math.log(n)) * self.idf(t) for t, n in profile.items() if n > 0}
            norm = math.sqrt(sum(v * v for v in raw.values()))
            found = {t: v / norm for t, v in raw.items() if v > 0} if norm > 0 else {}
            self._vectors[key] = found
        return found

    def similarity(self, x: str, px: Counter[str], y: str, py: Counter[str]) -> float:
        """The cosine of two articles' vectors (kept per ordered pair: a build compares the same two many times)."""
        found = self._cosines.get((x, y))
        if found is None:
            found = self._cosines[(x, y)] = cosine(self.vector(x, px), self.vector(y, py))
        return found

    def top(self, key: str, profile: Counter[str], n: int) -> list[str]:
        """The ``n`` weightiest terms of a profile: the keys it is looked up by."""
        vec = self.vector(key, profile)
        return sorted(vec, key=lambda t: (-vec[t], t))[:n]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
