"""The model's attribute ruler, applied by table lookup: the same annotations at a fraction of the cost.

An English spaCy pipeline sets each token's coarse part of speech, morphology and some lemmas with an
``AttributeRuler``: a few hundred one- and two-token ``Matcher`` patterns over the token's lower-case form,
fine-grained tag, dependency label and whether it is a space. The ``Matcher`` tries every pattern at every
token, which costs a quarter of the model's time on news text (``bench/pipeline.py``), as much as its parser.

``FastAttributes`` reads the same ruler's patterns and applies them with the ruler's own rules (every
pattern tested against the tokens as they were before any is applied; matches applied in pattern order, so a
later pattern wins), but it tests a token's patterns once per distinct (form, tag, label, space) and keeps the
answer, so each further token costs one dictionary lookup. Two-token patterns are tested from the same
answers: whether the token can be each pattern's first or second token. ``use_fast_attributes(nlp)`` puts it
in the ruler's place; tests/test_attributes.py checks token by token that it gives what the ruler gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, POS, TAG  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.tokens import Doc, Token

RULER = "attribute_ruler"
KEYS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # what the patterns may test; anything else: the stock ruler stays
SETS = ("TAG", "POS", "MORPH", "LEMMA", "DEP")  # what they may set
Features = tuple[str, str, str, bool]  # a token's lower-case form, tag, dependency label, is-space
Test = Callable[[Features], bool]


@dataclass(frozen=True, slots=True)
class Answer:
    """What the one-token patterns set on tokens with these features (in pattern order, merged), and which
    two-token patterns such a token can start or end."""

    attrs: tuple[tuple[int, dict[str, str]], ...]  # (pattern number, attributes) of the one-token matches
    first: frozenset[int]  # two-token patterns (by position in ``pairs``) this token can open
    second: frozenset[int]  # ... and close


class Unsupported(ValueError):
    """A ruler pattern this stand-in does not read (an operator, another attribute, a longer pattern)."""


def _test(key: str, spec: Any) -> Test:
    at = KEYS.index(key)
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            values = frozenset(spec["IN"])
            return lambda f: f[at] in values
        if set(spec) == {"NOT_IN"}:
            excluded = frozenset(spec["NOT_IN"])
            return lambda f: f[at] not in excluded
        if set(spec) == {"REGEX"} and key != "IS_SPACE":
            pattern = re.compile(spec["REGEX"])
            return lambda f: pattern.search(f[at]) is not None
        raise Unsupported(f"{key}: {spec!r}")
    return lambda f: f[at] == spec


def _token_test(token: dict[str, Any]) -> Test:
    if not token or set(token) - set(KEYS):
        raise Unsupported(f"token pattern {token!r}")
    tests = [_test(key, spec) for key, spec in token.items()]
    return lambda f: all(t(f) for t in tests)


class FastAttributes:
    """A drop-in for ``AttributeRuler.__call__`` built from a ruler's ``patterns``."""

    def __init__(self, patterns: Sequence[dict[str, Any]]) -> None:
        self.singles: list[tuple[int, Test, dict[str, str]]] = []
        self.pairs: list[tuple[int, Test, Test, int, dict[str, str]]] = []  # number, first, second, index, attrs
        for number, rule in enumerate(patterns):
            attrs = {str(k): str(v) for k, v in rule["attrs"].items()}
            if set(attrs) - set(SETS):
                raise Unsupported(f"sets {sorted(attrs)}")
            index = rule.get("index", 0)
            for pattern in rule["patterns"]:
                if len(pattern) == 1 and index in (0, -1):
                    self.singles.append((number, _token_test(pattern[0]), attrs))
                elif len(pattern) == 2 and index in (0, 1, -1, -2):
                    self.pairs.append((number, _token_test(pattern[0]), _token_test(pattern[1]),
                                       index % 2, attrs))
                else:
                    raise Unsupported(f"pattern {pattern!r} with index {index}")
        self.answers: dict[Features, Answer] = {}

    def answer(self, features: Features) -> Answer:
        found = self.answers.get(features)
        if found is None:
            attrs = tuple((n, a) for n, test, a in self.singles if test(features))
            first = frozenset(i for i, (_, test, _, _, _) in enumerate(self.pairs) if test(features))
            second = frozenset(i for i, (_, _, test, _, _) in enumerate(self.pairs) if test(features))
            found = self.answers[features] = Answer(attrs, first, second)
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        answers = [self.answer((t.lower_, t.tag_, t.dep_, t.is_space)) for t in doc]
        extra: dict[int, list[tuple[int, dict[str, str]]]] = {}
        for i in range(len(doc) - 1):  # two-token matches: rare, and only where a token can open one
            if answers[i].first:
                for p in answers[i].first & answers[i + 1].second:
                    number, _, _, index, attrs = self.pairs[p]
                    extra.setdefault(i + index, []).append((number, attrs))
        columns = [TAG, POS, MORPH, LEMMA]
        values = doc.to_array(columns)  # type: ignore[arg-type]
        strings, morphology = doc.vocab.strings, doc.vocab.morphology
        labels: list[tuple[Token, str]] = []
        for i, answer in enumerate(answers):
            matches: Iterable[tuple[int, dict[str, str]]] = answer.attrs
            if i in extra:
                matches = sorted([*answer.attrs, *extra[i]], key=lambda m: m[0])
            for _number, attrs in matches:
                for name, value in attrs.items():
                    if name == "MORPH":
                        values[i, 2] = morphology.add(value)
                    elif name == "DEP":
                        labels.append((doc[i], value))
                    else:
                        values[i, columns.index(_ATTR[name])] = strings.add(value)
        doc.from_array(columns, values.astype(numpy.uint64))  # type: ignore[arg-type]
        for token, label in labels:
            token.dep_ = label
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)


_ATTR = {"TAG": TAG, "POS": POS, "LEMMA": LEMMA}


@Language.factory("sitreps_fast_attributes", default_config={"patterns": []})
def _make(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> FastAttributes:
    return FastAttributes(patterns)


def use_fast_attributes(nlp: Language) -> bool:
    """Put ``FastAttributes`` in the place of ``nlp``'s attribute ruler, built from its patterns; leave a
    ruler whose patterns it does not read as it is. Return whether it was replaced."""
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
    return True
