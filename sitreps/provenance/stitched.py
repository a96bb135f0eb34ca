"""Stitched pages: an article whose paragraphs come from different stories.

Two kinds of evidence. With other stored articles: each paragraph is looked up among them (3-word shingles,
at least ``MATCH_SHARE`` of the paragraph found in the other article); where the articles that hold one run of
paragraphs hold none of the next, a new source begins. Without any stored copy: the page is split where its
paragraphs stop sharing content words and names (cosine of the two sides, TextTiling's idea applied
divisively), helped by a dateline opening a paragraph inside the page and by breaks in style (quote marks,
-ise/-ize spelling) and time frame (the years named).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise

from .text import MIN_PARA_WORDS, PARA_SHINGLE, Paragraph, alternation, containment, shingles, words

MATCH_SHARE = 0.5  # a paragraph is found in another article when this share of its shingles is there
PART_SHARE = 0.2  # and partly found with this share
LONE_WORDS = 20  # a single paragraph found elsewhere is a source of its own only when this long
BOILERPLATE_MATCHES = 25  # a paragraph found in this many articles is boilerplate, not a source
SPLIT_BELOW = 0.02  # split a block where the two sides' cosine falls below this …
SPLIT_BELOW_SINGLE = 0.01  # … or below this where one side is a single paragraph
FURTHER_BELOW = 0.12  # once a page is split, a further split needs only this (a stitched page has 2-4 stories)
MAX_SEGMENTS = 6
SIDE_WORDS = 60  # a side of fewer words …
SHORT_SIDE = 0.5  # … needs a cosine this much lower
STEM = 5  # content words are cut to this many letters (Russia, Russian; attack, attacked)
ORIGINAL_DAMPING = 0.6  # text breaks count this much in an article that later pages took paragraphs from
SINGLE_WORDS = 40  # a story of one paragraph is split off only when that paragraph is this long
COPY_SCORE = 0.95  # the score of a page whose paragraphs are found in different stored articles

STOP = set("""a about above after again against all also although am among an and another any are around as at
be because been before being below between both but by can could did do does doing down during each either
else even ever every few for from further had has have having he her here hers herself him himself his how
however i if in into is it its itself just least less like made make many may me might more most much must my
near neither no nor not now of off on once one only or other others our ours out over own per put rather said
same say says she should since so some still such than that the their theirs them themselves then there these
they this those though three through thus to told too two under until up upon us very was we were what when
where whether which while who whom whose why will with within without would yet you your also told added
according new first last year years week day days time monday tuesday wednesday thursday friday saturday sunday
mr mrs ms people statement""".split())

_DATELINE = re.compile(r"^(?:[A-Z][A-Z .'-]{2,30}|[A-Z][a-z]+(?: [A-Z][a-z]+)?,?(?: [A-Z][a-z]+\.? \d{1,2})?"
                       r"(?= ?\())(?:, [A-Z][A-Za-z.]+)?(?:,? [A-Z][a-z]+\.? \d{1,2})?\s*(?:\([A-Za-z .&-]{2,30}\))?"
                       r"\s*[-–—:]{1,2}\s"
                       r"|^(?!(?:he|she|they|it|we|i)\b)(?:[A-Z][a-z]+|[a-z]+)(?: (?:[A-Z][a-z]+|[a-z]+))?"
                       r"(?<!ed)(?<!ds)(?<!ys)(?<!ts)(?<!told)(?<!said)(?<!asks): ")
# what closes a web article: a row of share buttons, a credit, a copyright line, a "related" list
_ARTICLE_END = re.compile(r"(?:\b(?:facebook|twitter|linkedin|whatsapp|e-?mail|mail|print|reddit)\W+){2,}"
                          r"(?:facebook|twitter|linkedin|whatsapp|e-?mail|mail|print|reddit)\W*$"
                          r"|\((?:additional )?(?:reporting|editing|writing) by [^)]{2,120}\)\W*$"
                          r"|(?:all rights reserved|copyright \d{4}[^.]{0,80})\W*$"
                          r"|\b(?:related stories|related articles|read more|also read)\W*:?[^.]{0,120}$", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_CAPITAL = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+(?: [A-Z][a-z]+)*")


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    matches: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stitched:
    score: float
    boundaries: tuple[int, ...]
    segments: tuple[Segment, ...]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "boundaries": list(self.boundaries),
                "segments": [{"start": s.start, "end": s.end, "matches": list(s.matches)} for s in self.segments],
                "reasons": list(self.reasons)}


def paragraph_matches(paras: Sequence[Paragraph], others: Mapping[str, frozenset[str]]
                      ) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """For each paragraph, the other articles (by id, with their 3-word shingles) that hold it, and those that
    hold at least ``PART_SHARE`` of it."""
    found: list[frozenset[str]] = []
    parts: list[frozenset[str]] = []
    for para in paras:
        tokens = words(para.text)
        if len(tokens) < MIN_PARA_WORDS:
            found.append(frozenset())
            parts.append(frozenset())
            continue
        own = shingles(tokens, PARA_SHINGLE)
        shares = {i: containment(own, set(theirs)) for i, theirs in others.items()}
        ids = frozenset(i for i, share in shares.items() if share >= MATCH_SHARE)
        found.append(ids if len(ids) < BOILERPLATE_MATCHES else frozenset())
        parts.append(frozenset(i for i, share in shares.items() if share >= PART_SHARE))
    return found, parts


@cache
def _countries() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Every name a country goes by (its name, aliases, demonyms and capital, from the knowledge base) → its
    code: one story names one country in several ways ("the United States", "U.S.", "American")."""
    path = resources.files("sitreps") / "data" / "kb" / "countries.jsonl"
    names: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            row = json.loads(line)
            for name in [row["name"], *row.get("aliases", []), *row.get("demonyms", []), row.get("capital") or ""]:
                if len(name) > 1:
                    names.setdefault(name, row["code"])
    every, long = alternation(names), alternation((n for n in names if len(n) > 3), ignore_case=True)
    return (re.compile(rf"(?<![\w.])(?:{every})(?![\w-])"),
            re.compile(rf"(?<![\w.])(?:{long})(?![\w-])", re.IGNORECASE),
            {**{n.lower(): c for n, c in names.items() if len(n) > 3}, **names})


