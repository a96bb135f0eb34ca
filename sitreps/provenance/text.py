"""An article's text as the provenance checks see it: paragraphs with their offsets, word shingles, MinHash
signatures (datasketch) and the LSH band keys the store joins on.

A band key is what datasketch's ``MinHashLSH`` puts in one of its hash tables: a slice of ``ROWS`` hash values
of a signature. Kept as rows of a DuckDB table, the bands of new articles are joined with the bands of every
stored one in SQL, so a build never holds the whole index in memory and never compares all pairs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

PERMUTATIONS = 64
ROWS = 4  # 16 bands of 4 rows: a pair with Jaccard 0.5 shares a band with probability 0.65, at 0.3 with 0.12
BANDS = PERMUTATIONS // ROWS
DOC_SHINGLE = 5  # words per shingle for the whole article
PARA_SHINGLE = 3  # and for one paragraph
MIN_PARA_WORDS = 8  # shorter paragraphs (credits, captions, one-line boilerplate) are not matched on their own

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE = re.compile(r"\n\s*")


def alternation(names: Iterable[str], *, ignore_case: bool = False) -> str:
    """A regular expression for any of ``names`` that matches what ``"|".join`` of them, longest first, matches
    (at a position, the longest name that fits and whose context fits, then the shorter ones), written as a trie:
    a branch per next character, so the engine follows one branch per character instead of trying thousands of
    names at every position. ``ignore_case``: for a pattern compiled with ``re.IGNORECASE``; the names are
    merged by lower case, so that no two branches match the same letter."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for name in names:
        if not name:
            continue
        if ignore_case and len(name.lower()) == len(name):
            name = name.lower()
        node = root
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here

    def branch(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        ends = "" in node
        ways = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not ways:
            return ""
        body = ways[0] if len(ways) == 1 and not ends else "(?:" + "|".join(ways) + ")"
        return body + "?" if ends else body  # greedy: the longer name first, this one if what follows fails

    return branch(root)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph: its index in the article, character offsets and text."""

    index: int
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs split on blank lines, or on line breaks in a text that has no blank line."""
    splitter = _BLANK if _BLANK.search(text) else _LINE
    out: list[Paragraph] = []
    position = 0
    for piece in [*splitter.finditer(text), None]:
        end = piece.start() if piece else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + chunk.index(stripped[0])
            out.append(Paragraph(len(out), start, start + len(stripped), stripped))
        if piece:
            position = piece.end()
    return out


def words(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophes kept inside words)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def shingles(tokens: list[str], size: int) -> set[str]:
    """Word n-grams of ``size`` (the whole text as one shingle when it is shorter)."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def signature(items: Iterable[str]) -> MinHash:
    """A MinHash of a set of shingles."""
    sketch = MinHash(num_perm=PERMUTATIONS, seed=1)
    sketch.update_batch([item.encode("utf-8") for item in items])
    return sketch


def band_keys(sketch: MinHash) -> list[int]:
    """One signed 64-bit key per band: a hash of that band's slice of the signature."""
    values = np.asarray(sketch.hashvalues, dtype=np.uint64)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


@dataclass(frozen=True, slots=True)
class Unit:
    """What is indexed for an article: the whole text (``paragraph`` -1) and each long enough paragraph."""

    article_id: str
    paragraph: int
    keys: tuple[int, ...]


def units(article_id: str, text: str) -> Iterator[Unit]:
    """The indexed units of one article, each with its band keys."""
    tokens = words(text)
    if tokens:
        yield Unit(article_id, -1, tuple(band_keys(signature(shingles(tokens, DOC_SHINGLE)))))
    for para in paragraphs(text):
        para_tokens = words(para.text)
        if len(para_tokens) >= MIN_PARA_WORDS:
            yield Unit(article_id, para.index, tuple(band_keys(signature(shingles(para_tokens, PARA_SHINGLE)))))


def containment(part: set[str], whole: set[str]) -> float:
    """The share of ``part`` found in ``whole``."""
    return len(part & whole) / len(part) if part else 0.0


def jaccard(a: set[str], b: set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0
