"""Spun names: the long, official or swapped forms a content farm writes where wires write the short one.

The forms are in ``sitreps/data/provenance/spun.tsv`` (form, canonical, kind). Besides the listed forms, any
"<qualifiers> Republic|Kingdom|Federation|… of <country>" is an official form of that country. A form is not
counted inside a short quotation (a document's title) or as part of a treaty's or an office's name
("Treaty between the United States of America and …", "Embassy of the Russian Federation"). One form once in a
long article is weak evidence; the score grows with the weight of the forms found, their variety, and their
density in the text.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .text import alternation, words
from .variants import name_variants, wording_swaps

WEIGHTS = {"official": 0.5, "long": 0.5, "acronym": 0.4, "spinner": 0.9,
           "synonym": 0.8, "variant": 0.35, "phrase": 0.2, "wording": 0.15}  # the last four: variants.py
LENGTH_UNIT = 500  # words: evidence is divided by sqrt(words / LENGTH_UNIT) in longer articles
REPEATS = {"synonym": 2.0, "variant": 2.0, "phrase": 2.0, "wording": 2.0}  # at most this many times the weight from repeats
VARIETY = 0.3  # extra evidence for each further distinct canonical name

_QUALIFIER = ("Islamic|Federal|Democratic|People's|Socialist|Arab|United|Federative|Bolivarian|Plurinational|"
              "Independent|Hashemite|Co-operative|Cooperative|Oriental|Eastern")
_HEAD = "Republic|Kingdom|Federation|Commonwealth|Principality|Sultanate|Emirate|State|Grand Duchy|Union"
_OFFICE = re.compile(r"(?:Treaty|Agreement|Convention|Charter|Constitution|Embassy|Consulate|Mission|Code|Act|"
                     r"Accord|Protocol|Law|Laws|Resolution|Council|Government|Ministry[\w ]{0,30}|President|"
                     r"Parliament|Assembly|Court|Office|Bank|Army|Navy|Republic|Federation|Kingdom)"
                     r"\s+(?:of|between|with|and)\s+(?:the\s+)?$", re.IGNORECASE)
_TREATY = re.compile(r"\b(?:Treaty|Agreement|Convention|Accord|Protocol|Memorandum)\s+(?:between|of|with)\b[^.;]{0,80}$",
                     re.IGNORECASE)
_AFTER_ACRONYM = re.compile(r"^\s*(?:[A-Z][a-z]|Today\b|-)")


@dataclass(frozen=True, slots=True)
class Substitution:
    start: int
    end: int
    text: str
    canonical: str
    kind: str
    weight: float = 0.0  # where set (wire wording), it replaces the kind's weight


@dataclass(frozen=True, slots=True)
class Spun:
    score: float
    substitutions: tuple[Substitution, ...]

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "substitutions": [
            {"start": s.start, "end": s.end, "text": s.text, "canonical": s.canonical, "kind": s.kind}
            for s in self.substitutions]}


@dataclass(frozen=True, slots=True)
class Table:
    forms: dict[str, tuple[str, str]]  # form as written (or lower-cased when matched in any case) → (canon, kind)
    cased: re.Pattern[str]
    cased_any_case: re.Pattern[str]  # the cased forms in any case (for a lower-cased text)
    uncased: re.Pattern[str]
    countries: dict[str, str]  # a country's short name, lower-cased → the name
    official: re.Pattern[str]


@cache
def table() -> Table:
    """The spun forms, with the patterns that find them."""
    text = (resources.files("sitreps") / "data" / "provenance" / "spun.tsv").read_text(encoding="utf-8")
    forms: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            form, canonical, kind = line.split("\t")
            forms[form if form != form.lower() else form.lower()] = (canonical, kind)
            if re.fullmatch(r"(?:[A-Z]\.){3,}", form):  # a dotted acronym is written without its last dot too
                forms.setdefault(form[:-1], (canonical, kind))
    cased = [f for f in forms if f != f.lower()]
    uncased = [f for f in forms if f == f.lower()]
    countries = {name.lower(): name for name in _country_names()}
    names = alternation([c for c in countries.values() if " of " not in c])
    official = re.compile(rf"(?<![\w-])(?:(?:{_QUALIFIER})\s+)*(?:{_HEAD})\s+of\s+(?:the\s+)?({names})(?![\w-])")
    return Table(forms, re.compile(rf"(?<![\w.-])(?:{alternation(cased)})(?![\w-])"),
                 re.compile(rf"(?<![\w.-])(?:{alternation(cased, ignore_case=True)})(?![\w-])", re.IGNORECASE),
                 re.compile(rf"(?<![\w.-])(?:{alternation(uncased, ignore_case=True)})(?![\w-])", re.IGNORECASE),
                 countries, official)


def _in_short_quote(text: str, start: int, end: int) -> bool:
    """Whether the span sits inside a quotation of at most 15 words (a title, not speech)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    for quote in re.finditer(r"[\"“]([^\"“”]{1,200})[\"”]|«([^»]{1,200})»", line):
        if quote.start() <= start - line_start and end - line_start <= quote.end():
            return len((quote.group(1) or quote.group(2) or "").split()) <= 15
    return False


