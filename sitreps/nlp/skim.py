"""The cheap pass before the parse: which sentences can hold an event, and which the coder reads around them.

spaCy's parse is the whole cost of coding. An event needs a trigger (``sitreps.coding.triggers``): a verb or
noun whose lemma the lexicon or the sense rows name, or one of the phrase-matched compounds. The skim reads a
text with the tokenizer and a rule-based sentence splitter only, and marks a sentence as a *candidate* when one
of its words can be a form of such a lemma (every lemma the model's own lemmatizer rules could give it, for any
part of speech, is tried: it errs towards keeping). The parse then runs on the candidates and the context the
coder reads around them:

- the sentence before each candidate ("the group", pronouns, the speaker of a quotation);
- the sentence after a candidate that does not end a sentence (the splitter may have cut it short);
- the title and dateline (the first sentence, and any that starts before the dateline's end);
- earlier sentences of the article that name someone (a knowledge-base name, or a capitalised name inside the
  sentence) and so may be who a later "he" or "the group" is;
- sentences with a verb of saying (``claims.SPEECH_VERBS``) up to two before or after a candidate: the speaker
  of a quotation that runs over several sentences ("…," he said), whom the claim is attributed to.

What the coder reads from the text itself (dates, the dateline's place, knowledge-base names) it still reads
everywhere: the skipped sentences stay in the ``Doc`` as tokens and sentence boundaries, only untagged and
unparsed, so offsets and sentence numbers are those of the whole text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG  # type: ignore[import-not-found]
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span, Token

from ..coding.claims import SPEECH_VERBS
from ..lexicon import Lexicon
from .layout import SENTENCE_END, WRAPPED, hard_wrapped

NAME_LOOKBACK = 3  # earlier sentences that name someone are kept up to this many sentences before a candidate
SPEECH_REACH = 2  # sentences with a verb of saying are kept this many sentences around a candidate
POS_RULES = ("verb", "noun")  # the lemmatizer rules tried on every word (a trigger is a verb or a noun)
BACK_REFERENCES = frozenset({"he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs", "it",
                             "its", "himself", "herself", "themselves", "former", "latter"})
WHOLE_SHARE = 1.0  # a text whose kept sentences hold this share of its tokens is parsed whole (0.8 until
# 2026-12-07: parsing the pieces apart instead changed no golden case and no tune score, and parses 5% fewer tokens)
MONTHS_LIKE_WORDS = frozenset({"march", "may"})  # months whose names are also words


@dataclass(frozen=True, slots=True)
class Plan:
    """Which token ranges of a text to parse: ``runs`` are (start, end, parse) over the whole text, in order."""

    runs: tuple[tuple[int, int, bool], ...]
    starts: frozenset[int]  # the first token of each sentence (a blank line belongs to the sentence before)
    sentences: int
    candidates: int  # sentences with a trigger form
    kept: int  # sentences parsed (candidates and their context)

    @property
    def parse_all(self) -> bool:
        """Parse the text whole: everything is kept, or so much that cutting it up would save little."""
        parsed = sum(end - start for start, end, parse in self.runs if parse)
        total = self.runs[-1][1] if self.runs else 0
        return self.kept == self.sentences or parsed >= WHOLE_SHARE * total

    @property
    def parse_none(self) -> bool:
        return self.candidates == 0


@dataclass
class SkimCounts:
    """What the skim let through so far: articles, sentences and tokens, in all and parsed."""

    articles: int = 0
    articles_parsed: int = 0
    sentences: int = 0
    sentences_parsed: int = 0
    tokens: int = 0
    tokens_parsed: int = 0

    def add(self, plan: Plan, tokens: int) -> None:
        self.articles += 1
        self.articles_parsed += not plan.parse_none
        self.sentences += plan.sentences
        self.tokens += tokens
        if plan.parse_all:
            self.sentences_parsed += plan.sentences
            self.tokens_parsed += tokens
        elif not plan.parse_none:
            self.sentences_parsed += plan.kept
            self.tokens_parsed += sum(end - start for start, end, parse in plan.runs if parse)


def trigger_words(lexicon: Lexicon) -> dict[str, set[tuple[str, ...]]]:
    """The lemmas an event can be found by, each with the other words its patterns need nearby: a trigger row
    (``TriggerFinder``: a verb's first word, a compound's last) or a sense row (``sense_of``), where the row's
    CAMEO code has a PLOVER type (the coder drops the others before anything else)."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for trig in lexicon.triggers:
        if lexicon.plover(trig.cameo):
            words = tuple(w.lower() for w in trig.words)
            key = words[-1] if trig.compound else words[0]
            out.setdefault(key, set()).add(tuple(w for w in words if w != key))
    for (lemma, _pos), rows in lexicon.senses.rows.items():
        if any(lexicon.plover(row.cameo) for row in rows):
            out.setdefault(lemma, set()).add(())
    return out


