"""Number expressions read as ACLED-style counts: low / best / high.

``COUNT_PATTERN`` is a regex source (no capturing groups, meant for ``re.IGNORECASE``)
that matches the expressions ``parse_count`` understands, so other extractors can embed it.

Conventions (conservative, as ACLED codes vague reports):

- a bare number gives ``(n, n, n)``; where the text states no bound, the bound equals the best value;
- "at least 12", "no fewer than 12" → ``(12, 12, 12)``;
- "more than 20", "over 20", "upwards of 20" → ``(20, 20, 20)``: ACLED records the figure given;
- "up to 30", "at most 30", "no more than 30" → ``(1, 30, 30)``; "fewer than 10", "under 10" → ``(1, 9, 9)``;
- "about", "around", "nearly", "almost", "some", "roughly", "an estimated", "as many as" → the number;
- ranges "between 10 and 15", "10 to 15", "10-15", "two or three" → ``(10, 10, 15)``: best is the lowest;
- "tens" = 10, "dozens" = 12, "scores" = 20, "hundreds" = 100, "thousands" = 1,000,
  "tens of thousands" = 10,000, "hundreds of thousands" = 100,000, "millions" = 1,000,000;
- "a couple" = 2, "a few" = 3, "several" = 3, "a handful" = 3 ("several hundred" = 300, "a few dozen" = 36);
- "a", "an", "one" = 1; "no one", "nobody", "none", "no", "zero" = 0.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_MULTIPLIERS = {"dozen": 12, "hundred": 100}  # multiply the running group, do not close it
_VAGUE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000}
_FEW = {"couple": 2, "few": 3, "several": 3, "handful": 3}
_ZERO = {"no", "none", "nobody", "zero", "no one"}

_UNIT_RE = "|".join(sorted((w for w in _UNITS if w != "zero"), key=len, reverse=True))
_TENS_RE = "|".join(_TENS)
_SMALL = rf"(?:(?:{_TENS_RE})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?|(?:{_UNIT_RE}))\b"
_SCALE = r"(?:hundred|thousand|million|billion|dozen)\b"
_WORDNUM = rf"(?:(?:{_SMALL}|an?\s)\s*{_SCALE}(?:\s+(?:and\s+)?{_SMALL}(?:\s+{_SCALE})?)*|{_SMALL})"
_DIGITS = (r"(?<![\d.,$£€¥#])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d]|[.,]\d)"
           r"(?:\s+(?:hundred|thousand|million|billion)\b)?")
_VAGUE_RE = r"(?:tens|dozens|scores|hundreds|thousands|millions)\b(?:\s+of\s+(?:thousands|millions)\b)?"
_FEW_RE = (r"(?:(?:several|a\s+few|a\s+couple(?:\s+of)?|a\s+handful(?:\s+of)?)(?:\s+(?:dozens?|hundreds?|"
           r"thousands?|millions?)\b)?|several|half\s+a\s+dozen)\b")
_ZERO_RE = r"(?:no\s+one|nobody|none|zero|no)\b"
_NOT_A_COUNT = "number|lot|host|series|wave|spate|string|majority|minority|total|further|bit"
_A_RE = rf"(?:an?|one)\b(?!\s+(?:{_NOT_A_COUNT})\b)"  # "a soldier" is one; "a number of" is not
_NUM = rf"(?:{_DIGITS}|{_FEW_RE}|{_VAGUE_RE}|{_WORDNUM})"
_QUALIFIERS = {
    "at least": "min", "no fewer than": "min", "no less than": "min", "a minimum of": "min",
    "more than": "above", "over": "above", "well over": "above", "just over": "above",
    "upwards of": "above", "in excess of": "above",
    "up to": "max", "at most": "max", "no more than": "max", "a maximum of": "max",
    "fewer than": "below", "less than": "below", "under": "below", "just under": "below",
    "nearly": "about", "almost": "about", "about": "about", "around": "about", "some": "about",
    "roughly": "about", "approximately": "about", "an estimated": "about", "estimated": "about",
    "as many as": "about", "close to": "about", "a total of": "about", "a further": "about",
    "another": "about", "at least another": "min",
}
_QUAL_RE = "|".join(sorted((q.replace(" ", r"\s+") for q in _QUALIFIERS), key=len, reverse=True))

_FIRST_WORDS = sorted(
    {q.split()[0] for q in _QUALIFIERS} | set(_UNITS) | set(_TENS) | set(_VAGUE)
    | {"between", "several", "half", "nobody", "none", "no", "a", "an"},
    key=len, reverse=True,
)
COUNT_PATTERN = (
    rf"(?=\d|(?:{'|'.join(_FIRST_WORDS)})\b)"  # a cheap first look: most words cannot start a count
    rf"(?:(?:{_QUAL_RE})\s+)?"
    rf"(?:between\s+{_NUM}\s+and\s+{_NUM}"
    rf"|{_NUM}(?:\s*(?:-|–|—)\s*{_DIGITS}|\s+(?:to|or)\s+{_NUM})?"
    rf"|{_ZERO_RE}|{_A_RE})"
)
"""Regex source for a count expression; compile with ``re.IGNORECASE``. No capturing groups."""

_COUNT_RE = re.compile(COUNT_PATTERN, re.IGNORECASE)
_QUAL_HEAD = re.compile(rf"({_QUAL_RE})\s+", re.IGNORECASE)
_BETWEEN = re.compile(r"between\s+(.+?)\s+and\s+(.+)", re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*(?:-|–|—)\s*|\s+(?:to|or)\s+", re.IGNORECASE)
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+", re.IGNORECASE)


def _value(text: str) -> int | None:
    """The number one expression without qualifiers or ranges names, or None."""
    words = " ".join(text.lower().split())
    if words in _ZERO:
        return 0
    if words in ("a", "an", "one"):
        return 1
    if words == "half a dozen":
        return 6
    total = 0.0
    current: float | None = None
    seen = False
    for token in _TOKEN.findall(words):
        if token in ("and", "of", "a", "an"):
            if token in ("a", "an") and current is None:
                current = 1
            continue
        if token[0].isdigit():
            if current is not None:
                return None
            current = float(token.replace(",", ""))
        elif token in _UNITS or token in _TENS:
            current = (current or 0) + _UNITS.get(token, _TENS.get(token, 0))
        elif token in _FEW:
            current = _FEW[token]
        elif token in _MULTIPLIERS:
            current = (current or 1) * _MULTIPLIERS[token]
        elif token.rstrip("s") in _MULTIPLIERS and token.endswith("s"):  # "several dozens", "hundreds"
            current = (current or 1) * _MULTIPLIERS[token[:-1]]
        elif token in _SCALES or (token.endswith("s") and token[:-1] in _SCALES):
            scale = _SCALES[token if token in _SCALES else token[:-1]]
            total += (current or 1) * scale
            current = None
        elif token in _VAGUE:
            current = (current or 1) * _VAGUE[token]
        else:
            return None
        seen = True
    if not seen:
        return None
    return round(total + (current or 0))


def _range(text: str) -> tuple[int, int] | None:
    between = _BETWEEN.fullmatch(text)
    if between:
        a, b = _value(between.group(1)), _value(between.group(2))
        return (min(a, b), max(a, b)) if a is not None and b is not None else None
    for sep in _RANGE_SEP.finditer(text):
        a, b = _value(text[: sep.start()]), _value(text[sep.end():])
        if a is not None and b is not None:
            return min(a, b), max(a, b)
    return None


def parse_count(text: str) -> tuple[int, int, int] | None:
    """Low, best, high for a number expression ("at least 12", "dozens", "10-15"), or None."""
    text = " ".join(text.split())
    if not text or not _COUNT_RE.fullmatch(text):
        return None
    kind = "exact"
    head = _QUAL_HEAD.match(text)
    if head and _COUNT_RE.fullmatch(text[head.end():]):
        kind = _QUALIFIERS[" ".join(head.group(1).lower().split())]
        text = text[head.end():]
    value = _value(text)
    if value is None:
        bounds = _range(text)
        if bounds is None:
            return None
        return bounds[0], bounds[0], bounds[1]
    if kind == "max":
        return min(1, value), value, value
    elif kind == "below":
        return min(1, value - 1), value - 1, value - 1
    return value, value, value