def _official_name(text: str, start: int) -> bool:
    """Whether the form is part of a treaty's, office's or institution's name."""
    before = text[max(0, start - 120):start]
    return bool(_OFFICE.search(before[-60:]) or _TREATY.search(before))


def find(text: str, kb_names: frozenset[str] = frozenset()) -> list[Substitution]:
    """The spun forms in a text, in order."""
    spec = table()
    tokens = text.split()
    capitals = sum(1 for t in tokens if t[:1].isupper())
    lowered = capitals <= 0.05 * len(tokens)  # a lower-cased text: match every form in any case
    found: dict[int, Substitution] = {}
    matches = [*spec.uncased.finditer(text)]
    matches += [*(spec.cased_any_case if lowered else spec.cased).finditer(text)]
    for match in matches:
        form = match.group(0)
        entry = spec.forms.get(form) or spec.forms.get(form.lower()) or next(
            (v for k, v in spec.forms.items() if k.lower() == form.lower()), None)
        if entry is None:
            continue
        canonical, kind = entry
        if kind == "acronym" and (_AFTER_ACRONYM.match(text[match.end():]) or text[:match.start()].endswith(
                ("Team ", "team "))):
            continue
        found.setdefault(match.start(), Substitution(match.start(), match.end(), form, canonical, kind))
    for match in spec.official.finditer(text):
        if match.start() not in found and match.group(0).lower() not in kb_names:
            country = spec.countries[match.group(1).lower()]
            found[match.start()] = Substitution(match.start(), match.end(), match.group(0), country, "official")
    kept = []
    last_end = -1
    for sub in sorted(found.values(), key=lambda s: (s.start, -s.end)):
        if sub.start < last_end:
            continue
        if sub.kind in ("official", "long") and (_in_short_quote(text, sub.start, sub.end)
                                                 or _official_name(text, sub.start)):
            continue
        kept.append(sub)
        last_end = sub.end
    return kept


def score(substitutions: list[Substitution], n_words: int) -> float:
    """0..1 from the weight of the forms (a form repeated counts half again each time), their variety and
    their density."""
    per_form: dict[str, list[Substitution]] = {}
    for sub in substitutions:
        per_form.setdefault(sub.canonical if sub.kind == "wording" else sub.text.lower(), []).append(sub)
    evidence = sum((subs[0].weight or WEIGHTS[subs[0].kind]) * min(1 + 0.5 * (len(subs) - 1), REPEATS.get(subs[0].kind, math.inf))
                   for subs in per_form.values())
    evidence += VARIETY * max(0, len({s.canonical for s in substitutions if s.kind != "wording"}) - 1)
    evidence /= math.sqrt(max(1.0, n_words / LENGTH_UNIT))
    return round(1 - math.exp(-evidence), 3)


@cache
def _country_names() -> tuple[str, ...]:
    """The short names of the knowledge base's countries (what wires write)."""
    path = resources.files("sitreps") / "data" / "kb" / "countries.jsonl"
    return tuple(json.loads(line)["name"] for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#"))


def _kb_names() -> frozenset[str]:
    return frozenset(name.lower() for name in _country_names())


def spun(text: str) -> Spun:
    """The spun-names finding for one article."""
    subs = find(text, _kb_names())
    taken = [(s.start, s.end) for s in subs]
    for variant in [*name_variants(text), *wording_swaps(text)]:
        if not any(variant.start < end and start < variant.end for start, end in taken):
            subs.append(Substitution(variant.start, variant.end, variant.text, variant.canonical, variant.kind,
                                     variant.weight))
            taken.append((variant.start, variant.end))
    subs.sort(key=lambda s: s.start)
    return Spun(score(subs, len(words(text))) if subs else 0.0, tuple(subs))
