"""Find knowledge-base names and demonyms in a spaCy ``Doc``: longest match first, no overlaps.

Acronyms and short names ("US", "IS", "UN", "Iraq") match with their case (spaCy ORTH), so the pronoun
"us" and the verb "is" never match; longer names match in any case (LOWER) as long as a word that is
capitalised in the name is capitalised in the text ("turkey" the bird is not Turkey). Phrases in
``not_actors.txt`` hide the names inside them ("New Mexico", "Latin America").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import get_lang_class
from spacy.vocab import Vocab

from ..kb import Entry, KnowledgeBase, case_sensitive, fold

logger = logging.getLogger(__name__)

PLACE_KINDS = frozenset({"country", "capital"})  # the kinds kept as ``KBMatch.inner`` of a longer name
CAPS_RUN = 4  # acronym matches inside a longer run of upper-case words (a shouted headline) are ignored
_BLOCK = "__not_actor__"


@dataclass(frozen=True, slots=True)
class KBMatch:
    start_token: int
    end_token: int  # exclusive
    start_char: int
    end_char: int  # exclusive
    text: str
    entry: Entry
    form: str  # "name" | "demonym"
    # the countries and capitals named inside a longer name: "Syrian" in "Syrian army", "Washington" in
    # "The Washington Post" (the longer name wins the match; these are what it holds)
    inner: tuple[KBMatch, ...] = ()


@dataclass(frozen=True, slots=True)
class _Form:
    entry: Entry
    form: str
    acronym: bool  # written all in capitals in the knowledge base
    capitals: tuple[int, ...]  # positions of capitalised tokens in the pattern (case-insensitive forms)


class _Built:
    """The matchers and the table behind their keys; shared by matchers on the same vocab and KB."""

    def __init__(self, vocab: Vocab, kb: KnowledgeBase) -> None:
        tokenizer: Any = get_lang_class(vocab.lang or "en")(vocab).tokenizer
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.loose = PhraseMatcher(vocab, attr="LOWER")
        self.forms: dict[int, _Form] = {}
        exact: dict[str, list[str]] = {}
        loose: dict[str, list[str]] = {}
        for number, (text, entry, form) in enumerate(kb.surface_forms()):
            key = f"kb{number}"
            variants = list(dict.fromkeys([text, fold(text)]))
            if case_sensitive(text):
                exact[key] = list(dict.fromkeys(variants + [v.upper() for v in variants]))
                capitals: tuple[int, ...] = ()
            else:
                loose[key] = variants
                capitals = tuple(i for i, t in enumerate(tokenizer(text)) if t.text[:1].isupper())
            letters = [ch for ch in text if ch.isalpha()]
            self.forms[vocab.strings.add(key)] = _Form(entry, form, all(ch.isupper() for ch in letters),
                                                       capitals)
        self._add(self.exact, exact, tokenizer)
        self._add(self.loose, loose, tokenizer)
        if kb.not_actors:
            self.loose.add(_BLOCK, list(tokenizer.pipe(kb.not_actors)))
        self.block = vocab.strings.add(_BLOCK)

    @staticmethod
    def _add(matcher: PhraseMatcher, patterns: dict[str, list[str]], tokenizer: Any) -> None:
        texts = [t for variants in patterns.values() for t in variants]
        docs = iter(tokenizer.pipe(texts))
        for key, variants in patterns.items():
            matcher.add(key, [next(docs) for _ in variants])


_CACHE: dict[tuple[int, int], tuple[Vocab, KnowledgeBase, _Built]] = {}


def _built(vocab: Vocab, kb: KnowledgeBase) -> _Built:
    cached = _CACHE.get((id(vocab), id(kb)))
    if cached is not None and cached[0] is vocab and cached[1] is kb:
        return cached[2]
    built = _Built(vocab, kb)
    if len(_CACHE) >= 4:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[(id(vocab), id(kb))] = (vocab, kb, built)  # holding both keeps their ids from being reused
    return built


def _shouted(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens start..end sit in a run of more than CAPS_RUN upper-case words."""
    def caps(i: int) -> bool:
        token = doc[i]
        return token.text.isupper() or (token.is_punct and "\n" not in token.text)

    left, right = start, end
    while left > 0 and caps(left - 1):
        left -= 1
    while right < len(doc) and caps(right):
        right += 1
    return sum(1 for t in doc[left:right] if t.is_alpha) > CAPS_RUN


class KBMatcher:
    """``matcher(doc) -> list[KBMatch]``, in text order."""

    def __init__(self, vocab: Vocab, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._built = _built(vocab, kb)

    def __call__(self, doc: Doc) -> list[KBMatch]:
        built = self._built
        candidates: list[tuple[int, int, int]] = []
        for key, start, end in built.exact(doc):
            form = built.forms[key]
            if form.acronym and _shouted(doc, start, end):
                continue
            candidates.append((key, start, end))
        for key, start, end in built.loose(doc):
            if key == built.block:
                candidates.append((key, start, end))
                continue
            form = built.forms[key]
            if form.capitals and not any(doc[start + i].text[:1].isupper() for i in form.capitals):
                continue
            candidates.append((key, start, end))
        candidates.sort(key=lambda c: (c[1] - c[2], c[1]))  # longest first, then leftmost
        owner: list[int | None] = [None] * len(doc)  # the chosen candidate each token belongs to
        chosen: list[tuple[int, int, int]] = []
        inner: dict[int, list[KBMatch]] = {}
        for key, start, end in candidates:
            held = {owner[i] for i in range(start, end)}
            if held == {None}:
                owner[start:end] = [len(chosen)] * (end - start)
                chosen.append((key, start, end))
            elif key != built.block and len(held) == 1 and built.forms[key].entry.kind in PLACE_KINDS:
                (outer,) = held
                if outer is not None and chosen[outer][0] != built.block:
                    inner.setdefault(outer, []).append(self._match(doc, key, start, end, ()))
        matches = [self._match(doc, key, start, end, tuple(sorted(inner.get(n, []), key=lambda m: m.start_token)))
                   for n, (key, start, end) in enumerate(chosen) if key != built.block]
        matches.sort(key=lambda m: m.start_token)
        return matches

    def _match(self, doc: Doc, key: int, start: int, end: int, inner: tuple[KBMatch, ...]) -> KBMatch:
        form = self._built.forms[key]
        span = doc[start:end]
        return KBMatch(start, end, span.start_char, span.end_char, span.text, form.entry, form.form, inner)
