"""The model's attribute ruler, applied by table lookup: the same annotations at a fraction of the cost.

An English spaCy pipeline sets each token's coarse part of speech, morphology and some lemmas with an
``AttributeRuler``: a few hundred one- and two-token ``Matcher`` patterns over the token's lower-case form,
fine-grained tag, dependency label and whether it is a space. The ``Matcher`` tries every pattern at every
token, which costs a sixth to a quarter of the model's time on news text, as much as its parser.

``FastAttributes`` reads the same ruler's patterns and applies them with the ruler's own rules (every
pattern tested against the tokens as they were before any is applied; matches applied in pattern order, so a
later pattern wins), but it tests each pattern token's demands on the form once per distinct form and its
demands on the tag, label and space once per distinct triple, and keeps the answers as bit masks: a token
costs a few dictionary lookups, whatever the number of patterns. Two-token patterns are found from the same
masks: whether a token can be a pattern's first and the next its second. ``use_fast_attributes(nlp)`` puts it
in the ruler's place, and ``CachedLemmas`` around the rule lemmatizer that follows it (its answers kept per
form, part of speech and morphology, which is all its rules read); tests/test_attributes.py checks token by
token that they give what the model's own components give.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.tokens import Doc

from .standin import StandIn

RULER = "attribute_ruler"
LEMMATIZER = "lemmatizer"
KEYS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # what the patterns may test; anything else: the stock ruler stays
SETS = ("TAG", "POS", "MORPH", "LEMMA", "DEP")  # what they may set
COLUMNS = [TAG, POS, MORPH, LEMMA]
Rest = tuple[str, str, bool]  # a token's tag, dependency label, is-space
Test = Callable[[Any], bool]


class Unsupported(ValueError):
    """A ruler pattern this stand-in does not read (an operator, another attribute, a longer pattern)."""


def _value_test(spec: Any) -> Test:
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            values = frozenset(spec["IN"])
            return lambda v: v in values
        if set(spec) == {"NOT_IN"}:
            excluded = frozenset(spec["NOT_IN"])
            return lambda v: v not in excluded
        if set(spec) == {"REGEX"}:
            pattern = re.compile(spec["REGEX"])
            return lambda v: isinstance(v, str) and pattern.search(v) is not None
        raise Unsupported(repr(spec))
    return lambda v: v == spec


@dataclass(frozen=True, slots=True)
class TokenTest:
    """One token of a pattern, in two parts: what it asks of the lower-case form, and of the rest."""

    lower: Test | None
    rest: Test

    @classmethod
    def of(cls, token: dict[str, Any]) -> TokenTest:
        if not token or set(token) - set(KEYS):
            raise Unsupported(f"token pattern {token!r}")
        tests = [(KEYS.index(key) - 1, _value_test(spec)) for key, spec in token.items() if key != "LOWER"]
        lower = _value_test(token["LOWER"]) if "LOWER" in token else None
        return cls(lower, lambda rest: all(test(rest[at]) for at, test in tests))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matches on a token set (merged in pattern order), and the two-token patterns (bits of
    ``pairs``) the token can open and close."""

    values: tuple[tuple[int, int], ...]  # (column of ``COLUMNS``, hash)
    dep: str | None
    first: int
    second: int