def terms(text: str) -> Counter[str]:
    """Content words cut to their first STEM letters; names inside sentences count twice; each naming of a
    country (in any of its forms) adds its code as a term. (A build asks for a whole article's terms twice,
    for the document frequencies and for the idf of what it compares: the answers are kept, a fresh Counter
    given each time.)"""
    return Counter(dict(_terms(text)))


@lru_cache(maxsize=1024)
def _terms(text: str) -> tuple[tuple[str, int], ...]:
    vec: Counter[str] = Counter(w[:STEM] for w in words(text) if len(w) > 2 and w not in STOP and not w.isdigit())
    for name in _CAPITAL.findall(text):
        for part in name.lower().split():
            if part not in STOP:
                vec[part[:STEM]] += 1
    cased, uncased, codes = _countries()
    pattern = cased if not text.islower() and any(c.isupper() for c in text) else uncased  # islower: none to find
    for match in pattern.finditer(text):
        code = codes.get(match.group(0)) or codes.get(match.group(0).lower())
        if code:
            vec["#" + code] += 1
    return tuple(vec.items())


def _vector(text: str, idf: Mapping[str, float]) -> Counter[str]:
    """tf-idf; a term the store has not counted gets the highest weight."""
    top = max(idf.values(), default=1.0)
    return Counter({term: n * idf.get(term, top) for term, n in terms(text).items()})