class WordForms:
    """The lemmas a word can have, by the model's lemmatizer rules and exceptions for any part of speech,
    among some lemmas of interest; and whether a sentence's words hold one of the trigger patterns."""

    def __init__(self, nlp: Language, patterns: dict[str, set[tuple[str, ...]]]) -> None:
        self.patterns = {key: sorted(rest, key=len) for key, rest in patterns.items()}
        self.known = frozenset(patterns) | {w for rest in patterns.values() for words in rest for w in words}
        rules: dict[str, list[tuple[str, str]]] = {}
        exceptions: dict[str, dict[str, list[str]]] = {}
        if "lemmatizer" in nlp.pipe_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_rules"):
                table = lookups.get_table("lemma_rules")
                exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
                for pos in POS_RULES:
                    rules[pos] = [(old, new) for old, new in table.get(pos, [])]
                    exceptions[pos] = dict(exc.get(pos, {}))
        self.rules, self.exceptions = rules, exceptions
        self.lemmas = lru_cache(maxsize=200_000)(self._lemmas)

    def _lemmas(self, word: str) -> frozenset[str]:
        found = {word, word[:-1]} if word.endswith("ed") else {word}  # "raped" → "rape" (TriggerFinder)
        for pos, rules in self.rules.items():
            found.update(self.exceptions[pos].get(word, ()))
            found.update(word[:len(word) - len(old)] + new for old, new in rules if word.endswith(old))
        return frozenset(found & self.known)

    def holds_trigger(self, words: Iterable[str]) -> bool:
        """Whether some trigger's lemma is among the words' possible lemmas, with the other words it needs."""
        have: set[str] = set()
        for word in words:
            have |= self.lemmas(word)
        return any(all(w in have for w in rest) for key in have if key in self.patterns
                   for rest in self.patterns[key])


def _capitalised_name(sent: Span) -> bool:
    """Two capitalised words in a row inside the sentence (not its first word): a person's or a body's name."""
    previous = False
    for token in sent[1:]:
        upper = token.is_title and token.is_alpha
        if upper and previous:
            return True
        previous = upper
    return False


class Skimmer:
    """``skimmer(text) -> (doc, plan)``: the text tokenized and split into sentences, and what to parse."""

    def __init__(self, nlp: Language, lexicon: Lexicon, phrases: PhraseMatcher | None = None,
                 kb_names: Callable[[Doc], Sequence[tuple[int, int]]] | None = None,
                 paragraphs: Callable[[Doc], Doc] | None = None) -> None:
        self.make_doc = nlp.make_doc
        self.forms = WordForms(nlp, trigger_words(lexicon))
        self.speech = WordForms(nlp, {verb: {()} for verb in SPEECH_VERBS})
        self.splitter = Sentencizer()
        self.paragraphs = paragraphs
        self.phrases = phrases
        self.kb_names = kb_names
        self.pronouns_only = True  # the sentence before only where the candidate refers back

    def __call__(self, text: str, *, dateline_end: int = 0) -> tuple[Doc, Plan]:
        doc = self.splitter(self.make_doc(text))
        if self.paragraphs is not None:
            doc.user_data[WRAPPED] = hard_wrapped(text)  # the text at hand: not joined again from the tokens
            doc = self.paragraphs(doc)
        return doc, self.plan(doc, dateline_end=dateline_end)

    def plan(self, doc: Doc, *, dateline_end: int = 0) -> Plan:
        sents = _sentences(doc)
        holds = self.forms.holds_trigger
        candidate = [holds(t.lower_ for t in s if t.is_alpha and not _a_date(t)) for s in sents]
        if self.phrases is not None:
            starts = [s.start for s in sents]
            for _key, start, _end in self.phrases(doc):
                candidate[_sentence_of(starts, start)] = True
        n = len(sents)
        keep = list(candidate)
        named = self._naming(doc, sents)
        quoted = [any(t.is_quote for t in s) for s in sents]
        speech = [self.speech.holds_trigger(t.lower_ for t in s if t.is_alpha) for s in sents]
        last_candidate = max((i for i, c in enumerate(candidate) if c), default=-1)
        for i, is_candidate in enumerate(candidate):
            if not is_candidate:
                continue
            if i > 0 and (not self.pronouns_only or _refers_back(sents[i])):
                keep[i - 1] = True
            if i + 1 < n and not _ends_sentence(sents[i]):
                keep[i + 1] = True
            for j in range(max(0, i - NAME_LOOKBACK), i):
                keep[j] = keep[j] or named[j]
            for j in range(max(0, i - SPEECH_REACH), min(n, i + SPEECH_REACH + 1)):
                keep[j] = keep[j] or speech[j] and (quoted[i] or quoted[j])
        if last_candidate >= 0:
            for i, s in enumerate(sents):
                if i == 0 or s.start_char < dateline_end:
                    keep[i] = True
        runs: list[tuple[int, int, bool]] = []
        for s, kept in zip(sents, keep):
            if runs and runs[-1][2] == kept:
                runs[-1] = (runs[-1][0], s.end, kept)
            else:
                runs.append((s.start, s.end, kept))
        return Plan(tuple(runs), frozenset(s.start for s in sents), n, sum(candidate), sum(keep))

    def _naming(self, doc: Doc, sents: Sequence[Span]) -> list[bool]:
        named = [_capitalised_name(s) for s in sents]
        if self.kb_names is not None:
            starts = [s.start for s in sents]
            for start, _end in self.kb_names(doc):
                named[_sentence_of(starts, start)] = True
        return named


