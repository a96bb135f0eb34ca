"""Spinning found against the story it was spun from: where a stored earlier article tells the same text
and this one has other words in their place, each time the same ("police" → "law enforcement officers",
"said" → "stated", "Turkey" → "Republic of Turkey"), a spinner's table was applied, whatever table it was.

A light edit changes a few words once each (a word dropped, "reportedly" put in); a spinner replaces a
word or phrase *wherever it occurs*. Only replacements repeated the same way count in full; one-off
replacements count a little, so a copy with a few edits is not called spun.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from .duplicates import Text
from .spun import LENGTH_UNIT, Substitution

_WORD = re.compile(r"[\w'’-]+")
MIN_RATIO = 0.6  # how alike the two texts must be, word for word, to be one story told twice
MAX_PHRASE = 5  # the longest phrase (in words) read as one replacement
REPEATED = 0.5  # evidence for each occurrence of a replacement made the same way twice or more, wherever
CONSISTENT = 0.5  # ... the earlier story has the words: at least this share of their occurrences replaced
ONE_OFF = 0.05  # evidence for each other replacement
OTHER_EDITS = 0.15  # more words than this share added or dropped: another telling of the story, not a spin


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def rewrites(article: Text, earlier: Iterable[Text]) -> tuple[float, list[Substitution]]:
    """The spin score (0..1) and the replacements of ``article`` against the most alike of the ``earlier``
    stored articles (published no later than it), or (0, []) when none tells the same text."""
    mine = _tokens(article.text)
    if len(mine) < 30:
        return 0.0, []
    best: tuple[float, list[tuple[str, int, int]], SequenceMatcher[str]] | None = None
    for other in earlier:
        if other.id == article.id:
            continue
        theirs = _tokens(other.text)
        matcher = SequenceMatcher(None, [t[0] for t in theirs], [t[0] for t in mine], autojunk=False)
        if matcher.real_quick_ratio() < MIN_RATIO or matcher.quick_ratio() < MIN_RATIO:
            continue
        ratio = matcher.ratio()
        if ratio >= MIN_RATIO and (best is None or ratio > best[0]):
            best = (ratio, theirs, matcher)
    if best is None:
        return 0.0, []
    _, theirs, matcher = best
    found: list[tuple[str, str, int, int]] = []
    other_edits = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 <= MAX_PHRASE and j2 - j1 <= MAX_PHRASE:
            old = " ".join(t[0] for t in theirs[i1:i2])
            new = " ".join(t[0] for t in mine[j1:j2])
            found.append((old, new, mine[j1][1], mine[j2 - 1][2]))
        elif op != "equal":
            other_edits += max(i2 - i1, j2 - j1)
    if other_edits > OTHER_EDITS * len(mine):
        return 0.0, []
    pairs = Counter((old, new) for old, new, _, _ in found)
    earlier_text = " " + " ".join(t[0] for t in theirs) + " "
    evidence = 0.0
    for (old, _), n in pairs.items():
        told = max(1, earlier_text.count(f" {old} "))
        evidence += n * (REPEATED if n >= 2 and n / told >= CONSISTENT else ONE_OFF)
    evidence /= math.sqrt(max(1.0, len(mine) / LENGTH_UNIT))
    subs = [Substitution(start, end, article.text[start:end], _cased(old, article.text[start:end]), "rewrite")
            for old, _, start, end in found]
    return round(1 - math.exp(-evidence), 3), subs


def _cased(old: str, written: str) -> str:
    """The earlier story's words, capitalised as the replacement was."""
    return old[:1].upper() + old[1:] if written[:1].isupper() else old