def idf_weights(df: Mapping[str, int], articles: int) -> dict[str, float]:
    """Smoothed inverse document frequency: log((n + 1) / (df + 1)) + 1."""
    return {term: math.log((articles + 1) / (n + 1)) + 1 for term, n in df.items()}


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _style(text: str) -> tuple[int, int]:
    """(curly quotes minus straight ones, -ise minus -ize spellings): signs differ across outlets' styles."""
    quotes = len(re.findall("[“”‘’]", text)) - len(re.findall("[\"']", text))
    spelling = len(re.findall(r"\b\w+is(?:e|ed|es|ing|ation)\b", text)) - len(
        re.findall(r"\b\w+iz(?:e|ed|es|ing|ation)\b", text))
    return (quotes > 0) - (quotes < 0), (spelling > 0) - (spelling < 0)


def _gap_strength(vecs: Sequence[Counter[str]], paras: Sequence[Paragraph], lo: int, k: int, hi: int,
                  ended: bool = False, bar: float = 0.0, sizes: Sequence[int] = ()) -> float:
    """How strongly a new story begins at paragraph ``k`` of the block [lo, hi): 0 none .. 1 sure. ``ended``:
    the paragraph before closes like a web article (share buttons, credits)."""
    if min(k - lo, hi - k) == 1 and len(words(paras[k - 1 if k - lo == 1 else k].text)) < SINGLE_WORDS:
        return 0.0
    left = sum((vecs[i] for i in range(lo, k)), Counter())
    right = sum((vecs[i] for i in range(k, hi)), Counter())
    sim = _cosine(left, right)
    bar = SPLIT_BELOW_SINGLE if (k - lo == 1 or hi - k == 1) else (bar or SPLIT_BELOW)
    if sizes and min(sum(sizes[lo:k]), sum(sizes[k:hi])) < SIDE_WORDS:  # short sides share little by chance
        bar *= SHORT_SIDE
    strength = max(0.0, min(1.0, 0.5 + (bar - sim) / (2 * bar)))
    if _DATELINE.match(paras[k].text) or ended:
        strength = max(strength, 0.6) + 0.2
    style_l = _style(" ".join(p.text for p in paras[lo:k]))
    style_r = _style(" ".join(p.text for p in paras[k:hi]))
    if any(a * b < 0 for a, b in zip(style_l, style_r, strict=True)):
        strength += 0.1
    years_l = set(_YEAR.findall(" ".join(p.text for p in paras[lo:k])))
    years_r = set(_YEAR.findall(" ".join(p.text for p in paras[k:hi])))
    if years_l and years_r and not years_l & years_r:
        strength += 0.05
    return min(1.0, strength)


def text_boundaries(paras: Sequence[Paragraph], fixed: Sequence[tuple[int, int]] = (),
                    idf: Mapping[str, float] | None = None) -> dict[int, float]:
    """Paragraph indexes where a new story begins by the text alone, with their strength (≥ 0.5).

    Paragraphs under ``MIN_PARA_WORDS`` words (share buttons, credits) go with their neighbours. ``fixed``:
    paragraph ranges known to come from one story (found together in another article); no split falls
    inside one.
    """
    keep = [p for p in paras if len(words(p.text)) >= MIN_PARA_WORDS]
    closed = {p.index + 1 for p in paras[:-1] if _ARTICLE_END.search(p.text)}
    ended = [any(i in closed for i in range(keep[k - 1].index + 1, p.index + 1)) if k else False
             for k, p in enumerate(keep)]
    vecs = [_vector(p.text, idf or {}) for p in keep]
    sizes = [len(words(p.text)) for p in keep]
    inside = {k for k, p in enumerate(keep) if any(lo < p.index <= hi for lo, hi in fixed)}
    blocks = [(0, len(keep))]
    found: dict[int, float] = {}
    while len(blocks) < MAX_SEGMENTS:
        best: tuple[float, int, int, int] | None = None
        for lo, hi in blocks:
            for k in range(lo + 1, hi):
                if k in inside:
                    continue
                strength = _gap_strength(vecs, keep, lo, k, hi, ended[k], FURTHER_BELOW if found else SPLIT_BELOW,
                                         sizes)
                if best is None or strength > best[0]:
                    best = (strength, k, lo, hi)
        if best is None or best[0] < 0.5:
            break
        strength, k, lo, hi = best
        found[keep[k].index] = strength
        blocks.remove((lo, hi))
        blocks += [(lo, k), (k, hi)]
    return found