def _sentences(doc: Doc) -> list[Span]:
    """The splitter's sentences, a blank line joined to the sentence before it (as the parser has it)."""
    out: list[Span] = []
    for sent in doc.sents:
        if out and all(t.is_space for t in sent):
            out[-1] = doc[out[-1].start:sent.end]
        else:
            out.append(sent)
    return out


def _refers_back(sent: Span) -> bool:
    """Whether a sentence refers to someone told before: a third-person pronoun, or a noun phrase with a
    demonstrative or "the" at its start ("the group", "the two men")."""
    return any(t.lower_ in BACK_REFERENCES for t in sent) or sent[0].lower_ in ("the", "this", "these", "those")


def _a_date(token: Token) -> bool:
    """A month's name next to a number ("on march 10", "15 may"): a date, not the verb or noun."""
    if token.lower_ not in MONTHS_LIKE_WORDS:
        return False
    doc = token.doc
    return token.i + 1 < len(doc) and doc[token.i + 1].like_num or token.i > 0 and doc[token.i - 1].like_num


def _sentence_of(starts: Sequence[int], token: int) -> int:
    """The index of the sentence holding token ``token``, given the sentences' first tokens."""
    lo, hi = 0, len(starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if starts[mid] <= token:
            lo = mid
        else:
            hi = mid
    return lo


def _ends_sentence(sent: Span) -> bool:
    """Whether the sentence ends as a sentence does (a full stop, a question, a quotation closed, a line)."""
    last = next((t for t in reversed(sent) if not t.is_space), None)
    return last is None or last.text[-1] in SENTENCE_END or any("\n" in t.text for t in sent[-1:])


ANNOTATIONS = (TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID)


def assemble(doc: Doc, runs: Sequence[tuple[int, int, bool]], starts: frozenset[int],
             parsed: Mapping[int, Doc]) -> Doc:
    """The skimmed ``doc`` with the annotations of its parsed pieces (``parsed``: by run number) put in place.
    The runs left unparsed stay untagged, and their only structure is their sentences: each sentence's words
    hang from its first word (so the sentences survive, and the coder finds no verb or noun there)."""
    values = numpy.zeros((len(doc), len(ANNOTATIONS)), dtype="uint64")
    head, dep = ANNOTATIONS.index(HEAD), ANNOTATIONS.index(DEP)
    root_label, dep_label = doc.vocab.strings.add("ROOT"), doc.vocab.strings.add("dep")
    for run, (start, end, parse) in enumerate(runs):
        piece = parsed.get(run) if parse else None
        if piece is not None:
            values[start:end] = piece.to_array(list(ANNOTATIONS))
            continue
        root = start
        for i in range(start, end):
            if i in starts:
                root = i
            values[i, head] = numpy.uint64(root - i & 0xFFFFFFFFFFFFFFFF)  # relative, as spaCy stores it
            values[i, dep] = root_label if i == root else dep_label
    return doc.from_array(list(ANNOTATIONS), values)  # type: ignore[arg-type]
