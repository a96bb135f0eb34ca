"""Stories written all in capitals (wire archives, telex copy) or all in lower case (some scraped sites).

spaCy's models learnt English from mixed-case text: on "U.S. TROOPS KILLED 12 GUERRILLAS IN SAN
MIGUEL" every word is a proper noun, and on "police fired on the mob in vadodara" no name is one.
Such a story is parsed from a *truecased* copy of the same length: lower case, with capitals put back
where English writes them (the start of a sentence or paragraph, "I", the months and weekdays, the
names the knowledge base knows, acronyms without vowels such as "FMLN"). Every offset stays valid, and
``restore`` puts the article's own words back into every text field of the coded result, so evidence
still quotes the story exactly as written.

    casing("PRESIDENT CRISTIANI SAID ...")          # "upper"
    Truecaser(kb)("PRESIDENT CRISTIANI SAID ...")   # "President cristiani said ..."
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from spacy.lang.en.stop_words import STOP_WORDS

from ..kb import KnowledgeBase
from ..model import Coded
from .layout import hard_wrapped

UPPER_SHARE = 0.8  # at least this share of letters in capitals: an all-capitals story
LOWER_SHARE = 0.03  # at most this share: an all-lower-case story
MIN_LETTERS = 40  # shorter texts are left as they are
WORDS = re.compile(r"[^\W\d_]+(?:[.'’-][^\W\d_]+)*\.?")
SENTENCE_START = re.compile(r"(?:^|[.!?]['\"”’)]*\s+|\n\s*|[:;]\s*\n)(['\"“‘(]*)([^\W\d_])")
# in a story wrapped at a fixed width only a blank line or an indent starts a paragraph
WRAPPED_START = re.compile(r"(?:^|[.!?]['\"”’)]*\s+|\n[ \t]*\n\s*|\n[ \t]+|[:;]\s*\n)(['\"“‘(]*)([^\W\d_])")
CALENDAR = ("January February March April May June July August September October November December "
            "Monday Tuesday Wednesday Thursday Friday Saturday Sunday").split()
# Short words without vowels that are not acronyms: units, titles, abbreviations.
NOT_ACRONYMS = frozenset("km kg mm cm ml mph kph hrs hr sq ft lb lbs pp vs nd rd th st mr mrs ms dr jr sr pm "
                         "cf rs yr yrs msl bn mn".split())
# Acronyms the knowledge base knows that are also everyday words: "CAR BOMB" is a car's, not the Central
# African Republic's.
WORD_ACRONYMS = frozenset("car pa spa roc wam ria".split())
TITLES = {"mr": "Mr", "mrs": "Mrs", "ms": "Ms", "dr": "Dr", "st": "St", "jr": "Jr", "sr": "Sr"}
VOWELS = frozenset("aeiouy")
ABBREVIATION_END = re.compile(r"(?:\b(?:[^\W\d_]\.){2,}|\b(?:mr|mrs|ms|dr|st|jr|sr|gen|col|lt|sgt|capt|maj|gov|"
                              r"sen|rep|rev|prof|no|vs|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.)\s*$")
MAX_NAME_WORDS = 5

T = TypeVar("T")


def casing(text: str) -> str:
    """"upper", "lower" or "mixed": how the story is written."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return "mixed"
    share = sum(c.isupper() for c in letters) / len(letters)
    if share >= UPPER_SHARE:
        return "upper"
    if share <= LOWER_SHARE:
        return "lower"
    return "mixed"