def copy_boundaries(matches: Sequence[frozenset[str]], parts: Sequence[frozenset[str]] | None = None,
                    sizes: Sequence[int] | None = None) -> tuple[list[int], list[tuple[int, int]]]:
    """Where the set of articles holding the paragraphs changes: (paragraph indexes where a new source
    begins, the (first, last) paragraph ranges each found together). A lone paragraph found elsewhere makes
    no run of its own when it is short (``sizes``, in words: a line of boilerplate) or also partly found in a
    neighbouring run's articles (``parts``: a sentence added from another story to a paragraph of the first);
    without ``parts`` and ``sizes``, no lone paragraph does."""
    runs = _runs(matches)
    lone = set()
    for n, (first, last, _) in enumerate(runs):
        near = set().union(*(r[2] for r in runs[max(0, n - 1):n + 2] if r[0] != first))
        if first == last and (parts is None or sizes is None or sizes[first] < LONE_WORDS
                              or parts[first] & near):
            lone.add(first)
    if lone:
        runs = _runs([frozenset() if i in lone else m for i, m in enumerate(matches)])
    return [first for first, _, _ in runs[1:]], [(first, last) for first, last, _ in runs]


def _runs(matches: Sequence[frozenset[str]]) -> list[tuple[int, int, frozenset[str]]]:
    runs: list[tuple[int, int, frozenset[str]]] = []
    for i, found in enumerate(matches):
        if not found:
            continue
        if runs and runs[-1][2] & found:
            runs[-1] = (runs[-1][0], i, runs[-1][2] & found)
        else:
            runs.append((i, i, found))
    return runs


def stitched(text: str, paras: Sequence[Paragraph], matches: Sequence[frozenset[str]],
             idf: Mapping[str, float] | None = None, original: bool = False,
             parts: Sequence[frozenset[str]] | None = None) -> Stitched:
    """The stitched-page finding for one article from its paragraphs and where each was found; ``idf``
    weighs each term by how rare it is among the stored articles (``idf_weights``). ``original``: later
    pages took some of this article's paragraphs, which makes it the source they were taken from, so breaks
    in its text alone count less (``ORIGINAL_DAMPING``)."""
    if len(paras) < 2:
        whole = (Segment(0, len(text), tuple(sorted(matches[0]))),) if paras else ()
        return Stitched(0.0, (), whole, ())
    starts, runs = copy_boundaries(matches, parts, [len(words(p.text)) for p in paras])
    by_text = text_boundaries(paras, runs, idf)
    reasons: list[str] = []
    cuts: dict[int, float] = {}
    if starts:
        reasons.append(f"paragraphs found in {len(runs)} different stored articles")
        cuts.update(dict.fromkeys(starts, COPY_SCORE))
    # a text break counts only where it does not fall next to a copy boundary already found
    for k, strength in by_text.items():
        if all(abs(k - s) > 1 for s in starts):
            cuts[k] = strength * (ORIGINAL_DAMPING if original else 1.0)
    if by_text and any(k not in starts for k in by_text):
        reasons.append("topic, names or style break between paragraphs")
    order = sorted(cuts)
    edges = [0, *order, len(paras)]
    segments = []
    for lo, hi in pairwise(edges):
        held = [m for m in matches[lo:hi] if m]
        common = frozenset.intersection(*held) if held else frozenset()
        segments.append(Segment(paras[lo].start, paras[hi - 1].end, tuple(sorted(common))))
    score = max(cuts.values(), default=0.0)
    if not cuts:
        reasons = []
    return Stitched(round(score, 3), tuple(paras[k].start for k in order), tuple(segments), tuple(reasons))
