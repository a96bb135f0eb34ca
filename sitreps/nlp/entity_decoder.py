"""The model's entity recogniser with its greedy decoder in NumPy: the same entities at about a third of the cost.

spaCy's ``EntityRecognizer`` is a transition-based tagger. It runs its own token-to-vector layers, precomputes a
"lower" layer for every (token, feature slot), and then walks the tokens: at each step it sums the precomputed
rows of three context tokens (the next token, the first token of the open entity, the token before the next),
takes a maxout, scores the moves (Begin, In, Last and Unit of each label, and Out) with the "upper" layer, and
makes the best valid move. In the spaCy build this project runs (3.8), testing whether each move is valid takes
and releases Python's global interpreter lock, for every move at every step: that loop is two thirds of the
recogniser's time, more than its network (perf: half its CPU in ``pthread_mutex_lock``/``unlock``).

``GreedyEntities`` runs the same network and makes the same decisions:

- Outside an entity a state's features are the next token and two padding rows, so its move scores depend on that
  token alone; they are computed for all tokens at once (one matrix product). The valid moves there depend on the
  token alone too: Out; Unit of a label unless the token is a space; Begin of a label unless the token is a space,
  the text's last, or followed by a sentence start.
- Inside an entity only In and Last of its label are valid (In not at the last token nor before a sentence
  start); those steps are scored one at a time, as the model does.

The rows are summed in the model's order (the three slots, then the bias) and the products come from the same
BLIS routine, so the decisions are the model's, not only close to them: ``tests/test_entity_decoder.py`` compares
the two on texts of its own. A ``Doc`` that already holds entities (the stock decoder keeps them), or a model of
another shape, is left to the stock component.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import IS_SPACE, SENT_START  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import NumpyOps

from .standin import StandIn

logger = logging.getLogger(__name__)

NER = "ner"
FEATURES = 3  # the slots of spaCy's entity states: next token, open entity's first token, token before the next


class Unsupported(ValueError):
    """An entity recogniser this decoder does not read (beam search, another state shape, unseen classes)."""


class GreedyEntities(StandIn):
    """``GreedyEntities().read(ner)``, then ``(doc)``: ``ner``'s entities, decoded as above; anything else
    (``labels``, ``cfg``, ``model``, ``to_disk`` …) is the model's recogniser's."""

    def __init__(self) -> None:
        self.inner: Any = None  # the model's recogniser, set by ``read``

    def read(self, inner: Any) -> GreedyEntities:
        """Take the recogniser's weights and moves; ``Unsupported`` if it is not of the shape read here."""
        model = inner.model
        if inner.cfg.get("beam_width", 1) != 1 or not model.attrs.get("has_upper") \
                or model.attrs.get("unseen_classes") or type(inner.moves).__name__ != "BiluoPushDown":
            raise Unsupported(f"{type(inner).__name__} with {inner.cfg}")
        lower, upper = model.get_ref("lower"), model.get_ref("upper")
        if lower.get_dim("nF") != FEATURES:
            raise Unsupported(f"{lower.get_dim('nF')} state features")
        self.tok2vec, self.lower = model.get_ref("tok2vec"), lower
        self.bias = lower.get_param("b")
        self.weights, self.upper_bias = numpy.ascontiguousarray(upper.get_param("W")), upper.get_param("b")
        names = [inner.moves.get_class_name(i) for i in range(inner.moves.n_moves)]
        self.out = numpy.array([name == "O" for name in names])
        self.unit = numpy.array([name.startswith("U-") and len(name) > 2 for name in names])
        self.begin = numpy.array([name.startswith("B-") for name in names])
        self.label_of = [name[2:] for name in names]  # a move's label ("B-GPE": "GPE")
        self.inside = {name[2:]: i for i, name in enumerate(names) if name.startswith("I-")}
        self.last = {name[2:]: i for i, name in enumerate(names) if name.startswith("L-")}
        if set(self.inside) != set(self.last) or not self.out.any() \
                or any(n[:2] not in ("B-", "I-", "L-", "U-") for n in names if n not in ("O", "U-")):
            raise Unsupported(f"moves {names}")
        self.ops = NumpyOps()
        self.inner = inner
        return self

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        """As the stock component batches: sets of ``batch_size``, each run in quarters sorted by length."""
        handler = self.inner.get_error_handler()
        for batch in minibatch(stream, size=batch_size):
            in_order = list(batch)
            try:
                for part in minibatch(sorted(in_order, key=len), size=max(batch_size // 4, 2)):
                    self._annotate(list(part))
                yield from in_order
            except Exception as error:  # noqa: BLE001 - the stock component's error handler decides
                handler(self.inner.name, self.inner, in_order, error)

    def _annotate(self, docs: list[Doc]) -> None:
        if not any(len(doc) for doc in docs):
            return
        if any(doc.has_annotation("ENT_IOB") for doc in docs):  # preset entities: the stock decoder keeps them
            self.inner.set_annotations(docs, self.inner.predict(docs))
            return
        rows = self.lower.predict(self.tok2vec.predict(docs))  # (tokens + 1, slot, hidden, piece); row 0 pads
        pad, rows = rows[0], rows[1:]
        closed = rows[:, 0] + pad[1]  # outside an entity: the next token, then two padding slots, then the bias
        closed += pad[2]
        closed += self.bias
        scores = self.ops.gemm(closed.max(axis=2), self.weights, trans2=True)
        scores += self.upper_bias
        offset = 0
        for doc in docs:
            n = len(doc)
            if n:
                spans = self._decode(doc, rows[offset:offset + n], scores[offset:offset + n])
                doc.set_ents([Span(doc, start, end, label=label) for start, end, label in spans], default="outside")
            offset += n

    def _decode(self, doc: Doc, rows: numpy.ndarray, scores: numpy.ndarray) -> list[tuple[int, int, str]]:
        n = len(doc)
        space = doc.to_array(IS_SPACE).astype(bool)
        before_start = numpy.zeros(n, dtype=bool)  # the next token starts a sentence
        before_start[:-1] = doc.to_array(SENT_START)[1:] == 1
        may_begin = ~space & ~before_start
        may_begin[-1] = False  # Begin needs a token after it
        valid = self.out | (self.unit & ~space[:, None]) | (self.begin & may_begin[:, None])
        best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
        found: list[tuple[int, int, str]] = []
        free_from = 0
        for start in numpy.flatnonzero((self.unit | self.begin)[best]).tolist():
            if start < free_from:  # inside the entity before
                continue
            move = int(best[start])
            label = self.label_of[move]
            end = start + 1
            if self.begin[move]:
                while self._goes_on(rows, start, end, label, end < n - 1 and not before_start[end]):
                    end += 1
                end += 1
            found.append((start, end, label))
            free_from = end
        return found

    def _goes_on(self, rows: numpy.ndarray, start: int, at: int, label: str, may_go_on: bool) -> bool:
        """Inside an entity that began at ``start``: whether the token at ``at`` is In (else it is Last)."""
        if not may_go_on:
            return False
        state = rows[at, 0] + rows[start, 1]
        state += rows[at - 1, 2]
        state += self.bias
        scores = self.ops.gemm(state.max(axis=1)[None, :], self.weights, trans2=True)[0]
        scores += self.upper_bias
        inside, last = self.inside[label], self.last[label]
        return bool(scores[inside] > scores[last] or scores[inside] == scores[last] and inside < last)


@Language.factory("sitreps_greedy_entities")
def _make(nlp: Language, name: str) -> GreedyEntities:
    return GreedyEntities()


def use_greedy_entities(nlp: Language) -> bool:
    """Put ``GreedyEntities`` in the place of ``nlp``'s entity recogniser (under its name, reading its weights),
    where it can read it and finds what the recogniser finds on ``PROBES``; return whether it did."""
    if NER not in nlp.pipe_names:
        return False
    inner = nlp.get_pipe(NER)
    try:
        decoder = GreedyEntities().read(inner)
    except (Unsupported, AttributeError, KeyError):
        return False
    if not agrees(nlp, decoder):
        logger.warning("the NumPy entity decoder does not find what %s's recogniser finds on the probe texts: "
                       "the model's own recogniser is kept", nlp.meta.get("name", "the model"))
        return False
    nlp.replace_pipe(NER, "sitreps_greedy_entities")
    nlp.get_pipe(NER).read(inner)  # type: ignore[attr-defined]
    return True


# made up for this check: people, places, bodies, dates, counts and money, in capitals and in lower case
PROBES = (
    "President Amina Diallo of Niger met the envoy of the European Union in Brussels on 3 March 2021.",
    "gunmen from the islamic front killed 12 police officers near ludhiana on tuesday, said rajesh kumar.",
    ("The United Nations said 40,000 people had fled Khartoum since April.\n\nAid groups in Chad asked for "
    "$20 million, the Red Cross said on Friday."),
)


def agrees(nlp: Language, decoder: GreedyEntities) -> bool:
    """Whether ``decoder`` finds, on ``PROBES`` parsed by ``nlp``, the entities ``nlp``'s own recogniser finds (a
    guard for a model or a spaCy version whose recogniser reads its state otherwise than this decoder does)."""
    with nlp.select_pipes(disable=[NER]):
        ours = list(nlp.pipe(PROBES))
    theirs = [decoder.inner(Doc(doc.vocab).from_bytes(doc.to_bytes())) for doc in ours]
    decoder._annotate(ours)
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in ours] == \
        [[(e.start, e.end, e.label_) for e in doc.ents] for doc in theirs]