class Truecaser:
    """Puts capitals back into a story written in one case; the copy has the same length."""

    def __init__(self, kb: KnowledgeBase, names: Iterable[str] = ()) -> None:
        self.forms: dict[tuple[str, ...], str] = {}
        for form in [*(f for f, _, _ in kb.surface_forms()), *CALENDAR, *names]:
            lower = form.lower()  # "IS", "US", "AND", "CAR": words first
            if lower in STOP_WORDS or lower in NOT_ACRONYMS or lower in WORD_ACRONYMS:
                continue
            if any(c.isupper() for c in form) and form.lower() != form:
                self.forms.setdefault(tuple(w.rstrip(".") for w in form.lower().split()), form)
        self.longest = min(MAX_NAME_WORDS, max((len(k) for k in self.forms), default=1))

    def __call__(self, text: str) -> str:
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): leave the story as it is
            return text
        chars = list(lowered)
        words = list(WORDS.finditer(lowered))
        i = 0
        while i < len(words):
            size = self._known(lowered, words, i)
            if size:
                start, end = words[i].start(), words[i + size - 1].end()
                form = self.forms[tuple(lowered[w.start():w.end()].rstrip(".") for w in words[i:i + size])]
                if len(form) <= end - start:
                    chars[start:start + len(form)] = form
                i += size
                continue
            word = words[i].group().rstrip(".")
            start = words[i].start()
            if word in TITLES:
                chars[start] = chars[start].upper()
            elif word == "i":
                chars[start] = "I"
            elif 2 <= len(word) <= 5 and word.isalpha() and not VOWELS & set(word) and word not in NOT_ACRONYMS \
                    and word not in STOP_WORDS:
                chars[start:start + len(word)] = word.upper()  # "fmln", "bjp", "vhp"
            i += 1
        for m in EXPANDED.finditer(lowered):  # "the farabundo marti national liberation front (fmln)": a name
            _capitalise_expansion(chars, lowered, m)
        for m in (WRAPPED_START if hard_wrapped(text) else SENTENCE_START).finditer(lowered):
            if not ABBREVIATION_END.search(lowered, 0, m.start() + 2):  # "the u.s. and", "mr. modi"
                chars[m.start(2)] = chars[m.start(2)].upper()
        return "".join(chars)

    def _known(self, text: str, words: list[re.Match[str]], i: int) -> int:
        """How many words from ``i`` on make a known name (longest first), or 0."""
        for size in range(min(self.longest, len(words) - i), 0, -1):
            key = tuple(text[w.start():w.end()].rstrip(".") for w in words[i:i + size])
            if key in self.forms and all(text[words[j].end():words[j + 1].start()] == " "
                                         for j in range(i, i + size - 1)):
                return size
        return 0


# A run of words spelled out before an acronym in brackets: "army of national liberation (eln)".
EXPANDED = re.compile(r"((?:[^\W\d_]+[ \t\n]+){2,10})\(([^\W\d_]{2,6})\)")
CONNECTORS = frozenset({"of", "and", "for", "the", "de", "del", "la", "las", "los"})


def _capitalise_expansion(chars: list[str], text: str, m: re.Match[str]) -> None:
    """Give the words an acronym in brackets spells out their capitals, and the acronym its own: the
    name is then a name to the parser. Only words whose initials are the acronym's letters count."""
    acronym = m.group(2)
    letters = set(acronym)
    words = list(re.finditer(r"[^\W\d_]+", m.group(1)))
    taken: list[re.Match[str]] = []
    for w in reversed(words):
        word = w.group()
        if word in CONNECTORS and taken:
            taken.append(w)
            continue
        if len(word) <= 3 and word in STOP_WORDS or word[0] not in letters or len(taken) > len(acronym) + 2:
            break
        taken.append(w)
    while taken and taken[-1].group() in CONNECTORS:
        taken.pop()
    content = [w for w in taken if w.group() not in CONNECTORS]
    if len(content) < 2:
        return
    base = m.start(1)
    for w in content:
        chars[base + w.start()] = chars[base + w.start()].upper()
    start = m.start(2)
    chars[start:start + len(acronym)] = acronym.upper()


def restore(coded: Coded, text: str) -> Coded:
    """The coded result with every quoted text field taken again from the article's own words."""
    return _restored(coded, text)


def _restored(value: T, text: str) -> T:
    if isinstance(value, tuple):
        return tuple(_restored(v, text) for v in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: _restored(v, text) for k, v in value.items()}  # type: ignore[return-value]
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    names = {f.name for f in fields(value)}
    span = _span(value, names)
    for f in fields(value):
        if f.name == "id" or f.name == "article":
            continue
        current = getattr(value, f.name)
        if f.name == "text" and span is not None and isinstance(current, str):
            original = text[span[0]:span[1]]
            if original.lower() == current.lower():
                changes["text"] = original
        elif f.name == "trigger" and isinstance(current, str) and current:
            changes["trigger"] = _from_evidence(current, getattr(value, "evidence", None), text)
        elif isinstance(current, (tuple, dict)) or is_dataclass(current):
            changes[f.name] = _restored(current, text)
    return replace(value, **changes) if changes else value  # type: ignore[type-var]


def _span(value: Any, names: set[str]) -> tuple[int, int] | None:
    for a, b in (("start", "end"), ("span_start", "span_end")):
        if a in names and b in names:
            start, end = getattr(value, a), getattr(value, b)
            if isinstance(start, int) and isinstance(end, int):
                return start, end
    return None


def _from_evidence(trigger: str, evidence: Any, text: str) -> str:
    """The trigger words as the story writes them, found in the event's sentence."""
    if evidence is None:
        return trigger
    sentence = text[evidence.start:evidence.end]
    lowered = sentence.lower()
    out = []
    for word in trigger.split():
        at = lowered.find(word.lower())
        out.append(sentence[at:at + len(word)] if at >= 0 else word)
    return " ".join(out)