class FastAttributes:
    """A drop-in for ``AttributeRuler.__call__`` built from a ruler's ``patterns``.

    Every pattern token is a ``TokenTest``, numbered; a token's tests that hold are a bit mask, the tests
    on its form (kept per form) and on its tag, label and space (kept per triple) and-ed together, and what
    a mask sets is worked out once. So a token costs a few dictionary lookups, whatever the patterns."""

    def __init__(self, patterns: Sequence[dict[str, Any]]) -> None:
        self.tests: list[TokenTest] = []
        self.singles: list[tuple[int, int, dict[str, str]]] = []  # test bit, pattern number, attributes
        self.pairs: list[tuple[int, int, int, int, dict[str, str]]] = []  # first bit, second bit, n, index, attrs
        for number, rule in enumerate(patterns):
            attrs = {str(k): str(v) for k, v in rule["attrs"].items()}
            if set(attrs) - set(SETS):
                raise Unsupported(f"sets {sorted(attrs)}")
            index = rule.get("index", 0)
            for pattern in rule["patterns"]:
                if len(pattern) == 1 and index in (0, -1):
                    self.singles.append((self._add(pattern[0]), number, attrs))
                elif len(pattern) == 2 and index in (0, 1, -1, -2):
                    self.pairs.append((self._add(pattern[0]), self._add(pattern[1]), number, index % 2, attrs))
                else:
                    raise Unsupported(f"pattern {pattern!r} with index {index}")
        self.by_form: dict[int, int] = {}  # lower-case form's hash -> mask of the tests its form passes
        self.by_rest: dict[tuple[int, int, int], int] = {}  # (tag, label, space) hashes -> mask
        self.outcomes: dict[int, Outcome] = {}

    def _add(self, token: dict[str, Any]) -> int:
        self.tests.append(TokenTest.of(token))
        return len(self.tests) - 1

    def _form_mask(self, form: int, strings: Any) -> int:
        text = strings[form] if form else ""
        mask = sum(1 << i for i, t in enumerate(self.tests) if t.lower is None or t.lower(text))
        self.by_form[form] = mask
        return mask

    def _rest_mask(self, key: tuple[int, int, int], strings: Any) -> int:
        rest: Rest = (strings[key[0]] if key[0] else "", strings[key[1]] if key[1] else "", bool(key[2]))
        mask = sum(1 << i for i, t in enumerate(self.tests) if t.rest(rest))
        self.by_rest[key] = mask
        return mask

    def _outcome(self, mask: int, vocab: Any) -> Outcome:
        merged: dict[str, str] = {}
        for _number, attrs in sorted(((n, a) for bit, n, a in self.singles if mask >> bit & 1), key=lambda m: m[0]):
            merged.update(attrs)
        first = sum(1 << p for p, pair in enumerate(self.pairs) if mask >> pair[0] & 1)
        second = sum(1 << p for p, pair in enumerate(self.pairs) if mask >> pair[1] & 1)
        outcome = self.outcomes[mask] = Outcome(self._values(merged, vocab), merged.get("DEP"), first, second)
        return outcome

    @staticmethod
    def _values(attrs: dict[str, str], vocab: Any) -> tuple[tuple[int, int], ...]:
        out = []
        for name, value in attrs.items():
            if name == "MORPH":
                out.append((COLUMNS.index(MORPH), vocab.morphology.add(value)))
            elif name != "DEP":
                out.append((COLUMNS.index(_ATTR[name]), vocab.strings.add(value)))
        return tuple(out)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings, vocab = doc.vocab.strings, doc.vocab
        by_form, by_rest, outcomes = self.by_form, self.by_rest, self.outcomes
        masks: list[int] = []
        for form, tag, dep, space in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist():
            mask = by_form.get(form)
            if mask is None:
                mask = self._form_mask(form, strings)
            rest = by_rest.get((tag, dep, space))
            masks.append(mask & (rest if rest is not None else self._rest_mask((tag, dep, space), strings)))
        outcome_of = [outcomes.get(mask) or self._outcome(mask, vocab) for mask in masks]
        original = doc.to_array(COLUMNS)  # type: ignore[arg-type]
        values = original.copy()
        pairs: dict[int, list[tuple[int, dict[str, str]]]] = {}
        for i, outcome in enumerate(outcome_of):
            for column, value in outcome.values:
                values[i, column] = value
            both = outcome.first & outcome_of[i + 1].second if outcome.first and i + 1 < len(masks) else 0
            for p, (_, _, number, index, attrs) in enumerate(self.pairs):
                if both >> p & 1:
                    pairs.setdefault(i + index, []).append((number, attrs))
        labels = {i: o.dep for i, o in enumerate(outcome_of) if o.dep is not None}
        for i, matches in pairs.items():  # a token a two-token pattern sets: all its matches, in pattern order
            merged: dict[str, str] = {}
            for _number, attrs in sorted([(n, a) for bit, n, a in self.singles if masks[i] >> bit & 1] + matches,
                                         key=lambda m: m[0]):
                merged.update(attrs)
            values[i] = original[i]
            for column, value in self._values(merged, vocab):
                values[i, column] = value
            if "DEP" in merged:
                labels[i] = merged["DEP"]
        doc.from_array(COLUMNS, values.astype(numpy.uint64))  # type: ignore[arg-type]
        for i, label in labels.items():
            doc[i].dep_ = label
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)


_ATTR = {"TAG": TAG, "POS": POS, "LEMMA": LEMMA}


class CachedLemmas(StandIn):
    """The model's rule lemmatizer with its answers kept per (form, part of speech, morphology): what its
    rules read (``Lemmatizer.rule_lemmatize``, ``is_base_form``), so the same three give the same lemma. A
    token whose lemma the attribute rules set is left as the lemmatizer leaves it; a new triple asks it.
    Everything else (its ``lookups`` tables, ``mode``, ``lemmatize``) is the model's lemmatizer's."""

    def __init__(self) -> None:
        self.inner: Any = None  # the model's lemmatizer, set by ``use_fast_attributes``
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        inner = self.inner
        if inner is None or not len(doc):
            return inner(doc) if inner is not None else doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        overwrite = bool(getattr(inner, "overwrite", False))
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = self.lemmas.get(key)
            if found is None:
                found = self.lemmas[key] = doc.vocab.strings.add(inner.lemmatize(doc[i])[0])
            rows[i, 3] = found
            changed = True
        if changed:
            doc.from_array([LEMMA], rows[:, 3:4].astype(numpy.uint64))  # type: ignore[arg-type]
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)


@Language.factory("sitreps_fast_attributes", default_config={"patterns": []})
def _make(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> FastAttributes:
    return FastAttributes(patterns)


@Language.factory("sitreps_cached_lemmas")
def _make_lemmas(nlp: Language, name: str) -> CachedLemmas:
    return CachedLemmas()


def use_fast_attributes(nlp: Language) -> bool:
    """Put ``FastAttributes`` in the place of ``nlp``'s attribute ruler, built from its patterns, and
    ``CachedLemmas`` around its rule lemmatizer; leave a ruler whose patterns it does not read as it is (and
    its lemmatizer too). Return whether they were replaced."""
    if RULER not in nlp.pipe_names:
        return False
    patterns = getattr(nlp.get_pipe(RULER), "patterns", None)
    if not isinstance(patterns, list):
        return False
    try:
        FastAttributes(patterns)
    except Unsupported:
        return False
    nlp.replace_pipe(RULER, "sitreps_fast_attributes", config={"patterns": patterns})
    lemmatizer = nlp.get_pipe(LEMMATIZER) if LEMMATIZER in nlp.pipe_names else None
    if getattr(lemmatizer, "mode", None) == "rule" and hasattr(lemmatizer, "lemmatize"):
        nlp.replace_pipe(LEMMATIZER, "sitreps_cached_lemmas")
        nlp.get_pipe(LEMMATIZER).inner = lemmatizer  # type: ignore[attr-defined]
    return True
